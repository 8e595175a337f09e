"""Markdown report: pasteable into a chat or a doc.

Summary (total, level, flow), a per-phase table (score, covered/total, time
spent against budget, the mentor's grade when given), strengths with quotes,
gaps with the question to practise, flow violations, red flags, time per
phase, and the mentor's grades, notes and checklist when given.
"""

from __future__ import annotations

from typing import Unpack

from trainer.durations import NOT_AVAILABLE, fmt_delta, fmt_duration
from trainer.inert import clean, md_inline
from trainer.reports.meta import ExportArgs, export_view, fmt_note_time, item_phase
from trainer.scoring.schema import IGNORED_REASONS, ScoreReport


def _quote(text: str) -> str:
    """One line of inert Markdown: no HTML, link, image or emphasis; pipes escaped for tables."""
    return md_inline(text)


def _cell(text: str) -> str:
    return _quote(text)


def _code(text: str) -> str:
    """Inline code: backslashes would show literally there, so only whitespace and backticks are handled."""
    return "`" + " ".join(clean(text).split()).replace("`", "'") + "`"


def render_markdown(report: ScoreReport, **args: Unpack[ExportArgs]) -> str:
    view = export_view(report, **args)
    meta, timing, mentor_data, grades = view.meta, view.timing, view.mentor, view.grades
    titles, phase_names, times = view.item_titles, view.phase_names, view.times

    out = [
        f"# Mock interview feedback — {_quote(view.title)}",
        "",
        (
            f"**Total: {report.total}/100 — {report.level_label}** · flow {report.flow.score}/100 · "
            f"scenario fit {report.scenario_fit}/100"
        ),
        "",
    ]
    candidate_turns = sum(1 for t in report.turns if t.speaker == "candidate")
    facts = [f"Scenario: {_code(report.scenario)}" + (f" — {_quote(meta.scenario_title)}" if meta and meta.scenario_title else "")]
    if view.source:
        facts.append(f"Transcript: {_code(view.source)} · {len(report.turns)} turns, {candidate_turns} by the candidate")
    if timing is not None:
        if timing.available:
            budget = f" of {fmt_duration(timing.budget_seconds)} planned" if timing.budget_seconds is not None else ""
            facts.append(f"Time: {fmt_duration(timing.total_seconds)}{budget}")
        else:
            facts.append(f"Time: {NOT_AVAILABLE} (the transcript has no timestamps)")
    out += [f"- {fact}" for fact in facts]

    header = "| phase | score | covered | time | budget |"
    rule = "|---|---:|---:|---:|---:|"
    if grades:
        header += " mentor |"
        rule += "---:|"
    out += ["", "## Phases", "", header, rule]
    for p in report.phases:
        pt = times.get(p.id)
        spent = fmt_duration(pt.spent_seconds) if pt else NOT_AVAILABLE
        budget = fmt_duration(pt.budget_seconds) if pt else NOT_AVAILABLE
        row = f"| {_cell(p.title)} | {p.score} | {len(p.covered)}/{len(p.covered) + len(p.missing)} | {spent} | {budget} |"
        if grades:
            row += f" {grades[p.id]}/4 |" if p.id in grades else " – |"
        out.append(row)

    strengths = [(p, e) for p in report.phases for e in p.evidence]
    if strengths:
        out += ["", "## Strengths", ""]
        for phase, ev in strengths:
            how = "argued" if ev.depth else "mentioned"
            title = titles.get(ev.item, ev.item)
            out.append(f"- **{_quote(phase.title)}** · {_quote(title)} (turn {ev.turn}, {how}): “{_quote(ev.quote)}”")
    gaps = [(p, m) for p in report.phases for m in p.missing_detail]
    if gaps:
        out += ["", "## Gaps to practise", ""]
        for phase, missing in gaps:
            out.append(f"- **{_quote(phase.title)}** · {_quote(missing.title)} — practise: _{_quote(missing.probe)}_")
    if report.flow.violations:
        out += ["", "## Flow", ""]
        for v in report.flow.violations:
            where = f" (turn {v.turn})" if v.turn is not None else ""
            out.append(f"- {_quote(v.message)}{where}")
    if report.red_flags:
        out += ["", "## Red flags", ""]
        for flag in report.red_flags:
            where = f" (turn {flag.turn})" if flag.turn is not None else ""
            quote = f" — “{_quote(flag.quote)}”" if flag.quote else ""
            out.append(f"- **{_quote(phase_names.get(flag.phase, flag.phase))}**: {_quote(flag.message)}{where}{quote}")

    out += ["", "## Time per phase", ""]
    if timing is None or not timing.available:
        reason = "the transcript has no timestamps" if timing is not None else "no transcript given"
        out.append(f"{NOT_AVAILABLE} — {reason}.")
    else:
        over = [pt for pt in timing.phases if pt.budget_seconds is not None and pt.spent_seconds is not None and pt.spent_seconds > pt.budget_seconds]
        unused = [pt for pt in timing.phases if pt.spent_seconds == 0]
        total = f"Total {fmt_duration(timing.total_seconds)}"
        if timing.budget_seconds is not None:
            total += f" of {fmt_duration(timing.budget_seconds)} planned ({fmt_delta(timing.total_seconds, timing.budget_seconds)})"
        out.append(f"- {total}.")
        if over:
            listed = ", ".join(
                f"{_quote(phase_names.get(pt.phase, pt.phase))} {fmt_duration(pt.spent_seconds)} of {fmt_duration(pt.budget_seconds)} "
                f"({fmt_delta(pt.spent_seconds, pt.budget_seconds)})"
                for pt in over
            )
            out.append(f"- Over budget: {listed}.")
        if unused:
            out.append("- No time spent on: " + ", ".join(_quote(phase_names.get(pt.phase, pt.phase)) for pt in unused) + ".")
        if timing.unattributed_seconds:
            out.append(f"- Not attributed to a phase: {fmt_duration(timing.unattributed_seconds)}.")

    if mentor_data is not None:
        out += ["", "## Mentor", ""]
        if grades:
            graded = ", ".join(f"{_quote(phase_names.get(ph, ph))} {g}/4" for ph, g in _in_phase_order(grades, report))
            out.append(f"- Grades (1–4): {graded}.")
        if mentor_data.notes:
            out += ["", "### Notes", ""]
            for note in mentor_data.notes:
                label = _quote(phase_names.get(note.phase, note.phase)) if note.phase else "general"
                when = _quote(fmt_note_time(note.at) or "")
                out.append(f"- **{label}**" + (f" ({when})" if when else "") + f": {_quote(note.text)}")
        if mentor_data.ticks:
            phases_of = item_phase(report)
            covered = {item for p in report.phases for item in p.covered}
            out += ["", "### Checklist", "", "| item | phase | mentor | engine |", "|---|---|:---:|:---:|"]
            for item, ticked in mentor_data.ticks.items():
                item_phase_id = phases_of.get(item, "")
                out.append(
                    f"| {_cell(titles.get(item, item))} | {_cell(phase_names.get(item_phase_id, item_phase_id))} | "
                    f"{'✓' if ticked else '✗'} | {'✓' if item in covered else '✗'} |"
                )

    if report.ignored:
        out += ["", "## Ignored", ""]
        out += [f"- turn {i.turn}: “{_quote(i.quote)}” ({IGNORED_REASONS[i.reason]}; earns nothing)" for i in report.ignored]
        if report.ignored_omitted:
            out.append(f"- … and {report.ignored_omitted} more")
    return "\n".join(out) + "\n"


def _in_phase_order(grades: dict[str, int], report: ScoreReport) -> list[tuple[str, int]]:
    order = [p.id for p in report.phases]
    return sorted(grades.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]))
