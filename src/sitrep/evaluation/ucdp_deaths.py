"""Deaths for one UCDP event from all its headlines, fused as sitrep fuses reports.

UCDP lists, per event, every article it coded the event from (``source_article``). Here each
distinct (outlet, date, headline) is one document (headline as text and title, the outlet, the
source date as publication date), run once through the extraction pipeline. A row's documents
are then fused together with the project's own fusion, in memory: story families
(:func:`sitrep.fuse.families.build_families`), event mentions
(:func:`sitrep.fuse.mentions.mention_from_event`), clustering
(:func:`sitrep.fuse.canonical.cluster_mentions`) and the canonical event's merged fields
(:func:`sitrep.fuse.merge.build_canonical`), the same functions ``sitrep fuse`` runs over a
store. The row's prediction is the figure sitrep reports for the event: the canonical event's
conservative best figure (ACLED's lowest credible figure, raised only by a later day's reports).

Choices (the scorer needs one figure per row):

* only the row's own headlines are fused (UCDP's grouping decides which reports are one
  event's; how well sitrep finds that grouping among all reports is the ``ucdp-fusion`` suite);
* mentions reported as background are not fused (as in ``sitrep fuse``): a row whose headlines
  yield only background events, or none, has no event and predicts nothing (a miss in the
  all-rows share, left out of the share of figures given);
* when the headlines fuse into several canonical events, the row's event is the one that the
  most headlines support (distinct documents); ties go to the event whose reports state a toll,
  then to the earliest reported (the canonical anchor). Their number is reported
  (``several_events``);
* a canonical event with no figure reports 0 deaths (ACLED's convention, as for one headline);
* tallies marked aggregate by casualty extraction ("since the start of the month", "over the
  past week") never enter a canonical event's figure (:func:`sitrep.fuse.merge._figures`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sitrep.evaluation.ucdp import headline_document, parse_date
from sitrep.model import CanonicalEvent, Document, Extraction

Source = tuple[str, str, date | None]  # outlet, headline, source date


def row_sources(row: dict[str, str]) -> list[Source]:
    """Every distinct (outlet, headline, source date) of the row, in the order UCDP lists them.

    ``source_article`` holds quoted "outlet,date,headline" entries separated by semicolons; a
    row without any falls back to the first of ``source_headline`` / ``source_office`` /
    ``source_date``. Entries whose headline has no letters (placeholders such as "-") are
    left out.
    """
    out: list[Source] = []
    for entries in csv.reader([row.get("source_article", "")], delimiter=";", quotechar='"'):
        for entry in entries:
            parts = entry.split(",", 2)
            if len(parts) == 3 and any(ch.isalpha() for ch in parts[2]):
                out.append((parts[0].strip(), parts[2].strip(), parse_date(parts[1])))
    if not out:
        headline = (row.get("source_headline") or "").split(";")[0].strip()
        if headline:
            out.append(
                (
                    (row.get("source_office") or "").split(";")[0].strip(),
                    headline,
                    parse_date((row.get("source_date") or "").split(";")[0]),
                )
            )
    return list(dict.fromkeys(out))


def source_document(src: Source) -> Document:
    """The document of one source: ``headline_document`` dated at midnight of its day."""
    outlet, headline, day = src
    published = datetime(day.year, day.month, day.day) if day else None
    return headline_document(outlet, day, headline, published)


@dataclass(frozen=True)
class FusedDeaths:
    """The figure sitrep reports for a row's event, and how it was reached."""

    deaths: int | None  # None: no event
    stated: bool  # the event's reports state a toll
    events: int  # canonical events the row's headlines fused into
    support: int  # headlines (documents) behind the chosen event
    event: CanonicalEvent | None = None


def fuse_row(extractions: Sequence[Extraction], embedder: object | None = None) -> FusedDeaths:
    """Fuse one row's extractions in memory and pick the row's canonical event."""
    from sitrep.fuse.canonical import cluster_mentions
    from sitrep.fuse.families import build_families, family_map
    from sitrep.fuse.mentions import mention_from_event
    from sitrep.fuse.merge import build_canonical

    docs = [ex.document for ex in extractions]
    fam_of = family_map(build_families(docs, embedder)) if len(docs) > 1 else {}
    mentions = [
        mention_from_event(ev, ex.document, fam_of.get(ex.document.id, ""))
        for ex in extractions
        for ev in ex.events
        if ev.status != "background"
    ]
    if not mentions:
        return FusedDeaths(None, False, 0, 0)
    events = [build_canonical(c) for c in cluster_mentions(mentions)]
    chosen = min(events, key=_rank)
    return FusedDeaths(
        chosen.event.fatalities or 0, _states_toll(chosen), len(events), len(set(chosen.doc_ids)), chosen
    )


def _states_toll(ce: CanonicalEvent) -> bool:
    return any(f.kind == "killed" for f in ce.figures)


def _rank(ce: CanonicalEvent) -> tuple[int, bool, str, str]:
    first = ce.first_reported.isoformat() if ce.first_reported else "9999"
    return (-len(set(ce.doc_ids)), not _states_toll(ce), first, ce.id)


# Why a row's fused figure falls outside UCDP's low..high, in the order the table prints them.
MISS_KINDS = (
    "no readable headline",
    "the headlines report no event",
    "an event with no toll stated",
    "below low, fewer register entries than UCDP's deaths",
    "below low, as many register entries, kept apart",
    "below low, other",
    "above high",
)


_WORD = re.compile(r"[^\W\d_]{3,}")


def miss_kind(documents: Sequence[Document], fused: FusedDeaths, low: int, high: int) -> str | None:
    """Why the row's figure misses UCDP's range (one of :data:`MISS_KINDS`), None when it is inside.

    "register entries": every headline is a casualty register's entry (a name), each one death:
    fewer entries than UCDP's low cannot reach it, as many can when fusion joins them; "above high" is mostly a day's, a front's or several events'
    total that UCDP splits by place."""
    from sitrep.extract.outlets import is_entry, register_for

    if fused.deaths is not None and low <= fused.deaths <= high:
        return None
    if fused.deaths is None:
        readable = any(_WORD.search(d.text) for d in documents)  # not a mangled "?????" title
        return MISS_KINDS[1] if readable else MISS_KINDS[0]
    if fused.deaths > high:
        return MISS_KINDS[6]
    if not fused.stated:
        return MISS_KINDS[2]
    regs = [register_for(d.outlet) for d in documents]
    if not all(reg is not None and is_entry(d.text, reg) for reg, d in zip(regs, documents, strict=True)):
        return MISS_KINDS[5]
    recorded = sum(reg.deaths_per_entry for reg in regs if reg is not None)
    return MISS_KINDS[3] if recorded < low else MISS_KINDS[4]
