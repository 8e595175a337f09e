"""Phase classification and per-unit analysis of a transcript.

Each unit of a turn (a sentence, a bullet line, a heading — see `units.py`) is
scanned once for rubric phrases; their phases vote. What a unit is *about* comes
first from its own label ("Deploy: ONNX, canary") or the heading it sits under,
then from the interviewer's question it answers, then from the turn as a whole:
the answer to a question about metrics belongs to metrics, however it is typed.
Interviewer turns are classified for context only and never earn credit; their
words are remembered so that reading them back earns nothing either.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from trainer.content.models import PHASES, Phase
from trainer.engine.compiled import CompiledScenario, Hit
from trainer.engine.depth import is_specific, quantity_spans, reason_is_specific
from trainer.engine.echo import EchoIndex, EchoKind, echo_of
from trainer.engine.grader_address import address_start, continues_address, is_bare_address, is_instruction_to_grader
from trainer.engine.guards import is_negated
from trainer.engine.matcher import Match
from trainer.engine.text import normalize, tokenize
from trainer.engine.units import Unit, split_units
from trainer.transcripts import Speaker, Transcript, Turn

ITEM_VOTE = 1.0
ITEM_WEIGHT_VOTE = 0.1
DEPTH_VOTE = 0.4
CUE_VOTE = 0.6
NAME_VOTE = 2.0
SHORT_PROMPT_TOKENS = 7
FLAG_VOTE = 0.5
QUESTION_CLARIFY_VOTE = 0.5
EARLY_QUESTION_CLARIFY_VOTE = 1.0
SENTENCE_MASS = 1.5
QUESTION_PRIOR = 1.0
QUESTION_PRIOR_SHARE = 0.5
# A question sets the topic of its answer only when it is clearly about one phase (a phase
# named in a short prompt, a rubric term, two cues); a vague one only hints.
QUESTION_SURE = 1.2
HINT_PRIOR = 0.5
HINT_PRIOR_SHARE = 0.2
PREVIOUS_PRIOR = 0.6
PREVIOUS_PRIOR_SHARE = 0.25
MIN_SENTENCE_SIGNAL = 0.6
CONTENT_SIGNAL = 1.0
CONTENT_DOMINANCE = 0.6
SEGMENT_MASS = 1.0
QUANTITY_REACH = 6
REASON_REACH = 10
PLAIN_FOR_SUBSTANCE = 3

# "Anything to add?", "Что-то ещё?": the answer is free, not a return to an old phase.
# ("Go on", "What next?" are not: the candidate then picks the order, and it counts.)
_OPEN_PROMPT_RE = re.compile(
    r"\b(anything (else|to add|more)|something (else|to add)|what else|anything we missed|"
    r"before we wrap up|any other thoughts)\b|"
    r"(что[- ]?(то|нибудь)? ещ[её]|что добавите|хотите добавить|есть что добавить|ещё что[- ]?то)",
    re.IGNORECASE,
)
_ASKS_RE = re.compile(
    r"\?|\b(let'?s|tell me|describe|walk me|talk about|explain|go deeper|what about|how about|now|next)\b|"
    r"(давайте|расскажите|расскажи|опишите|опиши|поговорим|перейд[её]м|а как|что насч[её]т|теперь)"
)


@dataclass(slots=True)
class ItemMention:
    item: str
    phase: Phase
    weight: float
    negated: bool
    start: int  # token index in the unit
    end: int
    char_start: int = 0  # offsets in the turn text, for the quote window
    char_end: int = 0


@dataclass(slots=True)
class SentenceAnalysis:
    """One unit of a turn (the name stays from when every unit was a sentence)."""

    turn: int
    position: int
    start: int
    end: int
    quote: str
    votes: dict[Phase, float]
    kind: str = "prose"
    indent: int = 0
    section: int = 0
    phase: Phase | None = None  # where the unit is placed (its own words, else its context)
    context: Phase | None = None  # the topic it answers: its label, heading, the question, the turn
    context_known: bool = False  # set by a label, a heading or the interviewer's question, not guessed
    label_phase: Phase | None = None
    mentions: list[ItemMention] = field(default_factory=list)
    deep: set[str] = field(default_factory=set)  # items this unit gives substance to
    item_depth: set[str] = field(default_factory=set)
    depth: bool = False
    flags: list[tuple[str, bool]] = field(default_factory=list)  # (flag id, negated)
    unless: set[str] = field(default_factory=set)
    contradicted: set[str] = field(default_factory=set)  # items a red flag said here takes back
    budget: int = 0
    injection: bool = False
    echo: EchoKind | None = None
    templated: bool = False
    domain: bool = False
    related: bool = False
    words: int = 0
    plain: int = 0
    quantities: int = 0
    signals: int = 0  # specific reasons and quantities in the unit, attached or not
    terms: dict[Phase, int] = field(default_factory=dict)  # distinct terms of each phase (words, not hits)
    reason_at_start: bool = False
    skeleton: tuple[str, ...] = ()
    stems: list[str] = field(default_factory=list)  # kept for interviewer units (what was heard)
    frame: tuple[tuple[str, ...], tuple[str, ...]] | None = None  # first and last words, for templates

    @property
    def substantive(self) -> bool:
        """Says something beyond naming terms: enough words of its own."""
        return self.plain >= PLAIN_FOR_SUBSTANCE


@dataclass
class TurnAnalysis:
    index: int
    speaker: Speaker
    sentences: list[SentenceAnalysis]
    votes: dict[Phase, float]
    phase: Phase | None = None
    question: Phase | None = None  # the phase of the interviewer's question this turn answers
    asked_item: str | None = None  # the rubric item that question (one of the sheet's) asks about
    open_prompt: bool = False  # answers "anything to add?": free to go anywhere
    segments: list[tuple[Phase, float]] = field(default_factory=list)

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


def analyse_unit(
    compiled: CompiledScenario,
    text: str,
    unit: Unit,
    turn: int,
    position: int,
    *,
    candidate: bool = True,
    early: bool = False,
    echo_sources: tuple[EchoIndex, ...] = (),
) -> SentenceAnalysis:
    quote = text[unit.start : unit.end]
    sa = SentenceAnalysis(
        turn=turn, position=position, start=unit.start, end=unit.end, quote=quote, votes=defaultdict(float),
        kind=unit.kind, indent=unit.indent, section=unit.section,
    )
    if not candidate:
        return _interviewer_unit(compiled, sa, quote)
    if is_instruction_to_grader(quote):
        sa.injection = True
        # The candidate's own words before the address still make the turn a turn of talk.
        at = address_start(quote)
        sa.words = len(tokenize(quote[:at])) if at else 0
        return sa
    tokens = tokenize(quote)
    sa.words = len(tokens)
    matches: list[Match[Hit]] = compiled.index.find(tokens)
    if not matches:
        return _plain_unit(sa, quote, tokens, early)
    label_end = (unit.label[1] - unit.start) if unit.label else -1
    heading = unit.kind == "heading"
    keyword_tokens: set[int] = set()
    content_tokens: set[int] = set()
    connectors: list[tuple[int, int]] = []
    depth_hits: list[tuple[str, int, int]] = []
    label_votes: dict[Phase, float] = defaultdict(float)
    negations: dict[tuple[int, int], bool] = {}  # one keyword often names several items
    for m in matches:
        hit = m.payload
        kind = hit.kind
        in_label = label_end > 0 and tokens[m.start].start < label_end
        if kind == "item":
            span = (m.start, m.end)
            negated = negations.get(span)
            if negated is None:
                negated = negations[span] = is_negated(quote, tokens, m.start, m.end)
            sa.mentions.append(
                ItemMention(
                    hit.key, hit.phase, hit.weight, negated, m.start, m.end,  # type: ignore[arg-type]
                    unit.start + tokens[m.start].start, unit.start + tokens[m.end - 1].end,
                )
            )
            vote = ITEM_VOTE + ITEM_WEIGHT_VOTE * hit.weight
            sa.votes[hit.phase] += vote  # type: ignore[index]
            if in_label:
                label_votes[hit.phase] += vote  # type: ignore[index]
            keyword_tokens.update(range(m.start, m.end))
            content_tokens.update(range(m.start, m.end))
        elif kind == "item_depth":
            depth_hits.append((hit.key, m.start, m.end))
            sa.votes[hit.phase] += DEPTH_VOTE  # type: ignore[index]
            keyword_tokens.update(range(m.start, m.end))
            content_tokens.update(range(m.start, m.end))
        elif kind == "cue":
            sa.votes[hit.phase] += CUE_VOTE  # type: ignore[index]
            if in_label:
                label_votes[hit.phase] += CUE_VOTE  # type: ignore[index]
            keyword_tokens.update(range(m.start, m.end))
            content_tokens.update(range(m.start, m.end))
        elif kind == "name":
            keyword_tokens.update(range(m.start, m.end))
            # Headings and labels name their topic; elsewhere a phase's name is just a word.
            if heading or in_label:
                sa.votes[hit.phase] += NAME_VOTE  # type: ignore[index]
                if in_label:
                    label_votes[hit.phase] += NAME_VOTE  # type: ignore[index]
        elif kind == "flag":
            sa.flags.append((hit.key, is_negated(quote, tokens, m.start, m.end)))
            sa.votes[hit.phase] += FLAG_VOTE  # type: ignore[index]
            keyword_tokens.update(range(m.start, m.end))
            content_tokens.update(range(m.start, m.end))
        elif kind == "unless":
            sa.unless.add(hit.key)
        elif kind == "depth":
            connectors.append((m.start, m.end))
        elif kind == "domain":
            sa.domain = True
            content_tokens.update(range(m.start, m.end))
        elif kind == "related":
            sa.related = True
            content_tokens.update(range(m.start, m.end))
    if unit.label is not None:
        sa.label_phase = _argmax(label_votes, MIN_SENTENCE_SIGNAL)
    sa.terms = _distinct_terms(matches)
    for flag_id, negated in sa.flags:
        if not negated and flag_id not in sa.unless:
            sa.contradicted.update(compiled.contradicts.get(flag_id, ()))
    if quote.rstrip().endswith("?"):
        # A candidate's question is usually a clarifying one, all the more before solving starts.
        sa.votes[Phase.CLARIFY] += EARLY_QUESTION_CLARIFY_VOTE if early else QUESTION_CLARIFY_VOTE
    connector_tokens = {i for a, b in connectors for i in range(a, b)}
    plain = 0
    skeleton = []
    for i, tok in enumerate(tokens):
        if i in keyword_tokens:
            continue
        if not tok.text.isdigit():
            skeleton.append(tok.stem)
        if i not in connector_tokens and is_specific(tok):
            plain += 1
    sa.plain = plain
    sa.skeleton = tuple(skeleton)
    if len(tokens) >= 2 * FRAME_TOKENS:
        sa.frame = (tuple(t.stem for t in tokens[:FRAME_TOKENS]), tuple(t.stem for t in tokens[-FRAME_TOKENS:]))
    if not heading:
        # Only a unit that could earn credit needs to be checked for being read back.
        if echo_sources and sa.mentions:
            sa.echo = echo_of([t.stem for t in tokens], *echo_sources)
        _attach_depth(sa, quote, tokens, connectors, depth_hits, content_tokens, label_end)
        sa.plain += sa.quantities  # numbers are the candidate's own words too
    sa.budget = 0 if heading else (min(5, 1 + sa.plain // 2) if sa.substantive else 4)
    return sa


def _plain_unit(sa: SentenceAnalysis, quote: str, tokens: list, early: bool) -> SentenceAnalysis:
    """A unit with no rubric phrase at all: it can credit nothing, only say how much was said."""
    sa.plain = sum(1 for tok in tokens if is_specific(tok))
    if quote.rstrip().endswith("?"):
        sa.votes[Phase.CLARIFY] += EARLY_QUESTION_CLARIFY_VOTE if early else QUESTION_CLARIFY_VOTE
    sa.quantities = len(quantity_spans(quote))
    sa.signals = sa.quantities
    sa.plain += sa.quantities
    sa.budget = 0 if sa.kind == "heading" else (min(5, 1 + sa.plain // 2) if sa.substantive else 4)
    return sa


def _interviewer_unit(compiled: CompiledScenario, sa: SentenceAnalysis, quote: str) -> SentenceAnalysis:
    """An interviewer's unit only sets context: its phase votes and its words (to catch echoes)."""
    tokens = tokenize(quote)
    sa.words = len(tokens)
    sa.stems = [t.stem for t in tokens]
    short = len(tokens) <= SHORT_PROMPT_TOKENS
    votes = sa.votes
    for m in compiled.index.find(tokens):
        hit = m.payload
        kind = hit.kind
        if kind == "item":
            votes[hit.phase] += ITEM_VOTE + ITEM_WEIGHT_VOTE * hit.weight  # type: ignore[index]
        elif kind == "item_depth":
            votes[hit.phase] += DEPTH_VOTE  # type: ignore[index]
        elif kind == "cue":
            votes[hit.phase] += CUE_VOTE  # type: ignore[index]
        elif kind == "name":
            # The interviewer's short prompts ("And deployment?") name their topic outright.
            votes[hit.phase] += NAME_VOTE if short else CUE_VOTE  # type: ignore[index]
        elif kind == "flag":
            votes[hit.phase] += FLAG_VOTE  # type: ignore[index]
    return sa


