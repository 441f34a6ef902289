"""The SQL both backends share: one class, written against a few dialect hooks.

SQL here uses ``?`` placeholders; the PostgreSQL backend rewrites them to ``%s``. Dates and
timestamps are ISO text in both backends (they sort and compare the same way), a missing
event date is ``''`` and missing fatalities ``0`` in the filter columns, so sorting and
keyset paging behave identically everywhere; the JSON blob keeps the exact record.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sitrep.errors import StoreError
from sitrep.model import Claim, Document, Event, Extraction, Quote, StoryFamily
from sitrep.store.base import ClaimFilter, Decision, SaveResult
from sitrep.store.events_sql import CanonicalQueries
from sitrep.store.sqlbase import CHUNK, _chunks, _iso, _like, _now

DOC_COLUMNS = "id, external_id, url, outlet, title, published, language, source, version_of, meta, text"


def _refuse_nul(extraction: Extraction) -> None:
    """NUL characters cannot be stored in PostgreSQL text or jsonb: refuse them in every backend."""
    if "\x00" in extraction.document.text or "\\u0000" in extraction.to_json():
        raise StoreError(
            f"document {extraction.document.id}: contains NUL characters; nothing was stored",
            "remove NUL (0x00) characters from the input text",
        )


class SQLStore(CanonicalQueries):
    """Documents, extractions, claims, families and decisions; canonical events come from the base."""

    # -- documents and extractions -------------------------------------------------------
    def save_extraction(self, extraction: Extraction) -> SaveResult:
        """Store the document with everything extracted from it, in one transaction.

        A record the database rejects (e.g. two claims with one id) raises StoreError and
        leaves nothing of the document behind.
        """
        _refuse_nul(extraction)
        try:
            return self._save(extraction)
        except self._integrity_errors as exc:
            doc = extraction.document
            stored = self.get_document(doc.id)
            if stored is not None:  # another process stored the same content meanwhile
                return SaveResult(doc.id, "duplicate", stored.external_id, stored.version_of)
            raise self._rejection(extraction, exc) from exc

    def _save(self, extraction: Extraction) -> SaveResult:
        doc = extraction.document
        with self._lock, self._transaction():
            row = self._execute(
                "SELECT external_id, version_of FROM documents WHERE id = ?", (doc.id,)
            ).fetchone()
            if row is not None:
                if row[0] is None and doc.external_id:
                    self._execute(
                        "UPDATE documents SET external_id = ? WHERE id = ?", (doc.external_id, doc.id)
                    )
                return SaveResult(doc.id, "duplicate", row[0] or doc.external_id, row[1])
            version_of, status = doc.version_of, "new"
            # changed text at a stored URL, or under a stored external id: a new version
            for column, key in (("url", doc.url), ("external_id", doc.external_id)):
                if not key:
                    continue
                prev = self._execute(
                    f"SELECT id FROM documents WHERE {column} = ? ORDER BY seq DESC LIMIT 1", (key,)
                ).fetchone()
                if prev is not None:
                    version_of, status = prev[0], "new_version"
                    break
            self._insert_document(extraction, version_of)
            self._insert_children(extraction)
        return SaveResult(doc.id, status, doc.external_id, version_of)

    def replace_extraction(self, extraction: Extraction) -> SaveResult:
        """Replace what was extracted from an already stored document (re-extraction)."""
        _refuse_nul(extraction)
        try:
            return self._replace(extraction)
        except self._integrity_errors as exc:
            raise self._rejection(extraction, exc) from exc

    @staticmethod
    def _rejection(extraction: Extraction, exc: Exception) -> StoreError:
        return StoreError(
            f"document {extraction.document.id}: the database rejected a record ({exc}); nothing was stored",
            "ids of events, claims and quotes must be unique within a document",
        )

    def _replace(self, extraction: Extraction) -> SaveResult:
        doc = extraction.document
        with self._lock, self._transaction():
            row = self._execute(
                "SELECT external_id, version_of FROM documents WHERE id = ?", (doc.id,)
            ).fetchone()
            if row is None:
                self._insert_document(extraction, doc.version_of)
                self._insert_children(extraction)
                return SaveResult(doc.id, "new", doc.external_id, doc.version_of)
            for table in ("claim_events", "claims", "quotes", "event_mentions"):
                self._execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc.id,))
            self._execute(
                "UPDATE documents SET extraction = ?, skipped = ? WHERE id = ?",
                (self._json(self._extraction_blob(extraction)), extraction.skipped, doc.id),
            )
            self._insert_children(extraction)
            return SaveResult(doc.id, "replaced", row[0] or doc.external_id, row[1])

    @staticmethod
    def _extraction_blob(extraction: Extraction) -> dict[str, Any]:
        blob = extraction.to_dict()
        blob.pop("document", None)
        return blob

    def _insert_document(self, extraction: Extraction, version_of: str | None) -> None:
        d = extraction.document
        self._execute(
            "INSERT INTO documents (id, external_id, url, outlet, title, published, language, source,"
            " version_of, meta, text, skipped, extraction, stored_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                d.id,
                d.external_id,
                d.url,
                d.outlet,
                d.title,
                _iso(d.published),
                d.language,
                d.source,
                version_of,
                self._json(d.meta),
                d.text,
                extraction.skipped,
                self._json(self._extraction_blob(extraction)),
                _now(),
            ),
        )

    def _insert_children(self, extraction: Extraction) -> None:
        doc_id = extraction.document.id
        mentions = []
        for pos, e in enumerate(extraction.events):
            p = e.place
            mentions.append(
                (
                    doc_id,
                    e.id,
                    pos,
                    e.event_type,
                    e.sub_event_type,
                    _iso(e.event_date) or "",
                    p.country if p else None,
                    p.admin1 if p else None,
                    (p.canonical or p.name) if p else None,
                    p.latitude if p else None,
                    p.longitude if p else None,
                    e.fatalities,
                    self._json(e.to_dict()),
                )
            )
        if mentions:
            self._executemany(
                "INSERT INTO event_mentions (doc_id, id, pos, event_type, sub_event_type, event_date, country,"
                " admin1, location, latitude, longitude, fatalities, data)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                mentions,
            )
        claims, links = [], []
        for pos, c in enumerate(extraction.claims):
            s = c.source
            claims.append(
                (
                    doc_id,
                    c.id,
                    pos,
                    s.name,
                    s.body,
                    s.as_written,
                    c.stance,
                    c.cue,
                    c.content.text,
                    int(c.direct),
                    self._json(c.to_dict()),
                )
            )
            links += [(doc_id, c.id, m) for m in dict.fromkeys(c.event_ids)]
        if claims:
            self._executemany(
                "INSERT INTO claims (doc_id, id, pos, source_name, source_body, source_as_written, stance, cue,"
                " content, direct, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                claims,
            )
        if links:
            self._executemany(
                "INSERT INTO claim_events (doc_id, claim_id, mention_id) VALUES (?, ?, ?)", links
            )
        quotes = [
            (
                doc_id,
                q.id,
                pos,
                q.speaker.name or q.speaker.as_written if q.speaker else None,
                q.text,
                self._json(q.to_dict()),
            )
            for pos, q in enumerate(extraction.quotes)
        ]
        if quotes:
            self._executemany(
                "INSERT INTO quotes (doc_id, id, pos, speaker, text, data) VALUES (?, ?, ?, ?, ?, ?)", quotes
            )

    def _document_from_row(self, row: Sequence[Any]) -> Document:
        return Document(
            id=row[0],
            external_id=row[1],
            url=row[2],
            outlet=row[3],
            title=row[4],
            published=datetime.fromisoformat(row[5]) if row[5] else None,
            language=row[6] or "en",
            source=row[7],
            version_of=row[8],
            meta=self._unjson(row[9]) or {},
            text=row[10],
        )

    def _resolve_doc_id(self, key: str) -> str | None:
        row = self._execute("SELECT id FROM documents WHERE id = ?", (key,)).fetchone()
        if row is None:
            row = self._execute(
                "SELECT id FROM documents WHERE external_id = ? ORDER BY seq DESC LIMIT 1", (key,)
            ).fetchone()
        return row[0] if row else None

    def has_document(self, doc_id: str) -> bool:
        with self._lock:
            return self._execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def get_document(self, key: str) -> Document | None:
        """A document by id or external id (the latest stored one when an external id repeats)."""
        with self._lock:
            doc_id = self._resolve_doc_id(key)
            if doc_id is None:
                return None
            row = self._execute(f"SELECT {DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
            return self._document_from_row(row)

    def get_extraction(self, doc_id: str) -> Extraction | None:
        with self._lock:
            key = self._resolve_doc_id(doc_id)
            if key is None:
                return None
            row = self._execute(
                f"SELECT {DOC_COLUMNS}, extraction FROM documents WHERE id = ?", (key,)
            ).fetchone()
        blob = dict(self._unjson(row[11]))
        blob["document"] = self._document_from_row(row).to_dict()
        return Extraction.from_dict(blob)

    def iter_documents(self) -> Iterator[Document]:
        last = 0
        while True:
            with self._lock:
                rows = self._execute(
                    f"SELECT {DOC_COLUMNS}, seq FROM documents WHERE seq > ? ORDER BY seq LIMIT ?",
                    (last, CHUNK),
                ).fetchall()
            if not rows:
                return
            for row in rows:
                yield self._document_from_row(row)
            last = rows[-1][11]

    def iter_documents_published(self, first: date, last: date, undated: bool = False) -> Iterator[Document]:
        """Documents published on ``first`` to ``last`` (calendar days, inclusive; the day as written
        in the stored timestamp), and with ``undated`` those without a publication time; storage order."""
        window = "(published >= ? AND published < ?)"
        where = f"({window} OR published IS NULL)" if undated else window
        lo, hi = first.isoformat(), (last + timedelta(days=1)).isoformat()
        last_seq = 0
        while True:
            with self._lock:
                rows = self._execute(
                    f"SELECT {DOC_COLUMNS}, seq FROM documents WHERE {where} AND seq > ? ORDER BY seq LIMIT ?",
                    (lo, hi, last_seq, CHUNK),
                ).fetchall()
            if not rows:
                return
            for row in rows:
                yield self._document_from_row(row)
            last_seq = rows[-1][11]

    def count_documents(self) -> int:
        with self._lock:
            return int(self._execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    # -- event mentions and claims -------------------------------------------------------
    def iter_event_mentions(self) -> Iterator[Event]:
        """Every event mention, in document storage order."""
        last = (0, -1)
        while True:
            with self._lock:
                rows = self._execute(
                    "SELECT m.data, d.seq, m.pos FROM event_mentions m JOIN documents d ON d.id = m.doc_id"
                    " WHERE (d.seq, m.pos) > (?, ?) ORDER BY d.seq, m.pos LIMIT ?",
                    (*last, CHUNK),
                ).fetchall()
            if not rows:
                return
            for row in rows:
                yield Event.from_dict(self._unjson(row[0]))
            last = (rows[-1][1], rows[-1][2])

    def get_event_mention(self, mention_id: str) -> Event | None:
        with self._lock:
            row = self._execute(
                "SELECT data FROM event_mentions WHERE id = ? LIMIT 1", (mention_id,)
            ).fetchone()
        return Event.from_dict(self._unjson(row[0])) if row else None

    def list_claims(self, flt: ClaimFilter) -> list[Claim]:
        where: list[str] = []
        params: list[Any] = []
        if flt.doc_id:  # an id or an external id
            where.append("(c.doc_id = ? OR c.doc_id IN (SELECT id FROM documents WHERE external_id = ?))")
            params += [flt.doc_id, flt.doc_id]
        if flt.event_id:
            where.append(
                "EXISTS (SELECT 1 FROM claim_events ce WHERE ce.doc_id = c.doc_id AND ce.claim_id = c.id"
                " AND (ce.mention_id = ? OR ce.mention_id IN"
                " (SELECT mention_id FROM canonical_mentions WHERE canonical_id = ?)))"
            )
            params += [flt.event_id, flt.event_id]
        if flt.source:
            where.append(
                "(lower(coalesce(c.source_name, '')) LIKE ? ESCAPE '\\'"
                " OR lower(coalesce(c.source_body, '')) LIKE ? ESCAPE '\\'"
                " OR lower(c.source_as_written) LIKE ? ESCAPE '\\')"
            )
            params += [_like(flt.source)] * 3
        if flt.stance:
            where.append("c.stance = ?")
            params.append(flt.stance)
        if flt.q:
            where.append("lower(c.content) LIKE ? ESCAPE '\\'")
            params.append(_like(flt.q))
        sql = "SELECT c.data FROM claims c JOIN documents d ON d.id = c.doc_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.seq, c.pos"
        if flt.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [flt.limit, flt.offset]
        with self._lock:
            rows = self._execute(sql, params).fetchall()
        return [Claim.from_dict(self._unjson(r[0])) for r in rows]

    def list_quotes(self, doc_id: str) -> list[Quote]:
        with self._lock:
            rows = self._execute(
                "SELECT data FROM quotes WHERE doc_id = ? ORDER BY pos", (doc_id,)
            ).fetchall()
        return [Quote.from_dict(self._unjson(r[0])) for r in rows]

    # -- story families and decisions ----------------------------------------------------
    def replace_families(self, families: list[StoryFamily]) -> None:
        with self._lock, self._transaction():
            self._execute("DELETE FROM family_members")
            self._execute("DELETE FROM families")
            if families:
                self._executemany(
                    "INSERT INTO families (id, original, reason, data) VALUES (?, ?, ?, ?)",
                    [(f.id, f.original, f.reason, self._json(f.to_dict())) for f in families],
                )
                members = {(f.id, m) for f in families for m in [f.original, *f.members]}
                self._executemany(
                    "INSERT INTO family_members (family_id, doc_id) VALUES (?, ?)", sorted(members)
                )

    def list_families(self) -> list[StoryFamily]:
        with self._lock:
            rows = self._execute("SELECT data FROM families ORDER BY id").fetchall()
        return [StoryFamily.from_dict(self._unjson(r[0])) for r in rows]

    def get_families(self, ids: list[str]) -> list[StoryFamily]:
        """The story families with these ids (unknown ids are skipped), ordered by id."""
        found: list[StoryFamily] = []
        with self._lock:
            for chunk in _chunks(list(dict.fromkeys(ids))):
                marks_in = ", ".join("?" for _ in chunk)
                rows = self._execute(f"SELECT data FROM families WHERE id IN ({marks_in})", chunk).fetchall()
                found += [StoryFamily.from_dict(self._unjson(r[0])) for r in rows]
        return sorted(found, key=lambda f: f.id)

    def add_decision(self, decision: Decision) -> Decision:
        with self._lock, self._transaction():
            row = self._execute(
                "INSERT INTO decisions (kind, mention_ids, note, created_at) VALUES (?, ?, ?, ?) RETURNING id",
                (decision.kind, self._json(list(decision.mention_ids)), decision.note, _now()),
            ).fetchone()
        return Decision(decision.kind, list(decision.mention_ids), decision.note, int(row[0]))

    def list_decisions(self) -> list[Decision]:
        with self._lock:
            rows = self._execute("SELECT id, kind, mention_ids, note FROM decisions ORDER BY id").fetchall()
        return [Decision(r[1], list(self._unjson(r[2])), r[3], int(r[0])) for r in rows]
