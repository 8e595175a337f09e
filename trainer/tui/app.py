"""The Textual app and its factory, shared by the CLI and the tests.

`make_app` wires the real content library, session store and clock; tests pass
a frozen clock or a temporary store and drive the same app with Pilot.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from trainer.interviewer.clock import MockClock
from trainer.tui.screens.start import StartChoice, StartScreen

if TYPE_CHECKING:  # loaded in the worker, after the first paint
    from trainer.content.library import Library
    from trainer.session.store import SessionStore
    from trainer.tui.screens.interview import InterviewScreen


class TrainerApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "mlsd-trainer"
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        *,
        choice: StartChoice | None = None,
        store_factory: Callable[[], SessionStore] | None = None,
        clock_factory: Callable[[float], MockClock] | None = None,
        seed: int = 0,
        settings=None,
    ):
        super().__init__()
        self.settings = settings  # LLM settings when enabled, else None (offline)
        llm_status = (
            f"{settings.model} at {settings.shown_endpoint}" if settings is not None else "offline (keyword engine)"
        )
        self.choice = choice
        self.store_factory = store_factory
        self.clock_factory = clock_factory
        self.seed = seed
        self.llm_status = llm_status
        self._store: SessionStore | None = None
        self._library: Library | None = None
        self._library_lock = threading.Lock()

    def mark_painted(self, stage: str) -> None:
        """For bench/startup.py: note when the screen painted ("painted", then "ready" with the
        opening shown) in the file named by MLSD_TRAINER_PAINT_LOG, and exit after "ready"."""
        log = os.environ.get("MLSD_TRAINER_PAINT_LOG")
        if log:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{stage} {time.time():.6f}\n")
            if stage == "ready":
                self.exit()

    def on_mount(self) -> None:
        if self.choice is not None and (self.choice.scenario or self.choice.resume):
            self.push_screen(self.interview_screen(self.choice))
        else:
            self.push_screen(StartScreen(self.llm_status))

    def library(self):
        """The content library, loaded once (off the UI thread) for the start screen and every session."""
        with self._library_lock:
            if self._library is None:
                from trainer.content.library import load_library

                self._library = load_library()
            return self._library

    def store(self):
        if self._store is None:
            if self.store_factory is not None:
                self._store = self.store_factory()
            else:
                from trainer.session.store import SessionStore

                self._store = SessionStore()
        return self._store

    def interview_screen(self, choice: StartChoice) -> InterviewScreen:
        # Imported when first needed: the start screen paints without the interview's widgets.
        from trainer.tui.screens.interview import InterviewScreen

        def make_session():
            """Runs in the interview screen's worker: the library and the record are loaded there, once."""
            from trainer.session.live import LiveSession

            store = self.store()
            library = self.library()
            if choice.resume:
                return LiveSession.resume(library, store, choice.resume, clock_factory=self.clock_factory)
            resolved = library.resolve(choice.scenario or "")
            clock = self.clock_factory(0.0) if self.clock_factory else None
            return LiveSession(
                resolved,
                store,
                mode="mentor" if choice.mentor else "solo",
                strictness=choice.strictness,  # type: ignore[arg-type]
                minutes=choice.minutes,
                seed=self.seed,
                clock=clock,
            )

        return InterviewScreen(make_session, mentor=choice.mentor, preview_id=None if choice.resume else choice.scenario)

    def on_start_screen_chosen(self, event: StartScreen.Chosen) -> None:
        self.switch_screen(self.interview_screen(event.choice))

    def back_to_start(self, notice: str | None = None) -> None:
        """The start screen again: after leaving an interview, after the score, or when one could
        not start (its notice is already shown)."""
        self.switch_screen(StartScreen(self.llm_status))
        if notice:
            self.notify(notice, timeout=6, markup=False)

    def new_mock(self, choice: StartChoice) -> None:
        """Another mock straight from the score screen, with the settings given."""
        self.switch_screen(self.interview_screen(choice))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Loud by default: any worker that dies of an unexpected error says so on screen."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            err = event.worker.error
            detail = str(err).splitlines()[0] if str(err) else ""
            self.notify(
                f"{event.worker.name or 'a background task'} failed: {type(err).__name__}{': ' + detail if detail else ''}",
                title="Something went wrong",
                severity="error",
                timeout=15,
                markup=False,
            )

    def get_system_commands(self, screen: Screen):
        yield from super().get_system_commands(screen)
        from trainer.tui.screens.interview import InterviewScreen

        if isinstance(screen, InterviewScreen):
            yield SystemCommand("Hint", "A nudge toward something not yet covered", screen.action_hint)
            yield SystemCommand("Next phase", "Move on to the next phase", screen.action_next_phase)
            yield SystemCommand("Skip question", "Skip the current question", screen.action_skip)
            yield SystemCommand("Interim score", "Score the interview so far", screen.action_score)
            yield SystemCommand("End interview", "Finish and see the score", screen.action_end)


def make_app(
    *,
    scenario: str | None = None,
    mentor: bool = False,
    minutes: float | None = None,
    strictness: str = "nudge",
    resume: str | None = None,
    store_factory: Callable[[], SessionStore] | None = None,
    clock_factory: Callable[[float], MockClock] | None = None,
    seed: int = 0,
    settings=None,
) -> TrainerApp:
    """The app the CLI runs and the tests drive."""
    choice = None
    if scenario or resume:
        choice = StartChoice(scenario=scenario, mentor=mentor, minutes=minutes, strictness=strictness, resume=resume)
    return TrainerApp(choice=choice, store_factory=store_factory, clock_factory=clock_factory, seed=seed, settings=settings)
