"""Story families: documents that are copies or rewrites of one story.

Two documents join one family when either

* they are near-duplicates: MinHash LSH over word shingles (3-word shingles; single words for
  short texts such as headlines), confirmed by the estimated Jaccard similarity; or
* one is a rewrite of the other: published within ``WINDOW_DAYS`` of each other, they share rare
  specifics (numbers, quotes, rare words, weighted by inverse document frequency over the
  documents fused together) and the weighted overlap is high; with ``settings.embeddings`` on,
  sentence-embedding similarity can also confirm a candidate pair.

Families are connected components of these pairwise links, a pure function of the document set
(independent of arrival order). Each family records its earliest member as the likely original;
its id derives from that member, so it is stable when later copies arrive.
"""

from __future__ import annotations

import hashlib
import math
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from datasketch import MinHash, MinHashLSH

from sitrep.model import Document, StoryFamily

WINDOW_DAYS = 3
NEAR_DUP_JACCARD = 0.6
REWRITE_OVERLAP = 0.5
EMBEDDING_COSINE = 0.8
NUM_PERM = 64
MIN_QUOTE_WORDS = 5

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_QUOTE = re.compile(r"[\"“”«»]([^\"“”«»]{10,400})[\"“”«»]")
_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14",
    "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70",
    "eighty": "80", "ninety": "90", "hundred": "100",
}  # fmt: skip


# Function words and reporting verbs carry no story identity (a short list: importing spaCy's costs seconds).
STOP_WORDS = frozenset(
    """a about above after again against all almost also am among an and another any are around as at
    be been before being below between both but by can could did do does doing done down during each
    either else even ever every few for from further had has have having he her here hers him his how
    however i if in into is it its itself just least less many may me might more most much must my
    near neither no nor not now of off on once one only or other our out over own per perhaps please
    put quite rather really said same say says she should since so some still such than that the
    their them then there these they this those though through thus to too toward under until up upon
    us very via was we well were what whatever when where whether which while who whom whose why will
    with within without would yet you your told according reported reports report report's new""".split()
)


def _stop_words() -> frozenset[str]:
    return STOP_WORDS


@dataclass
class DocFeatures:
    id: str
    day: date | None
    anchor: tuple[str, str]  # (publication, id): the earliest member is the original
    words: list[str]
    features: frozenset[str]  # content words, "#number", "q:quote"
    weight: float = 0.0
    minhash: MinHash | None = None
    text: str = ""


def _is_year(token: str) -> bool:
    return len(token) == 4 and token[:2] in ("19", "20")


def document_features(doc: Document, stop: frozenset[str]) -> DocFeatures:
    text = doc.text
    if doc.title and doc.title.strip() and doc.title.strip() not in text:
        text = doc.title.strip() + "\n" + text
    words = [w.lower() for w in _WORD.findall(text)]
    feats: set[str] = set()
    for w in words:
        num = w.replace(",", "") if w.replace(",", "").isdigit() else _NUMBER_WORDS.get(w)
        if num is not None:
            if num not in ("0", "1") and not _is_year(num):
                feats.add("#" + num)
        elif len(w) >= 3 and w not in stop:
            feats.add(w)
    for q in _QUOTE.findall(text):
        qw = [w.lower() for w in _WORD.findall(q)]
        if len(qw) >= MIN_QUOTE_WORDS:
            feats.add("q:" + " ".join(qw))
    pub = doc.published
    return DocFeatures(
        id=doc.id,
        day=pub.date() if pub else None,
        anchor=(pub.isoformat() if pub else "9999", doc.id),
        words=words,
        features=frozenset(feats),
        text=text,
    )


_PERMUTATIONS: list[object] = []


def _minhash(words: Sequence[str]) -> MinHash:
    if not _PERMUTATIONS:  # computing the permutations is the costly part of a MinHash: once
        _PERMUTATIONS.append(MinHash(num_perm=NUM_PERM, seed=1).permutations)
    mh = MinHash(
        num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, permutations=_PERMUTATIONS[0], scheme="affine32"
    )
    grams = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)] if len(words) >= 12 else list(words)
    mh.update_batch([g.encode("utf-8") for g in set(grams)])
    return mh


@dataclass
class FamilyLinks:
    """Pairwise links (with reasons) between documents of one fusion run."""

    reasons: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, a: str, b: str, reason: str) -> None:
        key = (a, b) if a < b else (b, a)
        self.reasons.setdefault(key, reason)


def _near(a: DocFeatures, b: DocFeatures) -> bool:
    if a.day is None or b.day is None:
        return True
    return abs((a.day - b.day).days) <= WINDOW_DAYS


