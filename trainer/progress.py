"""Progress across finished sessions: per-phase trends, the weakest phase, what to practise next.

Headless (no Textual): `mlsd-trainer history` renders it as text or JSON.

- Input: finished sessions as `(session id, ScoreReport)` pairs, **newest first** (the store's
  order). Every series here is **oldest → newest**.
- A phase's **series** is its score (0-100) in each session; **recent** is the mean of the last
  `RECENT` (3) sessions; **change** is recent minus the mean of the sessions before those (None
  until there are more than `RECENT` sessions).
- The **sparkline** has one block character per session, on the absolute 0-100 scale (▁ is 0-12,
  █ is 88-100), so sparklines of different phases compare at a glance.
- The **weakest phase** has the lowest recent average; a tie goes to the phase that comes first in
  the framework order (earlier phases gate the later ones).
- The **suggested scenario** is the one whose own items (`scenario.items`, not the shared rubric)
  put the most weight on the weakest phase, counting first the items the candidate has not yet
  covered in any finished session of that scenario; the scenario practised most recently is left
  out when there is another. Remaining ties: the scenario practised fewer times, then by id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from trainer.content.phases import PHASES

if TYPE_CHECKING:
    from trainer.content.models import Scenario
    from trainer.scoring.schema import ScoreReport

RECENT = 3
SPARK_CHARS = "▁▂▃▄▅▆▇█"
ASCII_SPARK_CHARS = "_.-~=+*#"
MAX_SPARK = 40  # sessions drawn in the text block (the JSON carries them all)
WIDTH = 80


def _mean(values: Sequence[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _round(value: float) -> int:
    """Round half away from zero (Python's round() sends 62.5 to 62)."""
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def sparkline(values: Sequence[int | None], chars: str = SPARK_CHARS) -> str:
    """One character per value on the 0-100 scale; a missing value is a space."""
    steps = len(chars)
    out = []
    for value in values:
        if value is None:
            out.append(" ")
        else:
            out.append(chars[min(steps - 1, max(0, int(value * steps / 100)))])
    return "".join(out)


@dataclass(frozen=True)
class Trend:
    """One phase's (or the total's) scores across sessions, oldest → newest."""

    id: str
    series: list[int | None]

    @property
    def recent(self) -> float | None:
        return _mean(self.series[-RECENT:])

    @property
    def change(self) -> float | None:
        earlier = _mean(self.series[:-RECENT])
        recent = self.recent
        if earlier is None or recent is None:
            return None
        return recent - earlier

    @property
    def sparkline(self) -> str:
        return sparkline(self.series)

    def to_json(self) -> dict[str, Any]:
        recent, change = self.recent, self.change
        return {
            "id": self.id,
            "series": list(self.series),
            "recent": None if recent is None else round(recent, 1),
            "change": None if change is None else round(change, 1),
            "sparkline": self.sparkline,
        }


@dataclass(frozen=True)
class Suggestion:
    """The phase to practise next and the scenario that exercises it most."""

    phase: str
    recent: float
    scenario: str | None
    reason: str

    def command(self) -> str | None:
        return None if self.scenario is None else f"mlsd-trainer practice --scenario {self.scenario}"

    def to_json(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "recent": round(self.recent, 1),
            "scenario": self.scenario,
            "reason": self.reason,
            "command": self.command(),
        }


@dataclass(frozen=True)
class Progress:
    session_ids: list[str]  # oldest → newest
    phases: list[Trend]  # framework order
    total: Trend
    weakest: Suggestion | None

    @property
    def sessions(self) -> int:
        return len(self.session_ids)

    def to_json(self) -> dict[str, Any]:
        return {
            "sessions": self.sessions,
            "session_ids": list(self.session_ids),
            "recent_window": RECENT,
            "phases": [t.to_json() for t in self.phases],
            "total": self.total.to_json(),
            "weakest": None if self.weakest is None else self.weakest.to_json(),
        }


def phase_scores(report: ScoreReport) -> dict[str, int]:
    """`{phase id: score}` of one report, in framework order (for `history --json`)."""
    by_id = {p.id: p.score for p in report.phases}
    return {phase.value: by_id[phase.value] for phase in PHASES if phase.value in by_id}


def compute_progress(
    sessions: Sequence[tuple[str, ScoreReport]],
    scenarios: Mapping[str, Scenario] | None = None,
    *,
    last_scenario: str | None = None,
) -> Progress:
    """Trends and the suggestion from finished sessions given **newest first**.

    `scenarios` (id → Scenario, e.g. `load_library().scenarios`) are the candidates for the
    suggestion; without them the weakest phase is still named, with no scenario. `last_scenario`
    is the scenario practised most recently (default: that of the newest finished session).
    """
    ordered = list(reversed(sessions))  # oldest → newest
    reports = [report for _, report in ordered]
    per_session = [phase_scores(r) for r in reports]
    phases = [Trend(phase.value, [scores.get(phase.value) for scores in per_session]) for phase in PHASES]
    total = Trend("total", [r.total for r in reports])

    weakest: Trend | None = None
    for trend in phases:  # framework order: the earlier phase wins a tie
        if trend.recent is not None and (weakest is None or trend.recent < weakest.recent):  # type: ignore[operator]
            weakest = trend
    suggestion = None
    if weakest is not None and weakest.recent is not None:
        if last_scenario is None and sessions:
            last_scenario = sessions[0][1].scenario
        scenario, reason = suggest_scenario(weakest.id, reports, scenarios or {}, last_scenario)
        suggestion = Suggestion(phase=weakest.id, recent=weakest.recent, scenario=scenario, reason=reason)
    return Progress(session_ids=[sid for sid, _ in ordered], phases=phases, total=total, weakest=suggestion)


def suggest_scenario(
    phase: str,
    reports: Sequence[ScoreReport],
    scenarios: Mapping[str, Scenario],
    last_scenario: str | None,
) -> tuple[str | None, str]:
    """`(scenario id, one-line reason)` for practising `phase`; the id is None when there is none."""
    if not scenarios:
        return None, "no scenarios are available"
    covered: dict[str, set[str]] = {}
    practised: dict[str, int] = {}
    for report in reports:
        practised[report.scenario] = practised.get(report.scenario, 0) + 1
        done = covered.setdefault(report.scenario, set())
        for result in report.phases:
            done.update(result.covered)

    rows = []
    for sid in sorted(scenarios):
        items = [i for i in scenarios[sid].items if i.phase.value == phase]
        fresh = [i for i in items if i.id not in covered.get(sid, set())]
        rows.append(
            _Candidate(
                id=sid,
                weight=sum(i.weight for i in items),
                fresh_weight=sum(i.weight for i in fresh),
                fresh_count=len(fresh),
                times=practised.get(sid, 0),
            )
        )
    if len(rows) > 1:
        rows = [r for r in rows if r.id != last_scenario] or rows
    rows.sort(key=lambda r: (-r.fresh_weight, -r.weight, r.times, r.id))
    best = rows[0]
    sid = best.id
    if best.fresh_weight > 0:
        if best.fresh_count >= max(r.fresh_count for r in rows):
            return sid, f"{sid} has the most {phase}-phase items you have not practised"
        return sid, f"{sid} puts the most weight on {phase}-phase items you have not practised"
    if best.weight > 0:
        return sid, f"{sid} has the most {phase}-phase items of its own; aim to argue each one"
    if best.times == 0:
        return sid, f"no scenario has its own {phase} items; you have not tried {sid} yet"
    return sid, f"no scenario has its own {phase} items; {sid} is the one you have practised least"


class _Candidate(NamedTuple):
    """A scenario weighed for practising one phase."""

    id: str
    weight: float
    fresh_weight: float
    fresh_count: int
    times: int


# ---- text ---------------------------------------------------------------------------------


def _fmt_change(change: float | None) -> str:
    if change is None:
        return ""
    value = _round(change)
    return f"{value:+d}"


def _wrap(text: str, width: int, first: str = "", rest: str = "  ") -> list[str]:
    import textwrap

    return textwrap.wrap(
        text, width=width, initial_indent=first, subsequent_indent=rest, break_long_words=False, break_on_hyphens=False
    ) or [first.rstrip()]


def render_progress(progress: Progress, *, ascii_only: bool = False, width: int = WIDTH) -> list[str]:
    """The compact "Progress" block of `history`, one string per line, each at most `width` columns
    (a scenario id longer than the line is the only exception)."""
    chars = ASCII_SPARK_CHARS if ascii_only else SPARK_CHARS
    arrow, dash, ellipsis = ("->", "-", "...") if ascii_only else ("→", "—", "…")
    n = progress.sessions
    if n == 0:
        return ["Progress: no finished sessions yet; end a mock (/end) to see trends per phase."]

    def spark(trend: Trend) -> str:
        line = sparkline(trend.series, chars)
        if len(line) > MAX_SPARK:
            line = ellipsis + line[-(MAX_SPARK - len(ellipsis)) :]
        return line

    trends = [*progress.phases, progress.total]
    label_w = max(len(t.id) for t in trends) + 2
    spark_w = max(5, max(len(spark(t)) for t in trends))
    has_change = any(t.change is not None for t in trends)
    if n == 1:
        title = "Progress: 1 finished session"
    else:
        window = f"mean of last {RECENT}" if n > RECENT else "mean of all"
        title = f"Progress: {n} finished sessions, oldest {arrow} newest (recent = {window})"
    lines = [title]
    header = f"  {'phase':<{label_w}}{'trend':<{spark_w}}  recent"
    lines.append(header + ("  change" if has_change else ""))
    for trend in trends:
        recent = "" if trend.recent is None else str(_round(trend.recent))
        row = f"  {trend.id:<{label_w}}{spark(trend):<{spark_w}}  {recent:>6}"
        if has_change:
            row += f"  {_fmt_change(trend.change):>6}"
        lines.append(row.rstrip())
    weakest = progress.weakest
    if weakest is not None:
        if weakest.scenario is None:
            lines += _wrap(f"Practise next: {weakest.phase} ({weakest.reason})", width)
        else:
            head = f"Practise next: {weakest.phase} {dash} try `{weakest.command()}`"
            whole = f"{head} ({weakest.reason})"
            if len(whole) <= width:
                lines.append(whole)
            else:  # never break inside the command: it is meant to be copied
                if len(head) <= width:
                    lines.append(head)
                else:
                    lines += [f"Practise next: {weakest.phase} {dash} try", f"  `{weakest.command()}`"]
                lines += _wrap(f"({weakest.reason})", width, "  ", "   ")
    return lines