def _distinct_terms(matches: list[Match[Hit]]) -> dict[Phase, int]:
    """Per phase, how many separate words of it the unit has: "alert" as a cue and a keyword is one."""
    spans: dict[Phase, list[tuple[int, int]]] = {}
    for m in matches:
        hit = m.payload
        if hit.kind not in _TERM_KINDS or hit.phase is None:
            continue
        taken = spans.get(hit.phase)
        if taken is None:
            spans[hit.phase] = [(m.start, m.end)]
            continue
        start, end = m.start, m.end
        for a, b in taken:
            if end > a and start < b:
                break
        else:
            taken.append((start, end))
    return {phase: len(taken) for phase, taken in spans.items()}


_TERM_KINDS = frozenset(("item", "cue", "flag", "item_depth"))


def _attach_depth(
    sa: SentenceAnalysis,
    quote: str,
    tokens: list,
    connectors: list[tuple[int, int]],
    depth_hits: list[tuple[str, int, int]],
    content_tokens: set[int],
    label_end: int,
) -> None:
    """Give depth to the one mention each specific reason, number or item signal belongs to."""
    connector_tokens = {i for a, b in connectors for i in range(a, b)}
    mentions = sorted((m for m in sa.mentions if not m.negated), key=lambda m: m.start)
    for start, end in connectors:
        if not reason_is_specific(quote, tokens, end, content_tokens):
            continue
        sa.signals += 1
        before = [m for m in mentions if m.end <= start and start - m.end <= REASON_REACH]
        if before:
            sa.deep.add(before[-1].item)
            continue
        after = [m for m in mentions if m.start >= end] if start <= 1 else []
        if after:
            sa.deep.add(after[0].item)
        else:
            sa.reason_at_start = sa.reason_at_start or start <= 1
    spans = quantity_spans(quote)
    sa.quantities = len(spans)
    sa.signals += len(spans)
    for a, b in spans:
        covered = [i for i, tok in enumerate(tokens) if tok.start < b and tok.end > a]
        if not covered or not mentions:
            continue
        q = covered[0]
        best, best_distance = None, QUANTITY_REACH + 1
        for m in mentions:
            if m.start <= q < m.end:
                continue  # a number inside the keyword itself ("p99") is the keyword
            distance = m.start - q if q < m.start else q - (m.end - 1)
            if distance < best_distance:
                best, best_distance = m, distance
        if best is not None:
            sa.deep.add(best.item)
    mentioned = {m.item: m for m in mentions}
    for item, start, end in depth_hits:
        sa.item_depth.add(item)
        mention = mentioned.get(item)
        if mention is not None and (end <= mention.start or start >= mention.end):
            sa.deep.add(item)
    if label_end > 0:
        in_label = {m.item for m in mentions if tokens[m.start].start < label_end}
        rest = [i for i, tok in enumerate(tokens) if tok.start >= label_end]
        rest_plain = sum(1 for i in rest if i not in content_tokens and i not in connector_tokens and is_specific(tokens[i]))
        if 0 < len(in_label) <= 2 and rest_plain >= PLAIN_FOR_SUBSTANCE:
            sa.deep.update(in_label)
    sa.depth = bool(sa.deep) or sa.reason_at_start


