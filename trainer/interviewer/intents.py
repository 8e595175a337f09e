"""What a candidate's message asks of the interviewer, beyond answering.

Recognised in English and Russian with plain patterns: the candidate does not
know, wants to move on, wants the interviewer to solve it, or asks to repeat.
"""

from __future__ import annotations

import re
from enum import StrEnum

from trainer.engine.text import normalize


class Intent(StrEnum):
    DONT_KNOW = "dont_know"
    MOVE_ON = "move_on"
    SOLVE_FOR_ME = "solve_for_me"
    REPEAT = "repeat"
    HINT = "hint"


_PATTERNS: list[tuple[Intent, re.Pattern[str]]] = [
    (
        Intent.SOLVE_FOR_ME,
        re.compile(
            r"\b(just |can you |could you |please )?(tell|give|show) me (the |your )?(answer|solution|right answer|design)"
            r"|\bwhat (would|should) you do\b|\bhow would you (do|solve|design) it\b|\bsolve it (for me|yourself)\b"
            r"|\bwhat('s| is) the (right|correct|expected) answer\b"
            r"|(скажи|подскажи|дай|покажи)(те)? (мне )?(правильный )?(ответ|решение)|реши(те)? (за меня|сам)"
            r"|как бы (ты|вы) (сделал|решил|спроектировал)|какой (правильный|ожидаемый) ответ"
        ),
    ),
    (
        Intent.MOVE_ON,
        re.compile(
            r"\b(let's|lets|can we|could we|shall we|i'd like to|i want to) (move on|go on|continue|proceed|go to the next|move to the next)"
            r"|\bnext (phase|stage|topic|section)\b|\bmove on\b"
            r"|(давай(те)?|можно|предлагаю) (дальше|перейд|двигаться дальше)|перейд[её]м (к|дальше)|следующ(ий|ему) (этап|шаг|раздел)"
        ),
    ),
    (
        Intent.DONT_KNOW,
        re.compile(
            r"^\W*(i )?(don't|do not|dont) know\b|\bno idea\b|\bnot sure (what|how|about)\b|\bi('m| am) not familiar\b"
            r"|\bi have no clue\b|\bpass\b\W*$"
            r"|^\W*не знаю\b|\bбез понятия\b|\bзатрудняюсь\b|\bне уверен,? (что|как)\b|\bне сталкивался\b|\bпас\W*$"
        ),
    ),
    (
        Intent.REPEAT,
        re.compile(
            r"\b(can|could) you (repeat|rephrase)\b|\brepeat the question\b|\bwhat was the question\b"
            r"|повтори(те)? (вопрос|пожалуйста)|какой был вопрос"
        ),
    ),
]


# "Can we talk about metrics?", "let's move on to deployment", "давайте обсудим данные": a request
# to change topic; what follows the lead names the phase. Only at the start of a message (or in a
# short one), so "what about cold start? we'd show popular items" inside an answer is not one.
_TOPIC_LEAD = re.compile(
    r"\b(?:(?:can|could|shall|may) we|let's|lets|let us|i'd like to|i would like to|i want to|id like to)"
    r" (?:now |also |please )?(?:talk|discuss|move on to|move to|go to|go back to|come back to|return to|switch to|get to|turn to|jump to|cover|focus on)"
    r"(?: about| on| to)?\b"
    r"|\b(?:what|how) about\b"
    r"|(?:давай(?:те)?|можно|можем|могли бы|предлагаю|хочу|хотел(?:а)? бы) (?:мы )?(?:теперь |сейчас )?"
    r"(?:поговорим|поговорить|обсудим|обсудить|перейд[её]м|перейти)(?: про| о| об| к| на)?"
    r"|\bперейд[её]м (?:к|на)\b|\bа что (?:насч[её]т|с)\b"
    r"|давай(?:те)? (?:теперь |сейчас )?(?:про|об?)\b"  # "Давайте про данные?"
    r"|(?:^|\s)(?:а )?(?:дальше|теперь) (?:про|об?)\b"  # "Дальше про данные?"
    r"|(?:давай(?:те)?|теперь|дальше|а) (?:теперь |сейчас |уже )?к\b(?= \S+\s*\?)"  # "давай к training?", "Теперь к данным?"
    # "We haven't talked about training yet", "мы ещё не обсуждали обучение": an offer to go there.
    r"|\b(?:we )?(?:haven't|have not|didn't|did not|never) (?:yet )?(?:talk(?:ed)? about|discuss(?:ed)?|cover(?:ed)?|get to|got to)"
    r"|\bwe skipped\b|\b(?:мы )?(?:ещ[её] )?не (?:обсуждали|обсудили|говорили (?:про|об?)|затронули|касались)"
)
# Leads that only say a topic was not discussed: a request or an offer only in a sentence that asks.
_NOT_YET_DISCUSSED = re.compile(r"(?:we )?(?:haven't|have not|didn't|did not|never|we skipped)|(?:мы )?(?:ещ[её] )?не ")
SHORT_REQUEST_WORDS = 14
_OPENER = r"(?:actually|so|ok|okay|well|but|and|now|then|also|ну|а|так|хорошо|кстати|теперь|тогда|и)(?:,)?(?: (?:actually|now|then|теперь))?"


