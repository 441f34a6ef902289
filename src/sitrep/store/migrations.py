"""Versioned schema migrations, one list of statements per backend and version.

Each migration runs once, in order, inside one transaction, and records its version in
``schema_version``. Never edit a published migration: add the next one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


SCHEMA_VERSION_TABLE = {
    "sqlite": "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)",
    "postgres": "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)",
}

# Tables whose definitions are the same in both dialects (TEXT dates in ISO form sort and
# compare the same way in both; JSON blobs are TEXT in SQLite and jsonb in PostgreSQL).
_COMMON_CHILD_TABLES = (
    """CREATE TABLE event_mentions (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        pos INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        event_date TEXT NOT NULL DEFAULT '',
        country TEXT,
        admin1 TEXT,
        location TEXT,
        latitude REAL,
        longitude REAL,
        fatalities INTEGER,
        data {json} NOT NULL,
        PRIMARY KEY (doc_id, id)
    )""",
    "CREATE INDEX event_mentions_id ON event_mentions(id)",
    "CREATE INDEX event_mentions_date ON event_mentions(event_date)",
    """CREATE TABLE claims (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        pos INTEGER NOT NULL,
        source_name TEXT,
        source_body TEXT,
        source_as_written TEXT NOT NULL,
        stance TEXT NOT NULL,
        cue TEXT NOT NULL,
        content TEXT NOT NULL,
        direct INTEGER NOT NULL DEFAULT 0,
        data {json} NOT NULL,
        PRIMARY KEY (doc_id, id)
    )""",
    "CREATE INDEX claims_id ON claims(id)",
    "CREATE INDEX claims_stance ON claims(stance)",
    "CREATE INDEX claims_source_name ON claims(source_name)",
    """CREATE TABLE claim_events (
        doc_id TEXT NOT NULL,
        claim_id TEXT NOT NULL,
        mention_id TEXT NOT NULL,
        PRIMARY KEY (doc_id, claim_id, mention_id),
        FOREIGN KEY (doc_id, claim_id) REFERENCES claims(doc_id, id) ON DELETE CASCADE
    )""",
    "CREATE INDEX claim_events_mention ON claim_events(mention_id)",
    """CREATE TABLE quotes (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        pos INTEGER NOT NULL,
        speaker TEXT,
        text TEXT NOT NULL,
        data {json} NOT NULL,
        PRIMARY KEY (doc_id, id)
    )""",
    """CREATE TABLE families (
        id TEXT PRIMARY KEY,
        original TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        data {json} NOT NULL
    )""",
    """CREATE TABLE family_members (
        family_id TEXT NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL,
        PRIMARY KEY (family_id, doc_id)
    )""",
    "CREATE INDEX family_members_doc ON family_members(doc_id)",
)

# canonical_events holds only the narrow filter and sort columns, so index scans and row
# lookups stay cheap at 100k+ events; the record itself and its search text live in
# canonical_data (one row per event, deleted with it).
_CANONICAL_EVENTS = """CREATE TABLE canonical_events (
        id TEXT PRIMARY KEY,
        event_date TEXT NOT NULL DEFAULT '',
        event_date_end TEXT,
        event_type TEXT NOT NULL,
        sub_event_type TEXT NOT NULL,
        actor1 TEXT,
        actor2 TEXT,
        country TEXT,
        admin1 TEXT,
        admin2 TEXT,
        location TEXT,
        latitude REAL,
        longitude REAL,
        geo_precision INTEGER,
        fatalities INTEGER NOT NULL DEFAULT 0,
        independent_sources INTEGER NOT NULL DEFAULT 0,
        first_reported TEXT,
        last_reported TEXT
    )"""

_CANONICAL_TAIL = (
    # one index per API filter, each ending in the sort key (and id, the tie-break) so a
    # filtered page sorted by date is read straight off the index
    "CREATE INDEX canonical_date ON canonical_events(event_date, id)",
    "CREATE INDEX canonical_type ON canonical_events(event_type, event_date, id)",
    "CREATE INDEX canonical_sub_type ON canonical_events(sub_event_type, event_date, id)",
    "CREATE INDEX canonical_country ON canonical_events(country, event_date, id)",
    "CREATE INDEX canonical_admin1 ON canonical_events(admin1, event_date, id)",
    "CREATE INDEX canonical_fatalities ON canonical_events(fatalities, id)",
    "CREATE INDEX canonical_sources ON canonical_events(independent_sources, id)",
    """CREATE TABLE canonical_mentions (
        canonical_id TEXT NOT NULL REFERENCES canonical_events(id) ON DELETE CASCADE,
        mention_id TEXT NOT NULL,
        PRIMARY KEY (canonical_id, mention_id)
    )""",
    "CREATE INDEX canonical_mentions_mention ON canonical_mentions(mention_id)",
    """CREATE TABLE canonical_docs (
        canonical_id TEXT NOT NULL REFERENCES canonical_events(id) ON DELETE CASCADE,
        doc_id TEXT NOT NULL,
        PRIMARY KEY (canonical_id, doc_id)
    )""",
    "CREATE INDEX canonical_docs_doc ON canonical_docs(doc_id)",
)

_DOCUMENT_COLUMNS = """
        id TEXT NOT NULL UNIQUE,
        external_id TEXT,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        source TEXT,
        version_of TEXT,
        meta {json} NOT NULL,
        text TEXT NOT NULL,
        skipped TEXT,
        extraction {json} NOT NULL,
        stored_at TEXT NOT NULL"""

_DOCUMENT_INDEXES = (
    "CREATE INDEX documents_external_id ON documents(external_id)",
    "CREATE INDEX documents_url ON documents(url)",
    "CREATE INDEX documents_published ON documents(published)",
)


def _fmt(statements: tuple[str, ...], json_type: str) -> tuple[str, ...]:
    return tuple(s.replace("{json}", json_type) for s in statements)


_SQLITE_V1 = (
    "CREATE TABLE documents (seq INTEGER PRIMARY KEY," + _DOCUMENT_COLUMNS.replace("{json}", "TEXT") + ")",
    *_DOCUMENT_INDEXES,
    *_fmt(_COMMON_CHILD_TABLES, "TEXT"),
    _CANONICAL_EVENTS,
    *_CANONICAL_TAIL,
    # rid = the rowid of the event in canonical_events (full-text hits filter that table directly).
    # SQLite (no statistics by default) would pick a lat/lon range index and sort its matches;
    # a date-ordered scan of the narrow table filtered by the box is faster, so no such index
    """CREATE TABLE canonical_data (
        rid INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE REFERENCES canonical_events(id) ON DELETE CASCADE,
        search TEXT NOT NULL DEFAULT '',
        data TEXT NOT NULL
    )""",
    "CREATE VIRTUAL TABLE canonical_fts USING fts5(search, content='canonical_data', "
    "content_rowid='rid', tokenize='porter unicode61')",
    """CREATE TRIGGER canonical_fts_insert AFTER INSERT ON canonical_data BEGIN
        INSERT INTO canonical_fts(rowid, search) VALUES (new.rid, new.search);
    END""",
    """CREATE TRIGGER canonical_fts_delete AFTER DELETE ON canonical_data BEGIN
        INSERT INTO canonical_fts(canonical_fts, rowid, search) VALUES ('delete', old.rid, old.search);
    END""",
    """CREATE TRIGGER canonical_fts_update AFTER UPDATE ON canonical_data BEGIN
        INSERT INTO canonical_fts(canonical_fts, rowid, search) VALUES ('delete', old.rid, old.search);
        INSERT INTO canonical_fts(rowid, search) VALUES (new.rid, new.search);
    END""",
    """CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        mention_ids TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )""",
)

_POSTGRES_V1 = (
    "CREATE TABLE documents (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    + _DOCUMENT_COLUMNS.replace("{json}", "jsonb")
    + ")",
    *_DOCUMENT_INDEXES,
    *_fmt(_COMMON_CHILD_TABLES, "jsonb"),
    _CANONICAL_EVENTS,
    *_CANONICAL_TAIL,
    "CREATE INDEX canonical_latlon ON canonical_events(latitude, longitude)",
    """CREATE TABLE canonical_data (
        id TEXT PRIMARY KEY REFERENCES canonical_events(id) ON DELETE CASCADE,
        search TEXT NOT NULL DEFAULT '',
        data jsonb NOT NULL,
        search_vector tsvector GENERATED ALWAYS AS (to_tsvector('english', search)) STORED
    )""",
    "CREATE INDEX canonical_search ON canonical_data USING GIN (search_vector)",
    """CREATE TABLE decisions (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        kind TEXT NOT NULL,
        mention_ids jsonb NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )""",
)

# v2: a covering index so stats() (per day, type, admin1) reads no table rows, and indexes for
# the other sort keys under the most common filter (event type)
_STATS_INDEX = (
    "CREATE INDEX canonical_stats ON canonical_events(event_date, event_type, admin1, fatalities,"
    " sub_event_type, country, independent_sources, latitude, longitude)",
    "CREATE INDEX canonical_type_fatalities ON canonical_events(event_type, fatalities, id)",
    "CREATE INDEX canonical_type_sources ON canonical_events(event_type, independent_sources, id)",
)

# v3: the place's feature kind (town, region, country...), so map points need no JSON decoding
_GEO_FEATURE = ("ALTER TABLE canonical_events ADD COLUMN geo_feature TEXT",)

# v4: a spatial index for the bbox filter. SQLite: an R*Tree (built in) keyed by the event's rowid,
# kept in step with canonical_events by triggers (an upsert's conflict path is an UPDATE, so the
# update trigger keeps a moved event in place). R*Tree boxes are 32-bit floats rounded outwards,
# so the index is a superset and the exact latitude/longitude test still runs on the table.
# PostgreSQL (no PostGIS needed): a GiST index over the built-in point type, used with `<@ box`.
_SQLITE_SPATIAL = (
    "CREATE VIRTUAL TABLE canonical_rtree USING rtree(rid, min_lon, max_lon, min_lat, max_lat)",
    "INSERT INTO canonical_rtree (rid, min_lon, max_lon, min_lat, max_lat)"
    " SELECT rowid, longitude, longitude, latitude, latitude FROM canonical_events"
    " WHERE latitude IS NOT NULL AND longitude IS NOT NULL",
    """CREATE TRIGGER canonical_rtree_insert AFTER INSERT ON canonical_events
        WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL BEGIN
        INSERT INTO canonical_rtree (rid, min_lon, max_lon, min_lat, max_lat)
        VALUES (new.rowid, new.longitude, new.longitude, new.latitude, new.latitude);
    END""",
    """CREATE TRIGGER canonical_rtree_update AFTER UPDATE OF latitude, longitude ON canonical_events BEGIN
        DELETE FROM canonical_rtree WHERE rid = old.rowid;
        INSERT INTO canonical_rtree (rid, min_lon, max_lon, min_lat, max_lat)
        SELECT new.rowid, new.longitude, new.longitude, new.latitude, new.latitude
        WHERE new.latitude IS NOT NULL AND new.longitude IS NOT NULL;
    END""",
    """CREATE TRIGGER canonical_rtree_delete AFTER DELETE ON canonical_events BEGIN
        DELETE FROM canonical_rtree WHERE rid = old.rowid;
    END""",
)
_POSTGRES_SPATIAL = (
    "CREATE INDEX canonical_geo ON canonical_events USING gist (point(longitude, latitude))",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, extractions, canonical events, families, decisions", _SQLITE_V1, _POSTGRES_V1),
    Migration(2, "indexes for stats and sorted filters", _STATS_INDEX, _STATS_INDEX),
    Migration(3, "geo_feature column (country-level events get no pin)", _GEO_FEATURE, _GEO_FEATURE),
    Migration(4, "spatial index for the bbox filter (R*Tree / GiST)", _SQLITE_SPATIAL, _POSTGRES_SPATIAL),
)

LATEST_VERSION = MIGRATIONS[-1].version
