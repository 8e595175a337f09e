"""The everyday flow from the keyboard, driven with Pilot through the real app factory:
start → options → start, leave and resume, delete a recent session, help, focus and scrolling,
queued answers, talking points, the mentor's notes, and the score screen's next steps."""

from __future__ import annotations

import re
from pathlib import Path

from test_tui import hold_replies, messages, settle, type_answer
from textual.widgets import OptionList

from trainer.interviewer.clock import FrozenClock
from trainer.session.store import SessionStore
from trainer.tui.app import make_app
from trainer.tui.screens.confirm import Confirm
from trainer.tui.screens.help import HelpScreen
from trainer.tui.screens.interview import InterviewScreen, top_line
from trainer.tui.screens.score import ScoreScreen
from trainer.tui.screens.start import StartScreen
from trainer.tui.widgets.answer_box import AnswerBox
from trainer.tui.widgets.key_bar import KeyBar
from trainer.tui.widgets.mentor_panel import ItemBox, MentorPanel
from trainer.tui.widgets.phase_sidebar import PhaseSidebar
from trainer.tui.widgets.toggles import OneOf, Tick
from trainer.tui.widgets.transcript import HEARD_STYLE, TranscriptView


def transcript(app) -> TranscriptView:
    return app.screen.query_one(TranscriptView)


async def started(pilot, scenario: str = "spam_filtering") -> None:
    await settle(pilot, lambda: isinstance(pilot.app.screen, InterviewScreen) and pilot.app.screen.live is not None and messages(pilot.app))


async def test_enter_on_a_scenario_moves_to_the_options_and_ctrl_s_starts_with_them(trainer_home: Path) -> None:
    app = make_app(clock_factory=FrozenClock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.scenarios)
        await pilot.press("down", "enter")  # the second scenario
        wanted = app.screen.scenarios[1].id
        assert isinstance(app.screen, StartScreen) and app.focused.id == "mode"
        await pilot.press("down", "enter")  # Mentor-run mock
        assert app.screen.query_one("#mode", OneOf).value == "mentor"
        await pilot.press("tab")
        assert app.focused.id == "minutes"
        app.focused.value = ""
        await pilot.press(*"30", "tab", "down", "space")  # strictness: from nudge down to strict
        await pilot.press("ctrl+s")
        await started(pilot)
        live = app.screen.live
        assert (live.resolved.id, live.mode, live.minutes, live.strictness) == (wanted, "mentor", 30, "strict")


