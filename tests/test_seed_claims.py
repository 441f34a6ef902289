"""Acceptance: the seed article yields every expected claim and quote, with speakers and stances.

Needs ../shared/evaldata/seed (article.txt, expected.json); skipped where it is absent.
Speakers match when their words appear in the claim's source (as written, group, body, role);
contents match when at least half of the expected content words (5-letter stems) appear in the
contents of that speaker's claims with that stance.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

SEED = Path(__file__).resolve().parents[2] / "shared" / "evaldata" / "seed"
STOP = frozenset("the and that its for with from this their they are was were will has have".split())

pytestmark = pytest.mark.evaldata


def stems(text: str) -> set[str]:
    text = text.lower().replace("defense", "defence")
    return {w[:5] for w in re.findall(r"[a-z0-9]+", text) if w not in STOP and len(w) > 2}


def speaker_options(speaker: str) -> list[set[str]]:
    """'Ukrainian government (Kyiv)' -> [{ukrai, gover}, {kyiv}]"""
    core, _, paren = speaker.partition("(")
    return [s for s in (stems(core), stems(paren.strip(")"))) if s]


def source_words(source: Any) -> set[str]:
    return stems(" ".join(x for x in (source.as_written, source.name, source.body, source.role) if x))


@pytest.fixture(scope="module")
def extraction() -> Any:
    if not (SEED / "article.txt").exists():
        pytest.skip(f"seed evaluation data not found at {SEED} (needs ../shared/evaldata)")
    from sitrep.model import Document
    from sitrep.pipeline import Pipeline

    text = (SEED / "article.txt").read_text(encoding="utf-8")
    return Pipeline().extract(Document.create(text, published=datetime(2023, 3, 10)))


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads((SEED / "expected.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_every_expected_claim_is_found(extraction: Any, expected: dict[str, Any]) -> None:
    missing = []
    for want in expected["claims"]:
        options = speaker_options(want["speaker"])
        mine = [
            c
            for c in extraction.claims
            if c.stance == want["stance"] and any(o <= source_words(c.source) for o in options)
        ]
        got = set().union(*(stems(c.content.text) for c in mine)) if mine else set()
        need = stems(want["content"])
        if len(need & got) < 0.5 * len(need):
            missing.append((want["speaker"], want["stance"], want["content"], sorted(need - got)))
    assert not missing, missing


def test_claims_on_events_are_linked(extraction: Any, expected: dict[str, Any]) -> None:
    if not extraction.events:
        pytest.skip("the events stage found no events")
    linked = [c for c in extraction.claims if c.event_ids]
    wanted = [w for w in expected["claims"] if "links_to_event" in w]
    assert len(linked) >= len(wanted)
    ids = {e.id for e in extraction.events}
    assert all(set(c.event_ids) <= ids for c in extraction.claims)


def test_every_expected_quote_is_found(extraction: Any, expected: dict[str, Any]) -> None:
    for want in expected["quotes"]:
        hits = [
            q
            for q in extraction.quotes
            if (q.text == want["text"] if "text" in want else q.text.startswith(want["text_starts"]))
            and ("text_ends" not in want or q.text.endswith(want["text_ends"]))
        ]
        assert len(hits) == 1, (want, [q.text[:40] for q in extraction.quotes])
        speaker = hits[0].speaker
        assert speaker is not None
        assert any(o <= source_words(speaker) for o in speaker_options(want["speaker"])), (want, speaker)
        if "role" in want:
            assert speaker.role and stems(want["role"]) & stems(speaker.role)


def test_claim_ids_and_spans(extraction: Any) -> None:
    text = extraction.document.text
    doc_id = extraction.document.id
    assert [c.id for c in extraction.claims] == [
        f"{doc_id}:c{n}" for n in range(1, len(extraction.claims) + 1)
    ]
    for c in extraction.claims:
        assert text[c.content.start : c.content.end] == c.content.text
        assert c.reason and 0 < c.confidence <= 1
