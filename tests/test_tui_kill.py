"""The real TUI process on a pseudo-terminal, killed with SIGKILL right after an answer: nothing is lost."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from trainer.session.store import SessionStore

BIN = Path(sys.executable).parent / "mlsd-trainer"


def drain(fd: int, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def test_kill_minus_nine_in_the_tui_loses_no_answer(trainer_home: Path) -> None:
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    proc = subprocess.Popen(
        [str(BIN), "practice", "--scenario", "spam_filtering"],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True,
    )
    os.close(slave)
    answer = "We classify each email with a light model first because the budget is 20 ms"
    try:
        deadline = time.monotonic() + 30
        session_id = None
        while time.monotonic() < deadline and session_id is None:
            drain(master, 0.3)
            if (trainer_home / "sessions.db").exists():
                sessions = SessionStore().list()
                if sessions and sessions[0].candidate_turns == 0:
                    record = SessionStore().load(sessions[0].id)
                    if record.turns:  # the opening is on disk: the screen is ready for input
                        session_id = sessions[0].id
        assert session_id, "the interview screen never started a session"
        os.write(master, answer.encode() + b"\r")
        while time.monotonic() < deadline:
            drain(master, 0.1)
            texts = [t.text for t in SessionStore().load(session_id).turns]
            if answer in texts:
                break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    record = SessionStore().load(session_id)
    assert answer in [t.text for t in record.turns]
    assert not record.ended
    assert SessionStore().latest_unfinished() == session_id
