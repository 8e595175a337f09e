"""The core must import without Textual or the openai client (start-up cost, headless use)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "trainer",
    "trainer.cli",
    "trainer.errors",
    "trainer.paths",
    "trainer.content.models",
    "trainer.content.library",
    "trainer.content.yaml_source",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual_or_openai(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = [m for m in ('textual', 'openai') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} imported {out.stdout.strip()}"
