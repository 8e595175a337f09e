"""Every way the server can fail degrades to the offline result with one line, on the client's own deadline.

No wall-clock bounds here (the suite must pass on a loaded machine): a slow server is shown to be
abandoned by checking that the call returned while the server was still holding its answer back;
the latency figures live in bench/.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
from llm_server import (  # noqa: F401  (fixtures)
    FakeLLM,
    Reply,
    closed_port,
    llm_server_fixture,
    openai_imported_fixture,
    settings_for,
)

from trainer.content.library import ResolvedScenario, load_library
from trainer.engine.scorer import score_transcript
from trainer.interviewer.engine import Interviewer
from trainer.llm import LLMUnavailable
from trainer.llm.client import LLMClient
from trainer.llm.judge import judge_transcript
from trainer.llm.phrasing import phrased_line
from trainer.transcripts import parse_text

TIMEOUT = 1.0

# fault -> (reply, expected kind, words in the reason)
FAULTS: dict[str, tuple[Reply | None, str, str]] = {
    "timeout": (Reply(delay=5), "timeout", "did not"),
    "refused": (None, "refused", "connection refused"),
    "401": (Reply(status=401), "auth", "401"),
    "404": (Reply(status=404), "model", "not found"),
    "429": (Reply(status=429), "rate_limit", "429"),
    "500": (Reply(status=500), "server", "HTTP 500"),
    "not_json": (Reply(body="<html><body>502 Bad Gateway</body></html>"), "not_json", "not JSON"),
    "cut": (Reply(text="So how would you split these logs for training and evaluation", cut_after=3), "cut", "half way"),
}
STREAM_ONLY = {"cut"}


@pytest.fixture(scope="module")
def search() -> ResolvedScenario:
    return load_library(include_user=False).resolve("ecommerce_search")


def _settings(server: FakeLLM, fault: str) -> Any:
    reply = FAULTS[fault][0]
    if reply is None:
        return settings_for(f"http://127.0.0.1:{closed_port()}/v1", timeout=TIMEOUT)
    server.reply(reply)
    return settings_for(server, timeout=TIMEOUT)


def _one_line(reason: str) -> None:
    assert reason and "\n" not in reason and len(reason) < 200


def _gave_up_first(server: FakeLLM, fault: str, answered_before: int) -> None:
    """A server that holds its answer back (the timeout fault) was abandoned, not waited out."""
    if fault == "timeout":
        assert server.answered == answered_before, "the client waited for the slow server instead of its own deadline"


@pytest.mark.usefixtures("openai_imported")
@pytest.mark.parametrize("fault", list(FAULTS))
def test_client_calls_fail_fast_with_a_reason(llm_server: FakeLLM, fault: str) -> None:
    settings = _settings(llm_server, fault)
    _, kind, words = FAULTS[fault]
    client = LLMClient(settings)
    messages = [{"role": "user", "content": "hi"}]

    def streamed() -> list[str]:
        return list(client.stream(messages, max_tokens=20))

    calls: list[Callable[[], Any]] = [streamed]
    if fault not in STREAM_ONLY:
        calls.append(lambda: client.complete(messages, max_tokens=20))
    for call in calls:
        answered = llm_server.answered
        with pytest.raises(LLMUnavailable) as err:
            call()
        _gave_up_first(llm_server, fault, answered)
        assert err.value.kind == kind
        assert words in err.value.reason
        _one_line(err.value.reason)


@pytest.mark.usefixtures("openai_imported")
@pytest.mark.parametrize("fault", list(FAULTS))
def test_phrasing_falls_back_to_the_engine_line(llm_server: FakeLLM, search: ResolvedScenario, fault: str) -> None:
    settings = _settings(llm_server, fault)
    interviewer = Interviewer(search, seed=1)
    interviewer.opening()
    move = interviewer.reply(
        "I would first ask what the business wants from search and how many queries per second we expect.", 30.0
    )
    shown: list[str] = []
    answered = llm_server.answered
    line = phrased_line(settings, scenario=search, recent_turns=interviewer.turns, move=move, on_token=shown.append)
    _gave_up_first(llm_server, fault, answered)
    assert line.text == move.text and not line.by_llm
    assert line.reason is not None
    _one_line(line.reason)
    assert line.retracted == bool(shown)


@pytest.mark.usefixtures("openai_imported")
@pytest.mark.parametrize("fault", [f for f in FAULTS if f not in STREAM_ONLY])
def test_judge_failure_keeps_the_keyword_report(llm_server: FakeLLM, search: ResolvedScenario, fault: str) -> None:
    settings = _settings(llm_server, fault)
    transcript = parse_text(
        "Interviewer: Where would you start?\n"
        "Candidate: I want to know what the company hopes to gain from better search before any model.\n"
    )
    report = score_transcript(search, transcript)
    answered = llm_server.answered
    with pytest.raises(LLMUnavailable) as err:
        judge_transcript(settings, search, transcript, report)
    _gave_up_first(llm_server, fault, answered)
    _one_line(err.value.reason)


@pytest.mark.usefixtures("openai_imported")
def test_a_trickling_stream_is_cut_at_the_deadline(llm_server: FakeLLM) -> None:
    llm_server.reply(Reply(text=" ".join(["word"] * 40), token_delay=0.1))
    client = LLMClient(settings_for(llm_server, timeout=TIMEOUT))
    got: list[str] = []
    with pytest.raises(LLMUnavailable) as err:
        for token in client.stream([{"role": "user", "content": "hi"}], max_tokens=100):
            got.append(token)
    assert err.value.kind == "timeout" and 3 <= len(got) < 40


@pytest.mark.usefixtures("openai_imported")
def test_one_quick_retry_of_a_server_error_when_it_fits(llm_server: FakeLLM) -> None:
    llm_server.script(Reply(status=500), Reply(status=503))
    llm_server.reply(text="fine")
    client = LLMClient(settings_for(llm_server, timeout=5))
    with pytest.raises(LLMUnavailable) as err:
        client.complete([{"role": "user", "content": "hi"}], max_tokens=5)
    assert err.value.kind == "server" and len(llm_server.chat_requests) == 2  # one retry, not more
    llm_server.script(Reply(status=500))
    assert client.complete([{"role": "user", "content": "hi"}], max_tokens=5).text == "fine"
    assert len(llm_server.chat_requests) == 4
    # No retry for what a retry cannot fix.
    llm_server.script(Reply(status=401))
    with pytest.raises(LLMUnavailable):
        client.complete([{"role": "user", "content": "hi"}], max_tokens=5)
    assert len(llm_server.chat_requests) == 5


@pytest.mark.usefixtures("openai_imported")
def test_no_configuration_is_a_clear_failure() -> None:
    from trainer.settings import Settings

    with pytest.raises(LLMUnavailable) as err:
        LLMClient(Settings(llm_enabled=True))
    assert err.value.kind == "not_configured" and "OPENAI_BASE_URL" in err.value.reason


def test_importing_the_llm_layer_does_not_import_openai() -> None:
    import subprocess

    code = (
        "import sys, trainer.llm, trainer.llm.client, trainer.llm.phrasing, trainer.llm.judge, trainer.llm.health, "
        "trainer.settings, trainer.cli.doctor\nprint('openai' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_warm_up_builds_the_client_without_a_request(llm_server: FakeLLM) -> None:
    from trainer.llm import client as client_module

    settings = settings_for(llm_server)
    client_module.warm_up(settings)
    thread = client_module._warm_thread
    assert thread is not None
    thread.join(10)
    assert client_module.client_for(settings)._openai is not None
    assert llm_server.requests == []
