"""Markdown report: pasteable into a chat or a doc."""

from __future__ import annotations

from trainer.score_report import ScoreReport


def _quote(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render_markdown(report: ScoreReport) -> str:
    out = [
        f"# Mock interview feedback — {report.scenario}",
        "",
        f"**Total: {report.total}/100 — {report.level_label}** · flow {report.flow.score}/100",
        "",
        "| phase | score | covered |",
        "|---|---:|---:|",
    ]
    for p in report.phases:
        out.append(f"| {p.title} | {p.score} | {len(p.covered)}/{len(p.covered) + len(p.missing)} |")
    strengths = [(p, e) for p in report.phases for e in p.evidence]
    if strengths:
        out += ["", "## Strengths", ""]
        for phase, ev in strengths:
            out.append(f"- **{phase.title}** · `{ev.item}` (turn {ev.turn}): “{_quote(ev.quote)}”")
    gaps = [(p, m) for p in report.phases for m in p.missing_detail]
    if gaps:
        out += ["", "## Gaps to practise", ""]
        for phase, missing in gaps:
            out.append(f"- **{phase.title}** · {missing.title} — practise: _{missing.probe}_")
    if report.flow.violations:
        out += ["", "## Flow", ""]
        out += [f"- {v.message}" for v in report.flow.violations]
    if report.red_flags:
        out += ["", "## Red flags", ""]
        for flag in report.red_flags:
            quote = f" — “{_quote(flag.quote)}”" if flag.quote else ""
            out.append(f"- **{flag.phase}**: {flag.message}{quote}")
    if report.ignored:
        out += ["", "## Ignored", ""]
        out += [f"- turn {i.turn}: “{_quote(i.quote)}” (addressed to the grader; earns nothing)" for i in report.ignored]
    return "\n".join(out) + "\n"
