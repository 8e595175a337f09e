"""What every export adds to a score report: scenario title, source, time per phase, mentor data.

`session_meta` builds the `SessionMeta` the JSON export embeds and the
Markdown and HTML exports render. `scenario` may be a `Scenario` or a
`ResolvedScenario`; `mentor` a `MentorData` or the store's plain dict
`{ticks: {item: bool}, notes: [{phase, text, at}], grades: {phase: 1-4}}`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from trainer.reports.timing import fmt_duration, phase_timing
from trainer.score_report import MentorData, ScoreReport, SessionMeta
from trainer.transcripts import Transcript

UNIX_TIME_FLOOR = 100_000_000  # larger `at` values are Unix time, smaller ones seconds into the session


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def as_mentor(mentor: Any) -> MentorData | None:
    """Normalise mentor input; None (or nothing in it) stays None."""
    if mentor is None:
        return None
    if isinstance(mentor, MentorData):
        data = mentor
    else:
        if not isinstance(mentor, dict):  # an object with ticks/notes/grades attributes (the TUI's mentor input)
            mentor = {key: getattr(mentor, key) for key in ("ticks", "notes", "grades") if hasattr(mentor, key)}
        data = MentorData.model_validate(mentor)
    if not (data.ticks or data.notes or data.grades):
        return None
    return data


def session_meta(
    report: ScoreReport,
    *,
    transcript: Transcript | None = None,
    scenario: Any = None,
    mentor: Any = None,
    minutes: float | None = None,
    generated_at: str | None = None,
) -> SessionMeta | None:
    """The export metadata; the report's own `session` when nothing new is given; None when neither."""
    if transcript is None and scenario is None and mentor is None and minutes is None:
        return report.session
    inner = getattr(scenario, "scenario", scenario)
    previous = report.session
    return SessionMeta(
        scenario_title=getattr(inner, "title", None) or (previous.scenario_title if previous else None),
        source=(transcript.source if transcript is not None else "") or report.source,
        generated_at=generated_at or now_iso(),
        minutes=minutes,
        timing=phase_timing(report, transcript, scenario, minutes)
        if transcript is not None or scenario is not None
        else (previous.timing if previous else None),
        mentor=as_mentor(mentor) or (previous.mentor if previous else None),
    )


def item_titles(report: ScoreReport, scenario: Any = None) -> dict[str, str]:
    """Rubric item id -> title, from the resolved scenario when given, else from the report's missing items."""
    titles: dict[str, str] = {}
    for item in getattr(scenario, "items", None) or []:
        titles[item.id] = item.title
    for phase in report.phases:
        for missing in phase.missing_detail:
            titles.setdefault(missing.item, missing.title)
    return titles


def item_phase(report: ScoreReport) -> dict[str, str]:
    """Rubric item id -> phase id, from the report."""
    return {item: p.id for p in report.phases for item in (*p.covered, *p.missing)}


def fmt_note_time(at: float | str | None) -> str:
    """A mentor note's time: `mm:ss` into the session, or the UTC clock time for Unix timestamps."""
    if at is None or at == "":
        return ""
    if isinstance(at, str):
        return at
    if at >= UNIX_TIME_FLOOR:
        return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return fmt_duration(at)


def phase_titles(report: ScoreReport) -> dict[str, str]:
    return {p.id: p.title for p in report.phases}
