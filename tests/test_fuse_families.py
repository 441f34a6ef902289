"""Story families: near-duplicates, rewrites, distinct stories, the original, incremental regrouping."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fuse_helpers import event, extraction

from sitrep.fuse import fuse_documents
from sitrep.fuse.families import build_families
from sitrep.model import Document
from sitrep.settings import Settings
from sitrep.store import open_store

WIRE = (
    "Russian forces fired 81 missiles at cities across the country overnight, the air force said. "
    "Six people were killed in Lviv region and the Zaporizhzhia nuclear plant lost external power for "
    '"the sixth time since the occupation began", the operator said.'
)
REWRITE = (
    "The Zaporizhzhia nuclear plant was cut off from external power after a barrage of 81 missiles, "
    "officials said; six died in the Lviv region. The operator called it "
    '"the sixth time since the occupation began".'
)
OTHER = (
    "Farmers in the south began the grain harvest early this year, the agriculture ministry said, "
    "expecting 52 million tonnes despite the war."
)


def doc(text: str, hour: int, outlet: str, day: int = 9) -> Document:
    return Document.create(text, outlet=outlet, published=datetime(2023, 3, day, hour))


def test_copies_and_rewrites_form_one_family_with_the_earliest_as_original() -> None:
    docs = [
        doc(WIRE + " Updated.", 11, "Reprint"),
        doc(WIRE, 8, "Wire"),
        doc(REWRITE, 14, "Rewriter"),
        doc(OTHER, 9, "Farm news"),
    ]
    (fam,) = build_families(docs)
    assert fam.original == docs[1].id
    assert set(fam.members) == {docs[0].id, docs[1].id, docs[2].id}
    assert "near-duplicate" in fam.reason and "rewrite" in fam.reason
    assert build_families(list(reversed(docs))) == [fam]  # order of input does not matter


def test_same_story_far_apart_in_time_is_not_one_family() -> None:
    assert build_families([doc(WIRE, 8, "Wire", day=1), doc(REWRITE, 8, "Rewriter", day=20)]) == []


def test_incremental_regrouping_keeps_distant_families(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "f.db"))
    settings = Settings.load(embeddings=False)
    first = [
        extraction(WIRE, [event("a")], outlet="Wire", published=datetime(2023, 3, 9, 8)),
        extraction(WIRE + " More.", [event("b")], outlet="Reprint", published=datetime(2023, 3, 9, 10)),
    ]
    for x in first:
        store.save_extraction(x)
    fuse_documents(store, [x.document.id for x in first], settings)
    (fam,) = store.list_families()
    later = extraction(OTHER, [event("c")], outlet="Farm news", published=datetime(2023, 5, 1, 8))
    store.save_extraction(later)
    fuse_documents(store, [later.document.id], settings)
    assert store.list_families() == [fam]
    store.close()
