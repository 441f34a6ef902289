"""`sitrep eval demo`: the bundled demo corpus scored against its hand-written expectations.

The 35 demo articles (``sitrep.demo``) go through the real ingest path
(:func:`sitrep.ingest.runner.ingest_documents`: extraction, storage, fusion) into a temporary
SQLite store; what is read back from the store is scored against ``expected.json``. The data
path given to ``sitrep eval`` is ignored: the corpus ships with the package.

How it is scored:

* **events**: in each article, an expected event is matched to an unused stored mention reported
  as having happened (``status`` occurred) with the same ACLED event type and sub-event type,
  preferring one whose location, date and fatalities agree. Recall = matched / expected;
  precision = matched / occurred mentions in English articles (mentions in the not-conflict
  articles count against it). Matched pairs are checked field by field: location (name of the
  resolved place, or the country for a country-level event), date (start and, for a range, end),
  fatalities (the conservative best figure against the expected minimum).
* **claims**: an expected claim is found when an unused stored claim has the same stance and a
  source naming the same speaker (a distinctive word of the speaker's name, the parenthesised
  role left out, in the source as written, its body or role). Recall only, plus the
  stance-blind recall as a diagnostic.
* **quotes**: found when a stored quote holds the expected opening words; "by speaker" when its
  speaker also names the expected speaker.
* **story families**: pairwise precision/recall over pairs of documents in one family, and
  whether each expected family is one predicted family.
* **same event**: each ``same_event`` group is tied, in each member article, to the expected
  event whose location is named in the group (its id, description or note) and whose date is
  the group's date; every other expected event is its own group. Over the matched mentions,
  pairwise precision/recall of "in one canonical event" against "in one group". Per group, the
  largest share of its English members one canonical event holds; ``distinct_events`` pairs
  (not otherwise in one group) that share a canonical event are counted as over-merges.
* **non-English** articles must be stored with a ``skipped`` reason and nothing extracted.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from sitrep.model import CanonicalEvent, Claim, Event, Extraction, Quote, Source, StoryFamily

_STOP = {  # words of a speaker's name that do not tell speakers apart
    "head",
    "ukraine",
    "ukrainian",
    "russia",
    "russian",
    "military",
    "forces",
    "ministry",
    "government",
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "regional",
    "administration",
}


def _words(s: str | None) -> set[str]:
    return set(re.findall(r"[a-z]{3,}", (s or "").lower()))


_FILLER = {"the", "and", "for", "with", "from"}


def _speaker_words(speaker: str) -> tuple[set[str], set[str]]:
    """(distinctive, generic) words of an expected speaker's name (a parenthesised role left out)."""
    words = _words(re.sub(r"\(.*?\)", " ", speaker)) - _FILLER
    return words - _STOP, words & _STOP


def _names(speaker: str, src: Source | None) -> bool:
    """Whether a stored source names the expected speaker: a distinctive word of the name, or,
    for a name made of an institution's generic words ("Kherson regional military
    administration"), all of those ("the regional military administration")."""
    distinct, generic = _speaker_words(speaker)
    got = _source_words(src)
    return (
        bool(distinct & got)
        or (len(generic) >= 2 and generic <= got)
        or (not distinct and bool(generic & got))
    )


def _source_words(src: Source | None) -> set[str]:
    if src is None:
        return set()
    return _words(" ".join(x or "" for x in (src.as_written, src.name, src.body, src.role)))


def _same_name(got: str | None, want: str | None) -> bool:
    if not got or not want:
        return False
    from rapidfuzz import fuzz

    a, b = got.lower(), want.lower()
    return a == b or fuzz.partial_ratio(a, b) >= 85 and min(len(a), len(b)) >= 4


def _split_date(value: str) -> tuple[str, str]:
    start, _, end = str(value or "").partition("/")
    return start, end or start


