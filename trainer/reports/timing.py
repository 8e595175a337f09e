"""Time per phase: from turn timestamps and the report's phase labels, against the scenario's budgets.

A turn lasts until the next turn starts (`Turn.at`, seconds since the start of
the session). Its time goes to a phase:

- a candidate turn: the phase the report labelled it with;
- an interviewer turn: the phase of the candidate turn that follows it (the
  question belongs to the answer it draws out); interviewer turns after the
  last candidate turn go to the last candidate turn's phase.

The last turn has no successor, so its length is unknown and counts as 0.
Turns without a timestamp (plain-text transcripts) make the time "n/a" — never
an error. Time of candidate turns without a phase label is `unattributed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from trainer.content.models import PHASES
from trainer.scoring.schema import PhaseTime, ScoreReport, SessionTiming
from trainer.transcripts import Speaker, Transcript


@dataclass(frozen=True)
class Segment:
    """A stretch of the session spent in one phase (consecutive turns merged), in seconds."""

    phase: str | None
    start: float
    end: float

    @property
    def seconds(self) -> float:
        return self.end - self.start


def _scenario_of(scenario: Any) -> Any:
    """Accept a `Scenario` or a `ResolvedScenario` (which wraps one)."""
    return getattr(scenario, "scenario", scenario)


def budgets(scenario: Any, minutes: float | None = None) -> dict[str, float] | None:
    """Seconds per phase id from `Scenario.phases[phase].minutes`, scaled when the mock ran `minutes` long."""
    scenario = _scenario_of(scenario)
    if scenario is None:
        return None
    scale = 1.0
    planned = sum(p.minutes for p in scenario.phases.values())
    if minutes and planned:
        scale = float(minutes) / planned
    return {phase.value: round(scenario.phases[phase].minutes * 60 * scale, 3) for phase in PHASES if phase in scenario.phases}


def turn_phases(report: ScoreReport, transcript: Transcript) -> list[str | None]:
    """The phase each transcript turn's time is attributed to (same order as `transcript.turns`)."""
    labels = {t.index: t.phase for t in report.turns}
    turns = transcript.turns
    out: list[str | None] = [None] * len(turns)
    following: str | None = None
    seen_candidate = False
    for pos in range(len(turns) - 1, -1, -1):
        turn = turns[pos]
        if turn.speaker is Speaker.CANDIDATE:
            following = labels.get(turn.index)
            seen_candidate = True
            out[pos] = following
        elif seen_candidate:
            out[pos] = following
    # Interviewer turns after the last candidate turn: the last candidate turn's phase.
    last: str | None = None
    for pos, turn in enumerate(turns):
        if turn.speaker is Speaker.CANDIDATE:
            last = out[pos]
        elif not any(t.speaker is Speaker.CANDIDATE for t in turns[pos:]):
            out[pos] = last
    return out


def turn_durations(transcript: Transcript) -> list[float | None]:
    """Seconds from each turn to the next; None where either timestamp is missing; 0 for the last turn."""
    turns = transcript.turns
    out: list[float | None] = []
    for pos, turn in enumerate(turns):
        if turn.at is None:
            out.append(None)
        elif pos + 1 == len(turns):
            out.append(0.0)
        else:
            nxt = turns[pos + 1].at
            out.append(None if nxt is None else max(0.0, nxt - turn.at))
    return out


def phase_timing(
    report: ScoreReport, transcript: Transcript | None, scenario: Any = None, minutes: float | None = None
) -> SessionTiming:
    """Seconds spent per phase (framework order) against the scenario's budget."""
    budget = budgets(scenario, minutes)
    durations = turn_durations(transcript) if transcript is not None else []
    available = transcript is not None and any(t.at is not None for t in transcript.turns)
    spent: dict[str, float] = {p.value: 0.0 for p in PHASES}
    unattributed = 0.0
    if available and transcript is not None:
        for phase, seconds in zip(turn_phases(report, transcript), durations, strict=True):
            if seconds is None:
                continue
            if phase in spent:
                spent[phase] += seconds
            else:
                unattributed += seconds
    phases = [
        PhaseTime(
            phase=p.value,
            spent_seconds=round(spent[p.value], 3) if available else None,
            budget_seconds=budget.get(p.value) if budget else None,
        )
        for p in PHASES
    ]
    return SessionTiming(
        available=available,
        phases=phases,
        total_seconds=round(sum(spent.values()) + unattributed, 3) if available else None,
        budget_seconds=round(sum(budget.values()), 3) if budget else None,
        unattributed_seconds=round(unattributed, 3) if available else None,
    )


def segments(report: ScoreReport, transcript: Transcript | None) -> list[Segment]:
    """Chronological stretches per phase (for a timeline); empty without timestamps."""
    if transcript is None:
        return []
    out: list[Segment] = []
    for turn, phase, seconds in zip(transcript.turns, turn_phases(report, transcript), turn_durations(transcript), strict=True):
        if seconds is None or turn.at is None or seconds <= 0:
            continue
        start, end = turn.at, turn.at + seconds
        if out and out[-1].phase == phase and abs(out[-1].end - start) < 1e-6:
            out[-1] = Segment(phase, out[-1].start, end)
        else:
            out.append(Segment(phase, start, end))
    return out
