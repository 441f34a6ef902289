"""Quotation marks to quoted stretches of text, robust to bad typography.

A character scanner, not a regex: it knows straight and curly double quotes, guillemets
(« », ‹ ›), low-9 quotes („), and the doubled-apostrophe convention ('' and ``) of some
newswire text. It never produces a runaway span: a quote that does not close stops at the
end of its paragraph (or after ``MAX_QUOTE_CHARS``) and carries a lower confidence and a
reason. Multi-paragraph quotes (each paragraph opens a quote, only the last one closes)
come back as several pieces marked ``continues``.

Speakers are assigned later (``sitrep.extract.claims``), from the attribution relations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_QUOTE_CHARS = 2000
MAX_GAP_CHARS = 120  # longest "..., he said, ..." interruption merged into one quote

# opener -> closers it accepts (the first is the proper one)
PAIRS: dict[str, tuple[str, ...]] = {
    "“": ("”", '"', "“"),
    "„": ("“", "”", '"'),
    "«": ("»",),
    "‹": ("›",),
    "»": ("«",),  # reversed guillemets (German, Danish)
    '"': ('"', "”"),
    "”": ("”", '"'),  # a closing mark used as an opener (bad typography)
    "``": ("''", '"', "”"),
    "''": ("''", '"', "”"),
}
_CANDIDATE = re.compile("[\"“”„«»‹`']")
_PARA = re.compile(r"\n[ \t]*\n")
_SENT_END = re.compile(r"[.!?][\"”’»]?\s")


@dataclass
class QuotePiece:
    """One quoted stretch: ``start``/``end`` exclude the marks, ``outer_*`` include them."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool = True
    continues: bool = False  # a multi-paragraph quote continued from the previous piece
    confidence: float = 0.9
    reason: str = ""


def _opener_at(text: str, i: int) -> str | None:
    pair = text[i : i + 2]
    if pair in ("``", "''"):
        before = text[i - 1] if i > 0 else " "
        after = text[i + 2] if i + 2 < len(text) else " "
        if (before.isspace() or before in "([{—–-") and not after.isspace():
            return pair
        return None
    ch = text[i]
    if ch == '"':
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if (before.isspace() or before in "([{—–-:") and not after.isspace():
            return ch
        return None
    if ch == "”":
        before = text[i - 1] if i > 0 else "\n"
        after = text[i + 1] if i + 1 < len(text) else " "
        return ch if before in "\n" and after.isalnum() else None
    if ch == "»":
        after = text[i + 1] if i + 1 < len(text) else " "
        before = text[i - 1] if i > 0 else " "
        # only a reversed opener when it cannot be a closer: preceded by space, followed by a letter
        return ch if before.isspace() and after.isalnum() and "«" not in text[max(0, i - 400) : i] else None
    return ch if ch in PAIRS else None


def _closer_at(text: str, i: int, opener: str) -> str | None:
    for closer in PAIRS[opener]:
        if text.startswith(closer, i):
            if closer == '"' and opener != '"':
                after = text[i + 1] if i + 1 < len(text) else " "
                if after.isalnum():  # a straight quote opening a nested quote, not closing
                    continue
            if closer == "“" and opener == "“":
                continue  # nesting, handled by the caller
            return closer
    return None