def _location_ok(exp: dict[str, Any], ev: Event) -> bool:
    p = ev.place
    if p is None:
        return False
    want = str(exp.get("location") or "")
    if want == exp.get("country") and int(exp.get("geo_precision") or 0) >= 3:
        # a country-level event: the country itself, or a place within it at region precision
        return (p.feature == "country" or (p.geo_precision or 0) >= 3) and _same_name(p.country, want)
    return any(_same_name(x, want) for x in (p.canonical, p.name)) or (
        want == exp.get("admin1") and _same_name(p.admin1, want)
    )


def _date_ok(exp: dict[str, Any], ev: Event) -> bool:
    start, end = _split_date(exp.get("date", ""))
    got_start = ev.event_date.isoformat() if ev.event_date else ""
    got_end = ev.event_date_end.isoformat() if ev.event_date_end else got_start
    return got_start == start and got_end == end


def _fatalities_ok(exp: dict[str, Any], ev: Event) -> bool:
    want = (exp.get("fatalities") or {}).get("min")
    return want is not None and (ev.fatalities or 0) == want


def event_checks(exp: dict[str, Any], ev: Event) -> dict[str, bool]:
    return {
        "location": _location_ok(exp, ev),
        "date": _date_ok(exp, ev),
        "fatalities": _fatalities_ok(exp, ev),
    }


def match_events(expected: list[dict[str, Any]], events: list[Event]) -> list[Event | None]:
    """For each expected event, the stored occurred mention it matches (or None); one-to-one."""
    occurred = [e for e in events if e.status != "background"]
    pairs: list[tuple[int, int, int]] = []  # (-score, expected index, mention index)
    for i, exp in enumerate(expected):
        for j, ev in enumerate(occurred):
            if ev.event_type == exp["event_type"] and ev.sub_event_type == exp["sub_event_type"]:
                checks = event_checks(exp, ev)
                score = 4 * checks["location"] + 2 * checks["date"] + checks["fatalities"]
                pairs.append((-score, i, j))
    out: list[Event | None] = [None] * len(expected)
    used: set[int] = set()
    for _, i, j in sorted(pairs):
        if out[i] is None and j not in used:
            out[i] = occurred[j]
            used.add(j)
    return out


def match_claims(
    expected: list[dict[str, Any]], claims: list[Claim], stance: bool = True
) -> list[Claim | None]:
    out: list[Claim | None] = []
    used: set[str] = set()
    for exp in expected:
        found = None
        for c in claims:
            if c.id in used or (stance and c.stance != exp.get("stance")):
                continue
            if _names(str(exp.get("speaker") or ""), c.source):
                found = c
                break
        if found is not None:
            used.add(found.id)
        out.append(found)
    return out


def match_quote(exp: dict[str, Any], quotes: list[Quote]) -> tuple[Quote | None, bool]:
    """(the quote holding the expected opening words, whether its speaker is the expected one)."""
    start = " ".join(str(exp.get("text_starts") or "").lower().split())[:40]
    hits = [q for q in quotes if start and start in " ".join(q.text.lower().split())]
    for q in hits:
        if _names(str(exp.get("speaker") or ""), q.speaker):
            return q, True
    return (hits[0] if hits else None), False


def pairs_of(groups: dict[str, set[str]]) -> set[tuple[str, str]]:
    """item -> group ids  =>  the pairs of items sharing a group."""
    by_group: dict[str, list[str]] = defaultdict(list)
    for item, gs in groups.items():
        for g in gs:
            by_group[g].append(item)
    out: set[tuple[str, str]] = set()
    for members in by_group.values():
        out.update(combinations(sorted(set(members)), 2))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def group_event_indices(group: dict[str, Any], expected_events: list[dict[str, Any]]) -> list[int]:
    """Which of one member article's expected events a ``same_event`` group is about."""
    text = " ".join(str(group.get(k) or "") for k in ("id", "what", "note")).lower().replace("-", " ")
    gdate = re.search(r"\d{4} \d{2} \d{2}", text)
    day = gdate.group(0).replace(" ", "-") if gdate else ""
    named = [
        i
        for i, e in enumerate(expected_events)
        if any(
            w in _words(text) for w in _words(str(e.get("location") or "")) - {"power", "plant", "nuclear"}
        )
    ]
    dated = [i for i in named if not day or _split_date(expected_events[i].get("date", ""))[0] == day]
    return dated or named


