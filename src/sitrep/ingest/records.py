"""Building a :class:`Document` from what a reader found, with the user's defaults applied."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sitrep.errors import InputError
from sitrep.ingest.text import aware, detect_language, parse_published
from sitrep.model import Document, normalise_text


@dataclass(frozen=True)
class Defaults:
    """Values for documents whose input lacks them (``--published``, ``--outlet``, ``--title``)."""

    published: datetime | None = None
    outlet: str | None = None
    title: str | None = None


def make_document(
    text: str,
    *,
    item: str,
    defaults: Defaults,
    external_id: Any = None,
    url: str | None = None,
    outlet: str | None = None,
    title: str | None = None,
    published: Any = None,
    language: str | None = None,
    meta: dict[str, str] | None = None,
) -> Document:
    """A Document from one input item; ``InputError(item, ...)`` when the item cannot make one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not normalise_text(text):
        raise InputError(item, "no text")
    meta = dict(meta or {})
    try:
        when = parse_published(published)
    except ValueError as exc:
        raise InputError(item, f"published: {exc}") from None
    if when is None and defaults.published is not None:
        when = aware(defaults.published)
        meta["published_from"] = "default (--published)"
    if language:
        meta["language_from"] = "input"
    else:
        language, reason = detect_language(text)
        meta["language_from"] = reason
    return Document.create(
        text,
        external_id=None if external_id in (None, "") else str(external_id),
        url=url or None,
        outlet=outlet or defaults.outlet,
        title=title or defaults.title,
        published=when,
        language=language,
        source=item,
        meta=meta,
    )
