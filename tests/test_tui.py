"""The Textual trainer driven through the real app factory with Pilot, as a person would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.interviewer.clock import FrozenClock
from trainer.session.store import SessionStore
from trainer.tui.app import make_app
from trainer.tui.screens.interview import InterviewScreen
from trainer.tui.screens.score import ScoreScreen
from trainer.tui.screens.start import StartScreen
from trainer.tui.widgets.answer_box import AnswerBox
from trainer.tui.widgets.mentor_panel import ItemBox, MentorPanel
from trainer.tui.widgets.transcript import TranscriptView


async def settle(pilot, predicate=None, timeout: float = 20.0) -> None:
    """Wait until the engine worker has answered (or the predicate holds)."""
    waited = 0.0
    while waited < timeout:
        await pilot.pause(0.05)
        waited += 0.05
        if predicate is None or predicate():
            if predicate is None and waited < 0.3:
                continue
            return
    raise AssertionError("timed out waiting for the app")


def messages(app) -> list[tuple[str, str]]:
    return [(m.speaker, m.text) for m in app.screen.query_one(TranscriptView).messages]


def hold_replies(live, limit: float = 10.0):
    """Make the session's replies wait until the returned event is set (a slow engine or LLM)."""
    import threading

    release = threading.Event()
    original = live.submit

    def slow_submit(text: str):
        release.wait(limit)
        return original(text)

    live.submit = slow_submit
    return release


async def type_answer(pilot, text: str) -> None:
    box = pilot.app.screen.query_one(AnswerBox)
    box.focus()
    await pilot.press(*text)
    await pilot.press("enter")


async def test_whole_mock_from_the_start_screen(trainer_home: Path) -> None:
    app = make_app(clock_factory=FrozenClock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.scenarios)
        ids = [s.id for s in app.screen.scenarios]
        assert ids == sorted(ids) and len(ids) == 8 and ids[-1] == "spam_filtering"
        await pilot.press("end", "enter")  # the last one: spam_filtering; Enter moves on to the options
        assert app.focused is not None and app.focused.id == "mode" and isinstance(app.screen, StartScreen)
        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.live is not None and messages(app))
        screen = app.screen
        assert screen.live.resolved.id == "spam_filtering"
        assert messages(app)[0][0] == "interviewer"

        await type_answer(pilot, "What latency budget do we have per email?")
        await settle(pilot, lambda: len(messages(app)) >= 3)
        assert messages(app)[1] == ("candidate", "What latency budget do we have per email?")
        assert "20 ms" in messages(app)[2][1]

        await pilot.press("f2")
        await settle(pilot, lambda: "Hint" in messages(app)[-1][1])
        await pilot.press("f3")
        await settle(pilot, lambda: screen.live.phase.value == "framing")
        await type_answer(pilot, "It is a binary classification of each email, spam or not, with complaints as labels.")
        await settle(pilot, lambda: messages(app)[-1][0] == "interviewer" and len(messages(app)) >= 7)

        await pilot.press("f9", "y")
        await settle(pilot, lambda: isinstance(app.screen, ScoreScreen))
        score = app.screen
        assert score.report.total >= 0 and score.report.level
        await pilot.press("m", "j")
        await settle(pilot, lambda: (trainer_home / "exports" / f"{score.live.id}.json").exists())
        await settle(pilot, lambda: (trainer_home / "exports" / f"{score.live.id}.md").exists())
        exported = json.loads((trainer_home / "exports" / f"{score.live.id}.json").read_text(encoding="utf-8"))
        assert exported["scenario"] == "spam_filtering"

    record = SessionStore().load(score.live.id)
    assert record.ended and record.total == score.report.total
    assert [t.text for t in record.turns if t.speaker.value == "candidate"][:2] == [
        "What latency budget do we have per email?",
        "It is a binary classification of each email, spam or not, with complaints as labels.",
    ]