@dataclass
class DemoRun:
    """What the suite read back from the store after ingest and fusion."""

    extractions: dict[str, Extraction] = field(default_factory=dict)  # external id -> stored extraction
    family_of: dict[str, str] = field(default_factory=dict)  # external id -> family id
    families: list[StoryFamily] = field(default_factory=list)
    canonical_of: dict[str, str] = field(default_factory=dict)  # mention id -> canonical id
    canonical: dict[str, CanonicalEvent] = field(default_factory=dict)
    texts_intact: dict[str, bool] = field(default_factory=dict)  # external id -> text and title unchanged


def build(store_dir: Path) -> DemoRun:
    """Ingest the demo corpus (extraction, storage, fusion) and read everything back."""
    from sitrep.demo import iter_demo_documents
    from sitrep.ingest.runner import ingest_documents
    from sitrep.pipeline import Pipeline
    from sitrep.settings import Settings
    from sitrep.store import open_store

    url = str(store_dir / "demo.db")
    settings = Settings.load(db=url)
    docs = list(iter_demo_documents())
    store = open_store(url)
    out = DemoRun()
    try:
        ingest_documents(iter(docs), store, settings, pipeline=Pipeline(settings))
        ext_of = {}
        for doc in docs:
            stored = store.get_document(doc.id)
            ext = store.get_extraction(doc.id)
            key = doc.external_id or doc.id
            ext_of[doc.id] = key
            if ext is not None:
                out.extractions[key] = ext
            out.texts_intact[key] = bool(stored and stored.text == doc.text and stored.title == doc.title)
        out.families = store.list_families()
        for fam in out.families:
            for d in fam.members:
                if d in ext_of:
                    out.family_of[ext_of[d]] = fam.id
        mention_ids = sorted(e.id for x in out.extractions.values() for e in x.events)
        out.canonical_of = store.canonical_ids_for_mentions(mention_ids)
        for cid in sorted(set(out.canonical_of.values())):
            ce = store.get_canonical_event(cid)
            if ce is not None:
                out.canonical[cid] = ce
    finally:
        store.close()
    return out


def _pct(a: float) -> str:
    return f"{a:.3f}"


