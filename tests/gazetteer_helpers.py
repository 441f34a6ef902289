"""A gazetteer index for tests: built once per test session, restricted to a few countries."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from sitrep.gazetteer import Gazetteer, build_gazetteer


@functools.lru_cache(maxsize=1)
def gazetteer_dir() -> Path:
    """A data dir holding gazetteer.sqlite for UA, RU and US places (all countries' records)."""
    folder = Path(tempfile.mkdtemp(prefix="sitrep-gaz-"))
    build_gazetteer(folder / "gazetteer.sqlite", quiet=True, countries=["UA", "RU", "US"])
    return folder


def shared_gazetteer() -> Gazetteer:
    return Gazetteer(gazetteer_dir() / "gazetteer.sqlite")
