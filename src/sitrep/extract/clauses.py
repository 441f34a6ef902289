"""Clause-level status of an event cue from the spaCy parse: occurred, negated, hypothetical or background.

A cue belongs to the clause of its nearest verb that heads a clause (ROOT, ccomp, advcl, relcl,
conj, parataxis). The clause is *negated* when its verb has a ``neg`` child or sits under a
denial verb ("denied shelling"), *hypothetical* when a modal auxiliary ("could strike"), a
conditional ("if"), or a verb of intention or threat above it ("vowed to", "threatened to")
governs it, and *background* when a background phrase ("since August", "five months ago") or a
date of kind "since" / long before publication sits in the same clause.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sitrep.extract.casualty_forms import comparative_before
from sitrep.extract.taxonomy import lexicon
from sitrep.model import DateMention
from sitrep.nlp import doc_text

CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis", "csubj"})
BACKGROUND_AGE = timedelta(days=30)
SPEECH_LEMMAS = frozenset(
    {
        "say",
        "report",
        "claim",
        "assert",
        "state",
        "tell",
        "announce",
        "confirm",
        "add",
        "note",
        "write",
        "allege",
    }
)


_NEGATION_WORDS = frozenset({"not", "n't", "nt", "never", "no", "neither", "nor", "nothing", "nobody"})


NOBODY_REASON = "no one is its subject"


def _nobody(tok: Any) -> bool:
    """ "nobody", "no one", "none (of them)": a subject that says the thing happened to no one."""
    low = tok.lower_
    return low in ("nobody", "none") or (
        low in ("one", "civilians", "people", "casualties") and any(c.lower_ == "no" for c in tok.children)
    )


def _is_negation(tok: Any) -> bool:
    """A ``neg`` child that is a negation word: the parser sometimes tags a possessive "’s" as neg."""
    return bool(tok.dep_ == "neg" and tok.lower_.replace("’", "'") in _NEGATION_WORDS)


def _after_semicolon(clause: Any, verb: Any) -> bool:
    """In a headline, a denial after a semicolon answers the report before it ("Dozens killed,
    army says; rebels deny firing"): the report stands as told (the denial is the other side's
    claim). In running text the clause may retell an event told earlier, so the denial still holds."""
    headline = clause.sent.text.rstrip()[-1:] not in (".", "!", "?")
    return headline and clause.i < verb.i and any(t.text == ";" for t in clause.doc[clause.i : verb.i])


@dataclass(frozen=True)
class Status:
    value: str  # occurred | negated | hypothetical | background
    reason: str = ""


class SentenceParse:
    """Token lookup by character offset and cached clause status for one sentence."""

    def __init__(self, sent: Any) -> None:
        self.sent = sent
        self.tokens = list(sent)
        self.starts = [t.idx for t in self.tokens]
        self._status: dict[int, Status] = {}

    def token_at(self, char: int) -> Any:
        """The token covering document offset ``char`` (or the one before it)."""
        i = max(0, bisect_right(self.starts, char) - 1)
        return self.tokens[i]

    @staticmethod
    def clause_head(tok: Any) -> Any:
        t = tok
        for _ in range(40):
            if t.dep_ == "ROOT" or (t.dep_ in CLAUSE_DEPS and t.pos_ in ("VERB", "AUX")):
                return t
            if t.head.i == t.i:
                return t
            t = t.head
        return t

    def status(self, tok: Any) -> Status:
        """Negated / hypothetical status of the clause holding ``tok`` (cached per clause head)."""
        head = self.clause_head(tok)
        key = head.i
        if key not in self._status:
            self._status[key] = self._compute(tok, head)
        st = self._status[key]
        if st.value == "occurred" and tok.pos_ == "VERB":
            # the cue's own verb only: "nobody was killed in the strike" still tells of a strike
            who = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass") and _nobody(c)), None)
            if who is not None:
                return Status("negated", f"{NOBODY_REASON}: {who.text!r} {tok.text!r}")
        return st

    def _compute(self, tok: Any, head: Any) -> Status:
        lx = lexicon()
        # verbs between the cue and its clause head, and the head itself
        path = []
        t = tok
        for _ in range(40):
            path.append(t)
            if t.i == head.i or t.head.i == t.i:
                break
            t = t.head
        for prev, v in zip(path, path[1:], strict=False):
            if v.lemma_.lower() in lx.modal_heads and prev.dep_ in ("xcomp", "dobj", "pcomp"):
                return Status("hypothetical", f"under intention/threat verb {v.text!r}")
            if v.lemma_.lower() in lx.negation_heads:
                return Status("negated", f"under denial verb {v.text!r}")
        for v in path:
            for c in v.children:
                if _is_negation(c) and v.pos_ in ("VERB", "AUX", "NOUN"):
                    return Status("negated", f"negated: {c.text!r} {v.text!r}")
                if c.dep_ in ("aux", "auxpass") and c.lower_ in lx.modal_aux and v.pos_ in ("VERB", "AUX"):
                    return Status("hypothetical", f"modal: {c.text!r} {v.text!r}")
                if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether", "lest"):
                    return Status("hypothetical", f"conditional: {c.text!r} {v.text!r}")
        # governing verbs above the clause: denial, intention, threat
        t = head
        for _ in range(40):
            if t.head.i == t.i:
                break
            child, t = t, t.head
            lemma = t.lemma_.lower()
            if lemma in lx.negation_heads and not _after_semicolon(head, t):
                return Status("negated", f"under denial verb {t.text!r}")
            if lemma in lx.modal_heads and child.dep_ in ("xcomp", "ccomp", "dobj", "pcomp", "prep"):
                return Status("hypothetical", f"under intention/threat verb {t.text!r}")
            if (
                any(_is_negation(c) for c in t.children)
                and lemma not in SPEECH_LEMMAS
                and child.dep_ == "xcomp"
            ):
                return Status("negated", f"negated governing verb {t.text!r}")
        return Status("occurred")

    def same_clause(self, a: Any, b: Any) -> bool:
        return bool(self.clause_head(a).i == self.clause_head(b).i)


def background_status(
    sp: SentenceParse,
    tok: Any,
    bg_offsets: Iterable[int],
    dates: Iterable[DateMention],
    published: date | None,
) -> Status | None:
    """Background when a background phrase or an old / "since" date shares the cue's clause."""
    head = sp.clause_head(tok)
    text = doc_text(sp.sent.doc)
    for off in bg_offsets:
        if comparative_before(text, off):
            continue  # "bloodiest day since August": a comparison, not a running tally
        if sp.clause_head(sp.token_at(off)).i == head.i:
            return Status("background", "background phrase in the same clause")
    if any(c.dep_ == "mark" and c.lower_ == "since" for c in head.children) and head.tag_ in ("VBD", "VBN"):
        return Status("background", "a clause opened by 'since' tells what came before the report")
    for d in dates:
        if sp.clause_head(sp.token_at(d.span.start)).i != head.i:
            continue
        if d.kind == "since" and not comparative_before(text, d.span.start):
            return Status(
                "background", f"date {d.phrase!r} is a 'since' period: a running situation, not a new event"
            )
        if published and d.end and d.end < published - BACKGROUND_AGE:
            return Status(
                "background", f"date {d.phrase!r} is long before publication ({published.isoformat()})"
            )
    return None


