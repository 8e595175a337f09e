"""Assumptions a candidate states ("I'd assume 10k RPS at peak"), checked against the facts sheet.

A real interviewer lets a reasonable assumption stand and corrects only one that contradicts
what they know: "One correction: it's 2M emails a minute at peak". Here an assumption is a
statement (not a question) with an assumption lead and a number; it is checked against the
facts on its topic by comparing amounts of the same kind (milliseconds, a rate per second, a
share, a count). Within a factor of `TOLERANCE` of a fact's amount it stands; further from all
of them it is a contradiction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trainer.engine.units import sentence_spans

TOLERANCE = 2.0  # "about 1M" for a fact of 1.5M is a fine assumption; 10M is not

_LEAD_RE = re.compile(
    r"\b(?:i(?:'d| would)? assume|assuming|let'?s (?:say|assume)|say we have|suppose|i(?:'d| would)? guess"
    r"|presumably|i(?:'d| would)? expect|my guess is)\b"
    r"|\b(?:допустим|предположим|предполагаю|пусть)\b",
    re.IGNORECASE,
)
# "About", "roughly", "probably" hedge any number, the candidate's own targets included ("about 85%
# should arrive on time"): they state an assumption only about the world the facts describe.
_HEDGE_RE = re.compile(
    r"\b(?:probably|roughly|about|around|on the order of)\b|\b(?:наверное|скорее всего|примерно|около|порядка|думаю)\b",
    re.IGNORECASE,
)
# "… should arrive on time", "… должны доехать": a target the design sets, not a fact about the world.
_TARGET_RE = re.compile(r"\b(?:should|must|ought to|we want|aim|target)\b|\bдолж\w*|\bхотим\b|\bцель\b", re.IGNORECASE)
_WORLD_RE = re.compile(
    r"\b(?:we (?:have|get|see|serve|receive|handle)|there (?:are|is|will be)|traffic|users|requests|rps|qps|peak|volume"
    r"|per (?:second|minute|day))\b|у нас|\bесть\b|трафик|пользовател|запрос|пик|в секунду|в день|в минуту",
    re.IGNORECASE,
)
_MULTIPLIERS = {
    "k": 1e3, "thousand": 1e3, "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3,
    "m": 1e6, "mln": 1e6, "million": 1e6, "millions": 1e6, "млн": 1e6, "миллион": 1e6, "миллионов": 1e6, "миллиона": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "billions": 1e9, "млрд": 1e9, "миллиард": 1e9, "миллиардов": 1e9, "миллиарда": 1e9,
}
# The kind of an amount from the word after it (or after its multiplier).
_KINDS: list[tuple[str, re.Pattern[str], float]] = [
    ("ms", re.compile(r"^(?:ms|msec|millisecond|мс|миллисекунд)"), 1.0),
    ("ms", re.compile(r"^(?:s|sec|second|с|сек|секунд)\b"), 1000.0),
    ("rate", re.compile(r"^(?:rps|qps|requests? (?:per|a|/) ?s|req/s|queries per second|запрос\w* в секунду)"), 1.0),
    ("per_minute", re.compile(r"^(?:\w+ )?(?:per|a|в) (?:minute|минуту)"), 1.0),
    ("per_day", re.compile(r"^(?:\w+ )?(?:per|a|в) (?:day|день|сутки)"), 1.0),
    ("share", re.compile(r"^%|^percent|^процент"), 1.0),
    ("users", re.compile(r"^(?:\w+ )?(?:users|пользовател|mailboxes|ящик|subscribers|подписчик|dau|mau)"), 1.0),
]
_AMOUNT_RE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[,\u00a0 ]\d{3})+(?![\d])|\d+(?:[.,]\d+)?)\s*"
    r"(k|m|mln|bn|b|thousand|millions?|billions?|тыс(?:яч[аи]?)?|млн|миллион(?:ов|а)?|млрд|миллиард(?:ов|а)?)?"
    r"(?![\w])\.?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    value: float
    kind: str


def amounts(text: str) -> list[Amount]:
    """The amounts in a text whose kind can be told from the words after them."""
    found: list[Amount] = []
    for match in _AMOUNT_RE.finditer(text.replace("\u00a0", " ")):
        raw, multiplier = match.group(1), (match.group(2) or "").lower()
        if re.fullmatch(r"\d{1,3}(?:[, ]\d{3})+", raw):
            raw = raw.replace(",", "").replace(" ", "")  # 2,500 and 1 500 are thousands, not decimals
        try:
            value = float(raw.replace(",", "."))
        except ValueError:
            continue
        value *= _MULTIPLIERS.get(multiplier, 1.0)
        after = text[match.end() : match.end() + 40].lower()
        for kind, pattern, scale in _KINDS:
            if pattern.match(after):
                found.append(Amount(value * scale, kind))
                break
    return found


def stated_assumptions(text: str) -> list[str]:
    """The sentences of a message that state an assumed number (not questions)."""
    picked = []
    for start, end in sentence_spans(text):
        sentence = text[start:end].strip()
        hedged_fact = _HEDGE_RE.search(sentence) and _WORLD_RE.search(sentence) and not _TARGET_RE.search(sentence)
        led = _LEAD_RE.search(sentence) or hedged_fact
        if sentence.endswith("?") or not led or not amounts(sentence):
            continue
        picked.append(sentence)
    return picked


def contradicts(assumed: str, fact_text: str) -> bool:
    """Whether an assumption's amounts are all far from the fact's amounts of the same kind
    (and there is at least one such pair to compare)."""
    facts = amounts(fact_text)
    compared = False
    for amount in amounts(assumed):
        same = [f.value for f in facts if f.kind == amount.kind and f.value > 0]
        if not same or amount.value <= 0:
            continue
        compared = True
        if any(1 / TOLERANCE <= amount.value / value <= TOLERANCE for value in same):
            return False
    return compared
