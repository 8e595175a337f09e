"""Phase classification and per-sentence analysis of a transcript.

Each sentence is scanned once for rubric phrases; their phases vote. A turn's
phase is its sentences' vote plus context: the interviewer's preceding
question and the candidate's previous phase. Context decides short answers
("yes, makes sense"); content decides long ones. Interviewer turns are
classified for context only and never earn credit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from trainer.content.models import PHASES, Phase
from trainer.engine.compiled import CompiledScenario, Hit
from trainer.engine.guards import is_instruction_to_grader, is_negated, prose_budget
from trainer.engine.matcher import Match
from trainer.engine.text import sentence_spans, tokenize
from trainer.transcripts import Speaker, Transcript, Turn

ITEM_VOTE = 1.0
ITEM_WEIGHT_VOTE = 0.1
DEPTH_VOTE = 0.4
CUE_VOTE = 0.6
FLAG_VOTE = 0.5
QUESTION_CLARIFY_VOTE = 0.5
EARLY_QUESTION_CLARIFY_VOTE = 1.0
_DIGIT_RE = re.compile(r"\d")
SENTENCE_MASS = 1.5
INTERVIEWER_PRIOR = 0.5
INTERVIEWER_PRIOR_SHARE = 0.2
PREVIOUS_PRIOR = 0.6
PREVIOUS_PRIOR_SHARE = 0.25
MIN_SENTENCE_SIGNAL = 0.6
CONTENT_SIGNAL = 1.0
CONTENT_DOMINANCE = 0.6


@dataclass
class ItemMention:
    item: str
    phase: Phase
    weight: float
    negated: bool
    start: int
    end: int


@dataclass
class SentenceAnalysis:
    turn: int
    position: int
    start: int
    end: int
    quote: str
    votes: dict[Phase, float]
    phase: Phase | None = None
    mentions: list[ItemMention] = field(default_factory=list)
    item_depth: set[str] = field(default_factory=set)
    depth: bool = False
    flags: list[tuple[str, bool]] = field(default_factory=list)  # (flag id, negated)
    unless: set[str] = field(default_factory=set)
    budget: int = 0
    injection: bool = False
    domain: bool = False
    words: int = 0


@dataclass
class TurnAnalysis:
    index: int
    speaker: Speaker
    sentences: list[SentenceAnalysis]
    votes: dict[Phase, float]
    phase: Phase | None = None

    @property
    def content_phase(self) -> Phase | None:
        """The phase the words alone point to, when one clearly dominates (no context)."""
        mass = sum(self.votes.values())
        best = _argmax(self.votes, CONTENT_SIGNAL)
        if best is None or self.votes[best] < CONTENT_DOMINANCE * mass:
            return None
        return best


def _argmax(votes: dict[Phase, float], threshold: float) -> Phase | None:
    best: Phase | None = None
    best_score = threshold
    for phase in PHASES:
        score = votes.get(phase, 0.0)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = phase, score
    return best


def analyse_sentence(
    compiled: CompiledScenario,
    text: str,
    turn: int,
    position: int,
    start: int,
    end: int,
    *,
    candidate: bool = True,
    early: bool = False,
) -> SentenceAnalysis:
    quote = text[start:end]
    sa = SentenceAnalysis(turn=turn, position=position, start=start, end=end, quote=quote, votes=defaultdict(float))
    if is_instruction_to_grader(quote):
        sa.injection = True
        return sa
    tokens = tokenize(quote)
    matches: list[Match[Hit]] = compiled.index.find(tokens)
    keyword_tokens: set[int] = set()
    for m in matches:
        hit = m.payload
        if hit.kind == "item":
            negated = is_negated(quote, tokens, m.start, m.end)
            sa.mentions.append(ItemMention(hit.key, hit.phase, hit.weight, negated, m.start, m.end))  # type: ignore[arg-type]
            sa.votes[hit.phase] += ITEM_VOTE + ITEM_WEIGHT_VOTE * hit.weight  # type: ignore[index]
            keyword_tokens.update(range(m.start, m.end))
        elif hit.kind == "item_depth":
            sa.item_depth.add(hit.key)
            sa.votes[hit.phase] += DEPTH_VOTE  # type: ignore[index]
        elif hit.kind == "cue":
            sa.votes[hit.phase] += CUE_VOTE  # type: ignore[index]
        elif hit.kind == "flag":
            sa.flags.append((hit.key, is_negated(quote, tokens, m.start, m.end)))
            sa.votes[hit.phase] += FLAG_VOTE  # type: ignore[index]
        elif hit.kind == "unless":
            sa.unless.add(hit.key)
        elif hit.kind == "depth":
            sa.depth = True
        elif hit.kind == "domain":
            sa.domain = True
    if _DIGIT_RE.search(quote):
        sa.depth = True
    if candidate and quote.rstrip().endswith("?"):
        # A candidate's question is usually a clarifying one, all the more before solving starts.
        sa.votes[Phase.CLARIFY] += EARLY_QUESTION_CLARIFY_VOTE if early else QUESTION_CLARIFY_VOTE
    sa.budget = prose_budget(tokens, len(keyword_tokens))
    sa.words = len(tokens)
    return sa


def _turn_votes(sentences: list[SentenceAnalysis]) -> dict[Phase, float]:
    """Each sentence votes with at most SENTENCE_MASS, split over the phases it touches.

    A single term-dense sentence must not outvote the rest of the answer, and a
    long answer must not drown the question it answers.
    """
    votes: dict[Phase, float] = defaultdict(float)
    for sa in sentences:
        total = sum(sa.votes.values())
        if total <= 0:
            continue
        # Squared shares sharpen the split toward the sentence's dominant phase.
        squares = {phase: score * score for phase, score in sa.votes.items()}
        norm = sum(squares.values())
        mass = min(total, SENTENCE_MASS)
        for phase, sq in squares.items():
            votes[phase] += mass * sq / norm
    return votes


class TurnClassifier:
    """Classifies turns one at a time, carrying the context forward.

    The interviewer engine feeds it each new turn as it arrives, so a reply never
    re-reads the whole session; `analyse` feeds it a whole transcript.
    """

    def __init__(self, compiled: CompiledScenario):
        self.compiled = compiled
        self.interviewer_phase: Phase | None = None
        self.previous: Phase | None = None

    def add(self, turn: Turn) -> TurnAnalysis:
        spans = sentence_spans(turn.text)
        is_candidate = turn.speaker is Speaker.CANDIDATE
        sentences = [
            analyse_sentence(
                self.compiled, turn.text, turn.index, i, s, e,
                candidate=is_candidate, early=self.previous in (None, Phase.CLARIFY),
            )
            for i, (s, e) in enumerate(spans)
        ]
        votes = _turn_votes(sentences)
        ta = TurnAnalysis(index=turn.index, speaker=turn.speaker, sentences=sentences, votes=votes)
        if not is_candidate:
            ta.phase = _argmax(votes, MIN_SENTENCE_SIGNAL)
            if ta.phase is not None:
                self.interviewer_phase = ta.phase
            return ta
        ta.phase = _argmax(self._with_context(votes), 0.3) or self.previous
        if ta.phase is not None:
            self.previous = ta.phase
        for sa in sentences:
            sa.phase = _argmax(sa.votes, MIN_SENTENCE_SIGNAL) or ta.phase
        self.interviewer_phase = None
        return ta

    def _with_context(self, votes: dict[Phase, float]) -> dict[Phase, float]:
        mass = sum(votes.values())
        prior: dict[Phase, float] = defaultdict(float, votes)
        if self.interviewer_phase is not None:
            prior[self.interviewer_phase] += INTERVIEWER_PRIOR + INTERVIEWER_PRIOR_SHARE * mass
        # Interviews move forward: the current phase and the next one are the likeliest;
        # before anything else an answer most likely clarifies (business metrics such as
        # revenue or CTR then mean the goal, not the A/B test).
        anchor = self.previous if self.previous is not None else Phase.CLARIFY
        steps = ((0, 1.0), (1, 0.7)) if self.previous is not None else ((0, 1.0),)
        for step, share in steps:
            pos = PHASES.index(anchor) + step
            if pos < len(PHASES):
                prior[PHASES[pos]] += share * (PREVIOUS_PRIOR + PREVIOUS_PRIOR_SHARE * mass)
        return prior


def analyse(compiled: CompiledScenario, transcript: Transcript) -> list[TurnAnalysis]:
    """Analyse every turn: sentences, their phrase hits and phases, and each turn's phase."""
    classifier = TurnClassifier(compiled)
    return [classifier.add(turn) for turn in transcript.turns]
