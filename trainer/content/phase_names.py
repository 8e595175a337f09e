"""The nine phases' names as the interviewer says them, in both languages.

One table for every line that names a phase in running text — the interviewer's transitions and
steers, the flow comments of a report — so a phase reads the same everywhere ("a inference" and
"offline_metrics" in a Russian sentence were both bugs of text built from ids).
"""

from __future__ import annotations

from trainer.content.models import Phase

PHASE_NAMES: dict[str, dict[Phase, str]] = {
    "en": {
        Phase.CLARIFY: "clarifying the problem",
        Phase.FRAMING: "framing it as an ML task",
        Phase.DATA: "data",
        Phase.TRAINING: "model training",
        Phase.INFERENCE: "inference",
        Phase.OFFLINE_METRICS: "offline evaluation",
        Phase.ONLINE_METRICS: "online evaluation and A/B testing",
        Phase.DEPLOY: "deployment",
        Phase.MONITORING: "monitoring",
    },
    "ru": {
        Phase.CLARIFY: "уточнение задачи",
        Phase.FRAMING: "постановка ML-задачи",
        Phase.DATA: "данные",
        Phase.TRAINING: "обучение модели",
        Phase.INFERENCE: "инференс",
        Phase.OFFLINE_METRICS: "офлайн-оценка",
        Phase.ONLINE_METRICS: "онлайн-оценка и A/B-тесты",
        Phase.DEPLOY: "деплой",
        Phase.MONITORING: "мониторинг",
    },
}
