"""User decisions (merge/split) persist across re-processing; the CLI verbs; optional embeddings."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fuse_helpers import event, extraction

from sitrep.cli import cli
from sitrep.errors import ResourceError
from sitrep.fuse import fuse_all, fuse_documents, merge_events, split_event
from sitrep.fuse.embeddings import get_embedder, load_embedder
from sitrep.fuse.families import build_families
from sitrep.settings import Settings
from sitrep.store import EventFilter, Store, open_store

SETTINGS = Settings.load(embeddings=False)


def groups(store: Store) -> set[frozenset[str]]:
    return {frozenset(ce.mention_ids) for ce in store.list_canonical_events(EventFilter(limit=None))}


def fill(store: Store) -> None:
    xs = [
        extraction("Strike on Kharkiv, three dead.", [event("a", killed=3)], outlet="A"),
        extraction("Kharkiv hit again.", [event("b", killed=3)], outlet="B"),
        extraction("Kharkiv shelling reported.", [event("c")], outlet="C"),
        extraction("Odesa port attacked.", [event("d", where="Odesa", day=date(2023, 3, 20))], outlet="D"),
    ]
    for x in xs:
        store.save_extraction(x)
    fuse_documents(store, [x.document.id for x in xs], SETTINGS)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(str(tmp_path / "d.db"))
    fill(s)
    return s


def test_split_off_one_mention_persists_across_fuse(store: Store) -> None:
    assert groups(store) == {frozenset("abc"), frozenset("d")}
    (ce,) = [e for e in store.list_canonical_events(EventFilter(limit=None)) if "a" in e.mention_ids]
    split_event(store, ce.id, ["c"])
    assert groups(store) == {frozenset("ab"), frozenset("c"), frozenset("d")}
    fuse_all(store, SETTINGS)
    assert groups(store) == {frozenset("ab"), frozenset("c"), frozenset("d")}
    assert any(d.kind == "split" for d in store.list_decisions())


def test_split_into_mentions_and_merge_back(store: Store) -> None:
    (ce,) = [e for e in store.list_canonical_events(EventFilter(limit=None)) if "a" in e.mention_ids]
    split_event(store, ce.id)
    assert groups(store) == {frozenset(x) for x in "abcd"}
    by_mention = {e.mention_ids[0]: e.id for e in store.list_canonical_events(EventFilter(limit=None))}
    merge_events(store, [by_mention["a"], by_mention["d"]], note="same attack, misdated")
    assert frozenset("ad") in groups(store)
    fuse_all(store, SETTINGS)
    assert frozenset("ad") in groups(store)
    merged = next(e for e in store.list_canonical_events(EventFilter(limit=None)) if "d" in e.mention_ids)
    assert any("user's merge decision" in why for why in merged.reasons.values())


def test_merge_and_split_take_event_mention_ids_as_show_does(store: Store) -> None:
    from sitrep.errors import ConfigError, NotFound

    split_event(store, "c", ["c"])  # "c" names the event holding mention c
    assert groups(store) == {frozenset("ab"), frozenset("c"), frozenset("d")}
    merge_events(store, ["a", "d"])
    assert frozenset("abd") in groups(store)
    with pytest.raises(ConfigError, match="already one canonical event"):
        merge_events(store, ["a", "b"])
    with pytest.raises(NotFound, match="no canonical event or event mention 'zz'"):
        merge_events(store, ["a", "zz"])


def test_cli_fuse_families_merge_split(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    s = open_store(db)
    wire = "Russian missiles struck the Kharkiv power plant on Thursday, killing 3 and cutting power to 180,000 homes, officials said."
    for x in (
        extraction(wire, [event("a", killed=3)], outlet="Wire"),
        extraction(
            wire + " Updated.", [event("b", killed=3)], outlet="Reprint", published=datetime(2023, 3, 9, 15)
        ),
        extraction("Odesa port attacked.", [event("d", where="Odesa", day=date(2023, 3, 20))], outlet="D"),
    ):
        s.save_extraction(x)
    s.close()
    runner = CliRunner()
    out = runner.invoke(cli, ["fuse", "--db", db])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.output)
    assert summary["canonical_events"] == 2 and summary["families"] == 1
    out = runner.invoke(cli, ["families", "--db", db, "--nl"])
    assert out.exit_code == 0, out.output
    (fam,) = [json.loads(line) for line in out.output.splitlines()]
    assert fam["size"] == 2 and fam["original_outlet"] == "Wire"
    s = open_store(db)
    ids = {e.mention_ids[0]: e.id for e in s.list_canonical_events(EventFilter(limit=None))}
    s.close()
    out = runner.invoke(cli, ["split", ids["a"], "--mention", "b", "--db", db])
    assert out.exit_code == 0, out.output
    assert len(json.loads(out.output)) == 2
    out = runner.invoke(cli, ["split", "ce-nope", "--db", db])
    assert out.exit_code == 2 and "no canonical event" in out.output
    out = runner.invoke(cli, ["merge", ids["a"], ids["d"], "--db", db])
    assert out.exit_code == 0, out.output
    (row,) = json.loads(out.output)
    assert sorted(row["mention_ids"]) == ["a", "d"]
    out = runner.invoke(cli, ["fuse", "--db", db, "--quiet"])
    assert out.exit_code == 0 and out.output == ""


def test_embeddings_are_optional_and_say_how_to_install() -> None:
    assert get_embedder(False) is None
    with pytest.raises(ResourceError, match="embeddings"):
        load_embedder("sitrep_no_such_embeddings_package")


def test_embedder_confirms_rewrites_when_given() -> None:
    class Fake:
        def encode(self, texts: list[str]) -> list[list[float]]:
            return [[1.0, 0.0] if "Kharkiv" in t else [0.0, 1.0] for t in texts]

    from sitrep.model import Document

    when = datetime(2023, 3, 9)
    a = Document.create("Energy facility in Kharkiv hit by a barrage", published=when)
    b = Document.create("Barrage damages a Kharkiv energy site", published=when)
    assert build_families([a, b]) == []
    (fam,) = build_families([a, b], embedder=Fake())
    assert "embeddings" in fam.reason