async def test_typing_never_waits_on_the_engine(trainer_home: Path) -> None:
    app = make_app(scenario="ecommerce_search", clock_factory=FrozenClock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.screen.live is not None)
        release = hold_replies(app.screen.live, limit=5)
        await type_answer(pilot, "I would start with the business goal.")
        await pilot.press(*"still typing")
        box = app.screen.query_one(AnswerBox)
        assert box.text == "still typing"
        release.set()
        await settle(pilot, lambda: messages(app)[-1][0] == "interviewer" and len(messages(app)) >= 3)


async def test_mentor_ticks_grades_and_notes_reach_the_export(trainer_home: Path) -> None:
    app = make_app(scenario="recommendations", mentor=True, clock_factory=FrozenClock)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.screen.live is not None and list(app.screen.query(ItemBox)))
        screen = app.screen
        panel = screen.query_one(MentorPanel)
        first = panel.query(ItemBox).first()
        assert not first.value
        # By keyboard: a click right after the checklist is mounted may land before it is laid out
        # (a loaded machine showed it), and Space on the focused box is what a mentor presses anyway.
        first.focus()
        await settle(pilot, lambda: first.has_focus)
        await pilot.press("space")
        await settle(pilot, lambda: screen.live.mentor.ticks.get(first.item_id) is True)
        notes = panel.query_one("#mentor-notes")
        notes.focus()
        await pilot.press(*"Asked about the goal before anything else")
        await pilot.click("#mentor-save")
        await settle(pilot, lambda: screen.live.mentor.notes)
        screen.live.grade("clarify", 3)
        await pilot.press("f6")  # the mentor types the interviewer's line
        await type_answer(pilot, "Tell me about cold start for new users.")
        await settle(pilot, lambda: messages(app)[-1] == ("interviewer", "Tell me about cold start for new users."))
        await pilot.press("f6")
        await pilot.press("f8")  # pause goes through the engine's queue: wait for it to land
        await settle(pilot, lambda: screen.live.clock.paused and screen.snapshot.paused)
        await pilot.press("f8")
        await settle(pilot, lambda: not screen.live.clock.paused)
        await pilot.press("f9", "y")
        await settle(pilot, lambda: isinstance(app.screen, ScoreScreen))
        session_id = app.screen.live.id
        await pilot.press("m")
        md = trainer_home / "exports" / f"{session_id}.md"
        await settle(pilot, md.exists)
    text = md.read_text(encoding="utf-8")
    assert "Asked about the goal before anything else" in text
    mentor = SessionStore().mentor(session_id).model_dump()
    assert mentor["ticks"][first.item_id] is True
    assert mentor["grades"]["clarify"] == 3
    assert SessionStore().load(session_id).mode == "mentor"


async def test_resume_after_an_abrupt_stop(trainer_home: Path) -> None:
    clock = {"value": None}

    def frozen(start: float) -> FrozenClock:
        clock["value"] = FrozenClock(start)
        return clock["value"]

    app = make_app(scenario="ecommerce_search", clock_factory=frozen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: app.screen.live is not None)
        clock["value"].advance(125)
        await type_answer(pilot, "Which business metric do we optimise, conversion from search to purchase?")
        await settle(pilot, lambda: len(messages(app)) >= 3)
        session_id = app.screen.live.id
    # The app went away without /end: nothing was finished, everything was committed.
    assert SessionStore().latest_unfinished() == session_id

    resumed = make_app(resume=session_id, clock_factory=frozen)
    async with resumed.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: resumed.screen.live is not None and len(messages(resumed)) >= 3)
        shown = messages(resumed)
        assert shown[1] == ("candidate", "Which business metric do we optimise, conversion from search to purchase?")
        assert "Resumed session" in shown[-1][1]
        assert resumed.screen.live.clock.elapsed() == pytest.approx(125, abs=1)
        await type_answer(pilot, "I'd assume about 3,000 RPS at peak and 200 ms at p99.")
        await settle(pilot, lambda: messages(resumed)[-1][0] == "interviewer" and len(messages(resumed)) >= 6)
    assert len(SessionStore().load(session_id).turns) >= 5


async def test_command_palette_offers_the_interview_actions(trainer_home: Path) -> None:
    app = make_app(scenario="spam_filtering", clock_factory=FrozenClock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.screen.live is not None)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Hint", "Next phase", "Interim score", "End interview"} <= set(titles)


