"""`mlsd-trainer chat` end to end through the installed entry point, with piped stdin."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from trainer.session.store import SessionStore
from trainer.transcripts import Speaker, Turn

BIN = Path(sys.executable).parent / "mlsd-trainer"


def chat(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), "chat", *args], input=stdin, capture_output=True, text=True, env=os.environ.copy(), timeout=60
    )


def stored(home: Path) -> SessionStore:
    return SessionStore(home / "sessions.db")


def history(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), "history", *args], check=False, capture_output=True, text=True, env=os.environ.copy(), timeout=60
    )


def test_piped_chat_answers_follows_up_and_prints_the_final_score(trainer_home: Path) -> None:
    script = "\n".join(
        [
            "What latency budget do we have per email?",
            "The business goal is fewer spam complaints; I'd optimise complaints per 1000 users because users feel them.",
            "/hint",
            "/end",
            "this line is never read",
        ]
    )
    result = chat(script + "\n", "--scenario", "spam_filtering", "--offline")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Interviewer: We run one of the largest email services" in out
    assert "20 ms" in out
    assert "Hint:" in out
    assert "Total" in out and "/100" in out
    db = trainer_home / "sessions.db"
    with stored(trainer_home) as store:
        [summary] = store.list()
        record = store.load(summary.id)
    first_line, last_line = out.splitlines()[0], out.rstrip().splitlines()[-1]
    assert summary.id in first_line and str(db) in first_line  # where the session lives, at the start...
    assert f"Session {summary.id} saved in {db}" in last_line  # ...and at the end
    candidate = [t.text for t in record.turns if t.speaker == "candidate"]
    assert candidate == [
        "What latency budget do we have per email?",
        "The business goal is fewer spam complaints; I'd optimise complaints per 1000 users because users feel them.",
    ]
    assert record.turns[0].speaker == "interviewer" and record.turns[0].text.startswith("We run one of the largest")
    assert record.ended is True and record.total is not None and record.level is not None
    assert record.report is not None and record.report["source"] == f"session {summary.id}"
    assert record.state is not None and record.state.ended is True
    assert (record.scenario, record.mode, record.strictness, record.minutes) == ("spam_filtering", "solo", "nudge", 45.0)
    assert all("this line is never read" not in t.text for t in record.turns)


def test_end_of_input_ends_the_session_and_the_session_scores(trainer_home: Path) -> None:
    result = chat("I'd start by asking about the business metric and the latency budget.\n", "--scenario", "ecommerce_search")
    assert result.returncode == 0
    with stored(trainer_home) as store:
        [summary] = store.list()
        assert summary.ended and summary.total is not None
        document = store.export(summary.id)
    exported = trainer_home / "exported.json"
    exported.write_text(json.dumps(document), encoding="utf-8")
    scored = subprocess.run(
        [str(BIN), "score", str(exported), "--scenario", "ecommerce_search", "--format", "json"],
        capture_output=True, text=True, timeout=60,
    )
    assert scored.returncode == 0, scored.stderr
    report = json.loads(scored.stdout)
    assert [t["speaker"] for t in report["turns"]][:2] == ["interviewer", "candidate"]
    assert report["total"] == summary.total


def test_history_lists_sessions_newest_first(trainer_home: Path) -> None:
    empty = history("--json")
    assert empty.returncode == 0 and json.loads(empty.stdout) == []
    assert "No sessions yet" in history().stdout

    done = chat("What latency budget do we have per email?\n/end\n", "--scenario", "spam_filtering")
    assert done.returncode == 0, done.stderr
    with stored(trainer_home) as store:  # a second session, left unfinished (as by a crash)
        open_id = store.create(scenario="recommendations", minutes=40)
        store.add_turn(open_id, Turn(index=0, speaker=Speaker.CANDIDATE, text="What is the goal?", at=1.0))

    listed = history("--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [r["scenario"] for r in rows] == ["recommendations", "spam_filtering"]
    newest, oldest = rows
    assert {"id", "scenario", "started_at", "candidate_turns", "total", "level"} <= set(newest)
    assert newest["id"] == open_id and newest["candidate_turns"] == 1
    assert newest["total"] is None and newest["level"] is None and newest["ended"] is False
    assert oldest["candidate_turns"] == 1 and isinstance(oldest["total"], int) and oldest["level"]
    assert oldest["id"] in done.stdout

    table = history()
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["id", "date", "scenario", "answers", "result"]
    assert lines[1].startswith(open_id) and lines[1].endswith("unfinished")
    assert lines[2].startswith(oldest["id"]) and f"{oldest['total']}/100" in lines[2]
    assert len(json.loads(history("--json", "--limit", "1").stdout)) == 1


def test_same_script_same_replies(trainer_home: Path) -> None:
    script = "What is the business goal?\nok\nI don't know\n/next\n"
    first = chat(script, "--scenario", "recommendations", "--seed", "5").stdout
    second = chat(script, "--scenario", "recommendations", "--seed", "5").stdout

    def replies(out: str) -> list[str]:
        return [line for line in out.splitlines() if line.startswith("Interviewer:")]

    assert replies(first) == replies(second)


def test_unknown_scenario_and_bad_strictness(trainer_home: Path) -> None:
    bad = chat("", "--scenario", "nope")
    assert bad.returncode == 2 and "known scenarios" in bad.stderr and "Traceback" not in bad.stderr
    bad = chat("", "--scenario", "spam_filtering", "--strictness", "harsh")
    assert bad.returncode == 2


def test_kill_minus_nine_right_after_an_answer_is_committed_loses_nothing(trainer_home: Path) -> None:
    db = trainer_home / "sessions.db"
    proc = subprocess.Popen(
        [str(BIN), "chat", "--scenario", "spam_filtering"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy(),
    )
    assert proc.stdin is not None
    answer = "We would classify every email with a light model first because the budget is 20 ms."
    try:
        deadline = time.monotonic() + 30
        while not db.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.stdin.write(answer + "\n")
        proc.stdin.flush()
        watcher = sqlite3.connect(db, timeout=5)  # a second process's view: committed rows only
        committed = False
        while time.monotonic() < deadline and not committed:
            try:
                committed = watcher.execute("SELECT 1 FROM turns WHERE text = ?", (answer,)).fetchone() is not None
            except sqlite3.OperationalError:  # schema not created yet
                pass
            if not committed:
                time.sleep(0.01)
        watcher.close()
        assert committed, "the answer was never committed"
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # no clean-up, no finish: right after the commit
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    with stored(trainer_home) as store:  # re-opening after the kill works
        [summary] = store.list()
        record = store.load(summary.id)
        assert store.latest_unfinished() == summary.id
    assert answer in [t.text for t in record.turns if t.speaker == "candidate"]
    assert record.turns[0].speaker == "interviewer"
    assert summary.ended is False and summary.total is None and summary.candidate_turns == 1
    listed = history("--json")
    assert listed.returncode == 0 and json.loads(listed.stdout)[0]["id"] == summary.id


def test_a_corrupt_database_is_exit_2_and_one_clear_line(trainer_home: Path) -> None:
    db = trainer_home / "sessions.db"
    db.write_bytes(b"not a database, just bytes\n" * 200)
    for result in (chat("hello\n", "--scenario", "spam_filtering"), history(), history("--json")):
        assert result.returncode == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert "corrupt" in lines[0] and str(db) in lines[0] and "Traceback" not in result.stderr


def test_a_mock_held_in_russian_ends_with_a_russian_summary(trainer_home: Path) -> None:
    script = "\n".join([
        "Какая бизнес-цель и сколько постов в день публикуют?",
        "Без A/B-теста сразу выкатим модель на всех пользователей, офлайн-метрики и так хорошие.",
        "/end",
    ])
    out = chat(script, "--scenario", "content_moderation").stdout
    summary = out[out.index("Итог "):]
    assert "уточнение задачи" in summary and "Что потренировать" in summary
    assert "Вы сказали, что выкатите модель на всех без A/B-теста" in summary  # the flag in Russian
    assert "To practise" not in summary and "Red flags" not in summary
    english = chat("What is the business goal and how many posts a day?\n/end\n", "--scenario", "content_moderation").stdout
    assert "Total " in english and "To practise" in english and "Итог" not in english