def score(expected: dict[str, Any], got: DemoRun) -> tuple[dict[str, Any], list[str]]:
    """(metrics, per-article lines) for the stored results against the expectations."""
    arts: dict[str, dict[str, Any]] = expected["articles"]
    non_english = set(expected.get("non_english", []))
    lines: list[str] = []
    m: dict[str, Any] = defaultdict(float)
    field_ok: dict[str, int] = defaultdict(int)
    matched_events: dict[str, list[Event | None]] = {}
    per_article: dict[str, dict[str, Any]] = {}
    for art_id, art in arts.items():
        ext = got.extractions.get(art_id)
        if art_id in non_english:
            ok = ext is not None and bool(ext.skipped) and not ext.events and not ext.claims
            m["non_english"] += 1
            m["non_english_skipped"] += ok
            lines.append(f"{art_id}  non-English: {'skipped' if ok else 'NOT SKIPPED'}")
            continue
        events = ext.events if ext else []
        occurred = [e for e in events if e.status != "background"]
        exp_events = art.get("events", [])
        matched = match_events(exp_events, events)
        matched_events[art_id] = matched
        misses: list[str] = []
        n_ev = 0
        for exp, ev in zip(exp_events, matched, strict=True):
            label = f"{exp['sub_event_type']} @ {exp['location']} {exp['date']}"
            if ev is None:
                misses.append(f"    MISSING event {label} (fatalities {exp['fatalities']['min']})")
                continue
            n_ev += 1
            for name, ok in event_checks(exp, ev).items():
                field_ok[name] += ok
                if not ok:
                    got_v = {
                        "location": ev.place and (ev.place.canonical or ev.place.name),
                        "date": f"{ev.event_date}/{ev.event_date_end}"
                        if ev.event_date_end
                        else ev.event_date,
                        "fatalities": ev.fatalities,
                    }[name]
                    misses.append(f"    wrong {name} in {label}: got {got_v}")
        used = {e.id for e in matched if e is not None}
        for e in occurred:
            if e.id not in used:
                where = e.place.canonical or e.place.name if e.place else "?"
                misses.append(f"    extra event {e.sub_event_type} @ {where} {e.event_date}")
        exp_claims = art.get("claims", [])
        claims = ext.claims if ext else []
        found_claims = match_claims(exp_claims, claims)
        blind = match_claims(exp_claims, claims, stance=False)
        for exp, c, b in zip(exp_claims, found_claims, blind, strict=True):
            if c is None:
                also = f" (speaker found, stance {b.stance})" if b is not None else ""
                misses.append(
                    f"    MISSING claim {exp['speaker']} {exp['stance']}: {str(exp.get('about'))[:50]}{also}"
                )
        exp_quotes = art.get("quotes", [])
        q_text = q_speaker = 0
        for exp in exp_quotes:
            q, by_speaker = match_quote(exp, ext.quotes if ext else [])
            q_text += q is not None
            q_speaker += by_speaker
            if q is None:
                misses.append(f"    MISSING quote {exp['speaker']}: {exp['text_starts'][:40]}")
            elif not by_speaker:
                who = q.speaker.as_written if q.speaker else None
                misses.append(f"    quote speaker {exp['speaker']}: got {who}")
        row = {
            "events": (n_ev, len(exp_events), len(occurred)),
            "claims": (sum(c is not None for c in found_claims), len(exp_claims)),
            "quotes": (q_speaker, len(exp_quotes)),
        }
        per_article[art_id] = row
        m["events_expected"] += len(exp_events)
        m["events_matched"] += n_ev
        m["events_extracted"] += len(occurred)
        m["background_events"] += len(events) - len(occurred)
        if not art.get("relevant", True):
            m["not_conflict_events"] += len(occurred)
        m["claims_expected"] += len(exp_claims)
        m["claims_matched"] += row["claims"][0]
        m["claims_speaker_matched"] += sum(c is not None for c in blind)
        m["claims_extracted"] += len(claims)
        m["quotes_expected"] += len(exp_quotes)
        m["quotes_text_matched"] += q_text
        m["quotes_matched"] += q_speaker
        ev_s = f"ev {n_ev}/{len(exp_events)} (+{len(occurred) - n_ev})"
        lines.append(
            f"{art_id}  {ev_s:<16} claims {row['claims'][0]}/{row['claims'][1]}  "
            f"quotes {row['quotes'][0]}/{row['quotes'][1]}"
        )
        lines.extend(misses)
    n = m["events_matched"]
    m["event_recall"] = n / m["events_expected"] if m["events_expected"] else 0.0
    m["event_precision"] = n / m["events_extracted"] if m["events_extracted"] else 0.0
    for name in ("location", "date", "fatalities"):
        m[f"event_{name}_agreement"] = field_ok[name] / n if n else 0.0
    m["claim_recall"] = m["claims_matched"] / m["claims_expected"] if m["claims_expected"] else 0.0
    m["claim_speaker_recall"] = (
        m["claims_speaker_matched"] / m["claims_expected"] if m["claims_expected"] else 0.0
    )
    m["quote_recall"] = m["quotes_text_matched"] / m["quotes_expected"] if m["quotes_expected"] else 0.0
    m["quote_speaker_recall"] = m["quotes_matched"] / m["quotes_expected"] if m["quotes_expected"] else 0.0
    fusion_lines = _score_fusion(expected, got, matched_events, m)
    return dict(m), lines + fusion_lines


