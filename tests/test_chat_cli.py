"""`mlsd-trainer chat` end to end through the installed entry point, with piped stdin."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent / "mlsd-trainer"


def chat(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), "chat", *args], input=stdin, capture_output=True, text=True, env=os.environ.copy(), timeout=60
    )


def sessions(home: Path) -> list[Path]:
    return sorted((home / "sessions").glob("*.json"))


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
    [saved] = sessions(trainer_home)
    assert f"Session saved: {saved}" in out
    record = json.loads(saved.read_text(encoding="utf-8"))
    candidate = [t["text"] for t in record["turns"] if t["speaker"] == "candidate"]
    assert candidate == [
        "What latency budget do we have per email?",
        "The business goal is fewer spam complaints; I'd optimise complaints per 1000 users because users feel them.",
    ]
    assert record["ended"] is True and record["total"] is not None
    assert "this line is never read" not in saved.read_text(encoding="utf-8")


def test_end_of_input_ends_the_session_and_the_session_scores(trainer_home: Path) -> None:
    result = chat("I'd start by asking about the business metric and the latency budget.\n", "--scenario", "ecommerce_search")
    assert result.returncode == 0
    [saved] = sessions(trainer_home)
    scored = subprocess.run(
        [str(BIN), "score", str(saved), "--scenario", "ecommerce_search", "--format", "json"],
        capture_output=True, text=True, timeout=60,
    )
    assert scored.returncode == 0, scored.stderr
    report = json.loads(scored.stdout)
    assert [t["speaker"] for t in report["turns"]][:2] == ["interviewer", "candidate"]


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


def test_kill_minus_nine_loses_no_submitted_answer(trainer_home: Path) -> None:
    proc = subprocess.Popen(
        [str(BIN), "chat", "--scenario", "spam_filtering"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy(),
    )
    assert proc.stdin is not None
    answer = "We would classify every email with a light model first because the budget is 20 ms."
    proc.stdin.write(answer + "\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 20
    saved_text = ""
    while time.monotonic() < deadline:
        files = sessions(trainer_home)
        if files:
            saved_text = files[0].read_text(encoding="utf-8")
            if answer in saved_text and saved_text.count('"speaker": "interviewer"') >= 2:
                break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    record = json.loads(sessions(trainer_home)[0].read_text(encoding="utf-8"))
    assert answer in [t["text"] for t in record["turns"]]
