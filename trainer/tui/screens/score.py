"""The score screen: total and level, per-phase bars, evidence, gaps with questions, flow, time."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from trainer import paths
from trainer.content.models import PHASES
from trainer.durations import fmt_duration
from trainer.errors import TrainerError
from trainer.reports.text import bar
from trainer.reports.timing import phase_timing
from trainer.scoring.schema import ScoreReport
from trainer.session.live import LiveSession
from trainer.tui.widgets.key_bar import KeyBar
from trainer.tui.widgets.phase_sidebar import SHORT
from trainer.tui.widgets.phase_sidebar import phase_label as phase_name

_HEADS_EN = {"flow": "Flow", "flags": "Red flags", "covered": "What you covered (evidence)", "missing": "What was missing — practise these questions"}
_HEADS_RU = {"flow": "Порядок ответа", "flags": "Красные флаги", "covered": "Что прозвучало (цитаты)", "missing": "Чего не было — потренируйте эти вопросы"}


def summary_text(report: ScoreReport, live: LiveSession, width: int = 100) -> Text:
    """The score as the screen shows it; the phase table's bars shrink so a row fits `width`."""
    bar_width = max(4, min(20, width - 54))
    ru = live.language == "ru"  # a mock held in Russian: the comments and questions in Russian too
    head = _HEADS_RU if ru else _HEADS_EN
    text = Text()
    text.append(f"Total {report.total}/100 — {report.level_label}\n", style="bold")
    text.append(f"Flow {report.flow.score}/100 · scenario fit {report.scenario_fit}/100\n\n")
    # The same time-per-phase figures as every export of this session (one computation).
    timing = {t.phase: t for t in phase_timing(report, live.transcript(), live.resolved, live.minutes).phases}
    text.append(f"{'phase':<16} {'score':<{bar_width + 6}} {'items':>6}  {'time':>13}  mentor\n", style="bold")
    for phase, result in zip(PHASES, report.phases, strict=True):
        spent, budget = timing[phase.value].spent_seconds, timing[phase.value].budget_seconds
        grade = live.mentor.grades.get(phase.value)
        total = len(result.covered) + len(result.missing)
        text.append(f"{SHORT[phase]:<16} {bar(result.score, bar_width)} {result.score:>3}  {len(result.covered):>2}/{total:<3} ")
        over = spent is not None and budget is not None and spent > budget
        text.append(f"{fmt_duration(spent):>6}/{fmt_duration(budget):<6}", style="red" if over else "")
        text.append(f"  {grade if grade else '–'}\n")
    if report.flow.violations:
        text.append(f"\n{head['flow']}\n", style="bold")
        for v in report.flow.violations:
            text.append(f"  • {(v.message_ru or v.message) if ru else v.message}\n")
    if report.red_flags:
        text.append(f"\n{head['flags']}\n", style="bold red")
        for flag in report.red_flags:
            text.append(f"  • [{phase_name(flag.phase)}] {(flag.message_ru or flag.message) if ru else flag.message}\n")
    items = live.resolved.item_by_id
    if any(result.evidence for result in report.phases):
        text.append(f"\n{head['covered']}\n", style="bold green")
        for result in report.phases:
            for ev in result.evidence:
                title = items[ev.item].title if ev.item in items else ev.item
                text.append(f"  • {phase_name(result.id)} · {title}: ", style="green")
                text.append(f"“{' '.join(ev.quote.split())}”\n")
    if any(result.missing_detail for result in report.phases):
        text.append(f"\n{head['missing']}\n", style="bold yellow")
        for result in report.phases:
            for missing in result.missing_detail:
                text.append(f"  • {phase_name(result.id)} · {missing.title}: ", style="yellow")
                text.append(f"{(missing.probe_ru or missing.probe) if ru else missing.probe}\n")
    if live.mentor.ticks or live.mentor.notes:
        text.append("\nMentor\n", style="bold magenta")
        for item, value in live.mentor.ticks.items():
            text.append(f"  {'☑' if value else '☐'} {items[item].title if item in items else item}\n")
        for note in live.mentor.notes:
            text.append(f"  ✎ [{phase_name(note.phase) if note.phase else '-'}] {note.text}\n")
    return text


class ScoreScreen(Screen):
    BINDINGS = [
        Binding("c", "continue", "Continue"),
        Binding("n", "again", "New mock"),
        Binding("s", "start_screen", "Start screen"),
        Binding("m", "export('md')", "Markdown"),
        Binding("j", "export('json')", "JSON"),
        Binding("h", "export('html')", "HTML"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, report: ScoreReport, live: LiveSession):
        super().__init__()
        self.report = report
        self.live = live

    def compose(self) -> ComposeResult:
        yield Static(f"Score — {self.live.resolved.scenario.title}", id="topbar")
        with VerticalScroll(id="score-body"):
            yield Static(summary_text(self.report, self.live, self.app.size.width - 3), id="score-text")
        yield KeyBar()

    def action_again(self) -> None:
        """n: a new mock of the same scenario with the same settings."""
        from trainer.tui.screens.start import StartChoice

        live = self.live
        choice = StartChoice(
            scenario=live.resolved.id, mentor=live.mode == "mentor", minutes=live.minutes, strictness=live.strictness
        )
        self.app.new_mock(choice)  # type: ignore[attr-defined]

    @work(thread=True, group="store", exit_on_error=False)
    def action_continue(self) -> None:
        """c: back into this mock (ended by mistake, or with more to say); it is scored again at the end."""
        from trainer.tui.screens.start import StartChoice

        live = self.live
        try:
            live.store.reopen(live.id)
        except TrainerError as err:
            self.app.call_from_thread(self.notify, f"Cannot continue: {err}", severity="error", timeout=10, markup=False)
            return
        choice = StartChoice(scenario=None, mentor=live.mode == "mentor", minutes=None, strictness=live.strictness, resume=live.id)
        self.app.call_from_thread(self.app.new_mock, choice)  # type: ignore[attr-defined]

    def action_start_screen(self) -> None:
        """s: back to the start screen, to pick another scenario or resume a session."""
        self.app.back_to_start()  # type: ignore[attr-defined]

    def on_resize(self, event) -> None:
        self.query_one("#score-text", Static).update(summary_text(self.report, self.live, event.size.width - 3))

    @work(thread=True, group="export", exit_on_error=False)
    def action_export(self, fmt: str) -> None:
        try:
            path = export_report(self.report, self.live, fmt)
        except (OSError, TrainerError) as err:
            detail = getattr(err, "strerror", None) or str(err)
            self.app.call_from_thread(
                self.notify, f"The {fmt} report was not written: {detail}. Press the key again to retry.",
                title="Export failed", severity="error", timeout=12, markup=False,
            )
            return
        self.app.call_from_thread(self.notify, f"Saved {path}", title="Exported", timeout=8, markup=False)


def export_report(report: ScoreReport, live: LiveSession, fmt: str, folder: Path | None = None) -> Path:
    """Write the report (with mentor input and the transcript) and return where."""
    from trainer import reports
    from trainer.files import write_atomic

    folder = folder or paths.user_data_dir() / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{live.id}.{fmt}"
    text = reports.render(report, fmt, transcript=live.transcript(), scenario=live.resolved)
    write_atomic(path, text)
    return path
