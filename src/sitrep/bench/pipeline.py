"""`sitrep bench pipeline`: the full pipeline against bare spaCy, on the same documents, in one run.

Both sides use the very same loaded ``nlp`` object (same pipes, same batch size), so the ratio
full/bare is what sitrep's own stages cost on top of the parse. Each stage's ``__call__`` is
timed, so the report says where the extra time goes (places+dates, events, claims) as a share
of the bare spaCy time. Memory is the peak resident set size of the bench process (and of its
worker processes in the two-process variant), read from ``getrusage``: ``tracemalloc`` would
slow every allocation down and distort the timings.

Documents: the English articles of the bundled demo corpus, plus, when the evaluation data
folder is given and present, the ISW daily assessments (``isw-2022/*.md``) and a fixed sample
of ``india-police-events/docs.csv`` (column ``doc_text``), read at run time, never copied.
"""

from __future__ import annotations

import csv
import os
import platform
import resource
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitrep.demo import iter_demo_documents
from sitrep.model import Document
from sitrep.pipeline import DocContext, Pipeline, Stage
from sitrep.settings import Settings

# sample sizes: (quick, full)
ISW_DOCS = (2, 10)
INDIA_DOCS = (20, 200)
LARGE_BATCH = (60, 1000)  # documents in the two-process variant
QUICK_DEMO_DOCS = 12
ROUNDS = (1, 2)  # timing rounds; the best round is reported
TARGET_RATIO = 0.7  # issue 4: full pipeline >= 0.7x bare spaCy
TARGET_ARTICLES_600W = 10.0  # issue 4: >= 10 articles of ~600 words a second
TARGET_CLAIMS_SHARE = 0.10  # issue 5: claims and quotes add under 10% to the pipeline's time


# --------------------------------------------------------------------------- documents


@dataclass
class Corpus:
    documents: list[Document]
    sources: dict[str, int]
    skipped_non_english: int = 0

    @property
    def words(self) -> int:
        return sum(len(d.text.split()) for d in self.documents)


def _isw_documents(folder: Path, n: int) -> list[Document]:
    docs = []
    for path in sorted(folder.glob("*.md"))[:n]:
        text = path.read_text(encoding="utf-8", errors="replace")
        if text.startswith("---"):  # front matter: drop it, keep the body
            parts = text.split("---", 2)
            text = parts[2] if len(parts) == 3 else text
        docs.append(Document.create(text.strip(), external_id=f"isw:{path.stem}", source=str(path.name)))
    return docs


