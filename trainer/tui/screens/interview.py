"""The interview screen: transcript, answer box, phase sidebar with clocks, and the mentor panel.

The screen never waits on the engine: answers go into a queue that one worker
thread drains in order (commit the turn, decide the reply), and replies come
back as messages. Typing continues while the interviewer "thinks".
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from trainer.tui.widgets.answer_box import AnswerBox
from trainer.tui.widgets.mentor_panel import MentorPanel
from trainer.tui.widgets.phase_sidebar import SHORT, PhaseSidebar, clock
from trainer.tui.widgets.transcript import TranscriptView

if TYPE_CHECKING:  # the engine loads in the worker, after the first paint
    from trainer.interviewer.engine import Move
    from trainer.live_session import LiveSession, Snapshot
    from trainer.llm.phrasing import Phraser
    from trainer.score_report import ScoreReport

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

    def __init__(
        self, make_session: Callable[[], LiveSession], *, mentor: bool = False, title: str = "", preview_id: str | None = None
    ):
        super().__init__()
        self.preview_id = preview_id  # a new session of this scenario: show its opening before the engine loads
        self.previewed: str | None = None
        self.phraser: Phraser | None = None  # the LLM's phrasing for this session, when enabled
        self.make_session = make_session
        self.mentor_mode = mentor
        self.live: LiveSession | None = None
        self.inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self.speak_as = "candidate"
        self.ended = False
        self.heading = title
        self.snapshot: Snapshot | None = None

    def compose(self) -> ComposeResult:
        yield Static(self.heading or "Loading the interview…", id="topbar")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield TranscriptView(id="transcript")
                yield AnswerBox(
                    id="answer", soft_wrap=True, show_line_numbers=False,
                    placeholder="Enter sends · ctrl+j new line · /help lists commands",
                )
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

    def on_unmount(self) -> None:
        """Leaving an interview that is not ended (quitting the app): let go of the session for `resume`."""
        if self.live is not None and not self.live.ended:
            self.live.close()

    # ---- the engine worker -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def start_session(self) -> None:
        """Build the session (content, rubric compile, store) off the UI thread, then serve the inbox.

        Everything the session does happens here, one item at a time; results reach the UI as
        messages carrying immutable snapshots, so the UI thread never takes the engine's lock.
        A failing item is reported and, if it was an answer that could not be saved, handed back.
        """
        if self.preview_id:  # the opening on screen first; the engine, content and store load behind it
            from trainer.content.index import preview

            shown = preview(self.preview_id)
            if shown is not None:
                self.post_message(OpeningPreview(shown.title, shown.opening))
        try:
            live = self.make_session()
            def waiting(message: str) -> None:
                self.post_message(Notice(message, "warning"))

            live.store.on_wait = waiting
            live.open()  # the opening line is among live.turns from here on
        except Exception as err:  # noqa: BLE001 — any failure to start goes back to the start screen, said
            self.post_message(StartFailed(_reason(err)))
            return
        self.post_message(SessionReady(live, tuple((t.speaker.value, t.text) for t in live.turns), live.snapshot()))
        worker = get_current_worker()
        while not worker.is_cancelled:
            try:
                kind, payload = self.inbox.get(timeout=0.2)
            except queue.Empty:
                continue
            if kind == "end":
                try:
                    report = live.finish()
                except Exception as err:  # noqa: BLE001
                    self.post_message(Notice(f"the session could not be ended: {_reason(err)}; press F9 to try again", "error"))
                    self.post_message(EndFailed())
                    continue
                self.post_message(Finished(report))
                return
            self._serve(live, kind, payload)

    def _serve(self, live: LiveSession, kind: str, payload: Any) -> None:
        """One inbox item; errors are shown and never end the worker."""
        from trainer.live_session import AnswerNotSaved

        try:
            if kind == "candidate":
                move = live.submit(payload)
                self.post_message(MoveMade(move, live.snapshot(), tuple(live.turns[-8:])))
            elif kind == "interviewer":
                live.say_as_interviewer(payload)
                self.post_message(InterviewerSaid(payload, live.snapshot()))
            elif kind == "tick":
                live.tick(*payload)
                self.post_message(Refreshed(live.snapshot()))
            elif kind == "grade":
                live.grade(*payload)
                self.post_message(Refreshed(live.snapshot()))
            elif kind == "note":
                live.note(payload)
                self.post_message(Notice("Note saved.", "information"))
            elif kind == "pause":
                paused = live.toggle_pause()
                self.post_message(Notice("Clock paused." if paused else "Clock running.", "information"))
                self.post_message(Refreshed(live.snapshot()))
            elif kind == "refresh":
                self.post_message(Refreshed(live.snapshot()))
        except AnswerNotSaved as err:
            self.post_message(AnswerReturned(payload if isinstance(payload, str) else "", str(err)))
        except Exception as err:  # noqa: BLE001 — loud, and the interview goes on
            if kind == "candidate":
                self.post_message(Notice(f"your answer is saved, but the interviewer's reply failed: {_reason(err)}", "error"))
            elif kind in ("interviewer", "note"):
                self.post_message(AnswerReturned(payload, f"that {kind} line was not saved: {_reason(err)}"))
            else:
                self.post_message(Notice(f"the mentor's {kind} was not saved: {_reason(err)}", "error"))
            self.post_message(Refreshed(live.snapshot()))

    # ---- what the worker posts ------------------------------------------------------------------

    def on_session_ready(self, message: SessionReady) -> None:
        live = message.live
        self.live = live
        scenario = live.resolved.scenario
        self.heading = f"{scenario.title} · {live.mode}"
        view = self.query_one(TranscriptView)
        turns = message.turns
        if self.previewed is not None and turns and turns[0] == ("interviewer", self.previewed):
            turns = turns[1:]  # the opening is already on screen
        for speaker, text in turns:
            view.add(speaker, text)
        if live.resumed:
            paused = " (paused)" if message.snapshot.paused else ""
            view.add("system", f"Resumed session {live.id}. The clock continues from {int(message.snapshot.elapsed // 60)} min{paused}.")
        self._take(message.snapshot)
        if self.previewed is None:
            self.call_after_refresh(self.app.mark_painted, "ready")  # type: ignore[attr-defined]

    def on_opening_preview(self, message: OpeningPreview) -> None:
        """The scenario's opening from its bundled file, before the session exists; answers typed
        now wait in the inbox and are served in order once the engine is up."""
        if self.live is not None:
            return
        self.previewed = message.opening
        self.query_one(TranscriptView).add("interviewer", message.opening)
        self.call_after_refresh(self.app.mark_painted, "ready")  # type: ignore[attr-defined]

    def on_start_failed(self, message: StartFailed) -> None:
        self.app.notify(f"Cannot start the interview: {message.reason}", severity="error", timeout=12, markup=False)
        self.app.back_to_start()  # type: ignore[attr-defined]

    def on_move_made(self, message: MoveMade) -> None:
        self._show_move(message.move, message.recent)
        self._take(message.snapshot)

    def on_interviewer_said(self, message: InterviewerSaid) -> None:
        self.query_one(TranscriptView).add("interviewer", message.text)
        self._take(message.snapshot)

    def on_refreshed(self, message: Refreshed) -> None:
        self._take(message.snapshot)

    def on_notice(self, message: Notice) -> None:
        self.notify(message.text, severity=message.severity, timeout=10 if message.severity == "error" else 4, markup=False)  # type: ignore[arg-type]

    def on_answer_returned(self, message: AnswerReturned) -> None:
        """An answer that was not saved goes back into the box (before anything typed since), with why."""
        box = self.query_one(AnswerBox)
        typed = box.text
        box.text = message.text + ("\n" + typed if typed.strip() else "")
        view = self.query_one(TranscriptView)
        for shown in reversed(view.messages):
            if shown.speaker in ("candidate", "interviewer") and shown.text == message.text:
                shown.remove()
                break
        self.notify(f"{message.reason}. It is back in the answer box.", severity="error", timeout=12, markup=False)

    def on_end_failed(self, message: EndFailed) -> None:
        self.ended = False
        self.query_one(AnswerBox).disabled = False

    def on_finished(self, message: Finished) -> None:
        from trainer.tui.screens.score import ScoreScreen

        assert self.live is not None
        self.app.switch_screen(ScoreScreen(message.report, self.live))

    def _show_move(self, move: Move, recent: tuple) -> None:
        view = self.query_one(TranscriptView)
        if move.kind in SYSTEM_KINDS:
            view.add("system", move.text)
        elif move.kind == "score" and move.report is not None:
            self.notify(f"{move.text}  Flow {move.report.flow.score}/100.", title="Interim score", timeout=8, markup=False)
        elif move.kind != "end":
            message = view.add("interviewer", move.text)
            settings = getattr(self.app, "settings", None)
            if settings is not None and self.live is not None:
                from trainer.llm.phrasing import Phraser, should_phrase

                if self.phraser is None:
                    self.phraser = Phraser(settings, self.live.resolved)
                if not self.phraser.stopped and should_phrase(move):
                    message.set_provisional("")
                    self.phrase(move, message, list(recent))

    @work(thread=True, group="llm", exit_on_error=False)
    def phrase(self, move: Move, message: Any, turns: list) -> None:
        """The LLM's wording of the engine's move, shown once it passed the checks.

        While it streams, the text shows provisionally (dim, after "…"), coalesced to one pending
        repaint however fast chunks come; the accepted line, or the engine's, replaces it.
        """
        from trainer.llm.phrasing import STOP_NOTE

        phraser = self.phraser
        if phraser is None:
            return
        shown: list[str] = []
        pending = threading.Event()

        def paint() -> None:
            pending.clear()
            message.set_provisional("".join(shown))

        def on_token(chunk: str) -> None:
            shown.append(chunk)
            if not pending.is_set():
                pending.set()
                self.app.call_from_thread(paint)

        line = phraser.line(move, turns, on_token=on_token)
        self.app.call_from_thread(message.set_text, line.text)
        notes = [n for n in (line.note, STOP_NOTE if line.stopped_now else None) if n]
        for note in notes:
            self.app.call_from_thread(self.notify, note, severity="warning", timeout=6, markup=False)

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
        elif text.split()[0].lower() == "/end" and len(text.split()) == 1:
            self.end_now()
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
        """F9: asks first (it sits next to F8, pause); typing /end ends at once."""
        if self.ended:
            return
        from trainer.tui.screens.confirm import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self.end_now()

        self.app.push_screen(Confirm("End the interview and see the score?", "End and score", "Keep going"), answered)

    def end_now(self) -> None:
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
        self.inbox.put(("pause", None))

    # ---- mentor panel ----------------------------------------------------------------------------

    @on(MentorPanel.Ticked)
    def ticked(self, event: MentorPanel.Ticked) -> None:
        self.inbox.put(("tick", (event.item, event.value)))

    @on(MentorPanel.Graded)
    def graded(self, event: MentorPanel.Graded) -> None:
        self.inbox.put(("grade", (event.phase, event.grade)))

    @on(MentorPanel.Noted)
    def noted(self, event: MentorPanel.Noted) -> None:
        self.inbox.put(("note", event.text))

    # ---- sidebar ---------------------------------------------------------------------------------

    def _take(self, snapshot: Snapshot) -> None:
        """Show a snapshot the worker posted; the clocks then run on from it locally."""
        self.snapshot = snapshot
        self.refresh_sidebar()
        if self.mentor_mode:
            self.query_one(MentorPanel).show_phase(snapshot.phase, snapshot.mentor_items, snapshot.mentor_grade)

    def refresh_sidebar(self) -> None:
        """Redraw the top bar and sidebar from the last snapshot: no lock, no engine, no store."""
        snap = self.snapshot
        if snap is None:
            return
        # The mock's own clock (lock-free to read; frozen in tests), not wall time since the snapshot.
        mock = self.live.clock if self.live is not None else None
        ran = 0.0 if snap.paused or snap.ended or mock is None else max(0.0, mock.elapsed() - snap.elapsed)
        now, spent = snap.elapsed + ran, snap.phase_spent + ran
        pause = " ⏸" if snap.paused else ""
        self.query_one("#topbar", Static).update(
            f"{self.heading} · {SHORT[snap.phase]} {clock(spent)}/{clock(snap.phase_budget)}"
            f" · mock {clock(now)}/{clock(snap.total)}{pause}"
        )
        self.query_one(PhaseSidebar).render_state(
            current=snap.phase,
            coverage=dict(snap.coverage),
            visited=list(snap.visited),
            out_of_order=set(snap.out_of_order),
            skipped=set(snap.skipped),
            elapsed=now,
            total=snap.total,
            phase_spent=spent,
            phase_budget=snap.phase_budget,
            paused=snap.paused,
        )


def _reason(err: BaseException) -> str:
    """One line for a person: the domain error's own message, else the exception's kind and first line."""
    from trainer.errors import TrainerError

    text = str(err).splitlines()[0] if str(err) else ""
    if isinstance(err, TrainerError):
        return text or type(err).__name__
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


# ---- messages from the engine worker (immutable payloads) ------------------------------------------


class SessionReady(Message):
    def __init__(self, live: LiveSession, turns: tuple[tuple[str, str], ...], snapshot: Snapshot):
        super().__init__()
        self.live, self.turns, self.snapshot = live, turns, snapshot


class OpeningPreview(Message):
    def __init__(self, title: str, opening: str):
        super().__init__()
        self.title, self.opening = title, opening


class StartFailed(Message):
    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason


class MoveMade(Message):
    def __init__(self, move: Move, snapshot: Snapshot, recent: tuple):
        super().__init__()
        self.move, self.snapshot, self.recent = move, snapshot, recent


class InterviewerSaid(Message):
    def __init__(self, text: str, snapshot: Snapshot):
        super().__init__()
        self.text, self.snapshot = text, snapshot


class Refreshed(Message):
    """A new snapshot (mentor marks, pause); a newer one replaces one still queued."""

    def __init__(self, snapshot: Snapshot):
        super().__init__()
        self.snapshot = snapshot

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Refreshed)


class Notice(Message):
    def __init__(self, text: str, severity: str):
        super().__init__()
        self.text, self.severity = text, severity


class AnswerReturned(Message):
    def __init__(self, text: str, reason: str):
        super().__init__()
        self.text, self.reason = text, reason


class EndFailed(Message):
    pass


class Finished(Message):
    def __init__(self, report: ScoreReport):
        super().__init__()
        self.report = report
