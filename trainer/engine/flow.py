"""The flow score: did the candidate keep the framework order?

Interviewers mark down solving before clarifying, jumping ahead over phases,
and coming back to an early phase late. Stepping back one phase to refine
something is normal and costs nothing.
"""

from __future__ import annotations

from trainer.content.models import PHASES, Phase
from trainer.engine.classifier import TurnAnalysis
from trainer.score_report import Flow, FlowViolation
from trainer.transcripts import Speaker

PENALTY = {
    "solution_before_clarify": 30,
    "never_clarified": 35,
    "jump_ahead": 10,
    "late_return": 8,
}
LATE_RETURN_DISTANCE = 2


def _names(phases: list[Phase]) -> str:
    return ", ".join(p.value for p in phases)


def flow_score(turns: list[TurnAnalysis]) -> Flow:
    sequence = [(t.index, t.phase) for t in turns if t.speaker is Speaker.CANDIDATE and t.phase is not None]
    violations: list[FlowViolation] = []
    order: list[Phase] = []
    if not sequence:
        return Flow(score=0, violations=[FlowViolation(kind="never_clarified", turn=None, message="No candidate answer could be placed in any phase.")])
    visited: set[Phase] = set()
    furthest = -1
    returned: set[Phase] = set()
    first_turn, first_phase = sequence[0]
    if Phase.CLARIFY not in {p for _, p in sequence}:
        violations.append(FlowViolation(kind="never_clarified", turn=None, message="Never clarified the business goal and requirements before solving."))
    elif first_phase is not Phase.CLARIFY:
        violations.append(
            FlowViolation(
                kind="solution_before_clarify",
                turn=first_turn,
                message=f"Started with {first_phase.value} before clarifying the problem and its requirements.",
            )
        )
    for index, phase in sequence:
        pos = PHASES.index(phase)
        if phase not in visited:
            if pos > furthest + 1 and furthest >= 0:
                skipped = [p for p in PHASES[furthest + 1 : pos] if p not in visited]
                if skipped:
                    violations.append(
                        FlowViolation(
                            kind="jump_ahead",
                            turn=index,
                            message=f"Jumped from {PHASES[furthest].value} to {phase.value}, skipping {_names(skipped)}.",
                        )
                    )
            elif pos < furthest - LATE_RETURN_DISTANCE + 1 and phase not in returned:
                returned.add(phase)
                violations.append(
                    FlowViolation(
                        kind="late_return",
                        turn=index,
                        message=f"Reached {phase.value} only after {PHASES[furthest].value}; it belongs earlier.",
                    )
                )
            visited.add(phase)
            order.append(phase)
        elif pos <= furthest - LATE_RETURN_DISTANCE and phase not in returned:
            returned.add(phase)
            violations.append(
                FlowViolation(
                    kind="late_return",
                    turn=index,
                    message=f"Came back to {phase.value} after reaching {PHASES[furthest].value}.",
                )
            )
        furthest = max(furthest, pos)
    score = max(0, 100 - sum(PENALTY[v.kind] for v in violations))
    return Flow(score=score, violations=violations, order=[p.value for p in order])