def _india_documents(path: Path, n: int) -> list[Document]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        rows = [r for r in csv.DictReader(f) if (r.get("doc_text") or "").strip()]
    if not rows or n <= 0:
        return []
    step = max(1, len(rows) // n)  # a fixed, spread-out sample: every step-th article
    sample = rows[::step][:n]
    return [
        Document.create(r["doc_text"].strip(), external_id=f"india:{r.get('doc_id', i)}")
        for i, r in enumerate(sample)
    ]


def load_corpus(data: Path | None, quick: bool, limit: int | None = None) -> Corpus:
    """Demo articles (English only: the pipeline skips the others, bare spaCy would not) plus samples."""
    demo = list(iter_demo_documents())
    english = [d for d in demo if d.is_english]
    if limit is not None:
        english = english[:limit]
    elif quick:
        english = english[:QUICK_DEMO_DOCS]
    documents = list(english)
    sources = {"demo": len(english)}
    k = 0 if quick else 1
    if data is not None and limit is None:
        isw = data / "isw-2022"
        if isw.is_dir():
            found = _isw_documents(isw, ISW_DOCS[k])
            documents += found
            sources["isw-2022"] = len(found)
        india = data / "india-police-events" / "docs.csv"
        if india.is_file():
            found = _india_documents(india, INDIA_DOCS[k])
            documents += found
            sources["india-police-events"] = len(found)
    return Corpus(documents, sources, skipped_non_english=len(demo) - len([d for d in demo if d.is_english]))


def large_batch(data: Path | None, quick: bool, base: Corpus) -> Corpus:
    """A batch big enough for worker processes to pay off (~1,000 documents in a full run)."""
    target = LARGE_BATCH[0 if quick else 1]
    documents: list[Document] = []
    sources: dict[str, int] = {}
    india = data / "india-police-events" / "docs.csv" if data is not None else None
    if not quick and india is not None and india.is_file():
        documents = _india_documents(india, target)
        sources["india-police-events"] = len(documents)
    if len(documents) < target and base.documents:  # top up with copies of the main corpus
        copies: list[Document] = []
        while len(documents) + len(copies) < target:
            copies.extend(base.documents[: target - len(documents) - len(copies)])
        documents += copies
        sources["copies of the main corpus"] = len(copies)
    return Corpus(documents, sources)


# --------------------------------------------------------------------------- timing


@dataclass
class Timing:
    """Wall-clock seconds and CPU seconds (this process plus finished worker processes).

    On a shared machine the wall clock also counts other people's work; CPU time counts only
    ours, so ratios are taken on CPU time and throughput is given both ways.
    """

    wall: float = 0.0
    cpu: float = 0.0

    def __add__(self, other: Timing) -> Timing:
        return Timing(self.wall + other.wall, self.cpu + other.cpu)


def _clock() -> Timing:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Timing(time.perf_counter(), time.process_time() + children.ru_utime + children.ru_stime)


def _since(start: Timing) -> Timing:
    now = _clock()
    return Timing(now.wall - start.wall, now.cpu - start.cpu)


class TimedStage:
    """Wraps a stage and adds the time spent in its ``__call__`` to ``totals[name]``."""

    def __init__(self, stage: Stage, totals: dict[str, Timing]) -> None:
        self.stage = stage
        self.name = stage.name
        self.provides = stage.provides
        self.requires = stage.requires
        self.totals = totals
        totals.setdefault(stage.name, Timing())

    def __call__(self, ctx: DocContext) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            self.stage(ctx)
        finally:
            spent = Timing(time.perf_counter() - wall, time.process_time() - cpu)
            self.totals[self.name] = self.totals[self.name] + spent


def time_bare(nlp: Any, texts: list[str], batch_size: int, n_process: int = 1) -> Timing:
    start = _clock()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return _since(start)


def time_full(pipeline: Pipeline, documents: Iterable[Document]) -> Timing:
    start = _clock()
    for _ in pipeline.extract_many(documents):
        pass
    return _since(start)


def _rate(n_docs: int, n_words: int, t: Timing) -> dict[str, float]:
    wall, cpu = max(t.wall, 1e-9), max(t.cpu, 1e-9)
    return {
        "seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "docs_per_s": round(n_docs / wall, 2),
        "words_per_s": round(n_words / wall, 1),
        "words_per_cpu_s": round(n_words / cpu, 1),
    }


def _rss_mb(who: int) -> float:
    peak = resource.getrusage(who).ru_maxrss  # kilobytes on Linux, bytes on macOS
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _load_average() -> list[float]:
    """1/5/15-minute load averages: a busy machine explains slow figures."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:  # not available on this platform
        return []


# --------------------------------------------------------------------------- the bench


def run(
    data: Path | None,
    quick: bool,
    *,
    limit: int | None = None,
    two_process: bool = True,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Measure; ``limit`` keeps only the first N demo articles (for tests), ``two_process`` the variant."""
    settings = settings or Settings.load()
    load_at_start = _load_average()
    corpus = load_corpus(data, quick, limit)
    if not corpus.documents:
        raise ValueError("no documents to measure")
    texts = [d.text for d in corpus.documents]
    n_docs, n_words = len(texts), corpus.words
    batch = max(1, int(settings.batch_size))

    pipeline = Pipeline(settings.replace(n_process=1))
    stage_totals: dict[str, Timing] = {}
    pipeline.stages = [TimedStage(s, stage_totals) for s in pipeline.stages]
    nlp = pipeline.nlp
    warm = corpus.documents[:3]  # load lazy resources (model, gazetteer) before any clock starts
    time_full(pipeline, warm)
    time_bare(nlp, [d.text for d in warm], batch)

    bare_best = full_best = Timing(float("inf"), float("inf"))
    stages_best: dict[str, Timing] = {}
    for _ in range(ROUNDS[0 if quick else 1]):  # the best round, judged on CPU time
        bare = time_bare(nlp, texts, batch)
        bare_best = bare if bare.cpu < bare_best.cpu else bare_best
        for name in stage_totals:
            stage_totals[name] = Timing()
        full = time_full(pipeline, corpus.documents)
        if full.cpu < full_best.cpu:
            full_best, stages_best = full, dict(stage_totals)

    stage_sum = sum(stages_best.values(), Timing())
    bare_cpu, full_cpu = max(bare_best.cpu, 1e-9), max(full_best.cpu, 1e-9)
    stages = {
        name: {
            "seconds": round(t.wall, 3),
            "cpu_seconds": round(t.cpu, 3),
            "share_of_bare": round(t.cpu / bare_cpu, 4),
            "share_of_full": round(t.cpu / full_cpu, 4),
        }
        for name, t in stages_best.items()
    }

    def share(*names: str) -> float:
        return round(sum(stages_best[n].cpu for n in names if n in stages_best) / bare_cpu, 4)

    bare_rate = _rate(n_docs, n_words, bare_best)
    full_rate = _rate(n_docs, n_words, full_best)
    result: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(terse=True),
            "model": f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}-{nlp.meta.get('version', '')}",
            "pipes": list(nlp.pipe_names),
            "batch_size": batch,
            "load_average_at_start": load_at_start,
        },
        "corpus": {
            "documents": n_docs,
            "words": n_words,
            "sources": corpus.sources,
            "skipped_non_english": corpus.skipped_non_english,
            "quick": quick,
        },
        "bare": bare_rate,
        "full": full_rate,
        "ratio_full_to_bare": round(bare_cpu / full_cpu, 3),
        "ratio_full_to_bare_wall": round(bare_best.wall / max(full_best.wall, 1e-9), 3),
        "stages": stages,
        "parse_and_overhead_cpu_seconds": round(full_best.cpu - stage_sum.cpu, 3),
        "shares_of_bare": {
            "places+dates": share("places", "dates"),
            "events": share("events"),
            "claims": share("claims"),
            "all stages": round(stage_sum.cpu / bare_cpu, 4),
        },
        "claims_share_of_full": round(stages_best.get("claims", Timing()).cpu / full_cpu, 4),
        "articles_600w_per_s": round(full_rate["words_per_s"] / 600, 2),
        "articles_600w_per_cpu_s": round(full_rate["words_per_cpu_s"] / 600, 2),
        "targets": {
            "ratio_full_to_bare": TARGET_RATIO,
            "articles_600w_per_s": TARGET_ARTICLES_600W,
            "claims_share_of_full": TARGET_CLAIMS_SHARE,
        },
    }
    if two_process:
        result["two_process"] = _two_process(data, quick, corpus, settings, nlp, batch)
    result["memory"] = {
        "peak_rss_mb": _rss_mb(resource.RUSAGE_SELF),
        "workers_peak_rss_mb": _rss_mb(resource.RUSAGE_CHILDREN),
    }
    result["machine"]["load_average_at_end"] = _load_average()
    result["table"] = format_table(result)
    return result


