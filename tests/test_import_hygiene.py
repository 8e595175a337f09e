"""The core must import without Textual or the openai client (start-up cost, headless use)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import trainer

# Every module of the package except the Textual shell (trainer.tui, when it exists).
CORE_MODULES = sorted(
    {"trainer"}
    | {
        info.name
        for info in pkgutil.walk_packages(trainer.__path__, "trainer.")
        if not info.name.startswith("trainer.tui")
    }
)


def test_the_core_is_discovered() -> None:
    assert {"trainer.engine.scorer", "trainer.content.library", "trainer.cli"} <= set(CORE_MODULES)


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual_or_openai(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = [m for m in ('textual', 'openai') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imported {out.stdout.strip()}"
