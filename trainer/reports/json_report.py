"""JSON report: the versioned score schema plus the export's session metadata.

Every top-level `ScoreReport` field is unchanged; the export adds `session`
(`SessionMeta`): scenario title, source, `generated_at`, the mock's length,
time per phase against budget, and the mentor's ticks, notes and grades when
given. The document validates back into a `ScoreReport`.
"""

from __future__ import annotations

from typing import Unpack

from trainer.reports.meta import ExportArgs, session_meta
from trainer.scoring.schema import ScoreReport


def export_report(report: ScoreReport, **args: Unpack[ExportArgs]) -> ScoreReport:
    """A copy of `report` with `session` filled in (unchanged when there is nothing to add)."""
    meta = session_meta(report, **args)
    return report if meta is report.session else report.model_copy(update={"session": meta})


def render_json(report: ScoreReport, *, indent: int | None = None, **args: Unpack[ExportArgs]) -> str:
    """One JSON document; compact (one line, for JSON Lines) unless `indent` is given.

    Without anything to add (and no `session` on the report) the output is the
    bare score, exactly as before exports existed.
    """
    exported = export_report(report, **args)
    exclude = {"session"} if exported.session is None else None
    return exported.model_dump_json(indent=indent, exclude=exclude)
