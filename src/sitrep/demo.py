"""The bundled demo corpus: 35 short articles written by the project (see data/demo/README.md).

The same articles come as JSONL (``articles.jsonl``), as a subset of full article pages with
boilerplate (``html/*.html``) and as an RSS feed (``feed.xml``); ``expected.json`` holds what an
analyst would code from each article, for golden tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from sitrep.model import Document


def demo_path() -> Path:
    """The folder holding the demo corpus inside the installed package."""
    return Path(str(resources.files("sitrep").joinpath("data", "demo")))


def iter_demo_rows() -> Iterator[dict[str, Any]]:
    """The raw JSONL rows (id, url, outlet, title, published, language, text), in file order."""
    with (demo_path() / "articles.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def row_to_document(row: dict[str, Any]) -> Document:
    published = row.get("published")
    return Document.create(
        row["text"],
        external_id=row.get("id"),
        url=row.get("url"),
        outlet=row.get("outlet"),
        title=row.get("title"),
        published=datetime.fromisoformat(published) if published else None,
        language=row.get("language") or "en",
        source=f"demo:{row.get('id')}",
    )


def iter_demo_documents() -> Iterator[Document]:
    """Every demo article as a :class:`Document` (external_id = the article's demo id)."""
    for row in iter_demo_rows():
        yield row_to_document(row)


def load_expected() -> dict[str, Any]:
    """The hand-written golden expectations (``expected.json``)."""
    data: dict[str, Any] = json.loads((demo_path() / "expected.json").read_text(encoding="utf-8"))
    return data
