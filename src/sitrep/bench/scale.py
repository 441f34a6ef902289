"""`sitrep bench scale`: single process vs Ray with 1 and 2 workers, and store write rates.

All runs use the same documents in the same run: the demo corpus, repeated with a numbered
line appended so every copy is a distinct document. The Ray instance is started (and timed) by a
tiny warm-up run first; the Ray rates then include each worker's start (model and gazetteer
load once per worker), which a longer run amortises.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path
from typing import Any

from sitrep.model import Document, Extraction
from sitrep.settings import Settings


def corpus(n: int) -> list[Document]:
    from sitrep.demo import iter_demo_documents

    base = [d for d in iter_demo_documents() if d.is_english]
    docs = []
    for i in range(n):
        src = base[i % len(base)]
        text = f"{src.text}\n\n(Bench copy {i}.)"
        docs.append(
            Document.create(
                text, external_id=f"bench-{i}", outlet=src.outlet, published=src.published, title=src.title
            )
        )
    return docs


def write_jsonl(docs: list[Document], path: Path) -> None:
    with path.open("w") as fh:
        for d in docs:
            fh.write(
                json.dumps(
                    {
                        "id": d.external_id,
                        "outlet": d.outlet,
                        "title": d.title,
                        "published": d.published.isoformat() if d.published else None,
                        "text": d.text,
                    }
                )
                + "\n"
            )


def _single(path: Path, tmp: Path, settings: Settings) -> float:
    from sitrep.ingest.runner import ingest_items
    from sitrep.store import open_store

    store = open_store(str(tmp / "single.db"))
    t = time.perf_counter()
    ingest_items([str(path)], store, settings, fuse=False)
    elapsed = time.perf_counter() - t
    store.close()
    return elapsed


def _ray(path: Path, tmp: Path, settings: Settings, workers: int) -> tuple[float, float]:
    import ray

    from sitrep.engines.ray_engine import run_ray
    from sitrep.store import open_store

    store = open_store(str(tmp / f"ray{workers}.db"))
    warm = [str(tmp / "warm.jsonl")]
    t0 = time.perf_counter()
    run_ray(warm, settings, open_store(str(tmp / f"warm{workers}.db")), workers=workers, fuse=False)
    startup = time.perf_counter() - t0  # one tiny run: Ray start, actors, model loads
    t = time.perf_counter()
    run_ray([str(path)], settings, store, workers=workers, fuse=False)
    elapsed = time.perf_counter() - t
    store.close()
    ray.shutdown()
    return elapsed, startup


def _store_rate(url: str, extractions: list[Extraction]) -> float:
    from sitrep.store import open_store

    store = open_store(url)
    t = time.perf_counter()
    for ex in extractions:
        store.save_extraction(ex)
    elapsed = time.perf_counter() - t
    store.close()
    return len(extractions) / elapsed


def run(data: Path | None, quick: bool) -> dict[str, Any]:
    n = 40 if quick else 240
    docs = corpus(n)
    words = sum(len(d.text.split()) for d in docs)
    out: dict[str, Any] = {"documents": n, "words": words}
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-") as tmpname:
        tmp = Path(tmpname)
        settings = Settings.load()  # the usual gazetteer index; the databases live in tmp
        path = tmp / "bench.jsonl"
        write_jsonl(docs, path)
        write_jsonl(corpus(4)[:2], tmp / "warm.jsonl")
        single = _single(path, tmp, settings)
        out["single_docs_per_s"] = n / single
        try:
            import ray  # noqa: F401

            r1, s1 = _ray(path, tmp, settings, 1)
            r2, s2 = _ray(path, tmp, settings, 2)
            out.update(
                ray1_docs_per_s=n / r1,
                ray2_docs_per_s=n / r2,
                ray_startup_s=max(s1, s2),
                scaling_efficiency=(n / r2) / (2 * n / r1),
            )
        except ImportError:
            out["ray"] = "not installed (pip install -e '.[ray]')"
        from sitrep.pipeline import Pipeline

        extractions = list(Pipeline(settings).extract_many(docs[: min(n, 120)]))
        out["sqlite_writes_per_s"] = _store_rate(str(tmp / "rate.db"), extractions)
        out["postgres_writes_per_s"] = _postgres_rate(extractions)
    out["table"] = table(out)
    return out


def _postgres_rate(extractions: list[Extraction]) -> float | str:
    try:
        from sitrep.store.pgserver import PostgresServer, find_pg_bin
    except ImportError:
        return "unavailable"
    bin_dir = find_pg_bin()
    if bin_dir is None:
        return "PostgreSQL binaries not found (scripts/install-system-deps)"
    server = PostgresServer(bin_dir)
    url = server.start()
    try:
        import psycopg

        with psycopg.connect(f"{url}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        return _store_rate(f"{url}/bench", extractions)
    finally:
        server.stop()


def table(out: dict[str, Any]) -> str:
    rows = [f"documents: {out['documents']} ({out['words']:,} words), ingest into SQLite, fusion off"]
    rows.append(f"single process      {out['single_docs_per_s']:8.1f} docs/s")
    if "ray1_docs_per_s" in out:
        rows.append(f"Ray, 1 worker       {out['ray1_docs_per_s']:8.1f} docs/s")
        rows.append(f"Ray, 2 workers      {out['ray2_docs_per_s']:8.1f} docs/s")
        rows.append(f"scaling efficiency  {out['scaling_efficiency']:8.2f} (2 workers vs 2x one)")
        rows.append(
            f"Ray start-up        {out['ray_startup_s']:8.1f} s (Ray instance + one warm-up run; the rates include worker model loads)"
        )
    else:
        rows.append(f"Ray: {out.get('ray')}")
    rows.append(f"store writes: SQLite {out['sqlite_writes_per_s']:.0f} docs/s")
    pg = out["postgres_writes_per_s"]
    rows.append(f"store writes: PostgreSQL {pg:.0f} docs/s" if isinstance(pg, float) else f"PostgreSQL: {pg}")
    return "\n".join(rows)