MIN_KEPT_WORDS = 3


def _separate_addresses(text: str, units: list[Unit]) -> list[Unit]:
    """Split a unit where an address to the grader starts, so the words before it still count."""
    out: list[Unit] = []
    for unit in units:
        quote = text[unit.start : unit.end]
        at = address_start(quote) if is_instruction_to_grader(quote) else None
        head = quote[:at].rstrip(" ,;:-—") if at else ""
        # A label before the address ("Relevant parts: ignore the rubric …") goes with it.
        labelled = quote[len(head) : at].strip().startswith((":", "：")) if at else False
        if at and len(head.split()) >= MIN_KEPT_WORDS and not labelled:
            out.append(replace(unit, end=unit.start + len(head)))
            out.append(replace(unit, start=unit.start + at, label=None))
        else:
            out.append(unit)
    return out


def _turn_votes(sentences: list[SentenceAnalysis]) -> dict[Phase, float]:
    """Each unit votes with at most SENTENCE_MASS, split over the phases it touches.

    A single term-dense line must not outvote the rest of the answer, and a
    long answer must not drown the question it answers.
    """
    votes: dict[Phase, float] = defaultdict(float)
    for sa in sentences:
        if sa.injection or sa.echo == "rubric":
            continue
        total = sum(sa.votes.values())
        if total <= 0:
            continue
        # Squared shares sharpen the split toward the unit's dominant phase.
        squares = {phase: score * score for phase, score in sa.votes.items()}
        norm = sum(squares.values())
        mass = min(total, SENTENCE_MASS)
        for phase, sq in squares.items():
            votes[phase] += mass * sq / norm
    return votes


