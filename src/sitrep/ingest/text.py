"""Turning raw bytes into text, and the small facts every reader needs: language, dates, words.

Everything here is pure and cheap; the readers call it and wrap its ``ValueError`` into an
``InputError`` that names the item.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# The most frequent function words per language: a cheap, offline language check.
STOP_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in a is that for on was with as by at said it from his an be has have "
        "are were he which this its their they but not after been had who will would or more "
        "than also we when there".split()
    ),
    "fr": frozenset(
        "le la les des et est dans une pour que qui sur par pas avec au du il ont sont été".split()
    ),
    "de": frozenset(
        "der die das und ist nicht ein eine mit von den dem zu auf sich des für im wurde".split()
    ),
    "es": frozenset("el la los las y del que en una por con para es se al lo como fue han más".split()),
    "it": frozenset("il la di che e è per una con del della non sono nel gli le alla dei".split()),
    "pt": frozenset("o a os as de do da que em um uma para com não por no na dos foi são".split()),
    "nl": frozenset("de het een en van is dat op te in voor niet met zijn er aan ook werd".split()),
}
UKRAINIAN_LETTERS = set("іїєґ")
RUSSIAN_LETTERS = set("ыэъё")


def decode_bytes(data: bytes, declared: str | None = None, what: str = "file") -> str:
    """UTF-8 text (or the declared charset); ``ValueError`` for empty, binary or undecodable data."""
    if not data.strip():
        raise ValueError(f"empty {what}")
    if b"\x00" in data[:8192]:
        raise ValueError(f"binary {what}, not text (contains NUL bytes)")
    charset = (declared or "utf-8").strip().lower()
    if charset in ("utf8", "utf-8", "us-ascii", "ascii"):
        charset = "utf-8-sig"
    try:
        text = data.decode(charset)
    except LookupError:
        raise ValueError(f"unknown character set {declared!r}") from None
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"not valid {declared or 'UTF-8'} (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    controls = sum(1 for ch in text[:4096] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 4096):
        raise ValueError(f"binary {what}, not text (control characters)")
    return text


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its top, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def detect_language(text: str) -> tuple[str, str]:
    """(language code, reason). "en" unless the text shows clear signs of another language.

    Non-Latin scripts are recognised by their letters (Ukrainian vs Russian by the letters only
    one alphabet has); Latin-script text by the share of each language's commonest words.
    Short or ambiguous texts default to English. Unknown non-English text gets "und".
    """
    sample = text[:20000]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return "en", "no letters; defaulted to en"
    scripts: dict[str, int] = {}
    for ch in letters:
        name = unicodedata.name(ch, "")
        script = name.split(" ", 1)[0] if name else "UNKNOWN"
        scripts[script] = scripts.get(script, 0) + 1
    top, top_count = max(scripts.items(), key=lambda kv: kv[1])
    share = top_count / len(letters)
    if top != "LATIN" and share > 0.5:
        if top == "CYRILLIC":
            lower = sample.lower()
            uk = sum(lower.count(ch) for ch in UKRAINIAN_LETTERS)
            ru = sum(lower.count(ch) for ch in RUSSIAN_LETTERS)
            code = "uk" if uk > ru else "ru" if ru > uk else "und"
            return code, f"{share:.0%} Cyrillic letters (uk letters {uk}, ru letters {ru})"
        codes = {"ARABIC": "ar", "HEBREW": "he", "CJK": "zh", "HANGUL": "ko", "GEORGIAN": "ka", "GREEK": "el"}
        return codes.get(top, "und"), f"{share:.0%} {top.title()} letters"
    words = [w.lower() for w in WORD.findall(sample)]
    if len(words) < 8:
        return "en", f"only {len(words)} words; defaulted to en"
    ratios = {lang: sum(1 for w in words if w in stops) / len(words) for lang, stops in STOP_WORDS.items()}
    best = max(ratios, key=lambda lang: ratios[lang])
    if best == "en" or ratios[best] < 0.08 or ratios[best] < 1.5 * ratios["en"]:
        if ratios["en"] < 0.04 and len(words) >= 30:
            return "und", f"English stop-word ratio {ratios['en']:.2f} is too low for English"
        return "en", f"English stop-word ratio {ratios['en']:.2f}"
    return best, f"{best} stop-word ratio {ratios[best]:.2f} vs English {ratios['en']:.2f}"


# "10/03/2023", "3.10.23": all-numeric day and month in an order the text does not say
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}(?:[ T].*)?$")


def parse_published(value: object) -> datetime | None:
    """A publication time from ISO 8601, RFC 2822 or a plain date; ``ValueError`` if unreadable,
    or if all-numeric and either day-month or month-day ("10/03/2023": never guessed).

    Always time-zone aware, so publication times from different inputs compare: a zone given in
    the input is kept (the local date matters for "yesterday"); a time or date without one is
    taken as UTC (a bare date is midnight UTC).
    """
    parsed = _parse(value)
    return aware(parsed) if parsed is not None else None


def aware(moment: datetime) -> datetime:
    """``moment`` with a time zone: naive times are taken as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _parse(value: object) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC)
    if not isinstance(value, str):
        raise ValueError(f"cannot read {value!r} as a date")
    raw = value.strip()
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        pass
    numeric = _NUMERIC_DATE.match(raw)
    if (
        numeric
        and numeric.group(1) != numeric.group(2)
        and max(int(numeric.group(1)), int(numeric.group(2))) <= 12
    ):
        a, b = int(numeric.group(1)), int(numeric.group(2))
        raise ValueError(
            f"{raw!r} is ambiguous: day {a} of month {b}, or month {a} day {b}? "
            "Write the date as ISO 8601 (year-month-day, e.g. 2023-03-10)"
        )
    try:
        from dateutil import parser as dateutil_parser

        return dateutil_parser.parse(raw)
    except (ValueError, OverflowError):
        raise ValueError(f"cannot read {raw!r} as a date (use ISO 8601, e.g. 2023-03-10)") from None
