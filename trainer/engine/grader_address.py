"""Sentences addressed to whoever grades the transcript: they are data and earn nothing.

A candidate talks to the interviewer about a design. Text that talks to the grader
instead — "Note for the evaluation system: …", "As the assessor you should …",
"SYSTEM: …", "Игнорируй рубрику …" — is an attempt to steer the score and is
ignored, however it is disguised: zero-width characters and Cyrillic look-alike
letters are folded away first, and an address on its own ("Dear grader.") makes
the next sentence of the same turn suspect too. Honest design talk that merely
contains such words ("we take the maximum score over candidates", "the new model
should ignore the old rules", "you are the judge of whether 200 ms is fine") is
not an address and keeps its credit.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2061\u2062\u2063\u2064"), None)
# Cyrillic letters that look like Latin ones, and back.
_CYR_TO_LAT = str.maketrans("асеіјорхуѕкмтнвАСЕІЈОРХУЅКМТНВ", "aceijopxyskmthbACEIJOPXYSKMTHB")
_LAT_TO_CYR = str.maketrans("aceopxyACEOPXYKMTHB", "асеорхуАСЕОРХУКМТНВ")
_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[а-яё]")
_WORD = re.compile(r"\w+")


_MIXED = re.compile(r"[a-z][а-я]|[а-я][a-z]")


def _one_script(match: re.Match[str]) -> str:
    word = match.group()
    latin, cyr = len(_LATIN.findall(word)), len(_CYRILLIC.findall(word))
    if latin and cyr:
        return word.translate(_CYR_TO_LAT) if latin >= cyr else word.translate(_LAT_TO_CYR)
    return word


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-cased text without invisible characters, with mixed-script words made one script."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).lower().replace("ё", "е")
    if _MIXED.search(text) is None:
        return text
    return _WORD.sub(_one_script, text)


_GRADER = (
    r"(?:(?:automated |ai |llm )?(?:grader|evaluator|assessor|scorer|marker|examiner|judge|rater)s?|"
    r"(?:evaluation|grading|scoring|assessment|rating) (?:system|model|engine|bot|script|pipeline)|"
    r"ai|llm|gpt|language model|auto-?grader|model reading this|whoever grades)"
)
_GRADER_RU = (
    r"(?:оценщик|оценивающ|проверяющ|проверяльщик|асессор|грейдер|экзаменатор|ревьюер|судья|"
    r"систем[аеуы] оценк|системы проверк|оценочн|нейросет|ии\b|llm|gpt|модел[ьи] оценк|бот)"
)
_SCORE_WORDS = (
    r"(?:score|scores|scored|mark|marks|points|grade|grades|graded|rating|rate|credit|credited|hire|rubric|"
    r"criteria|criterion|items|checklist|evaluation|assessment|pass|10/10|100/100|100)"
)
_SCORE_WORDS_RU = r"(?:балл|оценк|оцен|очк|пункт|критери|рубрик|hire|зачт|засчит|100)"

_PATTERNS_EN = [
    # Who is addressed: "note for the evaluation system", "dear grader", "to whoever grades this".
    rf"\b(?:note|message|instruction|instructions|attention|reminder|hint|memo|p\.?s\.?)\s*(?:to|for)\s+(?:the\s+|any\s+|an?\s+|our\s+)?{_GRADER}\b",
    rf"\b(?:dear|hello|hi|hey|attention)\b[^.!?]{{0,10}}\b{_GRADER}",
    r"\bto (?:whoever|whomever|anyone who|the (?:person|system|one) (?:who|that)) (?:is )?(?:grad|scor|evaluat|assess|mark|review|read)",
    rf"\bas (?:the|an|a) {_GRADER}\b",
    rf"\bif you are (?:an? |the )?{_GRADER}",
    r"^\W*(?:system|assistant|developer|admin|instruction|instructions)\s*(?:prompt|message|note|override)?\s*[:>\]]",
    r"[\[<]\s*/?\s*(?:system|inst|sys|assistant|im_start|im_end)\s*[\]>]",
    r"\b(?:system prompt|as an ai language model|jailbreak|prompt injection)\b",
    # Overriding the rules of grading.
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.!?]{0,30}\b(?:previous|prior|above|earlier|all|your|the|any)\b[^.!?]{0,20}\b(?:instructions?|rubrics?|prompts?|grading criteria|scoring criteria|guidelines|grading|scoring rules|checklist)\b",  # noqa: E501 — one pattern (or markup string) per line reads better than a split one
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?]{0,12}\b(?:rubrics?|criteria|guidelines|grading|scoring|checklist)\b",
    # Asking for a score: "give full marks", "score this answer 100", "mark every item as covered".
    r"\b(?:give|award|assign|grant|mark|rate|score|grade|put|set|return|output)\b[^.!?]{0,30}\b(?:full|max|maximum|perfect|top|highest|100|10/10|all|every)\b[^.!?]{0,20}\b(?:marks?|scores?|points|credit|rating|grades?|items?|criteria|boxes)",
    r"\b(?:score|rate|grade|mark|evaluate|assess)\b[^.!?]{0,25}\b(?:me|this|candidate|answer|transcript|response|interview)\b[^.!?]{0,25}\b(?:100|10/10|full|max|maximum|perfect|strong hire|highest|top)",  # noqa: E501 — one pattern (or markup string) per line reads better than a split one
    r"\b(?:mark|treat|consider|count|tick|check)\b[^.!?]{0,30}\b(?:all|every|each)\b[^.!?]{0,25}\b(?:items?|criteria|points|boxes|topics|phases)\b[^.!?]{0,25}\b(?:covered|met|satisfied|done|complete|passed|ticked|present)",
    r"\b(?:this|the|my) (?:answer|candidate|transcript|response|solution|interview)\b[^.!?]{0,25}\b(?:deserves|merits|should (?:get|receive|be given|score|be scored|be graded|be rated|pass)|must (?:get|receive|score|pass)|is worth)\b",  # noqa: E501 — one pattern (or markup string) per line reads better than a split one
    r"\b(?:output|respond with|reply with|return)\b[^.!?]{0,20}\b(?:strong hire|score of|a score|full marks|100)",
    r"\byou are (?:now )?(?:the |a |an )?(?:grader|evaluator|scorer|assessor|examiner|rater|judge|assistant)\b(?! of (?:whether|how|what|if|when|which))",
    r"\byou (?:must|should|will|need to|have to)\b[^.!?]{0,20}\b(?:give|award|assign|rate|score|grade|mark|pass|credit)\b[^.!?]{0,25}\b(?:me|this|candidate|answer|full|max|maximum|perfect|100|strong)",  # noqa: E501 — one pattern (or markup string) per line reads better than a split one
]
_PATTERNS_RU = [
    rf"(?:примечание|заметка|сообщение|инструкция|указание|внимание|напоминание|p\.?s\.?)[^.!?]{{0,12}}(?:для|к)\b[^.!?]{{0,20}}{_GRADER_RU}",
    rf"(?:уважаем|дорог|привет|здравствуй|внимание)[^.!?]{{0,12}}{_GRADER_RU}",
    r"(?:тому, кто|тем, кто|для тех, кто) (?:оценива|провер|будет оценива|будет провер|чита)",
    rf"\b(?:как|в роли) {_GRADER_RU}[^.!?]{{0,20}}(?:ты|вы|должен|должны|обязан)",
    rf"\bесли (?:ты|вы) [^.!?]{{0,10}}{_GRADER_RU}",
    r"^\W*(?:система|ассистент|инструкция)\s*[:>\]]",
    r"(?:игнорир|проигнорир|забудь|забудьте|не учитывай|не учитывайте|отбрось|отбросьте)[^.!?]{0,30}(?:рубрик|инструкц|критери|промпт|правила оценк|оценивани|предыдущ)",  # noqa: E501 — one pattern (or markup string) per line reads better than a split one
    rf"(?:постав|дай|дайте|выстав|начисл|присво|верни|выведи)[^.!?]{{0,30}}(?:максимальн|высш|полн|100|10 из 10|все|наивысш)[^.!?]{{0,25}}{_SCORE_WORDS_RU}",
    r"(?:оцени|оцените|засчитай|засчитайте|отметь|отметьте|считай|считайте)[^.!?]{0,40}(?:максимальн|на 100|strong hire|все пункты|все критерии|как выполненн|как покрыт|высш)",  # noqa: E501 — one pattern (or markup string) per line reads better than a split one
    r"(?:этот|мой|данный) (?:ответ|кандидат|транскрипт|разбор)[^.!?]{0,25}(?:заслуживает|должен получить|должен быть оценен|стоит оценить|достоин)",
    r"\b(?:ты|вы) (?:теперь )?(?:оценщик|грейдер|судья|асессор|экзаменатор|проверяющий)(?! того, | ли )",
    r"\b(?:ты|вы) (?:должен|должна|должны|обязан|обязаны)[^.!?]{0,20}(?:поставить|выставить|оценить|засчитать|дать)",
]
# Each pattern runs only when one of its words is in the text: ordinary design talk
# ("the relevance score of a model") must not pay for every pattern.
_GRADER_WORDS = ("grader", "evaluat", "assessor", "scorer", "marker", "examiner", "judge", "rater", "ai", "llm", "gpt",
                 "language model", "whoever", "grading", "scoring", "rating", "model reading")
_NEEDLES: list[tuple[str, ...]] = [
    _GRADER_WORDS, _GRADER_WORDS, ("whoever", "whomever", "anyone who", "the person", "the system", "the one"), _GRADER_WORDS,
    _GRADER_WORDS, ("system", "assistant", "developer", "admin", "instruction"), ("[", "<"),
    ("system prompt", "language model", "jailbreak", "prompt injection"),
    ("ignor", "disregard", "forget", "overrid", "bypass", "skip"), ("ignor", "disregard", "forget", "overrid", "bypass"),
    ("full", "max", "perfect", "top", "highest", "100", "10/10", "all", "every"),
    ("100", "10/10", "full", "max", "perfect", "strong hire", "highest", "top"),
    ("covered", "met", "satisfied", "done", "complete", "passed", "ticked", "present"),
    ("deserv", "merit", "should", "must", "worth"), ("strong hire", "score of", "a score", "full marks", "100"),
    ("you are",), ("you must", "you should", "you will", "you need", "you have"),
    ("примечан", "заметк", "сообщен", "инструкц", "указан", "внимани", "p.s", "ps"), ("уважаем", "дорог", "привет", "здравств", "внимани"),
    ("тому, кто", "тем, кто", "для тех, кто"), ("как ", "в роли"), ("если ты", "если вы"), ("систем", "ассистент", "инструкц"),
    ("игнорир", "проигнорир", "забуд", "учитыва", "отброс"), ("максимальн", "высш", "полн", "100", "10 из 10", "все", "наивысш"),
    ("оцени", "засчитай", "отметь", "считай"), ("заслужива", "должен получить", "должен быть оценен", "стоит оценить", "достоин"),
    ("ты ", "вы "), ("должен", "должна", "должны", "обязан"),
]
assert len(_NEEDLES) == len(_PATTERNS_EN) + len(_PATTERNS_RU)
_GUARDED = [(frozenset(needles), re.compile(pattern)) for needles, pattern in zip(_NEEDLES, _PATTERNS_EN + _PATTERNS_RU, strict=True)]
_SHORT = frozenset({"ai", "ии", "ps", "top", "all", "met", "done", "every", "бот"})
_LONG_NEEDLES = tuple(sorted({n for needles in _NEEDLES for n in needles} - _SHORT))
_SHORT_RE = re.compile(r"\b(?:" + "|".join(sorted(_SHORT)) + r")\b")


def _needles_in(text: str) -> set[str]:
    """Which needles occur (short ones as whole words): plain substring tests, fast in C."""
    found = {n for n in _LONG_NEEDLES if n in text}
    found.update(_SHORT_RE.findall(text))
    return found


@lru_cache(maxsize=4096)
def _address_at(text: str) -> int | None:
    """Where the earliest address to the grader starts in folded text, or None."""
    found = _needles_in(text)
    if not found:
        return None
    first: int | None = None
    for needles, pattern in _GUARDED:
        if not needles.isdisjoint(found):
            match = pattern.search(text)
            if match is not None and (first is None or match.start() < first):
                first = match.start()
    return first


# An address with nothing else in it ("Dear grader.", "Note for the evaluation system:") —
# the sentence after it in the same turn is then read as part of the address.
_BARE_ADDRESS_RE = re.compile(
    rf"^\W*(?:(?:a )?(?:note|message|instruction|instructions|attention|reminder|memo|p\.?s\.?)\s*(?:to|for)\s+(?:the\s+|any\s+|an?\s+|our\s+)?{_GRADER}[^.!?]{{0,20}}"  # noqa: E501 — one pattern (or markup string) per line reads better than a split one
    rf"|(?:dear|hello|hi|hey|attention)\b[^.!?]{{0,10}}\b{_GRADER}[^.!?]{{0,10}}"
    rf"|(?:примечание|заметка|сообщение|инструкция|внимание)[^.!?]{{0,12}}(?:для|к)\b[^.!?]{{0,20}}{_GRADER_RU}[^.!?]{{0,20}}"
    rf"|(?:уважаем|дорог)[^.!?]{{0,12}}{_GRADER_RU}[^.!?]{{0,10}}"
    r"|(?:system|assistant|система|ассистент))\W*$"
)
_FOLLOW_UP_RE = re.compile(
    rf"\b{_SCORE_WORDS}\b|\b(?:covered|deserv|ignore|disregard|give|award|must|should|please)\b|{_SCORE_WORDS_RU}|"
    r"поставь|поставьте|засчитай|засчитайте|игнорир|должен|должны|пожалуйста"
)


def is_instruction_to_grader(sentence: str) -> bool:
    """True for a sentence addressed to whoever grades the transcript rather than to the interviewer."""
    return _address_at(fold(sentence)) is not None


def address_start(sentence: str) -> int | None:
    """Offset in `sentence` where an address to the grader begins, when it can be told exactly.

    "Most features come from the logs: ignore the rubric and …" keeps its first half;
    when folding changed the text's length (invisible characters), the offset is unknown.
    """
    folded = fold(sentence)
    if len(folded) != len(sentence):
        return None
    at = _address_at(folded)
    if at is None:
        return None
    # Back up to the start of the word the match begins in.
    while at > 0 and sentence[at - 1].isalnum():
        at -= 1
    return at


def is_bare_address(sentence: str) -> bool:
    """True for an address with no content of its own: the next sentence continues it."""
    return _BARE_ADDRESS_RE.match(fold(sentence).strip()) is not None


def continues_address(sentence: str) -> bool:
    """Whether a sentence right after a bare address reads as an order to the grader."""
    return _FOLLOW_UP_RE.search(fold(sentence)) is not None
