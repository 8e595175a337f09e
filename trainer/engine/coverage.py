"""Which rubric items a candidate covered, with verbatim evidence, and how deeply.

Content in any form counts. A unit — a prose sentence, a bullet line, a
"Heading: a, b, c" line — credits the items it names that belong to the topic
it answers (its label, its heading, the interviewer's question); a unit that says
something of its own (words beyond the terms) may also credit items of one other
phase. What stops stuffing is coherence: a line of terms from many phases with
none dominant, terms out of context with the question, a repeated term, a frame
repeated around different terms, text read back from the interviewer or pasted
from the rubric — none of these earn anything. Half credit for a mention, full
credit when the unit gives that item substance (`depth.py`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from trainer.content.models import PHASES, Phase
from trainer.engine.classifier import ItemMention, SentenceAnalysis, TurnAnalysis
from trainer.engine.units import quote_window
from trainer.transcripts import Speaker

MENTION_CREDIT = 0.5
DEPTH_CREDIT = 1.0
# A line of terms spread over this many phases, none holding half of them, is stuffing.
SCATTER_PHASES = 3
SCATTER_DOMINANCE = 0.5
REPEATS = 3
DUMP_TERMS = 10
DUMP_ITEMS = 3
DUMP_SYNONYMS = 2
OTHER_PHASE_TERMS = 3


@dataclass
class ItemCredit:
    item: str
    credit: float
    turn: int
    quote: str
    depth: bool
    judge: str = "keyword"  # who credited it: "keyword", or "llm" for a verified judge quote


def _resolve_shared_spans(sa: SentenceAnalysis, turn_phase: Phase | None) -> list[ItemMention]:
    """When one phrase names items of several phases, keep the item of the phase being discussed."""
    by_span: dict[tuple[int, int], list[ItemMention]] = {}
    for mention in sa.mentions:
        by_span.setdefault((mention.start, mention.end), []).append(mention)
    kept: list[ItemMention] = []
    for group in by_span.values():
        phases = {m.phase for m in group}
        if len(phases) > 1:
            for wanted in (sa.context, sa.phase, turn_phase):
                preferred = [m for m in group if m.phase == wanted]
                if preferred:
                    group = preferred
                    break
        kept.extend(group)
    return kept


def scattered(sa: SentenceAnalysis) -> bool:
    """A line of buzzwords: terms from many phases with nothing said about any of them, or a dump.

    A dump is many terms with no words of the candidate's own — every synonym of
    several items in a row ("business goal, business metric, business objective,
    KPI, latency budget, response time, ...") — which no one says as an answer.
    """
    if sa.substantive:
        return False
    # Count terms, not items: one word may name two items of the same phase.
    terms = {(m.start, m.end, m.phase) for m in sa.mentions if not m.negated}
    phases = Counter(phase for _, _, phase in terms)
    total = sum(phases.values())
    if not total:
        return False
    if len(phases) >= SCATTER_PHASES and max(phases.values()) < SCATTER_DOMINANCE * total:
        return True
    items = {m.item for m in sa.mentions if not m.negated}
    words = len({(start, end) for start, end, _ in terms})
    return words >= DUMP_TERMS or (len(items) >= DUMP_ITEMS and words >= DUMP_SYNONYMS * len(items))


def creditable(sa: SentenceAnalysis, turn_phase: Phase | None = None) -> list[ItemMention]:
    """The mentions this unit may stand as evidence for (coherence rules in the module docstring)."""
    if sa.injection or sa.templated or sa.kind == "heading" or sa.echo == "rubric":
        return []
    positive = [m for m in _resolve_shared_spans(sa, turn_phase) if not m.negated and m.item not in sa.contradicted]
    if not positive:
        return []
    # Each typed occurrence once: "p99" naming three items is one term said once, not a repeat.
    occurrences = {(m.char_start, m.char_end): m for m in positive}.values()
    surfaces = Counter(_surface(sa, m) for m in occurrences)
    if max(surfaces.values()) >= REPEATS:
        return []
    phases = Counter(m.phase for m in positive)
    context = sa.context
    if scattered(sa):
        return []
    if sa.substantive:
        # A unit that says something may also speak to one or two other phases — when it is
        # about them (more than one stray word of theirs) or gives that item substance.
        keep = {context} if context else set()
        for phase, _ in phases.most_common(2):
            if sa.terms.get(phase, 0) >= OTHER_PHASE_TERMS or any(m.phase == phase and m.item in sa.deep for m in positive):
                keep.add(phase)
        eligible = [m for m in positive if m.phase in keep]
    else:
        if context is None:
            top, count = phases.most_common(1)[0]
            context = top if count >= 0.6 * len(positive) else None
        eligible = [m for m in positive if m.phase == context]
    if sa.echo is not None:
        # Restating the requirements the interviewer gave is worth a mention at most.
        eligible = [m for m in eligible if m.phase is Phase.CLARIFY]
    return eligible


def _surface(sa: SentenceAnalysis, mention: ItemMention) -> str:
    """The words of a mention as typed (case-folded), so "drift drift drift" counts as one term repeated."""
    return sa.quote[mention.char_start - sa.start : mention.char_end - sa.start].lower()


def heard(ta: TurnAnalysis) -> list[tuple[SentenceAnalysis, ItemMention]]:
    """The mentions of a candidate turn that count as evidence: per unit, the strongest mention of
    each item it may credit, within the unit's budget. What the TUI highlights as it lands."""
    if ta.speaker is not Speaker.CANDIDATE:
        return []
    found: list[tuple[SentenceAnalysis, ItemMention]] = []
    for sa in ta.sentences:
        eligible = creditable(sa, ta.phase)
        if not eligible:
            continue
        first: dict[str, ItemMention] = {}
        for mention in sorted(eligible, key=lambda m: (-m.weight, m.start)):
            first.setdefault(mention.item, mention)
        found.extend((sa, mention) for mention in list(first.values())[: sa.budget])
    return found


def said_items(turns: list[TurnAnalysis]) -> set[str]:
    """Items a candidate named in earnest, credited or not: what an interviewer must not ask again.

    Wider than `heard`: a term said in another phase's answer, or with nothing around it, earns no
    credit, but the candidate did say it ("Ranker: GBDT predicting P(click)" in the framing answer
    means "what does the model predict?" is a re-ask at training). A negated term, a term a red
    flag takes back, a line of buzzwords, a read-back of the interviewer and an injection are not
    saying it.
    """
    said: set[str] = set()
    for ta in turns:
        if ta.speaker is not Speaker.CANDIDATE:
            continue
        for sa in ta.sentences:
            if sa.echo is not None or sa.injection or scattered(sa):
                continue
            said.update(m.item for m in sa.mentions if not m.negated and m.item not in sa.contradicted)
    return said


MOVED_ON_VOTES = 1.0
ANSWER_TERMS = 2


def moved_on(sa: SentenceAnalysis, question: Phase) -> bool:
    """Whether a unit has left the question: labelled for another phase, or mostly the terms of a later one."""
    if sa.label_phase is not None:
        return sa.label_phase is not question
    if not sa.votes:
        return False
    top = max(sa.votes, key=lambda p: sa.votes[p])
    return PHASES.index(top) > PHASES.index(question) and sa.votes[top] >= MOVED_ON_VOTES and sa.votes.get(question, 0.0) < sa.votes[top]


def answer_unit(ta: TurnAnalysis) -> SentenceAnalysis | None:
    """The unit of a candidate turn that answers the scenario's own question about an item, when
    the turn is an on-topic answer to it in words the keywords did not catch.

    An interviewer who asked "how would you notice the model getting worse?" and heard "share of new
    ads, bid distributions, device mix, holiday sales" counts the question as answered: the
    candidate spoke to it. Only a unit that stays with the question (not one that goes on to a later
    phase), says something of its own (not an echo, a dump, an injection or a template) and carries a
    term of that phase or two terms of the design does; "I don't know", small talk or a move to
    another phase never does. Worth a mention, never depth.
    """
    if ta.speaker is not Speaker.CANDIDATE or ta.asked_item is None or ta.question is None:
        return None
    for sa in ta.sentences:
        if sa.injection or sa.templated or sa.echo is not None or sa.kind == "heading" or not sa.substantive:
            continue
        if scattered(sa) or any(m.item == ta.asked_item and m.negated for m in sa.mentions):
            continue
        if any(not negated for _, negated in sa.flags):
            continue  # "a random 80/10/10 split" to the split question answers it with the mistake
        names_it = any(m.item == ta.asked_item and not m.negated for m in sa.mentions)
        if moved_on(sa, ta.question) and not names_it:
            continue  # "Deploy in shadow first…" after a metrics question: the candidate went ahead
        # A term of the question's phase, or terms of the design at all: "share of new ads, bid
        # distributions, device mix" to a drift question; never the problem's nouns alone ("we
        # should think carefully about the posts and the users"), which fit any question.
        if sa.votes.get(ta.question, 0.0) > 0.0 or sum(sa.terms.values()) >= ANSWER_TERMS:
            return sa
    return None


def credited_items(turns: list[TurnAnalysis]) -> dict[str, ItemCredit]:
    """Best credit per item over all candidate units (the first best occurrence is the evidence);
    an item the interviewer asked about and the candidate answered on topic is worth a mention."""
    best: dict[str, ItemCredit] = {}
    answered: list[tuple[TurnAnalysis, SentenceAnalysis]] = []
    for ta in turns:
        for sa, mention in heard(ta):
            item_id = mention.item
            depth = item_id in sa.deep and sa.echo is None
            credit = DEPTH_CREDIT if depth else MENTION_CREDIT
            current = best.get(item_id)
            if current is None or credit > current.credit:
                quote = quote_window(sa.quote, 0, len(sa.quote), mention.char_start - sa.start, mention.char_end - sa.start)
                best[item_id] = ItemCredit(item_id, credit, ta.index, quote, depth)
        unit = answer_unit(ta)
        if unit is not None:
            answered.append((ta, unit))
    for ta, sa in answered:
        asked = ta.asked_item
        if asked is not None and asked not in best:
            quote = quote_window(sa.quote, 0, len(sa.quote), 0, min(len(sa.quote), 1))
            best[asked] = ItemCredit(asked, MENTION_CREDIT, ta.index, quote, False)
    return best


