"""The start screen: pick a scenario, then solo or mentor, time limit, strictness; or resume a session.

Top to bottom, from the keyboard: Enter on a scenario moves to the options, ctrl+s (or the
Start button) starts. Recent sessions with at least one answer can be resumed (Enter) or
deleted (Delete, confirmed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from trainer.session.modes import STRICTNESS
from trainer.tui.widgets.key_bar import KeyBar
from trainer.tui.widgets.toggles import OneOf

MIN_MINUTES, MAX_MINUTES = 1, 180


@dataclass
class StartChoice:
    scenario: str | None
    mentor: bool
    minutes: float | None
    strictness: str
    resume: str | None = None


class StartScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "start", "Start", priority=True),
        Binding("delete", "delete_recent", "Delete session"),
        Binding("q", "app.quit", "Quit"),
    ]

    @dataclass
    class Chosen(Message):
        choice: StartChoice

    def __init__(self, llm_status: str = "offline (keyword engine)"):
        super().__init__()
        self.llm_status = llm_status
        self.scenarios: list = []
        self.recent_modes: dict[str, str] = {}
        self.recent: list = []

    def compose(self) -> ComposeResult:
        yield Static("mlsd-trainer — ML system design mock interviews", id="topbar")
        with Horizontal(id="start-body"):
            with Vertical(id="start-left"):
                yield Label("Scenario", classes="section")
                yield OptionList(id="scenarios")
                yield Label("Unfinished sessions", classes="section")
                yield OptionList(id="recent")
            with VerticalScroll(id="start-right", can_focus=False):
                yield Label("Mode", classes="section")
                yield OneOf([("solo", "Solo practice"), ("mentor", "Mentor-run mock")], "solo", id="mode")
                yield Label("Minutes", classes="section", id="minutes-label")  # says what is wrong with the number
                yield Input("45", id="minutes", type="number", compact=True)
                yield Label("Strictness", classes="section")
                yield OneOf([(value, value) for value in STRICTNESS], "nudge", id="strictness")
                yield Label(f"LLM: {self.llm_status}", id="llm-status")
                yield Button("Start (ctrl+s)", id="start", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.query_one("#minutes", Input).cursor_blink = False
        self.query_one("#scenarios", OptionList).focus()
        from trainer.content.index import previews

        # Without user content the bundled files' previews (read in a few ms) list the scenarios in
        # the first paint; the library loads and validates behind the filled screen.
        quick = previews()
        if quick is not None:
            self._fill_scenarios(quick)
        self.call_after_refresh(self._painted, listed=quick is not None)

    def _painted(self, listed: bool) -> None:
        """The screen is on the terminal: now fill the rest (a worker started earlier would race the paint)."""
        self.app.mark_painted("painted")  # type: ignore[attr-defined]
        self.load_lists(listed)

    @work(thread=True, exit_on_error=False)
    def load_lists(self, listed: bool) -> None:
        """Fill what the first paint could not: the scenarios from the library when there is user
        content (it must be validated first), the unfinished sessions from the store."""
        if not listed:
            library = self.app.library()  # type: ignore[attr-defined]
            self.app.call_from_thread(self._fill_scenarios, [library.scenarios[i] for i in library.scenario_ids()])
        recent = []
        try:
            from trainer.session.store import SessionStore

            # Resumable: not ended, and at least one answer (an abandoned start is not a session to go back to).
            recent = [s for s in SessionStore().list(limit=50) if not s.ended and s.candidate_turns > 0][:8]
        except Exception as err:  # noqa: BLE001 — a broken store must not keep the start screen from working
            self.app.call_from_thread(self.notify, f"Sessions unavailable: {err}", severity="warning", markup=False)
        self.app.call_from_thread(self._fill_recent, recent)
        self.app.library()  # type: ignore[attr-defined]  # load and validate now, so starting a mock is quick

    def _fill_scenarios(self, scenarios: list) -> None:
        self.scenarios = scenarios
        options = self.query_one("#scenarios", OptionList)
        options.add_options(
            [Option(f"{scenario.title}\n  {scenario.minutes:.0f} min · {scenario.summary}", id=scenario.id) for scenario in scenarios]
        )
        if scenarios:
            options.highlighted = 0
        self.call_after_refresh(self.app.mark_painted, "ready")  # type: ignore[attr-defined]

    def _fill_recent(self, recent: list) -> None:
        self.recent = recent
        self.recent_modes = {s.id: s.mode for s in recent}
        titles = {scenario.id: scenario.title for scenario in self.scenarios}
        recent_list = self.query_one("#recent", OptionList)
        recent_list.clear_options()
        for s in recent:
            recent_list.add_option(Option(recent_line(s, titles.get(s.scenario, s.scenario)), id=s.id))
        if recent:
            recent_list.highlighted = 0  # Enter resumes from the first Tab, without pressing Down first
        else:
            recent_list.add_option(Option("none", disabled=True))

    def _choice(self, resume: str | None = None) -> StartChoice | None:
        """The settings as chosen; None (with the reason shown by the field) when minutes are invalid."""
        options = self.query_one("#scenarios", OptionList)
        scenario = None
        if options.highlighted is not None and self.scenarios:
            scenario = options.get_option_at_index(options.highlighted).id
        minutes: float | None = None
        label = self.query_one("#minutes-label", Label)
        if resume is None:
            field = self.query_one("#minutes", Input)
            try:
                minutes = float(field.value)
            except ValueError:
                minutes = -1.0
            if not MIN_MINUTES <= minutes <= MAX_MINUTES:
                label.update(f"Minutes: a number from {MIN_MINUTES} to {MAX_MINUTES}")
                label.add_class("error")
                field.focus()
                return None
        label.update("Minutes")
        label.remove_class("error")
        mentor = self.query_one("#mode", OneOf).value == "mentor"
        strictness = self.query_one("#strictness", OneOf).value
        return StartChoice(scenario=scenario, mentor=mentor, minutes=minutes, strictness=strictness, resume=resume)

    def action_start(self) -> None:
        choice = self._choice()
        if choice is not None and choice.scenario:
            self.post_message(self.Chosen(choice))

    @on(Button.Pressed, "#start")
    def start_pressed(self) -> None:
        self.action_start()

    @on(OptionList.OptionSelected, "#scenarios")
    def scenario_selected(self) -> None:
        """Enter on a scenario: on to the options (mode, minutes, strictness); ctrl+s starts."""
        self.query_one("#mode", OneOf).focus()

    @on(Input.Submitted, "#minutes")
    def minutes_submitted(self) -> None:
        self.action_start()

    def action_delete_recent(self) -> None:
        """Delete: the highlighted unfinished session, after a confirmation."""
        recent_list = self.query_one("#recent", OptionList)
        if not recent_list.has_focus or recent_list.highlighted is None:
            return
        option = recent_list.get_option_at_index(recent_list.highlighted)
        if not option.id:
            return
        from trainer.tui.screens.confirm import Confirm

        session_id = option.id

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_session(session_id)

        self.app.push_screen(
            Confirm(f"Delete this session and its answers for good?\n{option.prompt}", "Delete", "Keep"), answered
        )

    @work(thread=True, group="store", exit_on_error=False)
    def delete_session(self, session_id: str) -> None:
        from trainer.session.store import SessionStore

        try:
            SessionStore().delete(session_id)
        except Exception as err:  # noqa: BLE001 — said on screen; the list stays as it is
            self.app.call_from_thread(self.notify, f"Not deleted: {err}", severity="error", timeout=10, markup=False)
            return
        remaining = [s for s in self.recent if s.id != session_id]
        self.app.call_from_thread(self._fill_recent, remaining)
        self.app.call_from_thread(self.notify, "Session deleted.", timeout=4)

    @on(OptionList.OptionSelected, "#recent")
    def recent_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            choice = self._choice(resume=event.option.id)
            assert choice is not None  # resuming takes the session's own length
            choice.mentor = self.recent_modes.get(event.option.id) == "mentor"  # the session's own mode
            self.post_message(self.Chosen(choice))


def recent_line(summary, title: str) -> str:
    """"Tue 1 Dec 16:20 · Spam filtering · mentor · 3 answers": local time, title, mode, answers."""
    try:
        started = datetime.fromisoformat(summary.started_at).astimezone()
        when = f"{started:%a} {started.day} {started:%b %H:%M}"
    except ValueError:
        when = summary.started_at[:16].replace("T", " ")
    answers = f"{summary.candidate_turns} answer{'s' if summary.candidate_turns != 1 else ''}"
    return f"{when} · {title} · {summary.mode} · {answers}"
