"""The nine phases of the framework, in order. Kept free of pydantic: the TUI paints with them first."""

from __future__ import annotations

from enum import StrEnum


class Phase(StrEnum):
    """The nine phases of the framework, in the order an interviewer expects them."""

    CLARIFY = "clarify"
    FRAMING = "framing"
    DATA = "data"
    TRAINING = "training"
    INFERENCE = "inference"
    OFFLINE_METRICS = "offline_metrics"
    ONLINE_METRICS = "online_metrics"
    DEPLOY = "deploy"
    MONITORING = "monitoring"


PHASES: list[Phase] = list(Phase)
