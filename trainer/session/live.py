"""A running mock: the interviewer, its clock and the session store, kept in step.

The one session service: the TUI and `chat` drive this object and never its
internals. Every candidate turn is committed to the store before the
interviewer's reply exists (and before the interviewer's memory holds it), so a
submitted answer is either durable or handed back with the reason — never
silently dropped. Shells read the interview through `snapshot()`, an immutable
value they can render on any thread without a lock.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from trainer.content.library import ResolvedScenario
from trainer.content.models import PHASES, Phase
from trainer.errors import TrainerError
from trainer.interviewer.clock import MockClock
from trainer.interviewer.engine import Interviewer, Move
from trainer.scoring.schema import MentorData, MentorNote, ScoreReport
from trainer.session.modes import Mode, Strictness
from trainer.transcripts import Transcript, Turn

if TYPE_CHECKING:
    from trainer.session.store import SessionStore

# A long spoken answer is ~500 words (~3,000 characters); past this the text is a paste, not an
# answer, and scoring it would cost seconds per turn.
MAX_ANSWER_CHARS = 20_000


class AnswerNotSaved(TrainerError):
    """The answer could not be committed: the interview has not moved, and the shell gives the text back."""


class AnswerTooLong(AnswerNotSaved):
    """An answer over MAX_ANSWER_CHARS: refused before it is stored."""


@dataclass(frozen=True)
class Snapshot:
    """What a shell shows of the interview at one moment; immutable, so safe to hand across threads.

    `elapsed` and `phase_spent` were read at `taken_at` (the clock's own seconds); a shell that
    ticks the clock between snapshots adds the time since, unless `paused`.
    """

    phase: Phase
    elapsed: float
    total: float
    phase_spent: float
    phase_budget: float
    paused: bool
    coverage: Mapping[Phase, tuple[int, int]]
    visited: tuple[Phase, ...]
    out_of_order: frozenset[Phase]
    skipped: frozenset[Phase]
    mentor_items: tuple[tuple[str, str, bool], ...] = ()  # (item id, title, checked) of the current phase
    mentor_grade: int | None = None
    phase_items: tuple[tuple[str, str, bool], ...] = ()  # (item id, title, credited) of the current phase
    notes: tuple[tuple[str | None, float | None, str], ...] = ()  # the mentor's notes: (phase, seconds, text)
    ended: bool = False


class LiveSession:
    """One session, new or resumed; methods are safe to call from one worker thread at a time."""

    def __init__(
        self,
        resolved: ResolvedScenario,
        store: SessionStore,
        *,
        session_id: str | None = None,
        mode: Mode = "solo",
        strictness: Strictness = "nudge",
        minutes: float | None = None,
        seed: int = 0,
        clock: MockClock | None = None,
        clock_factory: Callable[[float], MockClock] | None = None,
    ):
        self.resolved = resolved
        self.store = store
        self.lock = threading.RLock()
        # The one mentor-data model (ticks, notes with `at` in seconds into the mock, grades),
        # the same the reports read.
        self.mentor = MentorData()
        turns: list[Turn] = []
        state = None
        paused = False
        if session_id is None:
            minutes = minutes or resolved.scenario.minutes
            session_id = store.create(scenario=resolved.id, mode=mode, strictness=strictness, minutes=minutes, seed=seed)
            start_at = 0.0
        else:  # resume: the record is loaded once, and every setting comes from it
            record = store.load(session_id)
            turns, state = record.as_turns(), record.state
            if state is not None and state.ended and not record.ended:
                state.ended = False  # reopened (`store.reopen`): the interview goes on
            mode, strictness, minutes, seed = record.mode, record.strictness, record.minutes, record.seed
            start_at = max([t.at or 0.0 for t in turns] + [state.clock if state else 0.0])
            paused = bool(state and state.paused)
            self.mentor = record.mentor
        self.token = secrets.token_hex(8)
        store.claim(session_id, self.token)  # one owner per session: a second window is refused here
        self.id = session_id
        self.mode: Mode = mode
        self.strictness: Strictness = strictness
        self.minutes = minutes or resolved.scenario.minutes
        if clock is None:
            clock = clock_factory(start_at) if clock_factory is not None else MockClock(start_at)
        self.clock = clock
        if paused:
            self.clock.pause()
        self.interviewer = Interviewer(
            resolved,
            strictness=strictness,
            seed=seed,
            minutes=self.minutes,
            state=state,
            turns=turns,
            on_turn=lambda turn: store.add_turn(session_id, turn, owner=self.token),
        )
        self.resumed = bool(turns)
        self._stop = threading.Event()
        self._beats = threading.Thread(target=self._heartbeat, name=f"heartbeat {session_id}", daemon=True)
        self._beats.start()

    def _heartbeat(self) -> None:
        """Signs of life while the session is open, so another process knows it is still held."""
        from trainer.session.store import HEARTBEAT

        while not self._stop.wait(HEARTBEAT):
            try:
                self.store.heartbeat(self.id, self.token)
            except TrainerError:
                pass  # a missed beat only makes the claim look older; the next write renews it

    def close(self) -> None:
        """Let go of the session without ending it (the window closes; `resume` continues it)."""
        self._stop.set()
        try:
            self.store.release(self.id, self.token)
        except TrainerError:
            pass  # the owner row then goes stale and is taken over

    @classmethod
    def resume(
        cls, library: Any, store: SessionStore, session_id: str, *, clock_factory: Callable[[float], MockClock] | None = None
    ) -> LiveSession:
        """Reopen a saved session: its scenario, mode, strictness, minutes, clock and pause state."""
        record_scenario = store.scenario_of(session_id)
        return cls(library.resolve(record_scenario), store, session_id=session_id, clock_factory=clock_factory)

    @property
    def turns(self) -> list[Turn]:
        return list(self.interviewer.turns)

    @property
    def phase(self) -> Phase:
        return self.interviewer.state.phase

    @property
    def language(self) -> str:
        """The language the candidate speaks ("en" or "ru"): replies and the summary follow it."""
        return self.interviewer.state.language

    @property
    def ended(self) -> bool:
        return self.interviewer.state.ended

    # ---- moves -----------------------------------------------------------------------------

    def _save_state(self) -> None:
        state = self.interviewer.state
        state.clock = self.clock.elapsed()
        state.paused = self.clock.paused
        self.store.save_state(self.id, state, owner=self.token)

    def open(self) -> Move | None:
        """The opening line for a new session; None when resuming (the transcript is already there)."""
        if self.resumed:
            return None
        with self.lock:
            move = self.interviewer.opening(self.clock.elapsed())
            self._save_state()
        return move

    def submit(self, text: str) -> Move:
        """A candidate message (or /command): committed, then answered.

        Raises `AnswerTooLong`, or the store's error when the answer could not be saved; either
        way the interview is unchanged and the shell gives the text back to the candidate.
        """
        if len(text) > MAX_ANSWER_CHARS:
            raise AnswerTooLong(
                f"that answer is {len(text):,} characters; at most {MAX_ANSWER_CHARS:,} are taken in one message "
                "(send it in parts)"
            )
        with self.lock:
            turns_before = len(self.interviewer.turns)
            state_before = self.interviewer.state.model_copy(deep=True)
            try:
                move = self.interviewer.reply(text, self.clock.elapsed())
            except Exception as err:
                self.interviewer.state = state_before  # the reply half-happened: take it back
                if len(self.interviewer.turns) == turns_before:
                    raise AnswerNotSaved(f"your answer was not saved: {err}") from err
                raise  # the answer is saved; only the interviewer's reply failed
            self._save_state()
        return move

    def say_as_interviewer(self, text: str) -> Turn:
        """A mentor types the interviewer's line instead of the engine's."""
        with self.lock:
            turn = self.interviewer.ask_own_question(text, self.clock.elapsed())
            self._save_state()
        return turn

    def toggle_pause(self) -> bool:
        """Pause or run the mock's clock (saved, so a resumed session keeps it); True when now paused."""
        with self.lock:
            paused = self.clock.toggle()
            self._save_state()
        return paused

    # ---- mentor ----------------------------------------------------------------------------

    def tick(self, item: str, ticked: bool) -> None:
        with self.lock:
            self.store.set_mentor_tick(self.id, item, ticked)
            self.mentor.ticks[item] = ticked

    def note(self, text: str, phase: str | None = None) -> None:
        text = text.strip()
        if not text:
            return
        with self.lock:
            at = self.clock.elapsed()
            phase = phase or self.phase.value
            self.store.add_mentor_note(self.id, text, phase, at=at)
            self.mentor.notes.append(MentorNote(phase=phase, text=text, at=at))

    def edit_note(self, index: int, text: str) -> None:
        """Rewrite the mentor's `index`-th note (its phase and time stay)."""
        text = text.strip()
        if not text:
            return
        with self.lock:
            self.store.edit_mentor_note(self.id, index, text)
            self.mentor.notes[index] = self.mentor.notes[index].model_copy(update={"text": text})

    def grade(self, phase: str, grade: int) -> None:
        with self.lock:
            self.store.set_mentor_grade(self.id, phase, grade)
            self.mentor.grades[phase] = grade

    # ---- views -----------------------------------------------------------------------------

    def coverage(self, phase: Phase) -> tuple[int, int]:
        items = self.resolved.items_for(phase)
        credits = self.interviewer.credits
        return sum(1 for i in items if i.id in credits), len(items)

    def heard(self, turn_index: int) -> tuple[tuple[int, int, str], ...]:
        """What the interviewer heard in one candidate turn: (start, end, item title) of each span
        of its text that counts as evidence, in order — the talking points a shell highlights."""
        from trainer.engine.coverage import heard

        with self.lock:
            analyses = self.interviewer.analyses
            if not 0 <= turn_index < len(analyses):
                return ()
            items = self.resolved.item_by_id
            spans = {
                (m.char_start, m.char_end): items[m.item].title if m.item in items else m.item
                for _, m in heard(analyses[turn_index])
                if m.char_end > m.char_start
            }
        return tuple((start, end, title) for (start, end), title in sorted(spans.items()))

    def out_of_order(self) -> set[Phase]:
        """Phases the candidate reached by jumping ahead of unvisited earlier ones."""
        visited = self.interviewer.state.visited
        marks = set()
        for index, phase in enumerate(visited):
            earlier = PHASES[: PHASES.index(phase)]
            if any(p not in visited[:index] for p in earlier):
                marks.add(phase)
        return marks

    def snapshot(self) -> Snapshot:
        """The interview as a shell shows it, read under the lock once, handed out immutable."""
        with self.lock:
            state = self.interviewer.state
            now = self.clock.elapsed()
            visited = tuple(state.visited)
            furthest = max((PHASES.index(p) for p in visited), default=0)
            mentor_items: tuple[tuple[str, str, bool], ...] = ()
            credits = self.interviewer.credits
            phase_items = tuple((i.id, i.title, i.id in credits) for i in self.resolved.items_for(state.phase))
            if self.mode == "mentor":
                mentor_items = tuple(
                    (i.id, i.title, self.mentor.ticks.get(i.id, i.id in credits)) for i in self.resolved.items_for(state.phase)
                )
            return Snapshot(
                phase=state.phase,
                elapsed=now,
                total=self.minutes * 60,
                phase_spent=state.spent(state.phase, now),
                phase_budget=self.interviewer.budget_seconds(state.phase),
                paused=self.clock.paused,
                coverage=MappingProxyType({p: self.coverage(p) for p in PHASES}),
                visited=visited,
                out_of_order=frozenset(self.out_of_order()),
                skipped=frozenset(p for p in PHASES[:furthest] if p not in visited),
                mentor_items=mentor_items,
                mentor_grade=self.mentor.grades.get(state.phase.value),
                phase_items=phase_items,
                notes=tuple(
                    (n.phase, n.at, n.text) for n in self.mentor.notes
                ),
                ended=state.ended,
            )

    def transcript(self) -> Transcript:
        """The turns so far with the mock's length and the mentor's marks, as every export reads them."""
        with self.lock:
            transcript = self.interviewer.transcript()
            mentor = self.mentor.model_copy(deep=True)
        return transcript.model_copy(update={"minutes": self.minutes, "mentor": mentor})

    def score(self) -> ScoreReport:
        with self.lock:
            return self.interviewer.score()

    def finish(self) -> ScoreReport:
        """End the session: close the running phase, score, save the state and the report. The one way to end."""
        with self.lock:
            self.interviewer.state.enter(self.phase, self.clock.elapsed())
            self.interviewer.state.ended = True
            report = self.interviewer.score()
            report.source = f"session {self.id}"
            self._save_state()
            self.store.finish(self.id, report, owner=self.token)
        self._stop.set()
        return report
