"""Score a transcript against a scenario's rubric: phases, flow, red flags, total and level."""

from __future__ import annotations

from trainer.content.library import ResolvedScenario
from trainer.content.models import PHASES, Phase
from trainer.engine.calibration import CALIBRATION, Calibration
from trainer.engine.classifier import TurnAnalysis, analyse
from trainer.engine.compiled import compile_scenario
from trainer.engine.coverage import ItemCredit, credited_items, said_items
from trainer.engine.flow import flow_score
from trainer.engine.units import quote_window
from trainer.scoring.schema import (
    Evidence,
    IgnoredText,
    MissingItem,
    PhaseResult,
    RedFlagHit,
    ScoreReport,
    TurnLabel,
)
from trainer.transcripts import Speaker, Transcript

# An answer that never talks about this scenario's domain (a search design given for
# spam filtering) keeps at most this share of its content score.
FIT_FLOOR = 0.5
FIT_EXPECTED_SHARE = 0.3
# Talk about a neighbouring problem (harmful-content moderation for spam) counts this much.
RELATED_FIT = 0.8
SUBSTANTIVE_WORDS = 8
MAX_IGNORED = 50


def _red_flags(resolved: ResolvedScenario, turns: list[TurnAnalysis], credits: dict[str, ItemCredit]) -> list[RedFlagHit]:
    """Red flags said about the flagged thing, items explicitly rejected, items missing.

    A said flag fires only in a unit about its phase ("accuracy" in "hand labelling
    for accuracy" is not a metric), not when the same unit excuses it, and never when
    the candidate said the opposite somewhere (`cleared_by` items credited).
    """
    reached = [PHASES.index(t.phase) for t in turns if t.speaker is Speaker.CANDIDATE and t.phase is not None]
    furthest = max(reached, default=-1)
    rejecting: dict[str, list[str]] = {}
    for flag in resolved.red_flags:
        for item in flag.negated_items:
            rejecting.setdefault(item, []).append(flag.id)
    phase_of = {flag.id: flag.phase for flag in resolved.red_flags}
    said = said_items(turns)
    first_hit: dict[str, tuple[int, str]] = {}
    for ta in turns:
        if ta.speaker is not Speaker.CANDIDATE:
            continue
        for sa in ta.sentences:
            if sa.injection or sa.echo is not None or sa.templated:
                continue
            for flag_id, negated in sa.flags:
                about = phase_of.get(flag_id) in (sa.context, sa.phase)
                if about and not negated and flag_id not in sa.unless:
                    first_hit.setdefault(flag_id, (ta.index, quote_window(sa.quote, 0, len(sa.quote), 0, 0)))
            for mention in sa.mentions:
                if mention.negated:
                    for flag_id in rejecting.get(mention.item, ()):
                        first_hit.setdefault(flag_id, (ta.index, quote_window(sa.quote, 0, len(sa.quote), 0, 0)))
    hits: list[RedFlagHit] = []
    for flag in resolved.red_flags:
        if any(item in credits for item in flag.cleared_by):
            continue
        found = first_hit.get(flag.id)
        if found is not None:
            hits.append(RedFlagHit(
                id=flag.id, phase=flag.phase.value, message=flag.message, message_ru=flag.message_ru, penalty=flag.penalty, turn=found[0], quote=found[1],
            ))
        elif flag.missing_items and flag.when_reached is not None:
            # "You moved on without naming a baseline" is false once a baseline was named anywhere,
            # credited there or not ("v0: the current formula = baseline" in the framing answer).
            if furthest >= PHASES.index(flag.when_reached) and not any(i in credits or i in said for i in flag.missing_items):
                hits.append(RedFlagHit(id=flag.id, phase=flag.phase.value, message=flag.message, message_ru=flag.message_ru, penalty=flag.penalty))
    return hits


def _russian(text: str, english: str) -> str | None:
    """The Russian text, or None when the content has none (question_for falls back to English)."""
    return text if text != english else None


def score_transcript(resolved: ResolvedScenario, transcript: Transcript) -> ScoreReport:
    """The full keyword-engine score of one transcript."""
    compiled = compile_scenario(resolved)
    return score_analysed(resolved, transcript, analyse(compiled, transcript))


