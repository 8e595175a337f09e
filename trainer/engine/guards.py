"""Negation: a mention the candidate rejects ("we would not run an A/B test") earns nothing.

The other guards live with what they guard: sentences addressed to the grader in
`grader_address.py`, text read back in `echo.py`, stuffing and templates in
`coverage.py` and `classifier.py`.
"""

from __future__ import annotations

import re

from trainer.engine.text import Token

NEGATORS = frozenset(
    """not no never without don't doesn't didn't won't wouldn't can't cannot shouldn't isn't aren't
    wasn't weren't haven't hasn't hardly neither nor nothing none
    не нет ни никогда никакой никакого никакие никаких нету""".split()
)
# Words that negate only what stands right after them: "skip the A/B test", "без бейзлайна";
# "to avoid leakage we split by time" must still credit the split.
NEAR_NEGATORS = frozenset("without skip skipping skipped avoid avoiding forget без избегать избежать пропустим".split())
NEAR_WINDOW = 2
# "not more than 20 ms", "не более 20 мс", "не только" keep the mention positive.
_NEGATION_EXEMPT = (
    "more", "less", "only", "just", "later", "longer", "higher", "lower", "exceed", "worse", "fewer",
    "above", "over", "under", "below", "too", "much", "bad", "wors", "very",
    "более", "менее", "больш", "меньш", "только", "позж", "хуже", "выше", "ниже", "превыш", "дольше", "слишком",
)
_CLAUSE_BREAK_WORDS = frozenset(
    "but however instead rather whereas although though except otherwise но однако зато вместо хотя кроме а лучше".split()
)
# A sentence end inside a unit ("no. A/B, by user") closes the clause as a comma does.
_CLAUSE_PUNCT = re.compile(r"[,;:()\u2014\u2013]|\s-\s|[.!?]\s")
_NEED_PREFIXES = ("need", "necess", "requir", "нуж", "треб", "понадоб", "обязател")
_POST_NEGATIVE = ("unnecessary", "overkill", "pointless", "irrelevant", "излишн", "избыточн", "бессмыслен", "лишн")

WINDOW = 5


def _boundary_between(text: str, left: Token, right: Token) -> bool:
    gap = text[left.end : right.start]
    return gap != " " and _CLAUSE_PUNCT.search(gap) is not None


def is_negated(text: str, tokens: list[Token], start: int, end: int) -> bool:
    """True when the phrase at tokens[start:end] is negated in its own clause."""
    for i in range(start - 1, max(-1, start - 1 - WINDOW), -1):
        tok = tokens[i]
        if tok.text in _CLAUSE_BREAK_WORDS or _boundary_between(text, tok, tokens[i + 1]):
            break
        if tok.text in NEAR_NEGATORS and start - i <= NEAR_WINDOW:
            return True
        if tok.text in NEGATORS:
            nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
            if nxt.startswith(_NEGATION_EXEMPT) or (tok.text == "no" and nxt in ("doubt", "matter")):
                continue
            return True
    for i in range(end, min(len(tokens), end + 4)):
        if i > 0 and _boundary_between(text, tokens[i - 1], tokens[i]):
            break  # "про контрольную группу — ответа нет": the negation is another clause's
        tok = tokens[i]
        if tok.text in _CLAUSE_BREAK_WORDS:
            break
        if tok.text.startswith(_POST_NEGATIVE):
            return True
        if tok.text in NEGATORS:
            following = [t.text for t in tokens[i + 1 : i + 3]]
            if following and following[0].startswith(_NEGATION_EXEMPT):
                continue
            # Russian puts the negation after the object: "A/B тест делать не будем".
            if tok.text in ("не", "нет", "ни") or any(f.startswith(_NEED_PREFIXES) for f in following):
                return True
    return False
