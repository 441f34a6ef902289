"""Suite ``polnear``: attribution (source / cue / content) against PolNeAR's BRAT annotations.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) annotates attribution relations in 2016 US
election news: a Source span, a Cue span and a Content span (possibly discontinuous) per
relation. The data is read from a path at run time (``polnear/dev`` under the evaldata
root: ``text/*.txt`` and ``attributions/*_<annotator>.ann``); where several annotators
marked one article, the first annotator file in name order is used.

Scored on word tokens (``\\w+``), one-to-one greedy matching, per span kind:

* exact: the predicted span covers exactly the gold span's tokens;
* overlap: the spans share at least one token;
* token: precision/recall over all tokens inside spans of that kind;
* cue accuracy: of relations matched on content (overlap), the share whose cues overlap too;
* relation: content and source both overlap on the same relation (gold relations with a source).

The extractor run is the claims stage's own code (``sitrep.extract.claims.extract_claims``)
on the same spaCy parse the pipeline uses.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError

_WORD = re.compile(r"\w+")
KINDS = ("source", "cue", "content")


@dataclass
class Relation:
    source: frozenset[int] = frozenset()
    cue: frozenset[int] = frozenset()
    content: frozenset[int] = frozenset()


@dataclass
class Counts:
    pred: int = 0
    gold: int = 0
    exact: int = 0
    overlap_pred: int = 0
    overlap_gold: int = 0
    tok_pred: int = 0
    tok_gold: int = 0
    tok_both: int = 0

    def metrics(self, prefix: str) -> dict[str, float]:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        ep, er = self.exact / max(1, self.pred), self.exact / max(1, self.gold)
        op, orr = self.overlap_pred / max(1, self.pred), self.overlap_gold / max(1, self.gold)
        tp, tr = self.tok_both / max(1, self.tok_pred), self.tok_both / max(1, self.tok_gold)
        return {
            f"{prefix}_exact_f1": round(f1(ep, er), 4),
            f"{prefix}_overlap_p": round(op, 4),
            f"{prefix}_overlap_r": round(orr, 4),
            f"{prefix}_overlap_f1": round(f1(op, orr), 4),
            f"{prefix}_token_f1": round(f1(tp, tr), 4),
        }


@dataclass
class Scores:
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    matched_relations: int = 0
    cue_agree: int = 0
    rel_pred: int = 0
    rel_gold: int = 0
    rel_match: int = 0


def token_index(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text)]


def tokens_in(spans: Iterable[tuple[int, int]], index: list[tuple[int, int]]) -> frozenset[int]:
    out: set[int] = set()
    for a, b in spans:
        out.update(i for i, (s, e) in enumerate(index) if s < b and a < e)
    return frozenset(out)


def read_ann(path: Path, index: list[tuple[int, int]]) -> list[Relation]:
    """Gold relations of one BRAT file, as token sets."""
    spans: dict[str, frozenset[int]] = {}
    relations: list[Relation] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines:
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            kind, _, offsets = parts[1].partition(" ")
            if kind in ("Source", "Cue", "Content"):
                pieces = []
                for chunk in offsets.split(";"):
                    a, b = chunk.split()
                    pieces.append((int(a), int(b)))
                spans[parts[0]] = tokens_in(pieces, index)
    for line in lines:
        parts = line.split("\t")
        if line.startswith("E") and len(parts) >= 2:
            args = dict(x.split(":", 1) for x in parts[1].split() if ":" in x)
            rel = Relation(
                source=spans.get(args.get("Source", ""), frozenset()),
                cue=spans.get(args.get("Cue", ""), frozenset()),
                content=spans.get(args.get("Content", ""), frozenset()),
            )
            if rel.content:
                relations.append(rel)
    return relations


def _match(pred: list[frozenset[int]], gold: list[frozenset[int]]) -> list[tuple[int, int]]:
    """One-to-one greedy matching on token overlap, largest overlaps first."""
    pairs = sorted(
        ((len(p & g), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold) if p & g),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def score_document(pred: list[Relation], gold: list[Relation], scores: Scores) -> None:
    for kind in KINDS:
        p_spans = list(dict.fromkeys(getattr(r, kind) for r in pred if getattr(r, kind)))
        g_spans = list(dict.fromkeys(getattr(r, kind) for r in gold if getattr(r, kind)))
        c = scores.counts[kind]
        c.pred += len(p_spans)
        c.gold += len(g_spans)
        c.exact += len(set(p_spans) & set(g_spans))
        matched = _match(p_spans, g_spans)
        c.overlap_pred += len(matched)
        c.overlap_gold += len(matched)
        p_tok = frozenset().union(*p_spans) if p_spans else frozenset()
        g_tok = frozenset().union(*g_spans) if g_spans else frozenset()
        c.tok_pred += len(p_tok)
        c.tok_gold += len(g_tok)
        c.tok_both += len(p_tok & g_tok)
    pairs = _match([r.content for r in pred], [r.content for r in gold])
    scores.matched_relations += len(pairs)
    scores.cue_agree += sum(1 for i, j in pairs if pred[i].cue & gold[j].cue)
    scores.rel_pred += sum(1 for r in pred if r.source)
    scores.rel_gold += sum(1 for r in gold if r.source)
    scores.rel_match += sum(1 for i, j in pairs if pred[i].source & gold[j].source and gold[j].source)


def predicted_relations(doc: Any, index: list[tuple[int, int]]) -> list[Relation]:
    from sitrep.extract.claims import extract_claims

    claims, quotes = extract_claims(doc, "polnear")
    out = []
    for c in claims:
        content = [(c.content.start, c.content.end)]
        if c.direct:  # an interrupted quote: all of its parts are the content
            for q in quotes:
                if any(s.start < c.content.end and c.content.start < s.end for s in q.spans):
                    content += [(s.start, s.end) for s in q.spans]
        source = [(c.source.span.start, c.source.span.end)] if c.source.span else []
        cue = [(c.cue_span.start, c.cue_span.end)] if c.cue_span else []
        out.append(Relation(tokens_in(source, index), tokens_in(cue, index), tokens_in(content, index)))
    return out


def load(path: Path, limit: int | None = None) -> list[tuple[str, str, Path]]:
    """(name, text, annotation file) per article."""
    text_dir, ann_dir = path / "text", path / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise ConfigError(
            f"PolNeAR data not found under {path}", "pass --data pointing at the evaldata root or polnear/dev"
        )
    items = []
    anns = sorted(ann_dir.glob("*.ann"))
    for txt in sorted(text_dir.glob("*.txt")):
        mine = [a for a in anns if a.stem.rsplit("_", 1)[0] == txt.stem]
        if mine:
            items.append((txt.stem, txt.read_text(encoding="utf-8"), mine[0]))
        if limit is not None and len(items) >= limit:
            break
    return items


def run(path: Path, limit: int | None = None, suite: str = "polnear") -> dict[str, Any]:
    from sitrep.nlp import load_model
    from sitrep.settings import Settings

    items = load(path, limit)
    nlp = load_model(Settings.load().model)
    scores = Scores()
    started = time.perf_counter()
    for (_, text, ann), doc in zip(items, nlp.pipe(t for _, t, _ in items), strict=True):
        index = token_index(text)
        score_document(predicted_relations(doc, index), read_ann(ann, index), scores)
    elapsed = time.perf_counter() - started
    metrics: dict[str, float] = {"documents": len(items)}
    for kind in KINDS:
        metrics.update(scores.counts[kind].metrics(kind))
    metrics["cue_accuracy"] = round(scores.cue_agree / max(1, scores.matched_relations), 4)
    rp, rr = scores.rel_match / max(1, scores.rel_pred), scores.rel_match / max(1, scores.rel_gold)
    metrics["relation_f1"] = round(2 * rp * rr / (rp + rr) if rp + rr else 0.0, 4)
    metrics["seconds"] = round(elapsed, 2)
    return {"suite": suite, "metrics": metrics, "table": _table(metrics, scores)}


def _table(m: dict[str, float], scores: Scores) -> str:
    lines = [
        f"{'span':<8} {'exact F1':>9} {'overlap P':>10} {'overlap R':>10} {'overlap F1':>11} {'token F1':>9}"
    ]
    for kind in KINDS:
        lines.append(
            f"{kind:<8} {m[kind + '_exact_f1']:>9.3f} {m[kind + '_overlap_p']:>10.3f} "
            f"{m[kind + '_overlap_r']:>10.3f} {m[kind + '_overlap_f1']:>11.3f} {m[kind + '_token_f1']:>9.3f}"
        )
    c = scores.counts["content"]
    lines.append(
        f"cue accuracy {m['cue_accuracy']:.3f} (on {scores.matched_relations} content matches); "
        f"relation F1 {m['relation_f1']:.3f}; {int(m['documents'])} docs, {c.gold} gold / {c.pred} predicted contents"
    )
    return "\n".join(lines)
