"""Every test runs with user state in a temporary MLSD_TRAINER_HOME."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def trainer_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("MLSD_TRAINER_HOME", str(home))
    return home


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
