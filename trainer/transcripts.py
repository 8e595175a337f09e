"""Transcripts in: speaker-tagged plain text or a session JSON saved by the trainer.

Plain text: blocks start with `Interviewer:` / `Candidate:` (or `Интервьюер:` /
`Кандидат:`), case-insensitive, optionally in Markdown bold; continuation lines
belong to the last speaker. Every failure is a `TranscriptError` saying why.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trainer.errors import TranscriptError

SESSION_KIND = "mlsd-trainer.session"


class Speaker(StrEnum):
    INTERVIEWER = "interviewer"
    CANDIDATE = "candidate"


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    index: int = Field(ge=0)
    speaker: Speaker
    text: str
    at: float | None = Field(default=None, description="Seconds since the start of the session.")


class Transcript(BaseModel):
    model_config = ConfigDict(extra="forbid")

    turns: list[Turn]
    scenario: str | None = None
    source: str = ""

    @property
    def candidate_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.speaker is Speaker.CANDIDATE]


_SPEAKERS = {
    "interviewer": Speaker.INTERVIEWER,
    "интервьюер": Speaker.INTERVIEWER,
    "candidate": Speaker.CANDIDATE,
    "кандидат": Speaker.CANDIDATE,
}
_TAG_RE = re.compile(
    r"^\s*(?:[>#*_\s]*)(interviewer|candidate|интервьюер|кандидат)(?:[*_\s]*)[:：](?:[*_]*)\s?(.*)$",
    re.IGNORECASE,
)


def parse_text(text: str, source: str = "") -> Transcript:
    """Parse speaker-tagged plain text into turns; untagged lines before the first tag are ignored."""
    turns: list[tuple[Speaker, list[str]]] = []
    for line in text.splitlines():
        match = _TAG_RE.match(line)
        if match:
            speaker = _SPEAKERS[match.group(1).lower()]
            turns.append((speaker, [match.group(2)]))
        elif turns:
            turns[-1][1].append(line)
    built = [
        Turn(index=i, speaker=speaker, text="\n".join(lines).strip())
        for i, (speaker, lines) in enumerate(turns)
    ]
    if not built:
        raise TranscriptError(
            f"{source or 'transcript'}: no speaker tags found; start blocks with 'Interviewer:' and 'Candidate:'"
        )
    return Transcript(turns=built, source=source)


class _SessionTurn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    speaker: Speaker
    text: str
    at: float | None = None


class _SessionFile(BaseModel):
    model_config = ConfigDict(extra="ignore")
    kind: str
    schema_version: int
    scenario: str | None = None
    turns: list[_SessionTurn]


def parse_session_json(text: str, source: str = "") -> Transcript:
    """Parse a session saved by the trainer (its `turns` with speaker, text, time)."""
    name = source or "session"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise TranscriptError(f"{name}: malformed session JSON at line {err.lineno}, column {err.colno}: {err.msg}") from None
    if not isinstance(data, dict) or data.get("kind") != SESSION_KIND:
        raise TranscriptError(f"{name}: JSON is not an mlsd-trainer session (expected \"kind\": \"{SESSION_KIND}\")")
    try:
        session = _SessionFile.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise TranscriptError(f"{name}: malformed session JSON: {where}: {first['msg']}") from None
    turns = [Turn(index=i, speaker=t.speaker, text=t.text, at=t.at) for i, t in enumerate(session.turns)]
    return Transcript(turns=turns, scenario=session.scenario, source=source)


def read_transcript(path: Path) -> Transcript:
    """Read a transcript file of either format; raise `TranscriptError` saying why it cannot be used."""
    name = str(path)
    if path.is_dir():
        raise TranscriptError(f"{name}: is a directory, not a transcript file")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise TranscriptError(f"{name}: no such file") from None
    except OSError as err:
        raise TranscriptError(f"{name}: cannot read: {err.strerror or err}") from None
    if b"\x00" in raw[:8192]:
        raise TranscriptError(f"{name}: looks like a binary file, not a UTF-8 text transcript")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise TranscriptError(f"{name}: not UTF-8 text (bad byte at offset {err.start})") from None
    if not text.strip():
        raise TranscriptError(f"{name}: file is empty")
    if text.lstrip().startswith("{"):
        transcript = parse_session_json(text, name)
    else:
        transcript = parse_text(text, name)
    if not any(t.text.strip() for t in transcript.candidate_turns):
        raise TranscriptError(f"{name}: no candidate turns to score")
    return transcript