def _score_fusion(
    expected: dict[str, Any], got: DemoRun, matched_events: dict[str, list[Event | None]], m: dict[str, Any]
) -> list[str]:
    lines: list[str] = []
    english = [a for a in expected["articles"] if a not in set(expected.get("non_english", []))]
    # story families
    gold_fam = {a: {f"solo:{a}"} for a in english}
    for fam in expected.get("story_families", []):
        for a in fam["members"]:
            gold_fam[a] = {fam["id"]}
    pred_fam = {a: {got.family_of.get(a, f"solo:{a}")} for a in english}
    gp, pp = pairs_of(gold_fam), pairs_of(pred_fam)
    p, r, f = prf(len(gp & pp), len(pp), len(gp))
    m["family_precision"], m["family_recall"], m["family_f1"] = p, r, f
    m["families_expected"] = float(len(expected.get("story_families", [])))
    m["families_whole"] = 0.0
    for fam in expected.get("story_families", []):
        ids = {got.family_of.get(a, f"solo:{a}") for a in fam["members"]}
        whole = len(ids) == 1 and not next(iter(ids)).startswith("solo:")
        m["families_whole"] += whole
        lines.append(f"family {fam['id']}: {'one family' if whole else 'SPLIT ' + str(sorted(ids))}")
    for x, y in sorted(pp - gp):
        lines.append(f"    family over-grouped: {x} with {y}")
    # same event: mention-level pairs over matched mentions
    gold_groups: dict[str, set[str]] = {}
    pred_groups: dict[str, set[str]] = {}
    for art_id, matched in matched_events.items():
        exp_events = expected["articles"][art_id].get("events", [])
        tied: dict[int, set[str]] = defaultdict(set)
        for group in expected.get("same_event", []):
            if art_id in group["members"]:
                for i in group_event_indices(group, exp_events):
                    tied[i].add(group["id"])
        for i, ev in enumerate(matched):
            if ev is None:
                continue
            gold_groups[ev.id] = tied.get(i) or {f"{art_id}:{i}"}
            pred_groups[ev.id] = {got.canonical_of.get(ev.id, f"solo:{ev.id}")}
    gp, pp = pairs_of(gold_groups), pairs_of(pred_groups)
    p, r, f = prf(len(gp & pp), len(pp), len(gp))
    m["same_event_precision"], m["same_event_recall"], m["same_event_f1"] = p, r, f
    m["same_event_gold_pairs"], m["same_event_predicted_pairs"] = float(len(gp)), float(len(pp))
    # per group: the largest share of its English members whose tied mention one canonical event holds
    coverage: list[float] = []
    for group in expected.get("same_event", []):
        members = sorted(set(group["members"]) - set(expected.get("non_english", [])))
        held: dict[str, set[str]] = defaultdict(set)  # canonical id -> members with a tied mention in it
        for mid, gs in gold_groups.items():
            if group["id"] in gs:
                held[next(iter(pred_groups[mid]))].add(mid.split(":")[0])
        by_doc = {x.document.id: a for a, x in got.extractions.items()}
        held = {cid: {by_doc.get(d, d) for d in ds} for cid, ds in held.items()}
        best_cid, best_docs = max(held.items(), key=lambda t: (len(t[1]), t[0]), default=("", set()))
        share = len(best_docs) / len(members) if members else 0.0
        coverage.append(share)
        rest = [a for a in members if a not in best_docs]
        lines.append(
            f"same event {group['id']}: {len(best_docs)}/{len(members)} articles in one canonical event"
            + (f" (not there: {', '.join(rest)})" if rest else "")
        )
    docs_of: dict[str, set[str]] = defaultdict(set)
    by_doc_id = {x.document.id: a for a, x in got.extractions.items()}
    for cid, ce in got.canonical.items():
        docs_of[cid] = {by_doc_id[d] for d in ce.doc_ids if d in by_doc_id}
    m["same_event_group_coverage"] = sum(coverage) / len(coverage) if coverage else 0.0
    m["same_event_groups_whole"] = float(sum(c == 1.0 for c in coverage))
    m["same_event_groups"] = float(len(coverage))
    together = {p for g in expected.get("same_event", []) for p in combinations(sorted(g["members"]), 2)}
    over = 0
    for group in expected.get("distinct_events", []):
        for x, y in combinations(sorted(group["docs"]), 2):
            if (x, y) in together:
                continue
            shared = [cid for cid, ds in docs_of.items() if {x, y} <= ds]
            if shared:
                over += 1
                lines.append(f"    distinct events merged: {x} and {y} share {shared[0]}")
    m["distinct_pairs_merged"] = float(over)
    return lines


