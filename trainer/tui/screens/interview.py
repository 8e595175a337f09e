"""The interview screen: transcript, answer box, phase sidebar with clocks, and the mentor panel.

The screen never waits on the engine: answers go into a queue that one worker
thread drains in order (commit the turn, decide the reply), and replies come
back as messages. Typing continues while the interviewer "thinks".
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from trainer.tui.widgets.answer_box import AnswerBox
from trainer.tui.widgets.key_bar import KeyBar
from trainer.tui.widgets.phase_sidebar import SHORT, PhaseSidebar, clock
from trainer.tui.widgets.transcript import ChatMessage, TranscriptView

if TYPE_CHECKING:  # the engine loads in the worker, after the first paint; the mentor panel with a mentor's mock
    from trainer.interviewer.engine import Move
    from trainer.llm.phrasing import Phraser
    from trainer.scoring.schema import ScoreReport
    from trainer.session.live import LiveSession, Snapshot
    from trainer.tui.widgets.mentor_panel import MentorPanel

SYSTEM_KINDS = {"help", "phase", "time"}


# At most this long the engine's loading waits for the screen's first paint (a screen that never
# paints — a terminal gone — must not hold it up for good).
FIRST_PAINT_WAIT = 2.0


class InterviewScreen(Screen):
    BINDINGS = [
        # Short labels: all of them must fit an 80-column footer, mentor keys included; help and
        # end first, so a 60-column footer still shows them.
        Binding("f1", "help", "Help", priority=True),
        Binding("f9", "end", "End", priority=True),
        Binding("f2", "hint", "Hint", priority=True),
        Binding("f3", "next_phase", "Next", tooltip="Next phase", priority=True),
        Binding("f4", "skip", "Skip", priority=True),
        Binding("f5", "score", "Score", priority=True),
        Binding("f6", "speak_as", "Speak", tooltip="Type the interviewer's line (mentor)", priority=True),
        Binding("f8", "pause", "Pause", priority=True),
        Binding("ctrl+n", "note", "Note", tooltip="Write a note (mentor)", show=False, priority=True),
        Binding("f7", "switch_focus", "Read", tooltip="Move between the transcript and the answer box", show=False, priority=True),
        Binding("ctrl+t", "toggle_heard", "Talking points", show=False, priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(
        self, make_session: Callable[[], LiveSession], *, mentor: bool = False, title: str = "", preview_id: str | None = None
    ):
        super().__init__()
        self.preview_id = preview_id  # a new session of this scenario: show its opening before the engine loads
        self.previewed: str | None = None
        # Set once the screen is first painted: the worker's heavy imports wait for it, so they do
        # not compete with the first paint for the interpreter (answers typed meanwhile queue).
        self.first_paint = threading.Event()
        self.phraser: Phraser | None = None  # the LLM's phrasing for this session, when enabled
        self.make_session = make_session
        self.mentor_mode = mentor
        self.live: LiveSession | None = None
        self.inbox: queue.SimpleQueue[tuple[str, Any]] = queue.SimpleQueue()
        self.speak_as = "candidate"
        self.ended = False
        self.heading = title
        self.snapshot: Snapshot | None = None
        # One entry per candidate inbox item still unanswered: the answer's message (None for a
        # /command). Replies are placed before the first answer still waiting, so the screen
        # shows the order the store keeps.
        self.pending: deque[Any] = deque()
        self.show_heard = True  # highlight the words that earned credit (ctrl+t toggles)

    def compose(self) -> ComposeResult:
        yield Static(self.heading or "Loading the interview…", id="topbar")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                with TranscriptView(id="transcript"):
                    opening = self._preview_opening()
                    if opening is not None:
                        yield ChatMessage("interviewer", opening)
                yield AnswerBox(
                    id="answer", soft_wrap=True, show_line_numbers=False,
                    placeholder="Enter sends · ctrl+j new line · /help lists commands",
                )
            yield PhaseSidebar(id="sidebar")
            if self.mentor_mode:
                from trainer.tui.widgets.mentor_panel import MentorPanel

                yield MentorPanel(id="mentor")
        yield KeyBar(compact=True, palette=False)  # every key must fit 80 columns (ctrl+p still works)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("speak_as", "pause", "note"):
            return self.mentor_mode
        return True

    def on_resize(self, event) -> None:
        self.set_class(self.mentor_mode and event.size.width < 110, "narrow")

    def on_mount(self) -> None:
        self.set_class(self.mentor_mode and self.app.size.width < 110, "narrow")
        self.query_one(AnswerBox).focus()
        self.start_session()
        self.set_interval(1.0, self.refresh_sidebar)
        self.call_after_refresh(self._first_painted)

    def _preview_opening(self) -> str | None:
        """A new session of a bundled scenario: its opening, read from the file alone (a few ms), is
        in the first paint; the engine, content and store load behind it."""
        if not self.preview_id:
            return None
        from trainer.content.index import preview

        shown = preview(self.preview_id)
        self.previewed = shown.opening if shown is not None else None
        return self.previewed

    def _first_painted(self) -> None:
        self.app.mark_painted("painted")  # type: ignore[attr-defined]
        if self.previewed is not None:
            self.app.mark_painted("ready")  # type: ignore[attr-defined]
        self.first_paint.set()

    def on_unmount(self) -> None:
        """Leaving an interview that is not ended (quitting the app): let go of the session for `resume`."""
        self.first_paint.set()  # a worker still waiting for the first paint goes on (and ends)
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
        self.first_paint.wait(FIRST_PAINT_WAIT)
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
        from trainer.session.live import AnswerNotSaved

        try:
            if kind == "candidate":
                before = len(live.turns)
                move = live.submit(payload)
                answer = next((t.index for t in live.turns[before:] if t.speaker.value == "candidate"), None)
                heard = live.heard(answer) if answer is not None else ()
                self.post_message(MoveMade(move, live.snapshot(), tuple(live.turns[-8:]), heard))
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
                self.post_message(Refreshed(live.snapshot()))
            elif kind == "edit_note":
                live.edit_note(*payload)
                self.post_message(Notice(f"Note {payload[0] + 1} saved.", "information"))
                self.post_message(Refreshed(live.snapshot()))
            elif kind == "pause":
                paused = live.toggle_pause()
                self.post_message(Notice("Clock paused." if paused else "Clock running.", "information"))
                self.post_message(Refreshed(live.snapshot()))
            elif kind == "refresh":
                self.post_message(Refreshed(live.snapshot()))
        except AnswerNotSaved as err:
            self.post_message(AnswerReturned(payload if isinstance(payload, str) else "", str(err), kind))
        except Exception as err:  # noqa: BLE001 — loud, and the interview goes on
            if kind == "candidate":
                self.post_message(Notice(f"your answer is saved, but the interviewer's reply failed: {_reason(err)}", "error"))
                self.post_message(Answered())
            elif kind in ("interviewer", "note"):
                self.post_message(AnswerReturned(payload, f"that {kind} line was not saved: {_reason(err)}", kind))
            elif kind == "edit_note":
                self.post_message(AnswerReturned(payload[1], f"the edited note was not saved: {_reason(err)}", kind))
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

    def on_start_failed(self, message: StartFailed) -> None:
        self.app.notify(f"Cannot start the interview: {message.reason}", severity="error", timeout=12, markup=False)
        self.app.back_to_start()  # type: ignore[attr-defined]

    def on_move_made(self, message: MoveMade) -> None:
        answered = self.pending.popleft() if self.pending else None
        if answered is not None:
            answered.set_queued(False)
            answered.set_heard(message.heard, self.show_heard)
        self._show_move(message.move, message.recent)
        self._requeue()
        self._take(message.snapshot)

    def _first_waiting(self) -> Any:
        """The first answer still waiting for its reply: new lines go above it."""
        return next((m for m in self.pending if m is not None), None)

    def _requeue(self) -> None:
        """Answers behind a pending reply are marked queued; the first one is being answered."""
        waiting = [m for m in self.pending if m is not None]
        for index, shown in enumerate(waiting):
            shown.set_queued(index > 0 or self.pending[0] is None)

    def on_interviewer_said(self, message: InterviewerSaid) -> None:
        self.query_one(TranscriptView).add("interviewer", message.text, before=self._first_waiting())
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
        if message.kind == "candidate" and self.pending:
            shown = self.pending.popleft()
            if shown is not None:
                shown.remove()
            self._requeue()
        self.notify(f"{message.reason}. It is back in the answer box.", severity="error", timeout=12, markup=False)

    def on_answered(self, message: Answered) -> None:
        answered = self.pending.popleft() if self.pending else None
        if answered is not None:
            answered.set_queued(False)
        self._requeue()

    def on_end_failed(self, message: EndFailed) -> None:
        self.ended = False
        self.query_one(AnswerBox).disabled = False

    def on_finished(self, message: Finished) -> None:
        from trainer.tui.screens.score import ScoreScreen

        assert self.live is not None
        self.app.switch_screen(ScoreScreen(message.report, self.live))

    def _show_move(self, move: Move, recent: tuple) -> None:
        view = self.query_one(TranscriptView)
        before = self._first_waiting()
        if move.kind in SYSTEM_KINDS:
            view.add("system", move.text, before=before)
        elif move.kind == "score" and move.report is not None:
            # In the transcript, not a toast over the answer box: what it covers and what is open.
            view.add("system", f"{move.text} Flow {move.report.flow.score}/100.", before=before)
        elif move.kind != "end":
            message = view.add("interviewer", move.text, before=before)
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
        if text.startswith("/"):  # a command in either mode: the mentor's "/end" is not a line to say
            if text.split()[0].lower() == "/end" and len(text.split()) == 1:
                self.end_now()
            else:
                self._command(text)
            return
        if self.speak_as == "interviewer":
            self.inbox.put(("interviewer", text))
            return
        shown = self.query_one(TranscriptView).add("candidate", text)
        self.pending.append(shown)
        self._requeue()
        self.inbox.put(("candidate", text))

    def _command(self, text: str) -> None:
        self.pending.append(None)
        self.inbox.put(("candidate", text))

    def action_hint(self) -> None:
        self._command("/hint")

    def action_next_phase(self) -> None:
        self._command("/next")

    def action_skip(self) -> None:
        self._command("/skip")

    def action_score(self) -> None:
        self._command("/score")

    def action_help(self) -> None:
        from trainer.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(mentor=self.mentor_mode))

    def action_switch_focus(self) -> None:
        """F7: between reading the transcript (PageUp/PageDown/Home/End) and typing the answer."""
        view, box = self.query_one(TranscriptView), self.query_one(AnswerBox)
        (box if view.has_focus else view).focus()

    def action_toggle_heard(self) -> None:
        """ctrl+t: show or hide the highlighted talking points in the candidate's answers."""
        self.show_heard = not self.show_heard
        for shown in self.query_one(TranscriptView).messages:
            if shown.speaker == "candidate" and shown.heard:
                shown.set_heard(shown.heard, self.show_heard)
        self.notify(f"Talking points {'shown' if self.show_heard else 'hidden'}.", timeout=3)

    def action_leave(self) -> None:
        """Esc: back to the start screen, after asking; the session stays saved and resumable."""
        if self.ended:
            return
        from trainer.tui.screens.confirm import Confirm

        def answered(yes: bool | None) -> None:
            if yes and not self.ended:
                self.app.back_to_start(notice="The session is saved; resume it from Recent sessions.")  # type: ignore[attr-defined]

        self.app.push_screen(
            Confirm("Leave this interview? It stays saved: resume it later from the start screen.", "Leave", "Stay"),
            answered,
        )

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
            self.query_one(TranscriptView).add("system", "Scoring the interview…")  # in place, not a toast
            self.inbox.put(("end", ""))

    def action_speak_as(self) -> None:
        """F6: type the interviewer's line (or the candidate's again); the box takes the focus."""
        self.speak_as = "interviewer" if self.speak_as == "candidate" else "candidate"
        box = self.query_one(AnswerBox)
        box.border_title = "Interviewer's line (mentor)" if self.speak_as == "interviewer" else "Candidate's answer"
        box.focus()
        self.notify(f"Typing as the {self.speak_as}.", timeout=3)

    def action_note(self) -> None:
        """ctrl+n: to the mentor's note box (Enter there saves the note)."""
        self._mentor_panel().focus_notes()

    def action_pause(self) -> None:
        self.inbox.put(("pause", None))

    # ---- mentor panel (handlers found by name: the panel's module loads only for a mentor's mock) --

    def _mentor_panel(self) -> MentorPanel:
        from trainer.tui.widgets.mentor_panel import MentorPanel

        return self.query_one("#mentor", MentorPanel)

    def on_mentor_panel_ticked(self, event: MentorPanel.Ticked) -> None:
        self.inbox.put(("tick", (event.item, event.value)))

    def on_mentor_panel_graded(self, event: MentorPanel.Graded) -> None:
        self.inbox.put(("grade", (event.phase, event.grade)))

    def on_mentor_panel_noted(self, event: MentorPanel.Noted) -> None:
        self.inbox.put(("note", event.text))

    def on_mentor_panel_note_edited(self, event: MentorPanel.NoteEdited) -> None:
        self.inbox.put(("edit_note", (event.index, event.text)))

    # ---- sidebar ---------------------------------------------------------------------------------

    def _take(self, snapshot: Snapshot) -> None:
        """Show a snapshot the worker posted; the clocks then run on from it locally."""
        self.snapshot = snapshot
        self.refresh_sidebar()
        if self.mentor_mode:
            self._mentor_panel().show_phase(snapshot.phase, snapshot.mentor_items, snapshot.mentor_grade, snapshot.notes)

    def refresh_sidebar(self) -> None:
        """Redraw the top bar and sidebar from the last snapshot: no lock, no engine, no store."""
        snap = self.snapshot
        if snap is None:
            return
        # The mock's own clock (lock-free to read; frozen in tests), not wall time since the snapshot.
        mock = self.live.clock if self.live is not None else None
        ran = 0.0 if snap.paused or snap.ended or mock is None else max(0.0, mock.elapsed() - snap.elapsed)
        now, spent = snap.elapsed + ran, snap.phase_spent + ran
        self.query_one("#topbar", Static).update(
            top_line(self.heading, SHORT[snap.phase], spent, snap.phase_budget, now, snap.total, snap.paused, self.size.width - 2)
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
            items=snap.phase_items,
        )


