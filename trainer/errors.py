"""One error hierarchy, with messages written for the person at the terminal.

Shells catch `TrainerError` and print `str(err)` on one line; anything else
escaping is a bug. Each subclass exists because a caller treats it differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class TrainerError(Exception):
    """Base class: the message is complete and safe to show to a user."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a content file, located as precisely as we can."""

    file: Path | str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else f"{self.file}"
        field = f" [{self.field}]" if self.field else ""
        return f"{where}:{field} {self.message}"


class ContentError(TrainerError):
    """A scenario or rubric file is unreadable or invalid; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnknownScenarioError(TrainerError):
    """The user named a scenario id we do not have; the message lists the known ones."""

    def __init__(self, scenario_id: str, known: list[str]):
        self.scenario_id = scenario_id
        self.known = known
        super().__init__(
            f"unknown scenario {scenario_id!r}; known scenarios: {', '.join(known) or '(none)'}"
        )


class TranscriptError(TrainerError):
    """A transcript file cannot be read or holds nothing to score."""
