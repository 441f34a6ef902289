"""Event mentions in ACLED's taxonomy, traced to their sentences.

For each sentence of the spaCy parse (``ctx.doc``; never re-parsed) the stage finds event cues
(:mod:`sitrep.extract.taxonomy`), drops cues whose clause is negated or hypothetical and sets
apart those in background clauses (:mod:`sitrep.extract.clauses`), groups the rest into at most
a few candidate events per sentence (an interception stays apart from the strike it belongs to),
assigns actors, casualties, weapons, targets, place and date, then merges candidates that report
the same event (same family of sub-event, same place and date, same paragraph or an elaboration
with no place or date of its own). Ids are ``{doc_id}:e{n}`` in document order.
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from datetime import date
from typing import TYPE_CHECKING, Any

from sitrep.errors import ConfigError
from sitrep.extract import casualties as cas
from sitrep.extract.clauses import (
    NOBODY_REASON,
    SentenceParse,
    Status,
    attribution,
    background_status,
    date_belongs,
)
from sitrep.extract.event_fields import Candidate, dominant_country, finish, published_date
from sitrep.extract.event_places import (
    TERMINAL,
    coded_to,
    followed_by_its_region,
    foreign_seat_of_speaker,
    metonyms,
    pick_place,
    unlisted_town_in_region,
)
from sitrep.extract.events_merge import (
    PROTEST_TYPES,
    campaign_actor,
    merge,
    merge_target,
    reclassify,
    toll_of_strikes,
    violent,
)
from sitrep.extract.outlets import entry_event as register_entry
from sitrep.extract.roles import assign_roles, dateline_span
from sitrep.extract.taxonomy import (
    STRIKE_LABELS,
    TRIGGER_LABELS,
    Context,
    Cue,
    Decision,
    classify,
    find_cues,
    lexicon,
    same_family,
)
from sitrep.extract.weapons import find_targets, find_weapons
from sitrep.model import Casualty, DateMention, Event, Place, Span
from sitrep.nlp import doc_text, ents_within, sentence_span
from sitrep.pipeline import DocContext
from sitrep.settings import Settings

if TYPE_CHECKING:
    from sitrep.extract.llm_events import LLMEventStage

_PARA_BREAK = re.compile(r"\n")
_CROWD_MODIFIERS = frozenset({"protest_intervention", "protest_excessive"})


class EventStage:
    name = "events"
    provides = ("events",)
    requires: tuple[str, ...] = ("places", "dates")

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings

    def __call__(self, ctx: DocContext) -> None:
        events = extract_events(ctx)
        if not events:
            # a casualty register's entry: one recorded death, no prose to read
            entry = register_entry(ctx, self.settings.data_path if self.settings else None)
            events = [entry] if entry is not None else []
        ctx.events.extend(events)


def build_stage(settings: Settings) -> EventStage | LLMEventStage:
    backend = str(settings.events_backend or "rules").lower()
    if backend == "llm":
        from sitrep.extract.llm_events import LLMEventStage

        return LLMEventStage(settings)
    if backend != "rules":
        raise ConfigError(f"events_backend {backend!r} is not known", "use 'rules' (default) or 'llm'")
    lexicon()  # compile the cue patterns once, when the pipeline is built
    return EventStage(settings)


# --------------------------------------------------------------------------- helpers


def _in(span: Span, start: int, end: int) -> bool:
    return start <= span.start < end


def _single_sentence_report(ctx: DocContext, text: str, dates: list[DateMention]) -> bool:
    """A one-line report (a headline or a register entry with a full stop: "X killed at Y on Dec 1,
    2021.") whose last sentence names one calendar date: the date it names is the event's."""
    whole = doc_text(ctx.doc).strip()
    dated = [d for d in dates if d.resolved and d.start and d.kind not in ("since", "unresolved")]
    return (
        "\n" not in whole
        and len(ctx.doc) <= 40
        and whole.endswith(text.strip())
        and len(dated) == 1
        and dated[0].time_precision == 1
        and any(ch.isdigit() for ch in dated[0].phrase)
    )


def _pick_date(dates: list[DateMention]) -> DateMention | None:
    good = [d for d in dates if d.resolved and d.start and d.kind not in ("since", "unresolved")]
    return good[0] if good else None


def segments(doc: Any) -> list[Any]:
    """Sentences of the parse, cut again at line breaks (a headline is not part of the first sentence).

    Headline-like lines (a line of its own, no closing punctuation, under 25 tokens) are left out
    when the document also has a body (a sentence that is not headline-like): a title repeats
    what the body reports and would otherwise count as an event of its own. A document made
    only of headline-like lines (a headline feed, a wire alert, a title with no text) keeps them:
    there the headline is the whole report.
    """
    body: list[Any] = []
    headlines: list[Any] = []
    for sent in doc.sents:
        start = sent.start
        cuts = [t.i for t in sent if t.is_space and "\n" in t.text]
        for cut in [*cuts, sent.end]:
            if cut > start:
                seg = doc[start:cut]
                last = seg[-1].text if len(seg) else ""
                line_start = start == 0 or "\n" in doc[start - 1].text or "\n" in doc[start - 1].whitespace_
                line_end = cut >= len(doc) or "\n" in doc[cut].text or "\n" in doc[cut - 1].whitespace_
                headline = line_start and line_end and last not in TERMINAL and len(seg) < 25
                if not any(t.is_alpha for t in seg):
                    continue
                (headlines if headline else body).append(seg)
            start = cut + 1
    return body if body else headlines


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _PARA_BREAK.finditer(text)]


