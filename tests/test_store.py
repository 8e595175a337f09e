"""The SQLite session store: schema migrations, durability, round trips, errors for humans."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from trainer.content.models import Phase
from trainer.errors import TrainerError, TranscriptError
from trainer.interviewer.state import InterviewState
from trainer.scoring.schema import Flow, ScoreReport
from trainer.session import database as database_module
from trainer.session.document import read_session_document
from trainer.session.schema import MIGRATIONS, SCHEMA_VERSION
from trainer.session.store import (
    SessionNotFoundError,
    SessionStore,
    SessionStoreError,
    default_path,
)
from trainer.transcripts import Speaker, Turn

TABLES = {"sessions", "turns", "mentor_ticks", "mentor_notes", "mentor_grades"}


def turn(speaker: str, text: str, at: float = 0.0, index: int = 0) -> Turn:
    return Turn(index=index, speaker=Speaker(speaker), text=text, at=at)


def report(total: int = 61, level: str = "lean_hire") -> ScoreReport:
    return ScoreReport(
        scenario="spam_filtering", total=total, level=level, level_label="Lean hire",
        flow=Flow(score=80, violations=[]), scenario_fit=90, phases=[], red_flags=[], ignored=[], turns=[],
    )


def raw(path: Path) -> sqlite3.Connection:
    """A second, independent connection: sees only what has been committed."""
    return sqlite3.connect(path)


def tables(path: Path) -> set[str]:
    with raw(path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


# ---- schema and migrations -----------------------------------------------------------------


@pytest.mark.parametrize("empty_file", [False, True], ids=["no file", "empty file"])
def test_migrations_build_the_schema_from_nothing(tmp_path: Path, empty_file: bool) -> None:
    path = tmp_path / "deep" / "sessions.db"
    if empty_file:
        path.parent.mkdir(parents=True)
        path.touch()
    with SessionStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    assert TABLES <= tables(path)
    with raw(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_default_path_is_in_the_user_data_dir(trainer_home: Path) -> None:
    with SessionStore() as store:
        assert store.path == default_path() == trainer_home / "sessions.db"
    assert store.path.is_file()


def test_reopening_keeps_the_version_and_the_data(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    with SessionStore(path) as store:
        sid = store.create(scenario="spam_filtering", minutes=45)
        store.add_turn(sid, turn("interviewer", "Design a spam filter."))
    with SessionStore(path) as again:
        assert again.schema_version == SCHEMA_VERSION
        assert [t.text for t in again.load(sid).turns] == ["Design a spam filter."]
        assert [s.id for s in again.list()] == [sid]


def test_a_new_migration_applies_on_top_and_keeps_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sessions.db"
    with SessionStore(path) as store:
        sid = store.create(scenario="spam_filtering", minutes=45)
    monkeypatch.setattr(database_module, "MIGRATIONS", [*MIGRATIONS, ["ALTER TABLE sessions ADD COLUMN title TEXT"]])
    monkeypatch.setattr(database_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with SessionStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION + 1
        assert store.load(sid).scenario == "spam_filtering"
    with raw(path) as conn:
        assert "title" in {r[1] for r in conn.execute("PRAGMA table_info(sessions)")}


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sessions.db"
    SessionStore(path).close()
    broken = ["CREATE TABLE extra (x INTEGER)", "THIS IS NOT SQL"]
    monkeypatch.setattr(database_module, "MIGRATIONS", [*MIGRATIONS, broken])
    monkeypatch.setattr(database_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with pytest.raises(SessionStoreError):
        SessionStore(path)
    with raw(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "extra" not in tables(path)  # the half-applied migration was rolled back


def test_a_database_from_a_newer_trainer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    SessionStore(path).close()
    with raw(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SessionStoreError, match="newer"):
        SessionStore(path)


def test_wal_mode_and_full_sync(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    with SessionStore(path) as store:
        assert store._connection().execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store._connection().execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with raw(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent in the file


# ---- round trips ---------------------------------------------------------------------------


def test_each_turn_is_committed_before_add_turn_returns(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    store = SessionStore(path)
    sid = store.create(scenario="spam_filtering", minutes=45)
    store.add_turn(sid, turn("candidate", "What latency budget do we have?", 3.5))
    with raw(path) as other:  # another connection, while the store is still open
        rows = other.execute("SELECT idx, speaker, text, at FROM turns WHERE session_id = ?", (sid,)).fetchall()
    assert rows == [(0, "candidate", "What latency budget do we have?", 3.5)]
    store.close()


def test_turn_order_and_state_round_trip(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "sessions.db") as store:
        sid = store.create(scenario="ecommerce_search", strictness="strict", minutes=30, seed=7)
        said = [
            ("interviewer", "Let's design product search."),
            ("candidate", "Which business metric — conversion?"),
            ("interviewer", "Conversion, 200 ms per query."),
            ("candidate", "Then logs, split by time. Кандидат: ок."),
        ]
        for i, (speaker, text) in enumerate(said):
            store.add_turn(sid, turn(speaker, text, at=i * 1.5, index=0))  # indices are assigned by the store
        state = InterviewState()
        state.enter(Phase.DATA, 12.0)
        state.asked.append("business_metric")
        state.steered.append("clarify>training")
        state.current_question = "Where do labels come from?"
        store.save_state(sid, state)

        record = store.load(sid)
    assert [(t.speaker.value, t.text) for t in record.turns] == said
    assert [t.at for t in record.turns] == [0.0, 1.5, 3.0, 4.5]
    assert record.state == state
    assert (record.scenario, record.strictness, record.minutes, record.seed, record.mode) == (
        "ecommerce_search", "strict", 30.0, 7, "solo",
    )
    assert record.ended is False and record.total is None and record.level is None
    assert [t.index for t in record.as_turns()] == [0, 1, 2, 3]


def test_finish_records_the_score(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "sessions.db") as store:
        sid = store.create(scenario="spam_filtering", minutes=45)
        store.add_turn(sid, turn("candidate", "I would ask about the latency budget first."))
        store.finish(sid, report(73, "lean_hire"))
        record = store.load(sid)
        assert (record.ended, record.total, record.level) == (True, 73, "lean_hire")
        assert record.report is not None and record.report["total"] == 73
        [summary] = store.list()
        assert (summary.ended, summary.total, summary.level, summary.candidate_turns) == (True, 73, "lean_hire", 1)
        assert store.latest_unfinished() is None


def test_list_is_newest_first_with_null_scores_while_unfinished(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "sessions.db") as store:
        first = store.create(scenario="spam_filtering", minutes=45)
        second = store.create(scenario="recommendations", mode="mentor", minutes=40)
        third = store.create(scenario="ecommerce_search", minutes=45)
        for text in ("one answer here", "another answer"):
            store.add_turn(second, turn("candidate", text))
        store.add_turn(second, turn("interviewer", "a question"))
        store.finish(first, report(40, "lean_no_hire"))

        listed = store.list()
        assert [s.id for s in listed] == [third, second, first]  # same second: insertion order breaks the tie
        by_id = {s.id: s for s in listed}
        assert by_id[second].candidate_turns == 2 and by_id[second].mode == "mentor"
        assert by_id[third].model_dump(include={"ended", "total", "level"}) == {"ended": False, "total": None, "level": None}
        assert by_id[first].total == 40
        assert [s.id for s in store.list(limit=2)] == [third, second]
        assert store.latest_unfinished() == second  # the unfinished one written to most recently
        store.add_turn(third, turn("candidate", "now this one"))
        assert store.latest_unfinished() == third


def test_an_empty_store_lists_nothing(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "sessions.db") as store:
        assert store.list() == [] and store.latest_unfinished() is None


def test_bad_mode_is_rejected(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "sessions.db") as store, pytest.raises(ValueError, match="mode"):
        store.create(scenario="spam_filtering", mode="pair", minutes=45)


def test_export_is_a_session_document_that_score_reads(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "sessions.db") as store:
        sid = store.create(scenario="spam_filtering", minutes=45)
        store.add_turn(sid, turn("interviewer", "Design a spam filter.", 0.0))
        store.add_turn(sid, turn("candidate", "What is the latency budget per email?", 4.0))
        store.add_mentor_note(sid, "good opening question", phase="clarify", at=12.0)
        document = store.export(sid)
    assert document["kind"] == "mlsd-trainer.session" and document["schema_version"] == 1
    assert document["id"] == sid and document["scenario"] == "spam_filtering"
    assert document["turns"][1] == {"speaker": "candidate", "text": "What is the latency budget per email?", "at": 4.0}
    assert document["mentor"]["notes"][0]["text"] == "good opening question"
    transcript = read_session_document(json.dumps(document), "exported").transcript("exported")
    assert transcript.scenario == "spam_filtering"
    assert [t.text for t in transcript.candidate_turns] == ["What is the latency budget per email?"]


def test_the_exported_document_reads_back_as_the_record_the_store_loads(tmp_path: Path) -> None:
    """One model: what `load` returns, `export` writes and `score`/`report` read are the same object."""
    with SessionStore(tmp_path / "sessions.db") as store:
        sid = store.create(scenario="spam_filtering", mode="mentor", strictness="strict", minutes=30, seed=3)
        store.add_turn(sid, turn("interviewer", "Design a spam filter.", 0.0))
        store.add_turn(sid, turn("candidate", "What is the latency budget?", 4.0))
        store.set_mentor_tick(sid, "business_metric", True)
        store.add_mentor_note(sid, "asks first", phase="clarify", at=12.0)
        store.set_mentor_grade(sid, "clarify", 3)
        loaded = store.load(sid)
        text = json.dumps(store.export(sid))
    read = read_session_document(text, "exported")
    assert read == loaded
    transcript = read.transcript("exported")
    assert transcript.minutes == 30.0 and transcript.mentor == loaded.mentor
    assert transcript.mentor is not None and transcript.mentor.notes[0].at == 12.0


def test_a_damaged_state_in_a_session_file_costs_only_the_state(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "sessions.db") as store:
        sid = store.create(scenario="spam_filtering", minutes=45)
        store.add_turn(sid, turn("candidate", "What is the latency budget?", 4.0))
        document = store.export(sid)
    document["state"] = {"phase": "no-such-phase"}
    read = read_session_document(json.dumps(document), "damaged.json")
    assert read.state is None and read.unreadable == ["state"]
    assert [t.text for t in read.turns] == ["What is the latency budget?"]


def test_a_session_file_from_a_newer_trainer_says_to_upgrade(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "sessions.db") as store:
        document = store.export(store.create(scenario="spam_filtering", minutes=45))
    document["schema_version"] = 2
    with pytest.raises(TranscriptError, match="schema_version 2 is newer than this trainer reads"):
        read_session_document(json.dumps(document), "new.json")


def test_notes_saved_in_unix_time_become_seconds_into_the_mock(tmp_path: Path) -> None:
    """Migration 3, and the same for an old exported file: mentor data has one time unit."""
    path = tmp_path / "sessions.db"
    with SessionStore(path) as store:
        sid = store.create(scenario="spam_filtering", minutes=45)
        started = store.load(sid).started_at
        document = store.export(sid)
    from datetime import datetime

    unix = datetime.fromisoformat(started).timestamp() + 95.0
    with raw(path) as conn:
        conn.execute("INSERT INTO mentor_notes (session_id, phase, text, at) VALUES (?, 'data', 'old note', ?)", (sid, unix))
        conn.execute("PRAGMA user_version = 2")
        conn.commit()
    with SessionStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.mentor(sid).notes[0].at == 95.0
    document["mentor"]["notes"] = [{"phase": "data", "text": "old note", "at": unix}]
    assert read_session_document(json.dumps(document), "old.json").mentor.notes[0].at == 95.0


# ---- the mentor ----------------------------------------------------------------------------


def test_mentor_ticks_notes_and_grades(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "sessions.db") as store:
        sid = store.create(scenario="spam_filtering", mode="mentor", minutes=45)
        other = store.create(scenario="spam_filtering", mode="mentor", minutes=45)
        assert store.mentor(sid).model_dump() == {"ticks": {}, "notes": [], "grades": {}}

        store.set_mentor_tick(sid, "business_metric", True)
        store.set_mentor_tick(sid, "latency_budget", True)
        store.set_mentor_tick(sid, "latency_budget", False)  # un-ticking replaces
        store.add_mentor_note(sid, "asked about the metric first", at=30.0)
        store.add_mentor_note(sid, "no baseline", phase="training", at=900.0)
        store.set_mentor_grade(sid, "clarify", 3)
        store.set_mentor_grade(sid, "clarify", 4)  # re-grading replaces
        store.set_mentor_grade(sid, "data", 1)
        store.set_mentor_tick(other, "business_metric", False)

        marks = store.mentor(sid).model_dump()
        assert marks["ticks"] == {"business_metric": True, "latency_budget": False}
        assert [(n["phase"], n["text"]) for n in marks["notes"]] == [
            (None, "asked about the metric first"),
            ("training", "no baseline"),
        ]
        assert all(isinstance(n["at"], float) for n in marks["notes"])
        assert marks["grades"] == {"clarify": 4, "data": 1}
        assert store.mentor(other).model_dump() == {"ticks": {"business_metric": False}, "notes": [], "grades": {}}

        for bad in (0, 5, -1, True, 2.5, "3"):
            with pytest.raises(ValueError, match="1 to 4"):
                store.set_mentor_grade(sid, "data", bad)  # type: ignore[arg-type]
        assert store.mentor(sid).model_dump()["grades"] == {"clarify": 4, "data": 1}


def test_a_mentor_note_is_edited_in_place_keeping_its_phase_and_time(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "sessions.db") as store:
        sid = store.create(scenario="spam_filtering", mode="mentor", minutes=45)
        store.add_mentor_note(sid, "first", phase="clarify", at=30.0)
        store.add_mentor_note(sid, "second", phase="data", at=600.0)
        store.edit_mentor_note(sid, 1, "second, rewritten")
        assert store.mentor(sid).model_dump()["notes"] == [
            {"phase": "clarify", "text": "first", "at": 30.0},
            {"phase": "data", "text": "second, rewritten", "at": 600.0},
        ]
        for missing in (2, -1):
            with pytest.raises(SessionStoreError, match="no note number"):
                store.edit_mentor_note(sid, missing, "x")


def test_delete_removes_a_session_with_its_turns_and_marks_but_not_one_held_open(tmp_path: Path) -> None:
    import os
    import socket

    path = tmp_path / "sessions.db"
    with SessionStore(path) as store:
        gone = store.create(scenario="spam_filtering", mode="mentor", minutes=45)
        kept = store.create(scenario="spam_filtering", minutes=45)
        store.add_turn(gone, turn("interviewer", "Opening."))
        store.add_turn(gone, turn("candidate", "An answer.", index=1))
        store.add_mentor_note(gone, "a note", at=1.0)
        store.set_mentor_grade(gone, "clarify", 2)
        store.delete(gone)
        assert [s.id for s in store.list()] == [kept]
        with pytest.raises(SessionNotFoundError):
            store.delete(gone)
        store.claim(kept, "token-of-a-live-window")
    with raw(path) as conn:
        for table in ("turns", "mentor_notes", "mentor_grades"):
            assert conn.execute(f"SELECT COUNT(*) FROM {table} WHERE session_id = ?", (gone,)).fetchone()[0] == 0
        # The claim above is this process's own (alive): another trainer's delete is refused.
        assert conn.execute("SELECT pid, host FROM owners WHERE session_id = ?", (kept,)).fetchone() == (
            os.getpid(), socket.gethostname(),
        )
    with SessionStore(path) as store, pytest.raises(SessionStoreError, match="open in another mlsd-trainer"):
        store.delete(kept)


# ---- errors for humans ---------------------------------------------------------------------


def test_an_unknown_id_says_how_to_find_ids(tmp_path: Path) -> None:
    with SessionStore(tmp_path / "sessions.db") as store:
        calls = [
            lambda: store.load("nope"),
            lambda: store.export("nope"),
            lambda: store.add_turn("nope", turn("candidate", "hello")),
            lambda: store.save_state("nope", InterviewState()),
            lambda: store.finish("nope", report()),
            lambda: store.set_mentor_tick("nope", "x", True),
            lambda: store.add_mentor_note("nope", "x", at=0.0),
            lambda: store.set_mentor_grade("nope", "clarify", 2),
            lambda: store.mentor("nope"),
        ]
        for call in calls:
            with pytest.raises(SessionNotFoundError) as caught:
                call()
            assert isinstance(caught.value, TrainerError)
            message = str(caught.value)
            assert "'nope'" in message and "mlsd-trainer history" in message and "\n" not in message
        assert store.list() == []  # nothing half-written


def test_a_corrupt_database_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    path.write_bytes(b"this is not an SQLite database\n" * 100)
    with pytest.raises(SessionStoreError) as caught:
        SessionStore(path)
    message = str(caught.value)
    assert isinstance(caught.value, TrainerError)
    assert "corrupt" in message and str(path) in message and "\n" not in message


def test_a_locked_database_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    store = SessionStore(path, timeout=0.1, patience=0.3)
    sid = store.create(scenario="spam_filtering", minutes=45)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with pytest.raises(SessionStoreError) as caught:
            store.add_turn(sid, turn("candidate", "blocked"))
        assert "locked" in str(caught.value) and "\n" not in str(caught.value)
        assert store.load(sid).turns == []  # WAL: reading still works while another process writes
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store.add_turn(sid, turn("candidate", "unblocked"))  # the store is usable again
    assert [t.text for t in store.load(sid).turns] == ["unblocked"]
    store.close()


def test_a_write_waits_out_a_lock_and_says_so(tmp_path: Path) -> None:
    """A lock held past SQLite's busy timeout: the write keeps trying, tells the user once, then lands."""
    path = tmp_path / "sessions.db"
    told: list[str] = []
    holder = sqlite3.connect(path, isolation_level=None)

    def waiting(message: str) -> None:
        told.append(message)
        holder.execute("ROLLBACK")  # the other process lets go only once the wait was announced

    store = SessionStore(path, timeout=0.1, on_wait=waiting)
    sid = store.create(scenario="spam_filtering", minutes=45)
    holder.execute("BEGIN IMMEDIATE")
    store.add_turn(sid, turn("candidate", "kept"))
    holder.close()
    assert len(told) == 1 and "locked" in told[0] and "nothing is lost" in told[0]
    assert [t.text for t in store.load(sid).turns] == ["kept"]
    store.close()


def test_a_closed_store_says_so(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "sessions.db")
    store.close()
    with pytest.raises(SessionStoreError, match="closed"):
        store.list()


def test_usable_from_a_worker_thread(tmp_path: Path) -> None:
    store = SessionStore(tmp_path / "sessions.db")
    sid = store.create(scenario="spam_filtering", minutes=45)
    errors: list[Exception] = []

    def worker() -> None:
        try:
            for i in range(20):
                store.add_turn(sid, turn("candidate", f"answer {i}"))
        except Exception as err:  # noqa: BLE001 - reported by the assert below
            errors.append(err)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    texts = [t.text for t in store.load(sid).turns]
    assert len(texts) == 40 and sorted(texts) == sorted(f"answer {i}" for i in range(20) for _ in range(2))
    store.close()
