"""The LLM flags shared by `practice`, `chat` and `score`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click


def llm_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--llm/--offline, --model, --llm-timeout. Offline stays the default unless the config enables the LLM."""
    fn = click.option("--llm-timeout", "llm_timeout", type=click.FloatRange(min=0.1, max=120), default=None,
                      help="Seconds before an LLM call falls back to the offline engine (≤ 120; default 10). "
                      "A live reply waits about 1.2 s for its phrasing unless you set this, and never over 15 s.")(fn)
    fn = click.option("--model", default=None, help="Model name on the OpenAI-compatible server.")(fn)
    fn = click.option("--llm/--offline", "llm", default=None,
                      help="Use the configured LLM (OPENAI_BASE_URL / config file) or the offline engine (default).")(fn)
    return fn


def resolve_settings(llm: bool | None, model: str | None, llm_timeout: float | None):
    """Settings for this run; None when the LLM is off (the common, offline case: nothing to load).

    Without --llm, an LLM can only be enabled by the environment or the config
    file; when neither exists we know it is off without importing pydantic, which
    keeps the TUI's first paint fast.
    """
    import os

    from trainer import paths

    if llm is False:
        return None
    if llm is None and not os.environ.get("MLSD_TRAINER_LLM") and not (paths.user_config_dir() / "config.toml").exists():
        return None
    from trainer.settings import Settings

    settings = Settings.resolve(llm=llm, model=model, timeout=llm_timeout)
    if not settings.llm_enabled:
        return None
    from trainer.llm.client import warm_up

    warm_up(settings)  # import openai and build the client in the background
    return settings
