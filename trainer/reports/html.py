"""HTML report: one self-contained file.

No external requests of any kind — inline CSS, inline SVG, the system font
stack, no scripts (a Content-Security-Policy meta tag forbids them and any
fetch). Readable on a desktop and a phone (responsive CSS) and on paper (print
CSS). All candidate and mentor text is escaped: it is untrusted.

Sections: summary; a per-phase SVG bar chart and table; an SVG timeline of
time per phase against budget; strengths with quotes linked to the transcript
turns; gaps with the question to practise; flow violations; red flags; the
mentor's grades, notes and checklist when given; the full transcript, with
each quoted sentence marked.
"""

from __future__ import annotations

from html import escape
from typing import Any

from trainer import __version__
from trainer.content.models import PHASES
from trainer.reports.meta import (
    fmt_note_time,
    item_phase,
    item_titles,
    phase_titles,
    session_meta,
)
from trainer.reports.timing import (
    NOT_AVAILABLE,
    Segment,
    fmt_delta,
    fmt_duration,
    segments,
)
from trainer.score_report import ScoreReport, SessionTiming
from trainer.transcripts import Speaker, Transcript

BAR_COLOUR = "#4338ca"
TRACK_COLOUR = "#e6e9f2"
PHASE_COLOURS = {
    "clarify": "#8e44ad",
    "framing": "#2e86de",
    "data": "#0097a7",
    "training": "#27ae60",
    "inference": "#9acd32",
    "offline_metrics": "#f1c40f",
    "online_metrics": "#e67e22",
    "deploy": "#e74c3c",
    "monitoring": "#e84393",
}
OTHER_COLOUR = "#a0a7b4"
LIGHT_PHASES = ("inference", "offline_metrics")  # dark text on these tags
LEVEL_COLOURS = {"no_hire": "#b42318", "lean_no_hire": "#c4570c", "lean_hire": "#0b7a75", "strong_hire": "#1b7f3b"}
FLOW_KINDS = {
    "solution_before_clarify": "solution before clarifying",
    "never_clarified": "never clarified",
    "jump_ahead": "jumped ahead",
    "late_return": "came back late",
    "skipped": "skipped",
}