def _two_process(
    data: Path | None, quick: bool, corpus: Corpus, settings: Settings, nlp: Any, batch: int
) -> dict[str, Any]:
    big = large_batch(data, quick, corpus)
    texts = [d.text for d in big.documents]
    n_docs, n_words = len(texts), big.words
    out: dict[str, Any] = {"documents": n_docs, "words": n_words, "sources": big.sources}
    one = Pipeline(settings.replace(n_process=1))
    two = Pipeline(settings.replace(n_process=2))
    if not quick:  # one-process figures on the same batch, for the speed-up
        out["bare_1"] = _rate(n_docs, n_words, time_bare(nlp, texts, batch, 1))
        out["full_1"] = _rate(n_docs, n_words, time_full(one, big.documents))
    out["bare_2"] = _rate(n_docs, n_words, time_bare(nlp, texts, batch, 2))
    out["full_2"] = _rate(n_docs, n_words, time_full(two, big.documents))
    out["ratio_full_to_bare_2"] = round(out["bare_2"]["cpu_seconds"] / out["full_2"]["cpu_seconds"], 3)
    out["ratio_full_to_bare_2_wall"] = round(out["bare_2"]["seconds"] / out["full_2"]["seconds"], 3)
    if "bare_1" in out:
        out["speedup_bare"] = round(out["bare_1"]["seconds"] / out["bare_2"]["seconds"], 3)
        out["speedup_full"] = round(out["full_1"]["seconds"] / out["full_2"]["seconds"], 3)
    return out


