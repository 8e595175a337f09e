"""The session's mode and the interviewer's strictness: the one definition of each value set.

Kept import-light (no pydantic, no content) because click options read them at CLI start-up;
the start screen, the store, the session record and the engine use the same tuples.
"""

from __future__ import annotations

from typing import Literal

Mode = Literal["solo", "mentor"]
MODES: tuple[Mode, ...] = ("solo", "mentor")
Strictness = Literal["off", "nudge", "strict"]
STRICTNESS: tuple[Strictness, ...] = ("off", "nudge", "strict")
