"""JSON report: the versioned score schema plus the export's session metadata.

Every top-level `ScoreReport` field is unchanged; the export adds `session`
(`SessionMeta`): scenario title, source, `generated_at`, the mock's length,
time per phase against budget, and the mentor's ticks, notes and grades when
given. The document validates back into a `ScoreReport`.
"""

from __future__ import annotations

from typing import Any

from trainer.reports.meta import session_meta
from trainer.score_report import ScoreReport
from trainer.transcripts import Transcript


def export_report(
    report: ScoreReport,
    *,
    transcript: Transcript | None = None,
    scenario: Any = None,
    mentor: Any = None,
    minutes: float | None = None,
    generated_at: str | None = None,
) -> ScoreReport:
    """A copy of `report` with `session` filled in (unchanged when there is nothing to add)."""
    meta = session_meta(
        report, transcript=transcript, scenario=scenario, mentor=mentor, minutes=minutes, generated_at=generated_at
    )
    return report if meta is report.session else report.model_copy(update={"session": meta})


def render_json(
    report: ScoreReport,
    *,
    transcript: Transcript | None = None,
    scenario: Any = None,
    mentor: Any = None,
    minutes: float | None = None,
    generated_at: str | None = None,
    indent: int | None = None,
) -> str:
    """One JSON document; compact (one line, for JSON Lines) unless `indent` is given.

    Without anything to add (and no `session` on the report) the output is the
    bare score, exactly as before exports existed.
    """
    exported = export_report(
        report, transcript=transcript, scenario=scenario, mentor=mentor, minutes=minutes, generated_at=generated_at
    )
    exclude = {"session"} if exported.session is None else None
    return exported.model_dump_json(indent=indent, exclude=exclude)