def _mark_addresses(sentences: list[SentenceAnalysis]) -> None:
    """An address on its own ("Dear grader.") carries into the sentence after it."""
    for i, sa in enumerate(sentences):
        if is_bare_address(sa.quote):
            sa.injection = True
            if i + 1 < len(sentences) and continues_address(sentences[i + 1].quote):
                nxt = sentences[i + 1]
                nxt.injection = True
                nxt.mentions.clear()
                nxt.deep.clear()
                nxt.votes.clear()
                nxt.flags.clear()


def _link_elaborations(sentences: list[SentenceAnalysis]) -> None:
    """Reasons and details that follow an item deepen it: "This is because …", nested bullets."""
    for i, sa in enumerate(sentences):
        if sa.reason_at_start and i > 0 and not sa.mentions:
            prev = [m for m in sentences[i - 1].mentions if not m.negated]
            if prev:
                sentences[i - 1].deep.add(prev[-1].item)
        if sa.kind != "bullet" or not sa.mentions:
            continue
        items = {m.item for m in sa.mentions if not m.negated}
        if not 0 < len(items) <= 2:
            continue
        for child in sentences[i + 1 :]:
            if child.kind != "bullet" or child.indent <= sa.indent or child.section != sa.section:
                break
            if child.injection or child.echo:
                continue
            if child.substantive or (child.quantities and not child.mentions):
                sa.deep.update(items)
                break


