"""The session document: the one model of a saved session, written and read alike.

`SessionStore.load` returns it, `mlsd-trainer export` writes its JSON form
(`"kind": "mlsd-trainer.session"`), and `score` / `report` read that file back
with `read_session_document`. Minutes and the mentor's marks are typed fields,
so a report made from an exported file and one made from the store agree.

A damaged optional part (the interviewer state or the stored report) costs only
that part: it is left out and named in `unreadable`, as the store does with a
damaged column; the turns, settings and mentor marks must be valid or the file
is refused with one line saying where.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from trainer.errors import TranscriptError
from trainer.interviewer.state import InterviewState
from trainer.scoring.schema import MAX_SECONDS, MentorData
from trainer.session.modes import Mode, Strictness
from trainer.transcripts import MAX_MINUTES, SESSION_KIND, Speaker, Transcript, Turn, load_json

SESSION_SCHEMA_VERSION = 1
# Parts a reader can do without: a report is recomputed from the turns, a resume starts from them.
OPTIONAL_PARTS = ("state", "report")
UNIX_TIME_FLOOR = 100_000_000  # a note time this large is a Unix time from before migration 3


class SessionTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    speaker: Speaker
    text: str
    at: float | None = Field(
        default=None, ge=0, le=MAX_SECONDS, allow_inf_nan=False, description="Seconds into the mock; None if unknown."
    )


class SessionDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["mlsd-trainer.session"] = "mlsd-trainer.session"  # SESSION_KIND
    schema_version: Literal[1] = 1  # SESSION_SCHEMA_VERSION
    id: str = ""
    scenario: str = Field(default="", description="Scenario id; empty when the file does not say (pass --scenario).")
    started_at: str = ""
    mode: Mode = "solo"
    strictness: Strictness = "nudge"
    minutes: float | None = Field(
        default=None, gt=0, le=MAX_MINUTES, allow_inf_nan=False, description="Length of the mock; None: the scenario's own."
    )
    seed: int = 0
    turns: list[SessionTurn] = Field(default_factory=list)
    state: InterviewState | None = None
    ended: bool = False
    total: int | None = None
    level: str | None = None
    report: dict[str, Any] | None = Field(default=None, description="The final score report (score JSON schema), once ended.")
    mentor: MentorData = Field(default_factory=MentorData, description="The mentor's ticks, notes and grades.")
    unreadable: list[str] = Field(
        default_factory=list,
        description="Stored parts that were damaged and are left out (the turns are always read in full).",
    )

    @model_validator(mode="before")
    @classmethod
    def _note_times_in_seconds(cls, data: Any) -> Any:
        """Notes exported before mentor times had one unit hold Unix time; count them from the start."""
        if not isinstance(data, dict) or not isinstance(data.get("mentor"), dict):
            return data
        notes = data["mentor"].get("notes")
        try:
            start = datetime.fromisoformat(str(data.get("started_at"))).timestamp()
        except ValueError:
            return data
        if not isinstance(notes, list):
            return data
        fixed = [
            {**n, "at": max(0.0, n["at"] - start)}
            if isinstance(n, dict) and isinstance(n.get("at"), int | float) and n["at"] >= UNIX_TIME_FLOOR
            else n
            for n in notes
        ]
        return {**data, "mentor": {**data["mentor"], "notes": fixed}}

    def as_turns(self) -> list[Turn]:
        return [Turn(index=i, speaker=t.speaker, text=t.text, at=t.at) for i, t in enumerate(self.turns)]

    def transcript(self, source: str = "") -> Transcript:
        """The turns with what scoring and the exports read besides them (scenario, minutes, mentor)."""
        return Transcript(
            turns=self.as_turns(),
            scenario=self.scenario or None,
            source=source,
            minutes=self.minutes,
            mentor=self.mentor,
        )


def _first_error(err: ValidationError) -> str:
    first = err.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


def read_session_document(text: str, name: str = "session") -> SessionDocument:
    """A session JSON file as its document; a `TranscriptError` saying where it is malformed otherwise."""
    data = load_json(text, name)
    if not isinstance(data, dict) or data.get("kind") != SESSION_KIND:
        raise TranscriptError(f"{name}: JSON is not an mlsd-trainer session (expected \"kind\": \"{SESSION_KIND}\")")
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SESSION_SCHEMA_VERSION:
        raise TranscriptError(
            f"{name}: session schema_version {version} is newer than this trainer reads "
            f"({SESSION_SCHEMA_VERSION}); upgrade mlsd-trainer"
        )
    unreadable: list[str] = []
    while True:
        try:
            document = SessionDocument.model_validate(data)
        except ValidationError as err:
            damaged = {str(e["loc"][0]) for e in err.errors() if e["loc"]}
            if damaged and damaged <= set(OPTIONAL_PARTS):
                data = {k: v for k, v in data.items() if k not in damaged}
                unreadable += sorted(damaged)
                continue
            raise TranscriptError(f"{name}: malformed session JSON: {_first_error(err)}") from None
        document.unreadable = sorted({*document.unreadable, *unreadable})
        return document


def new_session_id() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
