"""What kind of question a candidate puts to the interviewer, from its words alone.

The interviewer answers facts from the sheet; what is left of a question decides the line it
gets: a design choice is the candidate's call, a check-in or an agenda question asks for nothing,
a reading of the problem checked with "…, right?" gets a yes, "do you agree?" is probed rather
than graded, and a number the sheet lacks is to be assumed. What an answer is made of in the same
sense: a yes/no opening, a placeholder for a choice ("some kind of model").
"""

from __future__ import annotations

import re

# A design decision put to the interviewer ("should we split by time or by user?", "do you think NDCG
# is right here, or off-policy evaluation?"): the candidate's call. A question about the world that
# happens to hold an "or" ("is there a two-tower model already, or do we start from zero?") is not.
_CHOICE_QUESTION_RE = re.compile(
    r"\b(should (i|we) (use|pick|choose|split|go with|train|start with|optimi[sz]e)|would you (use|pick|choose|go with|prefer|rather)"
    r"|is it better|which (is|would be) better|which (one|option|approach|would you)|do you (prefer|recommend|think)"
    r"|what would you (choose|pick|prefer))\b|лучше ли|стоит ли|что лучше|как лучше|какой (вариант )?(выбрать|лучше)"
    r"|как (вы )?(думаете|считаете)",
    re.IGNORECASE,
)
# A check-in or an agenda question ("does that make sense?", "shall I go on?", "would you like me to go
# deeper on retrieval or ranking?", "Дальше про данные?") asks for no information: no canned line.
_CHECK_IN_RE = re.compile(
    r"\b(make sense|makes sense|sound (good|ok|right|reasonable)|sounds (good|ok|right|reasonable)"
    r"|(is that|that) (ok|okay|right|fine|clear|enough|reasonable)|does (that|this) cover|is (that|this) what you"
    r"|(shall|should|can|may|could) (i|we)\b|would you like me|you('d| would) like me|do you want me|want me to|what do you want"
    r"|go deeper|deep dive|dig (deeper|into)|what you had in mind|match what you"
    r"|(seem|look|sound)s? (realistic|reasonable|right|ok|okay|fine|good)|cut differently"
    r"|anything else|did i miss|anything i missed|missing anything|reasonable|right\?|ok\?|okay\?)"
    r"|понятно\?|логично\?|(могу|можно|можем|стоит) (ли )?(я|мы|продолжить|перейти|двигаться|идти)|продолж|дальше|так\?|верно\?|ок\?"
    r"|нормально\?|подходит\?|устраивает|норм\b|годится|реалистичн\w*\?|что[- ]?(то|нибудь)? ещ[её] (интересует|нужно|добавить)"
    r"|ещ[её] что[- ]?(то|нибудь)|углуб|копать глубже|разумно\?|(что|ничего)( я)?( не)? (упустил|пропустил)"
    r"|хоти?т(е)?,? чтобы я|(мне )?рассказать (про|об?|подробнее)\b|стоит ли мне"
    # "можем заканчивать?", "any more questions?", "what would you push back on?": about the interview
    r"|заканчива|есть (ещ[её] )?вопросы|(any|more) questions|are we done|wrap up|push back|feedback on|что бы вы улучшили|какие замечания",
    re.IGNORECASE,
)
# "…, right?", "…, правильно?", "is that what you meant?": the candidate checks a reading of what the
# interviewer said, and a plain yes is what an interviewer gives (see Interviewer._reads_back).
_CONFIRM_RE = re.compile(
    r"[,—-]\s*(right|correct|yes|isn't it|is that right|am i right)\s*\?\s*$|\bis that (right|correct|what you meant)\b"
    r"|\bdid i (get|understand) (that|it|this) right\b"
    r"|[,—-]\s*(правильно|верно|да|так ведь)\s*\?\s*$|я правильно понял|правильно ли я понима|вы это имели в виду|это имелось в виду"
    r"|\bdo i understand (it |this )?(correctly|right)\b|\bam i right that\b",
    re.IGNORECASE,
)
# "Do you agree?", "Норм так?" about the candidate's own choice: an interviewer neither blesses nor
# ignores it, but says so and probes.
_APPROVAL_RE = re.compile(
    r"\b(do you agree|would you agree|agree\?|does (that|this) (make sense|sound (ok|okay|good|right|reasonable)|look (ok|okay|good|right))"
    r"|(is|does) (that|this) (ok|okay|fine|reasonable|sound right|work for you)\s*\?|sounds? (good|ok|okay|reasonable|right)\?"
    r"|makes? sense\?|what you had in mind|agreed\?)|согласны|норм(ально)?( так)?\?|\bэто ок\b|\bтак ок\b|логично\?|устраивает|подходит\?|годится"
    # "What do you think about quantile 0.75?", "…, so we need calibration after?": the candidate's
    # own choice put up for a verdict — probed, not answered.
    r"|\b(is it|would it be) (ok|okay|fine|reasonable|enough|safe) to\b|\bwhat do you think (about|of)\b|\b(any |your )?thoughts on\b"
    r"|\b(so|then) (we|i)('d| would| will)? (need|should|have to|must)\b"
    r"|что (ты |вы )?(думаешь|думаете|скажешь|скажете)|\bкак (тебе|вам)\b"
    r"|\b(значит|тогда|то есть),? (нам |мне )?(нужн\w*|надо|стоит|придётся)\b",
    re.IGNORECASE,
)
_NUMBER_QUESTION_RE = re.compile(
    r"\b(how (many|much|big|fast|long|often)|what('s| is| are) the (number|volume|size|rate|budget|latency|traffic|load|share|price|cost)"
    r"|rps|qps|budget|latency|numbers?)\b|сколько|какой (объ[её]м|бюджет|трафик)|какая (нагрузка|латенси|доля|цена)|какое время",
    re.IGNORECASE,
)


