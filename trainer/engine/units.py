"""A candidate turn cut into the units a reader takes in one glance.

People answer in prose, in Markdown notes, in "Heading: a, b, c" lines and, when
a call is transcribed, in long unpunctuated runs. The scorer must read all of
them, so a turn becomes units: a sentence of prose, one bullet line, a heading
or label line (which sets the topic of what follows), a table row. Speech runs
with no punctuation are cut into sentence-sized pieces at fillers and discourse
markers so that matching and evidence still work. Every unit keeps its span in
the original text, because evidence must be a verbatim quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

UnitKind = Literal["prose", "bullet", "heading", "row"]

_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_BOLD_LINE_RE = re.compile(r"^\s*(?:\*\*|__)([^*_]{1,80}?)(?:\*\*|__)\s*:?\s*$")
_BULLET_RE = re.compile(r"^(\s*)(?:[-*•+–—▪◦·]|\d{1,2}[.)]|[a-zа-я][.)])\s+(?=\S)", re.IGNORECASE)
_ROW_RE = re.compile(r"^\s*\|.*\|")  # a table row, even with words after its last cell
_ROW_RULE_RE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
# "Offline: PR-AUC, recall@k" — a short label, a colon, then content.
_LABEL_RE = re.compile(r"[\W_]*([^\W\d_][^:.!?\n]{0,44}?)[*_]*\s*[:：—–][*_]*\s+(?=\S)")
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…;])[\"»”)\]]*\s+")
_ABBREVIATIONS = (
    "e.g.", "i.e.", "vs.", "etc.", "approx.", "incl.", "resp.", "fig.", "no.", "eq.", "mr.", "dr.",
    "т.е.", "т.к.", "т.д.", "т.п.", "напр.", "др.", "см.", "т.н.", "стр.", "рис.",
    # "500 тыс. офферов": units of Russian numbers (with the space, so no word merely ends like one).
    " тыс.", " млн.", " млрд.", " руб.", " мин.", " сек.", " мес.",
)
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)

# Speech: a run longer than this many words without sentence punctuation is cut.
SPEECH_RUN_WORDS = 40
SPEECH_PIECE_WORDS = 22
SPEECH_COMMA_WORDS = 12  # captions have fewer than one comma in this many words
_SPEECH_BREAKS = frozenset(
    """so okay ok right and then now um uh basically actually alright anyway well yeah also next
    then so like first second third finally after that
    ну вот значит так короче итак потом дальше далее во-первых во-вторых далее также ещё""".split()
)
MAX_LABEL_WORDS = 5
SHORT_LINE_WORDS = 7


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of a turn: its span, what kind of line it came from, and its label if any.

    `label` is the span of a leading "Label:" (the topic the rest of the line is about);
    `section` numbers the heading-delimited sections of the turn, so a bullet knows which
    heading it sits under; `indent` is the bullet's nesting depth.
    """

    start: int
    end: int
    kind: UnitKind
    indent: int = 0
    label: tuple[int, int] | None = None
    section: int = 0
    line: int = 0  # index of the source line the unit starts on


def _words(text: str) -> int:
    return len(_TOKEN_RE.findall(text))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "*_>"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "*_"):
        end -= 1
    return start, end


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end] (abbreviations do not end a sentence)."""
    spans: list[tuple[int, int]] = []
    s = start
    chunk = text[start:end]
    for match in _SENTENCE_END_RE.finditer(chunk):
        e = start + match.start()
        if text[s:e].rstrip().lower().endswith(_ABBREVIATIONS):
            continue
        spans.append((s, e))
        s = start + match.end()
    spans.append((s, end))
    out = []
    for a, b in spans:
        a, b = _trim(text, a, b)
        if b > a:
            out.extend(_speech_pieces(text, a, b))
    return out


def _speech_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a long unpunctuated run at fillers/discourse markers into sentence-sized pieces."""
    if end - start < SPEECH_RUN_WORDS * 4:
        return [(start, end)]  # too short to hold that many words
    words = list(_TOKEN_RE.finditer(text, start, end))
    if len(words) <= SPEECH_RUN_WORDS or text.count(",", start, end) * SPEECH_COMMA_WORDS > len(words):
        return [(start, end)]  # short, or punctuated like writing (a long list is one unit)
    pieces: list[tuple[int, int]] = []
    piece_start = start
    count = 0
    for i, word in enumerate(words):
        count += 1
        lower = word.group().lower()
        if count >= SPEECH_PIECE_WORDS and lower in _SPEECH_BREAKS and i > 0:
            pieces.append((piece_start, words[i - 1].end()))
            piece_start, count = word.start(), 1
        elif count >= 2 * SPEECH_PIECE_WORDS:
            pieces.append((piece_start, word.end()))
            piece_start, count = (words[i + 1].start() if i + 1 < len(words) else end), 0
    if piece_start < end:
        pieces.append((piece_start, end))
    return [p for p in (_trim(text, a, b) for a, b in pieces) if p[1] > p[0]]


