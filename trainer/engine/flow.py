"""The flow score: did the candidate keep the framework order?

Interviewers mark down solving before clarifying, talking about a later phase
before an earlier one (jumping ahead), coming back to an early phase late, and
skipping phases. The order is judged against the longest run of turns that
does follow the framework, so one stray answer costs one violation instead of
making everything after it look "late". Stepping back one phase to refine
something is normal and costs nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from trainer.content.models import PHASES, Phase
from trainer.content.phase_names import PHASE_NAMES
from trainer.engine.classifier import TurnAnalysis
from trainer.scoring.schema import Flow, FlowViolation
from trainer.transcripts import Speaker

PENALTY = {
    "solution_before_clarify": 30,
    "never_clarified": 35,
    "jump_ahead": 10,
    "late_return": 8,
    "skipped": 5,
}
TOLERATED_STEP_BACK = 1



def _ru(phase: Phase) -> str:
    return PHASE_NAMES["ru"][phase]

def _on_track(positions: list[int]) -> set[int]:
    """Indices (into `positions`) of one longest non-decreasing subsequence."""
    tails: list[int] = []  # tails[k] = smallest tail value of a run of length k+1
    tail_index: list[int] = []
    parent: list[int] = [-1] * len(positions)
    for i, value in enumerate(positions):
        k = bisect_right(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[k] = value
            tail_index[k] = i
        parent[i] = tail_index[k - 1] if k > 0 else -1
    members: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        members.add(i)
        i = parent[i]
    return members


# "I'd start by training a model": solving before asking anything, however it is worded.
SOLUTION_SIGNAL = 2.5  # several solution terms, more than any clarifying


_SOLUTION_START = re.compile(
    r"\b(i'?d|i would|i will|i'?ll|let'?s|we'?ll|we would|we will|first,? i)\b[^.?!]{0,20}\b(start|begin|go)\b[^.?!]{0,12}\b"
    r"(by|with)\b[^.?!]{0,12}\b(train|training|build|building|a model|an? (?:bert|transformer|classifier|ranker|gbdt|neural))"
    r"|\b(let'?s|i'?d|i would|we'?ll)\s+(just\s+)?(train|build|fine-?tune)\s+(a|an|the)\b"
    r"|(начн[уё]м?|начинаю|начала?)\s+с\s+(обучени|модел|нейросет|трансформер|бустинг)"
    r"|сразу\s+(обучим|обучу|возьм[её]м|возьму|построим)",
    re.IGNORECASE,
)


def _solution_first(first: TurnAnalysis) -> Phase | None:
    """The solution phase a first answer opens with, when it asks nothing and clarifies nothing."""
    if first.question is not None and first.question is not Phase.CLARIFY:
        return None  # the interviewer asked for it
    if any(_SOLUTION_START.search(sa.quote) for sa in first.sentences[:2]):
        return Phase.TRAINING  # "I'd start by training a model", however the rest is worded
    if any(sa.quote.rstrip().endswith("?") for sa in first.sentences):
        return None
    content = {p: v for p, v in first.votes.items() if p is not Phase.CLARIFY}
    if not content:
        return None
    best = max(content, key=lambda p: content[p])
    if content[best] >= SOLUTION_SIGNAL and content[best] > first.votes.get(Phase.CLARIFY, 0.0):
        return best
    return None


def flow_score(turns: list[TurnAnalysis]) -> Flow:
    """Order violations over the candidate's segments (a turn, or each headed section of a long one).

    An answer to the interviewer's question about a phase is where the interviewer
    took the conversation, so it is never a jump or a late return; neither is an
    addition after "anything to add?".
    """
    sequence: list[tuple[int, Phase, bool]] = []  # (turn, phase, led by the interviewer)
    for t in turns:
        if t.speaker is not Speaker.CANDIDATE:
            continue
        for phase, _mass in t.segments:
            led = t.open_prompt or (t.question is not None and phase == t.question)
            sequence.append((t.index, phase, led))
    if not sequence:
        return Flow(
            score=0,
            violations=[
                FlowViolation(
                    kind="never_clarified", turn=None, message="No candidate answer could be placed in any phase.",
                    message_ru="Ни один ответ кандидата не удалось отнести ни к одной теме.",
                )
            ],
        )
    violations: list[FlowViolation] = []
    phases_seen = {p for _, p, _ in sequence}
    first_turn = next(t for t in turns if t.speaker is Speaker.CANDIDATE and t.segments)
    opening = _solution_first(first_turn)
    if Phase.CLARIFY not in phases_seen:
        violations.append(
            FlowViolation(
                kind="never_clarified", turn=None, message="Never clarified the business goal and requirements before solving.",
                message_ru="Бизнес-цель и требования так и не были уточнены до решения.",
            )
        )
    elif opening is not None or (sequence[0][1] is not Phase.CLARIFY and not sequence[0][2]):
        phase = opening or sequence[0][1]
        violations.append(
            FlowViolation(
                kind="solution_before_clarify",
                turn=first_turn.index,
                message=f"Started with {phase.value} before clarifying the problem and its requirements.",
                message_ru=f"Начали с темы «{_ru(phase)}», не уточнив задачу и требования.",
            )
        )

    positions = [PHASES.index(p) for _, p, _ in sequence]
    track = _on_track(positions)
    flagged: set[tuple[str, Phase]] = set()

    def flag(kind: str, phase: Phase, turn: int, message: str, message_ru: str) -> None:
        """One violation of each kind per phase: repeating it teaches nothing more."""
        if (kind, phase) not in flagged:
            flagged.add((kind, phase))
            violations.append(FlowViolation(kind=kind, turn=turn, message=message, message_ru=message_ru))

    reached = -1  # furthest on-track phase so far
    for i, (index, phase, led) in enumerate(sequence):
        pos = positions[i]
        if i in track or led:
            reached = max(reached, pos) if i in track else reached
            continue
        if pos > reached:
            nxt = next((positions[j] for j in range(i + 1, len(sequence)) if j in track), None)
            if nxt is not None and pos > nxt:
                flag(
                    "jump_ahead", phase, index, f"Jumped ahead to {phase.value} before finishing {PHASES[nxt].value}.",
                    f"Забежали вперёд к теме «{_ru(phase)}», не закончив тему «{_ru(PHASES[nxt])}».",
                )
        elif pos < reached - TOLERATED_STEP_BACK:
            flag(
                "late_return", phase, index, f"Came back to {phase.value} after reaching {PHASES[reached].value}.",
                f"Вернулись к теме «{_ru(phase)}» после темы «{_ru(PHASES[reached])}».",
            )

    on_track_phases = sorted({positions[i] for i in track})
    for a, b in zip(on_track_phases, on_track_phases[1:], strict=False):
        skipped = [PHASES[p] for p in range(a + 1, b) if PHASES[p] not in phases_seen]
        # The in-order arrival at b: led there by the interviewer's question (or an open "anything
        # to add?"), the skip is not the candidate's to answer for.
        arrived_led = bool(skipped) and next(sequence[j][2] for j in sorted(track) if positions[j] == b)
        if skipped and not arrived_led:
            violations.append(
                FlowViolation(
                    kind="skipped",
                    turn=None,
                    message=f"Went from {PHASES[a].value} to {PHASES[b].value}, skipping {', '.join(p.value for p in skipped)}.",
                    message_ru=f"Перешли от темы «{_ru(PHASES[a])}» к теме «{_ru(PHASES[b])}», пропустив: {', '.join(_ru(p) for p in skipped)}.",
                )
            )

    order: list[str] = []
    for _, phase, _ in sequence:
        if phase.value not in order:
            order.append(phase.value)
    return Flow(score=_score(sequence, violations), violations=violations, order=order)


def _score(sequence: list[tuple[int, Phase, bool]], violations: list[FlowViolation]) -> int:
    """100 times the share of pairs of the candidate's own moves that keep the framework order.

    Every pair counts, so one stray answer costs a little and a shuffled interview a
    lot; a step back of one phase is normal. Answers the interviewer led are left out
    (their order is the interviewer's). Solving before clarifying, or never
    clarifying, costs its penalty on top.
    """
    positions = [PHASES.index(phase) for _, phase, led in sequence if not led]
    pairs = kept = 0
    for i, a in enumerate(positions):
        for b in positions[i + 1 :]:
            pairs += 1
            kept += b >= a - TOLERATED_STEP_BACK
    order = 100.0 * kept / pairs if pairs else 100.0
    opening = sum(PENALTY[v.kind] for v in violations if v.kind in ("solution_before_clarify", "never_clarified"))
    return int(round(max(0.0, order - opening)))
