"""The interviewer's state: serialisable so a saved session can be resumed exactly."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from trainer.content.models import PHASES, Phase


class InterviewState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phase: Phase = Phase.CLARIFY
    phase_entered_at: float = 0.0
    phase_seconds: dict[Phase, float] = Field(default_factory=dict, description="Time spent per phase so far.")
    visited: list[Phase] = Field(default_factory=lambda: [Phase.CLARIFY])
    asked: list[str] = Field(default_factory=list, description="Rubric items already asked about.")
    declined: list[str] = Field(default_factory=list, description="Items the candidate said they don't know.")
    skipped: list[str] = Field(default_factory=list, description="Items skipped with /skip.")
    current_item: str | None = None
    current_question: str = ""
    steered: list[str] = Field(default_factory=list, description="Jumps already steered back once: 'from>to'.")
    challenged: list[str] = Field(default_factory=list, description="Red flags already challenged (once each).")
    given: list[str] = Field(default_factory=list, description="Facts already given (not repeated unless asked for again).")
    drilled: list[str] = Field(default_factory=list, description="Drill-downs already asked (once each).")
    drill_visits: list[str] = Field(default_factory=list, description="Phase visits ('phase@entered') that had their drill-down.")
    pressed: list[str] = Field(default_factory=list, description="Phase visits in which a vague answer was pressed for specifics.")
    requested: Phase | None = Field(default=None, description="A phase the candidate asked to go to next (strict: after this one).")
    ended: bool = False
    language: str = Field(default="en", pattern="^(en|ru)$", description="The language of the candidate's latest message.")
    clock: float = Field(default=0.0, ge=0, description="The mock's clock when last saved (seconds).")
    paused: bool = Field(default=False, description="Whether a mentor had paused the clock.")

    def spent(self, phase: Phase, now: float) -> float:
        """Seconds spent in `phase`, including the running stretch if it is current."""
        seconds = self.phase_seconds.get(phase, 0.0)
        if phase == self.phase:
            seconds += max(0.0, now - self.phase_entered_at)
        return seconds

    def enter(self, phase: Phase, now: float) -> None:
        self.phase_seconds[self.phase] = self.spent(self.phase, now)
        self.phase = phase
        self.phase_entered_at = now
        self.current_item = None
        if phase not in self.visited:
            self.visited.append(phase)

    def next_phase(self) -> Phase | None:
        pos = PHASES.index(self.phase) + 1
        return PHASES[pos] if pos < len(PHASES) else None
