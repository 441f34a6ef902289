"""A small demo store written by hand through the Store API, for the API and browser tests.

Until the real demo corpus is wired in, these records stand in for ingest + extraction + fusion:
a missile strike on Kharkiv reported by three outlets (two of them one story family) with a
governor asserting and Russia's defence ministry denying, a drone strike near Odesa (precision 2),
shelling somewhere in Donetsk Oblast (precision 3), a country-level event, a spread of events
over three weeks for the timeline, and one article full of script/HTML payloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from sitrep.model import (
    Actor,
    CanonicalEvent,
    Casualty,
    Claim,
    DateMention,
    Document,
    Event,
    Extraction,
    FigureReport,
    Place,
    Source,
    Span,
    StoryFamily,
    Weapon,
)
from sitrep.store import open_store
from sitrep.store.base import Store

XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
XSS_PLACE = '<img src=y onerror="window.__xss=3">Xville'


def span(text: str, part: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part), part)


@dataclass
class Demo:
    store: Store
    kharkiv: str = "ce-kharkiv"
    odesa: str = "ce-odesa"
    donetsk: str = "ce-donetsk"
    country: str = "ce-country"
    xss: str = "ce-xss"
    doc_ids: dict[str, str] = field(default_factory=dict)
    total: int = 0


def _place(
    text: str,
    name: str,
    lat: float | None,
    lon: float | None,
    precision: int,
    feature: str,
    admin1: str | None,
    country: str = "Ukraine",
) -> Place:
    return Place(
        span=span(text, name),
        name=name,
        canonical=name,
        country=country,
        country_code="UA",
        admin1=admin1,
        latitude=lat,
        longitude=lon,
        geo_precision=precision,
        feature=feature,
        reason=f"{name}: gazetteer hit, country context UA",
    )


def _date(text: str, phrase: str, day: date) -> DateMention:
    return DateMention(
        span=span(text, phrase),
        phrase=phrase,
        start=day,
        end=day,
        time_precision=1,
        reason=f"'{phrase}' resolved against the publication date",
    )


def build_demo_store(url: str, extra_days: int = 20) -> Demo:
    store = open_store(url)
    demo = Demo(store)
    day0 = date(2024, 3, 3)
    pub = datetime(2024, 3, 3, 18, 0)

    # --- Kharkiv: three reports, a governor asserts, the ministry denies -------------------
    base_text = (
        "Russian forces struck Kharkiv with missiles on Sunday, killing at least five civilians and "
        "injuring 12, regional governor Oleh Syniehubov said. "
        "Russia's Defence Ministry denied targeting civilians and said it hit a military depot."
    )
    texts = {
        "kyiv": base_text,
        "reuters": "KYIV (Reuters) - " + base_text + " The claims could not be independently verified.",
        "ap": (
            "A missile attack on Kharkiv on Sunday killed six people, the city's mayor Ihor Terekhov "
            "confirmed. Residential buildings were hit."
        ),
    }
    outlets = {"kyiv": "Kyiv Independent", "reuters": "Reuters", "ap": "Associated Press"}
    mention_ids = []
    for key, text in texts.items():
        doc = Document.create(
            text,
            outlet=outlets[key],
            title=f"Missile strike on Kharkiv ({outlets[key]})",
            url=f"https://example.org/{key}/kharkiv",
            published=pub,
        )
        demo.doc_ids[key] = doc.id
        first = (
            "Russian forces struck Kharkiv with missiles on Sunday"
            if key != "ap"
            else ("A missile attack on Kharkiv on Sunday killed six people")
        )
        kill = "at least five civilians" if key != "ap" else "killed six people"
        mid = f"m-kharkiv-{key}"
        mention_ids.append(mid)
        ev = Event(
            id=mid,
            doc_id=doc.id,
            sub_event_type="Shelling/artillery/missile attack",
            event_type="Explosions/Remote violence",
            evidence=[span(text, first)],
            event_date=day0,
            time_precision=1,
            date=_date(text, "Sunday", day0),
            place=_place(text, "Kharkiv", 49.9935, 36.2304, 1, "city", "Kharkiv Oblast"),
            actor1=Actor(
                "Military Forces of Russia (2000-)",
                as_written="Russian forces",
                inter=8,
                reason="alias 'Russian forces'",
            ),
            actor2=Actor("Civilians (Ukraine)", as_written="civilians", inter=7),
            fatalities=5 if key != "ap" else 6,
            casualties=[
                Casualty(
                    "killed",
                    5 if key != "ap" else 6,
                    qualifier="at least" if key != "ap" else None,
                    who="civilians",
                    span=span(text, kill),
                    source="regional governor" if key != "ap" else "mayor",
                )
            ],
            weapons=[Weapon("missile", span=span(text, "missile"))],
            reasons={"event_type": "cue 'struck ... with missiles' -> Shelling/artillery/missile attack"},
        )
        claims = []
        if key != "ap":
            gov = Source(
                "regional governor Oleh Syniehubov",
                name="Government of Ukraine",
                body="Kharkiv Regional Military Administration",
                role="governor",
                span=span(text, "regional governor Oleh Syniehubov"),
            )
            mod = Source(
                "Russia's Defence Ministry",
                name="Government of Russia",
                body="Russian Defence Ministry",
                span=span(text, "Russia's Defence Ministry"),
            )
            claims = [
                Claim(
                    id=f"c-gov-{key}",
                    doc_id=doc.id,
                    source=gov,
                    cue="said",
                    content=span(
                        text,
                        "Russian forces struck Kharkiv with missiles on Sunday, killing at least five civilians",
                    ),
                    stance="asserts",
                    event_ids=[mid],
                    confidence=0.9,
                    reason="reported speech, cue 'said'",
                ),
                Claim(
                    id=f"c-mod-{key}",
                    doc_id=doc.id,
                    source=mod,
                    cue="denied",
                    content=span(text, "targeting civilians"),
                    stance="denies",
                    event_ids=[mid],
                    confidence=0.9,
                    reason="cue 'denied'",
                ),
            ]
        else:
            mayor = Source(
                "the city's mayor Ihor Terekhov",
                name="Government of Ukraine",
                body="Kharkiv City Council",
                span=span(text, "the city's mayor Ihor Terekhov"),
            )
            claims = [
                Claim(
                    id="c-mayor-ap",
                    doc_id=doc.id,
                    source=mayor,
                    cue="confirmed",
                    content=span(text, "A missile attack on Kharkiv on Sunday killed six people"),
                    stance="confirms",
                    event_ids=[mid],
                    confidence=0.8,
                    reason="cue 'confirmed'",
                )
            ]
        store.save_extraction(
            Extraction(
                document=doc,
                events=[ev],
                places=[ev.place] if ev.place else [],
                dates=[ev.date] if ev.date else [],
                claims=claims,
            )
        )
    fam = StoryFamily(
        "fam-kharkiv",
        original=demo.doc_ids["kyiv"],
        members=[demo.doc_ids["kyiv"], demo.doc_ids["reuters"]],
        reason="Reuters copy: MinHash 0.91",
    )
    store.replace_families([fam])
    merged = store.get_event_mention("m-kharkiv-kyiv")
    assert merged is not None
    canon = [
        CanonicalEvent(
            id=demo.kharkiv,
            event=merged,
            mention_ids=mention_ids,
            doc_ids=[demo.doc_ids[k] for k in texts],
            outlets=list(outlets.values()),
            families=["fam-kharkiv"],
            independent_sources=2,
            first_reported=pub,
            last_reported=pub,
            figures=[
                FigureReport(
                    "killed", 5, None, "regional governor", demo.doc_ids["kyiv"], "Kyiv Independent", pub
                ),
                FigureReport("killed", 6, 6, "mayor", demo.doc_ids["ap"], "Associated Press", pub),
            ],
            history=["merged m-kharkiv-kyiv, m-kharkiv-reuters, m-kharkiv-ap: same place, date and type"],
            reasons={"fatalities": "lowest figure among sources (5), 6 reported by AP"},
        )
    ]

    # --- single-report events of each precision --------------------------------------------
    singles = [
        (
            demo.odesa,
            "A drone attack near Odesa on Monday injured two people.",
            "near Odesa",
            "Odesa",
            46.48,
            30.72,
            2,
            "city",
            "Odesa Oblast",
            "Explosions/Remote violence",
            "Air/drone strike",
            0,
            day0 + timedelta(1),
        ),
        (
            demo.donetsk,
            "Shelling across Donetsk Oblast on Tuesday killed three soldiers.",
            "Donetsk Oblast",
            "Donetsk Oblast",
            48.0,
            37.8,
            3,
            "admin1",
            "Donetsk Oblast",
            "Battles",
            "Armed clash",
            3,
            day0 + timedelta(2),
        ),
        (
            demo.country,
            "Protesters rallied in Ukraine on Wednesday against the mobilisation law.",
            "Ukraine",
            "Ukraine",
            None,
            None,
            3,
            "country",
            None,
            "Protests",
            "Peaceful protest",
            0,
            day0 + timedelta(3),
        ),
        (
            demo.xss,
            f"Fighting in {XSS_PLACE} on Thursday. {XSS} Officials said it was over.",
            XSS_PLACE,
            XSS_PLACE,
            47.5,
            35.0,
            1,
            "village",
            "Zaporizhzhia Oblast",
            "Battles",
            "Armed clash",
            1,
            day0 + timedelta(4),
        ),
    ]
    for i in range(extra_days):
        d = day0 - timedelta(days=i + 1)
        town, lat, lon = [("Bakhmut", 48.595, 38.0), ("Kherson", 46.635, 32.617), ("Sumy", 50.907, 34.798)][
            i % 3
        ]
        kind = [
            ("Battles", "Armed clash"),
            ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
            ("Violence against civilians", "Attack"),
        ][i % 3]
        singles.append(
            (
                f"ce-day-{i:02d}",
                f"Clashes were reported in {town} on {d:%d %B %Y}, killing {i % 4} people.",
                town,
                town,
                lat,
                lon,
                1,
                "city",
                f"{town} region",
                kind[0],
                kind[1],
                i % 4,
                d,
            )
        )
    for cid, text, place_text, name, lat, lon, prec, feature, admin1, etype, sub, dead, day in singles:
        doc = Document.create(
            text,
            outlet="Ukrainska Pravda",
            title=f"Report: {name}",
            published=pub,
            url=f"https://example.org/up/{cid}",
        )
        demo.doc_ids[cid] = doc.id
        place = _place(text, place_text, lat, lon, prec, feature, admin1)
        place.canonical = name
        ev = Event(
            id=f"m-{cid}",
            doc_id=doc.id,
            event_type=etype,
            sub_event_type=sub,
            evidence=[Span(0, text.index(".") + 1, text[: text.index(".") + 1])],
            event_date=day,
            time_precision=1,
            place=place,
            fatalities=dead,
            actor1=Actor("Military Forces of Russia (2000-)", inter=8)
            if etype != "Protests"
            else Actor("Protesters (Ukraine)", inter=6),
            reasons={"event_type": f"cue -> {sub}"},
        )
        store.save_extraction(Extraction(document=doc, events=[ev], places=[place]))
        canon.append(
            CanonicalEvent(
                id=cid,
                event=ev,
                mention_ids=[ev.id],
                doc_ids=[doc.id],
                outlets=["Ukrainska Pravda"],
                independent_sources=1,
                first_reported=pub,
                last_reported=pub,
            )
        )
    store.upsert_canonical_events(canon)
    demo.total = len(canon)
    return demo


# --------------------------------------------------------------------------- the real demo corpus

DEMO_CORPUS = Path(__file__).resolve().parents[1] / "src" / "sitrep" / "data" / "demo" / "articles.jsonl"
XSS_ARTICLE = (
    "Russian forces shelled Kherson on Tuesday, killing two civilians, the regional governor said. "
    f"{XSS} The <b>attack</b> hit a market."
)


def build_corpus_store(url: str) -> Store:
    """The bundled demo corpus plus one hostile article, through the real ingest, extraction and fusion."""
    from sitrep.ingest.runner import ingest_documents, ingest_items
    from sitrep.pipeline import Pipeline
    from sitrep.settings import Settings

    settings = Settings.load(db=url)
    store = open_store(url)
    pipeline = Pipeline(settings)
    ingest_items([str(DEMO_CORPUS)], store, settings, pipeline=pipeline)
    hostile = Document.create(
        XSS_ARTICLE,
        outlet="Hostile <i>Wire</i>",
        title=f"Shelling {XSS}",
        published=datetime(2023, 3, 14, 9, 0),
        external_id="xss-1",
    )
    ingest_documents(iter([hostile]), store, settings, pipeline=pipeline)
    return store
