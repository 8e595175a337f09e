"""The HTML report's inline SVG charts: score per phase, and time per phase against budget.

Separate from the page assembly (`html.py`) because chart geometry (rows, lanes,
percent-of-width coordinates, time-axis ticks) is its own concern and is
easier to read and change without the rest of the page around it. The charts
use no script and no external resource; every label is escaped.
"""

from __future__ import annotations

import math
from html import escape

from trainer.durations import NOT_AVAILABLE, fmt_duration
from trainer.inert import clean
from trainer.reports.html_style import (
    BAR_COLOUR,
    OTHER_COLOUR,
    PHASE_COLOURS,
    TRACK_COLOUR,
)
from trainer.reports.meta import phase_titles
from trainer.reports.timing import Segment
from trainer.scoring.schema import ScoreReport, SessionTiming


def esc(text: object) -> str:
    """Escape any value for HTML or SVG text and attribute values (candidate and mentor text is untrusted)."""
    return escape(clean(str(text)), quote=True)


def _pct(value: float) -> str:
    return f"{max(0.0, min(100.0, value)):.3f}".rstrip("0").rstrip(".") + "%"


def score_chart(report: ScoreReport) -> str:
    """A horizontal bar chart: one `rect.bar` per phase, score 0-100.

    Geometry is in percent of the chart's width and text in pixels, so the
    chart fills any width — desktop or phone — without shrinking its labels.
    """
    row_h, bar_h, label_y, bar_y = 40, 14, 14, 20
    height = row_h * len(report.phases)
    parts = [
        f'<svg class="chart" id="phase-chart" role="img" aria-labelledby="phase-chart-title" width="100%" height="{height}">',
        '<title id="phase-chart-title">Score per phase, 0 to 100</title>',
    ]
    for i, phase in enumerate(report.phases):
        y = i * row_h
        title = esc(f"{phase.title}: {phase.score}/100")
        parts.append(f'<text class="lbl" x="0" y="{y + label_y}">{esc(phase.title)}</text>')
        parts.append(f'<text class="val" x="100%" y="{y + label_y}" text-anchor="end">{phase.score}</text>')
        parts.append(f'<rect class="track" x="0" y="{y + bar_y}" width="100%" height="{bar_h}" rx="3" fill="{TRACK_COLOUR}"/>')
        parts.append(
            f'<rect class="bar" data-phase="{esc(phase.id)}" data-score="{phase.score}" x="0" y="{y + bar_y}" '
            f'width="{_pct(phase.score)}" height="{bar_h}" rx="3" fill="{BAR_COLOUR}"><title>{title}</title></rect>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


MAX_TICKS = 10


def _tick_step(total_seconds: float) -> int:
    """Seconds between axis ticks: a round number of minutes giving at most MAX_TICKS ticks, whatever the span."""
    minutes = total_seconds / 60
    for step in (1, 2, 5, 10, 15, 30, 60):
        if minutes / step <= MAX_TICKS - 1:
            return step * 60
    hours = max(2, math.ceil(minutes / 60 / (MAX_TICKS - 1)))
    return hours * 3600


def timeline_chart(report: ScoreReport, timing: SessionTiming | None, segs: list[Segment]) -> str:
    """Two lanes on one time axis: the planned budget per phase, and where the time actually went."""
    titles = phase_titles(report)
    lane_h = 22
    plan_label_y, plan_y = 13, 19
    act_label_y, act_y = 59, 65
    axis_y = act_y + lane_h + 8
    height = axis_y + 16
    budget = [(pt.phase, pt.budget_seconds) for pt in timing.phases if pt.budget_seconds] if timing else []
    planned = sum(b for _, b in budget)
    actual_end = max((s.end for s in segs), default=0.0)
    span = max(planned, actual_end, 60.0)

    def x(seconds: float) -> str:
        return _pct(seconds / span * 100)

    def w(seconds: float) -> str:
        return _pct(max(seconds / span * 100, 0.15))

    plan_label = f"Planned ({fmt_duration(planned)})" if budget else "Planned"
    act_label = f"Actual ({fmt_duration(timing.total_seconds)})" if timing is not None and timing.available else "Actual"
    parts = [
        f'<svg class="chart timeline" id="timeline" role="img" aria-labelledby="timeline-title" width="100%" height="{height}">',
        '<title id="timeline-title">Time per phase: the planned budget against the time actually spent</title>',
        f'<text class="lbl" x="0" y="{plan_label_y}">{esc(plan_label)}</text>',
        f'<text class="lbl" x="0" y="{act_label_y}">{esc(act_label)}</text>',
    ]
    if budget:
        start = 0.0
        for phase, seconds in budget:
            tip = esc(f"{titles.get(phase, phase)}: budget {fmt_duration(seconds)}")
            parts.append(
                f'<rect class="plan" data-phase="{esc(phase)}" x="{x(start)}" y="{plan_y}" width="{w(seconds)}" height="{lane_h}" '
                f'fill="{PHASE_COLOURS.get(phase, OTHER_COLOUR)}" fill-opacity="0.5" stroke="#fff" stroke-width="1"><title>{tip}</title></rect>'
            )
            start += seconds
    else:
        parts.append(
            f'<rect x="0" y="{plan_y}" width="100%" height="{lane_h}" fill="{TRACK_COLOUR}"/>'
            f'<text class="axis" x="6" y="{plan_y + 15}">{NOT_AVAILABLE}: no scenario budget</text>'
        )
    if segs:
        for seg in segs:
            phase = seg.phase or "other"
            name = titles.get(seg.phase, "no phase") if seg.phase else "no phase"
            tip = esc(f"{name}: {fmt_duration(seg.start)}–{fmt_duration(seg.end)} ({fmt_duration(seg.seconds)})")
            parts.append(
                f'<rect class="seg" data-phase="{esc(phase)}" x="{x(seg.start)}" y="{act_y}" width="{w(seg.seconds)}" height="{lane_h}" '
                f'fill="{PHASE_COLOURS.get(phase, OTHER_COLOUR)}" stroke="#fff" stroke-width="0.75"><title>{tip}</title></rect>'
            )
    else:
        parts.append(
            f'<rect x="0" y="{act_y}" width="100%" height="{lane_h}" fill="{TRACK_COLOUR}"/>'
            f'<text class="axis" x="6" y="{act_y + 15}">{NOT_AVAILABLE}: the transcript has no timestamps</text>'
        )
    parts.append(f'<line x1="0" y1="{axis_y - 4}" x2="100%" y2="{axis_y - 4}" stroke="#c9cfda"/>')
    step = _tick_step(span)
    tick = 0
    while tick <= span + 1e-6:
        anchor = "start" if tick == 0 else ("end" if tick + step > span + 1e-6 and tick / span > 0.97 else "middle")
        parts.append(f'<line x1="{x(tick)}" y1="{axis_y - 7}" x2="{x(tick)}" y2="{axis_y - 1}" stroke="#9aa3b2"/>')
        parts.append(f'<text class="axis" x="{x(tick)}" y="{axis_y + 11}" text-anchor="{anchor}">{tick // 60}′</text>')
        tick += step
    if planned:
        parts.append(
            f'<line class="budget-end" x1="{x(planned)}" y1="{plan_y - 3}" x2="{x(planned)}" y2="{axis_y - 4}" '
            f'stroke="#1f2430" stroke-width="2" stroke-dasharray="4 3"><title>End of the planned time ({esc(fmt_duration(planned))})</title></line>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
