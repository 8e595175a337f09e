"""The `mlsd-trainer` CLI: `main`; each command's module is imported when the command is used."""

from trainer.cli.base import main

__all__ = ["main"]
