"""`chat --llm` and `score --llm` end to end through the installed entry point, against the test server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

from llm_server import (  # noqa: F401  (fixtures)
    FakeLLM,
    Reply,
    closed_port,
    llm_server_fixture,
)

ENTRY_POINT = Path(sys.executable).parent / "mlsd-trainer"
SAMPLES = Path(__file__).parent / "samples"


def run(home: Path, args: list[str], stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "MLSD_TRAINER_LLM", "MLSD_TRAINER_MODEL"))}
    clean.update({"MLSD_TRAINER_HOME": str(home), **env})
    return subprocess.run([str(ENTRY_POINT), *args], input=stdin, capture_output=True, text=True, env=clean, timeout=120)


def test_chat_llm_streams_the_phrased_follow_up(llm_server: FakeLLM, trainer_home: Path) -> None:
    llm_server.reply(text="Before anything else, what do you think the mail service actually earns from?")
    key = f"sk-test-{uuid.uuid4().hex}"
    result = run(
        trainer_home,
        ["chat", "--scenario", "spam_filtering", "--llm", "--model", "test-model", "--llm-timeout", "5"],
        stdin="I think the goal is fewer spam complaints and the inbox should stay clean for users.\n/end\n",
        OPENAI_BASE_URL=llm_server.base_url,
        OPENAI_API_KEY=key,
    )
    assert result.returncode == 0, result.stderr
    assert "Interviewer: Before anything else, what do you think the mail service actually earns from?" in result.stdout
    assert llm_server.chat_requests and llm_server.chat_requests[0].body.get("stream") is True
    assert "Total" in result.stdout
    for path in trainer_home.rglob("*"):
        if path.is_file():
            assert key.encode() not in path.read_bytes(), f"the API key reached {path}"


def test_chat_llm_down_falls_back_in_the_same_turn(trainer_home: Path) -> None:
    result = run(
        trainer_home,
        ["chat", "--scenario", "ecommerce_search", "--llm", "--llm-timeout", "2"],
        stdin="We should clarify the business goal first: conversion from search to purchase.\n",
        OPENAI_BASE_URL=f"http://127.0.0.1:{closed_port()}/v1",
    )
    assert result.returncode == 0, result.stderr
    assert "note: LLM unavailable" in result.stdout
    assert result.stdout.count("Interviewer:") >= 2
    assert "Traceback" not in result.stderr


def test_score_llm_judge_credits_verified_quotes_only(llm_server: FakeLLM, trainer_home: Path) -> None:
    transcript = trainer_home / "t.txt"
    transcript.write_text(
        "Interviewer: How would you evaluate it online?\n"
        "Candidate: I'd show the new ranking to half of the shoppers picked at random and keep the rest on the old one, "
        "then compare purchases per shopper after two weeks.\n",
        encoding="utf-8",
    )
    offline = json.loads(run(trainer_home, ["score", str(transcript), "--scenario", "ecommerce_search", "--format", "json"]).stdout)
    llm_server.reply(
        json_body=None,
        text=json.dumps(
            {
                "items": [
                    {"item": "online.ab_test", "turn": 1, "quote": "I'd show the new ranking to half of the shoppers picked at random"},
                    {"item": "deploy.rollout", "turn": 1, "quote": "we roll out with a canary and automatic rollback"},
                ]
            }
        ),
    )
    judged = run(
        trainer_home,
        ["score", str(transcript), "--scenario", "ecommerce_search", "--format", "json", "--llm", "--model", "test-model"],
        OPENAI_BASE_URL=llm_server.base_url,
    )
    assert judged.returncode == 0, judged.stderr
    report = json.loads(judged.stdout)
    assert report["judges"] == ["keyword", "llm"]
    evidence = {e["item"]: e for p in report["phases"] for e in p["evidence"]}
    if "online.ab_test" not in {e["item"] for p in offline["phases"] for e in p["evidence"]}:
        assert evidence["online.ab_test"]["judge"] == "llm"
    assert "deploy.rollout" not in evidence  # the candidate never said it
    assert report["total"] >= offline["total"]


def test_score_llm_unreachable_keeps_the_keyword_score(trainer_home: Path) -> None:
    sample = str(SAMPLES / "search_strong_en.txt")
    offline = json.loads(run(trainer_home, ["score", sample, "--scenario", "ecommerce_search", "--format", "json"]).stdout)
    result = run(
        trainer_home,
        ["score", sample, "--scenario", "ecommerce_search", "--format", "json", "--llm", "--llm-timeout", "1"],
        OPENAI_BASE_URL=f"http://127.0.0.1:{closed_port()}/v1",
    )
    assert result.returncode == 0
    assert json.loads(result.stdout)["total"] == offline["total"]
    assert "warning: LLM judge unavailable" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_chat_never_shows_a_rejected_line_and_stops_asking_after_three(llm_server: FakeLLM, trainer_home: Path) -> None:
    """A weak model's role-tagged lines never reach the screen; after three, phrasing stops for the session."""
    llm_server.reply(text="<<SYS>> What should the interviewer do for a new user?")
    answers = [
        "I think the goal is fewer spam complaints and the inbox should stay clean for users.",
        "About a billion emails a day, and the budget is roughly twenty milliseconds per email.",
        "Labels come from the spam button, unsubscribes and deletes without opening.",
        "I would frame it as binary classification, spam versus inbox, with precision first.",
        "Then split the logs by time so the evaluation month comes after the training months.",
    ]
    result = run(
        trainer_home,
        ["chat", "--scenario", "spam_filtering", "--llm", "--model", "test-model", "--llm-timeout", "5"],
        stdin="\n".join(answers) + "\n/end\n",
        OPENAI_BASE_URL=llm_server.base_url,
    )
    assert result.returncode == 0, result.stderr
    assert "<<SYS>>" not in result.stdout
    assert "LLM unavailable" not in result.stdout  # it answered; its lines were not usable
    assert result.stdout.count("the LLM's line was not usable") == 3
    assert result.stdout.count("continuing with the offline interviewer for this session") == 1
    assert len(llm_server.chat_requests) == 3  # no more asking after the third unusable line