def format_table(r: dict[str, Any]) -> str:
    c, m = r["corpus"], r["machine"]
    lines = [
        f"pipeline bench: {c['documents']} docs, {c['words']:,} words "
        f"({', '.join(f'{k} {v}' for k, v in c['sources'].items())}); "
        f"{m['cpus']} CPUs, {m['model']} [{', '.join(m['pipes'])}], batch {m['batch_size']}",
        f"{'run':<26}{'seconds':>10}{'docs/s':>10}{'words/s':>11}{'CPU s':>10}{'words/CPU s':>13}",
    ]

    def row(label: str, x: dict[str, float]) -> str:
        return (
            f"{label:<26}{x['seconds']:>10.2f}{x['docs_per_s']:>10.1f}{x['words_per_s']:>11,.0f}"
            f"{x['cpu_seconds']:>10.2f}{x['words_per_cpu_s']:>13,.0f}"
        )

    lines += [row("bare spaCy nlp.pipe", r["bare"]), row("full pipeline", r["full"])]
    lines.append(
        f"ratio full/bare: {r['ratio_full_to_bare']:.2f} on CPU time, {r['ratio_full_to_bare_wall']:.2f} on the "
        f"wall clock (target >= {r['targets']['ratio_full_to_bare']}); ~600-word articles/s: "
        f"{r['articles_600w_per_s']:.1f} wall, {r['articles_600w_per_cpu_s']:.1f} per CPU second "
        f"(target >= {r['targets']['articles_600w_per_s']:.0f})"
    )
    lines.append("stage CPU time, as a share of bare spaCy CPU time and of the full run's:")
    for name, s in r["stages"].items():
        lines.append(
            f"  {name:<12}{s['cpu_seconds']:>8.2f} s {s['share_of_bare']:>8.1%} {s['share_of_full']:>8.1%}"
        )
    sh = r["shares_of_bare"]
    lines.append(
        f"  places+dates {sh['places+dates']:.1%}, events {sh['events']:.1%}, claims {sh['claims']:.1%} "
        f"of bare; claims {r['claims_share_of_full']:.1%} of full (target < {r['targets']['claims_share_of_full']:.0%})"
    )
    tp = r.get("two_process")
    if tp:
        lines.append(f"two processes, {tp['documents']} docs, {tp['words']:,} words:")
        for key, label in (("bare_1", "bare, 1 process"), ("bare_2", "bare, n_process=2")):
            if key in tp:
                lines.append(row("  " + label, tp[key]))
        for key, label in (("full_1", "full, 1 process"), ("full_2", "full, n_process=2")):
            if key in tp:
                lines.append(row("  " + label, tp[key]))
        extra = (
            f"  ratio full/bare with 2 processes: {tp['ratio_full_to_bare_2']:.2f} CPU, "
            f"{tp['ratio_full_to_bare_2_wall']:.2f} wall"
        )
        if "speedup_full" in tp:
            extra += (
                f"; speed-up from 2 processes: bare {tp['speedup_bare']:.2f}x, full {tp['speedup_full']:.2f}x"
            )
        lines.append(extra)
    if m.get("load_average_at_start"):
        lines.append(
            f"load average (1/5/15 min) at start {m['load_average_at_start']}, "
            f"at end {m.get('load_average_at_end')} on {m['cpus']} CPUs"
        )
    mem = r.get("memory", {})
    if mem:
        lines.append(
            f"peak RSS: {mem['peak_rss_mb']:,.0f} MB (bench process), {mem['workers_peak_rss_mb']:,.0f} MB (largest worker)"
        )
    return "\n".join(lines)
