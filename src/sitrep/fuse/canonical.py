"""Cross-article clustering of event mentions into canonical events.

The result is a pure function of the set of mentions (and the user's decisions), never of the
order in which they arrived:

1. Blocking: a mention is compared only with mentions of a related type whose date windows share
   a day, in the same country and first-level region (or where one side is coarser). Never all pairs.
2. Components: mentions linked by a strong pairwise link (score >= ``MERGE_THRESHOLD``) or by a
   user's merge decision form components; each component is clustered on its own, so an
   incremental run re-clusters only the components that new mentions touch.
3. Inside a component, mentions are visited in a canonical order (reports before casualty-register
   entries, then date, publication, id) and each joins the best-scoring cluster whose every member
   it is compatible with (complete linkage: no chaining of "Bakhmut" to "Donetsk region" to
   "Mariupol"), or starts its own; a register entry joins only while the event's reports tell
   enough deaths for it (:func:`_room_for_record`).

Canonical ids are derived from the earliest report in the cluster, so they are stable when later
reports attach.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sitrep.fuse.mentions import Mention, Verdict, compatible
from sitrep.store.base import Decision

MERGE_THRESHOLD = 3.0
# Complete linkage: a mention joins a cluster only if its link to every member scores at least this.
MIN_LINK = 0.0
# An event takes register deaths up to this many times the highest toll its reports give.
RECORD_SLACK = 2


@dataclass
class Constraints:
    """User decisions as pairwise links: the latest decision about a pair wins."""

    must: dict[frozenset[str], int] = field(default_factory=dict)  # pair -> decision id
    cannot: dict[frozenset[str], int] = field(default_factory=dict)

    @classmethod
    def from_decisions(cls, decisions: Iterable[Decision]) -> Constraints:
        c = cls()
        ordered = sorted(decisions, key=lambda d: d.id if d.id is not None else 0)
        for d in ordered:
            ids = sorted(set(d.mention_ids))
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    pair = frozenset((a, b))
                    if d.kind == "merge":
                        c.must[pair] = d.id or 0
                        c.cannot.pop(pair, None)
                    elif d.kind == "split":
                        c.cannot[pair] = d.id or 0
                        c.must.pop(pair, None)
        return c

    def partners(self, mention_id: str) -> set[str]:
        """Mentions a user merged with ``mention_id`` (directly)."""
        out: set[str] = set()
        for pair in self.must:
            if mention_id in pair:
                out.update(pair - {mention_id})
        return out


@dataclass
class Cluster:
    """One canonical event in the making: members and why each joined."""

    members: list[Mention]
    reasons: dict[str, str] = field(default_factory=dict)

    @property
    def anchor(self) -> Mention:
        return min(self.members, key=lambda m: m.anchor_key)

    @property
    def id(self) -> str:
        return canonical_id(self.anchor.id)


def canonical_id(anchor_mention_id: str) -> str:
    return "ce-" + hashlib.sha1(anchor_mention_id.encode("utf-8")).hexdigest()[:16]


def _block_keys(mentions: list[Mention]) -> dict[tuple[str, ...], list[int]]:
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        for day in m.days():
            d = day.isoformat()
            if not m.country:
                index[("0", m.group, d)].append(i)
            elif not m.admin1:
                index[("1", m.group, d, m.country)].append(i)
            else:
                index[("2", m.group, d, m.country, m.admin1)].append(i)
            index[("c", m.group, d, m.country)].append(i)  # by country (any region)
            index[("a", m.group, d)].append(i)  # by day (any country)
    return index


def candidate_pairs(mentions: list[Mention]) -> set[tuple[int, int]]:
    """Pairs (i < j) that share a block: related type, a common day, compatible region."""
    index = _block_keys(mentions)
    pairs: set[tuple[int, int]] = set()
    for i, m in enumerate(mentions):
        for day in m.days():
            d = day.isoformat()
            if not m.country:
                buckets = [index.get(("a", m.group, d), [])]
            elif not m.admin1:
                buckets = [index.get(("c", m.group, d, m.country), []), index.get(("0", m.group, d), [])]
            else:
                buckets = [
                    index.get(("2", m.group, d, m.country, m.admin1), []),
                    index.get(("1", m.group, d, m.country), []),
                    index.get(("0", m.group, d), []),
                ]
            for bucket in buckets:
                for j in bucket:
                    if j > i:
                        pairs.add((i, j))
    return pairs


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Links:
    """Pairwise verdicts among a set of mentions (only compatible, non-vetoed pairs are kept)."""

    mentions: list[Mention]
    ok: dict[tuple[int, int], Verdict]
    must: set[tuple[int, int]]

    def strong_edges(self, threshold: float) -> list[tuple[int, int]]:
        return [p for p, v in self.ok.items() if v.score >= threshold]


def compute_links(mentions: list[Mention], constraints: Constraints | None = None) -> Links:
    constraints = constraints or Constraints()
    pos = {m.id: i for i, m in enumerate(mentions)}
    ok: dict[tuple[int, int], Verdict] = {}
    for i, j in candidate_pairs(mentions):
        a, b = mentions[i], mentions[j]
        if constraints.cannot and frozenset((a.id, b.id)) in constraints.cannot:
            continue
        v = compatible(a, b)
        if v.ok and v.score >= MIN_LINK:
            ok[(i, j)] = v
    must: set[tuple[int, int]] = set()
    for pair in constraints.must:
        a_id, b_id = sorted(pair)
        if a_id in pos and b_id in pos:
            i, j = sorted((pos[a_id], pos[b_id]))
            must.add((i, j))
    return Links(mentions, ok, must)


def components(links: Links, threshold: float = MERGE_THRESHOLD) -> list[list[int]]:
    uf = _UnionFind(len(links.mentions))
    for i, j in links.strong_edges(threshold):
        uf.union(i, j)
    for i, j in links.must:
        uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(links.mentions)):
        groups[uf.find(i)].append(i)
    return list(groups.values())


def cluster_mentions(
    mentions: Iterable[Mention],
    constraints: Constraints | None = None,
    threshold: float = MERGE_THRESHOLD,
) -> list[Cluster]:
    """Cluster mentions into canonical events (see the module docstring); sorted by id."""
    constraints = constraints or Constraints()
    unique = {m.id: m for m in mentions}
    ordered = sorted(unique.values(), key=lambda m: m.sort_key)
    links = compute_links(ordered, constraints)
    neighbours: dict[int, dict[int, Verdict]] = defaultdict(dict)
    for (i, j), v in links.ok.items():
        neighbours[i][j] = v
        neighbours[j][i] = v
    must_uf = _UnionFind(len(ordered))  # user-merged mentions travel together as one unit
    for i, j in links.must:
        must_uf.union(i, j)
    clusters: list[Cluster] = []
    for comp in components(links, threshold):
        clusters.extend(_cluster_component(ordered, comp, neighbours, must_uf, threshold))
    return sorted(clusters, key=lambda c: c.id)


def _room_for_record(m: Mention, members: list[Mention]) -> bool:
    """A casualty register's entry records its own deaths: an event holds no more such deaths than
    twice what its reports tell ("two soldiers killed" takes at most four entries; first reports
    undercount). Entries dated only by a post some days after the death could belong to any event
    of those days: they fill the reported toll and no more."""
    if not m.register:
        return True
    entries = [x for x in members if x.register] + [m]
    recorded = sum(x.event.fatalities or 1 for x in entries)
    told = max((x.event.fatalities or 0 for x in members if not x.register), default=0)
    dated_by_post = any(x.start != x.end for x in entries)
    return recorded <= max(told, 1) * (1 if dated_by_post else RECORD_SLACK)


def _cluster_component(
    mentions: list[Mention],
    comp: list[int],
    neighbours: dict[int, dict[int, Verdict]],
    must_uf: _UnionFind,
    threshold: float,
) -> list[Cluster]:
    if len(comp) == 1:
        m = mentions[comp[0]]
        return [Cluster([m], {m.id: "first report of this event"})]
    units: dict[int, list[int]] = defaultdict(list)
    for i in sorted(comp):
        units[must_uf.find(i)].append(i)
    must_ids = {i: frozenset(u) for u in units.values() for i in u}
    owner: dict[int, int] = {}
    built: list[list[int]] = []
    reasons: list[dict[str, str]] = []
    for unit in sorted(units.values(), key=lambda u: min(u)):
        best: tuple[float, str, int] | None = None
        best_reason = ""
        for c in sorted({owner[j] for i in unit for j in neighbours[i] if j in owner}):
            score, why, compatible_all = -1.0, "", True
            for i in unit:
                for j in built[c]:
                    link = neighbours[i].get(j)
                    if link is None:
                        compatible_all = False
                        break
                    v = link
                    if v.score > score:
                        score, why = v.score, f"joined via {mentions[j].id}: {v.reason} (score {v.score:g})"
                if not compatible_all:
                    break
            if not compatible_all or score < threshold:
                continue
            if len(unit) == 1 and not _room_for_record(mentions[unit[0]], [mentions[j] for j in built[c]]):
                continue
            anchor = min((mentions[j] for j in built[c]), key=lambda m: m.anchor_key).anchor_key[1]
            key = (score, anchor, c)
            if best is None or (key[0] > best[0]) or (key[0] == best[0] and key[1] < best[1]):
                best, best_reason = key, why
        if best is None:
            built.append([])
            reasons.append({})
            target = len(built) - 1
        else:
            target = best[2]
        for i in unit:
            owner[i] = target
            built[target].append(i)
            m = mentions[i]
            if best is not None:
                reasons[target][m.id] = best_reason
            elif len(unit) > 1:
                reasons[target][m.id] = (
                    "kept with "
                    + ", ".join(mentions[k].id for k in sorted(must_ids[i]) if k != i)
                    + " by a user's merge decision"
                )
            else:
                reasons[target][m.id] = "first report of this event"
    return [Cluster([mentions[i] for i in b], r) for b, r in zip(built, reasons, strict=True)]
