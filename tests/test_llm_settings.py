"""Settings: CLI > environment > config.toml > defaults; the API key only from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from llm_server import no_openai_env_fixture  # noqa: F401  (fixtures)

from trainer import paths
from trainer.errors import TrainerError
from trainer.settings import DEFAULT_MODEL, PLACEHOLDER_KEY, Settings

pytestmark = pytest.mark.usefixtures("no_openai_env")


def write_config(text: str) -> Path:
    path = paths.user_config_dir() / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_offline() -> None:
    s = Settings.resolve()
    assert s.llm_enabled is False
    assert s.model == DEFAULT_MODEL
    assert s.base_url is None and s.api_key is None
    assert s.timeout == 10
    assert not s.configured
    assert s.config_file is None


def test_cli_beats_env_beats_config_beats_default(monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config('[llm]\nenabled = true\nmodel = "from-config"\nbase_url = "http://config:1/v1"\ntimeout = 7\n')
    s = Settings.resolve()
    assert (s.llm_enabled, s.model, s.base_url, s.timeout) == (True, "from-config", "http://config:1/v1", 7)
    assert s.config_file == path
    assert s.sources["model"] == f"config {path}:3"

    monkeypatch.setenv("MLSD_TRAINER_LLM", "0")
    monkeypatch.setenv("MLSD_TRAINER_MODEL", "from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://env:2/v1")
    monkeypatch.setenv("MLSD_TRAINER_LLM_TIMEOUT", "4")
    s = Settings.resolve()
    assert (s.llm_enabled, s.model, s.base_url, s.timeout) == (False, "from-env", "http://env:2/v1", 4)
    assert s.sources["base_url"] == "env OPENAI_BASE_URL"

    s = Settings.resolve(llm=True, model="from-cli", timeout=3)
    assert (s.llm_enabled, s.model, s.base_url, s.timeout) == (True, "from-cli", "http://env:2/v1", 3)
    assert s.sources["model"] == "cli"


def test_api_key_only_from_env_and_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    marker = "sk-test-MARKER-4242"
    monkeypatch.setenv("OPENAI_API_KEY", marker)
    s = Settings.resolve()
    assert s.configured and s.endpoint == "https://api.openai.com/v1"
    assert s.client_key() == marker
    for shown in (repr(s), str(s), s.model_dump(), s.model_dump_json(), s.model_dump(mode="json")):
        assert marker not in str(shown)
    assert "api_key" not in s.model_dump()


def test_local_server_needs_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1/")
    s = Settings.resolve()
    assert s.configured and s.api_key is None
    assert s.client_key() == PLACEHOLDER_KEY
    assert s.endpoint == "http://localhost:11434/v1"


@pytest.mark.parametrize("key", ["api_key", "key"])
def test_a_key_in_the_config_file_is_refused(key: str) -> None:
    path = write_config(f'[llm]\nmodel = "m"\n{key} = "sk-secret-in-file"\n')
    with pytest.raises(TrainerError) as err:
        Settings.resolve()
    message = str(err.value)
    assert f"{path}:3" in message and "OPENAI_API_KEY" in message
    assert "sk-secret-in-file" not in message


def test_broken_toml_names_file_and_line() -> None:
    path = write_config('[llm]\nmodel = "m"\ntimeout = = 3\n')
    with pytest.raises(TrainerError) as err:
        Settings.resolve()
    assert str(err.value).startswith(f"{path}:3: invalid TOML")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('[llm]\nenabled = true\nmodle = "x"\n', 3, "unknown setting"),
        ('[llm]\ntimeout = "fast"\n', 2, "number of seconds"),
        ('[llm]\nenabled = "yes"\n', 2, "true or false"),
        ('[llm]\n\ntimeout = 300\n', 3, "at most 120"),
        ('model = "top-level"\n', 1, "[llm]"),
    ],
)
def test_bad_config_values_name_file_and_line(text: str, line: int, words: str) -> None:
    path = write_config(text)
    with pytest.raises(TrainerError) as err:
        Settings.resolve()
    assert str(err.value).startswith(f"{path}:{line}:")
    assert words in str(err.value)


def test_other_config_tables_are_left_alone() -> None:
    write_config('[tui]\ntheme = "dark"\n\n[llm]\nmodel = "m"\n')
    assert Settings.resolve().model == "m"


def test_timeout_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings.resolve(timeout=90).timeout == 90  # a small local model judging on a CPU
    with pytest.raises(TrainerError, match="at most 120"):
        Settings.resolve(timeout=200)
    with pytest.raises(TrainerError, match="at most 120"):
        Settings.resolve(timeout=0)
    monkeypatch.setenv("MLSD_TRAINER_LLM_TIMEOUT", "soon")
    with pytest.raises(TrainerError, match="MLSD_TRAINER_LLM_TIMEOUT"):
        Settings.resolve()


def test_bad_enable_flag_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSD_TRAINER_LLM", "maybe")
    with pytest.raises(TrainerError, match="MLSD_TRAINER_LLM"):
        Settings.resolve()
    monkeypatch.setenv("MLSD_TRAINER_LLM", "yes")
    assert Settings.resolve().llm_enabled is True


def test_every_field_says_why() -> None:
    for name, field in Settings.model_fields.items():
        assert field.description and len(field.description) > 30, name
