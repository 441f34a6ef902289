"""Grouping claims by source and flagging disagreement (records built by hand)."""

from __future__ import annotations

from sitrep.extract.attribution_links import claims_by_source, disagreements, figures
from sitrep.model import Claim, Source, Span


def claim(cid: str, name: str, body: str, stance: str, content: str, events: list[str]) -> Claim:
    return Claim(
        id=cid,
        doc_id="d",
        source=Source(as_written=body, name=name, body=body),
        cue="said",
        content=Span(0, len(content), content),
        stance=stance,
        event_ids=events,
    )


def test_claims_by_source_groups_bodies_under_their_government() -> None:
    claims = [
        claim("d:c1", "Government of Ruritania", "Ruritanian Defence Ministry", "asserts", "x", []),
        claim("d:c2", "Government of Ruritania", "the Palace", "denies", "y", []),
        claim("d:c3", "Government of Borduria", "Borduria", "asserts", "z", []),
    ]
    groups = claims_by_source(claims)
    assert sorted(groups) == ["government of borduria", "government of ruritania"]
    assert [c.id for c in groups["government of ruritania"]] == ["d:c1", "d:c2"]


def test_opposite_stances_on_one_event_are_flagged() -> None:
    claims = [
        claim("d:c1", "Government of Ruritania", "Ruritania", "asserts", "the strikes hit homes", ["e1"]),
        claim("d:c2", "Government of Borduria", "Borduria", "denies", "targeting homes", ["e1"]),
        claim("d:c3", "Government of Borduria", "Borduria", "denies", "anything", ["e2"]),
    ]
    (d,) = disagreements(claims)
    assert d.event_id == "e1" and d.kind == "stance"
    assert d.claim_ids == ["d:c1", "d:c2"] and d.sources == ["Ruritania", "Borduria"]
    assert d.to_dict()["kind"] == "stance"


def test_different_figures_are_flagged_and_same_source_is_not() -> None:
    claims = [
        claim("d:c1", "Army of Ruritania", "the army", "asserts", "nine soldiers were killed", ["e1"]),
        claim("d:c2", "Red Cross", "Red Cross", "asserts", "14 soldiers were killed", ["e1"]),
        claim("d:c3", "Army of Ruritania", "the army", "asserts", "20 were killed", ["e1"]),
    ]
    found = disagreements(claims)
    assert [d.kind for d in found] == ["figure"]
    assert set(found[0].claim_ids) == {"d:c1", "d:c2"}


def test_figures_reads_digits_and_words() -> None:
    assert figures("at least nine civilians and 1,200 homes") == {9, 1200}
    assert figures("no figures here") == set()
