"""The pipeline: one spaCy parse per document, then small stages that each add one kind of record.

Stages implement :class:`Stage` and run in order on a :class:`DocContext`; the pipeline checks
the wiring when it is built (every stage's ``requires`` is produced by an earlier stage).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from sitrep.errors import ConfigError
from sitrep.model import Claim, DateMention, Document, Event, Extraction, Place, Quote
from sitrep.nlp import parse_text
from sitrep.settings import Settings


@dataclass
class DocContext:
    """What the stages share for one document: the parse and the records found so far."""

    document: Document
    doc: Any  # spacy.tokens.Doc
    settings: Settings
    places: list[Place] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def extraction(self) -> Extraction:
        return Extraction(
            document=self.document,
            events=self.events,
            places=self.places,
            dates=self.dates,
            claims=self.claims,
            quotes=self.quotes,
            warnings=self.warnings,
        )


@runtime_checkable
class Stage(Protocol):
    name: str
    provides: tuple[str, ...]
    requires: tuple[str, ...]

    def __call__(self, ctx: DocContext) -> None: ...


# name -> "module:factory"; each factory takes Settings and returns a Stage.
STAGES: dict[str, str] = {
    "places": "sitrep.extract.places:build_stage",
    "dates": "sitrep.extract.dates:build_stage",
    "events": "sitrep.extract.events:build_stage",
    "claims": "sitrep.extract.claims:build_stage",
}
DEFAULT_STAGES = ("places", "dates", "events", "claims")


def build_stage(name: str, settings: Settings) -> Stage:
    try:
        target = STAGES[name]
    except KeyError:
        raise ConfigError(f"unknown stage {name!r}", f"known stages: {', '.join(STAGES)}") from None
    module_name, _, factory = target.partition(":")
    stage = getattr(importlib.import_module(module_name), factory)(settings)
    if not isinstance(stage, Stage):
        raise ConfigError(f"stage {name!r} ({target}) does not implement the Stage protocol")
    return stage


class Pipeline:
    """Assembles the stages from settings; loads the spaCy model lazily, once."""

    def __init__(self, settings: Settings | None = None, stages: Iterable[str] = DEFAULT_STAGES) -> None:
        self.settings = settings or Settings.load()
        self.stages: list[Stage] = [build_stage(n, self.settings) for n in stages]
        produced: set[str] = set()
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in produced]
            if missing:
                raise ConfigError(f"stage {stage.name!r} needs {missing} from an earlier stage")
            produced.update(stage.provides)
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            from sitrep.nlp import load_model

            self._nlp = load_model(self.settings.model)
        return self._nlp

    def _run_stages(self, document: Document, doc: Any) -> Extraction:
        ctx = DocContext(document=document, doc=doc, settings=self.settings)
        for stage in self.stages:
            try:
                stage(ctx)
            except Exception as exc:  # one document's failure must not stop a batch
                return Extraction(
                    document=document,
                    error=f"extraction failed in stage {stage.name!r}: {type(exc).__name__}: {exc}",
                )
        return ctx.extraction()

    def extract(self, document: Document) -> Extraction:
        """Extract everything from one document (non-English documents are skipped, with a reason)."""
        if not document.is_english:
            return skipped(document)
        return self._run_stages(document, self.nlp(parse_text(document.text)))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Extract from many documents in input order, batching the spaCy parse."""
        pending: list[Document] = []
        batch = max(1, int(self.settings.batch_size))
        n_process = max(1, int(getattr(self.settings, "n_process", 1) or 1))
        if n_process > 1:  # one nlp.pipe stream, so the worker processes start once, not per batch
            yield from self._extract_parallel(documents, batch, n_process)
            return

        def flush() -> Iterator[Extraction]:
            english = [d for d in pending if d.is_english]
            parsed = iter(self.nlp.pipe((parse_text(d.text) for d in english), batch_size=batch))
            for d in pending:
                yield self._run_stages(d, next(parsed)) if d.is_english else skipped(d)
            pending.clear()

        for document in documents:
            pending.append(document)
            if len(pending) >= batch:
                yield from flush()
        if pending:
            yield from flush()

    def _extract_parallel(
        self, documents: Iterable[Document], batch: int, n_process: int
    ) -> Iterator[Extraction]:
        """The whole pipeline in ``n_process`` worker processes (each loads the model and the
        gazetteer once); results come back in input order, a window of batches at a time."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context(
            "fork" if "fork" in multiprocessing.get_all_start_methods() else None
        )
        stage_names = tuple(s.name for s in self.stages)
        with ProcessPoolExecutor(
            n_process,
            mp_context=context,
            initializer=_worker_init,
            initargs=(self.settings.values, stage_names),
        ) as pool:
            window: list[Any] = []
            chunk: list[Document] = []
            for document in documents:
                chunk.append(document)
                if len(chunk) >= batch:
                    window.append(pool.submit(_worker_extract, chunk))
                    chunk = []
                    if len(window) > 2 * n_process:
                        yield from window.pop(0).result()
            if chunk:
                window.append(pool.submit(_worker_extract, chunk))
            for future in window:
                yield from future.result()


_WORKER: Pipeline | None = None


def _worker_init(values: dict[str, Any], stage_names: tuple[str, ...]) -> None:
    global _WORKER
    _WORKER = Pipeline(Settings(dict(values, n_process=1)), stages=stage_names)


def _worker_extract(documents: list[Document]) -> list[Extraction]:
    assert _WORKER is not None, "worker not initialised"
    return list(_WORKER.extract_many(documents))


def skipped(document: Document) -> Extraction:
    return Extraction(
        document=document,
        skipped=f"language {document.language!r} is not supported; stored without extraction",
    )