TIME_NOUNS = frozenset(
    {"dawn", "morning", "night", "evening", "afternoon", "day", "days", "hours", "hour", "week", "weeks", "midnight",
     "noon", "overnight", "time", "period", "start", "end", "beginning", "course"}
)  # fmt: skip


def date_belongs(sp: SentenceParse, d: DateMention, cue_tok: Any, cue_chars: list[tuple[int, int]]) -> bool:
    """A date is the event's when it sits in the cue's clause and does not hang off another noun ("a raid last week")."""
    tok = sp.token_at(d.span.start)
    head = sp.clause_head(cue_tok)
    if sp.clause_head(tok).i != head.i:
        return False
    t = tok
    for _ in range(40):
        if t.i == head.i or t.head.i == t.i:
            return True
        t = t.head
        if t.idx >= d.span.start and t.idx < d.span.end:
            continue
        if t.pos_ in ("NOUN", "PROPN") and t.lower_ not in TIME_NOUNS:
            if not any(s <= t.idx < e for s, e in cue_chars):
                return False
    return True


def attribution(sp: SentenceParse, tok: Any) -> str | None:
    """Who the sentence says reported the event: the subject of a speech verb above the cue, or 'according to X'."""
    t = sp.clause_head(tok)
    for _ in range(40):
        if t.lemma_.lower() in SPEECH_LEMMAS and t.pos_ == "VERB":
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.i != tok.i:
                    return "".join(x.text_with_ws for x in c.subtree).strip()
        if t.head.i == t.i:
            break
        t = t.head
    for tk in sp.tokens:
        if tk.lower_ == "according" and tk.i + 1 < len(tk.doc) and tk.nbor(1).lower_ == "to":
            objs = [c for c in tk.nbor(1).children if c.dep_ == "pobj"]
            if objs:
                return "".join(x.text_with_ws for x in objs[0].subtree).strip()
    return None