def score_analysed(
    resolved: ResolvedScenario,
    transcript: Transcript,
    turns: list[TurnAnalysis],
    credits: dict[str, ItemCredit] | None = None,
    calibration: Calibration | None = None,
) -> ScoreReport:
    """Score turns already analysed (the interviewer keeps them as the session grows).

    `credits` replaces the keyword engine's item credits: the LLM judge passes the
    keyword credits plus its verified ones, each labelled with its judge.
    """
    compiled = compile_scenario(resolved)
    if credits is None:
        credits = credited_items(turns)
    flags = _red_flags(resolved, turns, credits)
    flow = flow_score(turns)
    rubric = resolved.rubric

    cal = calibration or CALIBRATION
    phase_results: list[PhaseResult] = []
    weighted_grade = 0.0
    weight_sum = 0.0
    for phase, (coverage, penalty, covered) in phase_coverage(resolved, credits, flags).items():
        items = resolved.items_for(phase)
        score = cal.phase_score(coverage, penalty)
        grade_value = cal.grade_value(score, bool(covered))
        missing = [i for i in items if i.id not in credits]
        phase_results.append(
            PhaseResult(
                id=phase.value,
                title=rubric.phases[phase].title,
                score=int(round(score)),
                grade=cal.grade(score, bool(covered)),
                covered=covered,
                missing=[i.id for i in missing],
                evidence=[
                    Evidence(item=c.item, turn=c.turn, quote=c.quote, depth=c.depth, judge=c.judge)
                    for c in (credits[i] for i in covered)
                ],
                missing_detail=[
                    MissingItem(
                        item=i.id, title=i.title, probe=resolved.question_for(i),
                        probe_ru=_russian(resolved.question_for(i, "ru"), resolved.question_for(i)),
                    )
                    for i in missing
                ],
                turns=[t.index for t in turns if t.speaker is Speaker.CANDIDATE and t.phase is phase],
            )
        )
        phase_weight = rubric.phases[phase].weight
        weighted_grade += phase_weight * grade_value
        weight_sum += phase_weight

    fit = scenario_fit(turns) if compiled.has_domain else 1.0
    total = int(round(cal.total(weighted_grade / weight_sum, fit_factor(fit), flow.score)))
    level = next(lv for lv in reversed(rubric.levels) if total >= lv.min_score)
    ignored_all = [
        (ta.index, sa, reason)
        for ta in turns
        if ta.speaker is Speaker.CANDIDATE
        for sa in ta.sentences
        if (reason := _ignored_reason(sa)) is not None
    ]
    # Bounded: a long templated or pasted answer must not make the report grow with it.
    ignored = [
        IgnoredText(turn=turn, quote=quote_window(sa.quote, 0, len(sa.quote), 0, 0), reason=reason)
        for turn, sa, reason in ignored_all[:MAX_IGNORED]
    ]
    return ScoreReport(
        scenario=resolved.id,
        source=transcript.source,
        total=total,
        level=level.id,
        level_label=level.label,
        flow=flow,
        phases=phase_results,
        red_flags=flags,
        ignored=ignored,
        ignored_omitted=max(0, len(ignored_all) - MAX_IGNORED),
        scenario_fit=int(round(fit * 100)),
        turns=[
            TurnLabel(
                index=ta.index,
                speaker=ta.speaker.value,
                phase=ta.phase.value if ta.phase is not None and ta.speaker is Speaker.CANDIDATE else None,
            )
            for ta in turns
        ],
    )


def phase_coverage(
    resolved: ResolvedScenario, credits: dict[str, ItemCredit], flags: list[RedFlagHit]
) -> dict[Phase, tuple[float, float, list[str]]]:
    """Per phase: the weighted share of credit (0..1), red-flag points, and the items covered."""
    out = {}
    for phase in PHASES:
        items = resolved.items_for(phase)
        possible = sum(i.weight for i in items) or 1.0
        earned = sum(i.weight * credits[i.id].credit for i in items if i.id in credits)
        penalty = sum(f.penalty for f in flags if f.phase == phase.value)
        out[phase] = (earned / possible, penalty, [i.id for i in items if i.id in credits])
    return out


def fit_factor(fit: float) -> float:
    """How much of the content an answer keeps for its scenario fit (0..1)."""
    return FIT_FLOOR + (1 - FIT_FLOOR) * fit


def _ignored_reason(sa) -> str | None:
    if sa.injection:
        return "instruction_to_grader"
    if sa.echo == "rubric":
        return "rubric_text"
    if sa.echo is not None and sa.mentions:
        return "interviewer_echo"
    if sa.templated:
        return "template"
    return None


def scenario_fit(turns: list[TurnAnalysis]) -> float:
    """How much of the candidate's substantive talk is about this scenario's domain, 0..1.

    Graded: a turn about the scenario's own domain counts fully, one about a
    neighbouring problem (its `related_domain` words) counts `RELATED_FIT`.
    """
    substantive = [
        ta
        for ta in turns
        if ta.speaker is Speaker.CANDIDATE and sum(sa.words for sa in ta.sentences) >= SUBSTANTIVE_WORDS
    ]
    if not substantive:
        return 0.0
    own = near = 0
    for ta in substantive:
        kept = [sa for sa in ta.sentences if not sa.injection and sa.echo is None]
        if any(sa.domain for sa in kept):
            own += 1
        elif any(sa.related for sa in kept):
            near += 1
    expected = FIT_EXPECTED_SHARE * len(substantive)
    # An answer about a neighbouring problem fits at most `RELATED_FIT`, however much of it there is.
    return max(min(1.0, own / expected), RELATED_FIT * min(1.0, (own + near) / expected))
