"""Report writers: render a `ScoreReport` as terminal text, Markdown, HTML or JSON.

`render(report, fmt)` is what the CLI, the chat and the TUI call. The keyword
arguments are optional and used by the exports (Markdown, HTML, JSON):
`transcript` (turn times, the transcript shown in HTML), `scenario` (a
`Scenario` or `ResolvedScenario`: title and phase budgets). The mock's length
and the mentor's marks travel on the transcript (a session file, the store or the
live session fills them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trainer.scoring.schema import ScoreReport
from trainer.transcripts import Transcript

if TYPE_CHECKING:
    from trainer.reports.meta import ExportArgs

FORMATS = ("text", "json", "md", "html")
EXTENSIONS = {"text": ".txt", "json": ".json", "md": ".md", "html": ".html"}


def render(
    report: ScoreReport,
    fmt: str,
    *,
    transcript: Transcript | None = None,
    scenario: Any = None,
    indent: int | None = None,
) -> str:
    """Render one report in `fmt` (one of FORMATS); `text` ignores the keyword arguments."""
    extras: ExportArgs = {"transcript": transcript, "scenario": scenario}
    if fmt == "json":
        from trainer.reports.json_report import render_json

        return render_json(report, indent=indent, **extras)
    if fmt == "md":
        from trainer.reports.markdown import render_markdown

        return render_markdown(report, **extras)
    if fmt == "html":
        from trainer.reports.html import render_html

        return render_html(report, **extras)
    if fmt != "text":
        raise ValueError(f"unknown report format {fmt!r}; one of {', '.join(FORMATS)}")
    from trainer.reports.text import render_text

    return render_text(report)
