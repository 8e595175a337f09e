"""Which rubric items a candidate covered, with verbatim evidence, and how deeply.

An item is credited by a prose sentence of a candidate turn that mentions it
without negation: half credit for the mention, full credit when the sentence
or its neighbour argues, quantifies or names an alternative.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.content.models import Phase
from trainer.engine.classifier import ItemMention, SentenceAnalysis, TurnAnalysis
from trainer.transcripts import Speaker

MENTION_CREDIT = 0.5
DEPTH_CREDIT = 1.0


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
            for wanted in (sa.phase, turn_phase):
                preferred = [m for m in group if m.phase == wanted]
                if preferred:
                    group = preferred
                    break
        kept.extend(group)
    return kept


def credited_items(turns: list[TurnAnalysis]) -> dict[str, ItemCredit]:
    """Best credit per item over all candidate sentences (first best occurrence is the evidence)."""
    best: dict[str, ItemCredit] = {}
    for ta in turns:
        if ta.speaker is not Speaker.CANDIDATE:
            continue
        sentences = ta.sentences
        for pos, sa in enumerate(sentences):
            if sa.injection or sa.budget == 0:
                continue
            positive = [m for m in _resolve_shared_spans(sa, ta.phase) if not m.negated]
            # One sentence stands as evidence for at most `budget` items, heaviest first.
            seen: dict[str, ItemMention] = {}
            for mention in sorted(positive, key=lambda m: -m.weight):
                seen.setdefault(mention.item, mention)
            for item_id in list(seen)[: sa.budget]:
                neighbours = [s for s in sentences[max(0, pos - 1) : pos + 2] if not s.injection]
                depth = any(s.depth or item_id in s.item_depth for s in neighbours)
                credit = DEPTH_CREDIT if depth else MENTION_CREDIT
                current = best.get(item_id)
                if current is None or credit > current.credit:
                    best[item_id] = ItemCredit(item_id, credit, ta.index, sa.quote, depth)
    return best
