"""A real OpenAI-compatible HTTP server on 127.0.0.1 for the LLM tests.

`FakeLLM` runs `http.server` in a thread on port 0 and speaks the two endpoints
the trainer uses: `POST /v1/chat/completions` (plain JSON, or SSE when the request
asks for `stream: true`) and `GET /v1/models`. Each test scripts what it answers:

    server.reply(text="How would you split it?")            # every request
    server.script(Reply(status=500), Reply(text="ok"))      # one per request, then the default
    Reply(delay=3)                  # sleep before answering (a timeout)
    Reply(status=401)               # an error status with an OpenAI-style error body
    Reply(body="<html>oops</html>") # a body that is not JSON
    Reply(cut_after=3)              # stream three chunks, then drop the connection
    Reply(json_body={...})          # answer this JSON body as is

Every request is recorded in `server.requests` (method, path, headers, JSON body).
Import the fixtures into a test module to use them: `llm_server` (a running server),
`openai_imported` (openai imported up front, so its import is never timed),
`no_openai_env` (no OPENAI_* or MLSD_TRAINER_LLM* variables from the developer's shell).
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    """What the server answers to one request."""

    text: str = "ok"
    tokens: list[str] | None = None  # streamed chunks; default: `text` split into words
    json_body: Any = None  # answer this JSON as is (non-streaming)
    status: int = 200
    delay: float = 0.0  # seconds before the status line
    token_delay: float = 0.0  # seconds between streamed chunks
    body: str | None = None  # raw body (e.g. not JSON), sent with `content_type`
    content_type: str = "text/html"
    cut_after: int | None = None  # stream this many chunks, then drop the connection
    finish_reason: str = "stop"
    # Structured output as servers differ on it: the `response_format` types this server refuses
    # (llama-cpp-python refuses "json_schema" with HTTP 500 and a validation error naming it).
    refuse_formats: tuple[str, ...] = ()
    refuse_status: int = 500


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: Any = None


@dataclass
class FakeLLM:
    models: list[str] | None = field(default_factory=lambda: ["test-model", "other-model"])
    default: Reply = field(default_factory=Reply)
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._queue: list[Reply] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        # Progress, for tests that check order of events instead of wall-clock times.
        self.answered = 0  # chat requests the server has finished answering (or abandoned)
        self.sent_tokens = 0  # streamed content chunks written so far
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def reply(self, reply: Reply | None = None, **kwargs: Any) -> None:
        """Answer every later request this way (after any scripted replies)."""
        self.default = reply or Reply(**kwargs)

    def script(self, *replies: Reply) -> None:
        """Answer the next requests with these, one each, then fall back to the default."""
        with self._lock:
            self._queue.extend(replies)

    def next_reply(self) -> Reply:
        with self._lock:
            return self._queue.pop(0) if self._queue else self.default

    @property
    def chat_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def wait(self, seconds: float) -> None:
        """Sleep that ends early when the server stops (so slow replies never outlive a test)."""
        self._stop.wait(seconds)

    def close(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=2)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    fake: FakeLLM

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (a timeout test) is expected, not an error


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # ---- plumbing --------------------------------------------------------------------

    def _read_body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return raw.decode("utf-8", "replace")

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _send_json(self, status: int, data: Any) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _error(self, status: int) -> None:
        messages = {
            401: ("Incorrect API key provided.", "invalid_api_key"),
            404: ("The model does not exist.", "model_not_found"),
            429: ("Rate limit reached.", "rate_limit_exceeded"),
        }
        message, code = messages.get(status, ("The server had an error.", "server_error"))
        self._send_json(status, {"error": {"message": message, "type": "error", "code": code}})

    def _common(self, reply: Reply) -> bool:
        """Delay, error status and raw bodies; True when the reply is complete."""
        fake = self.server.fake
        if reply.delay:
            fake.wait(reply.delay)
        if reply.status >= 400:
            self._error(reply.status)
            return True
        if reply.body is not None:
            self._send(reply.status, reply.body.encode(), reply.content_type)
            return True
        return False

    # ---- endpoints -------------------------------------------------------------------

    def do_GET(self) -> None:
        fake = self.server.fake
        fake.requests.append(Request("GET", self.path, {k.lower(): v for k, v in self.headers.items()}))
        if self.path.rstrip("/").endswith("/models") and fake.models is not None:
            data = [{"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in fake.models]
            self._send_json(200, {"object": "list", "data": data})
        else:
            self._send_json(404, {"error": {"message": "not found", "type": "error"}})

    def do_POST(self) -> None:
        try:
            self._post()
        finally:
            self.server.fake.answered += 1

    def _post(self) -> None:
        fake = self.server.fake
        body = self._read_body()
        fake.requests.append(Request("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._send_json(404, {"error": {"message": "not found", "type": "error"}})
            return
        reply = fake.next_reply()
        wanted = body.get("response_format") if isinstance(body, dict) else None
        if isinstance(wanted, dict) and wanted.get("type") in reply.refuse_formats:
            detail = (
                f"1 validation error for CreateChatCompletionRequest\nresponse_format.type\n  Input should be 'text' "
                f"or 'json_object' [type=literal_error, input_value='{wanted.get('type')}']"
            )
            self._send_json(reply.refuse_status, {"error": {"message": detail, "type": "invalid_request_error"}})
            return
        if self._common(reply):
            return
        model = body.get("model", "test-model") if isinstance(body, dict) else "test-model"
        if isinstance(body, dict) and body.get("stream"):
            self._stream(reply, model)
            return
        if reply.json_body is not None:
            self._send_json(200, reply.json_body)
            return
        self._send_json(200, completion(reply.text, model, reply.finish_reason))

    def _stream(self, reply: Reply, model: str) -> None:
        fake = self.server.fake
        tokens = reply.tokens if reply.tokens is not None else _words(reply.text)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

        def event(data: str) -> None:
            payload = f"data: {data}\n\n".encode()
            self.wfile.write(f"{len(payload):x}\r\n".encode() + payload + b"\r\n")
            self.wfile.flush()

        try:
            event(json.dumps(chunk(model, {"role": "assistant", "content": ""})))
            for n, token in enumerate(tokens):
                if reply.cut_after is not None and n >= reply.cut_after:
                    # Drop the connection mid-body: no terminating chunk, no [DONE].
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if reply.token_delay:
                    fake.wait(reply.token_delay)
                event(json.dumps(chunk(model, {"content": token})))
                fake.sent_tokens += 1
            event(json.dumps(chunk(model, {}, reply.finish_reason)))
            event("[DONE]")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True


def _words(text: str) -> list[str]:
    """`text` as streamed tokens: each word with the space before it."""
    parts = text.split(" ")
    return [parts[0], *(" " + p for p in parts[1:])] if text else []


def completion(text: str, model: str = "test-model", finish_reason: str = "stop") -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def chunk(model: str, delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    }


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(name="llm_server")
def llm_server_fixture() -> Iterator[FakeLLM]:
    server = FakeLLM()
    try:
        yield server
    finally:
        server.close()


def settings_for(server: FakeLLM | str, **overrides: Any) -> Any:
    """Settings that talk to `server` (or a base URL) with a short timeout."""
    from trainer.settings import Settings

    base_url = server if isinstance(server, str) else server.base_url
    values: dict[str, Any] = {"llm_enabled": True, "model": "test-model", "base_url": base_url, "timeout": 2.0}
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(name="openai_imported", scope="session")
def openai_imported_fixture() -> Any:
    """Import openai once up front, so its ~1 s import is not timed as part of a call."""
    import openai

    return openai


@pytest.fixture(name="no_openai_env")
def no_openai_env_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "MLSD_TRAINER_LLM", "MLSD_TRAINER_MODEL", "MLSD_TRAINER_LLM_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
