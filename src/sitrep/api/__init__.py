"""sitrep's JSON API and web app: ``create_app(settings) -> FastAPI``."""

from __future__ import annotations

from sitrep.api.app import create_app

__all__ = ["create_app"]
