"""The start screen: pick a scenario, solo or mentor, time limit, strictness; or resume a session."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    Static,
)
from textual.widgets.option_list import Option

from trainer.modes import STRICTNESS

MIN_MINUTES, MAX_MINUTES = 1, 180


@dataclass
class StartChoice:
    scenario: str | None
    mentor: bool
    minutes: float | None
    strictness: str
    resume: str | None = None


class StartScreen(Screen):
    BINDINGS = [Binding("enter", "start", "Start", show=True), Binding("q", "app.quit", "Quit")]

    @dataclass
    class Chosen(Message):
        choice: StartChoice

    def __init__(self, llm_status: str = "offline (keyword engine)"):
        super().__init__()
        self.llm_status = llm_status
        self.scenarios: list = []
        self.recent_modes: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static("mlsd-trainer — ML system design mock interviews", id="topbar")
        with Horizontal(id="start-body"):
            with Vertical(id="start-left"):
                yield Label("Scenario", classes="section")
                yield OptionList(id="scenarios")
                yield Label("Recent unfinished sessions (Enter to resume)", classes="section")
                yield OptionList(id="recent")
            with Vertical(id="start-right"):
                yield Label("Mode", classes="section")
                with RadioSet(id="mode"):
                    yield RadioButton("Solo practice", value=True, id="solo")
                    yield RadioButton("Mentor-run mock", id="mentor")
                yield Label("Minutes", classes="section")
                yield Input("45", id="minutes", type="number")
                yield Label("", id="minutes-error")
                yield Label("Strictness", classes="section")
                with RadioSet(id="strictness"):
                    for value in STRICTNESS:
                        yield RadioButton(value, value=value == "nudge", id=value)
                yield Label(f"LLM: {self.llm_status}", id="llm-status")
                yield Button("Start", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        if self.app.is_headless:
            self.query_one("#minutes", Input).cursor_blink = False
        self.query_one("#scenarios", OptionList).focus()
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        """The screen is on the terminal: now fill it (a worker started earlier would race the paint)."""
        self.app.mark_painted("painted")  # type: ignore[attr-defined]
        self.load_lists()

    @work(thread=True, exit_on_error=False)
    def load_lists(self) -> None:
        """Fill the lists: from the bundled files' previews at once when there is no user content
        (the library then loads and validates behind the filled screen), else from the library."""
        from trainer.content.index import previews

        quick = previews()
        if quick is not None:
            self.app.call_from_thread(self._fill_scenarios, quick)
        else:
            library = self.app.library()  # type: ignore[attr-defined]
            self.app.call_from_thread(self._fill_scenarios, [library.scenarios[i] for i in library.scenario_ids()])
        recent = []
        try:
            from trainer.store import SessionStore

            recent = [s for s in SessionStore().list(limit=20) if not s.ended][:8]
        except Exception as err:  # noqa: BLE001 — a broken store must not keep the start screen from working
            self.app.call_from_thread(self.notify, f"Sessions unavailable: {err}", severity="warning", markup=False)
        self.app.call_from_thread(self._fill_recent, recent)
        self.app.library()  # type: ignore[attr-defined]  # load and validate now, so starting a mock is quick

    def _fill_scenarios(self, scenarios: list) -> None:
        self.scenarios = scenarios
        options = self.query_one("#scenarios", OptionList)
        for scenario in scenarios:
            options.add_option(Option(f"{scenario.title}  ·  {scenario.minutes:.0f} min\n  {scenario.summary}", id=scenario.id))
        if scenarios:
            options.highlighted = 0
        self.call_after_refresh(self.app.mark_painted, "ready")  # type: ignore[attr-defined]

    def _fill_recent(self, recent: list) -> None:
        self.recent_modes = {s.id: s.mode for s in recent}
        recent_list = self.query_one("#recent", OptionList)
        for s in recent:
            recent_list.add_option(Option(f"{s.started_at[:16]}  {s.scenario}  ({s.candidate_turns} answers)", id=s.id))
        if not recent:
            recent_list.add_option(Option("none", disabled=True))

    def _choice(self, resume: str | None = None) -> StartChoice | None:
        """The settings as chosen; None (with the reason shown by the field) when minutes are invalid."""
        options = self.query_one("#scenarios", OptionList)
        scenario = None
        if options.highlighted is not None and self.scenarios:
            scenario = options.get_option_at_index(options.highlighted).id
        minutes: float | None = None
        error = self.query_one("#minutes-error", Label)
        if resume is None:
            field = self.query_one("#minutes", Input)
            try:
                minutes = float(field.value)
            except ValueError:
                minutes = -1.0
            if not MIN_MINUTES <= minutes <= MAX_MINUTES:
                error.update(f"Minutes: a number from {MIN_MINUTES} to {MAX_MINUTES}")
                field.focus()
                return None
        error.update("")
        mentor = self.query_one("#mentor", RadioButton).value
        strictness = next((b.id for b in self.query_one("#strictness", RadioSet).query(RadioButton) if b.value), "nudge")
        return StartChoice(scenario=scenario, mentor=mentor, minutes=minutes, strictness=strictness or "nudge", resume=resume)

    def action_start(self) -> None:
        choice = self._choice()
        if choice is not None and choice.scenario:
            self.post_message(self.Chosen(choice))

    @on(Button.Pressed, "#start")
    def start_pressed(self) -> None:
        self.action_start()

    @on(OptionList.OptionSelected, "#scenarios")
    def scenario_selected(self) -> None:
        self.action_start()

    @on(OptionList.OptionSelected, "#recent")
    def recent_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            choice = self._choice(resume=event.option.id)
            assert choice is not None  # resuming takes the session's own length
            choice.mentor = self.recent_modes.get(event.option.id) == "mentor"  # the session's own mode
            self.post_message(self.Chosen(choice))