def top_line(
    heading: str, phase: str, spent: float, budget: float, now: float, total: float, paused: bool, width: int
) -> str:
    """The top bar within `width`: the mock clock and the paused mark always; then the phase clock;
    the title gets what is left (shortened with "…")."""
    clocks = f"mock {clock(now)}/{clock(total)}" + (" · ⏸ PAUSED" if paused else "")
    with_phase = f"{phase} {clock(spent)}/{clock(budget)} · {clocks}"
    right = with_phase if len(with_phase) + 12 <= width else clocks
    room = width - len(right) - 3
    if room < 4:
        return right
    title = heading if len(heading) <= room else heading[: room - 1].rstrip() + "…"
    return f"{title} · {right}"


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


class StartFailed(Message):
    def __init__(self, reason: str):
        super().__init__()
        self.reason = reason


class MoveMade(Message):
    def __init__(self, move: Move, snapshot: Snapshot, recent: tuple, heard: tuple = ()):
        super().__init__()
        self.move, self.snapshot, self.recent, self.heard = move, snapshot, recent, heard


class Answered(Message):
    """A candidate item was served without a move to show (its reply failed): it waits no longer."""


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
    def __init__(self, text: str, reason: str, kind: str = "candidate"):
        super().__init__()
        self.text, self.reason, self.kind = text, reason, kind


class EndFailed(Message):
    pass


class Finished(Message):
    def __init__(self, report: ScoreReport):
        super().__init__()
        self.report = report
