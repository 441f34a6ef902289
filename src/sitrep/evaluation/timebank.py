"""`sitrep eval timebank`: DATE values against the document creation time (TempEval-3 TimeBank).

Each .tml file's <TEXT> is stripped of its tags (offsets kept), run through the dates stage with
the DCT as publication date, and every gold TIMEX3 of type DATE is matched to the predicted
mention overlapping it. A prediction is rendered as a TIMEX3 value by the granularity of its
range (day ``1998-01-08``, ISO week ``1998-W02``, weekend ``1998-W02-WE``, month ``1998-01``,
quarter ``1998-Q3``, half ``1998-H2``, season ``1998-SU``, year ``1998``, decade ``199``, century
``19``); "now"-like phrases render as PRESENT_REF. Values are compared as TimeML means them
(:func:`values_match`: "199X" is the decade "199"; an X in the gold leaves that digit open, so
"1989-WXX" agrees with "1989-W43"); ``accuracy_strict`` is plain string equality. Accuracy =
correct values / gold DATE timexes (a gold date with no overlapping prediction counts as wrong);
the table also reports recognition recall and the accuracy on the recognised ones.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError
from sitrep.model import DateMention

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_PRESENT = re.compile(
    r"^(?:now|currently|current|right now|at present|these days|nowadays|the present|present)$", re.I
)
_PAST = re.compile(
    r"^(?:recent(?:ly)?|the past|previously|earlier|once|formerly|in the past|lately|(?:in )?recent (?:days|weeks|months|years)"
    r"|(?:several|a few|some|many|a couple of) (?:days|weeks|months|years) ago"
    r"|(?:the )?(?:past|last|recent)(?: (?:several|few|many))? (?:days|weeks|months|quarters|years))$",
    re.I,
)
_FUTURE = re.compile(
    r"^(?:(?:in )?the (?:near |distant )?future|future|soon|someday|eventually|the (?:near|short) term|"
    r"(?:the )?(?:coming|future|upcoming)(?: (?:several|few))? (?:days|weeks|months|quarters|years)|a later date)$",
    re.I,
)


@dataclass
class GoldTimex:
    start: int
    end: int
    text: str
    value: str


def parse_tml(path: Path) -> tuple[str, date | None, list[GoldTimex]]:
    """(plain text of <TEXT>, DCT, gold DATE timexes with offsets into that text)."""
    raw = path.read_text(encoding="utf-8")
    dct = None
    m = re.search(r'<DCT>\s*<TIMEX3[^>]*value="(\d{4}-\d{2}-\d{2})', raw)
    if m:
        dct = date.fromisoformat(m.group(1))
    body_match = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    body = body_match.group(1) if body_match else ""
    out: list[str] = []
    length = 0
    open_timex: dict[str, Any] | None = None
    gold: list[GoldTimex] = []
    pos = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[pos : tag.start()])
        out.append(chunk)
        length += len(chunk)
        pos = tag.end()
        closing, name, attrs = tag.group(1), tag.group(2), tag.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = {"start": length, **dict(_ATTR.findall(attrs))}
        elif open_timex is not None:
            if open_timex.get("type") == "DATE" and open_timex.get("value"):
                text = "".join(out)[open_timex["start"] : length]
                gold.append(GoldTimex(open_timex["start"], length, text, open_timex["value"]))
            open_timex = None
    out.append(html.unescape(body[pos:]))
    return "".join(out), dct, gold


def timex_value(d: DateMention) -> str | None:
    """TIMEX3 value of a resolved mention, by the granularity of its range."""
    phrase = d.phrase.strip()
    if _PRESENT.match(phrase):
        return "PRESENT_REF"
    if _PAST.match(phrase):
        return "PAST_REF"
    if _FUTURE.match(phrase):
        return "FUTURE_REF"
    if d.start is None:
        return None
    s = d.start
    e = d.end or s
    if d.kind == "since":
        return f"{s.year}-{s.month:02d}" if d.time_precision == 3 and s.day == 1 else s.isoformat()
    if d.time_precision == 3 and s.day == 1 and (s.year, s.month) == (e.year, e.month):
        return f"{s.year}-{s.month:02d}"  # "earlier this month"
    quarter = _quarter(s, e)
    if quarter:
        return quarter  # quarters start in Jan/Apr/Jul/Oct, seasons in Mar/Jun/Sep/Dec
    if d.time_precision == 3 and (s.month, s.day) == (1, 1) and s.year == e.year and e.month < 12:
        return f"{s.year}"  # "earlier this year"
    if s == e:
        return s.isoformat()
    if s.weekday() == 5 and (e - s).days == 1:
        iso = s.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}-WE"  # a weekend
    if d.kind == "range" and d.time_precision == 1 and (e - s).days <= 1:
        return e.isoformat() if "overnight" not in phrase.lower() else s.isoformat()
    if s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31:
        if s.year == e.year:
            return f"{s.year}"
        if e.year - s.year == 9 and s.year % 10 == 0:
            return f"{s.year // 10}"  # a decade: "197"
        if e.year - s.year == 99 and s.year % 100 == 0:
            return f"{s.year // 100}"  # a century: "19"
    if s.day == 1 and (e + timedelta(days=1)).day == 1:
        months = (e.year - s.year) * 12 + e.month - s.month + 1
        if months == 1:
            return f"{s.year}-{s.month:02d}"
        if months == 6 and s.month in (1, 7) and "half" in phrase.lower():
            return f"{s.year}-H{1 if s.month == 1 else 2}"
        seasons = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}
        if months == 3 and s.month in seasons:
            return f"{s.year}-{seasons[s.month]}"
    if s.weekday() == 0 and (e - s).days == 6:
        iso = s.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    if (e - s).days <= 7:
        iso = s.isocalendar()
        return f"{iso[0]}-W{iso[1]:02d}"
    return s.isoformat()


def _quarter(s: date, e: date) -> str | None:
    """'1989-Q3' when s..e is exactly one calendar quarter."""
    if s.day == 1 and s.month in (1, 4, 7, 10) and s.year == e.year and e.month == s.month + 2:
        if (e + timedelta(days=1)).day == 1:
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
    return None


def _canonical(value: str) -> str:
    """One spelling per TIMEX3 value: a year with trailing X is its decade or century ("199X" = "199",
    "19XX" = "19", as TimeML 1.2 writes them)."""
    m = re.fullmatch(r"(\d{2,3})X+", value)
    return m.group(1) if m and len(value) == 4 else value


def values_match(gold: str, predicted: str | None) -> bool:
    """A predicted TIMEX3 value agrees with the gold one: the same value after canonical spelling, or the
    same granularity where the gold leaves digits unspecified with X ("1989-WXX" is some week of 1989, so
    the resolver's "1989-W43" agrees; "1989-QX" and "1989-Q3" likewise). A gold value is never
    loosened the other way: a prediction with X agrees only with the same X."""
    if predicted is None:
        return False
    g, p = _canonical(gold), _canonical(predicted)
    if g == p:
        return True
    if "X" not in g or len(g) != len(p):
        return False
    return all(a == b or (a == "X" and b.isdigit()) for a, b in zip(g, p, strict=True))


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    files = sorted(f for f in path.glob("*.tml") if not f.name.startswith("._"))
    if not files:
        raise ConfigError(f"no .tml files under {path}", "pass --data pointing at tempeval3/TimeBank")
    return files


def run(path: Path, limit: int | None = None, suite: str = "") -> dict[str, Any]:
    from sitrep.extract.dates import extract_dates
    from sitrep.nlp import load_model
    from sitrep.settings import Settings

    files = _files(path)[: limit or None]
    nlp = load_model(Settings.load().model)
    n_gold = recognised = correct = correct_recognised = strict = 0
    errors: Counter[str] = Counter()
    examples: list[dict[str, str]] = []
    docs = [parse_tml(f) for f in files]
    for (_text, dct, gold), doc in zip(docs, nlp.pipe(t for t, _, _ in docs), strict=True):
        predicted = extract_dates(doc, dct)
        for g in gold:
            n_gold += 1
            overlapping = [p for p in predicted if p.span.start < g.end and g.start < p.span.end]
            if not overlapping:
                errors["not recognised"] += 1
                if len(examples) < 400:
                    examples.append(
                        {"gold": g.text, "gold_value": g.value, "phrase": "", "value": "", "dct": str(dct)}
                    )
                continue
            recognised += 1
            best = min(overlapping, key=lambda p: abs(p.span.start - g.start) + abs(p.span.end - g.end))
            value = timex_value(best)
            if value == g.value:
                strict += 1
            if values_match(g.value, value):
                correct += 1
                correct_recognised += 1
            else:
                errors["wrong value" if value else "unresolved"] += 1
                if len(examples) < 400:
                    examples.append({"gold": g.text, "gold_value": g.value, "phrase": best.phrase,
                                     "value": value or "", "dct": str(dct)})  # fmt: skip
    metrics = {
        "documents": len(docs),
        "gold_dates": n_gold,
        "accuracy": round(correct / n_gold, 4) if n_gold else 0.0,
        "accuracy_strict": round(strict / n_gold, 4) if n_gold else 0.0,
        "recognition_recall": round(recognised / n_gold, 4) if n_gold else 0.0,
        "accuracy_on_recognised": round(correct_recognised / recognised, 4) if recognised else 0.0,
        "errors": dict(errors),
    }
    table = "\n".join(
        [
            f"TimeBank DATE values vs DCT ({metrics['documents']} documents, {n_gold} gold DATE timexes)",
            f"  accuracy (all gold)        {metrics['accuracy']:.3f}",
            f"  accuracy, exact strings    {metrics['accuracy_strict']:.3f}",
            f"  recognised (overlap)       {metrics['recognition_recall']:.3f}",
            f"  accuracy on recognised     {metrics['accuracy_on_recognised']:.3f}",
            f"  errors                     {dict(errors)}",
        ]
    )
    return {"suite": suite or "timebank", "metrics": metrics, "table": table, "examples": examples,
            "at": datetime.now().isoformat(timespec="seconds")}  # fmt: skip
