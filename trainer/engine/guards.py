"""What keeps the scorer honest: negation, instructions to the grader, keyword lists.

Candidate text is data. A sentence addressed to the grader earns nothing; a
negated mention ("we would not run an A/B test") earns nothing; a bare list of
terms is not an answer and earns nothing.
"""

from __future__ import annotations

import re

from trainer.engine.text import Token, normalize

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
_CLAUSE_PUNCT = re.compile(r"[,;:()\u2014\u2013]|\s-\s")
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
        if i > end and _boundary_between(text, tokens[i - 1], tokens[i]):
            break
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


_INJECTION_RE = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
        r"\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(rubric|instruction|prompt|scoring|grader|grading|criteria|rules|evaluat)",
        r"\b(give|award|assign|grant|mark)\b.{0,30}\b(full|max|maximum|perfect|top|100|all)\b.{0,20}\b(marks?|scores?|points|credit|rating|grade)",
        r"\b(score|rate|grade|mark|evaluate)\b.{0,25}\b(me|this|candidate|answer|transcript)\b.{0,25}\b(100|10/10|full|max|maximum|perfect|strong hire)",
        r"\byou are (now )?(the |a )?(grader|judge|evaluator|scorer|assistant)",
        r"\b(dear|attention|note to( the)?) (grader|judge|evaluator|scorer|ai|llm|model)",
        r"\b(system prompt|as an ai language model|previous instructions)",
        r"\b(mark|treat|consider)\b.{0,30}\b(all|every)\b.{0,20}\b(items?|criteria|points)\b.{0,20}\b(covered|met|satisfied)",
        r"(игнорир|проигнорир|забудь|не учитывай|отбрось).{0,40}(рубрик|инструкц|критери|правил|промпт|оценк)",
        r"(постав|дай|выстав|начисл|присво).{0,30}(максимальн|высш|полн|100|10 из 10|все).{0,25}(балл|оценк|score|очк)",
        r"(оцени|засчитай|отметь).{0,40}(максимальн|на 100|strong hire|все пункты|все критерии|как выполненн)",
        r"\bты (теперь )?(оценщик|грейдер|судья|ассистент)",
        )
    )
)


# Every pattern above contains one of these words; checking for them first keeps the
# full patterns (with their bounded gaps) off the hot path of ordinary sentences.
_INJECTION_ANCHORS = re.compile(
    r"ignor|disregard|forget|override|bypass|full|max|perfect|100|strong hire|you are|grader|judge|evaluator|"
    r"scorer|system prompt|language model|previous instructions|covered|satisfied|игнорир|забудь|не учитывай|"
    r"отбрось|максимальн|высш|полн|10 из 10|все пункты|все критерии|выполненн|ты "
)


def is_instruction_to_grader(sentence: str) -> bool:
    """True for text addressed to whoever grades the transcript rather than to the interviewer."""
    norm = normalize(sentence)
    if _INJECTION_ANCHORS.search(norm) is None:
        return False
    return _INJECTION_RE.search(norm) is not None


FUNCTION_WORDS = frozenset(
    """i we you it they this that these those the a an to of and or is are be will would can could should
    for with by on in as at if so then which our my let's let us because since when while need want have
    has use using do does it's we'd we'll i'd i'll there here also first then what how
    я мы вы бы и в на с по для это что как чтобы будем будет можно нужно если то а но или у из к от за
    так же есть мне нам нас его их этот эта эти тут там потом сначала также ещё еще при""".split()
)

MIN_PROSE_TOKENS = 4


def prose_budget(tokens: list[Token], keyword_token_count: int) -> int:
    """How many rubric items one sentence may credit: 0 for a bare list of terms.

    A sentence needs ordinary words around its terms to say something; the more
    of it is terms, the fewer items it can stand as evidence for.
    """
    n = len(tokens)
    if n < MIN_PROSE_TOKENS:
        return 0
    if not any(t.text in FUNCTION_WORDS for t in tokens):
        return 0
    plain = n - keyword_token_count
    if plain < 2 or plain * 2 < keyword_token_count:
        return 0
    return 1 + plain // 2
