"""The one place that talks to an OpenAI-compatible server, and the one place failures are named.

Every call has a hard deadline: it runs in a worker thread and the caller stops
waiting when `timeout` seconds have passed since the call began, whatever the
server does (a slow first byte, a trickle of tokens, a hung socket). Every failure
becomes `LLMUnavailable` with a one-line reason and a `kind`, and the caller falls
back to the offline result. `openai` is imported lazily, inside the worker: it
costs about a second, and the offline trainer must not pay it. Call `warm_up()`
when a session with the LLM starts to import it in the background.
"""

from __future__ import annotations

import json
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from trainer.errors import TrainerError
from trainer.settings import Settings

T = TypeVar("T")

# One quick retry (5xx, a dropped connection before any token) only when at least this
# much of the deadline is left, and at least as much as the first attempt took.
RETRY_MIN_REMAINING = 1.0


_FORMAT_WORDS = re.compile(r"response_format|json_schema|json_object|structured output", re.IGNORECASE)


def _error_detail(exc: BaseException) -> str:
    """The server's own words about an HTTP error (message and body), for telling its kind."""
    parts = [str(getattr(exc, "message", "") or "")]
    body = getattr(exc, "body", None)
    if body is not None:
        parts.append(body if isinstance(body, str) else json.dumps(body, default=str))
    return " ".join(parts)[:2000]


class LLMUnavailable(TrainerError):
    """The LLM could not be used for this call; `reason` is one line for a human, `kind` for code.

    kinds: not_configured, timeout, refused, connection, auth, forbidden, model, rate_limit,
    server, bad_request, format_rejected (the server does not take this `response_format`),
    not_json, bad_response, cut, truncated, leaked, rejected, error.
    """

    def __init__(self, reason: str, kind: str = "error"):
        reason = " ".join(reason.split())
        super().__init__(reason)
        self.reason = reason
        self.kind = kind


_warm_lock = threading.Lock()
_warm_thread: threading.Thread | None = None


def warm_up(settings: Settings | None = None) -> None:
    """Import openai (and build the shared client for `settings`) in a background thread.

    Call it when a session with the LLM starts: the import takes about a second and
    building the client a fifth of one, which the first phrased question would
    otherwise spend out of its deadline. No request is sent.
    """
    global _warm_thread

    def work() -> None:
        _import_openai()
        if settings is not None and settings.configured:
            _ = client_for(settings)._client().chat.completions  # imports the resource modules

    with _warm_lock:
        if _warm_thread is None or not _warm_thread.is_alive():
            _warm_thread = threading.Thread(target=_silently(work), name="openai-warm-up", daemon=True)
            _warm_thread.start()


