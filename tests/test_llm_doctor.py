"""`mlsd-trainer doctor` through the installed entry point, and the API key never reaching disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from llm_server import (  # noqa: F401  (fixtures)
    FakeLLM,
    Reply,
    closed_port,
    completion,
    llm_server_fixture,
    openai_imported_fixture,
)

from trainer import paths

ENTRY_POINT = Path(sys.executable).parent / "mlsd-trainer"


def doctor(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MLSD_TRAINER_LLM", "MLSD_TRAINER_MODEL", "MLSD_TRAINER_LLM_TIMEOUT")
    }
    clean.update({"MLSD_TRAINER_HOME": str(home), **env})
    return subprocess.run([str(ENTRY_POINT), "doctor", *args], capture_output=True, text=True, env=clean, timeout=60)


def test_doctor_ok(llm_server: FakeLLM, trainer_home: Path) -> None:
    out = doctor(trainer_home, OPENAI_BASE_URL=llm_server.base_url, MLSD_TRAINER_MODEL="test-model")
    assert out.returncode == 0, out.stdout + out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"ok: {llm_server.base_url} model test-model answered in ")
    assert lines[0].endswith(" ms")
    assert [r.method for r in llm_server.requests] == ["GET", "POST"]  # models, then one tiny completion
    assert llm_server.chat_requests[0].body["max_tokens"] <= 16


def test_doctor_reads_the_config_file(llm_server: FakeLLM, trainer_home: Path) -> None:
    config = trainer_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'[llm]\nbase_url = "{llm_server.base_url}"\nmodel = "other-model"\n', encoding="utf-8")
    out = doctor(trainer_home)
    assert out.returncode == 0 and "model other-model answered" in out.stdout


def test_doctor_reports_a_broken_config_with_its_line(trainer_home: Path) -> None:
    config = trainer_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[llm]\nmodel = "m"\nbase_url = \n', encoding="utf-8")
    out = doctor(trainer_home)
    assert out.returncode == 2
    assert f"{config}:3" in out.stderr and len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("unconfigured", "no base URL and no API key"),
        ("refused", "connection refused"),
        ("401", "rejected the API key (401)"),
        ("unknown_listed", "unknown model 'gpt-9' at"),
        ("unknown_404", "not found at"),
        ("timeout", "did not answer within 1 s"),
    ],
)
def test_doctor_says_what_is_wrong(llm_server: FakeLLM, trainer_home: Path, case: str, words: str) -> None:
    env = {"OPENAI_BASE_URL": llm_server.base_url, "MLSD_TRAINER_MODEL": "test-model", "OPENAI_API_KEY": "sk-doctor-secret-123"}
    args: list[str] = []
    if case == "unconfigured":
        env = {}
    elif case == "refused":
        env["OPENAI_BASE_URL"] = f"http://127.0.0.1:{closed_port()}/v1"
    elif case == "401":
        llm_server.models = None
        llm_server.reply(Reply(status=401))
    elif case == "unknown_listed":
        env["MLSD_TRAINER_MODEL"] = "gpt-9"
    elif case == "unknown_404":
        llm_server.models = None  # no /models endpoint: the completion's 404 says it
        llm_server.reply(Reply(status=404))
    elif case == "timeout":
        llm_server.reply(Reply(delay=5))
        args = ["--timeout", "1"]
    out = doctor(trainer_home, *args, **env)
    assert out.returncode == 2, out.stdout + out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fail: ") and words in lines[0], out.stdout
    assert "sk-doctor-secret-123" not in out.stdout + out.stderr


@pytest.mark.usefixtures("openai_imported")
@pytest.mark.parametrize(
    ("reply", "words"),
    [(Reply(status=500), "HTTP 500"), (Reply(body="<html>proxy error</html>"), "not JSON"), (Reply(status=429), "429")],
)
def test_health_check_in_process(llm_server: FakeLLM, reply: Reply, words: str) -> None:
    from llm_server import settings_for

    from trainer.llm.health import check

    llm_server.reply(reply)
    health = check(settings_for(llm_server), timeout=2)
    assert not health.ok and words in health.line and "\n" not in health.line
    llm_server.reply(text="ok")
    health = check(settings_for(llm_server), timeout=2)
    assert health.ok and health.elapsed_ms is not None and health.line.endswith(f"answered in {health.elapsed_ms} ms")


@pytest.mark.usefixtures("openai_imported")
def test_the_api_key_never_reaches_disk(
    llm_server: FakeLLM, trainer_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = f"sk-MARKER-{uuid.uuid4().hex}"
    monkeypatch.setenv("OPENAI_API_KEY", marker)
    monkeypatch.setenv("OPENAI_BASE_URL", llm_server.base_url)
    monkeypatch.setenv("MLSD_TRAINER_MODEL", "test-model")
    monkeypatch.setenv("MLSD_TRAINER_LLM", "1")
    config = paths.user_config_dir() / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("[llm]\ntimeout = 5\n", encoding="utf-8")

    out = doctor(trainer_home, OPENAI_API_KEY=marker, OPENAI_BASE_URL=llm_server.base_url, MLSD_TRAINER_MODEL="test-model")
    assert out.returncode == 0 and marker not in out.stdout + out.stderr

    # A judged score, written where a user would write it.
    from trainer.content.library import load_library
    from trainer.engine.scorer import score_transcript
    from trainer.interviewer.engine import Interviewer
    from trainer.llm.judge import blend, judge_transcript
    from trainer.llm.phrasing import phrased_line
    from trainer.settings import Settings
    from trainer.transcripts import parse_text

    settings = Settings.resolve()
    assert marker not in repr(settings) + str(settings) + settings.model_dump_json()
    search = load_library().resolve("ecommerce_search")
    transcript = parse_text(
        "Interviewer: What data would you use?\n"
        "Candidate: I would hold out the most recent month of logs for evaluation and train only on what happened before it.\n"
    )
    quote = "hold out the most recent month of logs for evaluation"
    llm_server.reply(Reply(json_body=completion(json.dumps({"items": [{"item": "data.split_by_time", "turn": 1, "quote": quote}]}))))
    keyword = score_transcript(search, transcript)
    report = blend(keyword, judge_transcript(settings, search, transcript, keyword), search, transcript)
    assert report.judges == ["keyword", "llm"]
    written = tmp_path / "out" / "report.json"
    written.parent.mkdir()
    written.write_text(report.model_dump_json(indent=2), encoding="utf-8")
    (paths.user_data_dir() / "settings-dump.json").write_text(settings.model_dump_json(), encoding="utf-8")

    # And a phrased question.
    interviewer = Interviewer(search, seed=1)
    interviewer.opening()
    move = interviewer.reply("I would first ask what the business wants and how many queries per second we expect.", 30.0)
    llm_server.reply(text="Fair enough. What is the business unhappy about today, and which number should move?")
    assert phrased_line(settings, scenario=search, recent_turns=interviewer.turns, move=move).by_llm

    # The key did travel where it should: in the Authorization header, to the server.
    assert {r.headers.get("authorization") for r in llm_server.requests} == {f"Bearer {marker}"}

    scanned = 0
    for root in (trainer_home, tmp_path):
        for path in root.rglob("*"):
            if path.is_file():
                scanned += 1
                assert marker.encode() not in path.read_bytes(), path
    assert scanned >= 3