def asks_for_choice(question: str) -> bool:
    return _CHOICE_QUESTION_RE.search(question) is not None


def is_check_in(question: str) -> bool:
    return _CHECK_IN_RE.search(question) is not None


def checks_reading(question: str) -> bool:
    return _CONFIRM_RE.search(question) is not None


def asks_approval(question: str) -> bool:
    return _APPROVAL_RE.search(question) is not None


def asks_for_number(question: str) -> bool:
    return _NUMBER_QUESTION_RE.search(question) is not None


# "What was the latency again?", "сколько модераторов?": the fact itself asked for (even a second time).
_FACT_REQUEST_RE = re.compile(
    r"\b(again|remind|once more|repeat|what|which|how (many|much|big|fast|long|often)|who|when|where|assum\w*)\b"
    r"|ещ[её] раз|напомн|повтор|снова|сколько|какой|какая|какое|какие|каков|кто|когда|где|что за|допуст|предполож",
    re.IGNORECASE,
)
# "Some kind of model", "какую-то нейросеть": a placeholder for a choice, not one.
_PLACEHOLDER_RE = re.compile(
    r"\b(some (kind|sort) of|(use|train|take|pick|try|build) (some|a) (model|algorithm|network|neural network|ml model)"
    r"|some ml model|something like that|whatever works)\b"
    r"|(?<!\w)(какую-то|какой-то|какое-то|какие-то|что-то вроде|некую|некий|какую-нибудь|какой-нибудь)\s+(\w+\s+)?"
    r"(модел|нейросет|нейронк|сет[ьи]|алгоритм|подход|классификатор|метод|бустинг|ml)",
    re.IGNORECASE,
)
# A reply that opens with a yes or a no answers the question before it.
_YES_NO_RE = re.compile(
    r"^\W*(?:(?:probably|maybe|i think|i'd say|honestly|well|hmm|наверное|думаю|скорее|пожалуй|ну)[,\s]+)?"
    r"(?:no|nope|yes|yeah|yep|not really|not yet|нет|да|не сразу|конечно)\b(?![- ]?(?:matter|show|one|doubt)\b)",
    re.IGNORECASE,
)
# A question a yes or a no answers does not open with a question word.
_WH_OPEN_RE = re.compile(
    r"^\W*(?:\w+[,:]\s+)?(?:what|which|how|why|where|when|who|whom|whose|что|как|какой|какая|какое|какие|каким|почему|зачем|где|когда|кто|сколько|откуда|куда|чем)\b",
    re.IGNORECASE,
)


def asks_for_fact(question: str) -> bool:
    return _FACT_REQUEST_RE.search(question) is not None


def names_a_placeholder(text: str) -> bool:
    return _PLACEHOLDER_RE.search(text) is not None


def opens_with_yes_or_no(text: str) -> bool:
    return _YES_NO_RE.match(text) is not None


def asks_yes_or_no(question: str) -> bool:
    """Whether a question of the turn can be answered with a yes or a no ("Would you build the final
    system right away? How would it evolve?"): one that does not open with a question word."""
    sentences = [p.strip() for p in re.split(r"(?<=[.!?])\s+", question.strip()) if p.strip()]
    return any(p.endswith("?") and _WH_OPEN_RE.match(p) is None for p in sentences)
