"""The SQLite plumbing under the session store: opening, integrity, migrations, transactions.

Durability. Every write is its own transaction, committed before the method
returns: once a write returns, it survives the process being killed
(`kill -9`) or the machine losing power. The database runs in WAL mode (a
reader — `mlsd-trainer history` in another terminal — never blocks the
session being written) with `synchronous=FULL`: each commit is fsynced to the
write-ahead log before it returns. `NORMAL` would survive a killed process
too, but may lose the last commits on power loss; a session writes a few rows
per human answer, so one fsync per commit costs nothing anybody notices.

Schema. `MIGRATIONS` (in `trainer.session.schema`) is a numbered list of migrations, each a list of SQL
statements; `PRAGMA user_version` records how many have been applied. Opening
a database applies the missing ones in order, each in its own transaction
together with the version bump, so a crash mid-migration leaves the previous
version intact. Append new migrations; never edit a released one.

Threads. A database owns one connection, opened with `check_same_thread=False`
and guarded by a lock, so one worker thread at a time (the TUI's) may use it.
Open one per process or window; several processes may share the file.

Locks. A write that finds the file locked by another process retries with
backoff for `patience` seconds (telling `on_wait` once) before it fails.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Self

from trainer.errors import TrainerError
from trainer.session.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT = 1.0  # seconds SQLite itself waits for another process's write lock
LOCK_PATIENCE = 120.0  # seconds a write keeps retrying a locked database (with backoff) before giving up


class SessionStoreError(TrainerError):
    """The session database cannot be used (corrupt, locked, unreadable, too new)."""


def store_error(path: Path, err: BaseException) -> SessionStoreError:
    detail = str(err).splitlines()[0] if str(err) else type(err).__name__
    low = detail.lower()
    if "locked" in low or "busy" in low:
        text = f"session database {path} is locked by another process ({detail}); close other mlsd-trainer windows and try again"
    elif "not a database" in low or "malformed" in low or "corrupt" in low:
        text = f"session database {path} is corrupt ({detail}); move it aside (rename it) and mlsd-trainer will start a new one"
    elif isinstance(err, OSError) or "unable to open" in low or "readonly" in low or "disk i/o" in low:
        text = f"cannot open session database {path}: {detail}"
    else:
        text = f"session database {path}: {detail}"
    return SessionStoreError(text)


def _damaged(path: Path, detail: str) -> str:
    return (
        f"session database {path} is damaged ({detail.splitlines()[0][:120]}); new sessions are not written into it. "
        f"Salvage what is readable with `mlsd-trainer history` and `mlsd-trainer report ID`, then move the file "
        f"aside (rename it) and mlsd-trainer starts a new one"
    )


class Database:
    """One SQLite file, opened (and migrated) for writing, or read-only without writing a byte."""

    def __init__(
        self,
        path: Path,
        *,
        timeout: float = BUSY_TIMEOUT,
        readonly: bool = False,
        patience: float = LOCK_PATIENCE,
        on_wait: Callable[[str], None] | None = None,
    ):
        """Open (and migrate) the database; `readonly` opens an existing one without writing a byte.

        Commands that only read (history, report, export) pass `readonly=True` when the home is
        not writable; a database that fails its integrity check is refused for writing, with a
        way to salvage what is readable.
        """
        self.path = Path(path)
        self.readonly = readonly
        self.patience = patience
        # Told (once per wait) when a write finds the database locked and keeps trying.
        self.on_wait = on_wait
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        if readonly:
            self._conn = self._open_readonly(timeout)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as err:
            raise store_error(self.path, err) from None
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            self._check_integrity(conn)
            self._migrate(conn)
        except sqlite3.Error as err:
            conn.close()
            raise store_error(self.path, err) from None
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    def _open_readonly(self, timeout: float) -> sqlite3.Connection:
        if not self.path.exists():
            raise SessionStoreError(f"session database {self.path} does not exist yet (no sessions have been saved)")
        last: sqlite3.Error | None = None
        # `mode=ro` still needs the WAL index; `immutable=1` reads a database nobody may write.
        for query in ("mode=ro", "immutable=1"):
            try:
                conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?{query}", uri=True, timeout=timeout,
                                       isolation_level=None, check_same_thread=False)
                conn.row_factory = sqlite3.Row
                version = self._version(conn)
                if version != SCHEMA_VERSION:
                    conn.close()
                    raise SessionStoreError(
                        f"session database {self.path} has schema version {version}; this mlsd-trainer reads "
                        f"version {SCHEMA_VERSION} (open it once where it can be written to migrate it)"
                    )
                return conn
            except sqlite3.Error as err:
                last = err
        raise store_error(self.path, last or sqlite3.Error("cannot open read-only")) from None

    def _check_integrity(self, conn: sqlite3.Connection) -> None:
        """Refuse to write new sessions into a damaged file (say what is wrong and how to salvage)."""
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as err:
            raise SessionStoreError(_damaged(self.path, str(err))) from None
        problems = [str(r[0]) for r in rows if str(r[0]).lower() != "ok"]
        if problems:
            raise SessionStoreError(_damaged(self.path, problems[0]))

    # ---- connection and transactions -----------------------------------------------------

    def _migrate(self, conn: sqlite3.Connection) -> None:
        if self._version(conn) == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")  # another process may be migrating the same file: re-read under the lock
        try:
            version = self._version(conn)
            if version > SCHEMA_VERSION:
                raise SessionStoreError(
                    f"session database {self.path} has schema version {version}, newer than this mlsd-trainer "
                    f"understands ({SCHEMA_VERSION}); upgrade mlsd-trainer"
                )
            for number in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[number - 1]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number:d}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _version(conn: sqlite3.Connection) -> int:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    @property
    def schema_version(self) -> int:
        with self._read() as conn:
            return self._version(conn)

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise SessionStoreError(f"session database {self.path} is closed")
        return self._conn

    def _begin(self, conn: sqlite3.Connection, begin: str) -> None:
        """Start a transaction; a write that finds the database locked retries with backoff for
        `patience` seconds, telling `on_wait` once, before the lock error reaches the caller."""
        waited = 0.0
        delay = 0.05
        told = False
        while True:
            started = time.monotonic()
            try:
                conn.execute(begin)
                return
            except sqlite3.OperationalError as err:
                low = str(err).lower()
                if not ("locked" in low or "busy" in low) or begin == "BEGIN":
                    raise
                waited += time.monotonic() - started
                if waited >= self.patience:
                    raise
                if not told and self.on_wait is not None:
                    told = True
                    self.on_wait(
                        f"the session database {self.path} is locked by another process; waiting for it "
                        f"(up to {self.patience:.0f} s) — nothing is lost meanwhile"
                    )
                time.sleep(delay)  # backoff between attempts, on top of SQLite's own busy wait
                waited += delay
                delay = min(delay * 2, 1.0)

    @contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connection()
            try:
                self._begin(conn, begin)
                try:
                    yield conn
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            except sqlite3.Error as err:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass
                raise store_error(self.path, err) from None

    def _write(self) -> Any:
        """One committed transaction; IMMEDIATE takes the write lock up front (no upgrade deadlocks)."""
        return self._transaction("BEGIN IMMEDIATE")

    def _read(self) -> Any:
        """A consistent snapshot for several SELECTs."""
        return self._transaction("BEGIN")

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

