"""Score a transcript from a given set of item credits: the hook the LLM judge needs.

`trainer.engine.scorer.score_analysed` computes the item credits itself
(`credited_items(turns)`) and has no way to take extra ones. This module repeats
its aggregation — phase scores, red flags (a credited item lifts a "missing item"
flag), content, fit, flow and total — over a credit table the caller supplies,
and labels each piece of evidence with the judge that earned it.

A test checks that, given the keyword engine's own credits, this produces exactly
the report `score_analysed` produces, so a change to the scorer that this copy
misses fails loudly. The cleaner fix is in the scorer: an optional
`credits: dict[str, ItemCredit] | None = None` parameter on `score_analysed`, and a
`judge` field on `ItemCredit` copied into `Evidence`; this module then goes away.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from trainer.content.library import ResolvedScenario
from trainer.content.models import PHASES
from trainer.engine.classifier import TurnAnalysis
from trainer.engine.compiled import compile_scenario
from trainer.engine.coverage import ItemCredit
from trainer.engine.flow import flow_score
from trainer.engine.scorer import (
    FIT_FLOOR,
    FLOW_FULL_AT_CONTENT,
    FLOW_SHARE,
    PHASE_SATURATION,
    _probe,
    _red_flags,
    scenario_fit,
)
from trainer.score_report import (
    Evidence,
    IgnoredText,
    MissingItem,
    PhaseResult,
    ScoreReport,
    TurnLabel,
)
from trainer.transcripts import Speaker, Transcript


def score_with_credits(
    resolved: ResolvedScenario,
    transcript: Transcript,
    turns: list[TurnAnalysis],
    credits: dict[str, ItemCredit],
    *,
    llm_items: AbstractSet[str] = frozenset(),
    judges: list[str] | None = None,
) -> ScoreReport:
    """The score report for `credits`; evidence for `llm_items` is labelled `judge="llm"`."""
    compiled = compile_scenario(resolved)
    flags = _red_flags(resolved, turns, credits)
    flow = flow_score(turns)
    rubric = resolved.rubric

    phase_results: list[PhaseResult] = []
    weighted_total = 0.0
    weight_sum = 0.0
    for phase in PHASES:
        items = resolved.items_for(phase)
        possible = sum(i.weight for i in items) or 1.0
        earned = sum(i.weight * credits[i.id].credit for i in items if i.id in credits)
        raw = min(1.0, earned / (possible * PHASE_SATURATION)) * 100
        raw -= sum(f.penalty for f in flags if f.phase == phase.value)
        score = int(round(max(0.0, min(100.0, raw))))
        covered = [i.id for i in items if i.id in credits]
        missing = [i for i in items if i.id not in credits]
        phase_results.append(
            PhaseResult(
                id=phase.value,
                title=rubric.phases[phase].title,
                score=score,
                covered=covered,
                missing=[i.id for i in missing],
                evidence=[
                    Evidence(
                        item=c.item,
                        turn=c.turn,
                        quote=c.quote,
                        depth=c.depth,
                        judge="llm" if c.item in llm_items else "keyword",
                    )
                    for c in (credits[i] for i in covered)
                ],
                missing_detail=[
                    MissingItem(item=i.id, title=i.title, probe=_probe(resolved, phase, i.id, i.probe)) for i in missing
                ],
                turns=[t.index for t in turns if t.speaker is Speaker.CANDIDATE and t.phase is phase],
            )
        )
        phase_weight = rubric.phases[phase].weight
        weighted_total += phase_weight * score
        weight_sum += phase_weight

    fit = scenario_fit(turns) if compiled.has_domain else 1.0
    content = weighted_total / weight_sum * (FIT_FLOOR + (1 - FIT_FLOOR) * fit)
    flow_weight = FLOW_SHARE * min(1.0, content / FLOW_FULL_AT_CONTENT)
    total = int(round((1 - FLOW_SHARE) * content + flow_weight * flow.score))
    level = next(lv for lv in reversed(rubric.levels) if total >= lv.min_score)
    ignored = [
        IgnoredText(turn=ta.index, quote=sa.quote, reason="instruction_to_grader")
        for ta in turns
        if ta.speaker is Speaker.CANDIDATE
        for sa in ta.sentences
        if sa.injection
    ]
    return ScoreReport(
        scenario=resolved.id,
        source=transcript.source,
        total=total,
        level=level.id,
        level_label=level.label,
        flow=flow,
        phases=phase_results,
        red_flags=flags,
        ignored=ignored,
        scenario_fit=int(round(fit * 100)),
        turns=[
            TurnLabel(
                index=ta.index,
                speaker=ta.speaker.value,
                phase=ta.phase.value if ta.phase is not None and ta.speaker is Speaker.CANDIDATE else None,
            )
            for ta in turns
        ],
        judges=judges or ["keyword"],
    )