# --------------------------------------------------------------------------- per sentence


def _groups(
    cues: list[Cue],
    sp: SentenceParse,
    base: int,
    bg_offsets: list[int],
    dates: list[DateMention],
    published: date | None,
) -> list[tuple[Status, list[Cue]]]:
    """Split a sentence's cues into candidate events: occurred (main, interception) and background."""
    occurred: dict[int, list[Cue]] = {}
    background: list[Cue] = []
    bg_status: Status | None = None
    tokens = [sp.token_at(base + c.start) for c in cues]
    statuses = [sp.status(tok) for tok in tokens]
    told = any(st.value == "occurred" for st in statuses)
    for c, tok, st in zip(cues, tokens, statuses, strict=True):
        if st.value == "negated" and st.reason.startswith(NOBODY_REASON) and told:
            st = Status("occurred")  # "no one was killed in the strike": the strike happened, a toll of 0
        if st.value in ("negated", "hypothetical"):
            continue
        bg = background_status(sp, tok, bg_offsets, dates, published)
        if bg is not None:
            background.append(c)
            bg_status = bg_status or bg
            continue
        occurred.setdefault(sp.clause_head(tok).i, []).append(c)
    out: list[tuple[Status, list[Cue]]] = []
    intercept = [cs for cs in occurred.values() if any(c.label == "interception" for c in cs)]
    rest = [cs for cs in occurred.values() if not any(c.label == "interception" for c in cs)]
    rest_labels = {c.label for cs in rest for c in cs}
    if intercept and rest_labels & (STRIKE_LABELS | {"battle", "territory_capture"}):
        out.append((Status("occurred"), [c for cs in intercept for c in cs]))
        out.append((Status("occurred"), [c for cs in rest for c in cs]))
    elif occurred:
        out.append((Status("occurred"), [c for cs in occurred.values() for c in cs]))
    if background and bg_status is not None:
        out.append((bg_status, background))
    return [(st, cs) for st, cs in out if any(c.label in TRIGGER_LABELS for c in cs)]


