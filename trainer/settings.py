"""User settings: explicit CLI values, then the environment, then `config.toml`, then defaults.

The LLM is optional and off by default: every feature works offline, and the LLM
only rephrases the interviewer's moves and credits nuance the keyword engine
missed. Users point the trainer at OpenAI or at a local OpenAI-compatible server
(Ollama, vLLM, LM Studio) through a base URL.

The config file is `config.toml` in `trainer.paths.user_config_dir()`:

    [llm]
    enabled = true
    model = "qwen2.5:7b-instruct"
    base_url = "http://localhost:11434/v1"
    timeout = 8

Environment variables: `MLSD_TRAINER_LLM` (1/0), `MLSD_TRAINER_MODEL`,
`MLSD_TRAINER_LLM_TIMEOUT`, and the openai client's own `OPENAI_BASE_URL` and
`OPENAI_API_KEY`. The API key is read from the environment only: it is never read
from or written to any file, and never shown (`repr`, `str`, `model_dump`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from trainer import paths
from trainer.errors import TrainerError

CONFIG_NAME = "config.toml"
DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 120.0  # a small local model judging a whole transcript on a laptop CPU needs tens of seconds
OPENAI_BASE_URL = "https://api.openai.com/v1"
# Local servers accept any key, but the openai client insists on one.
PLACEHOLDER_KEY = "not-needed"

ENV_ENABLED = "MLSD_TRAINER_LLM"
ENV_MODEL = "MLSD_TRAINER_MODEL"
ENV_TIMEOUT = "MLSD_TRAINER_LLM_TIMEOUT"
ENV_BASE_URL = "OPENAI_BASE_URL"
ENV_API_KEY = "OPENAI_API_KEY"

_CONFIG_KEYS = {"enabled": "llm_enabled", "model": "model", "base_url": "base_url", "timeout": "timeout"}
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


class SettingsError(TrainerError):
    """A setting has a value we cannot use; the message names where it came from."""


class Settings(BaseModel):
    """Resolved settings; build with `Settings.resolve(...)`."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)

    llm_enabled: bool = False
    """Whether chat and score use the LLM. Off by default: the trainer is complete offline, and
    the LLM costs money and latency, so a user opts in (`--llm`, `[llm] enabled`, `MLSD_TRAINER_LLM=1`)."""

    model: str = Field(default=DEFAULT_MODEL, min_length=1)
    """Model name as the server knows it. The default is a small, cheap OpenAI model: phrasing
    one question and quoting evidence needs no large model. Local servers use their own names."""

    base_url: str | None = None
    """OpenAI-compatible endpoint (`.../v1`). None means OpenAI itself when a key is set. Read
    from `OPENAI_BASE_URL` (the openai client's own convention) before the config file, so one
    variable points every OpenAI-based tool, this one included, at a local server."""

    timeout: float = Field(default=DEFAULT_TIMEOUT, gt=0, le=MAX_TIMEOUT)
    """Seconds one LLM call may take in total before the offline result is used. Capped at 15 s:
    the LLM must never make the trainer noticeably slower to answer than it is offline."""

    api_key: SecretStr | None = Field(default=None, exclude=True, repr=False)
    """From `OPENAI_API_KEY` only, never from or to a file (config files get shared and committed).
    Local servers need none: the client then gets a placeholder. Hidden from repr and dumps."""

    config_file: Path | None = None
    """The config file that was read, if any: error messages and `doctor` point the user at it."""

    sources: dict[str, str] = Field(default_factory=dict)
    """Where each value came from (`cli`, `env NAME`, `config FILE:LINE`, `default`), so a user can
    tell why a value is what it is."""

    # ---- derived -----------------------------------------------------------------------

    @property
    def configured(self) -> bool:
        """A server to talk to: a base URL (local server) or a key (OpenAI)."""
        return self.base_url is not None or self.api_key is not None

    @property
    def endpoint(self) -> str:
        """The base URL requests go to (OpenAI's when only a key is set)."""
        return (self.base_url or OPENAI_BASE_URL).rstrip("/")

    @property
    def shown_endpoint(self) -> str:
        """The endpoint as messages show it: without a user name or password in the URL."""
        return redact_url(self.endpoint)

    def client_key(self) -> str:
        """The key handed to the openai client: the user's, or a placeholder for local servers."""
        return self.api_key.get_secret_value() if self.api_key is not None else PLACEHOLDER_KEY

    # ---- resolution --------------------------------------------------------------------

    @classmethod
    def resolve(cls, llm: bool | None = None, model: str | None = None, timeout: float | None = None) -> Settings:
        """Settings from explicit CLI values (None = not given), the environment, the config file, defaults."""
        config_path = paths.user_config_dir() / CONFIG_NAME
        config, lines = _read_config(config_path)
        values: dict[str, Any] = {}
        sources: dict[str, str] = {}

        def pick(field: str, cli: Any, env_name: str | None, parse_env: Any = None) -> None:
            if cli is not None:
                values[field], sources[field] = cli, "cli"
                return
            if env_name is not None:
                raw = os.environ.get(env_name)
                if raw is not None and raw.strip() != "":
                    values[field] = parse_env(env_name, raw.strip()) if parse_env else raw.strip()
                    sources[field] = f"env {env_name}"
                    return
            if field in config:
                values[field] = config[field]
                sources[field] = f"config {config_path}:{lines.get(field, '?')}"
                return
            sources[field] = "default"

        pick("llm_enabled", llm, ENV_ENABLED, _parse_bool)
        pick("model", model, ENV_MODEL)
        pick("base_url", None, ENV_BASE_URL)
        pick("timeout", timeout, ENV_TIMEOUT, _parse_float)
        key = os.environ.get(ENV_API_KEY, "").strip()
        if key:
            values["api_key"] = SecretStr(key)
            sources["api_key"] = f"env {ENV_API_KEY}"
        try:
            return cls(**values, config_file=config_path if config_path.is_file() else None, sources=sources)
        except ValidationError as err:
            first = err.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else ""
            source = sources.get(field, "default")
            where = {"cli": f"--{field}", "default": "default"}.get(source, source.removeprefix("config "))
            shown = field if field != "llm_enabled" else "enabled"
            raise SettingsError(f"{where}: {shown} {_reason(first)}") from None


