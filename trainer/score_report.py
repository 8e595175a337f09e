"""The score report: the versioned schema every shell (CLI, TUI, reports) renders.

`schema_version` changes only when a field's meaning changes; fields are only
ever added. Scripts rely on `total`, `level`, `flow`, `phases` and `turns`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    item: str
    turn: int = Field(description="Index of the candidate turn the quote comes from.")
    quote: str = Field(description="Verbatim sentence from that candidate turn.")
    depth: bool = Field(description="The quote (or its neighbour) argues, quantifies or names an alternative.")
    judge: Literal["keyword", "llm", "mentor"] = "keyword"


class MissingItem(_Model):
    item: str
    title: str
    probe: str = Field(description="The question that would have drawn this item out.")


class PhaseResult(_Model):
    id: str
    title: str
    score: int = Field(ge=0, le=100)
    covered: list[str]
    missing: list[str]
    evidence: list[Evidence]
    missing_detail: list[MissingItem] = Field(default_factory=list)
    turns: list[int] = Field(default_factory=list, description="Candidate turns classified into this phase.")


class FlowViolation(_Model):
    kind: Literal["solution_before_clarify", "never_clarified", "jump_ahead", "late_return", "skipped"]
    turn: int | None
    message: str


class Flow(_Model):
    score: int = Field(ge=0, le=100)
    violations: list[FlowViolation]
    order: list[str] = Field(default_factory=list, description="Phases in the order the candidate first reached them.")


class RedFlagHit(_Model):
    id: str
    phase: str
    message: str
    penalty: float
    turn: int | None = None
    quote: str | None = None


class IgnoredText(_Model):
    turn: int
    quote: str
    reason: Literal["instruction_to_grader"]


class TurnLabel(_Model):
    index: int
    speaker: Literal["interviewer", "candidate"]
    phase: str | None


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
    turns: list[TurnLabel]
    judges: list[str] = Field(default_factory=lambda: ["keyword"])
