"""Scoring with the judges the settings ask for: the keyword engine, plus the LLM when enabled.

The LLM judge can only add verified credit; when it is unreachable or misbehaves
the keyword report stands, and the caller gets a one-line reason to show.
"""

from __future__ import annotations

from collections.abc import Callable

from trainer.content.library import ResolvedScenario
from trainer.engine.classifier import analyse
from trainer.engine.compiled import compile_scenario
from trainer.engine.scorer import score_analysed
from trainer.scoring.schema import ScoreReport
from trainer.transcripts import Transcript


def judged_score(
    resolved: ResolvedScenario,
    transcript: Transcript,
    settings=None,
    warn: Callable[[str], None] | None = None,
) -> ScoreReport:
    """The keyword score, blended with the LLM judge's verified credit when enabled.

    The transcript is analysed once; the keyword score, the judge's quote checks and the blend
    all read the same analysis.
    """
    analyses = analyse(compile_scenario(resolved), transcript)
    report = score_analysed(resolved, transcript, analyses)
    if settings is None or not settings.llm_enabled:
        return report
    from trainer.llm.client import LLMUnavailable
    from trainer.llm.judge import blend, judge_transcript

    try:
        judged = judge_transcript(settings, resolved, transcript, report, analyses=analyses)
        return blend(report, judged, resolved, transcript, analyses)
    except LLMUnavailable as err:
        if warn is not None:
            warn(f"LLM judge unavailable ({err.reason}); scored with the keyword engine only")
        return report
