"""`sitrep eval ruwa`: story-level purity of story families on the RUWA headlines (a sanity check).

RUWA labels each headline (title + sub-heading) with one of nine stories, assigned by keyword
search, so the labels are noisy. Each record becomes a document (title and sub-heading as text,
outlet, date) and story families are built over all of them, exactly as fusion does. The check:
documents that fusion calls copies or rewrites of one story should carry one story label.

Reported: purity (items in multi-document families whose label is their family's majority
label), the share of items placed in a multi-document family, the number of families, and the
purity of lumping everything together (the majority-label share) for reference.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError
from sitrep.model import Document


def _rows(path: Path) -> list[dict[str, str]]:
    if path.is_dir():
        found = sorted(path.glob("*.zip")) or sorted(path.glob("*.csv"))
        if not found:
            raise ConfigError(f"no RUWA zip or CSV under {path}", "pass --data pointing at ruwa-headlines")
        path = found[0]
    if path.suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as z:
                names = [n for n in z.namelist() if n.endswith(".csv") and not n.startswith("__MACOSX")]
                if not names:
                    raise ConfigError(f"no CSV inside {path}", "pass --data pointing at ruwa-headlines")
                text = io.TextIOWrapper(z.open(names[0]), encoding="utf-8", errors="replace")
                return list(csv.DictReader(text))
        except zipfile.BadZipFile as exc:
            raise ConfigError(
                f"{path} is not a readable zip ({exc})", "pass --data pointing at ruwa-headlines"
            ) from None
    with path.open(newline="", encoding="utf-8", errors="replace") as fh:
        return list(csv.DictReader(fh))


def load(path: Path, limit: int | None = None) -> list[tuple[Document, str]]:
    out: list[tuple[Document, str]] = []
    seen: set[str] = set()
    for row in _rows(path):
        title, desc = (row.get("title") or "").strip(), (row.get("desc") or "").strip()
        label = (row.get("Event") or "").strip()
        if not title or not label:
            continue
        try:
            published: datetime | None = datetime.strptime(row.get("Date", ""), "%m/%d/%Y").replace(hour=12)
        except ValueError:
            published = None
        text = f"{title}\n{desc}" if desc else title
        doc = Document.create(
            text, title=title, outlet=row.get("Site") or None, published=published, url=row.get("src")
        )
        if doc.id in seen:
            continue
        seen.add(doc.id)
        out.append((doc, label))
        if limit is not None and len(out) >= limit:
            break
    return out


def purity(groups: dict[str, list[str]]) -> tuple[float, int]:
    """(purity over items in groups of two or more, number of such items)."""
    agree = total = 0
    for labels in groups.values():
        if len(labels) < 2:
            continue
        agree += Counter(labels).most_common(1)[0][1]
        total += len(labels)
    return (agree / total if total else 0.0), total


def run(path: Path, limit: int | None = None, suite: str = "") -> dict[str, Any]:
    from sitrep.fuse.families import build_families

    records = load(path, limit)
    if not records:
        raise ConfigError(f"no labelled headlines in {path}")
    label_of = {doc.id: label for doc, label in records}
    families = build_families(doc for doc, _ in records)
    groups: dict[str, list[str]] = defaultdict(list)
    for fam in families:
        for doc_id in fam.members:
            groups[fam.id].append(label_of[doc_id])
    pure, covered = purity(groups)
    majority = Counter(label_of.values()).most_common(1)[0][1] / len(label_of)
    metrics = {
        "items": float(len(records)),
        "families": float(len(families)),
        "family_purity": pure,
        "items_in_families": float(covered),
        "coverage": covered / len(records),
        "lump_all_purity": majority,
    }
    table = (
        f"RUWA story purity: {len(records)} headlines, {len(families)} story families covering "
        f"{covered} items ({metrics['coverage']:.1%})\n"
        f"family purity {pure:.3f}   (one cluster for everything: {majority:.3f})"
    )
    return {"suite": suite or "ruwa", "path": str(path), "metrics": metrics, "table": table}