def _silently(fn: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            fn()
        except Exception:  # noqa: BLE001 — a failed warm-up shows up, mapped, on the first real call
            pass

    return run


def _import_openai() -> Any:
    import openai

    return openai


@dataclass
class Completion:
    text: str
    finish_reason: str | None
    elapsed_ms: int


class LLMClient:
    """A client for one endpoint; reusable and thread-safe (one openai client, built lazily)."""

    def __init__(self, settings: Settings, *, timeout: float | None = None):
        if not settings.configured:
            raise LLMUnavailable(
                "no LLM configured: set OPENAI_BASE_URL for a local server (Ollama, vLLM, LM Studio) "
                "or OPENAI_API_KEY for OpenAI",
                "not_configured",
            )
        self.settings = settings
        self.endpoint = settings.endpoint
        self.shown = settings.shown_endpoint  # for messages: no credentials
        self.model = settings.model
        self.timeout = min(timeout, settings.timeout) if timeout else settings.timeout
        self._openai: Any = None
        self._lock = threading.Lock()

    # ---- plumbing ------------------------------------------------------------------------

    def _client(self) -> Any:
        with self._lock:
            if self._openai is None:
                openai = _import_openai()
                self._openai = openai.OpenAI(
                    base_url=self.endpoint,
                    api_key=self.settings.client_key(),
                    timeout=self.timeout,
                    max_retries=0,
                )
            return self._openai

    def fail(self, exc: BaseException, *, streaming: bool = False) -> LLMUnavailable:
        """Map any failure of a call to `LLMUnavailable` with a one-line reason (the one place)."""
        if isinstance(exc, LLMUnavailable):
            return exc
        url, model, timeout = self.shown, self.model, self.timeout
        try:
            import openai
        except ImportError:
            return LLMUnavailable("the openai package is not installed: pip install openai", "error")

        if isinstance(exc, openai.APITimeoutError) or _named(exc, "Timeout"):
            return LLMUnavailable(f"the LLM at {url} did not answer within {timeout:g} s", "timeout")
        if isinstance(exc, openai.APIConnectionError) or _named(exc, "ConnectError", "ReadError", "RemoteProtocolError", "NetworkError"):
            if _refused(exc):
                return LLMUnavailable(f"cannot connect to the LLM server at {url}: connection refused (is it running?)", "refused")
            if streaming:
                return LLMUnavailable(f"the LLM server at {url} closed the stream half way", "cut")
            return LLMUnavailable(f"cannot reach the LLM server at {url}: connection failed", "connection")
        if isinstance(exc, openai.APIStatusError):
            status = exc.status_code
            detail = _error_detail(exc)
            if status >= 400 and status != 429 and _FORMAT_WORDS.search(detail):
                # llama-cpp-python answers 500 with a validation error; others 400 or 422.
                return LLMUnavailable(
                    f"the LLM server at {url} does not take this response_format (HTTP {status})", "format_rejected"
                )
            if status == 401:
                return LLMUnavailable(f"the LLM server at {url} rejected the API key (401): check OPENAI_API_KEY", "auth")
            if status == 403:
                return LLMUnavailable(f"the LLM server at {url} denied access (403): check the key's permissions", "forbidden")
            if status == 404:
                return LLMUnavailable(
                    f"model {model!r} not found at {url} (404): check the model name and that the base URL ends in /v1",
                    "model",
                )
            if status == 429:
                return LLMUnavailable(f"the LLM server at {url} is rate limiting requests (429): try again later", "rate_limit")
            if status >= 500:
                return LLMUnavailable(f"the LLM server at {url} failed with HTTP {status}", "server")
            return LLMUnavailable(f"the LLM server at {url} rejected the request (HTTP {status})", "bad_request")
        if isinstance(exc, (json.JSONDecodeError, UnicodeDecodeError)):
            return LLMUnavailable(f"the LLM server at {url} sent a body that is not JSON", "not_json")
        if isinstance(exc, (openai.APIResponseValidationError, AttributeError, KeyError, IndexError, TypeError, ValueError)):
            return LLMUnavailable(f"the LLM server at {url} sent a reply that is not a chat completion", "bad_response")
        return LLMUnavailable(f"the LLM call to {url} failed ({type(exc).__name__})", "error")

    def _run(self, fn: Callable[[float], T], deadline: float) -> T:
        """Run fn(remaining seconds) in a worker thread; give up at the deadline."""
        box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

        def work() -> None:
            try:
                box.put((True, fn(max(0.05, deadline - time.monotonic()))))
            except BaseException as exc:  # noqa: BLE001 — handed to the caller, mapped there
                box.put((False, exc))

        threading.Thread(target=work, name="llm-call", daemon=True).start()
        try:
            ok, value = box.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise LLMUnavailable(f"the LLM at {self.shown} did not answer within {self.timeout:g} s", "timeout") from None
        if not ok:
            raise self.fail(value) from None
        return value

    def _budget(self, timeout: float | None) -> float:
        """Seconds a call may take: the client's timeout, or less when the caller asks for less."""
        return min(timeout, self.timeout) if timeout else self.timeout

    def _with_retry(self, attempt: Callable[[float], T], timeout: float | None = None) -> T:
        """One attempt, and one quick retry of a transient failure when it still fits the deadline."""
        start = time.monotonic()
        deadline = start + self._budget(timeout)
        try:
            return self._run(attempt, deadline)
        except LLMUnavailable as err:
            took = time.monotonic() - start
            remaining = deadline - time.monotonic()
            if err.kind not in ("server", "connection") or remaining < max(RETRY_MIN_REMAINING, took):
                raise
        return self._run(attempt, deadline)

    # ---- calls ---------------------------------------------------------------------------

    def complete(
        self,
        messages: list[dict[str, str]],
        *,
        max_tokens: int,
        temperature: float = 0.0,
        response_format: dict[str, Any] | None = None,
        timeout: float | None = None,
        allow_truncated: bool = False,
    ) -> Completion:
        """One chat completion (not streamed). Raises LLMUnavailable.

        A reply cut at `max_tokens` is a failure (`truncated`) unless `allow_truncated`.
        """
        start = time.monotonic()

        def attempt(remaining: float) -> Completion:
            extra: dict[str, Any] = {"response_format": response_format} if response_format else {}
            resp = self._client().chat.completions.create(
                model=self.model,
                messages=messages,
                max_tokens=max_tokens,
                temperature=temperature,
                timeout=remaining,
                **extra,
            )
            if isinstance(resp, str):  # the openai client hands back non-JSON bodies as text
                raise json.JSONDecodeError("not JSON", resp[:50], 0)
            choice = resp.choices[0]
            text = choice.message.content
            if not isinstance(text, str):
                raise ValueError("no message content")
            return Completion(text, choice.finish_reason, int((time.monotonic() - start) * 1000))

        result = self._with_retry(attempt, timeout)
        if result.finish_reason == "length" and not allow_truncated:
            raise LLMUnavailable(f"the model's reply from {self.shown} was cut at the token limit", "truncated")
        return result

    def list_models(self, timeout: float | None = None) -> list[str] | None:
        """Model ids the server offers; None when it has no /models endpoint. Raises LLMUnavailable."""
        import_start = time.monotonic()
        deadline = import_start + self._budget(timeout)

        def attempt(remaining: float) -> list[str] | None:
            import openai

            try:
                page = self._client().models.list(timeout=remaining)
            except (openai.NotFoundError, openai.APIResponseValidationError, json.JSONDecodeError):
                return None
            except openai.APIStatusError as err:
                if err.status_code in (400, 405, 501):
                    return None
                raise
            if isinstance(page, str):
                return None
            return [str(m.id) for m in page.data]

        return self._run(attempt, deadline)

    def stream(
        self,
        messages: list[dict[str, str]],
        *,
        max_tokens: int,
        temperature: float = 0.5,
        timeout: float | None = None,
    ) -> Iterator[str]:
        """Content deltas as the server sends them, within one deadline for the whole stream.

        Ends normally only when the server says the reply is complete; raises LLMUnavailable
        on any failure, a stream cut half way (no finish reason) or a reply cut at the token
        limit. Closing the generator early closes the HTTP stream.
        """
        start = time.monotonic()
        deadline = start + self._budget(timeout)
        events: queue.Queue[tuple[str, Any]] = queue.Queue()
        stop = threading.Event()
        handle: dict[str, Any] = {}

        def work() -> None:
            started = False
            try:
                client = self._client()
                stream = client.chat.completions.create(
                    model=self.model,
                    messages=messages,
                    max_tokens=max_tokens,
                    temperature=temperature,
                    stream=True,
                    timeout=max(0.05, deadline - time.monotonic()),
                )
                handle["stream"] = stream
                if stop.is_set():
                    stream.close()
                    return
                content_type = stream.response.headers.get("content-type", "")
                if "event-stream" not in content_type:
                    # Some servers ignore `stream` and answer one JSON completion.
                    data = json.loads(stream.response.read())
                    choice = data["choices"][0]
                    events.put(("tok", choice["message"]["content"] or ""))
                    events.put(("end", choice.get("finish_reason") or "stop"))
                    return
                finish = None
                for chunk in stream:
                    started = True
                    if stop.is_set():
                        stream.close()
                        return
                    for choice in chunk.choices or ():
                        delta = choice.delta.content if choice.delta is not None else None
                        if delta:
                            events.put(("tok", delta))
                        if choice.finish_reason:
                            finish = choice.finish_reason
                events.put(("end", finish))
            except BaseException as exc:  # noqa: BLE001 — handed to the consumer, mapped there
                events.put(("err", (exc, started)))

        attempts = 0
        yielded = False
        try:
            while True:
                attempts += 1
                attempt_start = time.monotonic()
                threading.Thread(target=work, name="llm-stream", daemon=True).start()
                retry = False
                while True:
                    remaining = deadline - time.monotonic()
                    try:
                        kind, value = events.get(timeout=max(0.0, remaining))
                    except queue.Empty:
                        raise LLMUnavailable(
                            f"the LLM at {self.shown} did not finish within {self.timeout:g} s", "timeout"
                        ) from None
                    if kind == "tok":
                        yielded = True
                        yield value
                    elif kind == "end":
                        if value is None:
                            raise LLMUnavailable(f"the LLM server at {self.shown} closed the stream half way", "cut")
                        if value == "length":
                            raise LLMUnavailable(f"the model's reply from {self.shown} was cut at the token limit", "truncated")
                        return
                    else:
                        exc, started = value
                        err = self.fail(exc, streaming=started or yielded)
                        left = deadline - time.monotonic()
                        took = time.monotonic() - attempt_start
                        if (
                            attempts == 1
                            and not yielded
                            and err.kind in ("server", "connection")
                            and left >= max(RETRY_MIN_REMAINING, took)
                        ):
                            retry = True
                            break
                        raise err
                if not retry:
                    return
                handle.pop("stream", None)
        finally:
            stop.set()
            stream = handle.get("stream")
            if stream is not None:
                try:
                    stream.close()
                except Exception:  # noqa: BLE001 — closing is best effort; the worker ends at its own timeout
                    pass


def _named(exc: BaseException, *names: str) -> bool:
    """An httpx-family exception (httpx or httpx2) that escaped the openai wrappers."""
    module = type(exc).__module__ or ""
    return module.startswith("httpx") and any(n in type(exc).__name__ for n in names)


def _refused(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError) or "refused" in str(current).lower():
            return True
        current = current.__cause__ or current.__context__
    return False


_clients: dict[tuple[str, str, str, float], LLMClient] = {}
_clients_lock = threading.Lock()


def client_for(settings: Settings) -> LLMClient:
    """A shared client per endpoint, key, model and timeout (keeps connections alive between calls)."""
    key = (settings.endpoint, settings.client_key(), settings.model, settings.timeout)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            if len(_clients) >= 4:
                _clients.clear()
            client = _clients[key] = LLMClient(settings)
        return client