def topic_requests(text: str) -> list[str]:
    """The words after each request to change topic ("can we talk about |how to measure it|"), in order.

    A request opens its own sentence ("…dedup before the split. Can we talk about the metrics
    first?" counts, the lead may follow "actually," or "so,"); "what about X" counts only as a
    short message of its own.
    """
    norm = normalize(text.strip())
    short = len(norm.split()) <= SHORT_REQUEST_WORDS
    found: list[str] = []
    for sentence in re.split(r"(?<=[.!?;])\s+", norm):
        match = _TOPIC_LEAD.search(sentence)
        if match is None:
            continue
        before = sentence[: match.start()].strip(" ,—-")
        # "…, давай к training?": a request that ends its sentence after a clause break asks too.
        closing = sentence.rstrip().endswith("?") and re.search(r"[,—–:]\s*$", sentence[: match.start()]) is not None
        opener = not before or re.fullmatch(_OPENER, before) is not None or closing
        loose = match.group(0).startswith(("what", "how", "а что"))  # "what about X" is a request only on its own
        if (loose and not short) or not (opener or short):
            continue
        if match.group(0).startswith(("можем", "могли бы")) and not sentence.rstrip().endswith("?"):
            continue  # "Мы можем перейти на LightGBM." states a plan; "Можем перейти к мониторингу?" asks
        if _NOT_YET_DISCUSSED.match(match.group(0).strip()) and not sentence.rstrip().endswith("?"):
            continue  # "we skipped monitoring in the old system, so…" tells, "we haven't discussed X — shall I?" offers
        tail = sentence[match.end() :].strip()
        if tail:
            found.append(tail)
    return found


DONT_KNOW_WORDS = 15  # "not sure, …" inside a longer answer is a hedge, not "I don't know"
_FLAT_DONT_KNOW = re.compile(r"know|idea|clue|знаю|понятия")


# "Can you give me a hint?" is /hint said in words: a nudge, not "your design, your call". Only as a
# request (a sentence that asks, or opens with one), never negated: "dwell time gives a hint of
# satisfaction", "I don't need a hint", "подсказки при вводе запроса" are not requests.
_HINT_RE = re.compile(
    r"\b(give|need|want|any|small|little|quick)\s+(me\s+)?(a\s+)?(small\s+|little\s+)?hints?\b|\bhints?,?\s*(please\b|\?)"
    r"|(дай(те)?|нужна|можно|хочу)\s+(мне\s+)?(какую-нибудь\s+|небольшую\s+)?подсказк(у|а)\b|подсказк(у|а)\s*(пожалуйста|\?)"
)
_HINT_REQUEST_LEAD = re.compile(r"^\W*(please |can you |could you |can i |could i )?(give|hint|дай|можно|нужна|хочу|подсказк)")
_NEGATION = re.compile(r"\b(don't|do not|dont|no|never|not|не|без)\b")


def asks_for_hint(text: str) -> bool:
    """Whether a sentence of the message asks for a hint."""
    for sentence in re.split(r"(?<=[.!?])\s+", normalize(text.strip())):
        match = _HINT_RE.search(sentence)
        if match is None or _NEGATION.search(" ".join(sentence[: match.start()].split()[-3:])):
            continue  # "I don't need a hint" (a "not sure …" earlier in the sentence is no refusal)
        if sentence.rstrip().endswith("?") or _HINT_REQUEST_LEAD.search(sentence):
            return True
    return False


def detect(text: str) -> Intent | None:
    """The first intent the message expresses, if any."""
    if asks_for_hint(text):
        return Intent.HINT
    norm = normalize(text.strip())
    long = len(norm.split()) > DONT_KNOW_WORDS
    for intent, pattern in _PATTERNS:
        match = pattern.search(norm)
        if match is None:
            continue
        if intent is Intent.DONT_KNOW and long and (match.start() > 0 or not _FLAT_DONT_KNOW.search(match.group(0))):
            continue  # "not sure that X, so Y" opens an answer; a flat "I don't know" at the start does not
        return intent
    return None
