"""The session store: one SQLite database, `sessions.db`, in the user data directory.

Sessions, their turns, the interviewer state, the final report, the mentor's
marks and who holds an open session (`claim` / `heartbeat` / `release`: one
owner per session, a stale one taken over). The file handling — durability,
migrations, threads, lock waits — is `trainer.session.database`.

Errors. An unknown session id raises `SessionNotFoundError`; a corrupt,
locked, unreadable or too-new database raises `SessionStoreError`; a session
open in another live process raises `SessionBusyError`. All are `TrainerError`s
whose message is one line for a human.
"""
from __future__ import annotations

import builtins
import json
import os
import socket
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from trainer import paths
from trainer.errors import TrainerError
from trainer.interviewer.state import InterviewState
from trainer.scoring.schema import MentorData
from trainer.session.database import Database, SessionStoreError
from trainer.session.document import SessionDocument, SessionTurn, new_session_id, now_iso
from trainer.session.modes import MODES, STRICTNESS
from trainer.transcripts import Turn

if TYPE_CHECKING:
    from trainer.scoring.schema import ScoreReport

DB_NAME = "sessions.db"
GRADES = range(1, 5)
HEARTBEAT = 20.0  # seconds between an open session's signs of life
STALE_OWNER = 120.0  # seconds without a heartbeat after which an owner counts as gone


class SessionNotFoundError(TrainerError):
    """No session has this id; the message says how to find the ids."""

    def __init__(self, session_id: str):
        self.session_id = session_id
        super().__init__(f"no session with id {session_id!r}; `mlsd-trainer history` lists the saved sessions and their ids")


class SessionBusyError(SessionStoreError):
    """The session is open in another live process."""


class SessionSummary(BaseModel):
    """One row of `list()` / `mlsd-trainer history --json`."""

    model_config = ConfigDict(extra="forbid")

    id: str
    scenario: str
    started_at: str
    mode: Literal["solo", "mentor"]
    candidate_turns: int
    ended: bool
    total: int | None = None
    level: str | None = None


def default_path() -> Path:
    """`sessions.db` in the user data directory (honours MLSD_TRAINER_HOME)."""
    return paths.user_data_dir() / DB_NAME


def _updated_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def open_for_reading(path: Path | None = None) -> SessionStore:
    """The store for a command that only reads: opened read-only, so a read-only home or a
    damaged file still shows what it holds; an older schema is opened normally to migrate it."""
    path = Path(path) if path is not None else default_path()
    try:
        return SessionStore(path, readonly=True)
    except SessionStoreError as err:
        if "schema version" not in str(err) or not os.access(path.parent, os.W_OK):
            raise
        return SessionStore(path)


def _owner_alive(row: sqlite3.Row, host: str, now: float) -> bool:
    """Whether the process recorded as a session's owner may still be running.

    On this host a pid that no longer runs is gone at once; otherwise an owner is alive while
    its heartbeat (every HEARTBEAT seconds while a session is open) is fresher than STALE_OWNER.
    """
    if row["host"] == host:
        if int(row["pid"]) == os.getpid():
            return True  # this very process holds it in another LiveSession
        try:
            os.kill(int(row["pid"]), 0)
        except ProcessLookupError:
            return False
        except OSError:
            pass  # it exists, owned by another user
    return now - float(row["heartbeat"]) < STALE_OWNER


