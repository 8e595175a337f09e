"""Transcripts in: speaker-tagged plain text or a session JSON saved by the trainer.

A session JSON file is read as its `trainer.session.document.SessionDocument`;
its minutes and mentor marks travel on the `Transcript` to the exports.

Plain text: blocks start with `Interviewer:` / `Candidate:` (or `Интервьюер:` /
`Кандидат:`), case-insensitive, optionally in Markdown bold; continuation lines
belong to the last speaker. Every failure is a `TranscriptError` saying why.
"""

from __future__ import annotations

import json
import re
import stat
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from trainer.errors import TranscriptError
from trainer.scoring.schema import MentorData

SESSION_KIND = "mlsd-trainer.session"
# About 300,000 words: hours of a recorded call, seconds to score; bigger is not one interview.
MAX_TRANSCRIPT_BYTES = 2_000_000


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
    minutes: float | None = Field(default=None, description="Length of the mock (session files); None: the scenario's own.")
    mentor: MentorData | None = Field(default=None, description="The mentor's marks (session files and the store).")

    @property
    def candidate_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.speaker is Speaker.CANDIDATE]


_SPEAKERS = {
    "interviewer": Speaker.INTERVIEWER,
    "интервьюер": Speaker.INTERVIEWER,
    "candidate": Speaker.CANDIDATE,
    "кандидат": Speaker.CANDIDATE,
}
_TAG_RE = re.compile(r"(interviewer|candidate|интервьюер|кандидат)[*_ \t]*[:：][*_]*[ \t]?", re.IGNORECASE)
_TAG_LEAD = " \t>#*_"


def _tag(line: str) -> tuple[Speaker, str] | None:
    """The speaker tag a line starts with and the rest of the line, or None.

    Linear in the line's length: the leading decoration (quote marks, Markdown
    bold, spaces) is stripped first, so no pattern backtracks over it.
    """
    body = line.lstrip(_TAG_LEAD)
    if not body[:1].isalpha():
        return None
    match = _TAG_RE.match(body)
    if match is None:
        return None
    return _SPEAKERS[match.group(1).lower()], body[match.end() :]


def parse_text(text: str, source: str = "") -> Transcript:
    """Parse speaker-tagged plain text into turns; untagged lines before the first tag are ignored."""
    text = _SURROGATE_RE.sub("\ufffd", text)  # not valid UTF-8 (a stray byte escaped on input): replaced
    turns: list[tuple[Speaker, list[str]]] = []
    for line in text.splitlines():
        tagged = _tag(line)
        if tagged:
            turns.append((tagged[0], [tagged[1]]))
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


MAX_MINUTES = 600
MAX_JSON_DEPTH = 64
_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET_RE = re.compile(r"[\[\]{}]")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _nesting(text: str) -> int:
    """How deep the brackets of a JSON text nest (strings skipped), counted without recursion."""
    depth = deepest = 0
    for match in _BRACKET_RE.finditer(_STRING_RE.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number a session can hold")


def _repaired(value: Any) -> Any:
    """The same JSON value with lone surrogates (invalid in UTF-8) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE_RE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_repaired(v) for v in value]
    if isinstance(value, dict):
        return {_repaired(k): _repaired(v) for k, v in value.items()}
    return value


def load_json(text: str, name: str) -> Any:
    """Parse JSON from a file the user gave: bounded depth, no NaN/Infinity, valid text; one clear error."""
    if _nesting(text) > MAX_JSON_DEPTH:
        raise TranscriptError(f"{name}: JSON nested deeper than {MAX_JSON_DEPTH} levels; not a session file")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise TranscriptError(f"{name}: malformed session JSON at line {err.lineno}, column {err.colno}: {err.msg}") from None
    except (ValueError, RecursionError) as err:
        raise TranscriptError(f"{name}: malformed session JSON: {err}") from None
    return _repaired(data)


def read_transcript(path: Path) -> Transcript:
    """Read a transcript file of either format; raise `TranscriptError` saying why it cannot be used."""
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise TranscriptError(f"{name}: no such file") from None
    except OSError as err:
        raise TranscriptError(f"{name}: cannot read: {err.strerror or err}") from None
    if stat.S_ISDIR(info.st_mode):
        raise TranscriptError(f"{name}: is a directory, not a transcript file")
    if not stat.S_ISREG(info.st_mode):
        raise TranscriptError(f"{name}: not a regular file (a pipe or a device); save the transcript to a file first")
    if info.st_size > MAX_TRANSCRIPT_BYTES:
        raise TranscriptError(
            f"{name}: {info.st_size / 1e6:.1f} MB is larger than a transcript can be "
            f"({MAX_TRANSCRIPT_BYTES // 1_000_000} MB); split it into several files"
        )
    try:
        raw = path.read_bytes()
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
        # Imported here: the document module builds on this one (Speaker, Turn, Transcript).
        from trainer.session.document import read_session_document

        transcript = read_session_document(text, name).transcript(name)
    else:
        transcript = parse_text(text, name)
    if not any(t.text.strip() for t in transcript.candidate_turns):
        raise TranscriptError(f"{name}: no candidate turns to score")
    return transcript
