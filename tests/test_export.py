"""`mlsd-trainer export`: a saved session as the session JSON document that `score` and `report` read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from trainer.session.store import SessionStore, default_path
from trainer.transcripts import Speaker, Turn

BIN = Path(sys.executable).parent / "mlsd-trainer"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, check=False, timeout=120)


def _saved_session() -> str:
    with SessionStore(default_path()) as store:
        session_id = store.create(scenario="spam_filtering", mode="mentor", strictness="strict", minutes=30, seed=7)
        store.add_turn(session_id, Turn(index=0, speaker=Speaker.INTERVIEWER, text="Design spam filtering.", at=0.0))
        store.add_turn(
            session_id,
            Turn(index=1, speaker=Speaker.CANDIDATE, text="Binary classifier, spam vs ham; precision at 99% recall offline.", at=40.0),
        )
        store.add_mentor_note(session_id, "good framing", phase="framing", at=35.0)
        store.set_mentor_grade(session_id, "framing", 3)
    return session_id


def test_export_writes_the_session_document_that_score_and_report_read(tmp_path: Path) -> None:
    session_id = _saved_session()
    out = tmp_path / "session.json"
    result = _run("export", session_id, "-o", str(out))
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["kind"] == "mlsd-trainer.session"
    assert (document["id"], document["mode"], document["strictness"], document["minutes"], document["seed"]) == (
        session_id, "mentor", "strict", 30.0, 7,
    )
    assert [t["at"] for t in document["turns"]] == [0.0, 40.0]
    assert document["mentor"]["grades"] == {"framing": 3}
    assert document["unreadable"] == []

    # No --scenario: the document names its own.
    scored = _run("score", str(out), "--format", "json")
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["scenario"] == "spam_filtering"
    report = _run("report", str(out), "--format", "md")
    assert report.returncode == 0, report.stderr
    assert "good framing" in report.stdout


def test_export_refuses_to_write_over_the_database_and_names_an_unknown_session() -> None:
    _saved_session()
    refused = _run("export", "whatever", "-o", str(default_path()))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    missing = _run("export", "20990101-000000-0000")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert "20990101-000000-0000" in missing.stderr


def test_score_without_scenario_says_so_for_a_file_that_names_none(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Interviewer: Design spam filtering.\nCandidate: A binary classifier.\n", encoding="utf-8")
    result = _run("score", str(plain))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "does not say which scenario" in result.stderr and "--scenario" in result.stderr
