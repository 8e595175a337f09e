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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test `functional` (it runs real processes, the TUI or Chromium) or `unit`.

    A module that imports subprocess or the app factory drives real parts; `pytest -m unit`
    is the quick inner loop, `pytest -m functional` the end-to-end half.
    """
    for item in items:
        module = getattr(item, "module", None)
        real_parts = module is not None and (hasattr(module, "subprocess") or hasattr(module, "make_app"))
        item.add_marker(pytest.mark.functional if real_parts else pytest.mark.unit)
