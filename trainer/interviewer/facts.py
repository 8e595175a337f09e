"""Answering clarifying questions from the scenario's facts sheet.

Each question sentence is matched to facts by their `ask` phrases (the same
stemmed whole-word matcher the scorer uses), with a fuzzy fallback for typos.
Several questions in one message get several answers; a question no fact fits
gets "assume a reasonable value and state it", as a real interviewer would say.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from trainer.content.models import Fact, Scenario
from trainer.engine.matcher import PhraseIndex
from trainer.engine.text import normalize, tokenize
from trainer.engine.units import sentence_spans

FUZZY_CUTOFF = 90
MAX_FACTS_PER_QUESTION = 2


@dataclass(frozen=True)
class FactAnswer:
    question: str
    facts: list[Fact]


class FactSheet:
    def __init__(self, scenario: Scenario):
        self.facts = {fact.id: fact for fact in scenario.facts}
        self.index: PhraseIndex[str] = PhraseIndex()
        self._phrases: list[tuple[str, str]] = []
        for fact in scenario.facts:
            self.index.add_all(fact.ask.all(), fact.id)
            self._phrases += [(normalize(p), fact.id) for p in fact.ask.all()]
            self._phrases.append((normalize(fact.topic), fact.id))
        self._choices = [p for p, _ in self._phrases]

    def match(self, sentence: str) -> list[Fact]:
        """Facts a question asks about, best first."""
        scores: dict[str, int] = {}
        for m in self.index.find(tokenize(sentence)):
            scores[m.payload] = max(scores.get(m.payload, 0), m.end - m.start)
        if not scores:
            found = process.extractOne(normalize(sentence), self._choices, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF)
            if found is not None and len(found[0]) >= 5:
                scores[self._phrases[found[2]][1]] = 1
        ranked = sorted(scores, key=lambda fid: -scores[fid])
        return [self.facts[fid] for fid in ranked[:MAX_FACTS_PER_QUESTION]]


def questions_in(text: str) -> list[str]:
    """The question sentences of a message."""
    return [text[s:e] for s, e in sentence_spans(text) if text[s:e].rstrip().endswith("?")]


MIN_ASKING_WORDS = 3  # "Moving on?", "Umm, classification?" are thinking aloud, not questions for facts


def addressed_questions(text: str) -> list[str]:
    """The questions a message puts to the interviewer: those it ends on.

    A question followed by the candidate's own statement ("Is ML needed at all? Partly no…") is
    rhetorical: the candidate answers it.
    """
    sentences = [text[s:e].strip() for s, e in sentence_spans(text)]
    trailing: list[str] = []
    for sentence in reversed(sentences):
        if not sentence.endswith("?"):
            break
        trailing.append(sentence)
    return list(reversed(trailing))


def thinking_aloud(question: str) -> bool:
    """Fewer than MIN_ASKING_WORDS words ("Moving on?"): a fact may answer it, "assume" never does."""
    return len(tokenize(question)) < MIN_ASKING_WORDS