def summary_table(m: dict[str, Any]) -> str:
    def frac(a: str, b: str) -> str:
        return f"{int(m[a])}/{int(m[b])}"

    return "\n".join(
        [
            "demo corpus: 35 articles through ingest, extraction, storage and fusion",
            f"events      recall {_pct(m['event_recall'])} ({frac('events_matched', 'events_expected')})"
            f"  precision {_pct(m['event_precision'])} ({frac('events_matched', 'events_extracted')} occurred mentions)"
            f"  background {int(m['background_events'])}  in not-conflict articles {int(m['not_conflict_events'])}",
            f"  fields    location {_pct(m['event_location_agreement'])}  date {_pct(m['event_date_agreement'])}"
            f"  fatalities {_pct(m['event_fatalities_agreement'])}  (share of matched events)",
            f"claims      recall {_pct(m['claim_recall'])} ({frac('claims_matched', 'claims_expected')}, speaker+stance)"
            f"  speaker only {_pct(m['claim_speaker_recall'])}  extracted {int(m['claims_extracted'])}",
            f"quotes      by speaker {_pct(m['quote_speaker_recall'])} ({frac('quotes_matched', 'quotes_expected')})"
            f"  text found {_pct(m['quote_recall'])}",
            f"families    pairwise P {_pct(m['family_precision'])} R {_pct(m['family_recall'])}"
            f"  whole {frac('families_whole', 'families_expected')}",
            f"same event  pairwise P {_pct(m['same_event_precision'])} R {_pct(m['same_event_recall'])}"
            f" F1 {_pct(m['same_event_f1'])} ({int(m['same_event_predicted_pairs'])} predicted,"
            f" {int(m['same_event_gold_pairs'])} gold pairs)  group coverage {_pct(m['same_event_group_coverage'])}"
            f"  whole {frac('same_event_groups_whole', 'same_event_groups')}"
            f"  distinct pairs merged {int(m['distinct_pairs_merged'])}",
            f"non-English skipped {frac('non_english_skipped', 'non_english')}",
        ]
    )


def evaluate() -> tuple[dict[str, Any], str, DemoRun]:
    """(metrics, table, what was stored): the whole suite, for callers that check more."""
    from sitrep.demo import load_expected

    expected = load_expected()
    with tempfile.TemporaryDirectory(prefix="sitrep-demo-") as tmp:
        got = build(Path(tmp))
    metrics, lines = score(expected, got)
    return metrics, summary_table(metrics) + "\n" + "\n".join(lines), got


def run(path: Path | None = None, limit: int | None = None, suite: str = "") -> dict[str, Any]:
    """Score the demo corpus; ``path`` and ``limit`` are ignored (the corpus is bundled and small)."""
    metrics, table, _ = evaluate()
    return {"suite": suite or "demo", "path": "sitrep.demo", "metrics": metrics, "table": table}
