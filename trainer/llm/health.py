"""`doctor`'s check of the configured server and model, as one line for a human."""

from __future__ import annotations

import time
from dataclasses import dataclass

from trainer import paths
from trainer.llm.client import LLMClient, LLMUnavailable
from trainer.settings import CONFIG_NAME, Settings

CHECK_TIMEOUT = 5.0
SHOWN_MODELS = 8


@dataclass
class Health:
    ok: bool
    line: str
    elapsed_ms: int | None = None


def check(settings: Settings, *, timeout: float = CHECK_TIMEOUT) -> Health:
    """List the server's models (when it can), then ask the model for one word.

    Each step is bounded by `timeout` (or the settings' timeout when shorter). The
    line never contains the API key: reasons are our own words, never the server's.
    """
    if not settings.configured:
        config = settings.config_file or paths.user_config_dir() / CONFIG_NAME
        return Health(
            False,
            "no LLM configured: no base URL and no API key; set OPENAI_BASE_URL for a local server "
            f"(Ollama, vLLM, LM Studio) or OPENAI_API_KEY for OpenAI, or base_url under [llm] in {config}",
        )
    client = LLMClient(settings, timeout=timeout)
    url, model = client.shown, settings.model
    try:
        models = client.list_models()
        if models and model not in models and f"{model}:latest" not in models:
            shown = ", ".join(models[:SHOWN_MODELS]) + (", …" if len(models) > SHOWN_MODELS else "")
            return Health(False, f"unknown model {model!r} at {url}; the server has: {shown}")
        start = time.monotonic()
        client.complete(
            [{"role": "user", "content": "Reply with the single word: ok"}],
            max_tokens=5,
            temperature=0.0,
            allow_truncated=True,
        )
        elapsed = int((time.monotonic() - start) * 1000)
    except LLMUnavailable as err:
        return Health(False, err.reason)
    return Health(True, f"ok: {url} model {model} answered in {elapsed} ms", elapsed)
