"""Report writers: render a `ScoreReport` as terminal text, Markdown or JSON."""

from __future__ import annotations

from trainer.score_report import ScoreReport

FORMATS = ("text", "json", "md")


def render(report: ScoreReport, fmt: str) -> str:
    """Render one report in `fmt` (one of FORMATS)."""
    if fmt == "json":
        return report.model_dump_json()
    if fmt == "md":
        from trainer.reports.markdown import render_markdown

        return render_markdown(report)
    from trainer.reports.text import render_text

    return render_text(report)