def _label_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    match = _LABEL_RE.match(text, start, end)
    if match is None:
        return None
    label = match.group(1)
    if _words(label) > MAX_LABEL_WORDS or "http" in label.lower():
        return None
    return match.start(1), match.end(1)


def split_units(text: str) -> list[Unit]:
    """The units of one turn, in order (see the module docstring)."""
    units: list[Unit] = []
    section = 0
    paragraph: list[tuple[int, int, int]] = []  # (start, end, line) of plain lines waiting to be joined
    bullet: tuple[int, int, int, int] | None = None  # start, end, indent, line index
    in_fence = False

    def flush_paragraph() -> None:
        if not paragraph:
            return
        _emit(paragraph[0][0], paragraph[-1][1], "prose", 0, paragraph[0][2])
        paragraph.clear()

    def flush_bullet() -> None:
        nonlocal bullet
        if bullet is None:
            return
        start, end, indent, line_no = bullet
        _emit(start, end, "bullet", indent, line_no)
        bullet = None

    def _emit(start: int, end: int, kind: UnitKind, indent: int, line_no: int) -> None:
        start, end = _trim(text, start, end)
        if end <= start:
            return
        for a, b in _sentences(text, start, end):
            units.append(Unit(a, b, kind, indent, _label_span(text, a, b), section, line_no))

    offset = 0
    lines = text.split("\n")
    for line_no, line in enumerate(lines):
        line_start, line_end = offset, offset + len(line)
        offset = line_end + 1
        if _FENCE_RE.match(line):
            in_fence = not in_fence
            flush_paragraph()
            flush_bullet()
            continue
        if in_fence:
            continue
        stripped = line.strip()
        if not stripped:
            flush_paragraph()
            flush_bullet()
            continue
        heading = _HEADING_RE.match(line) or _BOLD_LINE_RE.match(line)
        # "Metrics:" on its own line names what follows; "to:" finishing a sentence does not.
        short_label = (
            stripped.endswith((":", "：")) and _words(stripped) <= SHORT_LINE_WORDS
            and not (paragraph and stripped[:1].islower())
        )
        if heading or short_label:
            flush_paragraph()
            flush_bullet()
            section += 1
            a, b = _trim(text, line_start, line_end)
            while a < b and text[a] in "#":
                a += 1
            a, b = _trim(text, a, b)
            if b > a:
                units.append(Unit(a, b, "heading", 0, None, section, line_no))
            continue
        if _ROW_RE.match(line):
            flush_paragraph()
            flush_bullet()
            if _ROW_RULE_RE.match(line):
                continue
            a, b = _trim(text, line_start, line_end)
            units.append(Unit(a, b, "row", 0, None, section, line_no))
            continue
        bullet_match = _BULLET_RE.match(line)
        if bullet_match:
            flush_paragraph()
            flush_bullet()
            indent = len(bullet_match.group(1).expandtabs(4)) // 2
            bullet = (line_start + bullet_match.end(), line_end, indent, line_no)
            continue
        if bullet is not None:
            if line[:1].isspace():
                # A continuation of the bullet above (wrapped or indented under it).
                bullet = (bullet[0], line_end, bullet[2], bullet[3])
                continue
            flush_bullet()
        paragraph.append((line_start, line_end, line_no))
    flush_paragraph()
    flush_bullet()
    return units


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the units of `text` (sentences, list lines, headings)."""
    return [(u.start, u.end) for u in split_units(text)]


QUOTE_LIMIT = 300


def quote_window(text: str, start: int, end: int, match_start: int, match_end: int, limit: int = QUOTE_LIMIT) -> str:
    """A verbatim piece of text[start:end], at most ~`limit` characters, around the match.

    Cuts at word boundaries so the quote stays readable; the match itself is always kept.
    """
    if end - start <= limit:
        return text[start:end]
    half = max(0, (limit - (match_end - match_start)) // 2)
    a = max(start, match_start - half)
    b = min(end, match_end + half)
    # Spend what one side could not use on the other.
    if a == start:
        b = min(end, start + limit)
    elif b == end:
        a = max(start, end - limit)
    while a > start and not text[a - 1].isspace() and a > match_start - half - 20:
        a -= 1
    while a < match_start and a > start and not text[a - 1].isspace():
        a += 1
    while b < end and not text[b].isspace() and b < match_end + half + 20:
        b += 1
    piece_a, piece_b = a, b
    while piece_a < piece_b and text[piece_a].isspace():
        piece_a += 1
    while piece_b > piece_a and text[piece_b - 1].isspace():
        piece_b -= 1
    return text[piece_a:piece_b]
