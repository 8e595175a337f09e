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

This module assembles the page: the document shell and its sections. The
charts are in `svg.py`, the palette and the stylesheet in `html_style.py`.
"""

from __future__ import annotations

from typing import Unpack

from trainer import __version__
from trainer.content.models import PHASES
from trainer.durations import NOT_AVAILABLE, fmt_delta, fmt_duration
from trainer.reports.html_style import BAR_COLOUR, css
from trainer.reports.meta import ExportArgs, export_view, fmt_note_time, item_phase
from trainer.reports.svg import esc as _e
from trainer.reports.svg import score_chart, timeline_chart
from trainer.reports.timing import segments
from trainer.scoring.schema import Evidence, MissingItem, ScoreReport
from trainer.transcripts import Speaker

# BAR_COLOUR is re-exported: it was defined here before the palette moved, and the tests read it from here.
__all__ = ["BAR_COLOUR", "render_html"]

FLOW_KINDS = {
    "solution_before_clarify": "solution before clarifying",
    "never_clarified": "never clarified",
    "jump_ahead": "jumped ahead",
    "late_return": "came back late",
    "skipped": "skipped",
}


def _fmt_num(value: float) -> str:
    text = f"{value:.1f}"
    return text.removesuffix(".0")


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


def _evidence_item(ev: Evidence, item_title: str, existing: set[int]) -> str:
    badge = '<span class="badge deep">argued</span>' if ev.depth else '<span class="badge">mentioned</span>'
    return (
        f'<li class="evidence"><strong>{_e(item_title)}</strong> {badge} {_turn_link(ev.turn, existing)}'
        f"<blockquote>{_e(ev.quote)}</blockquote></li>"
    )


def _gap_item(missing: MissingItem) -> str:
    return f'<li class="gap"><strong>{_e(missing.title)}</strong><div class="probe">Practise: <q>{_e(missing.probe)}</q></div></li>'


def _per_phase_section(anchor: str, heading: str, groups: list[tuple[str, list[str]]], empty: str) -> list[str]:
    """A section with a heading and a list per phase that has items (`groups`: phase title, `<li>`s); `empty` when none has."""
    out = [f'<section id="{anchor}"><h2>{heading}</h2>']
    for phase_title, items in groups:
        if items:
            out += [f"<h3>{_e(phase_title)}</h3><ul class=\"items\">", *items, "</ul>"]
    if len(out) == 1:
        out.append(f"<p>{empty}</p>")
    out.append("</section>")
    return out


def render_html(report: ScoreReport, **args: Unpack[ExportArgs]) -> str:
    view = export_view(report, **args)
    meta, timing, mentor_data, grades = view.meta, view.timing, view.mentor, view.grades
    titles, names, times = view.item_titles, view.phase_names, view.times
    title, source = view.title, view.source
    transcript = args.get("transcript")
    existing = {t.index for t in transcript.turns} if transcript is not None else set()
    segs = segments(report, transcript) if transcript is not None else []

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
            overran = [pt for pt in timing.phases if pt.budget_seconds is not None and (pt.spent_seconds or 0) > pt.budget_seconds]
            if overran:
                line += ". Over budget: " + ", ".join(
                    f"{_e(names.get(pt.phase, pt.phase))} ({fmt_delta(pt.spent_seconds, pt.budget_seconds)})" for pt in overran
                )
            if timing.unattributed_seconds:
                line += f". Not attributed to a phase: {fmt_duration(timing.unattributed_seconds)}"
            body.append(f"<p>{line}.</p>")
        else:
            why = "the transcript has no timestamps" if transcript is not None else "no transcript given"
            body.append(f'<p class="na">Time spent: {NOT_AVAILABLE} — {why}.</p>')
    body.append("</section>")

    # ---- strengths
    evidence = [
        (p.title, [_evidence_item(ev, titles.get(ev.item, ev.item), existing) for ev in p.evidence]) for p in report.phases
    ]
    body += _per_phase_section("strengths", "Strengths", evidence, "No rubric item was credited.")

    # ---- gaps
    gaps = [(p.title, [_gap_item(m) for m in p.missing_detail]) for p in report.phases]
    body += _per_phase_section("gaps", "Gaps to practise", gaps, "Nothing missing: every rubric item was covered.")

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
            body.append("<h3>Grades</h3><div class=\"table-wrap\"><table><thead><tr><th>phase</th><th class=\"num\">grade (1–4)</th><th class=\"num\">engine</th></tr></thead><tbody>")  # noqa: E501 — one pattern (or markup string) per line reads better than a split one
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
            body.append("<h3>Checklist</h3><div class=\"table-wrap\"><table><thead><tr><th>item</th><th>phase</th><th class=\"num\">mentor</th><th class=\"num\">engine</th></tr></thead><tbody>")  # noqa: E501 — one pattern (or markup string) per line reads better than a split one
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
        body.append('<section id="ignored"><h2>Ignored</h2><p>Text that earns nothing (addressed to the grader, read back, pasted or templated):</p><ul class="items">')  # noqa: E501 — one pattern (or markup string) per line reads better than a split one
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
            turn_head = [f'<span class="who">{who}</span>', f"<span>#{turn.index}</span>"]
            if turn.at is not None:
                turn_head.append(f"<time>{fmt_duration(turn.at)}</time>")
            turn_phase = labels.get(turn.index)
            if turn_phase:
                turn_head.append(f'<span class="tag ph-{_e(turn_phase)}">{_e(names.get(turn_phase, turn_phase))}</span>')
            body.append(
                f'<li class="turn {turn.speaker.value}" id="turn-{turn.index}"><div class="turn-head">{"".join(turn_head)}</div>'
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
        f"<style>{css()}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )
