"""A compact terminal summary of a score report."""

from __future__ import annotations

from trainer.inert import clean
from trainer.scoring.schema import IGNORED_REASONS, ScoreReport

BAR_WIDTH = 20


def bar(score: int, width: int = BAR_WIDTH) -> str:
    filled = round(score / 100 * width)
    return "█" * filled + "·" * (width - filled)


def render_text(report: ScoreReport) -> str:
    lines = [
        f"{clean(report.source) or 'transcript'} — scenario {report.scenario}",
        f"Total {report.total}/100 — {report.level_label}   (flow {report.flow.score}/100)",
        "",
    ]
    for phase in report.phases:
        total = len(phase.covered) + len(phase.missing)
        lines.append(f"  {phase.id:<16} {bar(phase.score)} {phase.score:>3}  {len(phase.covered)}/{total} items")
    if report.flow.violations:
        lines += ["", "Flow:"]
        lines += [f"  - {v.message}" + (f" (turn {v.turn})" if v.turn is not None else "") for v in report.flow.violations]
    if report.red_flags:
        lines += ["", "Red flags:"]
        for flag in report.red_flags:
            where = f' — turn {flag.turn}: "{_short(flag.quote)}"' if flag.quote else ""
            lines.append(f"  - [{flag.phase}] {flag.message}{where}")
    gaps = [(p.id, m) for p in report.phases for m in p.missing_detail]
    if gaps:
        lines += ["", "To practise (missing items):"]
        for phase_id, missing in gaps[:12]:
            lines.append(f"  - [{phase_id}] {missing.title}: {missing.probe}")
        if len(gaps) > 12:
            lines.append(f"  … and {len(gaps) - 12} more (use --format md or json for all)")
    if report.ignored:
        reasons = sorted({IGNORED_REASONS[i.reason] for i in report.ignored})
        lines += ["", f"Ignored {len(report.ignored) + report.ignored_omitted} sentence(s) that earn nothing: {'; '.join(reasons)}."]
    return "\n".join(lines)


def _short(text: str | None, limit: int = 90) -> str:
    text = " ".join(clean(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
