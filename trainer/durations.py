"""Durations as people read them (`m:ss`, `h:mm:ss`), the one formatter for clocks and reports.

Import-light on purpose: the interview screen's clocks use it before the first paint.
"""

from __future__ import annotations

NOT_AVAILABLE = "n/a"

__all__ = ["NOT_AVAILABLE", "fmt_delta", "fmt_duration"]


def fmt_duration(seconds: float | None) -> str:
    """`m:ss` (or `h:mm:ss`); "n/a" for None."""
    if seconds is None:
        return NOT_AVAILABLE
    total = round(seconds)
    sign = "-" if total < 0 else ""
    total = abs(total)
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{mins:02d}:{secs:02d}"
    return f"{sign}{mins}:{secs:02d}"


def fmt_delta(spent: float | None, budget: float | None) -> str:
    """`+1:10` over or `-0:45` under budget; "n/a" when either is unknown."""
    if spent is None or budget is None:
        return NOT_AVAILABLE
    delta = spent - budget
    return ("+" if delta >= 0 else "-") + fmt_duration(abs(delta))
