"""Saved sessions: every turn on disk before the reply is shown.

A session file is one JSON document (the format `score` reads), rewritten
atomically after every turn: written to a temporary file, flushed to disk,
then renamed over the old one, so a kill at any moment leaves either the
previous or the new complete file — never a torn one, never a lost answer.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from trainer import paths
from trainer.interviewer.state import InterviewState
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
    mode: str = "solo"
    strictness: str = "nudge"
    minutes: float
    seed: int = 0
    turns: list[SessionTurn] = Field(default_factory=list)
    state: InterviewState | None = None
    ended: bool = False
    total: int | None = None
    level: str | None = None

    def as_turns(self) -> list[Turn]:
        return [Turn(index=i, speaker=t.speaker, text=t.text, at=t.at) for i, t in enumerate(self.turns)]


def new_session_id() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SessionFile:
    """One session's JSON file under the user data directory."""

    def __init__(self, record: SessionRecord, folder: Path | None = None):
        self.record = record
        self.folder = folder or paths.sessions_dir()
        self.path = self.folder / f"{record.id}.json"

    def add_turn(self, turn: Turn) -> None:
        self.record.turns.append(SessionTurn(speaker=turn.speaker, text=turn.text, at=turn.at or 0.0))
        self.save()

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = self.record.model_dump_json(indent=1)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{self.record.id}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> "SessionFile":
        record = SessionRecord.model_validate(json.loads(path.read_text(encoding="utf-8")))
        return cls(record, path.parent)
