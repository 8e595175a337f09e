"""What every export adds to a score report: scenario title, source, time per phase, mentor data.

The exports take the same optional inputs (`ExportArgs`, declared once here
and passed on as keyword arguments). `session_meta` is the one place that turns
them into the `SessionMeta` the JSON export embeds; `export_view` adds the
lookups the Markdown and HTML pages both read. `scenario` may be a `Scenario`
or a `ResolvedScenario`; the mentor's marks and the mock's length default to the
transcript's own (a session file or the store carries them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict, Unpack

from trainer.durations import fmt_duration
from trainer.reports.timing import phase_timing
from trainer.scoring.schema import (
    MentorData,
    PhaseTime,
    ScoreReport,
    SessionMeta,
    SessionTiming,
)
from trainer.session.document import now_iso
from trainer.transcripts import Transcript


def as_mentor(mentor: MentorData | None) -> MentorData | None:
    """None when there are no marks at all, so an export shows no empty mentor section."""
    if mentor is None or not (mentor.ticks or mentor.notes or mentor.grades):
        return None
    return mentor


class ExportArgs(TypedDict, total=False):
    """The optional inputs of every export (keyword arguments of `session_meta` and the renderers)."""

    transcript: Transcript | None  # turn times; the transcript shown in HTML
    scenario: Any  # title and phase budgets
    mentor: MentorData | None  # ticks, notes, grades; default: the transcript's own
    minutes: float | None  # the mock's length, budgets scale to it; default: the transcript's own
    generated_at: str | None  # ISO time; now when not given


def session_meta(report: ScoreReport, **args: Unpack[ExportArgs]) -> SessionMeta | None:
    """The export metadata; the report's own `session` when nothing new is given; None when neither."""
    transcript = args.get("transcript")
    scenario = args.get("scenario")
    mentor = args.get("mentor", transcript.mentor if transcript is not None else None)
    minutes = args.get("minutes", transcript.minutes if transcript is not None else None)
    if transcript is None and scenario is None and mentor is None and minutes is None:
        return report.session
    inner = getattr(scenario, "scenario", scenario)
    previous = report.session
    return SessionMeta(
        scenario_title=getattr(inner, "title", None) or (previous.scenario_title if previous else None),
        source=(transcript.source if transcript is not None else "") or report.source,
        generated_at=args.get("generated_at") or now_iso(),
        minutes=minutes,
        timing=phase_timing(report, transcript, scenario, minutes)
        if transcript is not None or scenario is not None
        else (previous.timing if previous else None),
        mentor=as_mentor(mentor) or (previous.mentor if previous else None),
    )


@dataclass(frozen=True)
class ExportView:
    """The session metadata and the lookups the Markdown and HTML pages both read besides the report."""

    meta: SessionMeta | None
    timing: SessionTiming | None
    mentor: MentorData | None
    grades: dict[str, int]  # the mentor's, phase id -> 1..4; empty without
    item_titles: dict[str, str]
    phase_names: dict[str, str]
    times: dict[str, PhaseTime]  # phase id -> time spent against budget; empty without timing
    title: str  # the scenario's title when known, else its id
    source: str


def export_view(report: ScoreReport, **args: Unpack[ExportArgs]) -> ExportView:
    """`session_meta` plus what a page derives from it: item and phase names, time per phase, the heading."""
    meta = session_meta(report, **args)
    timing = meta.timing if meta else None
    mentor = meta.mentor if meta else None
    return ExportView(
        meta=meta,
        timing=timing,
        mentor=mentor,
        grades=mentor.grades if mentor else {},
        item_titles=item_titles(report, args.get("scenario")),
        phase_names=phase_titles(report),
        times={pt.phase: pt for pt in timing.phases} if timing else {},
        title=meta.scenario_title if meta and meta.scenario_title else report.scenario,
        source=(meta.source if meta else "") or report.source,
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


def fmt_note_time(at: float | None) -> str:
    """A mentor note's time, `m:ss` into the mock; empty when unknown."""
    return "" if at is None else fmt_duration(at)


def phase_titles(report: ScoreReport) -> dict[str, str]:
    return {p.id: p.title for p in report.phases}
