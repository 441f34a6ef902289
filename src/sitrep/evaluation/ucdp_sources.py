"""Suite ``ucdp-sources``: claim sources from UCDP GED headlines against ``source_original``.

UCDP codes, per event, who reported it (``source_original``: "Ukrainian military spokesman
Andriy Lysenko", "OSCE", "Human Rights Ombudsman of the DPR"; several sources separated by
commas or semicolons). Many headlines name that source themselves ("Ukraine death toll rises
to 28: ministry", "Two activists shot dead: prosecutors"). Input per event is the same first
headline the ``ucdp`` suite reads; the claims stage's own code runs on its parse.

* ``source_found``: share of rows (with a ``source_original``) where a claim with a source was
  extracted from the headline;
* ``source_agrees``: of those, the share where the claim's source agrees with
  ``source_original`` (see :func:`agrees`);
* ``headline_names_source``: share of rows whose headline shares a content word with
  ``source_original`` (the gold side's notion of "the headline names a source");
* ``named_recall``: of those, the share where an agreeing source was extracted.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from sitrep.evaluation.ucdp import csv_path, first_source, require_headlines
from sitrep.model import Claim

_WORD = re.compile(r"[^\W\d_]+")
# words that say nothing about who the source is
_STOP = frozenset(
    "the a an of and or in on at for to by from with its his her their x2 x3 x4 says said say "
    "report reports reported according news media facebook twitter telegram page site website".split()
)
_STEM = 5  # "Ukraine" ~ "Ukrainian", "defence" ~ "defense", "spokesman" ~ "spokeswoman"


def content_words(text: str) -> frozenset[str]:
    """Lowercased content words cut to a short stem."""
    return frozenset(
        w[:_STEM] for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP and len(w) > 1
    )


def _parts(source_original: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;,]", source_original) if p.strip()]


def agrees(claim: Claim, source_original: str) -> bool:
    """A claim's source agrees with UCDP's when one of UCDP's listed sources shares a content
    word with the source as written, its normalised group or its body, or normalises (through
    the actor alias data) to the same group."""
    src = claim.source
    mine = content_words(" ".join(x for x in (src.as_written, src.name, src.body, src.role) if x))
    if not mine:
        return False
    for part in _parts(source_original):
        if mine & content_words(part):
            return True
        if src.name and _normalised(part) == src.name:
            return True
    return False


def _normalised(text: str) -> str | None:
    try:
        from sitrep.extract.actors import match_actor
    except ImportError:  # pragma: no cover - the actors module ships with sitrep
        return None
    actor = match_actor(text)
    return actor.name if actor is not None else None


def run(path: Path, limit: int | None = None, suite: str = "ucdp-sources") -> dict[str, Any]:
    from sitrep.extract.claims import extract_claims
    from sitrep.nlp import load_model
    from sitrep.settings import Settings

    with open(csv_path(path), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[: limit or None]
    require_headlines(rows, path)
    items: list[tuple[str, str]] = []
    for row in rows:
        src = first_source(row)
        gold = (row.get("source_original") or "").strip()
        if src is None or not gold:
            continue
        items.append((src[1], gold))
    nlp = load_model(Settings.load().model)
    n = found = agree = named = named_hit = 0
    examples: list[dict[str, str]] = []
    for (headline, gold), doc in zip(items, nlp.pipe(h for h, _ in items), strict=True):
        n += 1
        claims, _ = extract_claims(doc, "ucdp")
        sourced = [c for c in claims if c.source.as_written]
        hit = any(agrees(c, gold) for c in sourced)
        gold_named = bool(content_words(headline) & content_words(gold))
        found += bool(sourced)
        agree += bool(sourced) and hit
        named += gold_named
        named_hit += gold_named and hit
        if sourced and not hit and len(examples) < 25:
            examples.append(
                {"headline": headline, "source_original": gold, "extracted": sourced[0].source.as_written}
            )

    def share(k: int, d: int) -> float:
        return round(k / d, 4) if d else 0.0

    metrics = {
        "rows": n,
        "source_found": share(found, n),
        "source_agrees": share(agree, found),
        "headline_names_source": share(named, n),
        "named_recall": share(named_hit, named),
    }
    table = "\n".join(
        [
            f"UCDP GED headlines vs source_original ({n} rows with a source_original)",
            f"  a claim source extracted from the headline     {metrics['source_found']:.3f} ({found} rows)",
            f"  ... agreeing with source_original              {metrics['source_agrees']:.3f} ({agree} rows)",
            f"  headline shares a word with source_original    {metrics['headline_names_source']:.3f} ({named} rows)",
            f"  ... of those, an agreeing source extracted     {metrics['named_recall']:.3f} ({named_hit} rows)",
        ]
    )
    return {"suite": suite, "metrics": metrics, "table": table, "disagreements": examples}
