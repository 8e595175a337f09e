"""The score report: the versioned schema every shell (CLI, TUI, reports) renders.

`schema_version` changes only when a field's meaning changes; fields are only
ever added. Scripts rely on `total`, `level`, `flow`, `phases` and `turns`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    item: str
    turn: int = Field(description="Index of the candidate turn the quote comes from.")
    quote: str = Field(
        description="Verbatim piece of that candidate turn: the sentence or list line that earned the credit, "
        "cut to about 300 characters around the match."
    )
    depth: bool = Field(description="The candidate gave this item substance: a number, a specific reason or an alternative.")
    judge: Literal["keyword", "llm", "mentor"] = "keyword"


class MissingItem(_Model):
    item: str
    title: str
    probe: str = Field(description="The question that would have drawn this item out.")
    probe_ru: str | None = Field(default=None, description="The same question in Russian, when the content has one.")


class PhaseResult(_Model):
    id: str
    title: str
    score: int = Field(ge=0, le=100)
    grade: int = Field(default=0, ge=0, le=4, description="The score on the interviewer's 0-4 scale (GRADING.md).")
    covered: list[str]
    missing: list[str]
    evidence: list[Evidence]
    missing_detail: list[MissingItem] = Field(default_factory=list)
    turns: list[int] = Field(default_factory=list, description="Candidate turns classified into this phase.")


class FlowViolation(_Model):
    kind: Literal["solution_before_clarify", "never_clarified", "jump_ahead", "late_return", "skipped"]
    turn: int | None
    message: str
    message_ru: str | None = Field(default=None, description="The message in Russian, for a report read in Russian.")


class Flow(_Model):
    score: int = Field(ge=0, le=100)
    violations: list[FlowViolation]
    order: list[str] = Field(default_factory=list, description="Phases in the order the candidate first reached them.")


class RedFlagHit(_Model):
    id: str
    phase: str
    message: str
    message_ru: str | None = Field(default=None, description="The message in Russian, when the content has one.")
    penalty: float
    turn: int | None = None
    quote: str | None = None


IGNORED_REASONS = {
    "instruction_to_grader": "addressed to the grader",
    "interviewer_echo": "read back from the interviewer or the facts",
    "rubric_text": "pasted from the rubric",
    "template": "one wording repeated around different terms",
}


class IgnoredText(_Model):
    turn: int
    quote: str
    reason: Literal["instruction_to_grader", "interviewer_echo", "rubric_text", "template"] = Field(
        description="Why it earned nothing: addressed to the grader, read back from the interviewer or the facts, "
        "pasted from the rubric, or one frame repeated around different terms."
    )


class TurnLabel(_Model):
    index: int
    speaker: Literal["interviewer", "candidate"]
    phase: str | None


class PhaseTime(_Model):
    phase: str
    spent_seconds: float | None = Field(default=None, description="None when the transcript has no timestamps.")
    budget_seconds: float | None = Field(default=None, description="The scenario's budget for the phase, scaled to the mock's length.")


class SessionTiming(_Model):
    available: bool = Field(description="False when the turns carry no timestamps (plain-text transcripts).")
    phases: list[PhaseTime]
    total_seconds: float | None = None
    budget_seconds: float | None = None
    unattributed_seconds: float | None = Field(default=None, description="Time of turns with no phase label.")


# A mock lasts minutes; a session resumed over months still counts its time in seconds, under this.
MAX_SECONDS = 366 * 24 * 3600


class MentorNote(BaseModel):
    model_config = ConfigDict(extra="ignore")
    phase: str | None = None
    text: str
    at: float | None = Field(default=None, ge=0, le=MAX_SECONDS, allow_inf_nan=False, description="Seconds into the mock.")


class MentorData(BaseModel):
    model_config = ConfigDict(extra="ignore")
    ticks: dict[str, bool] = Field(default_factory=dict)
    notes: list[MentorNote] = Field(default_factory=list)
    grades: dict[str, Annotated[int, Field(ge=1, le=4)]] = Field(default_factory=dict, description="Phase id -> 1..4.")


class SessionMeta(_Model):
    """Set by the report exports (JSON, Markdown, HTML); None in a bare score."""

    scenario_title: str | None = None
    source: str = ""
    generated_at: str
    minutes: float | None = Field(default=None, description="Length of the mock the budgets are scaled to.")
    timing: SessionTiming | None = None
    mentor: MentorData | None = None


class ScoreReport(_Model):
    schema_version: int = SCHEMA_VERSION
    scenario: str
    source: str = ""
    total: int = Field(ge=0, le=100)
    level: str
    level_label: str
    flow: Flow
    scenario_fit: int = Field(ge=0, le=100, description="How much of the answer is about this scenario's domain.")
    phases: list[PhaseResult]
    red_flags: list[RedFlagHit]
    ignored: list[IgnoredText]
    ignored_omitted: int = Field(default=0, ge=0, description="Ignored sentences beyond the first ones listed (the list is bounded).")
    turns: list[TurnLabel]
    judges: list[str] = Field(default_factory=lambda: ["keyword"])
    session: SessionMeta | None = Field(default=None, description="Export metadata: scenario title, generated_at, time per phase, mentor data.")
