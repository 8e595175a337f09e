"""The interview screen: transcript, answer box, phase sidebar with clocks, and the mentor panel.

The screen never waits on the engine: answers go into a queue that one worker
thread drains in order (commit the turn, decide the reply), and replies come
back as messages. Typing continues while the interviewer "thinks".
"""

from __future__ import annotations

import queue
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from trainer.content.phases import PHASES
from trainer.tui.widgets.answer_box import AnswerBox
from trainer.tui.widgets.mentor_panel import MentorPanel
from trainer.tui.widgets.phase_sidebar import SHORT, PhaseSidebar, clock
from trainer.tui.widgets.transcript import TranscriptView

if TYPE_CHECKING:  # the engine loads in the worker, after the first paint
    from trainer.interviewer.engine import Move
    from trainer.live_session import LiveSession

SYSTEM_KINDS = {"help", "phase", "time"}


class InterviewScreen(Screen):
    BINDINGS = [
        # Short labels: all of them must fit an 80-column footer, mentor keys included.
        Binding("f2", "hint", "Hint", priority=True),
        Binding("f3", "next_phase", "Next", tooltip="Next phase", priority=True),
        Binding("f4", "skip", "Skip", priority=True),
        Binding("f5", "score", "Score", priority=True),
        Binding("f9", "end", "End", priority=True),
        Binding("f6", "speak_as", "Speak", tooltip="Type the interviewer's line (mentor)", priority=True),
        Binding("f8", "pause", "Pause", priority=True),
    ]

    def __init__(self, make_session: Callable[[], "LiveSession"], *, mentor: bool = False, title: str = ""):
        super().__init__()
        self.make_session = make_session
        self.mentor_mode = mentor
        self.live: "LiveSession | None" = None
        self.inbox: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
        self.speak_as = "candidate"
        self.ended = False
        self.heading = title

    def compose(self) -> ComposeResult:
        yield Static(self.heading or "Loading the interview…", id="topbar")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield TranscriptView(id="transcript")
                yield AnswerBox(id="answer", soft_wrap=True, show_line_numbers=False)
            yield PhaseSidebar(id="sidebar")
            if self.mentor_mode:
                yield MentorPanel(id="mentor")
        yield Footer(show_command_palette=not self.mentor_mode)  # mentor keys need the room at 80 columns

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("speak_as", "pause"):
            return self.mentor_mode
        return True

    def on_resize(self, event) -> None:
        self.set_class(self.mentor_mode and event.size.width < 110, "narrow")

    def on_mount(self) -> None:
        self.set_class(self.mentor_mode and self.app.size.width < 110, "narrow")
        self.query_one(AnswerBox).focus()
        self.start_session()
        self.set_interval(1.0, self.refresh_sidebar)
        self.call_after_refresh(self.app.mark_painted, "painted")  # type: ignore[attr-defined]

    # ---- the engine worker -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def start_session(self) -> None:
        """Build the session (content, rubric compile, store) off the UI thread, then serve answers."""
        live = self.make_session()
        opening = live.open()
        self.app.call_from_thread(self._session_ready, live, opening)
        worker = get_current_worker()
        while not worker.is_cancelled:
            try:
                kind, text = self.inbox.get(timeout=0.2)
            except queue.Empty:
                continue
            if kind == "interviewer":
                live.say_as_interviewer(text)
                self.app.call_from_thread(self._show_interviewer_line, text)
            elif kind == "end":
                report = live.finish()
                self.app.call_from_thread(self._finished, report)
                return
            else:
                move = live.submit(text)
                self.app.call_from_thread(self._show_move, move)

    def _session_ready(self, live: "LiveSession", opening: "Move | None") -> None:
        self.live = live
        scenario = live.resolved.scenario
        mode = "mentor" if self.mentor_mode else "solo"
        self.heading = f"{scenario.title} · {mode}"
        view = self.query_one(TranscriptView)
        for turn in live.turns:
            view.add(turn.speaker.value, turn.text)
        if live.resumed:
            view.add("system", f"Resumed session {live.id}. The clock continues from {int(live.clock.elapsed() // 60)} min.")
        self.refresh_sidebar()
        self.call_after_refresh(self.app.mark_painted, "ready")  # type: ignore[attr-defined]

    def _show_move(self, move: "Move") -> None:
        view = self.query_one(TranscriptView)
        if move.kind in SYSTEM_KINDS:
            view.add("system", f"```\n{move.text}\n```")
        elif move.kind == "score" and move.report is not None:
            self.notify(f"{move.text}  Flow {move.report.flow.score}/100.", title="Interim score", timeout=8)
        elif move.kind != "end":
            message = view.add("interviewer", move.text)
            settings = getattr(self.app, "settings", None)
            if settings is not None and self.live is not None:
                from trainer.llm.phrasing import should_phrase

                if should_phrase(move):
                    message.set_text("…")
                    self.phrase(move, message, list(self.live.turns))
        self.refresh_sidebar()

    @work(thread=True, group="llm", exit_on_error=False)
    def phrase(self, move: "Move", message, turns) -> None:
        """Stream the LLM's wording of the engine's move into the message; the engine's line on failure."""
        from trainer.llm.phrasing import phrased_line

        assert self.live is not None
        shown: list[str] = []

        def on_token(chunk: str) -> None:
            shown.append(chunk)
            self.app.call_from_thread(message.set_text, "".join(shown))

        line = phrased_line(self.app.settings, scenario=self.live.resolved, recent_turns=turns, move=move, on_token=on_token)  # type: ignore[attr-defined]
        self.app.call_from_thread(message.set_text, line.text)
        if not line.by_llm and line.reason:
            self.app.call_from_thread(self.notify, f"LLM unavailable — {line.reason}; offline interviewer.", severity="warning", timeout=6)

    def _show_interviewer_line(self, text: str) -> None:
        self.query_one(TranscriptView).add("interviewer", text)
        self.refresh_sidebar()

    def _finished(self, report) -> None:
        from trainer.tui.screens.score import ScoreScreen

        assert self.live is not None
        self.app.switch_screen(ScoreScreen(report, self.live))

    # ---- input ---------------------------------------------------------------------------------

    @on(AnswerBox.Submitted)
    def submitted(self, event: AnswerBox.Submitted) -> None:
        text = event.text.strip()
        if self.ended:
            return
        if self.speak_as == "interviewer":
            self.inbox.put(("interviewer", text))
            return
        if not text.startswith("/"):
            self.query_one(TranscriptView).add("candidate", text)
        elif text.split()[0].lower() == "/end":
            self.action_end()
            return
        self.inbox.put(("candidate", text))

    def action_hint(self) -> None:
        self.inbox.put(("candidate", "/hint"))

    def action_next_phase(self) -> None:
        self.inbox.put(("candidate", "/next"))

    def action_skip(self) -> None:
        self.inbox.put(("candidate", "/skip"))

    def action_score(self) -> None:
        self.inbox.put(("candidate", "/score"))

    def action_end(self) -> None:
        if not self.ended:
            self.ended = True
            self.query_one(AnswerBox).disabled = True
            self.notify("Scoring the interview…", timeout=3)
            self.inbox.put(("end", ""))

    def action_speak_as(self) -> None:
        self.speak_as = "interviewer" if self.speak_as == "candidate" else "candidate"
        box = self.query_one(AnswerBox)
        box.border_title = "Interviewer's line (mentor)" if self.speak_as == "interviewer" else "Your answer"
        self.notify(f"Typing as the {self.speak_as}.", timeout=3)

    def action_pause(self) -> None:
        if self.live is not None:
            paused = self.live.clock.toggle()
            self.notify("Clock paused." if paused else "Clock running.", timeout=3)
            self.refresh_sidebar()

    # ---- mentor panel ----------------------------------------------------------------------------

    @on(MentorPanel.Ticked)
    def ticked(self, event: MentorPanel.Ticked) -> None:
        if self.live is not None:
            self.live.tick(event.item, event.value)

    @on(MentorPanel.Graded)
    def graded(self, event: MentorPanel.Graded) -> None:
        if self.live is not None:
            self.live.grade(event.phase, event.grade)

    @on(MentorPanel.Noted)
    def noted(self, event: MentorPanel.Noted) -> None:
        if self.live is not None:
            self.live.note(event.text, self.live.phase.value)
            self.notify("Note saved.", timeout=2)

    # ---- sidebar ---------------------------------------------------------------------------------

    def refresh_sidebar(self) -> None:
        live = self.live
        if live is None:
            return
        with live.lock:
            state = live.interviewer.state
            now = live.clock.elapsed()
            visited = list(state.visited)
            furthest = max((PHASES.index(p) for p in visited), default=0)
            skipped = {p for p in PHASES[:furthest] if p not in visited}
            phase_budget = live.interviewer.budget_seconds(state.phase)
            spent = state.spent(state.phase, now)
            pause = " ⏸" if live.clock.paused else ""
            self.query_one("#topbar", Static).update(
                f"{self.heading} · {SHORT[state.phase]} {clock(spent)}/{clock(phase_budget)}"
                f" · mock {clock(now)}/{clock(live.minutes * 60)}{pause}"
            )
            self.query_one(PhaseSidebar).render_state(
                current=state.phase,
                coverage={p: live.coverage(p) for p in PHASES},
                visited=visited,
                out_of_order=live.out_of_order(),
                skipped=skipped,
                elapsed=now,
                total=live.minutes * 60,
                phase_spent=spent,
                phase_budget=phase_budget,
                paused=live.clock.paused,
            )
            if self.mentor_mode:
                credits = live.interviewer.credits
                items = live.resolved.items_for(state.phase)
                checked = {i.id: live.mentor.ticks.get(i.id, i.id in credits) for i in items}
                self.query_one(MentorPanel).show_phase(state.phase, items, checked, live.mentor.grades.get(state.phase.value))