class TurnClassifier:
    """Classifies turns one at a time, carrying the context forward.

    The interviewer engine feeds it each new turn as it arrives, so a reply never
    re-reads the whole session; `analyse` feeds it a whole transcript.
    """

    def __init__(self, compiled: CompiledScenario):
        self.compiled = compiled
        self.interviewer_phase: Phase | None = None
        self.interviewer_asks = False
        self.interviewer_item: str | None = None
        self.open_prompt = False
        self.seen_candidate = False
        self.previous: Phase | None = None
        self.heard = EchoIndex()  # what the interviewer said in this session

    def add(self, turn: Turn) -> TurnAnalysis:
        is_candidate = turn.speaker is Speaker.CANDIDATE
        sources = (self.compiled.echo, self.heard)
        sentences = [
            analyse_unit(
                self.compiled, turn.text, unit, turn.index, i,
                candidate=is_candidate, early=self.previous in (None, Phase.CLARIFY), echo_sources=sources,
            )
            for i, unit in enumerate(_separate_addresses(turn.text, split_units(turn.text)))
        ]
        if not is_candidate:
            votes = _turn_votes(sentences)
            ta = TurnAnalysis(index=turn.index, speaker=turn.speaker, sentences=sentences, votes=votes)
            ta.phase = _argmax(votes, MIN_SENTENCE_SIGNAL)
            asks = _ASKS_RE.search(normalize(turn.text)) is not None
            # A question or a directive sets the topic of the answer; a statement of facts
            # ("200 ms, 3,000 RPS") only hints at it.
            self.interviewer_phase = ta.phase
            # The opening poses the problem; it does not ask about one phase.
            sure = ta.phase is not None and votes[ta.phase] >= QUESTION_SURE
            self.interviewer_asks = asks and self.seen_candidate and sure
            sheet = self.compiled.question_phase(turn.text) if self.seen_candidate else None
            self.interviewer_item = None
            if sheet is not None:  # one of the scenario's own questions: its phase is known, not guessed
                self.interviewer_phase, self.interviewer_asks = sheet, True
                self.interviewer_item = self.compiled.question_item(turn.text)
            self.open_prompt = ta.phase is None and _OPEN_PROMPT_RE.search(normalize(turn.text)) is not None
            for sa in sentences:
                self.heard.add_stems(sa.stems, "interviewer")
            return ta
        _mark_addresses(sentences)
        _link_elaborations(sentences)
        _mark_templates_in_turn(sentences)
        votes = _turn_votes(sentences)
        ta = TurnAnalysis(
            index=turn.index, speaker=turn.speaker, sentences=sentences, votes=votes,
            question=self.interviewer_phase if self.interviewer_asks else None, open_prompt=self.open_prompt,
            asked_item=self.interviewer_item,
        )
        ta.phase = _argmax(self._with_context(votes), 0.3) or self.previous
        self._place_units(ta)
        if len(ta.segments) > 1:
            # A long answer with headed sections is about its heaviest section.
            ta.phase = max(ta.segments, key=lambda seg: seg[1])[0]
        if ta.phase is not None:
            self.previous = ta.phase
        self.seen_candidate = True
        self.interviewer_phase = None
        self.interviewer_asks = False
        self.interviewer_item = None
        self.open_prompt = False
        return ta

    def _place_units(self, ta: TurnAnalysis) -> None:
        """Each unit's context (label > heading > question > turn) and its own phase; the turn's segments."""
        section_phase: dict[int, Phase | None] = {}
        for sa in ta.sentences:
            if sa.kind == "heading" and sa.section not in section_phase:
                section_phase[sa.section] = _argmax(sa.votes, MIN_SENTENCE_SIGNAL)
        fallback = ta.question or ta.phase
        for sa in ta.sentences:
            known = sa.label_phase or section_phase.get(sa.section) or ta.question
            sa.context = known or fallback
            sa.context_known = known is not None
            sa.phase = sa.label_phase or _argmax(sa.votes, MIN_SENTENCE_SIGNAL) or sa.context
        # Segments: the turn's sections in order, each with its phase and weight of talk.
        by_section: dict[int, dict[Phase, float]] = {}
        for sa in ta.sentences:
            if sa.injection:
                continue
            bucket = by_section.setdefault(sa.section, defaultdict(float))
            mass = min(sum(sa.votes.values()), SENTENCE_MASS)
            if sa.phase is not None and mass > 0:
                bucket[sa.phase] += mass
        segments: list[tuple[Phase, float]] = []
        for section in sorted(by_section):
            bucket = by_section[section]
            if not bucket:
                continue
            phase = section_phase.get(section) or max(bucket, key=lambda p: bucket[p])
            mass = sum(bucket.values())
            if segments and segments[-1][0] == phase:
                segments[-1] = (phase, segments[-1][1] + mass)
            else:
                segments.append((phase, mass))
        strong = [s for s in segments if s[1] >= SEGMENT_MASS]
        if len(section_phase) == 0 or not strong:
            ta.segments = [(ta.phase, sum(ta.votes.values()))] if ta.phase is not None else []
        else:
            ta.segments = strong

    def _with_context(self, votes: dict[Phase, float]) -> dict[Phase, float]:
        mass = sum(votes.values())
        prior: dict[Phase, float] = defaultdict(float, votes)
        if self.interviewer_phase is not None:
            if self.interviewer_asks:
                prior[self.interviewer_phase] += QUESTION_PRIOR + QUESTION_PRIOR_SHARE * mass
            else:
                prior[self.interviewer_phase] += HINT_PRIOR + HINT_PRIOR_SHARE * mass
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


