"""The session database's schema, as numbered migrations.

Migration N (1-based) is `MIGRATIONS[N - 1]`, a list of SQL statements;
`PRAGMA user_version` records how many have been applied. Append new
migrations; never edit a released one. `trainer.session.store` applies the missing ones
when it opens a database.
"""

from __future__ import annotations

MIGRATIONS: list[list[str]] = [
    # 1: sessions, their turns, and the mentor's ticks, notes and grades.
    [
        """
        CREATE TABLE sessions (
            id          TEXT PRIMARY KEY,
            scenario    TEXT NOT NULL,
            started_at  TEXT NOT NULL,               -- ISO 8601, UTC
            mode        TEXT NOT NULL DEFAULT 'solo' CHECK (mode IN ('solo', 'mentor')),
            strictness  TEXT NOT NULL DEFAULT 'nudge',
            minutes     REAL NOT NULL,
            seed        INTEGER NOT NULL DEFAULT 0,
            state       TEXT,                        -- InterviewState JSON; NULL until first saved
            ended       INTEGER NOT NULL DEFAULT 0,
            total       INTEGER,                     -- NULL until finished
            level       TEXT,                        -- NULL until finished
            report      TEXT,                        -- ScoreReport JSON; NULL until finished
            updated_at  TEXT NOT NULL                -- ISO 8601, UTC, microseconds
        )
        """,
        "CREATE INDEX sessions_started ON sessions (started_at)",
        """
        CREATE TABLE turns (
            session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            idx         INTEGER NOT NULL,
            speaker     TEXT NOT NULL CHECK (speaker IN ('interviewer', 'candidate')),
            text        TEXT NOT NULL,
            at          REAL,                        -- seconds since the start of the session
            PRIMARY KEY (session_id, idx)
        )
        """,
        """
        CREATE TABLE mentor_ticks (
            session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            item        TEXT NOT NULL,
            ticked      INTEGER NOT NULL,
            at          REAL NOT NULL,               -- Unix time
            PRIMARY KEY (session_id, item)
        )
        """,
        """
        CREATE TABLE mentor_notes (
            id          INTEGER PRIMARY KEY,
            session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            phase       TEXT,
            text        TEXT NOT NULL,
            at          REAL NOT NULL                -- Unix time
        )
        """,
        "CREATE INDEX mentor_notes_session ON mentor_notes (session_id, id)",
        """
        CREATE TABLE mentor_grades (
            session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            phase       TEXT NOT NULL,
            grade       INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
            PRIMARY KEY (session_id, phase)
        )
        """,
    ],
    # 2: one owner per open session (a process's pid, host and heartbeat), so two trainers never
    # interleave one session's turns. From here on mentor_notes.at is seconds into the mock.
    [
        """
        CREATE TABLE owners (
            session_id  TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
            token       TEXT NOT NULL,               -- random, per open LiveSession
            pid         INTEGER NOT NULL,
            host        TEXT NOT NULL,
            heartbeat   REAL NOT NULL                -- Unix time of the owner's last sign of life
        )
        """,
    ],
    # 3: one time unit for mentor data. Notes taken before migration 2 hold Unix time; they become
    # seconds into the mock, counted from the session's start (a start SQLite cannot read leaves 0).
    [
        """
        UPDATE mentor_notes
        SET at = MAX(0, at - COALESCE(
            (SELECT CAST(strftime('%s', s.started_at) AS REAL) FROM sessions s WHERE s.id = mentor_notes.session_id),
            at))
        WHERE at >= 100000000
        """,
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)