def find_quotes(text: str, max_chars: int = MAX_QUOTE_CHARS) -> list[QuotePiece]:
    """Every quoted stretch of ``text``, in order; never raises, never longer than ``max_chars``."""
    pieces: list[QuotePiece] = []
    paragraph_ends = [m.start() for m in _PARA.finditer(text)] + [len(text)]
    i = 0
    n = len(text)
    continues = False
    while i < n:
        cand = _CANDIDATE.search(text, i)
        if cand is None:
            break
        i = cand.start()
        opener = _opener_at(text, i)
        if opener is None:
            i += 1
            continue
        inner_start = i + len(opener)
        para_end = next(p for p in paragraph_ends if p >= inner_start)
        limit = min(para_end, inner_start + max_chars, n)
        depth = 0
        j = inner_start
        close_at = -1
        closer = ""
        while j < limit:
            if opener in ("“", "«", "‹") and text.startswith(opener, j):
                depth += 1
                j += 1
                continue
            found = _closer_at(text, j, opener)
            if found is not None:
                if depth > 0 and found == PAIRS[opener][0]:
                    depth -= 1
                    j += len(found)
                    continue
                close_at, closer = j, found
                break
            j += 1
        if close_at >= 0:
            proper = closer == PAIRS[opener][0]
            conf = 0.9 if proper else 0.75
            reason = f"quoted {opener}...{closer}" + ("" if proper else " (mismatched marks)")
            if depth > 0:
                conf, reason = 0.6, reason + "; nested quote left open"
            pieces.append(
                QuotePiece(inner_start, close_at, i, close_at + len(closer), True, continues, conf, reason)
            )
            continues = False
            i = close_at + len(closer)
            continue
        # never closed within the paragraph or the cap: stop at a sentence end, flag it
        stop = limit
        if limit == para_end:
            nxt = para_end
            while nxt < n and text[nxt].isspace():
                nxt += 1
            if nxt < n and _opener_at(text, nxt) == opener and para_end - inner_start < max_chars:
                pieces.append(
                    QuotePiece(
                        inner_start,
                        _rstrip(text, inner_start, para_end),
                        i,
                        _rstrip(text, inner_start, para_end),
                        False,
                        continues,
                        0.7,
                        f"quoted {opener}... continued in the next paragraph",
                    )
                )
                continues = True
                i = nxt
                continue
        else:
            ends = [m.end() - 1 for m in _SENT_END.finditer(text, inner_start, limit)]
            stop = ends[-1] if ends else limit
        end = _rstrip(text, inner_start, stop)
        if end > inner_start:
            why = "cut at the length cap" if limit < para_end else "cut at the paragraph end"
            pieces.append(
                QuotePiece(inner_start, end, i, end, False, continues, 0.35, f"quote never closed ({why})")
            )
        continues = False
        i = max(stop, i + 1)
    return pieces


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


_GAP_SENT_END = re.compile(r"(?:\b[a-z]{2,}|[\])\d])[.!?]")  # "said." but not "Sen." or "D-Mo."
_GAP_CUE = re.compile(
    r"\b(said|says|say|added|adds|told|tells|stated|states|continued|went on|explained|"
    r"wrote|writes|insisted|argued|noted|asked|according to|claimed|declared|warned|replied)\b",
    re.IGNORECASE,
)


def group_pieces(text: str, pieces: list[QuotePiece]) -> list[list[QuotePiece]]:
    """Pieces that belong to one quote: paragraph continuations and "..., he said, ..." breaks."""
    groups: list[list[QuotePiece]] = []
    for piece in pieces:
        if groups:
            last = groups[-1][-1]
            gap = text[last.outer_end : piece.outer_start]
            if piece.continues:
                groups[-1].append(piece)
                continue
            if len(gap) <= MAX_GAP_CHARS and not _PARA.search(gap) and _GAP_CUE.search(gap):
                ends = len(_GAP_SENT_END.findall(gap))
                # "..., he said, ..." or "...," he said. "...": the attribution sentence may
                # end before the quote goes on, within the same line
                after = text[piece.outer_end : piece.outer_end + 80].split("\n", 1)[0]
                new_speaker = bool(_GAP_CUE.search(after))  # '"...," a rebel said.' starts another claim
                marks = gap.count(".") + gap.count("!") + gap.count("?")
                if marks == 0 or (not new_speaker and (marks <= 1 or (ends <= 1 and "\n" not in gap))):
                    groups[-1].append(piece)
                    continue
        groups.append([piece])
    return groups
