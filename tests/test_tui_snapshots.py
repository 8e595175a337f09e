"""Snapshots of the main screens at 60x20, 80x24 and 120x40 (pytest-textual-snapshot).

The clock is frozen and the seed fixed, so the screens are the same on every run.
Update after an intended UI change with: pytest tests/test_tui_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from trainer.interviewer.clock import FrozenClock
from trainer.tui.app import make_app
from trainer.tui.screens.interview import InterviewScreen
from trainer.tui.screens.score import ScoreScreen
from trainer.tui.screens.start import StartScreen
from trainer.tui.widgets.answer_box import AnswerBox
from trainer.tui.widgets.transcript import TranscriptView

SIZES = [(60, 20), (80, 24), (120, 40)]


async def wait_for(pilot, predicate, timeout: float = 10.0) -> None:
    waited = 0.0
    while not predicate():
        await pilot.pause(0.05)
        waited += 0.05
        if waited > timeout:
            raise AssertionError("timed out")
    await pilot.pause(0.3)
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.3)


async def answer_first_question(pilot, text: str) -> None:
    """Wait for the interview, type one answer, wait for the interviewer's reply."""
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.live is not None)
    app.screen.query_one(AnswerBox).focus()
    await pilot.press(*text)
    await pilot.press("enter")
    await wait_for(pilot, lambda: len(app.screen.live.turns) >= 3 and len(app.screen.query_one(TranscriptView).messages) >= 3)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_start_screen(snap_compare, size, trainer_home) -> None:
    app = make_app(clock_factory=FrozenClock)

    async def ready(pilot) -> None:
        await wait_for(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.scenarios)

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_interview_screen(snap_compare, size, trainer_home) -> None:
    app = make_app(scenario="spam_filtering", clock_factory=FrozenClock)

    async def answered(pilot) -> None:
        await answer_first_question(pilot, "What latency budget do we have per email?")

    assert snap_compare(app, terminal_size=size, run_before=answered)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_mentor_interview_screen(snap_compare, size, trainer_home) -> None:
    app = make_app(scenario="recommendations", mentor=True, clock_factory=FrozenClock)

    async def ready(pilot) -> None:
        from trainer.tui.widgets.mentor_panel import ItemBox

        # The session is up, its snapshot shown and the mentor's checklist filled (no fixed pause).
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, InterviewScreen)
            and app.screen.snapshot is not None
            and bool(list(app.screen.query(ItemBox))),
        )

    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_score_screen(snap_compare, size, trainer_home) -> None:
    app = make_app(scenario="ecommerce_search", clock_factory=FrozenClock)

    async def ended(pilot) -> None:
        await answer_first_question(pilot, "Which business metric do we optimise, and what latency budget do we have?")
        await pilot.press("f9", "y")
        await wait_for(pilot, lambda: isinstance(app.screen, ScoreScreen))
        app.clear_notifications()

    assert snap_compare(app, terminal_size=size, run_before=ended)