CSS = """
:root{--fg:#1f2430;--muted:#5a6272;--bg:#fff;--line:#dde2ea;--card:#f5f7fb;--accent:%(bar)s}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%%;text-size-adjust:100%%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:980px;margin:0 auto;padding:28px 24px 56px}
h1{font-size:1.7rem;line-height:1.25;margin:0 0 .3rem}
h2{font-size:1.25rem;margin:2.2rem 0 .8rem;padding-bottom:.3rem;border-bottom:2px solid var(--line)}
h3{font-size:1.02rem;margin:1.3rem 0 .4rem}
p{margin:.4rem 0}
a{color:var(--accent)}
.sub{color:var(--muted);margin:0;overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em;overflow-wrap:anywhere}
.toc{display:flex;flex-wrap:wrap;gap:.3rem .9rem;margin:1rem 0 0;padding:0;list-style:none;font-size:.92rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:1.2rem 0 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px}
.card .k{font-size:.78rem;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.card .v{font-size:1.7rem;font-weight:700;line-height:1.2}
.card .v small{font-size:.95rem;font-weight:500;color:var(--muted)}
.level{display:inline-block;margin-top:.2rem;padding:1px 10px;border-radius:999px;color:#fff;font-weight:600;font-size:.88rem}
%(levels)s
.chart{display:block;width:100%%;max-width:700px;margin:.6rem 0 1rem;overflow:visible}
.chart text{font-family:inherit;fill:var(--fg)}
.chart .lbl{font-size:13px}
.chart .val{font-size:13px;font-weight:700}
.chart .axis{font-size:11px;fill:var(--muted)}
.timeline{max-width:none}
.chart .lbl{font-size:13.5px}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%%;font-size:.94rem}
th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.over{color:#b42318;font-weight:600}
.na{color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.2rem 0 .6rem;padding:0;list-style:none;font-size:.86rem}
.sw{display:inline-block;width:.85em;height:.85em;border-radius:2px;margin-right:.35em;vertical-align:-.08em}
%(swatches)s
ul.items{padding-left:1.1rem;margin:.3rem 0}
ul.items li{margin:.35rem 0}
blockquote{margin:.25rem 0 .3rem;padding:.3rem .8rem;border-left:4px solid var(--accent);background:var(--card);border-radius:0 6px 6px 0;overflow-wrap:anywhere}
.badge{display:inline-block;font-size:.74rem;padding:0 7px;border-radius:999px;border:1px solid var(--line);color:var(--muted);vertical-align:.1em}
.badge.deep{border-color:#1b7f3b;color:#1b7f3b}
.probe{color:var(--muted)}
.probe q{color:var(--fg);font-style:italic}
.turnlink{font-size:.86rem;white-space:nowrap}
.grade{font-variant-numeric:tabular-nums;white-space:nowrap}
.transcript{list-style:none;margin:0;padding:0}
.turn{margin:10px 0;padding:10px 14px;border:1px solid var(--line);border-radius:10px;scroll-margin-top:12px}
.turn.candidate{background:#f7f8ff}
.turn:target{outline:3px solid var(--accent);outline-offset:1px}
.turn-head{display:flex;flex-wrap:wrap;gap:.2rem .7rem;align-items:baseline;font-size:.86rem;color:var(--muted)}
.turn-head .who{font-weight:700;color:var(--fg)}
.turn-text{margin-top:.25rem;white-space:pre-wrap;overflow-wrap:anywhere}
.tag{display:inline-block;padding:0 8px;border-radius:999px;color:#fff;font-size:.76rem;font-weight:600}
mark{background:#fff1a8;color:inherit;padding:0 1px;border-radius:2px}
mark.flag{background:#ffd9d6}
mark.ignored{background:#e7e9ee;text-decoration:line-through}
footer{margin-top:2.5rem;color:var(--muted);font-size:.82rem;border-top:1px solid var(--line);padding-top:.6rem}
@media (max-width:640px){
  body{font-size:15px}
  main{padding:16px 12px 36px}
  h1{font-size:1.3rem}
  h2{font-size:1.12rem;margin-top:1.8rem}
  .cards{grid-template-columns:repeat(2,minmax(0,1fr));gap:8px}
  .card .v{font-size:1.35rem}
  .narrow-hide{display:none}
  table{font-size:.84rem}
  th{letter-spacing:0;font-size:.68rem}
  th,td{padding:5px 3px}
  td:first-child,th:first-child{padding-left:0}
  .dots{display:none}
}
@media print{
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  body{font-size:10.5pt}
  main{max-width:none;padding:0}
  a{color:inherit;text-decoration:none}
  .toc{display:none}
  h2{break-after:avoid;page-break-after:avoid}
  .card,.turn,li,tr,blockquote,svg{break-inside:avoid;page-break-inside:avoid}
  .turn:target{outline:none}
  #transcript{break-before:page;page-break-before:always}
}
@page{margin:14mm}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _css() -> str:
    levels = "\n".join(f".lv-{k}{{background:{v}}}" for k, v in LEVEL_COLOURS.items())
    swatches = "\n".join(f".ph-{k}{{background:{v}}}" for k, v in PHASE_COLOURS.items()) + f"\n.ph-other{{background:{OTHER_COLOUR}}}"
    swatches += "\n" + ",".join(f".tag.ph-{k}" for k in LIGHT_PHASES) + "{color:#1f2430}"
    return CSS % {"bar": BAR_COLOUR, "levels": levels, "swatches": swatches}


def _fmt_num(value: float) -> str:
    text = f"{value:.1f}"
    return text.removesuffix(".0")


# ---- SVG -----------------------------------------------------------------------------------


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
        title = _e(f"{phase.title}: {phase.score}/100")
        parts.append(f'<text class="lbl" x="0" y="{y + label_y}">{_e(phase.title)}</text>')
        parts.append(f'<text class="val" x="100%" y="{y + label_y}" text-anchor="end">{phase.score}</text>')
        parts.append(f'<rect class="track" x="0" y="{y + bar_y}" width="100%" height="{bar_h}" rx="3" fill="{TRACK_COLOUR}"/>')
        parts.append(
            f'<rect class="bar" data-phase="{_e(phase.id)}" data-score="{phase.score}" x="0" y="{y + bar_y}" '
            f'width="{_pct(phase.score)}" height="{bar_h}" rx="3" fill="{BAR_COLOUR}"><title>{title}</title></rect>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _tick_step(total_seconds: float) -> int:
    minutes = total_seconds / 60
    for step in (1, 2, 5, 10, 15, 30, 60):
        if minutes / step <= 9:
            return step * 60
    return 120 * 60


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
        f'<text class="lbl" x="0" y="{plan_label_y}">{_e(plan_label)}</text>',
        f'<text class="lbl" x="0" y="{act_label_y}">{_e(act_label)}</text>',
    ]
    if budget:
        start = 0.0
        for phase, seconds in budget:
            tip = _e(f"{titles.get(phase, phase)}: budget {fmt_duration(seconds)}")
            parts.append(
                f'<rect class="plan" data-phase="{_e(phase)}" x="{x(start)}" y="{plan_y}" width="{w(seconds)}" height="{lane_h}" '
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
            tip = _e(f"{name}: {fmt_duration(seg.start)}–{fmt_duration(seg.end)} ({fmt_duration(seg.seconds)})")
            parts.append(
                f'<rect class="seg" data-phase="{_e(phase)}" x="{x(seg.start)}" y="{act_y}" width="{w(seg.seconds)}" height="{lane_h}" '
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
            f'stroke="#1f2430" stroke-width="2" stroke-dasharray="4 3"><title>End of the planned time ({_e(fmt_duration(planned))})</title></line>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


# ---- sections ------------------------------------------------------------------------------


def _turn_link(turn: int | None, existing: set[int]) -> str:
    if turn is None:
        return ""
    if turn in existing:
        return f'<a class="turnlink" href="#turn-{turn}">turn {turn}</a>'
    return f'<span class="turnlink">turn {turn}</span>'


def _highlight(text: str, spans: list[tuple[str, str]]) -> str:
    """Escape `text`, wrapping the first occurrence of each (quote, css class) in <mark>."""
    found: list[tuple[int, int, str]] = []
    for quote, cls in spans:
        if not quote:
            continue
        at = text.find(quote)
        if at >= 0:
            found.append((at, at + len(quote), cls))
    found.sort()
    out: list[str] = []
    pos = 0
    for start, end, cls in found:
        if start < pos:
            continue  # overlaps a quote already marked
        out.append(_e(text[pos:start]))
        attr = f' class="{cls}"' if cls else ""
        out.append(f"<mark{attr}>{_e(text[start:end])}</mark>")
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out)


_NA = f'<span class="na">{NOT_AVAILABLE}</span>'


def _time_cell(seconds: float | None) -> str:
    return _NA if seconds is None else fmt_duration(seconds)


def _grade(value: int) -> str:
    return f'<span class="grade" aria-label="{value} of 4"><span class="dots">{"●" * value}{"○" * (4 - value)} </span>{value}/4</span>'


def render_html(
    report: ScoreReport,
    *,
    transcript: Transcript | None = None,
    scenario: Any = None,
    mentor: Any = None,
    minutes: float | None = None,
) -> str:
    meta = session_meta(report, transcript=transcript, scenario=scenario, mentor=mentor, minutes=minutes)
    timing = meta.timing if meta else None
    mentor_data = meta.mentor if meta else None
    grades = mentor_data.grades if mentor_data else {}
    titles = item_titles(report, scenario)
    names = phase_titles(report)
    times = {pt.phase: pt for pt in timing.phases} if timing else {}
    existing = {t.index for t in transcript.turns} if transcript is not None else set()
    segs = segments(report, transcript) if transcript is not None else []
    title = (meta.scenario_title if meta and meta.scenario_title else None) or report.scenario
    source = (meta.source if meta else "") or report.source

    body: list[str] = []
    # ---- header
    body.append("<header>")
    body.append(f"<h1>Mock interview feedback — {_e(title)}</h1>")
    sub = [f"Scenario <code>{_e(report.scenario)}</code>"]
    if source:
        sub.append(f"transcript <code>{_e(source)}</code>")
    body.append(f'<p class="sub">{" · ".join(sub)}</p>')
    total_time = NOT_AVAILABLE
    if timing is not None and timing.available:
        total_time = fmt_duration(timing.total_seconds)
        if timing.budget_seconds is not None:
            total_time += f" <small>of {fmt_duration(timing.budget_seconds)}</small>"
    body.append('<div class="cards">')
    body.append(
        f'<div class="card"><div class="k">Total</div><div class="v" id="total">{report.total}<small>/100</small></div>'
        f'<span class="level lv-{_e(report.level)}">{_e(report.level_label)}</span></div>'
    )
    body.append(f'<div class="card"><div class="k">Flow</div><div class="v">{report.flow.score}<small>/100</small></div></div>')
    body.append(f'<div class="card"><div class="k">Scenario fit</div><div class="v">{report.scenario_fit}<small>/100</small></div></div>')
    body.append(f'<div class="card"><div class="k">Time</div><div class="v">{total_time}</div></div>')
    body.append("</div>")
    toc = [("phases", "Phases"), ("time", "Time"), ("strengths", "Strengths"), ("gaps", "Gaps"), ("flow", "Flow"), ("red-flags", "Red flags")]
    if mentor_data is not None:
        toc.append(("mentor", "Mentor"))
    if transcript is not None:
        toc.append(("transcript", "Transcript"))
    body.append('<nav><ul class="toc">' + "".join(f'<li><a href="#{a}">{t}</a></li>' for a, t in toc) + "</ul></nav>")
    body.append("</header>")

    # ---- phases
    body.append('<section id="phases"><h2>Phases</h2>')
    body.append(score_chart(report))
    head = '<tr><th>phase</th><th class="num">score</th><th class="num">items</th><th class="num">time</th><th class="num">budget</th>'
    head += '<th class="num narrow-hide">±</th>' + ('<th class="num">mentor</th>' if grades else "") + "</tr>"
    rows = []
    for p in report.phases:
        pt = times.get(p.id)
        spent = pt.spent_seconds if pt else None
        budget = pt.budget_seconds if pt else None
        over = spent is not None and budget is not None and spent > budget
        cls = ' class="num over"' if over else ' class="num"'
        delta = fmt_delta(spent, budget)
        row = (
            f'<tr id="phase-{_e(p.id)}"><td>{_e(p.title)}</td><td class="num">{p.score}</td>'
            f'<td class="num">{len(p.covered)}/{len(p.covered) + len(p.missing)}</td>'
            f"<td{cls}>{_time_cell(spent)}</td><td class=\"num\">{_time_cell(budget)}</td>"
            f'<td class="num narrow-hide{" over" if over else ""}">{_NA if delta == NOT_AVAILABLE else delta}</td>'
        )
        if grades:
            row += f'<td class="num">{_grade(grades[p.id]) if p.id in grades else "–"}</td>'
        rows.append(row + "</tr>")
    body.append(f'<div class="table-wrap"><table><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>')
    body.append("</section>")

    # ---- time
    body.append('<section id="time"><h2>Time per phase</h2>')
    if timing is None and not segs:
        body.append(f"<p>{NOT_AVAILABLE} — no transcript or scenario given.</p>")
    else:
        body.append(timeline_chart(report, timing, segs))
        legend = "".join(
            f'<li><span class="sw ph-{p.value}"></span>{_e(names.get(p.value, p.value))}</li>' for p in PHASES
        )
        if any(s.phase is None for s in segs):
            legend += '<li><span class="sw ph-other"></span>no phase</li>'
        body.append(f'<ul class="legend">{legend}</ul>')
        if timing is not None and timing.available:
            line = f"Total {fmt_duration(timing.total_seconds)}"
            if timing.budget_seconds is not None:
                line += f" of {fmt_duration(timing.budget_seconds)} planned ({fmt_delta(timing.total_seconds, timing.budget_seconds)})"
            over = [pt for pt in timing.phases if pt.budget_seconds is not None and (pt.spent_seconds or 0) > pt.budget_seconds]
            if over:
                line += ". Over budget: " + ", ".join(
                    f"{_e(names.get(pt.phase, pt.phase))} ({fmt_delta(pt.spent_seconds, pt.budget_seconds)})" for pt in over
                )
            if timing.unattributed_seconds:
                line += f". Not attributed to a phase: {fmt_duration(timing.unattributed_seconds)}"
            body.append(f"<p>{line}.</p>")
        else:
            why = "the transcript has no timestamps" if transcript is not None else "no transcript given"
            body.append(f'<p class="na">Time spent: {NOT_AVAILABLE} — {why}.</p>')
    body.append("</section>")

    # ---- strengths
    body.append('<section id="strengths"><h2>Strengths</h2>')
    any_evidence = False
    for p in report.phases:
        if not p.evidence:
            continue
        any_evidence = True
        body.append(f"<h3>{_e(p.title)}</h3><ul class=\"items\">")
        for ev in p.evidence:
            badge = '<span class="badge deep">argued</span>' if ev.depth else '<span class="badge">mentioned</span>'
            body.append(
                f'<li class="evidence"><strong>{_e(titles.get(ev.item, ev.item))}</strong> {badge} {_turn_link(ev.turn, existing)}'
                f"<blockquote>{_e(ev.quote)}</blockquote></li>"
            )
        body.append("</ul>")
    if not any_evidence:
        body.append("<p>No rubric item was credited.</p>")
    body.append("</section>")

    # ---- gaps
    body.append('<section id="gaps"><h2>Gaps to practise</h2>')
    any_gap = False
    for p in report.phases:
        if not p.missing_detail:
            continue
        any_gap = True
        body.append(f"<h3>{_e(p.title)}</h3><ul class=\"items\">")
        for m in p.missing_detail:
            body.append(f'<li class="gap"><strong>{_e(m.title)}</strong><div class="probe">Practise: <q>{_e(m.probe)}</q></div></li>')
        body.append("</ul>")
    if not any_gap:
        body.append("<p>Nothing missing: every rubric item was covered.</p>")
    body.append("</section>")

    # ---- flow
    body.append(f'<section id="flow"><h2>Flow <small class="na">{report.flow.score}/100</small></h2>')
    if report.flow.violations:
        body.append('<ul class="items">')
        for v in report.flow.violations:
            body.append(
                f'<li class="violation"><span class="badge">{_e(FLOW_KINDS.get(v.kind, v.kind))}</span> {_e(v.message)} {_turn_link(v.turn, existing)}</li>'
            )
        body.append("</ul>")
    else:
        body.append("<p>No flow violations: the interview followed the framework order.</p>")
    if report.flow.order:
        body.append("<p class=\"na\">Order reached: " + " → ".join(_e(names.get(o, o)) for o in report.flow.order) + "</p>")
    body.append("</section>")

    # ---- red flags
    body.append('<section id="red-flags"><h2>Red flags</h2>')
    if report.red_flags:
        body.append('<ul class="items">')
        for flag in report.red_flags:
            quote = f"<blockquote>{_e(flag.quote)}</blockquote>" if flag.quote else ""
            body.append(
                f'<li class="red-flag"><strong>{_e(names.get(flag.phase, flag.phase))}</strong>: {_e(flag.message)} '
                f'<span class="badge">−{_fmt_num(flag.penalty)}</span> {_turn_link(flag.turn, existing)}{quote}</li>'
            )
        body.append("</ul>")
    else:
        body.append("<p>None.</p>")
    body.append("</section>")

    # ---- mentor
    if mentor_data is not None:
        body.append('<section id="mentor"><h2>Mentor</h2>')
        if grades:
            body.append("<h3>Grades</h3><div class=\"table-wrap\"><table><thead><tr><th>phase</th><th class=\"num\">grade (1–4)</th><th class=\"num\">engine</th></tr></thead><tbody>")
            scores = {p.id: p.score for p in report.phases}
            order = [p.id for p in report.phases]
            for phase, value in sorted(grades.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)):
                body.append(
                    f"<tr><td>{_e(names.get(phase, phase))}</td><td class=\"num\">{_grade(value)}</td>"
                    f"<td class=\"num\">{scores.get(phase, '–')}</td></tr>"
                )
            body.append("</tbody></table></div>")
        if mentor_data.notes:
            body.append('<h3>Notes</h3><ul class="items">')
            for note in mentor_data.notes:
                label = _e(names.get(note.phase, note.phase)) if note.phase else "general"
                when = fmt_note_time(note.at)
                when_html = f' <span class="na">{_e(when)}</span>' if when else ""
                body.append(f'<li class="note"><strong>{label}</strong>{when_html}<blockquote>{_e(note.text)}</blockquote></li>')
            body.append("</ul>")
        if mentor_data.ticks:
            phases_of = item_phase(report)
            covered = {item for p in report.phases for item in p.covered}
            body.append("<h3>Checklist</h3><div class=\"table-wrap\"><table><thead><tr><th>item</th><th>phase</th><th class=\"num\">mentor</th><th class=\"num\">engine</th></tr></thead><tbody>")
            for item, ticked in mentor_data.ticks.items():
                phase = phases_of.get(item, "")
                body.append(
                    f"<tr><td>{_e(titles.get(item, item))}</td><td>{_e(names.get(phase, phase))}</td>"
                    f"<td class=\"num\">{'✓' if ticked else '✗'}</td><td class=\"num\">{'✓' if item in covered else '✗'}</td></tr>"
                )
            body.append("</tbody></table></div>")
        body.append("</section>")

    # ---- ignored
    if report.ignored:
        body.append('<section id="ignored"><h2>Ignored</h2><p>Sentences addressed to the grader earn nothing:</p><ul class="items">')
        for ig in report.ignored:
            body.append(f"<li>{_turn_link(ig.turn, existing)}<blockquote>{_e(ig.quote)}</blockquote></li>")
        body.append("</ul></section>")

    # ---- transcript
    if transcript is not None:
        labels = {t.index: t.phase for t in report.turns}
        marks: dict[int, list[tuple[str, str]]] = {}
        for p in report.phases:
            for ev in p.evidence:
                marks.setdefault(ev.turn, []).append((ev.quote, ""))
        for flag in report.red_flags:
            if flag.turn is not None and flag.quote:
                marks.setdefault(flag.turn, []).append((flag.quote, "flag"))
        for ig in report.ignored:
            marks.setdefault(ig.turn, []).append((ig.quote, "ignored"))
        body.append('<section id="transcript"><h2>Transcript</h2><ol class="transcript">')
        for turn in transcript.turns:
            who = "Candidate" if turn.speaker is Speaker.CANDIDATE else "Interviewer"
            head = [f'<span class="who">{who}</span>', f"<span>#{turn.index}</span>"]
            if turn.at is not None:
                head.append(f"<time>{fmt_duration(turn.at)}</time>")
            phase = labels.get(turn.index)
            if phase:
                head.append(f'<span class="tag ph-{_e(phase)}">{_e(names.get(phase, phase))}</span>')
            body.append(
                f'<li class="turn {turn.speaker.value}" id="turn-{turn.index}"><div class="turn-head">{"".join(head)}</div>'
                f'<div class="turn-text">{_highlight(turn.text, marks.get(turn.index, []))}</div></li>'
            )
        body.append("</ol></section>")

    generated = meta.generated_at if meta else ""
    body.append(
        f"<footer>mlsd-trainer {_e(__version__)} · offline report · score schema v{report.schema_version}"
        + (f" · generated {_e(generated)}" if generated else "")
        + "</footer>"
    )

    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        '<meta name="color-scheme" content="light">\n'
        f"<title>{_e(title)} — {report.total}/100 — mlsd-trainer</title>\n"
        f"<style>{_css()}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )
