"""Storage that degrades gracefully: read-only opening, and no writing into a damaged file."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.errors import TrainerError
from trainer.session.store import SessionStore, default_path, open_for_reading
from trainer.transcripts import Speaker, Turn

BIN = Path(sys.executable).parent / "mlsd-trainer"


def _one_session(path: Path) -> str:
    with SessionStore(path) as store:
        session_id = store.create(scenario="spam_filtering", minutes=45)
        store.add_turn(session_id, Turn(index=0, speaker=Speaker.INTERVIEWER, text="Design spam filtering.", at=0.0))
        store.add_turn(session_id, Turn(index=1, speaker=Speaker.CANDIDATE, text="What latency budget do we have?", at=5.0))
    return session_id


def test_a_read_only_open_reads_everything_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    session_id = _one_session(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in tmp_path.iterdir())
    with SessionStore(path, readonly=True) as store:
        record = store.load(session_id)
        assert [t.text for t in record.as_turns()][1] == "What latency budget do we have?"
        with pytest.raises(TrainerError, match="readonly|read-only"):
            store.create(scenario="spam_filtering", minutes=45)
    after = sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in tmp_path.iterdir() if p.name in {n for n, _, _ in before})
    assert after == before


def test_reading_commands_open_read_only(tmp_path: Path) -> None:
    path = default_path()
    _one_session(path)
    with open_for_reading(path) as store:
        assert store.readonly
    assert subprocess.run([str(BIN), "history"], capture_output=True, text=True, check=False, timeout=60).returncode == 0


def _damage(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 8192):
        data[offset : offset + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))


def test_a_damaged_database_is_refused_for_writing_with_a_way_to_salvage(tmp_path: Path) -> None:
    path = default_path()
    for _ in range(4):
        _one_session(path)
    _damage(path)
    with pytest.raises(TrainerError, match="damaged|corrupt"):
        SessionStore(path)
    chat = subprocess.run(
        [str(BIN), "chat", "--scenario", "spam_filtering"], input="hello\n/end\n", capture_output=True, text=True, check=False, timeout=60
    )
    assert chat.returncode == 2
    assert "Traceback" not in chat.stderr and ("damaged" in chat.stderr or "corrupt" in chat.stderr)
    history = subprocess.run([str(BIN), "history"], capture_output=True, text=True, check=False, timeout=60)
    assert "Traceback" not in history.stderr


def test_a_damaged_column_costs_only_that_part_of_the_session(tmp_path: Path) -> None:
    path = default_path()
    session_id = _one_session(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE sessions SET state = '{not json', report = '[1', minutes = 'abc', ended = 1, total = 40")
    with open_for_reading(path) as store:
        record = store.load(session_id)
    assert sorted(record.unreadable) == ["minutes", "report", "state"]
    assert record.state is None and record.report is None and record.minutes is None and record.total is None
    assert [t.text for t in record.turns][1] == "What latency budget do we have?"

    report = subprocess.run([str(BIN), "report", session_id], capture_output=True, text=True, check=False, timeout=60)
    assert report.returncode == 0, report.stderr
    assert "Traceback" not in report.stderr
    assert "minutes, state, report could not be read" in report.stderr
    assert report.stdout.startswith("# Mock interview feedback")

    exported = subprocess.run([str(BIN), "export", session_id], capture_output=True, text=True, check=False, timeout=60)
    assert exported.returncode == 0, exported.stderr
    assert '"unreadable": [\n    "minutes",\n    "state",\n    "report"\n  ]' in exported.stdout
