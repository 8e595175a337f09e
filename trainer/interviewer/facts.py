"""Answering clarifying questions from the scenario's facts sheet.

The questions of a message are found wherever they stand (`addressed_questions`), each matched
to facts by their `ask` phrases (the same stemmed whole-word matcher the scorer uses, plus
`COMMON_ASKS` for the facts every scenario has), with a fuzzy fallback for typos and a bag-of-words
one for other word orders. What no fact answers is the interviewer's to handle (`engine`).
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from trainer.content.models import Fact, Scenario
from trainer.engine.matcher import PhraseIndex
from trainer.engine.text import Token, normalize, tokenize
from trainer.engine.units import sentence_spans

FUZZY_CUTOFF = 90
MAX_FACTS_PER_QUESTION = 2
BAG_MIN_STEM = 4  # an ask phrase is matched as a bag of words only if one of them is this specific


# Words that carry no topic: an ask phrase's other words are what a question must contain, in any order.
_FUNCTION_WORDS = frozenset(
    "a an the and or of to in on for with what which who how do does did is are be can could would should will "
    "we our us you your it this that there have has any many much some at by from as about "
    "какой какая какие каких что как сколько у нас вас есть ли это мы вы в на по с для и или а но же "
    "его её их ещё уже бы".split()
)


_INTERROGATIVES = frozenset("what which how many much какие какой какая каких сколько".split())


def content_stems(text: str) -> frozenset[str]:
    return _stems(tokenize(text))


def _stems(tokens: list[Token]) -> frozenset[str]:
    return frozenset(t.stem for t in tokens if t.text not in _FUNCTION_WORDS)


# How candidates ask for the facts every scenario has, in words its own `ask` list may not hold: one
# place, so "what is the primary business objective?" finds the business goal in every scenario.
COMMON_ASKS: dict[str, tuple[str, ...]] = {
    "facts.business_goal": (
        "business objective", "primary objective", "main objective", "main goal", "primary goal", "north star",
        "optimizing for", "optimising for", "optimize for", "optimise for", "the priority",
        "главная цель", "основная цель", "цель бизнеса", "бизнес цель", "что оптимизируем", "приоритет",
    ),
    "facts.current_system": (
        "existing model", "existing system", "already have a model", "already in production", "from scratch",
        "from zero", "what exists today", "what do we have today", "in place today",
        "с нуля", "что уже есть", "текущая модель", "существующая модель", "сейчас работает",
    ),
    "facts.latency": ("latency budget", "time budget", "how fast", "задержка", "латенси", "время ответа", "бюджет по времени"),
    "facts.labels": ("ground truth", "разметка", "метки", "лейблы"),
    "facts.team": ("team size", "how many engineers", "сколько инженеров", "команда"),
    "facts.experimentation": ("a/b platform", "experiment platform", "a/b платформа", "платформа экспериментов"),
}


class FactSheet:
    def __init__(self, scenario: Scenario):
        self.facts = {fact.id: fact for fact in scenario.facts}
        self.index: PhraseIndex[str] = PhraseIndex()
        self._phrases: list[tuple[str, str]] = []
        self._bags: list[tuple[frozenset[str], str]] = []
        for fact in scenario.facts:
            asks = [*fact.ask.all(), *COMMON_ASKS.get(fact.id, ())]
            self.index.add_all(asks, fact.id)
            self._phrases += [(normalize(p), fact.id) for p in asks]
            self._phrases.append((normalize(fact.topic), fact.id))
            topic = content_stems(fact.topic)
            for phrase in asks:
                bag = content_stems(phrase)
                # One word is a bag only when it is what the fact is about (its topic names it):
                # "which offers" → {offer}, but not "how many users" → {user}, said everywhere.
                if len(bag) >= 2 or (bag and bag <= topic and max(len(stem) for stem in bag) >= BAG_MIN_STEM):
                    self._bags.append((bag, fact.id))
        self._choices = [p for p, _ in self._phrases]

    def match(self, sentence: str) -> list[Fact]:
        """Facts a question asks about, best first."""
        scores: dict[str, int] = {}
        spans: dict[str, list[tuple[int, int]]] = {}
        for m in self.index.find(tokenize(sentence)):
            scores[m.payload] = max(scores.get(m.payload, 0), m.end - m.start)
            spans.setdefault(m.payload, []).append((m.start, m.end))
        # A fact whose every match lies inside another fact's longer match is not what was asked: the
        # longer phrase says more precisely what the question is about.
        def covered(fid: str, s0: int, e0: int) -> bool:
            return any(a <= s0 and e0 <= b and b - a > e0 - s0 for other, theirs in spans.items() if other != fid for a, b in theirs)

        for fid in [f for f, own in spans.items() if all(covered(f, s0, e0) for s0, e0 in own)]:
            scores.pop(fid, None)
        if not scores:
            found = process.extractOne(normalize(sentence), self._choices, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF)
            if found is not None and len(found[0]) >= 5:
                scores[self._phrases[found[2]][1]] = 1
        if not scores:
            # The words of an ask phrase in another order or another language's frame ("какие offers
            # у нас есть?" for "which offers"; "the driver's time to reach pickup … ETA" for "pickup eta").
            tokens = tokenize(sentence)
            said = _stems(tokens)
            asked_about = {  # the word next to "which"/"какие", either side ("offers какие именно")
                tokens[j].stem
                for i, t in enumerate(tokens) if t.text in _INTERROGATIVES
                for j in (i - 1, i + 1) if 0 <= j < len(tokens)
            }
            for bag, fact_id in self._bags:
                # A one-word bag counts only as what is asked about ("какие offers"), not any mention.
                if bag <= said and (len(bag) >= 2 or bag <= asked_about):
                    scores[fact_id] = max(scores.get(fact_id, 0), len(bag))
        ranked = sorted(scores, key=lambda fid: -scores[fid])
        return [self.facts[fid] for fid in ranked[:MAX_FACTS_PER_QUESTION]]


MIN_ASKING_WORDS = 3  # "Moving on?", "Umm, classification?" are thinking aloud, not questions for facts


# A sentence that starts like this answers the question before it ("Is ML needed at all? Partly no…").
_ANSWER_START = re.compile(
    r"^\W*(yes|no|nope|yeah|yep|partly|partially|probably|maybe|likely|definitely|not really|because|since|well"
    r"|i think|i'd say|i guess|i believe|да|нет|скорее|частично|думаю|наверное|видимо|пожалуй|конечно|вряд ли"
    r"|потому что|так как|ну)\b",
    re.IGNORECASE,
)
# A request for facts without a question mark ("Still need: peak QPS and the p99 budget.").
_FACT_REQUEST = re.compile(
    r"^\W*(still need|need to know|i need|i'd need|also need|please (tell|give|share)|tell me|give me|remind me"
    r"|ещё нужн\w*|нужн[оаы] (узнать|знать|понять)|скажите|подскажите|напомните)\b",
    re.IGNORECASE,
)
# Where one question sentence holds several ("(1) traffic…? (2) latency…; which bid types…?").
_PIECES = re.compile(r";|\(\d+\)|(?<!\w)\d\)\s")
_LIST_PIECES = re.compile(r"[,+/]|\band\b|\bи\b")  # "peak QPS + p99 budget, and conv window"
LIST_QUESTION_WORDS = 8  # a request this long that lists topics is looked up by each of them too
_NUMBERED = re.compile(r"(?:^|[\s:—-])\(?\d+[).]\s")  # "(3) conversion window — …", "Пара вопросов: 1) масштаб"
# A message that announces its questions ("Few qs first:", "Пара вопросов:") asks in every numbered item.
_ANNOUNCES_QUESTIONS = re.compile(r"\b(questions?|qs|clarif\w*)\b|вопрос\w*|уточн\w*", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(it|that|this|them|those|these|оно|это|этот|эта|их)\b", re.IGNORECASE)
PRONOUN_QUESTION_WORDS = 6  # a question this short with a pronoun takes its topic from the sentence before


# An answer said with a rising tone ("Maybe add more servers and autoscaling?"): a hedge, not a question,
# unless it asks something ("maybe — what latency do we have?").
UPTALK = re.compile(r"^\W*(not sure,? )?(maybe|perhaps|probably|possibly|i think|i guess|like|может|наверное|возможно|думаю|скорее)\b", re.IGNORECASE)
_ASKING_WORD = re.compile(
    r"\b(what|which|how|who|when|where|why|do|does|did|is|are|can|could|should|would|will)\b"
    r"|какой|какая|какие|каков|сколько|есть ли|как|кто|когда|где|почему|зачем|ли\b",
    re.IGNORECASE,
)


def hedged(sentence: str) -> bool:
    """A statement with a question mark: it starts with a hedge and asks nothing after it."""
    match = UPTALK.match(sentence)
    return match is not None and _ASKING_WORD.search(sentence[match.end():]) is None


def sentences_of(text: str) -> list[str]:
    """The message's sentences, a parenthesis kept whole ("an existing model (LR? GBDT?) we replace?")."""
    merged: list[str] = []
    depth = 0
    for s, e in sentence_spans(text):
        piece = text[s:e].strip()
        if not piece:
            continue
        if depth > 0 and merged:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
        depth = max(0, depth + piece.count("(") - piece.count(")"))
    return merged


