"""Fusion: story families and canonical events across documents.

Entry points:

* :func:`fuse_documents` (called by ingest after each stored batch): recomputes story families,
  then re-clusters only the part of the ledger the new documents touch (incremental).
* :func:`fuse_all` (``sitrep fuse``): recomputes families and every canonical event.
* :func:`merge_events` / :func:`split_event` (``sitrep merge`` / ``sitrep split``, the API): record
  a user decision, which persists across re-processing, and re-cluster around it.

Clustering is a pure function of the mentions and decisions (see :mod:`sitrep.fuse.canonical`),
so the incremental path and a full re-run agree, whatever order documents arrived in.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from sitrep.errors import ConfigError, NotFound
from sitrep.fuse.canonical import Constraints, cluster_mentions, components, compute_links
from sitrep.fuse.embeddings import get_embedder
from sitrep.fuse.families import build_families, family_map
from sitrep.fuse.mentions import Mention, mention_from_event
from sitrep.fuse.merge import build_canonical
from sitrep.model import CanonicalEvent, Document, Event, StoryFamily
from sitrep.settings import Settings
from sitrep.store.base import Decision, EventFilter, Store

__all__ = ["fuse_all", "fuse_documents", "merge_events", "refuse_mentions", "split_event"]

# How far around a mention's date window the incremental path looks for existing events.
LOOKAROUND_DAYS = 7
MAX_ROUNDS = 50
# Story families are regrouped among documents published this close to new ones.
NEIGHBOURHOOD_DAYS = 10

Progress = Callable[[str, int, int], None]


def _fusable(event: Event) -> bool:
    return event.status != "background"


class _Loader:
    """Mentions from the store, with each document's outlet, publication time and family."""

    def __init__(self, store: Store, fam_of: dict[str, str], docs: dict[str, Document] | None = None) -> None:
        self.store = store
        self.fam_of = fam_of
        self.docs: dict[str, Document | None] = dict(docs or {})
        self.cache: dict[str, Mention | None] = {}
        self.queried: list[tuple[object, object]] = []

    def document(self, doc_id: str) -> Document | None:
        if doc_id not in self.docs:
            self.docs[doc_id] = self.store.get_document(doc_id)
        return self.docs[doc_id]

    def wrap(self, event: Event) -> Mention:
        m = mention_from_event(event, self.document(event.doc_id), self.fam_of.get(event.doc_id, ""))
        self.cache[event.id] = m
        return m

    def mention(self, mention_id: str) -> Mention | None:
        if mention_id not in self.cache:
            event = self.store.get_event_mention(mention_id)
            self.cache[mention_id] = self.wrap(event) if event is not None and _fusable(event) else None
        return self.cache[mention_id]

    def of_documents(self, doc_ids: Iterable[str]) -> list[Mention]:
        out: list[Mention] = []
        for doc_id in doc_ids:
            extraction = self.store.get_extraction(doc_id)
            if extraction is None:
                continue
            self.docs[doc_id] = extraction.document
            out.extend(self.wrap(e) for e in extraction.events if _fusable(e))
        return out

    def near(self, m: Mention) -> list[Mention]:
        """Mentions of stored canonical events dated around ``m``'s window."""
        if m.start is None or m.end is None:
            return []
        lo, hi = m.start - timedelta(days=LOOKAROUND_DAYS), m.end + timedelta(days=LOOKAROUND_DAYS)
        if any(a <= lo and hi <= b for a, b in self.queried):  # type: ignore[operator]
            return []
        self.queried.append((lo, hi))
        found: list[Mention] = []
        for ce in self.store.list_canonical_events(
            EventFilter(date_from=lo, date_to=hi, limit=None, sort="event_date")
        ):
            for mid in ce.mention_ids:
                x = self.mention(mid)
                if x is not None:
                    found.append(x)
        return found


def _closure(loader: _Loader, seeds: list[Mention], constraints: Constraints) -> dict[str, Mention]:
    """The seeds' components (strong links and user merges) among stored mentions, grown round by round."""
    known: dict[str, Mention] = {m.id: m for m in seeds}
    frontier = list(seeds)
    pool: dict[str, Mention] = dict(known)
    for _ in range(MAX_ROUNDS):
        if not frontier:
            break
        for m in frontier:
            for x in loader.near(m):
                pool.setdefault(x.id, x)
            for partner in constraints.partners(m.id):
                px = loader.mention(partner)
                if px is not None:
                    pool.setdefault(px.id, px)
        ordered = sorted(pool.values(), key=lambda x: x.sort_key)
        links = compute_links(ordered, constraints)
        reached: set[str] = set()
        for comp in components(links):
            ids = {ordered[i].id for i in comp}
            if ids & known.keys():
                reached |= ids
        frontier = [pool[i] for i in sorted(reached - known.keys())]
        for m in frontier:
            known[m.id] = m
    return known


def refuse_mentions(
    store: Store,
    seeds: list[Mention],
    loader: _Loader,
    constraints: Constraints | None = None,
) -> list[str]:
    """Re-cluster the components around ``seeds``; replaces the canonical events they touch."""
    constraints = constraints or Constraints.from_decisions(store.list_decisions())
    affected = _closure(loader, seeds, constraints)
    old_ids: set[str] = set()
    for _ in range(MAX_ROUNDS):  # every mention of a touched canonical event is re-clustered too
        mapping = store.canonical_ids_for_mentions(sorted(affected))
        new_old = set(mapping.values()) - old_ids
        if not new_old:
            break
        old_ids |= new_old
        added = False
        for cid in sorted(new_old):
            ce = store.get_canonical_event(cid)
            for mid in ce.mention_ids if ce else []:
                if mid not in affected:
                    x = loader.mention(mid)
                    if x is not None:
                        affected[mid] = x
                        added = True
        if not added:
            break
    events = [build_canonical(c) for c in cluster_mentions(affected.values(), constraints)]
    new_ids = {e.id for e in events}
    stale = sorted(old_ids - new_ids)
    if stale:
        store.delete_canonical_events(stale)
    store.upsert_canonical_events(events)
    return [e.id for e in events]


def _refresh_families(
    store: Store, settings: Settings, docs: list[Document], around: set[str] | None = None
) -> tuple[list[StoryFamily], set[str]]:
    """Recompute story families; returns all families and the documents whose family changed.

    With ``around`` (new document ids) only the documents published within
    ``NEIGHBOURHOOD_DAYS`` of them (plus undated ones and the members of families they are in)
    are regrouped, with rarity counted among them; other families are kept as stored.
    """
    stored = store.list_families()
    old = family_map(stored)
    keep: list[StoryFamily] = []
    subset = docs
    if around is not None:
        days = sorted({d.published.date() for d in docs if d.id in around and d.published})
        undated_new = any(d.published is None for d in docs if d.id in around)

        def near(d: Document) -> bool:
            if undated_new or d.published is None or d.id in around:
                return True
            i = bisect.bisect_left(days, d.published.date() - timedelta(days=NEIGHBOURHOOD_DAYS))
            return i < len(days) and days[i] <= d.published.date() + timedelta(days=NEIGHBOURHOOD_DAYS)

        ids = {d.id for d in docs if near(d)}
        for fam in stored:
            if ids & set(fam.members):
                ids |= set(fam.members)
        keep = [f for f in stored if not ids & set(f.members)]
        subset = [d for d in docs if d.id in ids]
        have = {d.id for d in subset}
        # members of a touched family published outside the window are fetched one by one
        subset += [d for d in (store.get_document(i) for i in sorted(ids - have)) if d is not None]
    families = sorted(
        keep + build_families(subset, get_embedder(bool(settings.embeddings))), key=lambda f: f.id
    )
    new = family_map(families)
    changed = {d for d in old.keys() | new.keys() if old.get(d) != new.get(d)}
    if changed or len(stored) != len(families):
        store.replace_families(families)
    return families, changed


def _neighbourhood(store: Store, doc_ids: list[str]) -> list[Document]:
    """The new documents and every stored one published within ``NEIGHBOURHOOD_DAYS`` of them
    (plus undated ones), by publication-date queries: a batch does not scan the whole store.
    An undated new document has no neighbourhood: then every document is read."""
    new = [d for d in (store.get_document(i) for i in doc_ids) if d is not None]
    if len(new) < len(doc_ids) or any(d.published is None for d in new):
        return list(store.iter_documents())
    days = sorted({d.published.date() for d in new if d.published is not None})
    span = timedelta(days=NEIGHBOURHOOD_DAYS)
    windows: list[list[date]] = []
    for day in days:  # days less than two neighbourhoods apart share one query
        if windows and day - windows[-1][1] <= 2 * span:
            windows[-1][1] = day
        else:
            windows.append([day, day])
    found: dict[str, Document] = {d.id: d for d in new}
    for i, (first, last) in enumerate(windows):
        for d in store.iter_documents_published(first - span, last + span, undated=i == 0):
            found.setdefault(d.id, d)
    return list(found.values())


def fuse_documents(store: Store, doc_ids: Iterable[str], settings: Settings | None = None) -> list[str]:
    """Attach the event mentions of ``doc_ids`` to canonical events; returns the ids touched."""
    settings = settings or Settings.load()
    wanted = list(dict.fromkeys(doc_ids))
    if not wanted:
        return []
    docs = _neighbourhood(store, wanted)
    families, changed = _refresh_families(store, settings, docs, around=set(wanted))
    loader = _Loader(store, family_map(families), {d.id: d for d in docs})
    seeds = loader.of_documents(sorted(set(wanted) | changed))
    if not seeds:
        return []
    return refuse_mentions(store, seeds, loader)


