"""The `mlsd-trainer` CLI: `main` plus the command modules that register on it."""

from trainer.cli import chat, content, doctor, export, history, practice, report, score  # noqa: F401  (register commands)
from trainer.cli.base import main

__all__ = ["main"]
