"""The mock's clock: elapsed seconds that a mentor can pause and a resumed session continues.

Turn timestamps (`Turn.at`) are read from this clock, so phase budgets and the
time report see the interview's time, not wall time spent paused.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class MockClock:
    def __init__(self, start_at: float = 0.0, now: Callable[[], float] = time.monotonic):
        self._now = now
        self._base = start_at
        self._started = now()
        self._paused_at: float | None = None

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def elapsed(self) -> float:
        if self._paused_at is not None:
            return self._paused_at
        return round(self._base + self._now() - self._started, 3)

    def pause(self) -> None:
        if self._paused_at is None:
            self._paused_at = self.elapsed()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._base = self._paused_at
            self._started = self._now()
            self._paused_at = None

    def toggle(self) -> bool:
        """Pause or resume; returns True when now paused."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused


class FrozenClock(MockClock):
    """A clock that only moves when told: for tests and snapshots."""

    def __init__(self, start_at: float = 0.0):
        self.value = start_at
        super().__init__(start_at, now=lambda: self.value)

    def advance(self, seconds: float) -> None:
        self.value += seconds