class SessionStore(Database):
    """Sessions, their turns and the mentor's marks in `sessions.db`."""

    def __init__(self, path: Path | None = None, **options: Any):
        """Open (and migrate) the store; `readonly=True` opens an existing one without writing a byte.

        Commands that only read (history, report, export) pass `readonly=True` when the home is
        not writable; a database that fails its integrity check is refused for writing, with a
        way to salvage what is readable. `timeout`, `patience` and `on_wait` are `Database`'s.
        """
        super().__init__(Path(path) if path is not None else default_path(), **options)

    @staticmethod
    def _require(conn: sqlite3.Connection, session_id: str) -> sqlite3.Row:
        row = conn.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            raise SessionNotFoundError(session_id)
        return row

    def __repr__(self) -> str:
        return f"SessionStore({str(self.path)!r})"

    # ---- sessions ------------------------------------------------------------------------

    def create(
        self,
        *,
        scenario: str,
        mode: str = "solo",
        strictness: str = "nudge",
        minutes: float,
        seed: int = 0,
    ) -> str:
        """Start a session; returns its new id."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        with self._write() as conn:
            session_id = new_session_id()
            while conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone():
                session_id = new_session_id()
            conn.execute(
                "INSERT INTO sessions (id, scenario, started_at, mode, strictness, minutes, seed, ended, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
                (session_id, scenario, now_iso(), mode, strictness, float(minutes), int(seed), _updated_now()),
            )
        return session_id

    def add_turn(self, session_id: str, turn: Turn, *, owner: str | None = None) -> None:
        """Append a turn; it is committed (durable) when this returns.

        Turns are numbered in the order they are added (`turn.index` is not
        trusted: a resumed interviewer or the TUI may number differently).
        """
        with self._write() as conn:
            self._require(conn, session_id)
            self._owned(conn, session_id, owner)
            (idx,) = conn.execute("SELECT COALESCE(MAX(idx) + 1, 0) FROM turns WHERE session_id = ?", (session_id,)).fetchone()
            conn.execute(
                "INSERT INTO turns (session_id, idx, speaker, text, at) VALUES (?, ?, ?, ?, ?)",
                (session_id, idx, turn.speaker.value, turn.text, turn.at if turn.at is not None else 0.0),
            )
            conn.execute("UPDATE sessions SET updated_at = ? WHERE id = ?", (_updated_now(), session_id))

    def save_state(self, session_id: str, state: InterviewState, *, owner: str | None = None) -> None:
        """Replace the saved interviewer state (for resuming exactly)."""
        data = state.model_dump_json()
        with self._write() as conn:
            self._owned(conn, session_id, owner)
            cur = conn.execute("UPDATE sessions SET state = ?, updated_at = ? WHERE id = ?", (data, _updated_now(), session_id))
            if cur.rowcount == 0:
                raise SessionNotFoundError(session_id)

    def finish(self, session_id: str, report: ScoreReport, *, owner: str | None = None) -> None:
        """Mark the session ended with its final score (and let go of it)."""
        data = report.model_dump_json()
        with self._write() as conn:
            self._owned(conn, session_id, owner)
            conn.execute("DELETE FROM owners WHERE session_id = ?", (session_id,))
            cur = conn.execute(
                "UPDATE sessions SET ended = 1, total = ?, level = ?, report = ?, updated_at = ? WHERE id = ?",
                (report.total, report.level, data, _updated_now(), session_id),
            )
            if cur.rowcount == 0:
                raise SessionNotFoundError(session_id)

    def delete(self, session_id: str) -> None:
        """Remove a session with its turns and mentor data, unless another live trainer holds it open."""
        with self._write() as conn:
            self._require_free(conn, session_id)
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))  # turns, marks, owner: ON DELETE CASCADE

    def reopen(self, session_id: str) -> None:
        """Make a finished session unfinished again, to continue it (a mock ended by mistake);
        its score is computed afresh when it ends again."""
        with self._write() as conn:
            self._require_free(conn, session_id)
            conn.execute(
                "UPDATE sessions SET ended = 0, total = NULL, level = NULL, report = NULL, updated_at = ? WHERE id = ?",
                (_updated_now(), session_id),
            )

    # ---- ownership: one live process per session ------------------------------------------

    def claim(self, session_id: str, token: str) -> None:
        """Become the session's one writer, or raise `SessionBusyError` naming who is.

        An owner whose process is gone (same host: its pid no longer runs; another host: no
        heartbeat for STALE_OWNER seconds) is taken over silently: a killed trainer never
        locks its session for good.
        """
        host, pid, now = socket.gethostname(), os.getpid(), time.time()
        with self._write() as conn:
            self._require_free(conn, session_id, token)
            conn.execute(
                "INSERT INTO owners (session_id, token, pid, host, heartbeat) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (session_id) DO UPDATE SET token = excluded.token, pid = excluded.pid,"
                " host = excluded.host, heartbeat = excluded.heartbeat",
                (session_id, token, pid, host, now),
            )

    def holder(self, session_id: str) -> str | None:
        """Who holds the session open, as one line for a person; None when nobody live does."""
        with self._read() as conn:
            self._require(conn, session_id)
            return self._holder(conn, session_id, None)

    def _require_free(self, conn: sqlite3.Connection, session_id: str, token: str | None = None) -> None:
        """The session exists and no other live process holds it (`token`: the caller's own claim)."""
        self._require(conn, session_id)
        busy = self._holder(conn, session_id, token)
        if busy is not None:
            raise SessionBusyError(busy)

    @staticmethod
    def _holder(conn: sqlite3.Connection, session_id: str, token: str | None) -> str | None:
        row = conn.execute("SELECT token, pid, host, heartbeat FROM owners WHERE session_id = ?", (session_id,)).fetchone()
        now = time.time()
        if row is None or row["token"] == token or not _owner_alive(row, socket.gethostname(), now):
            return None
        ago = max(0, round(now - float(row["heartbeat"])))
        return (
            f"session {session_id} is open in another mlsd-trainer (pid {row['pid']} on {row['host']}, "
            f"last active {ago} s ago); finish or close it there, or read it with `mlsd-trainer report {session_id}`"
        )

    def heartbeat(self, session_id: str, token: str) -> None:
        """The owner is still here (a no-op for a token that no longer owns the session)."""
        with self._write() as conn:
            conn.execute("UPDATE owners SET heartbeat = ? WHERE session_id = ? AND token = ?", (time.time(), session_id, token))

    def release(self, session_id: str, token: str) -> None:
        """Let go of a session this token owns (nothing happens if someone else took it over)."""
        with self._write() as conn:
            conn.execute("DELETE FROM owners WHERE session_id = ? AND token = ?", (session_id, token))

    @staticmethod
    def _owned(conn: sqlite3.Connection, session_id: str, owner: str | None) -> None:
        """Inside a write: refuse if `owner` no longer holds the session (another process took it over)."""
        if owner is None:
            return
        row = conn.execute("SELECT token, pid, host FROM owners WHERE session_id = ?", (session_id,)).fetchone()
        if row is not None and row["token"] != owner:
            raise SessionBusyError(
                f"session {session_id} was taken over by another mlsd-trainer (pid {row['pid']} on {row['host']}); "
                "this window can no longer write to it"
            )
        conn.execute(
            "INSERT INTO owners (session_id, token, pid, host, heartbeat) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (session_id) DO UPDATE SET heartbeat = excluded.heartbeat",
            (session_id, owner, os.getpid(), socket.gethostname(), time.time()),
        )

    # ---- the mentor's marks --------------------------------------------------------------

    def set_mentor_tick(self, session_id: str, item: str, ticked: bool) -> None:
        with self._write() as conn:
            self._require(conn, session_id)
            conn.execute(
                "INSERT INTO mentor_ticks (session_id, item, ticked, at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (session_id, item) DO UPDATE SET ticked = excluded.ticked, at = excluded.at",
                (session_id, item, int(bool(ticked)), time.time()),
            )

    def add_mentor_note(self, session_id: str, text: str, phase: str | None = None, *, at: float) -> None:
        """A note taken `at` seconds into the mock (the one time unit of mentor data)."""
        with self._write() as conn:
            self._require(conn, session_id)
            conn.execute(
                "INSERT INTO mentor_notes (session_id, phase, text, at) VALUES (?, ?, ?, ?)",
                (session_id, phase, text, float(at)),
            )

    def edit_mentor_note(self, session_id: str, index: int, text: str) -> None:
        """Replace the text of the session's `index`-th note (0-based, in the order taken); its
        phase and time stay. A note that is not there is a `SessionStoreError`."""
        with self._write() as conn:
            self._require(conn, session_id)
            row = conn.execute(
                "SELECT id FROM mentor_notes WHERE session_id = ? ORDER BY id LIMIT 1 OFFSET ?", (session_id, max(0, index))
            ).fetchone()
            if row is None or index < 0:
                raise SessionStoreError(f"session {session_id} has no note number {index + 1}")
            conn.execute("UPDATE mentor_notes SET text = ? WHERE id = ?", (text, row["id"]))

    def set_mentor_grade(self, session_id: str, phase: str, grade: int) -> None:
        """Grade a phase 1-4 (replacing an earlier grade); anything else is a ValueError."""
        if isinstance(grade, bool) or not isinstance(grade, int) or grade not in GRADES:
            raise ValueError(f"a mentor grade is an integer from 1 to 4, not {grade!r}")
        with self._write() as conn:
            self._require(conn, session_id)
            conn.execute(
                "INSERT INTO mentor_grades (session_id, phase, grade) VALUES (?, ?, ?)"
                " ON CONFLICT (session_id, phase) DO UPDATE SET grade = excluded.grade",
                (session_id, phase, grade),
            )

    def mentor(self, session_id: str) -> MentorData:
        """The mentor's ticks, notes (`at`: seconds into the mock) and grades."""
        with self._read() as conn:
            self._require(conn, session_id)
            return self._mentor(conn, session_id)

    @staticmethod
    def _mentor(conn: sqlite3.Connection, session_id: str) -> MentorData:
        """Raises ValueError (pydantic's ValidationError included) or TypeError when a row is damaged."""
        ticks = conn.execute("SELECT item, ticked FROM mentor_ticks WHERE session_id = ? ORDER BY item", (session_id,))
        notes = conn.execute("SELECT phase, text, at FROM mentor_notes WHERE session_id = ? ORDER BY id", (session_id,))
        grades = conn.execute("SELECT phase, grade FROM mentor_grades WHERE session_id = ? ORDER BY phase", (session_id,))
        return MentorData.model_validate(
            {
                "ticks": {row["item"]: bool(row["ticked"]) for row in ticks},
                "notes": [{"phase": row["phase"], "text": row["text"], "at": row["at"]} for row in notes],
                "grades": {row["phase"]: int(row["grade"]) for row in grades},
            }
        )

    # ---- reading -------------------------------------------------------------------------

    def scenario_of(self, session_id: str) -> str:
        """The scenario id of a session (to resolve it before loading the whole record)."""
        return self.summary(session_id).scenario

    def summary(self, session_id: str) -> SessionSummary:
        """One session's row as `list` shows it (cheap: no turns, state or report parsed)."""
        with self._read() as conn:
            row = self._require(conn, session_id)
            (answers,) = conn.execute(
                "SELECT COUNT(*) FROM turns WHERE session_id = ? AND speaker = 'candidate'", (session_id,)
            ).fetchone()
        return SessionSummary(
            id=str(row["id"]),
            scenario=str(row["scenario"]),
            started_at=str(row["started_at"]),
            mode=row["mode"] if row["mode"] in MODES else "solo",
            candidate_turns=int(answers),
            ended=bool(row["ended"]),
            total=row["total"] if row["ended"] else None,
            level=row["level"] if row["ended"] else None,
        )

    def load(self, session_id: str) -> SessionDocument:
        """The whole session: its settings, turns in order, state, result and the mentor's marks."""
        with self._read() as conn:
            row = self._require(conn, session_id)
            turns = conn.execute(
                "SELECT speaker, text, at FROM turns WHERE session_id = ? ORDER BY idx", (session_id,)
            ).fetchall()
            try:
                mentor: MentorData | None = self._mentor(conn, session_id)
            except (ValueError, TypeError):
                mentor = None
        record = self._record(row, turns)
        if mentor is None:
            record.unreadable.append("mentor")
        else:
            record.mentor = mentor
        return record

    def _record(self, row: sqlite3.Row, turns: list[sqlite3.Row]) -> SessionDocument:
        """The record, with each damaged optional column left out and named in `unreadable`.

        The turns are what a report needs; a damaged state, report or setting costs only that
        part (resume starts from the turns, the report is recomputed), never the whole session.
        """
        unreadable: list[str] = []

        def column(name: str, parse: Any, default: Any) -> Any:
            raw = row[name]
            if raw is None:
                return default
            try:
                return parse(raw)
            except (ValidationError, ValueError, TypeError):
                unreadable.append(name)
                return default

        def number(raw: Any) -> float:
            value = float(raw)
            if not (0 < value <= 24 * 60):
                raise ValueError(value)
            return value

        def choice(options: tuple[str, ...]) -> Any:
            def parse(raw: Any) -> str:
                if raw not in options:
                    raise ValueError(raw)
                return str(raw)
            return parse

        try:
            session_turns = [SessionTurn(speaker=t["speaker"], text=t["text"], at=t["at"] or 0.0) for t in turns]
        except (ValidationError, ValueError, TypeError) as err:
            first = str(err).splitlines()[0]
            raise SessionStoreError(f"session {row['id']} in {self.path} is damaged and cannot be read ({first})") from None
        ended = bool(row["ended"])
        fields = dict(
            mode=column("mode", choice(MODES), "solo"),
            strictness=column("strictness", choice(STRICTNESS), "nudge"),
            minutes=column("minutes", number, None),
            seed=column("seed", int, 0),
            state=column("state", InterviewState.model_validate_json, None),
            report=column("report", json.loads, None),
        )
        if fields["report"] is not None and not isinstance(fields["report"], dict):
            unreadable.append("report")
            fields["report"] = None
        total = level = None
        if ended and fields["report"] is not None:
            total, level = row["total"], row["level"]
        return SessionDocument(
            id=str(row["id"]),
            scenario=str(row["scenario"]),
            started_at=str(row["started_at"]),
            turns=session_turns,
            ended=ended,
            total=total if isinstance(total, int) else None,
            level=level if isinstance(level, str) else None,
            unreadable=unreadable,
            **fields,
        )

    def list(self, limit: int | None = None) -> list[SessionSummary]:
        """Sessions, newest first; `total` and `level` are None while a session is unfinished."""
        with self._read() as conn:
            rows = conn.execute(
                """
                SELECT s.id, s.scenario, s.started_at, s.mode, s.ended,
                       CASE WHEN s.ended THEN s.total END AS total,
                       CASE WHEN s.ended THEN s.level END AS level,
                       (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id AND t.speaker = 'candidate')
                           AS candidate_turns
                FROM sessions s
                ORDER BY s.started_at DESC, s.rowid DESC
                LIMIT ?
                """,
                (-1 if limit is None else max(0, int(limit)),),
            ).fetchall()
        return [
            SessionSummary(
                id=r["id"],
                scenario=r["scenario"],
                started_at=r["started_at"],
                mode=r["mode"],
                candidate_turns=r["candidate_turns"],
                ended=bool(r["ended"]),
                total=r["total"],
                level=r["level"],
            )
            for r in rows
        ]

    def finished_reports(self, limit: int | None = None) -> builtins.list[tuple[SessionSummary, ScoreReport]]:
        """`(summary, report)` for each finished session among the `limit` newest sessions, newest first.

        The same window as `list(limit)`, minus the unfinished sessions. A session whose stored
        report cannot be read (damaged, or written by an incompatible version) is left out.
        """
        from trainer.scoring.schema import ScoreReport

        with self._read() as conn:
            rows = conn.execute(
                """
                SELECT s.id, s.scenario, s.started_at, s.mode, s.ended, s.total, s.level, s.report,
                       (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id AND t.speaker = 'candidate')
                           AS candidate_turns
                FROM (SELECT *, rowid AS rid FROM sessions ORDER BY started_at DESC, rowid DESC LIMIT ?) s
                WHERE s.ended AND s.report IS NOT NULL
                ORDER BY s.started_at DESC, s.rid DESC
                """,
                (-1 if limit is None else max(0, int(limit)),),
            ).fetchall()
        pairs: list[tuple[SessionSummary, ScoreReport]] = []
        for r in rows:
            try:
                report = ScoreReport.model_validate_json(r["report"])
            except (ValidationError, ValueError):
                continue
            summary = SessionSummary(
                id=r["id"],
                scenario=r["scenario"],
                started_at=r["started_at"],
                mode=r["mode"],
                candidate_turns=r["candidate_turns"],
                ended=True,
                total=r["total"],
                level=r["level"],
            )
            pairs.append((summary, report))
        return pairs

    def latest_unfinished(self) -> str | None:
        """Id of the unfinished session written to most recently, or None."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT id FROM sessions WHERE ended = 0 ORDER BY updated_at DESC, rowid DESC LIMIT 1"
            ).fetchone()
        return row["id"] if row else None

    def export(self, session_id: str) -> dict[str, Any]:
        """The session document's JSON form, the file `mlsd-trainer score` and `report` read."""
        return self.load(session_id).model_dump(mode="json")
