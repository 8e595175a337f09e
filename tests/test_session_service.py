"""The one session service under failure: nothing silent, nothing lost, one owner per session.

Each test reproduces a failure a review found (a write that fails once, a lock held past the
busy timeout, undecodable input, a broken user scenario, two trainers on one session, resume
of a mentor session, a slow reply while the sidebar refreshes) through the real shells.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_tui import messages, settle, type_answer

from trainer.content.library import load_library
from trainer.errors import TrainerError
from trainer.interviewer.clock import FrozenClock
from trainer.session.live import AnswerNotSaved, LiveSession
from trainer.session.store import SessionBusyError, SessionStore, SessionStoreError, default_path
from trainer.tui.app import make_app
from trainer.tui.screens.start import StartScreen
from trainer.tui.widgets.answer_box import AnswerBox
from trainer.tui.widgets.mentor_panel import MentorPanel

BIN = Path(sys.executable).parent / "mlsd-trainer"


def _candidate_texts(session_id: str) -> list[str]:
    with SessionStore() as store:
        return [t.text for t in store.load(session_id).turns if t.speaker.value == "candidate"]


def _fail_once(store: SessionStore, error: str) -> None:
    """Make the store's next `add_turn` raise `error` once, as a busy or failing disk would."""
    original = store.add_turn
    calls = {"n": 0}

    def failing_once(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise SessionStoreError(error)
        return original(*args, **kwargs)

    store.add_turn = failing_once  # type: ignore[method-assign]


# ---- a write that fails --------------------------------------------------------------------------


def test_a_failed_write_leaves_the_interview_unmoved_and_says_the_answer_was_not_saved() -> None:
    resolved = load_library().resolve("spam_filtering")
    with SessionStore() as store:
        live = LiveSession(resolved, store, clock=FrozenClock())
        live.open()
        _fail_once(store, "disk I/O error")
        state_before = live.interviewer.state.model_dump()
        with pytest.raises(AnswerNotSaved, match="not saved: disk I/O error"):
            live.submit("What latency budget do we have per email?")
        assert live.interviewer.state.model_dump() == state_before
        assert [t.speaker.value for t in live.turns] == ["interviewer"]
        move = live.submit("What latency budget do we have per email?")
        assert move.text
        live.finish()
    assert _candidate_texts(live.id) == ["What latency budget do we have per email?"]


async def test_in_the_tui_an_answer_that_could_not_be_saved_goes_back_into_the_box() -> None:
    app = make_app(scenario="spam_filtering", clock_factory=FrozenClock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.screen.live is not None and messages(app))
        store = app.screen.live.store
        _fail_once(store, "database is locked")
        await type_answer(pilot, "What latency budget do we have per email?")
        box = app.screen.query_one(AnswerBox)
        await settle(pilot, lambda: box.text == "What latency budget do we have per email?")
        assert [speaker for speaker, _ in messages(app)] == ["interviewer"]  # the unsaved line left the transcript
        assert any("not saved" in n.message and "database is locked" in n.message for n in app._notifications)
        await pilot.press("enter")  # send it again, as is
        await settle(pilot, lambda: len(messages(app)) >= 3)
        session_id = app.screen.live.id
    assert _candidate_texts(session_id) == ["What latency budget do we have per email?"]


# ---- chat: a long lock and undecodable input ------------------------------------------------------


def test_chat_waits_out_a_lock_held_past_the_busy_timeout_and_keeps_the_answer() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    chat = subprocess.Popen(
        [str(BIN), "chat", "--scenario", "spam_filtering"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    assert chat.stdin is not None and chat.stdout is not None
    holder = None
    try:
        for line in chat.stdout:  # the opening is printed once the session is created
            if line.startswith("Interviewer:"):
                break
        holder = sqlite3.connect(default_path(), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process takes the write lock and keeps it
        chat.stdin.write("What latency budget do we have per email?\n")
        chat.stdin.flush()
        for line in chat.stdout:
            if "locked by another process" in line:
                assert "nothing is lost" in line
                break
        else:
            raise AssertionError("chat never said it was waiting for the database")
        holder.execute("ROLLBACK")  # let go only after chat has waited past SQLite's own timeout
        holder.close()
        holder = None
        out, err = chat.communicate("/end\n", timeout=120)
    finally:
        if holder is not None:
            holder.close()
        if chat.poll() is None:
            chat.kill()
    assert chat.returncode == 0, err
    assert "Traceback" not in err
    with SessionStore() as store:
        (session,) = store.list()
        assert session.ended
    assert _candidate_texts(session.id) == ["What latency budget do we have per email?"]


def test_chat_reads_a_line_that_is_not_utf8_and_goes_on() -> None:
    answer = "Бюджет задержки какой?".encode("cp1251")
    result = subprocess.run(
        [str(BIN), "chat", "--scenario", "spam_filtering"],
        input=b"What latency budget do we have? " + answer + b"\nHow many emails per day?\n/end\n",
        capture_output=True, check=False, timeout=120,
    )
    out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert result.returncode == 0, err
    assert "Traceback" not in err
    assert "line 1 is not UTF-8" in out
    with SessionStore() as store:
        (session,) = store.list()
    texts = _candidate_texts(session.id)
    assert texts[0].startswith("What latency budget do we have? ") and "\ufffd" in texts[0]
    assert texts[1] == "How many emails per day?"


def test_chat_hands_back_an_answer_too_long_to_take() -> None:
    huge = "word " * 5_000
    result = subprocess.run(
        [str(BIN), "chat", "--scenario", "spam_filtering"],
        input=f"{huge}\nWhat latency budget do we have?\n/end\n", capture_output=True, text=True, check=False, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "at most 20,000 are taken" in result.stdout and "send it again" in result.stdout
    with SessionStore() as store:
        (session,) = store.list()
    assert _candidate_texts(session.id) == ["What latency budget do we have?"]


# ---- a broken user scenario -----------------------------------------------------------------------


def _broken_user_scenario(home: Path) -> Path:
    bundled = (Path(__file__).parents[1] / "scenarios" / "spam_filtering.yaml").read_text(encoding="utf-8")
    folder = home / "scenarios"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "broken.yaml"
    path.write_text(bundled.replace("id: spam_filtering", "id: broken_one", 1).replace("\ntitle:", "\nminutes_extra: 3\ntitle:", 1), encoding="utf-8")
    return path


async def test_a_broken_user_scenario_returns_to_the_start_screen_with_the_validate_line(trainer_home: Path) -> None:
    path = _broken_user_scenario(trainer_home)
    app = make_app(scenario="broken_one", clock_factory=FrozenClock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, StartScreen))
        await settle(pilot, lambda: any("Cannot start" in n.message for n in app._notifications))
        (note,) = [n.message for n in app._notifications if "Cannot start" in n.message]
        assert f"{path}:" in note and "[minutes_extra]" in note and "unknown field" in note
    validate = subprocess.run([str(BIN), "validate"], capture_output=True, text=True, check=False, timeout=60)
    assert f"{path}:" in validate.stdout + validate.stderr


def test_chat_with_a_broken_user_scenario_prints_the_validate_line(trainer_home: Path) -> None:
    path = _broken_user_scenario(trainer_home)
    result = subprocess.run(
        [str(BIN), "chat", "--scenario", "broken_one"], input="/end\n", capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{path}:" in result.stderr and "minutes_extra" in result.stderr


# ---- one owner per session ------------------------------------------------------------------------


def test_two_trainers_cannot_hold_one_session() -> None:
    resolved = load_library().resolve("spam_filtering")
    library = load_library()
    with SessionStore() as first_store, SessionStore() as second_store:
        first = LiveSession(resolved, first_store, clock=FrozenClock())
        first.open()
        first.submit("What latency budget do we have per email?")
        with pytest.raises(SessionBusyError, match=rf"session {first.id} is open in another mlsd-trainer \(pid {os.getpid()}"):
            LiveSession.resume(library, second_store, first.id, clock_factory=FrozenClock)
        first.close()  # the first window lets go: now it can be resumed
        second = LiveSession.resume(library, second_store, first.id, clock_factory=FrozenClock)
        second.submit("About a billion emails a day?")
        second.finish()
    assert _candidate_texts(first.id) == ["What latency budget do we have per email?", "About a billion emails a day?"]


def test_a_second_resume_says_who_holds_the_session_and_a_killed_owner_is_taken_over() -> None:
    resolved = load_library().resolve("spam_filtering")
    with SessionStore() as store:
        live = LiveSession(resolved, store, clock=FrozenClock())
        live.open()
        session_id = live.id
        busy = subprocess.run([str(BIN), "resume", session_id], capture_output=True, text=True, check=False, timeout=60)
        assert busy.returncode == 2 and "Traceback" not in busy.stderr
        assert f"pid {os.getpid()}" in busy.stderr and "is open in another mlsd-trainer" in busy.stderr
        live._stop.set()
    # A process that died holding the session (its pid no longer runs) does not lock it for good.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    with sqlite3.connect(default_path()) as conn:
        conn.execute("UPDATE owners SET pid = ?, token = 'gone' WHERE session_id = ?", (int(dead.stdout), session_id))
    with SessionStore() as store:
        assert store.holder(session_id) is None
        again = LiveSession.resume(load_library(), store, session_id, clock_factory=FrozenClock)
        with pytest.raises(TrainerError):
            # the old window (a different token) may not write into the session any more
            store.add_turn(session_id, live.turns[0], owner=live.token)
        again.finish()


def test_a_finished_session_is_continued_only_when_asked_and_scored_again() -> None:
    resolved = load_library().resolve("spam_filtering")
    with SessionStore() as store:
        live = LiveSession(resolved, store, clock=FrozenClock())
        live.open()
        live.submit("What latency budget do we have per email?")
        first = live.finish()
        session_id = live.id
    refused = subprocess.run([str(BIN), "resume", session_id], capture_output=True, text=True, check=False, timeout=60)
    assert refused.returncode == 2 and f"resume {session_id} --reopen" in refused.stderr
    with SessionStore() as store:
        store.reopen(session_id)
        assert not store.summary(session_id).ended and store.summary(session_id).total is None
        again = LiveSession.resume(load_library(), store, session_id, clock_factory=FrozenClock)
        assert not again.ended and again.resumed
        again.submit("About a billion emails a day, and 20 ms per email?")
        second = again.finish()
        assert store.summary(session_id).ended and store.summary(session_id).total == second.total
    assert _candidate_texts(session_id) == [
        "What latency budget do we have per email?", "About a billion emails a day, and 20 ms per email?"
    ]
    assert second.total >= first.total


# ---- resume of a mentor session -------------------------------------------------------------------


async def test_resume_reopens_a_mentor_session_as_mentor_with_its_paused_clock() -> None:
    app = make_app(scenario="recommendations", mentor=True, clock_factory=FrozenClock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.screen.live is not None and messages(app))
        await type_answer(pilot, "Which business metric do we optimise: GMV or clicks?")
        await settle(pilot, lambda: len(messages(app)) >= 3)
        await pilot.press("f8")
        await settle(pilot, lambda: app.screen.snapshot is not None and app.screen.snapshot.paused)
        session_id = app.screen.live.id

    with SessionStore() as store:
        summary = store.summary(session_id)
    assert summary.mode == "mentor"
    resumed = make_app(resume=session_id, mentor=summary.mode == "mentor", clock_factory=FrozenClock)
    async with resumed.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: resumed.screen.live is not None and resumed.screen.snapshot is not None)
        assert resumed.screen.live.mode == "mentor"
        assert resumed.screen.query(MentorPanel)  # the mentor's panel is back
        assert resumed.screen.snapshot.paused and resumed.screen.live.clock.paused
        assert "(paused)" in messages(resumed)[-1][1]


# ---- the UI thread never waits on the engine -------------------------------------------------------


class _WatchedLock:
    """An RLock that remembers every thread that acquired it."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.threads: set[int] = set()

    def __enter__(self):
        self.threads.add(threading.get_ident())
        return self._lock.__enter__()

    def __exit__(self, *exc):
        return self._lock.__exit__(*exc)


async def test_a_slow_reply_never_blocks_the_ui_thread() -> None:
    app = make_app(scenario="ecommerce_search", clock_factory=FrozenClock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.screen.live is not None and messages(app))
        screen = app.screen
        live = screen.live
        watched = _WatchedLock()
        live.lock = watched
        release = threading.Event()
        entered = threading.Event()
        original = live.interviewer.reply

        def slow_reply(text: str, at: float):
            entered.set()
            release.wait(30)  # the engine "thinks" while holding the session's lock
            return original(text, at)

        live.interviewer.reply = slow_reply  # type: ignore[method-assign]
        await type_answer(pilot, "I would start with the business goal.")
        await settle(pilot, entered.is_set)
        ui_thread = threading.get_ident()
        screen.refresh_sidebar()  # what the 1-second timer does: it returns while the engine holds the lock
        await pilot.press(*"typing on")
        assert screen.query_one(AnswerBox).text == "typing on"
        release.set()
        await settle(pilot, lambda: len(messages(app)) >= 3 and messages(app)[-1][0] == "interviewer")
        assert ui_thread not in watched.threads  # the UI thread never took the engine's lock