TEMPLATE_MIN_SKELETON = 3
FRAME_TOKENS = 3  # the same three words opening and closing a unit around different terms
TEMPLATE_REPEATS = 3


def _mark_templates_in_turn(sentences: list[SentenceAnalysis]) -> None:
    """Within one turn, a frame repeated around different terms is a template, not an answer."""
    mark_templates(sentences)


def mark_templates(sentences: list[SentenceAnalysis]) -> None:
    """Units that share one wording around their terms ("We will use X because it helps.") earn nothing.

    Counted over the units given (a turn, or a whole transcript): the same words
    around the terms, or the same three words opening and closing the unit, around
    three or more different terms.
    """
    groups: dict[object, list[SentenceAnalysis]] = defaultdict(list)
    for sa in sentences:
        if not sa.mentions:
            continue
        if len(sa.skeleton) >= TEMPLATE_MIN_SKELETON:
            groups[sa.skeleton].append(sa)
        if sa.frame is not None:
            groups[sa.frame].append(sa)
    for group in groups.values():
        if len(group) >= TEMPLATE_REPEATS and len({m.item for sa in group for m in sa.mentions}) >= TEMPLATE_REPEATS:
            for sa in group:
                sa.templated = True


def analyse(compiled: CompiledScenario, transcript: Transcript) -> list[TurnAnalysis]:
    """Analyse every turn: units, their phrase hits and phases, and each turn's phase."""
    classifier = TurnClassifier(compiled)
    turns = [classifier.add(turn) for turn in transcript.turns]
    mark_templates([sa for ta in turns if ta.speaker is Speaker.CANDIDATE for sa in ta.sentences])
    return turns