def _asks(sentence: str) -> bool:
    return sentence.endswith("?") or _FACT_REQUEST.match(sentence) is not None


def addressed_questions(text: str) -> list[str]:
    """The questions a message puts to the interviewer, wherever they stand in it.

    A question the candidate answers in the next sentence ("Is ML needed at all? Partly no…") is
    rhetorical; "Still need: peak QPS" asks without a question mark.
    """
    sentences = sentences_of(text)
    # A numbered list of questions: every item asks, its question mark or not.
    numbered = any(_NUMBERED.search(s) and s.endswith("?") for s in sentences) or bool(
        sentences and _ANNOUNCES_QUESTIONS.search(sentences[0]) and any(_NUMBERED.search(s) for s in sentences)
    )
    asked: list[str] = []
    for i, sentence in enumerate(sentences):
        if not (_asks(sentence) or (numbered and _NUMBERED.search(sentence))) or hedged(sentence):
            continue
        following = sentences[i + 1] if i + 1 < len(sentences) else ""
        if sentence.endswith("?") and following and not _asks(following) and _ANSWER_START.match(following):
            continue
        if asked and asked[-1] == sentences[i - 1] and thinking_aloud(sentence):
            continue  # "What is success measured by? D28 retention? Survey score?": options of that question
        asked.append(sentence)
    return asked


