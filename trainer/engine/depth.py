"""Depth: substance about one item — a number attached to it, a specific reason, an alternative.

An interviewer hears depth when a choice comes with something that could be
wrong: "split by time because spammers adapt week to week", "p99 under 50 ms",
"shadow first rather than a canary". Form alone is not depth: "because it helps"
names nothing, a stray "(1)" quantifies nothing, and one "because" after a list of
buzzwords explains at most the term next to it. So a reason counts only when its
clause names something specific, a number only when it is a quantity (a unit, a
percentage, a decimal, a count of things) close to the item, and each reason or
number deepens the one mention it is attached to.
"""

from __future__ import annotations

import re

from trainer.engine.text import Token

FUNCTION_WORDS = frozenset(
    """i we you it they this that these those the a an to of and or is are be been being was were will would
    can could should may might must shall for with by on in as at if so then which our my your their its let's
    let us because since when while need needs want have has had use using used do does did it's we'd we'll
    i'd i'll i'm we're there here also first then what how who whom whose where why all any some each every
    just only very really quite about from into onto over under than too not no yes ok okay
    я мы вы ты бы и в во на с со по для это что как чтобы будем будет будут можно нужно надо если то а но или у
    из к ко от за так же есть мне нам нас его ее её их этот эта эти тот та те тут там потом сначала также ещё еще
    при уже вот ну да нет не ни он она они оно всё все весь вся быть был была были буду используем использовать
    использую сделать делаем делать берем возьмем взять""".split()
)
# Words that sound like a reason but name nothing that could be checked.
VAGUE_WORDS = frozenset(
    """help helps helped helpful better best good great nice fine works work working important useful
    improve improves improved improvement quality efficient effective simple easy easier standard common
    popular powerful robust cool thing things stuff way ways approach approaches solution solutions method
    methods lot lots much many more most less well right correct proper properly needed necessary required
    always usually generally typically etc option options idea sense makes make made better performance
    помогает помогают помочь лучше лучший хорошо хороший хорошая хорошие отлично работает работают важно
    важный полезно полезный улучшить улучшает улучшение качество эффективно эффективный просто простой
    удобно удобный стандартно стандартный обычно популярный надежно правильно нужен нужна нужны необходимо
    много больше меньше вещь вещи штука способ подход решение метод смысл""".split()
)

_UNIT_SUFFIX = (
    r"%|‰|ms|мс|msec|sec|secs|s|с|сек|min|mins|мин|h|hr|hrs|ч|d|д|k|к|m|м|mm|млн|млрд|тыс|b|bn|x|rps|qps|"
    r"gb|tb|mb|гб|тб|мб|pp|п\.п\.|шт"
)
_UNIT_WORDS = frozenset(
    """percent percents ms millisecond milliseconds second seconds minute minutes hour hours day days week weeks
    month months year years user users item items email emails mail mails message messages request requests query
    queries click clicks impression impressions event events sample samples example examples row rows product
    products document documents doc docs candidate candidates feature features label labels class classes
    million millions billion billions thousand thousands k m times replicas instances nodes gpus cpus servers
    pods shards dimension dimensions dims layers trees epochs negatives positives reviewers assessors moderators
    post posts video videos session sessions per rps qps tps
    процент процента процентов мс миллисекунд секунд секунды минут минуты час часа часов день дня дней неделя
    недели недель месяц месяца месяцев год года лет пользователей пользователя товаров товара писем письма
    запросов запроса кликов показов событий примеров строк документов кандидатов признаков фичей меток классов
    млн млрд тыс тысяч миллионов миллиардов раз реплик инстансов узлов серверов деревьев эпох негативов
    позитивов асессоров модераторов постов видео сессий""".split()
)
_QUANTITY_RE = re.compile(
    rf"(?<![\w.@])(?:[<>≤≥~≈±]=?\s*)?\d+(?:[.,]\d+)?(?:\s*[-–—]\s*\d+(?:[.,]\d+)?)?\s*(?:{_UNIT_SUFFIX})(?![\w])"
    r"|(?<![\w.])\d+[.,]\d+(?![\w.])"  # a decimal: 0.9, 99.99
    r"|[<>≤≥]=?\s*\d+"  # a bound: < 50, >= 3
    r"|\b(?:top|топ|p|р)[-\s]?\d+\b|@\d+\b|\d+/\d+"  # top-100, p99, @10, 99/70
    r"|\b\d+(?:[.,]\d+)?\s*(?:x|×|раз)\b",
    re.IGNORECASE,
)
_BARE_NUMBER_RE = re.compile(r"(?<![\w.(])\d+(?:[ ,]\d{3})*(?![\w)])")
_DIGIT_RE = re.compile(r"\d")
_LIST_MARKER_RE = re.compile(r"^\s*\(?\d{1,2}[.)]\s")


_RU_UNIT_STEMS = (
    "процент", "миллисекунд", "секунд", "минут", "час", "дн", "ден", "недел", "месяц", "год", "лет", "пользовател",
    "товар", "пис", "сообщени", "запрос", "клик", "показ", "событ", "пример", "строк", "документ", "кандидат",
    "признак", "фич", "метк", "класс", "млн", "млрд", "тыс", "миллион", "миллиард", "раз", "реплик", "инстанс",
    "узл", "сервер", "дерев", "эпох", "негатив", "позитив", "асессор", "модератор", "разметчик", "пост", "видео",
    "сесси", "объявлен", "категори", "сотрудник", "человек",
)


def _is_unit_word(word: str) -> bool:
    return word in _UNIT_WORDS or ("а" <= word[:1] <= "я" and word.startswith(_RU_UNIT_STEMS))


def quantity_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quantities: numbers with a unit, decimals, bounds, top-k — or a count of things."""
    if _DIGIT_RE.search(text) is None:
        return []
    spans = [m.span() for m in _QUANTITY_RE.finditer(text)]
    for match in _BARE_NUMBER_RE.finditer(text):
        after = text[match.end() : match.end() + 24].lstrip(" -")
        word = re.match(r"[^\W\d_]+", after)
        if word and _is_unit_word(word.group().lower()):
            spans.append(match.span())
    if _LIST_MARKER_RE.match(text):
        marker_end = _LIST_MARKER_RE.match(text).end()  # type: ignore[union-attr]
        spans = [s for s in spans if s[0] >= marker_end]
    return sorted(set(spans))


def is_specific(token: Token) -> bool:
    """A token that names something: not a function word, not a vague word, not a bare number."""
    text = token.text
    if text in FUNCTION_WORDS or text in VAGUE_WORDS or token.stem in VAGUE_WORDS:
        return False
    if text.isdigit():
        return False
    return len(text) >= 3 or text in ("ab", "ml", "id", "ui", "bm")


CLAUSE_BREAK = re.compile(r"[,;:()\[\]]|\s[-–—]\s|\.\s")
REASON_WINDOW = 12


def reason_is_specific(text: str, tokens: list[Token], after: int, content_tokens: set[int]) -> bool:
    """Whether the clause after a connector (tokens from `after`) names something specific.

    Two specific words, or one rubric/domain term, make a reason; "it helps",
    "it is better", "потому что так лучше" do not.
    """
    specific = 0
    for i in range(after, min(len(tokens), after + REASON_WINDOW)):
        if i > after and CLAUSE_BREAK.search(text[tokens[i - 1].end : tokens[i].start]):
            break
        if i in content_tokens:
            return True
        if is_specific(tokens[i]):
            specific += 1
            if specific >= 2:
                return True
    return False
