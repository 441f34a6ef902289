"""A gazetteer index for tests: built once per test session, restricted to a few countries."""

from __future__ import annotations

import functools
import tempfile
from datetime import datetime
from pathlib import Path

from sitrep.gazetteer import Gazetteer, build_gazetteer
from sitrep.model import Document, Place
from sitrep.pipeline import Pipeline
from sitrep.settings import Settings


@functools.lru_cache(maxsize=1)
def gazetteer_dir() -> Path:
    """A data dir holding gazetteer.sqlite for UA, RU and US places (all countries' records)."""
    folder = Path(tempfile.mkdtemp(prefix="sitrep-gaz-"))
    build_gazetteer(folder / "gazetteer.sqlite", quiet=True, countries=["UA", "RU", "US"])
    return folder


def shared_gazetteer() -> Gazetteer:
    return Gazetteer(gazetteer_dir() / "gazetteer.sqlite")


def places_pipeline() -> Pipeline:
    """A pipeline running only the places stage on the test gazetteer."""
    return Pipeline(Settings.load(data_dir=str(gazetteer_dir())), stages=["places"])


def places(pipeline: Pipeline, text: str) -> list[Place]:
    return pipeline.extract(Document.create(text, published=datetime(2024, 3, 8))).places


def by_name(found: list[Place], name: str) -> Place:
    hits = [p for p in found if p.name == name]
    assert hits, f"{name} not found in {[p.name for p in found]}"
    return hits[0]