async def test_llm_phrasing_streams_into_the_transcript_and_falls_back(trainer_home: Path) -> None:
    from llm_server import FakeLLM, Reply, settings_for

    server = FakeLLM()
    try:
        server.reply(Reply(text="So what should this system change for the business, in your view?", token_delay=0.01))
        app = make_app(scenario="ecommerce_search", clock_factory=FrozenClock, settings=settings_for(server, timeout=5))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot, lambda: app.screen.live is not None)
            await type_answer(pilot, "I would like to understand the business side before choosing any model.")
            await settle(pilot, lambda: messages(app)[-1] == ("interviewer", "So what should this system change for the business, in your view?"))
            assert server.chat_requests[0].body["stream"] is True
            server.reply(Reply(status=500))
            await type_answer(pilot, "I'd assume about 3,000 RPS at peak and a 200 ms budget.")
            await settle(pilot, lambda: len(messages(app)) >= 5 and messages(app)[-1][1] not in ("…", ""))
            engine_line = app.screen.live.turns[-1].text
            assert messages(app)[-1] == ("interviewer", engine_line)
    finally:
        server.close()


async def test_candidate_text_is_shown_as_typed_never_as_markdown(trainer_home: Path) -> None:
    app = make_app(scenario="spam_filtering", clock_factory=FrozenClock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.screen.live is not None and messages(app))
        box = app.screen.query_one(AnswerBox)
        box.text = "# my plan\n- <b>first</b> the goal\n- then [a link](http://x.example)"
        box.focus()
        await pilot.press("enter")
        await settle(pilot, lambda: len(messages(app)) >= 2)
        shown = app.screen.query_one(TranscriptView).messages[1]
        rendered = shown.render()
        assert str(rendered) == "# my plan\n- <b>first</b> the goal\n- then [a link](http://x.example)"


async def test_f9_asks_before_ending_and_no_keeps_the_mock_going(trainer_home: Path) -> None:
    from trainer.tui.screens.confirm import Confirm

    app = make_app(scenario="spam_filtering", clock_factory=FrozenClock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: app.screen.live is not None and messages(app))
        interview = app.screen
        await pilot.press("f9")
        await settle(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")
        await settle(pilot, lambda: app.screen is interview)
        assert not interview.ended and not interview.query_one(AnswerBox).disabled
        await pilot.press("f9")
        await settle(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("escape")
        await settle(pilot, lambda: app.screen is interview)
        await pilot.press("f9", "y")
        await settle(pilot, lambda: isinstance(app.screen, ScoreScreen))


async def test_minutes_out_of_range_are_refused_on_the_start_screen_with_a_reason(trainer_home: Path) -> None:
    from textual.widgets import Input, Label

    app = make_app(clock_factory=FrozenClock)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.scenarios)
        start = app.screen
        for bad in ("0", "-0.5", "500"):
            start.query_one("#minutes", Input).value = bad
            start.action_start()
            await pilot.pause()
            assert app.screen is start
            assert "from 1 to 180" in str(start.query_one("#minutes-label", Label).render())
        start.query_one("#minutes", Input).value = "30"
        start.action_start()
        assert str(start.query_one("#minutes-label", Label).render()) == "Minutes"  # the reason goes with the error
        await settle(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.live is not None)
        assert app.screen.live.minutes == 30


def test_the_score_screen_of_a_mock_held_in_russian_reads_its_comments_and_questions_in_russian() -> None:
    from trainer.content.library import load_library
    from trainer.session.live import LiveSession
    from trainer.tui.screens.score import summary_text

    with SessionStore() as store:
        live = LiveSession(load_library().resolve("content_moderation"), store, clock=FrozenClock())
        live.open()
        live.submit("Какая бизнес-цель и сколько постов в день публикуют?")
        live.submit("Без A/B-теста сразу выкатим модель на всех пользователей, офлайн-метрики и так хорошие.")
        text = summary_text(live.finish(), live).plain
        live.close()
    assert "Красные флаги" in text and "Вы сказали, что выкатите модель на всех без A/B-теста" in text
    assert "Чего не было" in text and "What was missing" not in text
