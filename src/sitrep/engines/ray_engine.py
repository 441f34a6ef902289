"""Batch extraction with Ray Data: the cores of one machine or the nodes of a Ray cluster.

The driver turns the inputs into work units (one file, or a chunk of JSONL lines, or rows of a
Parquet file), Ray Data maps them through :class:`ExtractWorker` actors (each loads the spaCy
model and gazetteer once, in its constructor, not per document), and the driver stores each
result whole as it streams back, or writes everything to Parquet for later loading
(``sitrep load-extractions``). Fusion then runs over the stored mentions. Failed items come
back as rows with their reason and never stop the run; documents already in the store are
skipped without extraction, so re-running is safe.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError, InputError, StoreError
from sitrep.model import Document, Extraction

JSONL_CHUNK = 64  # JSONL lines per work unit


@dataclass
class RayReport:
    new: int = 0
    duplicate: int = 0
    new_version: int = 0
    skipped_language: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.new} new, {self.duplicate} duplicate, {self.new_version} new version, "
            f"{self.skipped_language} skipped (not English), {self.failed} failed"
        )


def _require_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise ConfigError("Ray is not installed", "pip install -e '.[ray]' (ray[data], pyarrow)") from exc
    return ray


def work_units(items: Iterable[str], workers: int = 2) -> Iterator[dict[str, Any]]:
    """One unit per file (folders walked); JSONL files and Parquet tables (columns id, url, outlet,
    title, published, text or html) split into chunks of rows; URLs as they are."""
    from sitrep.ingest.fetch import is_url
    from sitrep.ingest.files import kind_of, walk

    for item in items:
        path = Path(item)
        if is_url(item) and not path.exists():
            yield {"kind": "item", "item": item, "lines": "", "first": 0}
            continue
        files = list(walk(path)) if path.is_dir() else [path]
        for f in files:
            if f.is_file() and f.suffix.lower() == ".parquet":
                yield from _chunks(str(f), _parquet_lines(f), workers)
            elif f.is_file() and kind_of(f) == "jsonl":
                with f.open("r", encoding="utf-8", errors="replace") as fh:
                    yield from _chunks(str(f), [line.rstrip("\n") for line in fh], workers)
            else:
                yield {"kind": "item", "item": str(f), "lines": "", "first": 0}


def _parquet_lines(path: Path) -> list[str]:
    import pyarrow.parquet as pq

    return [json.dumps(row, default=str) for row in pq.read_table(str(path)).to_pylist()]


def _chunks(item: str, lines: list[str], workers: int) -> Iterator[dict[str, Any]]:
    """Chunks small enough to keep every worker busy, large enough to amortise the per-unit cost."""
    size = max(1, min(JSONL_CHUNK, len(lines) // max(1, workers * 4)))
    for first in range(0, len(lines), size):
        chunk = lines[first : first + size]
        yield {"kind": "lines", "item": item, "lines": json.dumps(chunk), "first": first + 1}


class ExtractWorker:
    """A Ray actor: reads its units and extracts; the model and gazetteer load once, here."""

    def __init__(self, settings_values: dict[str, Any], defaults: dict[str, Any], known: Any = None) -> None:
        from sitrep.ingest.records import Defaults
        from sitrep.pipeline import Pipeline
        from sitrep.settings import Settings

        self.settings = Settings(dict(settings_values))
        self.defaults = Defaults(**defaults)
        self.pipeline = Pipeline(self.settings)
        self.pipeline.extract(Document.create("Warm-up: shelling hit Kharkiv on Monday."))
        self.known: set[str] = set(known or ())

    def _documents(self, unit: dict[str, Any]) -> Iterator[Document | InputError]:
        from sitrep.ingest import read_item
        from sitrep.ingest.files import jsonl_document

        if unit["kind"] == "lines":
            for offset, line in enumerate(json.loads(unit["lines"])):
                if not line.strip():
                    continue
                name = f"{unit['item']}:{unit['first'] + offset}"
                try:
                    yield jsonl_document(line, name, self.defaults)
                except InputError as exc:
                    yield exc
            return
        yield from read_item(unit["item"], self.settings, self.defaults)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {"doc_id": [], "item": [], "extraction": [], "error": []}
        units = [dict(zip(batch.keys(), values, strict=True)) for values in zip(*batch.values(), strict=True)]
        for unit in units:
            try:
                found = list(self._documents(unit))
            except Exception as exc:  # a reader bug must not stop the run
                found = [InputError(unit["item"], f"{type(exc).__name__}: {exc}")]
            for got in found:
                if isinstance(got, InputError):
                    _row(out, "", got.item, "", got.problem)
                elif got.id in self.known:
                    _row(out, got.id, got.source or unit["item"], "", "")
                else:
                    try:
                        extraction = self.pipeline.extract(got)
                        if extraction.error:
                            _row(out, got.id, got.source or unit["item"], "", extraction.error)
                        else:
                            _row(out, got.id, got.source or unit["item"], extraction.to_json(), "")
                    except Exception as exc:
                        _row(out, got.id, got.source or unit["item"], "", f"extraction failed: {exc}")
        return out


def _row(out: dict[str, list[Any]], doc_id: str, item: str, extraction: str, error: str) -> None:
    out["doc_id"].append(doc_id)
    out["item"].append(item)
    out["extraction"].append(extraction)
    out["error"].append(error)


def run_ray(
    items: list[str],
    settings: Any,
    store: Any = None,
    *,
    address: str | None = None,
    workers: int = 2,
    parquet_out: Path | None = None,
    defaults: dict[str, Any] | None = None,
    on_error: Callable[[str, str], None] | None = None,
    on_progress: Callable[[RayReport], None] | None = None,
    fuse: bool = True,
) -> RayReport:
    """Extract ``items`` with Ray Data; store results (or write Parquet); returns the counts."""
    ray = _require_ray()
    if store is None and parquet_out is None:
        raise ConfigError("nowhere to write the results", "give --db or --parquet-out")
    init_kwargs: dict[str, Any] = {
        "ignore_reinit_error": True,
        "log_to_driver": False,
        "logging_level": "ERROR",
    }
    if address:
        init_kwargs["address"] = address
    else:
        init_kwargs.update(num_cpus=max(1, workers), include_dashboard=False)
    ray.init(**init_kwargs)
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    units = list(work_units(items, workers))
    report = RayReport()
    if not units:
        return report
    known = [d.id for d in store.iter_documents()] if store is not None else []
    ds = ray.data.from_items(units, override_num_blocks=min(len(units), max(1, workers) * 4))
    mapped = ds.map_batches(
        ExtractWorker,
        fn_constructor_kwargs={
            "settings_values": dict(settings.values),
            "defaults": defaults or {},
            "known": known,
        },
        batch_size=1,
        compute=ray.data.ActorPoolStrategy(size=max(1, workers)),
        num_cpus=1,
        batch_format="numpy",
    )
    if parquet_out is not None:
        mapped.write_parquet(str(parquet_out))
        for row in ray.data.read_parquet(str(parquet_out)).iter_rows():
            _count(report, row, None, on_error)
        return report
    for row in mapped.iter_rows():
        _count(report, row, store, on_error)
        if on_progress:
            on_progress(report)
    if fuse and report.doc_ids:
        from sitrep.fuse import fuse_documents

        fuse_documents(store, report.doc_ids, settings)
    return report


def _count(
    report: RayReport, row: dict[str, Any], store: Any, on_error: Callable[[str, str], None] | None
) -> None:
    error, payload = str(row["error"] or ""), str(row["extraction"] or "")
    if error:
        report.failed += 1
        report.errors.append(f"{row['item']}: {error}")
        if on_error:
            on_error(str(row["item"]), error)
        return
    if not payload:
        report.duplicate += 1
        return
    try:
        extraction = Extraction.from_json(payload)
    except (ValueError, KeyError, TypeError) as exc:  # a damaged or hand-edited row
        report.failed += 1
        problem = f"not a readable extraction ({type(exc).__name__}: {exc})"
        report.errors.append(f"{row['item']}: {problem}")
        if on_error:
            on_error(str(row["item"]), problem)
        return
    if store is None:
        report.new += 1
        return
    if extraction.skipped:
        report.skipped_language += 1
    try:
        result = store.save_extraction(extraction)
    except StoreError as exc:
        report.failed += 1
        report.errors.append(f"{row['item']}: not stored: {exc}")
        if on_error:
            on_error(str(row["item"]), f"not stored: {exc}")
        return
    if result.status == "duplicate":
        report.duplicate += 1
        return
    if result.status == "new_version":
        report.new_version += 1
    elif not extraction.skipped:
        report.new += 1
    report.doc_ids.append(result.doc_id)


def load_extractions(path: Path, store: Any, on_error: Callable[[str, str], None] | None = None) -> RayReport:
    """Load a Parquet folder written by ``run_ray(parquet_out=...)`` into a store; ``on_error(item,
    problem)`` hears about each failed row. ``InputError`` when ``path`` holds no such output."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    report = RayReport()
    hint = "pass the folder written by `sitrep ingest --engine ray --parquet-out DIR`"
    try:
        table = pq.read_table(str(path))
    except (pa.ArrowException, OSError) as exc:
        raise InputError(str(path), f"not a Parquet output of a Ray run ({exc})", hint) from None
    missing = {"item", "extraction", "error"} - set(table.column_names)
    if missing:
        raise InputError(str(path), f"Parquet without the columns {', '.join(sorted(missing))}", hint)
    for row in table.to_pylist():
        _count(report, row, store, on_error)
    return report