def _sentence_candidates(
    ctx: DocContext, sent: Any, para: int, dominant: Place | None, ents: Any
) -> tuple[list[Candidate], list[Casualty], bool, set[str]]:
    text = sent.text
    base = sent.start_char
    end = sent.end_char
    cues = find_cues(text)
    sent_cas = cas.find_casualties(text, base)
    if not any(c.label in TRIGGER_LABELS for c in cues):
        mods = {c.label for c in cues} & _CROWD_MODIFIERS
        return [], sent_cas, cas.states_no_casualties(text), mods
    sp = SentenceParse(sent)
    published = published_date(ctx)
    bg_offsets = [base + m.start() for m in lexicon().background.finditer(text)]
    s_dates = [d for d in ctx.dates if _in(d.span, base, end)]
    s_places = [p for p in ctx.places if _in(p.span, base, end)]
    from sitrep.extract.actors import find_actors

    avoid = [a.span for a in find_actors(sent) if a.span] + [
        Span(e.start_char, e.end_char, e.text)
        for e in ents_within(sent, ents)
        if e.label_ == "PERSON" and len(e) > 1 and not followed_by_its_region(e, s_places)
    ]  # a multi-word person name ("Oleg Zhdanov") is not a place, whatever the gazetteer says
    avoid += metonyms(s_places, text, base)
    dateline = dateline_span(sent)
    out: list[Candidate] = []
    for status, group in _groups(cues, sp, base, bg_offsets, s_dates, published):
        labels = {c.label for c in group}
        place_country = next((p.country for p in s_places if p.resolved and p.country), None)
        country = place_country or (dominant.country if dominant else None)
        focus = sp.token_at(base + _main_cue(group, _prelim(labels)).start)
        roles = assign_roles(sent, sp, country, sent_cas, focus)
        killed = sum(c.count_min or 0 for c in sent_cas if c.kind == "killed" and not c.aggregate)
        cctx = Context(
            text=text,
            actor1_inter=roles.actor1.inter if roles.actor1 else None,
            actor1_country=roles.actor1.country if roles.actor1 else None,
            actor2_inter=roles.actor2.inter if roles.actor2 else None,
            country=country,
            victims_armed=roles.victims_armed,
            killed=killed,
            hurt=sum(c.count_min or 0 for c in sent_cas if not c.aggregate),
        )
        decision = classify(labels, cctx)
        if decision is None:
            continue
        cue_chars = [(base + c.start, base + c.end) for c in group]
        main_tok = sp.token_at(base + _main_cue(group, decision).start)
        ev_date = _pick_date([d for d in s_dates if date_belongs(sp, d, main_tok, cue_chars)])
        headline_date = False
        if ev_date is None and (
            text.rstrip()[-1:] not in TERMINAL or _single_sentence_report(ctx, text, s_dates)
        ):
            # a headline is telegraphic (one event, a parse that rarely ties the date to the verb):
            # the date it names is the event's
            ev_date = _pick_date(s_dates)
            headline_date = ev_date is not None
        coded = coded_to(s_places, text, base)
        source = attribution(sp, sp.token_at(base + group[0].start))
        # "KYIV, March 9 (Reuters) - ... fighting in Bakhmut": where the report was filed gives
        # way to a place the sentence names for the event; alone, it is the place
        picked = (pick_place(coded, avoid + [dateline]) if dateline else None) or pick_place(
            coded, avoid + foreign_seat_of_speaker(s_places, source, text, base, dominant)
        )
        place = unlisted_town_in_region(picked, text, base, s_places)
        cand = Candidate(
            labels=labels,
            cues=group,
            decision=decision,
            evidence=[sentence_span(sent)],
            paragraph=para,
            status=status,
            own_place=place is not None and place.feature != "country",
            own_date=bool(ev_date),
            place=place,
            place_reason=f"{place.name!r} named in the event's sentence" if place else "",
            date=ev_date,
            actor1=roles.actor1,
            actor2=roles.actor2,
            casualties=[dataclasses.replace(c, source=c.source or source) for c in sent_cas],
            weapons=find_weapons(text, base),
            targets=find_targets(text, base),
            attributed_to=source,
            no_casualties=cas.states_no_casualties(text),
            coded_fatalities=cas.coded_fatalities(text),
            text=text,
            victims_armed=roles.victims_armed,
        )
        if cand.date:
            cand.date_reason = f"date {cand.date.phrase!r} in the event's sentence" + (
                " (a headline: its one date is the event's)" if headline_date else ""
            )
        out.append(cand)
    if len(out) > 1:  # one sentence, several events: casualties to the main one, weapons to the nearest cue
        for c in out:
            if c.decision.sub_event_type == "Disrupted weapons use":
                c.casualties = []
        for c in out:
            c.weapons = [w for w in c.weapons if w.span and _nearest(out, w.span.start - base) is c]
            c.sibling = next((o for o in out if o is not c and o.status.value == "occurred"), None)
    return out, sent_cas, cas.states_no_casualties(text), set()


