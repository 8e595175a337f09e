"""A compact terminal summary of a score report, in English or Russian.

The report is the same either way; a mock held in Russian gets its summary in Russian (the
phase names, the comments the content has in Russian, the questions to practise), so the last
thing a Russian-speaking candidate reads is not the only English screen of the session.
"""

from __future__ import annotations

from trainer.content.models import Phase
from trainer.content.phase_names import PHASE_NAMES
from trainer.inert import clean
from trainer.scoring.schema import IGNORED_REASONS, ScoreReport

BAR_WIDTH = 20

_LEVELS_RU = {"no_hire": "не нанимать", "lean_no_hire": "скорее нет", "lean_hire": "скорее да", "strong_hire": "уверенно нанимать"}
_IGNORED_RU = {
    "instruction_to_grader": "обращено к оценщику",
    "interviewer_echo": "повтор слов интервьюера или фактов",
    "rubric_text": "скопировано из рубрики",
    "template": "одна формулировка вокруг разных терминов",
}
_WORDS = {
    "en": {
        "scenario": "scenario", "total": "Total", "flow": "flow", "items": "items", "turn": "turn", "flow_head": "Flow:",
        "flags": "Red flags:", "practise": "To practise (missing items):", "more": "… and {n} more (use --format md or json for all)",
        "ignored": "Ignored {n} sentence(s) that earn nothing: {reasons}.",
    },
    "ru": {
        "scenario": "сценарий", "total": "Итог", "flow": "порядок", "items": "пунктов", "turn": "реплика", "flow_head": "Порядок ответа:",
        "flags": "Красные флаги:", "practise": "Что потренировать (не прозвучало):",
        "more": "… и ещё {n} (полный список: --format md или json)",
        "ignored": "Не засчитано предложений: {n} — {reasons}.",
    },
}


def bar(score: int, width: int = BAR_WIDTH) -> str:
    filled = round(score / 100 * width)
    return "█" * filled + "·" * (width - filled)


def _phase(phase_id: str, language: str) -> str:
    if language != "ru":
        return phase_id
    try:
        return PHASE_NAMES["ru"][Phase(phase_id)]
    except ValueError:
        return phase_id


def render_text(report: ScoreReport, language: str = "en") -> str:
    ru = language == "ru"
    w = _WORDS["ru" if ru else "en"]
    level = _LEVELS_RU.get(report.level, report.level_label) if ru else report.level_label
    lines = [
        f"{clean(report.source) or 'transcript'} — {w['scenario']} {report.scenario}",
        f"{w['total']} {report.total}/100 — {level}   ({w['flow']} {report.flow.score}/100)",
        "",
    ]
    width = max(16, *(len(_phase(p.id, language)) for p in report.phases)) if report.phases else 16
    for phase in report.phases:
        total = len(phase.covered) + len(phase.missing)
        lines.append(f"  {_phase(phase.id, language):<{width}} {bar(phase.score)} {phase.score:>3}  {len(phase.covered)}/{total} {w['items']}")
    if report.flow.violations:
        lines += ["", w["flow_head"]]
        for v in report.flow.violations:
            message = (v.message_ru or v.message) if ru else v.message
            lines.append(f"  - {message}" + (f" ({w['turn']} {v.turn})" if v.turn is not None else ""))
    if report.red_flags:
        lines += ["", w["flags"]]
        for flag in report.red_flags:
            where = f' — {w["turn"]} {flag.turn}: "{_short(flag.quote)}"' if flag.quote else ""
            message = (flag.message_ru or flag.message) if ru else flag.message
            lines.append(f"  - [{_phase(flag.phase, language)}] {message}{where}")
    gaps = [(p.id, m) for p in report.phases for m in p.missing_detail]
    if gaps:
        lines += ["", w["practise"]]
        for phase_id, missing in gaps[:12]:
            # In Russian the question to practise says it all; the item titles exist in English only.
            said = missing.probe_ru if ru and missing.probe_ru else f"{missing.title}: {missing.probe}"
            lines.append(f"  - [{_phase(phase_id, language)}] {said}")
        if len(gaps) > 12:
            lines.append("  " + w["more"].format(n=len(gaps) - 12))
    if report.ignored:
        names = _IGNORED_RU if ru else IGNORED_REASONS
        reasons = sorted({names[i.reason] for i in report.ignored})
        lines += ["", w["ignored"].format(n=len(report.ignored) + report.ignored_omitted, reasons="; ".join(reasons))]
    return "\n".join(lines)


def _short(text: str | None, limit: int = 90) -> str:
    text = " ".join(clean(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
