"""The sidebar: the nine phases with coverage and order marks, and the clocks."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from trainer.content.phases import PHASES, Phase
from trainer.durations import fmt_duration

SHORT = {
    Phase.CLARIFY: "Clarify",
    Phase.FRAMING: "Framing",
    Phase.DATA: "Data",
    Phase.TRAINING: "Training",
    Phase.INFERENCE: "Inference",
    Phase.OFFLINE_METRICS: "Offline metrics",
    Phase.ONLINE_METRICS: "Online / A/B",
    Phase.DEPLOY: "Deploy",
    Phase.MONITORING: "Monitoring",
}


def phase_label(phase_id: str | None) -> str:
    """The phase as people read it ("Offline metrics"), for any id a session or report holds."""
    return next((SHORT[p] for p in PHASES if p.value == phase_id), phase_id or "–")


def clock(seconds: float) -> str:
    """A running clock: whole seconds, never negative, in the reports' m:ss form."""
    return fmt_duration(max(0, int(seconds)))


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


class PhaseSidebar(Static):
    """Marks by glyph, never by colour alone: ▶ the current phase, ✓ something in it covered,
    · visited with nothing covered yet; ↯ reached out of order, ⤼ skipped. Under the current
    phase, its items: what the interviewer has heard so far (✓) and what is still open (○)."""

    def render_state(
        self,
        current: Phase,
        coverage: dict[Phase, tuple[int, int]],
        visited: list[Phase],
        out_of_order: set[Phase],
        skipped: set[Phase],
        elapsed: float,
        total: float,
        phase_spent: float,
        phase_budget: float,
        paused: bool,
        items: tuple[tuple[str, str, bool], ...] = (),
    ) -> None:
        text = Text()
        width = max(12, (self.size.width or 25) - 2)
        for phase in PHASES:
            covered, count = coverage[phase]
            mark = "▶" if phase == current else ("✓" if covered else ("·" if phase in visited else " "))
            flag = " ↯" if phase in out_of_order else (" ⤼" if phase in skipped else "")
            style = "bold reverse" if phase == current else ("" if phase in visited else "dim")
            text.append(f"{mark} {SHORT[phase]:<15}{covered:>2}/{count:<2}{flag}\n", style=style)
            if phase == current:
                for _, title, heard in items:
                    text.append(f"   {'✓' if heard else '○'} {_fit(title, width - 5)}\n", style="green" if heard else "dim")
        text.append("\n")
        over_total = elapsed > total
        over_phase = phase_spent > phase_budget
        text.append("Mock  ", style="bold")
        text.append(f"{clock(elapsed)} / {clock(total)}\n", style="bold red" if over_total else "green")
        text.append("Phase ", style="bold")
        phase_style = "bold red" if over_phase else ("yellow" if phase_spent > 0.8 * phase_budget else "green")
        text.append(f"{clock(phase_spent)} / {clock(phase_budget)}\n", style=phase_style)
        if paused:
            text.append("⏸ paused\n", style="bold yellow")
        self.update(text)