_MAIN_LABELS = {
    "Armed clash": ("battle", "battle_weak", "kill"),
    "Shelling/artillery/missile attack": ("shelling", "shelling_weak"),
    "Air/drone strike": ("air",),
    "Disrupted weapons use": ("interception",),
    "Remote explosive/landmine/IED": ("ied",),
    "Government regains territory": ("territory_capture",),
    "Non-state actor overtakes territory": ("territory_capture",),
}


def _prelim(labels: set[str]) -> Decision:
    d = classify(labels, Context())
    return d if d is not None else Decision("", "", "", 0.0, ())


def _main_cue(group: list[Cue], decision: Decision) -> Cue:
    wanted = _MAIN_LABELS.get(decision.sub_event_type, ())
    for c in group:
        if c.label in wanted:
            return c
    return next((c for c in group if c.label in TRIGGER_LABELS), group[0])


def _nearest(cands: list[Candidate], pos: int) -> Candidate:
    return min(cands, key=lambda c: min(abs(q.start - pos) for q in c.cues))


# --------------------------------------------------------------------------- the stage


# a match report borrows the vocabulary of war ("fired a strike", "bombarded the penalty area",
# "attacked the ball"): a document with several distinct terms of sport and more of them than of
# violence is not a conflict report
_SPORT = re.compile(
    r"\b(?:goalkeeper|penalty (?:area|box|kick|spot)|equalis(?:ed|er)|equaliz(?:ed|er)|midfield(?:er)?|striker"
    r"|half-time|kick-off|free kick|stoppage time|referee|league|the (?:\d+(?:st|nd|rd|th)|\w+-?\w*th) minute"
    r"|scored|the match|the pitch|the visitors|home side|defender|coach|tournament|championship|fixture)\b",
    re.I,
)
_WAR = re.compile(
    r"\b(?:missiles?|troops|soldiers|military|militants?|killed|army|police|rebels?|shelling|airstrikes?"
    r"|drones?|civilians?|ceasefire|insurgents?|war)\b",
    re.I,
)


def sports_report(text: str) -> bool:
    sport = [m.group(0).lower() for m in _SPORT.finditer(text)]
    return len(set(sport)) >= 4 and len(sport) > 2 * len(_WAR.findall(text))


def extract_events(ctx: DocContext) -> list[Event]:
    doc = ctx.doc
    text = ctx.document.text
    if sports_report(text):
        return []
    para_starts = _paragraph_starts(text)
    dominant = dominant_country(ctx.places)
    cands: list[Candidate] = []
    ents = doc.ents  # once: spaCy builds them anew on every access
    for sent in segments(doc):
        para = bisect_right(para_starts, sent.start_char) - 1
        new, sent_cas, no_cas, mods = _sentence_candidates(ctx, sent, para, dominant, ents)
        if not new:
            last = cands[-1] if cands else None
            if last is not None and last.paragraph == para and last.status.value == "occurred":
                if mods and last.decision.event_type in PROTEST_TYPES:
                    # "Police dispersed the crowd with tear gas." after a protest: the same event, escalated
                    last.labels |= mods
                    last.evidence.append(sentence_span(sent))
                    last.text = f"{last.text} {sent.text}"
                    reclassify(last, dominant)
                    continue
                coded = cas.coded_fatalities(sent.text)
                if sent_cas or no_cas or coded is not None:
                    last.casualties += sent_cas
                    last.no_casualties = last.no_casualties or no_cas
                    last.evidence.append(sentence_span(sent))
                    if coded is not None:
                        last.coded_fatalities = coded
            continue
        for b in new:
            target = merge_target(cands, b)
            if target is None:
                toll_of_strikes(cands, b)
                cands.append(b)
                continue
            merge(target, b)
            b.merged_into = target
            if target.decision.event_type in PROTEST_TYPES or (
                violent(target.decision)
                and violent(b.decision)
                and not same_family(target.decision.sub_event_type, b.decision.sub_event_type)
            ):
                reclassify(target, dominant)
    campaign_actor(cands)
    return [finish(ctx, i + 1, c, dominant, para_starts) for i, c in enumerate(cands)]