def trailing_questions(text: str) -> list[str]:
    """The questions the message ends on: the ones a canned reply ("your call", "assume") may answer."""
    trailing: list[str] = []
    for sentence in reversed(sentences_of(text)):
        if not sentence.endswith("?"):
            break
        trailing.append(sentence)
    return list(reversed(trailing))


def fact_queries(text: str, question: str) -> list[str]:
    """What to look a question up by: the sentence, each of its numbered or `;` parts, and for a
    short question with a pronoun ("how long is it?") the sentence before it as well."""
    queries = [question]
    parts = [p.strip() for p in _PIECES.split(question) if len(tokenize(p)) >= 2]
    if not question.endswith("?") and len(tokenize(question)) >= LIST_QUESTION_WORDS:  # "Still need: a, b, and c."
        parts = [q.strip() for p in parts for q in _LIST_PIECES.split(p) if len(tokenize(q)) >= 2]
    if len(parts) > 1:
        queries += parts
    if len(tokenize(question)) <= PRONOUN_QUESTION_WORDS and _PRONOUN.search(question):
        sentences = sentences_of(text)
        if question in sentences and sentences.index(question) > 0:
            queries.append(f"{sentences[sentences.index(question) - 1]} {question}")
    return queries


def thinking_aloud(question: str) -> bool:
    """Fewer than MIN_ASKING_WORDS words ("Moving on?"): a fact may answer it, "assume" never does."""
    return len(tokenize(question)) < MIN_ASKING_WORDS