def _reason(error: Any) -> str:
    if error["type"] in ("less_than_equal", "greater_than"):
        return f"must be more than 0 and at most {MAX_TIMEOUT:g} seconds (got {error['input']})"
    return str(error["msg"]).lower()


def _parse_bool(name: str, raw: str) -> bool:
    value = raw.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SettingsError(f"env {name}: expected 1/0, true/false, yes/no or on/off, got {raw!r}")


def _parse_float(name: str, raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"env {name}: expected a number of seconds, got {raw!r}") from None


_TOML_LINE_RE = re.compile(r"\(at line (\d+), column (\d+)\)")


def _read_config(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The `[llm]` table of the config file as Settings fields, with the line of each key."""
    import tomllib

    if not path.is_file():
        return {}, {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SettingsError(f"{path}: cannot read the config file: {getattr(err, 'strerror', None) or err}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        match = _TOML_LINE_RE.search(message)
        where = f"{path}:{match.group(1)}" if match else str(path)
        reason = _TOML_LINE_RE.sub("", message).strip() or "invalid TOML"
        raise SettingsError(f"{where}: invalid TOML: {reason[0].lower() + reason[1:]}") from None

    header = re.search(r"^[ \t]*\[[ \t]*llm[ \t]*\]", text, re.MULTILINE)
    first_table = re.search(r"^[ \t]*\[", text, re.MULTILINE)

    def line_of(key: str, in_table: bool = True) -> int | None:
        """Line of `key = ...` in the [llm] table (or before any table), for messages."""
        key_re = re.compile(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", re.MULTILINE)
        if in_table and header is not None:
            found = key_re.search(text, header.end())
        else:
            found = key_re.search(text, 0, first_table.start() if first_table else len(text))
        return text.count("\n", 0, found.start()) + 1 if found else None

    def located(key: str, in_table: bool = True) -> str:
        line = line_of(key, in_table)
        return f"{path}:{line}" if line else str(path)

    for key in (*_CONFIG_KEYS, "api_key"):
        if key in data:
            raise SettingsError(f"{located(key, in_table=False)}: `{key}` belongs in the [llm] table")
    table = data.get("llm", {})
    if not isinstance(table, dict):
        raise SettingsError(f"{located('llm', in_table=False)}: `llm` must be a table ([llm])")
    out: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key, value in table.items():
        if key in ("api_key", "key", "openai_api_key"):
            raise SettingsError(
                f"{located(key)}: the API key is not read from the config file (keys stay out of files); "
                f"set {ENV_API_KEY} in the environment"
            )
        field = _CONFIG_KEYS.get(key)
        if field is None:
            known = ", ".join(_CONFIG_KEYS)
            raise SettingsError(f"{located(key)}: unknown setting [llm] {key!r}; known: {known}")
        types: dict[str, type | tuple[type, ...]] = {"llm_enabled": bool, "model": str, "base_url": str, "timeout": (int, float)}
        expected = types[field]
        if not isinstance(value, expected) or (field == "timeout" and isinstance(value, bool)):
            kind = {"llm_enabled": "true or false", "model": "a string", "base_url": "a string", "timeout": "a number of seconds"}[field]
            raise SettingsError(f"{located(key)}: [llm] {key} must be {kind}, got {value!r}")
        if isinstance(value, str):
            value = value.strip()
            if not value:
                raise SettingsError(f"{located(key)}: [llm] {key} must not be empty")
        out[field] = value
        line = line_of(key)
        if line is not None:
            lines[field] = line
    return out, lines


def redact_url(url: str) -> str:
    """`http://user:secret@host/v1` as `http://***@host/v1`: credentials never reach a message."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "(an invalid URL)"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, f"***@{host}", parts.path, parts.query, parts.fragment))
