"""A running mock: the interviewer, its clock and the session store, kept in step.

Shells (the TUI, and `chat`) drive this object; it commits every turn to the
store before the interviewer's reply exists, so no submitted answer is lost.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from trainer.content.library import ResolvedScenario
from trainer.content.models import PHASES, Phase
from trainer.interviewer.clock import MockClock
from trainer.interviewer.engine import Interviewer, Move, Strictness
from trainer.interviewer.state import InterviewState
from trainer.score_report import ScoreReport
from trainer.transcripts import Turn


@dataclass
class MentorInput:
    """What a mentor adds beside the automatic scoring."""

    ticks: dict[str, bool] = field(default_factory=dict)
    notes: list[dict] = field(default_factory=list)
    grades: dict[str, int] = field(default_factory=dict)


class LiveSession:
    def __init__(
        self,
        resolved: ResolvedScenario,
        store,
        *,
        session_id: str | None = None,
        mode: str = "solo",
        strictness: Strictness = "nudge",
        minutes: float | None = None,
        seed: int = 0,
        clock: MockClock | None = None,
    ):
        self.resolved = resolved
        self.store = store
        self.mode = mode
        # The engine worker mutates the interview while the UI thread reads it for the sidebar.
        self.lock = threading.RLock()
        self.mentor = MentorInput()
        turns: list[Turn] = []
        state: InterviewState | None = None
        if session_id is None:
            minutes = minutes or resolved.scenario.minutes
            session_id = store.create(scenario=resolved.id, mode=mode, strictness=strictness, minutes=minutes, seed=seed)
            start_at = 0.0
        else:
            record = store.load(session_id)
            turns, state = record.as_turns(), record.state
            mode, strictness, minutes, seed = record.mode, record.strictness, record.minutes, record.seed  # type: ignore[assignment]
            self.mode = mode
            start_at = max((t.at or 0.0 for t in turns), default=0.0)
            mentor = store.mentor(session_id)
            self.mentor = MentorInput(mentor.get("ticks", {}), mentor.get("notes", []), mentor.get("grades", {}))
        self.id = session_id
        self.minutes = minutes or resolved.scenario.minutes
        self.clock = clock if clock is not None else MockClock(start_at)
        self.interviewer = Interviewer(
            resolved,
            strictness=strictness,
            seed=seed,
            minutes=self.minutes,
            state=state,
            turns=turns,
            on_turn=lambda turn: store.add_turn(session_id, turn),
        )
        self.resumed = bool(turns)

    @property
    def turns(self) -> list[Turn]:
        return self.interviewer.turns

    @property
    def phase(self) -> Phase:
        return self.interviewer.state.phase

    def open(self) -> Move | None:
        """The opening line for a new session; None when resuming (the transcript is already there)."""
        if self.resumed:
            return None
        move = self.interviewer.opening(self.clock.elapsed())
        self.store.save_state(self.id, self.interviewer.state)
        return move

    def submit(self, text: str) -> Move:
        """A candidate message (or /command): committed, then answered."""
        with self.lock:
            move = self.interviewer.reply(text, self.clock.elapsed())
            self.store.save_state(self.id, self.interviewer.state)
        return move

    def say_as_interviewer(self, text: str) -> Turn:
        """A mentor types the interviewer's line instead of the engine's."""
        with self.lock:
            turn = self.interviewer.ask_own_question(text, self.clock.elapsed())
            self.store.save_state(self.id, self.interviewer.state)
        return turn

    # ---- mentor ----------------------------------------------------------------------------

    def tick(self, item: str, ticked: bool) -> None:
        self.mentor.ticks[item] = ticked
        self.store.set_mentor_tick(self.id, item, ticked)

    def note(self, text: str, phase: str | None = None) -> None:
        if text.strip():
            entry = {"phase": phase, "text": text.strip(), "at": self.clock.elapsed()}
            self.mentor.notes.append(entry)
            self.store.add_mentor_note(self.id, text.strip(), phase)

    def grade(self, phase: str, grade: int) -> None:
        self.mentor.grades[phase] = grade
        self.store.set_mentor_grade(self.id, phase, grade)

    # ---- views ----------------------------------------------------------------------------

    def coverage(self, phase: Phase) -> tuple[int, int]:
        items = self.resolved.items_for(phase)
        return sum(1 for i in items if i.id in self.interviewer.credits), len(items)

    def out_of_order(self) -> set[Phase]:
        """Phases the candidate reached by jumping ahead of unvisited earlier ones."""
        visited = self.interviewer.state.visited
        marks = set()
        for index, phase in enumerate(visited):
            earlier = PHASES[: PHASES.index(phase)]
            if any(p not in visited[:index] for p in earlier):
                marks.add(phase)
        return marks

    def score(self) -> ScoreReport:
        return self.interviewer.score()

    def finish(self) -> ScoreReport:
        with self.lock:
            self.interviewer.state.enter(self.phase, self.clock.elapsed())
            self.interviewer.state.ended = True
            report = self.score()
            self.store.save_state(self.id, self.interviewer.state)
            self.store.finish(self.id, report)
        return report