async def test_esc_leaves_for_the_start_screen_and_the_session_resumes_from_the_first_tab(trainer_home: Path) -> None:
    app = make_app(clock_factory=FrozenClock, scenario="spam_filtering", mentor=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        session_id = app.screen.live.id
        await type_answer(pilot, "What latency budget do we have per email?")
        await settle(pilot, lambda: len(messages(app)) >= 3)
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")  # stay
        await settle(pilot, lambda: isinstance(app.screen, InterviewScreen))
        await pilot.press("escape")
        await settle(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await settle(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.recent)
        record = SessionStore().load(session_id)
        assert not record.ended  # left, not ended: resumable
        recent = app.screen.query_one("#recent", OptionList)
        line = str(recent.get_option_at_index(0).prompt)
        assert "Spam and newsletter filtering" in line and "mentor" in line and "1 answer" in line
        assert not re.search(r"\dT\d", line)  # a date and time, not an ISO timestamp
        await pilot.press("tab")  # from the scenarios to the recent sessions
        assert app.focused is recent
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.live is not None and len(messages(app)) >= 3)
        assert app.screen.live.id == session_id and app.screen.live.mode == "mentor"


async def test_a_recent_session_is_deleted_after_confirming_and_empty_starts_are_not_listed(trainer_home: Path) -> None:
    from trainer.transcripts import Speaker, Turn

    store = SessionStore()
    empty = store.create(scenario="spam_filtering", mode="solo", strictness="nudge", minutes=45, seed=0)
    kept = store.create(scenario="recommendations", mode="solo", strictness="nudge", minutes=45, seed=0)
    store.add_turn(kept, Turn(index=0, speaker=Speaker.INTERVIEWER, text="Opening.", at=0))
    store.add_turn(kept, Turn(index=1, speaker=Speaker.CANDIDATE, text="An answer.", at=1))
    store.close()
    app = make_app(clock_factory=FrozenClock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.recent)
        assert [s.id for s in app.screen.recent] == [kept]  # no "(0 answers)" start to go back to
        app.screen.query_one("#recent", OptionList).focus()
        await pilot.press("delete")
        await settle(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")
        await settle(pilot, lambda: isinstance(app.screen, StartScreen))
        assert SessionStore().summary(kept)
        await pilot.press("delete")
        await settle(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")
        await settle(pilot, lambda: isinstance(app.screen, StartScreen) and not app.screen.recent)
    assert [s.id for s in SessionStore().list()] == [empty]


async def test_f1_help_lists_the_keys_of_the_mode(trainer_home: Path) -> None:
    for mentor in (False, True):
        app = make_app(clock_factory=FrozenClock, scenario="spam_filtering", mentor=mentor)
        async with app.run_test(size=(100, 30)) as pilot:
            await started(pilot)
            await pilot.press("f1")
            await settle(pilot, lambda app=app: isinstance(app.screen, HelpScreen))
            text = " ".join(str(line) for line in app.screen.query_one("#help-text").render_lines(app.screen.region))
            assert "/hint" in text and "F9" in text and "PageUp" in text
            assert ("F6" in text) is mentor
            await pilot.press("escape")
            await settle(pilot, lambda app=app: isinstance(app.screen, InterviewScreen))


async def test_the_transcript_scrolls_from_the_keyboard_and_follows_unless_scrolled_up(trainer_home: Path) -> None:
    app = make_app(clock_factory=FrozenClock, scenario="spam_filtering")
    async with app.run_test(size=(80, 24)) as pilot:
        await started(pilot)
        for n in range(4):
            await type_answer(pilot, f"Question {n}: what latency budget and how many emails per day?")
            await settle(pilot, lambda n=n: len(messages(app)) >= 3 + 2 * n)
        view = transcript(app)
        await settle(pilot, lambda: view.max_scroll_y > 0 and view.scroll_y >= view.max_scroll_y - 1)
        await pilot.press("pageup")  # from the answer box: scrolls the transcript
        await settle(pilot, lambda: view.scroll_y < view.max_scroll_y - 1)
        await pilot.press("f7")
        assert view.has_focus
        await pilot.press("home")
        await settle(pilot, lambda: view.scroll_y == 0)
        assert not view.following
        view.add("system", "a new line while reading back")
        await pilot.pause()
        assert view.scroll_y == 0  # reading back is not interrupted
        await pilot.press("end")
        await settle(pilot, lambda: view.following)
        await pilot.press("x")  # typing in the transcript goes to the answer box
        box = app.screen.query_one(AnswerBox)
        assert box.has_focus and box.text == "x"
        await pilot.resize_terminal(100, 30)
        await settle(pilot, lambda: view.scroll_y >= view.max_scroll_y - 1)


async def test_answers_typed_while_a_reply_is_pending_queue_below_it_in_stored_order(trainer_home: Path) -> None:
    app = make_app(clock_factory=FrozenClock, scenario="spam_filtering")
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        live = app.screen.live
        release = hold_replies(live)
        await type_answer(pilot, "What latency budget do we have per email?")
        await type_answer(pilot, "And how many emails a day?")
        shown = transcript(app).messages
        assert [m.text for m in shown[1:]] == ["What latency budget do we have per email?", "And how many emails a day?"]
        assert not shown[1].queued and shown[2].queued
        release.set()
        await settle(pilot, lambda: len(messages(app)) >= 5 and not app.screen.pending)
        stored = [(t.speaker.value, t.text) for t in live.turns]
        assert messages(app) == stored
        assert not any(m.queued for m in transcript(app).messages)


async def test_credited_words_are_highlighted_as_they_land_and_ctrl_t_hides_them(trainer_home: Path) -> None:
    app = make_app(clock_factory=FrozenClock, scenario="spam_filtering")
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        answer = "What latency budget do we have per email, and how many emails a day at peak?"
        await type_answer(pilot, answer)
        await settle(pilot, lambda: len(messages(app)) >= 3)
        message = transcript(app).messages[1]
        assert message.heard, "the latency and scale terms earn credit"
        words = [answer[start:end].lower() for start, end, _ in message.heard]
        assert any("latency" in w for w in words)
        styled = [span for span in message.render().spans if str(span.style) == HEARD_STYLE]
        assert styled and "heard:" in str(message.border_subtitle)
        sidebar = str(app.screen.query_one(PhaseSidebar).render())
        assert "✓ Asks for latency" in sidebar  # the item the words earned, under the current phase
        await pilot.press("ctrl+t")
        assert not [span for span in message.render().spans if str(span.style) == HEARD_STYLE]
        await pilot.press("ctrl+t")
        assert [span for span in message.render().spans if str(span.style) == HEARD_STYLE]


async def test_a_phase_left_with_nothing_covered_is_not_ticked_and_the_interim_score_says_what_it_covers(trainer_home: Path) -> None:
    app = make_app(clock_factory=FrozenClock, scenario="spam_filtering")
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        await pilot.press("f3")
        await settle(pilot, lambda: app.screen.snapshot is not None and app.screen.snapshot.phase.value == "framing")
        sidebar = str(app.screen.query_one(PhaseSidebar).render())
        assert "· Clarify" in sidebar and "✓ Clarify" not in sidebar
        await pilot.press("f5")
        await settle(pilot, lambda: "Interim score" in messages(app)[-1][1])
        line = messages(app)[-1][1]
        assert "after 2 of 9 phases" in line and "Still open:" in line and "monitoring" in line
        assert not app._notifications  # in the transcript, not a toast over the answer box


async def test_f6_focuses_the_box_and_slash_commands_work_in_interviewer_mode(trainer_home: Path) -> None:
    app = make_app(clock_factory=FrozenClock, scenario="recommendations", mentor=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.screen.live is not None and list(app.screen.query(ItemBox)))
        await pilot.press("tab")
        assert isinstance(app.focused, ItemBox)  # the first Tab lands on the first checkbox
        first = app.focused
        await pilot.press("down")
        assert isinstance(app.focused, ItemBox) and app.focused is not first  # Down: the next item
        await pilot.press("up")
        assert app.focused is first
        await pilot.press("f6")
        box = app.screen.query_one(AnswerBox)
        assert box.has_focus and app.screen.speak_as == "interviewer"
        turns = len(app.screen.live.turns)
        await type_answer(pilot, "/hint")
        await settle(pilot, lambda: "Hint" in messages(app)[-1][1])
        assert not any(t.text == "/hint" for t in app.screen.live.turns)
        assert ("interviewer", "/hint") not in messages(app) and len(app.screen.live.turns) >= turns
        await type_answer(pilot, "/end")
        await settle(pilot, lambda: isinstance(app.screen, ScoreScreen))


async def test_mentor_notes_stay_listed_and_can_be_edited(trainer_home: Path) -> None:
    app = make_app(clock_factory=FrozenClock, scenario="recommendations", mentor=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, lambda: app.screen.live is not None and list(app.screen.query(ItemBox)))
        panel = app.screen.query_one(MentorPanel)
        notes = panel.query_one("#mentor-notes")
        await pilot.press("ctrl+n")  # from the answer box straight to the note box
        assert notes.has_focus
        await pilot.press(*"Asks about the goal first", "enter")  # Enter saves the note
        listing = panel.query_one("#mentor-notes-list", OptionList)
        await settle(pilot, lambda: listing.option_count == 1)
        assert "Clarify 0:00 · Asks about the goal first" in str(listing.get_option_at_index(0).prompt)
        listing.focus()
        await pilot.press("enter")
        assert notes.has_focus and notes.text == "Asks about the goal first"
        notes.text = "Asks about the goal and the metric first"
        await pilot.click("#mentor-save")
        await settle(pilot, lambda: "metric" in str(listing.get_option_at_index(0).prompt))
        session_id = app.screen.live.id
        assert listing.option_count == 1
    assert [n["text"] for n in SessionStore().mentor(session_id).model_dump()["notes"]] == ["Asks about the goal and the metric first"]


async def test_the_score_screen_starts_another_mock_or_goes_back_to_the_start(trainer_home: Path) -> None:
    app = make_app(clock_factory=FrozenClock, scenario="spam_filtering", minutes=20, strictness="strict")
    async with app.run_test(size=(100, 30)) as pilot:
        await started(pilot)
        first = app.screen.live.id
        await pilot.press("f9", "y")
        await settle(pilot, lambda: isinstance(app.screen, ScoreScreen))
        assert "Scoring the interview" not in str(app._notifications)
        await pilot.press("n")
        await started(pilot)
        live = app.screen.live
        assert live.id != first and (live.resolved.id, live.minutes, live.strictness) == ("spam_filtering", 20, "strict")
        await pilot.press("f9", "y")
        await settle(pilot, lambda: isinstance(app.screen, ScoreScreen))
        await pilot.press("c")  # continue the mock just ended: the same session, open again
        await settle(pilot, lambda: isinstance(app.screen, InterviewScreen) and app.screen.live is not None)
        assert app.screen.live.id == live.id and not app.screen.live.ended
        await pilot.press("f9", "y")
        await settle(pilot, lambda: isinstance(app.screen, ScoreScreen))
        await pilot.press("s")
        await settle(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.scenarios)


async def test_the_start_screen_fits_60x20_by_scrolling_and_80x24_without_cutting_the_llm_line(trainer_home: Path) -> None:
    app = make_app(clock_factory=FrozenClock)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.scenarios)
        start = app.screen.query_one("#start")
        start.focus()
        # Focus scrolls it into view on a later refresh: wait for that, not for a fixed pause.
        await settle(pilot, lambda: 0 < start.region.height and start.region.bottom <= 20 - 1)
        assert start.region.bottom <= 20 - 1 and start.region.height > 0  # scrolled into view, above the footer
    app = make_app(clock_factory=FrozenClock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.scenarios)
        status = app.screen.query_one("#llm-status")
        lines = [str(line.text).strip() for line in status.render_lines(status.region.reset_offset)]
        assert " ".join(line for line in lines if line) == "LLM: offline (keyword engine)"


async def test_the_key_bar_shows_the_screens_keys_and_a_click_on_one_presses_it(trainer_home: Path) -> None:
    app = make_app(clock_factory=FrozenClock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, lambda: isinstance(app.screen, StartScreen) and app.screen.scenarios)
        first = app.screen.scenarios[0].id  # highlighted
        shown = app.screen.query_one(KeyBar).render().plain
        assert shown.startswith(" ^s Start  del Delete session  q Quit ") and shown.endswith("▏^p palette ")
        assert len(shown) == 80
        await pilot.click(KeyBar, offset=(shown.index("Start"), 0))  # as pressing ctrl+s
        await started(pilot)
        assert app.screen.live.resolved.id == first
        keys = app.screen.query_one(KeyBar).render().plain
        assert "f9 End" in keys and "palette" not in keys  # the interview's keys, compact, all within 80 columns
        assert len(keys.rstrip()) <= 80
        await pilot.press("f9", "y")
        await settle(pilot, lambda: isinstance(app.screen, ScoreScreen))
        keys = app.screen.query_one(KeyBar).render().plain
        assert "q Quit" in keys and "palette" not in keys and len(keys) <= 80  # no room left for it: left out, not cut


def test_the_top_bar_always_keeps_the_mock_clock_and_the_paused_mark() -> None:
    title = "Spam and newsletter filtering for a large webmail service · mentor"
    for width in (40, 58, 78, 118):
        line = top_line(title, "Offline metrics", 61, 300, 754, 2700, True, width)
        assert len(line) <= width and "mock 12:34/45:00" in line and "PAUSED" in line
    assert top_line(title, "Clarify", 0, 360, 0, 2700, False, 118).startswith(title)


async def test_choices_and_checkboxes_differ_by_glyph_not_only_colour() -> None:
    from textual.app import App

    class Toggles(App):
        def compose(self):
            yield OneOf([("a", "first"), ("b", "second")], "a")
            yield Tick("on", value=True)
            yield Tick("off")

    app = Toggles()
    async with app.run_test(size=(40, 10)) as pilot:
        choice, ticks = app.query_one(OneOf), list(app.query(Tick))

        def prompts() -> list[str]:
            return [str(choice.get_option_at_index(i).prompt) for i in range(choice.option_count)]

        assert prompts() == ["● first", "○ second"]
        choice.focus()
        await pilot.press("down", "enter")
        assert choice.value == "b" and prompts() == ["○ first", "● second"]
        await pilot.click(OneOf, offset=(2, 0))  # a click on a line chooses it
        assert choice.value == "a" and prompts() == ["● first", "○ second"]
        assert ticks[0]._button.plain != ticks[1]._button.plain
        ticks[1].value = True
        assert ticks[1]._button.plain == ticks[0]._button.plain


async def test_css_ids_name_one_kind_of_widget(trainer_home: Path) -> None:
    from trainer.tui import app as app_module

    css = (Path(app_module.__file__).parent / "app.tcss").read_text(encoding="utf-8")
    css_ids = set(re.findall(r"#([A-Za-z][\w-]*)", css))
    kinds: dict[str, set[str]] = {}
    for kwargs in ({}, {"scenario": "recommendations", "mentor": True}):
        app = make_app(clock_factory=FrozenClock, **kwargs)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, lambda app=app: (isinstance(app.screen, StartScreen) and app.screen.scenarios) or (
                isinstance(app.screen, InterviewScreen) and app.screen.snapshot is not None))
            for widget in app.screen.query("*"):
                if widget.id in css_ids:
                    kinds.setdefault(widget.id, set()).add(type(widget).__name__)
    assert kinds and all(len(names) == 1 for names in kinds.values()), kinds
    assert kinds["mentor"] == {"MentorPanel"}
