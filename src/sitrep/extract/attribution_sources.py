"""Who made a claim: the source phrase normalised, pronouns and role nouns resolved.

* Names go through the actor alias data (``sitrep.extract.actors.match_actor``) so that
  "the Kremlin", "Moscow" and "Russian Defence Ministry" group under one government while
  the specific body is kept. Until that module is present, a small fallback table of capital
  metonyms is used (and the reason says so).
* "he"/"she" resolve to the most recent person named as a source (or, failing that, the most
  recent PERSON entity); "they"/"it" and role nouns ("the ministry", "the army") to the most
  recent group source whose words they share. Recency within the document only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sitrep.extract.attribution import Attribution, doc_text, load_cues
from sitrep.model import Source, Span

_OFFICIAL = re.compile(
    r"\b(president|minister|ministry|spokes(man|woman|person)|commander|general|governor|mayor|"
    r"official|ambassador|chief|secretary|head|prosecutor|envoy|adviser|advisor|premier|chancellor)\b",
    re.IGNORECASE,
)
_DETERMINERS = ("the ", "a ", "an ", "its ", "his ", "her ", "their ")
# used only while sitrep.extract.actors is absent: capital and seat-of-power metonyms
_FALLBACK_METONYMS: dict[str, str] = {
    "kyiv": "Government of Ukraine",
    "kiev": "Government of Ukraine",
    "ukraine": "Government of Ukraine",
    "moscow": "Government of Russia",
    "the kremlin": "Government of Russia",
    "kremlin": "Government of Russia",
    "russia": "Government of Russia",
    "washington": "Government of the United States",
    "the white house": "Government of the United States",
    "white house": "Government of the United States",
}


def _actor_matcher() -> Callable[[str], Any] | None:
    try:
        from sitrep.extract.actors import match_actor
    except ImportError:
        return None
    return match_actor  # type: ignore[no-any-return]


def clean_name(text: str) -> str:
    """'The Russian Defense Ministry,' -> 'Russian Defense Ministry'."""
    t = re.sub(r"\s+", " ", text).strip(" ,;:-—–\"“”'")
    low = t.lower()
    for det in _DETERMINERS:
        if low.startswith(det):
            t = t[len(det) :]
            break
    return t


@dataclass
class _Known:
    source: Source
    person: bool
    end: int
    words: frozenset[str]


class SourceResolver:
    """Turns attribution source spans into :class:`Source` records, in text order."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.text: str = doc_text(doc)
        self.known: list[_Known] = []
        self.lex = load_cues()
        self.match_actor = _actor_matcher()
        self.persons = [e for e in doc.ents if e.label_ == "PERSON"]

    # ----------------------------------------------------------------- public

    def resolve(self, attr: Attribution) -> Source:
        if attr.source is None:
            return Source(as_written="", reason="no source in the text (unattributed or passive)")
        a, b = attr.source
        written = self.text[a:b]
        span = Span(a, b, written)
        root = self.doc[attr.source_root] if attr.source_root is not None else None
        low = clean_name(written).lower()
        if root is not None and root.idx >= b or root is not None and root.idx < a:
            # relative pronoun: name the antecedent
            ante = self._np_text(root)
            src = self._named(ante, span, root)
            src.as_written = written
            src.reason = f"relative pronoun '{written}' -> '{ante}'; " + src.reason
            self._remember(src, root, b)
            return src
        if low in self.lex.person_pronouns or low in self.lex.group_pronouns:
            return self._pronoun(written, low, span, a)
        if self._is_role_noun(written, root):
            hit = self._role(low, a)
            if hit is not None:
                src = Source(
                    as_written=written,
                    name=hit.source.name,
                    body=hit.source.body,
                    role=hit.source.role,
                    span=span,
                    reason=f"role noun '{written}' -> '{hit.source.body or hit.source.name}' (most recent match)",
                )
                self._remember(src, root, b)
                return src
        src = self._named(written, span, root)
        self._remember(src, root, b)
        return src

    # ----------------------------------------------------------------- helpers

    def _np_text(self, tok: Any) -> str:
        toks = [t for t in tok.subtree if t.dep_ not in ("relcl", "punct") and not self._in_relcl(t, tok)]
        if not toks:
            return str(tok.text)
        return self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)]

    @staticmethod
    def _in_relcl(t: Any, head: Any) -> bool:
        while t.i != head.i and t.head.i != t.i:
            if t.dep_ in ("relcl", "appos", "acl"):
                return True
            t = t.head
        return False

    def _is_role_noun(self, written: str, root: Any) -> bool:
        words = clean_name(written).lower().split()
        if len(words) != 1 or not written.lower().startswith("the "):
            return False
        if root is not None and root.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
            return written.lower().startswith("the ") and len(words) == 1
        return words[-1] in self.lex.role_nouns

    def _named(self, written: str, span: Span, root: Any) -> Source:
        name = clean_name(written)
        person = self._person_in(span)
        role = None
        reasons = []
        if person is not None:
            pname = person.text
            rest = (
                self.text[span.start : person.start_char] + " " + self.text[person.end_char : span.end]
            ).strip()
            rest = clean_name(rest.replace(",", " "))
            role = re.sub(r"\s+", " ", rest) or None
            reasons.append(f"person '{pname}'" + (f", role '{role}'" if role else ""))
        probe = written
        if person is not None:
            # a person speaks for an actor only through an official role ("Ukrainian President")
            probe = role if role and _OFFICIAL.search(role) else ""
        actor = self.match_actor(probe) if self.match_actor is not None and probe else None
        if actor is not None:
            group = getattr(actor, "name", None)
            body = person.text if person is not None else (getattr(actor, "body", None) or name)
            reasons.append(f"actor alias -> {group}")
            return Source(written, group, body, role, span, "; ".join(reasons))
        if person is not None:
            return Source(written, person.text, person.text, role, span, "; ".join(reasons))
        metonym = _FALLBACK_METONYMS.get(written.lower().strip()) or _FALLBACK_METONYMS.get(name.lower())
        if metonym is None and root is not None and root.ent_type_ == "GPE" and len(name.split()) <= 3:
            metonym = f"Government of {name}"
        if metonym is not None:
            return Source(written, metonym, name, None, span, f"place name as a metonym -> {metonym}")
        return Source(written, name, name, None, span, "as written")

    def _person_in(self, span: Span) -> Any:
        for ent in self.persons:
            if ent.start_char >= span.start and ent.end_char <= span.end:
                return ent
        return None

    def _remember(self, src: Source, root: Any, end: int) -> None:
        person = bool(src.span and self._person_in(src.span)) or (
            root is not None and root.ent_type_ == "PERSON"
        )
        words = frozenset(
            w.lower() for w in re.findall(r"\w+", " ".join(filter(None, [src.as_written, src.body])))
        )
        self.known.append(_Known(src, person, end, words))

    def _pronoun(self, written: str, low: str, span: Span, pos: int) -> Source:
        want_person = low in self.lex.person_pronouns
        for k in reversed(self.known):
            if k.end <= pos and k.person == want_person and k.source.name:
                s = k.source
                return Source(
                    written,
                    s.name,
                    s.body,
                    s.role,
                    span,
                    f"pronoun '{written}' -> '{s.body or s.name}' (most recent {'person' if want_person else 'group'} source)",
                )
        if want_person:
            before = [e for e in self.persons if e.end_char <= pos]
            if before:
                ent = before[-1]
                return Source(
                    written,
                    ent.text,
                    ent.text,
                    None,
                    span,
                    f"pronoun '{written}' -> '{ent.text}' (most recent person named)",
                )
        return Source(written, None, None, None, span, f"pronoun '{written}' unresolved")

    def _role(self, low: str, pos: int) -> _Known | None:
        words = set(re.findall(r"\w+", low)) - {"the"}
        for k in reversed(self.known):
            if k.end <= pos and words & k.words:
                return k
        if words & self.lex.document_nouns:
            # "the statement said", "the update said": the latest source that issues documents
            return next((k for k in reversed(self.known) if k.end <= pos and k.source.name), None)
        return None
