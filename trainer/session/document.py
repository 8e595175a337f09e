"""Saved sessions: the record a session is loaded as and exported as.

Sessions live in the SQLite store (`trainer.session.store.SessionStore`); a
`SessionRecord` is what `SessionStore.load` returns, and its JSON form is the
session document (`"kind": "mlsd-trainer.session"`) that `mlsd-trainer score`
reads (see `trainer.transcripts.parse_session_json`).
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from trainer.interviewer.state import InterviewState
from trainer.session.modes import Mode, Strictness
from trainer.transcripts import SESSION_KIND, Speaker, Turn

SESSION_SCHEMA_VERSION = 1


class SessionTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speaker: Speaker
    text: str
    at: float


class SessionRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str = SESSION_KIND
    schema_version: int = SESSION_SCHEMA_VERSION
    id: str
    scenario: str
    started_at: str
    mode: Mode = "solo"
    strictness: Strictness = "nudge"
    minutes: float | None = Field(default=None, description="Length of the mock; None: the scenario's own.")
    seed: int = 0
    turns: list[SessionTurn] = Field(default_factory=list)
    state: InterviewState | None = None
    ended: bool = False
    total: int | None = None
    level: str | None = None
    report: dict[str, Any] | None = Field(default=None, description="The final score report (score JSON schema), once ended.")
    unreadable: list[str] = Field(
        default_factory=list,
        description="Stored fields that were damaged and are left out (the turns are always read in full).",
    )

    def as_turns(self) -> list[Turn]:
        return [Turn(index=i, speaker=t.speaker, text=t.text, at=t.at) for i, t in enumerate(self.turns)]


def new_session_id() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