def fuse_all(
    store: Store, settings: Settings | None = None, progress: Progress | None = None
) -> dict[str, int]:
    """Recompute story families and every canonical event from the stored mentions and decisions."""
    settings = settings or Settings.load()
    report = progress or (lambda stage, done, total: None)
    docs = list(store.iter_documents())
    report("families", 0, len(docs))
    families, _ = _refresh_families(store, settings, docs)
    report("families", len(docs), len(docs))
    fam_of = family_map(families)
    by_id = {d.id: d for d in docs}
    mentions = [
        mention_from_event(e, by_id.get(e.doc_id), fam_of.get(e.doc_id, ""))
        for e in store.iter_event_mentions()
        if _fusable(e)
    ]
    report("events", 0, len(mentions))
    clusters = cluster_mentions(mentions, Constraints.from_decisions(store.list_decisions()))
    events: list[CanonicalEvent] = []
    for i, c in enumerate(clusters, 1):
        events.append(build_canonical(c))
        if i % 500 == 0:
            report("events", sum(len(e.mention_ids) for e in events), len(mentions))
    old = {e.id for e in store.list_canonical_events(EventFilter(limit=None, sort="event_date"))}
    stale = sorted(old - {e.id for e in events})
    if stale:
        store.delete_canonical_events(stale)
    store.upsert_canonical_events(events)
    report("events", len(mentions), len(mentions))
    return {
        "documents": len(docs),
        "families": len(families),
        "mentions": len(mentions),
        "canonical_events": len(events),
        "removed": len(stale),
    }


def _canonical(store: Store, event_id: str) -> CanonicalEvent:
    """The canonical event ``event_id`` names: its own id, or the id of one of its event mentions
    (as ``sitrep show`` and the API accept)."""
    ce = store.get_canonical_event(event_id)
    if ce is None and store.get_event_mention(event_id) is not None:
        holder = store.canonical_ids_for_mentions([event_id]).get(event_id)
        ce = store.get_canonical_event(holder) if holder else None
    if ce is None:
        raise NotFound(f"no canonical event or event mention {event_id!r}", "list them with `sitrep events`")
    return ce


def _loader_for(store: Store) -> _Loader:
    return _Loader(store, family_map(store.list_families()))


def merge_events(store: Store, event_ids: list[str], note: str = "") -> list[str]:
    """Merge canonical events (a persisted decision); returns the ids of the events now holding them."""
    if len(set(event_ids)) < 2:
        raise ConfigError("merge needs two or more canonical event ids")
    events = {ce.id: ce for ce in (_canonical(store, eid) for eid in event_ids)}
    if len(events) < 2:
        raise ConfigError(f"{' '.join(event_ids)}: already one canonical event ({next(iter(events))})")
    mention_ids = [mid for ce in events.values() for mid in ce.mention_ids]
    store.add_decision(
        Decision(kind="merge", mention_ids=mention_ids, note=note or f"merge {' '.join(event_ids)}")
    )
    loader = _loader_for(store)
    seeds = [m for m in (loader.mention(mid) for mid in mention_ids) if m is not None]
    return refuse_mentions(store, seeds, loader)


def split_event(
    store: Store, event_id: str, mention_ids: list[str] | None = None, note: str = ""
) -> list[str]:
    """Split a canonical event (a persisted decision): move ``mention_ids`` out, or separate every mention."""
    ce = _canonical(store, event_id)
    members = list(ce.mention_ids)
    if len(members) < 2:
        raise ConfigError(f"event {event_id} has a single mention; nothing to split")
    moving = list(dict.fromkeys(mention_ids or []))
    unknown = [m for m in moving if m not in members]
    if unknown:
        raise NotFound(
            f"mention(s) {', '.join(unknown)} are not in event {event_id}",
            f"its mentions: {', '.join(members)}",
        )
    if moving:
        rest = [m for m in members if m not in moving]
        if not rest:
            raise ConfigError(
                "cannot move every mention out of an event", "name fewer mentions with --mention"
            )
        for m in moving:  # each moved mention stays apart from every mention left behind
            for other in rest:
                store.add_decision(
                    Decision(kind="split", mention_ids=[m, other], note=note or f"split {m} from {event_id}")
                )
    else:
        store.add_decision(
            Decision(kind="split", mention_ids=members, note=note or f"split {event_id} into its mentions")
        )
    loader = _loader_for(store)
    seeds = [m for m in (loader.mention(mid) for mid in members) if m is not None]
    return refuse_mentions(store, seeds, loader)