def find_links(
    docs: Iterable[Document], embedder: object | None = None
) -> tuple[list[DocFeatures], FamilyLinks]:
    """Near-duplicate and rewrite links among ``docs`` (see the module docstring)."""
    stop = _stop_words()
    unique = {d.id: d for d in docs}
    feats = sorted((document_features(d, stop) for d in unique.values()), key=lambda f: f.anchor)
    links = FamilyLinks()
    n = len(feats)
    if n < 2:
        return feats, links
    df: dict[str, int] = defaultdict(int)
    for f in feats:
        for x in f.features:
            df[x] += 1
    idf = {x: math.log((n + 1) / (c + 0.5)) for x, c in df.items()}
    for f in feats:
        f.weight = sum(idf[x] for x in f.features)
    # near-duplicates
    lsh = MinHashLSH(threshold=NEAR_DUP_JACCARD, num_perm=NUM_PERM)
    for f in feats:
        if len(f.words) < 5:
            continue
        f.minhash = _minhash(f.words)
        lsh.insert(f.id, f.minhash)
    by_id = {f.id: f for f in feats}
    for f in feats:
        if f.minhash is None:
            continue
        for other in lsh.query(f.minhash):
            g = by_id[other]
            if other == f.id or g.minhash is None or not _near(f, g):
                continue
            jac = f.minhash.jaccard(g.minhash)
            if jac >= NEAR_DUP_JACCARD:
                links.add(f.id, other, f"near-duplicate text (Jaccard ~{jac:.2f})")
    # rewrites: candidates share a rare feature within the date window
    rare_cap = max(3, int(0.02 * n))
    postings: dict[tuple[str, date | None], list[int]] = defaultdict(list)
    for i, f in enumerate(feats):
        for x in f.features:
            if df[x] <= rare_cap:
                postings[(x, f.day)].append(i)
    pending: list[tuple[int, int, float, list[str]]] = []
    for i, f in enumerate(feats):
        days: list[date | None] = (
            [f.day + timedelta(days=k) for k in range(-WINDOW_DAYS, WINDOW_DAYS + 1)] if f.day else [None]
        )
        shared: dict[int, list[str]] = defaultdict(list)
        for x in f.features:
            if df[x] > rare_cap:
                continue
            for d in days:
                for j in postings.get((x, d), ()):
                    if j > i:
                        shared[j].append(x)
        for j, xs in shared.items():
            g = feats[j]
            common = f.features & g.features
            overlap = sum(idf[x] for x in common) / max(1e-9, min(f.weight, g.weight))
            specific = [x for x in xs if x.startswith(("#", "q:"))]
            quote = any(x.startswith("q:") for x in xs)
            if quote or (overlap >= REWRITE_OVERLAP and len(xs) >= 2 and (specific or len(xs) >= 3)):
                shown = ", ".join(sorted(x.lstrip("#").removeprefix("q:") for x in xs)[:5])
                links.add(
                    f.id, g.id, f"rewrite: shares rare specifics ({shown}); weighted overlap {overlap:.2f}"
                )
            elif embedder is not None and len(xs) >= 1:
                pending.append((i, j, overlap, xs))
    if embedder is not None and pending:
        _confirm_with_embeddings(feats, pending, embedder, links)
    return feats, links


def _confirm_with_embeddings(
    feats: list[DocFeatures],
    pending: list[tuple[int, int, float, list[str]]],
    embedder: object,
    links: FamilyLinks,
) -> None:
    from sitrep.fuse.embeddings import cosine

    needed = sorted({i for i, _, _, _ in pending} | {j for _, j, _, _ in pending})
    vectors = dict(zip(needed, embedder.encode([feats[k].text[:1000] for k in needed]), strict=True))  # type: ignore[attr-defined]
    for i, j, overlap, _ in pending:
        cos = cosine(vectors[i], vectors[j])
        if cos >= EMBEDDING_COSINE:
            links.add(
                feats[i].id,
                feats[j].id,
                f"rewrite: sentence embeddings cosine {cos:.2f} (overlap {overlap:.2f})",
            )


def family_id(original_doc_id: str) -> str:
    return "fam-" + hashlib.sha1(original_doc_id.encode("utf-8")).hexdigest()[:12]


def build_families(docs: Iterable[Document], embedder: object | None = None) -> list[StoryFamily]:
    """Story families of two or more documents, sorted by id (single documents form no family)."""
    feats, links = find_links(docs, embedder)
    parent = {f.id: f.id for f in feats}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in sorted(links.reasons):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[DocFeatures]] = defaultdict(list)
    for f in feats:
        groups[find(f.id)].append(f)
    why_of: dict[str, list[str]] = defaultdict(list)
    for (a, b), r in sorted(links.reasons.items()):
        why_of[find(a)].append(f"{a} ~ {b}: {r}")
    families: list[StoryFamily] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda f: f.anchor)
        why = why_of[find(members[0].id)]
        original = members[0].id
        families.append(
            StoryFamily(
                id=family_id(original),
                original=original,
                members=[f.id for f in members],
                reason=f"original = earliest of {len(members)} reports; " + "; ".join(why[:10]),
            )
        )
    return sorted(families, key=lambda f: f.id)


def family_map(families: Iterable[StoryFamily]) -> dict[str, str]:
    """doc id -> family id."""
    return {doc_id: fam.id for fam in families for doc_id in fam.members}
