"""`sitrep eval ucdp`: deaths from all of a UCDP row's headlines, fused as sitrep fuses reports.

The CSV here is written by the test (invented headlines in UCDP's column layout); no evaluation
data is needed.
"""

from __future__ import annotations

import csv
from typing import Any

import pytest

from sitrep.evaluation.ucdp import run
from sitrep.evaluation.ucdp_deaths import fuse_row, row_sources, source_document

COLUMNS = ["id", "source_article", "source_office", "source_date", "source_headline", "date_start",
           "date_end", "low", "best", "high", "latitude", "longitude"]  # fmt: skip


def _row(n: int, articles: list[tuple[str, str, str]], day: str, low: int, high: int) -> dict[str, Any]:
    return {
        "id": str(n),
        "source_article": ";".join(f'"{o},{d},{h}"' for o, d, h in articles),
        "date_start": f"{day} 12:00:00 AM",
        "date_end": f"{day} 12:00:00 AM",
        "low": str(low),
        "best": str(low),
        "high": str(high),
        "latitude": "48.3",
        "longitude": "38.0",
    }


ROWS = [
    # one headline: the first-headline and the fused figure agree
    _row(1, [("Agence France Presse", "2016-03-02", "Two soldiers killed in shelling near Avdiivka")],
         "3/1/2016", 2, 2),
    # a later day's report raises the toll: the fused (conservative best) figure follows it
    _row(2, [("Reuters News", "2016-05-10", "Three civilians killed in shelling of Horlivka"),
             ("Agence France Presse", "2016-05-11", "Death toll from shelling of Horlivka rises to four")],
         "5/10/2016", 4, 4),
    # a report title with no event: a miss in the all-rows share, no figure given
    _row(3, [("Reuters News", "2016-06-01", "Monthly bulletin, June 2016")], "6/1/2016", 1, 1),
    # two events: the one two headlines support counts, not the first headline's
    _row(4, [("Reuters News", "2016-07-01", "Two civilians killed in shelling of Luhansk"),
             ("Reuters News", "2016-07-04", "Five soldiers killed in clashes near Mariupol"),
             ("Interfax", "2016-07-04", "Five soldiers killed near Mariupol - military")],
         "7/3/2016", 5, 5),
]  # fmt: skip


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("ucdp") / "ucdp.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(ROWS)
    return run(path)


def test_row_sources_reads_every_entry_once_and_skips_placeholders() -> None:
    row = {
        "source_article": '"AFP,2016-03-02,Two killed, one hurt";"AFP,2016-03-02,Two killed, one hurt";'
        '"MemoryBook,27/01/2015,-";"Reuters,2016-03-03,Toll rises"'
    }
    got = row_sources(row)
    assert [(o, h) for o, h, _ in got] == [("AFP", "Two killed, one hurt"), ("Reuters", "Toll rises")]
    assert str(got[0][2]) == "2016-03-02"
    fallback = {"source_article": "", "source_headline": "One killed;Two killed", "source_office": "AFP;AP",
                "source_date": "2016-03-02;2016-03-03"}  # fmt: skip
    assert [(o, h) for o, h, _ in row_sources(fallback)] == [("AFP", "One killed")]


def test_same_words_from_two_outlets_are_two_documents() -> None:
    a = source_document(("AFP", "Two killed", None))
    b = source_document(("Reuters", "Two killed", None))
    assert a.id != b.id and a.text == b.text == a.title


def test_fused_figure_reported_beside_the_first_headline(result: dict[str, Any]) -> None:
    m = result["metrics"]
    assert m["events"] == 4 and m["headlines"] == 7
    assert m["fatalities_in_range"] == 0.25  # first headlines: only row 1
    assert m["fused_fatalities_in_range"] == 0.75  # rows 1, 2 and 4
    assert m["fused_event_found"] == 0.75  # row 3 has no event
    assert m["fused_fatalities_in_range_with_event"] == 1.0
    assert m["fused_several_events"] == 0.25  # row 4
    assert m["multi_headline_rows"] == 0.5
    assert m["multi_headline_fused_in_range"] == 1.0 and m["multi_headline_first_in_range"] == 0.0
    assert "all headlines fused" in result["table"]


def test_no_event_is_none_not_zero() -> None:
    assert fuse_row([]).deaths is None


def _fused(deaths: int | None, stated: bool = True) -> Any:
    from sitrep.evaluation.ucdp_deaths import FusedDeaths

    return FusedDeaths(deaths, stated, 1 if deaths is not None else 0, 1)


def test_miss_kind_says_why_a_figure_misses_the_range() -> None:
    from sitrep.evaluation.ucdp_deaths import miss_kind

    news = [source_document(("Reuters News", "Three soldiers killed near Popasna", None))]
    entries = [source_document(("MemoryBook", name, None)) for name in ("Kovalenko", "Bondar")]
    garbled = [source_document(("Interfax", "????? ??-?????? ????", None))]
    assert miss_kind(news, _fused(3), 2, 4) is None
    assert miss_kind(garbled, _fused(None), 1, 1) == "no readable headline"
    assert miss_kind(news, _fused(None), 1, 1) == "the headlines report no event"
    assert miss_kind(news, _fused(0, stated=False), 1, 1) == "an event with no toll stated"
    assert miss_kind(news, _fused(5), 1, 1) == "above high"
    assert miss_kind(news, _fused(1), 3, 3) == "below low, other"
    # two entries record two deaths: UCDP's three cannot be reached, its two could
    assert miss_kind(entries, _fused(1), 3, 3) == "below low, fewer register entries than UCDP's deaths"
    assert miss_kind(entries, _fused(1), 2, 2) == "below low, as many register entries, kept apart"


def test_the_table_counts_the_misses(result: dict[str, Any]) -> None:
    misses = result["metrics"]["fused_misses"]
    # row 3 (a bulletin title) has no event; the other rows are in range
    assert misses["the headlines report no event"] == 1
    assert sum(misses.values()) == 1
    assert "rows outside low..high" in result["table"]
