"""The offline interviewer, driven through scripted conversations on every bundled scenario."""

from __future__ import annotations

import pytest

from trainer.content.library import load_library
from trainer.content.models import Phase
from trainer.interviewer import lines
from trainer.interviewer.engine import Interviewer

SCENARIOS = ("ecommerce_search", "recommendations", "spam_filtering")
LATENCY_NUMBER = {"ecommerce_search": "300 ms", "recommendations": "200 ms", "spam_filtering": "20 ms"}


@pytest.fixture(scope="module")
def library():
    return load_library(include_user=False)


def start(library, scenario_id: str, **kwargs) -> Interviewer:
    interviewer = Interviewer(library.resolve(scenario_id), **kwargs)
    interviewer.opening(0.0)
    return interviewer


def start_in(library, scenario_id: str, phase: Phase, **kwargs) -> Interviewer:
    """An interview already in `phase` (entered at 5 s), for a reply about that phase."""
    interviewer = start(library, scenario_id, **kwargs)
    interviewer.state.enter(phase, 5.0)
    return interviewer


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_opening_is_the_scenario_opening(library, scenario_id: str) -> None:
    interviewer = Interviewer(library.resolve(scenario_id))
    move = interviewer.opening(0.0)
    assert move.kind == "opening"
    assert move.text == library.scenarios[scenario_id].opening.strip()


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_latency_question_is_answered_with_the_facts_number(library, scenario_id: str) -> None:
    interviewer = start(library, scenario_id)
    move = interviewer.reply("What latency budget do we have for a response?", 20.0)
    assert move.kind == "answer"
    assert "facts.latency" in move.facts
    assert LATENCY_NUMBER[scenario_id] in move.text


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_several_questions_get_several_answers(library, scenario_id: str) -> None:
    interviewer = start(library, scenario_id)
    move = interviewer.reply("What is the business goal? And what latency do we need to hit?", 20.0)
    assert move.kind == "answer"
    assert {"facts.business_goal", "facts.latency"} <= set(move.facts)


def test_russian_question_is_answered(library) -> None:
    interviewer = start(library, "spam_filtering")
    move = interviewer.reply("Какое время ответа допустимо, сколько миллисекунд на письмо?", 20.0)
    assert "facts.latency" in move.facts and "20 мс" in move.text  # answered in the candidate's language


def test_a_number_the_facts_sheet_lacks_is_to_be_assumed_once_and_a_design_question_is_the_candidates(library) -> None:
    interviewer = start(library, "ecommerce_search")
    move = interviewer.reply("How many parking spots does the office building have?", 20.0)
    assert move.kind == "answer" and "assume a reasonable value" in move.text
    again = interviewer.reply("And how many meeting rooms are there in that building?", 30.0)
    assert "assume a reasonable value" not in again.text  # said once, not after every question
    design = interviewer.reply("Should the test set be split randomly or by time, do you think?", 40.0)
    assert design.kind == "your_call" and design.text in lines.EN.your_call


def test_a_fact_is_not_read_out_again_for_a_question_in_passing(library) -> None:
    interviewer = start(library, "spam_filtering")
    first = interviewer.reply("What latency budget do we have per email?", 20.0)
    assert "facts.latency" in first.facts
    later = interviewer.reply(
        "I'd use gradient boosting over header features, and given the latency budget per email we have, would a cascade be fine?", 40.0)
    assert "facts.latency" not in later.facts
    asked = interviewer.reply("What was the latency budget again?", 60.0)
    assert "facts.latency" in asked.facts  # asked for again, outright: given again


def test_not_sure_followed_by_a_facts_question_gets_the_fact(library) -> None:
    interviewer = start(library, "spam_filtering")
    move = interviewer.reply("Not sure about that. What latency budget do we have per email?", 20.0)
    assert move.kind == "answer" and "facts.latency" in move.facts


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_jump_to_deployment_first_is_steered_back(library, scenario_id: str) -> None:
    interviewer = start(library, scenario_id)
    move = interviewer.reply("I'd package it with Docker, deploy on Kubernetes and roll out with a canary.", 30.0)
    assert move.kind == "steer"
    assert move.phase is Phase.CLARIFY
    assert interviewer.state.phase is Phase.CLARIFY
    assert move.item is not None and move.item.startswith("clarify.")


def test_jump_ahead_from_data_names_what_was_missed(library) -> None:
    interviewer = start(library, "recommendations", strictness="strict")
    interviewer.state.enter(Phase.DATA, 60.0)
    move = interviewer.reply("Then we monitor data drift with Evidently and alert the on-call engineer when PSI grows.", 90.0)
    assert move.kind == "steer"
    assert "data" in move.text and move.item and move.item.startswith(("data.", "recs."))


def test_nudge_steers_once_then_follows_strict_keeps_steering_off_never_steers(library) -> None:
    deploy = "We'd deploy it in Docker on Kubernetes behind a load balancer with a canary rollout."
    nudge = start(library, "ecommerce_search", strictness="nudge")
    assert nudge.reply(deploy, 10.0).kind == "steer"
    assert nudge.reply(deploy, 20.0).kind != "steer"
    assert nudge.state.phase is Phase.DEPLOY
    strict = start(library, "ecommerce_search", strictness="strict")
    assert strict.reply(deploy, 10.0).kind == "steer"
    assert strict.reply(deploy, 20.0).kind == "steer"
    assert strict.state.phase is Phase.CLARIFY
    off = start(library, "ecommerce_search", strictness="off")
    assert off.reply(deploy, 10.0).kind != "steer"
    assert off.state.phase is Phase.DEPLOY


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_hint_names_an_uncovered_item_of_the_current_phase(library, scenario_id: str) -> None:
    interviewer = start(library, scenario_id)
    interviewer.reply("The business goal matters most: I'd optimise conversion because it is revenue.", 30.0)
    move = interviewer.reply("/hint", 40.0)
    assert move.kind == "hint"
    item = interviewer.resolved.item_by_id[move.item]
    assert item.phase is Phase.CLARIFY
    assert move.item not in interviewer.credits
    assert "Hint" in move.text


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_covered_or_asked_items_are_never_asked_again(library, scenario_id: str) -> None:
    interviewer = start(library, scenario_id)
    interviewer.reply(
        "First the business goal: which business metric do we optimise, conversion or revenue? "
        "I'd assume a latency budget of 200 ms and about 3,000 RPS at peak.",
        30.0,
    )
    covered_now = set(interviewer.credits)
    assert "clarify.business_goal" in covered_now
    asked: list[str] = []
    for i in range(12):
        move = interviewer.reply(
            "For this part I would start simple with what the business already has and iterate on the requirements.",
            60.0 + i,
        )
        if move.item and move.kind in ("followup", "transition", "steer", "dont_know"):
            assert move.item not in asked, f"{move.item} asked twice"
            assert move.item not in covered_now
            asked.append(move.item)
    assert len(asked) >= 6


def test_spent_budget_moves_the_phase_on(library) -> None:
    interviewer = start(library, "spam_filtering")
    budget = interviewer.budget_seconds(Phase.CLARIFY)
    move = interviewer.reply("I think the main thing is to keep good mail in the inbox for users.", budget + 5)
    assert move.kind == "transition"
    assert interviewer.state.phase is Phase.FRAMING
    assert "out of time" in move.text or "budget" in move.text


def test_minutes_scale_the_budgets(library) -> None:
    short = Interviewer(library.resolve("spam_filtering"), minutes=20)
    full = Interviewer(library.resolve("spam_filtering"))
    assert short.budget_seconds(Phase.DATA) == pytest.approx(full.budget_seconds(Phase.DATA) * 20 / 45)


def test_empty_short_nonsense_dont_know_and_solve_for_me(library) -> None:
    interviewer = start(library, "ecommerce_search")
    first = interviewer.reply("I'd start with the business goal and what the search should do for users.", 10.0)
    assert interviewer.reply("", 11.0).kind == "empty"
    assert interviewer.reply("   ", 11.0).kind == "empty"
    assert interviewer.reply("ok", 12.0).kind == "short"
    assert interviewer.reply("asdf qwerty zxcv lorem ipsum dolor", 13.0).kind == "off_topic"
    before = interviewer.state.current_item
    dont_know = interviewer.reply("I don't know", 14.0)
    assert dont_know.kind in ("dont_know", "transition")
    assert before in interviewer.state.declined
    solve = interviewer.reply("Can you just tell me the answer?", 15.0)
    assert solve.kind == "solve_for_me"
    assert first.kind in ("followup", "transition")
    assert interviewer.reply("Не знаю", 16.0).kind in ("dont_know", "transition")


def test_move_on_next_and_skip(library) -> None:
    interviewer = start(library, "recommendations")
    move = interviewer.reply("Let's move on to the next phase.", 10.0)
    assert move.kind == "transition" and interviewer.state.phase is Phase.FRAMING
    interviewer.reply("/next", 20.0)
    assert interviewer.state.phase is Phase.DATA
    current = interviewer.state.current_item
    skip = interviewer.reply("/skip", 25.0)
    assert current in interviewer.state.skipped
    assert skip.item != current


def test_commands_without_side_effects(library) -> None:
    interviewer = start(library, "spam_filtering")
    turns = len(interviewer.turns)
    phase = interviewer.reply("/phase", 100.0)
    assert "clarify" in phase.text and not phase.recorded
    time = interviewer.reply("/time", 100.0)
    assert "1:40" in time.text
    score = interviewer.reply("/score", 100.0)
    assert score.report is not None and "Interim score" in score.text
    assert "/hint" in interviewer.reply("/help", 100.0).text
    assert len(interviewer.turns) == turns
    end = interviewer.reply("/end", 120.0)
    assert end.kind == "end" and interviewer.state.ended


def test_same_inputs_same_replies_and_seed_changes_phrasing(library) -> None:
    script = [
        "What latency do we need?",
        "The goal is conversion from search to purchase, I'd assume 3,000 RPS.",
        "ok",
        "I don't know",
        "We'd use click logs and purchases from the last year.",
        "/next",
    ]

    def play(seed: int) -> list[str]:
        interviewer = start(library, "ecommerce_search", seed=seed)
        return [interviewer.reply(line, 10.0 * i).text for i, line in enumerate(script, 1)]

    assert play(3) == play(3)
    assert any(play(s) != play(3) for s in range(4, 12))


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_direct_answer_to_the_question_is_never_jumping_ahead(library, scenario_id: str) -> None:
    interviewer = start(library, scenario_id)
    interviewer.ask_own_question("What result after two quarters would let you call this a success?", 20.0)
    assert interviewer.reply("+3% GMV in an A/B test", 30.0).kind != "steer"
    interviewer.ask_own_question("Who goes into which group, and for how long does the test run?", 40.0)
    assert interviewer.reply("Split by recipient mailbox, for two weeks.", 50.0).kind != "steer"


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_a_solution_in_reply_to_a_business_question_is_still_a_jump(library, scenario_id: str) -> None:
    interviewer = start(library, scenario_id)
    interviewer.ask_own_question("Which business metric should this move?", 20.0)
    assert interviewer.reply("I'd use a two-tower model with ANN retrieval and a GBDT ranker.", 30.0).kind == "steer"


def test_nudge_steers_at_most_once_per_phase_visit_whatever_phase_is_named_next(library) -> None:
    nudge = start(library, "spam_filtering", strictness="nudge")
    assert nudge.reply("We'd deploy it in Docker on Kubernetes behind a load balancer with a canary rollout.", 10.0).kind == "steer"
    later = nudge.reply("Then monitoring: data drift with PSI, alerts on p99 latency and on the error rate.", 20.0)
    assert later.kind != "steer"  # a second jump, to another phase, in the same visit: followed
    assert sum(1 for key in nudge.state.steered if key.startswith("clarify@")) == 1


def test_facts_answer_questions_put_to_the_interviewer_not_thinking_aloud(library) -> None:
    spam = library.resolve("spam_filtering")

    def first_reply(text: str):
        interviewer = Interviewer(spam, seed=0)
        interviewer.opening(0.0)
        return interviewer.reply(text, 10.0)

    told = first_reply("Just tell me the answer, what latency do we have?")
    assert told.kind == "answer" and "20 ms" in told.text  # a facts question, however it is phrased
    rhetorical = first_reply("Is ML needed at all? Partly no: hard rules catch known senders, but new campaigns need a model.")
    assert rhetorical.kind != "answer" and "assume" not in rhetorical.text.lower()
    for aloud in ("Moving on?", "Umm, classification?"):
        reply = first_reply(aloud)
        assert "don't have a number" not in reply.text and spam.scenario.opening.strip() not in reply.text
    mixed = first_reply("What latency budget do we have? And what colour is the CEO's car?")
    assert "20 ms" in mixed.text and "don't have a number" not in mixed.text  # never "assume" after real facts


def test_unknown_commands_and_commands_with_text_are_said_and_never_stored(library) -> None:
    interviewer = start(library, "spam_filtering")
    unknown = interviewer.reply("/foo", 5.0)
    assert unknown.kind == "help" and "Unknown command /foo" in unknown.text and not unknown.recorded
    with_text = interviewer.reply("/hint what about the latency budget", 6.0)
    assert with_text.kind == "help" and "/hint" in with_text.text and "Nothing was sent" in with_text.text
    assert [t.speaker.value for t in interviewer.turns] == ["interviewer"]  # neither became an answer
    path = interviewer.reply("/v1/models is where the server lists models, so we'd check it in the health probe.", 7.0)
    assert path.kind != "help" and interviewer.turns[1].speaker.value == "candidate"


def test_both_voices_have_every_line_with_the_same_placeholders() -> None:
    import dataclasses
    import string

    from trainer.interviewer import lines

    def slots(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for field in dataclasses.fields(lines.Voice):
        en, ru = getattr(lines.EN, field.name), getattr(lines.RU, field.name)
        if isinstance(en, dict):
            assert set(en) == set(ru), field.name
        elif isinstance(en, list):
            assert ru and {frozenset(slots(t)) for t in en} == {frozenset(slots(t)) for t in ru}, field.name
        else:
            assert slots(en) == slots(ru), field.name


def test_the_reply_follows_the_language_of_the_latest_message(library) -> None:
    from trainer.interviewer.lines import language_of

    assert language_of("Используем two-tower модель и ANN для кандидатов") == "ru"  # code-switched, Russian-dominant
    assert language_of("We'd use a two-tower model, как обычно") == "en"
    interviewer = start(library, "spam_filtering")
    reply = interviewer.reply("Сначала уточню бизнес-цель: мы хотим меньше жалоб на спам во входящих, так?", 10.0)
    assert language_of(reply.text) == "ru", reply.text
    reply = interviewer.reply("Okay, switching to English: the main metric would be complaint rate per thousand users.", 20.0)
    assert language_of(reply.text) == "en", reply.text


def test_a_mistake_just_said_is_pushed_back_on_once_not_endorsed(library) -> None:
    spam = library.resolve("spam_filtering")
    interviewer = Interviewer(spam, seed=0)
    interviewer.opening(0.0)
    interviewer.state.enter(Phase.OFFLINE_METRICS, 5.0)
    move = interviewer.reply("I think accuracy is the best metric for spam.", 10.0)
    assert move.kind == "challenge" and "accuracy" in move.text and "Makes sense" not in move.text
    again = interviewer.reply("Accuracy again, it's the simplest metric to explain to the product team.", 20.0)
    assert again.kind != "challenge"  # once per session per mistake

    excused = Interviewer(spam, seed=0)
    excused.opening(0.0)
    excused.state.enter(Phase.DATA, 5.0)
    move = excused.reply("A random split would leak the future, so we split by time: train on weeks 1-8, test on 9-10.", 10.0)
    assert move.kind != "challenge"

    russian = Interviewer(spam, seed=0)
    russian.opening(0.0)
    russian.state.enter(Phase.DATA, 5.0)
    move = russian.reply("Сделаем случайное разбиение на трейн и тест, 80 на 20.", 10.0)
    assert move.kind == "challenge" and "выборка" in move.text


def test_pressing_next_through_everything_says_what_was_not_discussed(library) -> None:
    interviewer = start(library, "spam_filtering")
    interviewer.reply("The business goal: fewer spam complaints per thousand users, and latency under 20 ms.", 10.0)
    moves = [interviewer.reply("/next", 20.0 + n) for n in range(9)]
    wrap = next(m for m in moves if m.kind == "wrap_up")
    assert "covered every phase" not in wrap.text
    assert "We did not get to" in wrap.text and "monitoring" in wrap.text and "clarifying" not in wrap.text
    assert not any("that covers" in m.text for m in moves[1:])  # nothing was said in them


def test_no_doubled_acknowledgement_before_a_transition(library) -> None:
    from trainer.interviewer import lines

    assert lines.without_leading_ack("Good. Let's move on to data.") == "Let's move on to data."
    assert lines.without_leading_ack("Thanks, that covers data. Now model training.") == "That covers data. Now model training."
    assert lines.without_leading_ack("Хорошо. Переходим к следующей теме: данные.") == "Переходим к следующей теме: данные."
    for scenario_id in SCENARIOS:
        interviewer = start(library, scenario_id, seed=3)
        replies = [interviewer.reply("/next", 10.0 + n).text for n in range(3)]
        replies += [interviewer.reply("We log every impression and split by time, with the last week as test.", 40.0).text]
        for text in replies:
            words = text.split()
            assert not (len(words) > 1 and words[0].rstrip(".,—") == words[1].rstrip(".,—")), text
            for ack in (*lines.EN.acks, *lines.RU.acks):
                assert f"{ack} {ack}" not in text and not (text.startswith(ack) and " Good. " in text[: len(ack) + 8]), text


def test_a_neighbouring_scenario_is_judged_close_not_off_topic(library) -> None:
    from trainer.engine.scorer import score_transcript
    from trainer.transcripts import parse_text

    spam_answer = parse_text(
        "Interviewer: Design it.\n"
        "Candidate: Every incoming email gets a spam score from sender reputation, DKIM and SPF checks and the text; "
        "the inbox shows only mail below the threshold, and users pressing This is spam give us labels.\n"
    )
    moderation = library.resolve("content_moderation")
    assert "spam" in moderation.scenario.related_domain.en  # spam's domain words, through `related`
    fit_related = score_transcript(moderation, spam_answer).scenario_fit
    fit_unrelated = score_transcript(library.resolve("eta_prediction"), spam_answer).scenario_fit
    assert fit_related > fit_unrelated


# ---- drill-downs on the candidate's own choices ----------------------------------------------


def _with_drill(library, scenario_id: str = "recommendations"):
    """The scenario with one drill-down of the test's own (independent of the bundled wording)."""
    from trainer.content.library import ResolvedScenario
    from trainer.content.models import DrillDown, Lexicon

    resolved = library.resolve(scenario_id)
    drill = DrillDown(
        id="test_two_tower",
        item="recs.ranking_model",
        concept=Lexicon(en=["two-tower"], ru=["двухбашенная модель"]),
        question="You chose a two-tower model — how would you pick the negatives?",
        question_ru="Вы выбрали двухбашенную модель — как будете выбирать негативы?",
        answered_by=Lexicon(en=["in-batch negatives"], ru=["негативы из батча"]),
    )
    rubric = resolved.rubric.model_copy(update={"drilldowns": [drill]})
    return ResolvedScenario(scenario=resolved.scenario.model_copy(update={"drilldowns": []}), rubric=rubric)


def _in_phase(resolved, phase: Phase) -> Interviewer:
    from trainer.content.models import PHASES
    from trainer.interviewer.state import InterviewState

    state = InterviewState(phase=phase, visited=list(PHASES[: PHASES.index(phase) + 1]))
    interviewer = Interviewer(resolved, state=state)
    interviewer.opening(0.0)
    return interviewer


def test_a_technique_the_candidate_commits_to_gets_one_drill_down_per_visit(library) -> None:
    interviewer = _in_phase(_with_drill(library), Phase.TRAINING)
    move = interviewer.reply("For the ranker I'd train a two-tower model on click logs and serve it from an ANN index.", 10.0)
    assert (move.kind, move.item) == ("drilldown", "recs.ranking_model")
    assert move.text == "You chose a two-tower model — how would you pick the negatives?"
    again = interviewer.reply("The two-tower model would be retrained daily on the last month of clicks and purchases.", 20.0)
    assert again.kind != "drilldown"  # once per phase visit, once per session


def test_no_drill_down_on_a_negated_choice_a_justified_one_or_another_phase(library) -> None:
    resolved = _with_drill(library)
    negated = _in_phase(resolved, Phase.TRAINING).reply(
        "I would not use a two-tower model here; a GBDT ranker over engineered features is enough.", 10.0)
    justified = _in_phase(resolved, Phase.TRAINING).reply(
        "A two-tower model trained with in-batch negatives and a popularity correction on the logits.", 10.0)
    elsewhere = _in_phase(resolved, Phase.DATA).reply(
        "We log impressions, clicks and orders; later a two-tower model will learn from exactly these logs.", 10.0)
    assert negated.kind != "drilldown" and justified.kind != "drilldown" and elsewhere.kind != "drilldown"


def test_a_drill_down_is_asked_in_the_candidates_language(library) -> None:
    interviewer = _in_phase(_with_drill(library), Phase.TRAINING)
    move = interviewer.reply("Для ранжирования обучу двухбашенную модель на кликах и буду отдавать кандидатов через ANN-индекс.", 10.0)
    assert move.kind == "drilldown" and move.text.startswith("Вы выбрали двухбашенную модель")


# ---- requests to change topic -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "phase"),
    [
        ("Can we talk about how to measure if the model is good?", Phase.OFFLINE_METRICS),
        ("Let's move on to deployment.", Phase.DEPLOY),
        ("Давайте обсудим мониторинг?", Phase.MONITORING),
        ("What about the data?", Phase.DATA),
    ],
)
def test_a_request_to_change_topic_is_followed(library, request_text: str, phase: Phase) -> None:
    interviewer = start(library, "spam_filtering")
    move = interviewer.reply(request_text, 20.0)
    assert move.kind == "topic" and interviewer.state.phase is phase and move.phase is phase


def test_strict_covers_the_current_phase_first_says_so_then_goes_where_asked(library) -> None:
    interviewer = start(library, "spam_filtering", strictness="strict")
    move = interviewer.reply("Can we talk about deployment?", 20.0)
    assert move.kind == "topic_later" and interviewer.state.phase is Phase.CLARIFY
    assert move.text.startswith("We'll get to deployment as soon as clarifying the problem is covered.")
    nxt = interviewer.reply("/next", 40.0)
    assert nxt.kind == "transition" and interviewer.state.phase is Phase.DEPLOY


def test_what_about_inside_a_long_answer_is_not_a_topic_request(library) -> None:
    interviewer = start(library, "recommendations")
    move = interviewer.reply(
        "I'd start with the business goal, GMV from the home page. What about cold start? New users would get "
        "popular items by category until we have a few clicks from them.", 20.0)
    assert move.kind != "topic"


def test_a_mistake_said_while_talking_about_another_phase_is_still_challenged(library) -> None:
    from trainer.content.models import PHASES
    from trainer.interviewer.state import InterviewState

    resolved = library.resolve("content_moderation")

    def in_phase(phase: Phase) -> Interviewer:
        interviewer = Interviewer(resolved, state=InterviewState(phase=phase, visited=list(PHASES[: PHASES.index(phase) + 1])))
        interviewer.opening(0.0)
        return interviewer

    metric = in_phase(Phase.TRAINING).reply(
        "A logistic regression baseline first. I'd compare the models by accuracy on the test month — that is the main metric.", 10.0)
    labels = in_phase(Phase.DATA).reply(
        "The labels come from reviewers, and we check the accuracy of the labels with a second reviewer on a sample.", 10.0)
    assert metric.kind == "challenge" and labels.kind != "challenge"


def test_a_topic_request_that_opens_a_sentence_at_the_end_of_an_answer_is_followed(library) -> None:
    interviewer = start(library, "content_moderation")
    move = interviewer.reply(
        "Есть около 250 тысяч решений модераторов в день и решения по апелляциям. Собрать больше: случайная выборка "
        "постов на разметку. Давайте обсудим метрики, мне кажется, это важнее.", 20.0)
    assert move.kind == "topic" and interviewer.state.phase is Phase.OFFLINE_METRICS


def test_an_answer_that_flows_into_the_next_phase_is_followed_not_scolded(library) -> None:
    from trainer.content.models import PHASES
    from trainer.interviewer.state import InterviewState

    state = InterviewState(phase=Phase.TRAINING, visited=list(PHASES[:4]))
    interviewer = Interviewer(library.resolve("ads_ranking"), state=state)
    interviewer.opening(0.0)
    interviewer.ask_own_question("Once it is trained, what happens to a request?", 10.0)
    move = interviewer.reply("Online inference: the ranker scores about 500 candidates per request in 20 ms, with user features from a cache.", 20.0)
    assert move.kind != "steer" and interviewer.state.phase is Phase.INFERENCE


def test_past_clarifying_an_answer_to_the_question_is_never_scolded_and_never_re_asked(library) -> None:
    from trainer.content.models import PHASES
    from trainer.interviewer.state import InterviewState

    interviewer = Interviewer(library.resolve("spam_filtering"), state=InterviewState(phase=Phase.DEPLOY, visited=list(PHASES[:8])))
    interviewer.opening(0.0)
    question = interviewer.reply("/skip", 5.0)
    answer = interviewer.reply("I'd look at the logs in Kibana and the Grafana dashboards for error rate, drift and latency alerts.", 10.0)
    assert answer.kind != "steer" and question.text.split("? ")[-1] not in answer.text


def test_a_hedge_inside_an_answer_is_not_i_dont_know(library) -> None:
    interviewer = start(library, "eta_prediction")
    move = interviewer.reply(
        "Не уверен, что поддержка выдержит много ложных тревог, поэтому порог поставлю так, чтобы флагов было не больше 2% поездок.", 20.0)
    assert move.kind != "dont_know"
    assert interviewer.reply("Не знаю.", 30.0).kind == "dont_know"


def test_what_the_candidate_said_in_another_phase_is_never_asked_again(library) -> None:
    """Terse notes name the target in the framing answer; training must not ask "what does it predict?"."""
    interviewer = start(library, "recommendations")
    interviewer.reply("Goal: GMV from home feed, guardrail returns. Success = +2% GMV in an A/B test.", 60.0)
    interviewer.reply(
        "Framing: 2-stage recsys. Candgen: item2item co-visitation, two-tower ANN. Ranker: GBDT predicting "
        "P(click) and P(purchase). Example = (user, item, context) impression, label = purchase within 7 days.",
        120.0,
    )
    assert "framing.target_labels" in interviewer.said
    asked = [interviewer.reply("Data: impression logs, clicks, orders, catalogue features; time-based split.", 180.0)]
    for t in range(4):
        asked.append(interviewer.reply("Next I'd keep it simple and retrain it daily on the last month of logs.", 240.0 + 60 * t))
    assert all(m.item != "framing.target_labels" for m in asked)
    assert "What exactly does the model predict" not in " ".join(m.text for m in asked)


def test_a_buzzword_line_does_not_count_as_said(library) -> None:
    interviewer = start(library, "spam_filtering")
    interviewer.reply("business metric, latency budget, precision, recall, canary, drift, feature store, A/B test", 30.0)
    assert not interviewer.said  # stuffing names items without saying anything about them


def test_the_fact_just_given_is_not_read_out_again_word_for_word(library) -> None:
    interviewer = start(library, "spam_filtering")
    first = interviewer.reply("What latency budget do we have per email?", 20.0)
    assert "facts.latency" in first.facts
    again = interviewer.reply("And the latency budget?", 30.0)  # asked again right away: the answer is on screen
    assert "facts.latency" not in again.facts and first.text not in again.text
    interviewer.reply("I'd start with gradient boosting over header and sender features.", 60.0)
    later = interviewer.reply("What was the latency budget again?", 90.0)
    assert "facts.latency" in later.facts  # asked for again later: given again


def test_a_question_the_facts_sheet_cannot_answer_is_answered_honestly_not_ignored(library) -> None:
    interviewer = start(library, "spam_filtering")
    move = interviewer.reply("Do users see a banner when a message goes to the spam folder?", 20.0)
    assert move.kind == "not_known" and move.text in lines.EN.not_known
    check_in = interviewer.reply(
        "I'd treat the survey as a small unbiased label set and clicks as the main signal. Does that make sense?", 40.0
    )
    assert check_in.kind != "not_known"  # a check-in asks for nothing


def test_a_candidate_who_asked_about_the_problem_is_not_told_they_went_straight_to_a_solution(library) -> None:
    interviewer = start(library, "recommendations", strictness="nudge")
    interviewer.reply("What is the business goal of the home feed?", 20.0)
    move = interviewer.reply(
        "OK. I'd train a two-tower retrieval model and a gradient boosted ranker on impressions, retrained daily.", 60.0
    )
    assert move.kind == "steer"
    assert not any(line.split("{")[0] in move.text for line in lines.EN.steer_solution_first)


def test_a_terse_candidate_who_clarified_moves_on_to_framing_unscolded(library) -> None:
    interviewer = start(library, "ads_ranking", strictness="nudge")
    interviewer.reply("QPS? latency budget? conversion delay?", 20.0)
    interviewer.reply("ok. Goal: revenue/user + advertiser ROI; guardrails: ad load, hides.", 60.0)
    move = interviewer.reply("Framing: pCTR per (user, ad, context) impression, binary, calibrated; eCPM = bid * pCTR.", 100.0)
    assert move.kind != "steer" and interviewer.state.phase is Phase.FRAMING


def test_an_answer_that_went_on_to_a_later_phase_is_followed_not_ignored(library) -> None:
    interviewer = start(library, "content_moderation", strictness="nudge")
    for n, text in enumerate([
        "How many posts a day do we get, and how many human reviewers do we have? What counts as harmful here?",
        "Then the goal is to cut the prevalence of harmful content that people see, without removing legitimate posts.",
        "I'd frame it as multi-label classification per post over text and image, with a score that routes a post "
        "to auto-removal, human review or nothing.",
        "Labels come from reviewer decisions and user reports; reports are biased, so I'd add a random sample "
        "labelled by reviewers, and split by time.",
        "First a text classifier fine-tuned from a multilingual transformer, plus an image model, fused late.",
    ]):
        interviewer.reply(text, 60.0 * (n + 1))
    move = interviewer.reply(
        "Offline I'd measure precision and recall per policy at the review threshold, and PR-AUC, on the random labelled sample.",
        400.0,
    )
    assert move.kind != "steer"  # never scolded in nudge
    assert interviewer.state.phase is Phase.OFFLINE_METRICS  # followed there, not taken back to training


def test_every_question_of_a_numbered_list_is_answered_wherever_it_stands(library) -> None:
    interviewer = start(library, "ads_ranking")
    move = interviewer.reply(
        "Few qs first: (1) traffic — ad requests/sec at peak? (2) latency budget for ad ranking, p99? "
        "(3) conversion attribution window — conversions can lag days. Also: is there an existing model (LR? GBDT?) today?",
        20.0,
    )
    assert {"facts.traffic", "facts.latency", "facts.conversions", "facts.current_system"} <= set(move.facts)


def test_a_request_without_a_question_mark_gets_its_facts(library) -> None:
    interviewer = start(library, "ads_ranking")
    move = interviewer.reply("Useful, thx. Still need: peak QPS + p99 budget for ranking, and conv attribution window.", 20.0)
    assert {"facts.traffic", "facts.latency", "facts.conversions"} <= set(move.facts)


def test_a_code_switched_question_finds_its_fact_by_its_words(library) -> None:
    interviewer = start(library, "churn_ltv")
    move = interviewer.reply("Пара вопросов сначала: какие offers у нас есть, это fixed set типа 10% или 20%?", 20.0)
    assert "facts.offers" in move.facts
    unrelated = start(library, "spam_filtering").reply("Do users see a banner when a message goes to the spam folder?", 20.0)
    assert "facts.users" not in unrelated.facts  # a word said in passing is not what the question asks about


def test_davaite_pro_names_the_topic_asked_for(library) -> None:
    interviewer = start(library, "content_moderation")
    interviewer.reply("Сколько постов в день публикуется и сколько у нас модераторов?", 20.0)
    move = interviewer.reply("Давайте про данные?", 40.0)
    assert interviewer.state.phase is Phase.DATA and lines.language_of(move.text) == "ru"


@pytest.mark.parametrize(
    ("scenario_id", "text"),
    [
        ("ecommerce_search", "I'd start with the ranker. Would you like me to go deeper on retrieval first or on the ranking model?"),
        ("recommendations", "Maybe random 50/50 split of users, and run it for like one week?"),
        ("feed_ranking", "Shadow first, then a 1% canary with rollback on hides. Does that cover what you wanted for deployment?"),
        ("feed_ranking", "Two weeks of A/B at 5% of users per arm. Is two weeks a reasonable duration for the test?"),
    ],
)
def test_no_canned_line_for_an_agenda_hedged_or_check_in_question(library, scenario_id: str, text: str) -> None:
    move = start(library, scenario_id).reply(text, 20.0)
    assert move.kind not in ("your_call", "not_known"), move.text


def test_a_question_about_the_world_with_an_or_is_not_a_design_choice(library) -> None:
    move = start(library, "feed_ranking").reply(
        "I'd clean bots out first. Is there a data validation step in the pipeline today, or would we need to build that?", 20.0
    )
    assert move.kind != "your_call"  # answered from the facts, or honestly not known


def test_an_announced_list_of_questions_is_answered_without_question_marks(library) -> None:
    interviewer = start(library, "spam_filtering")
    move = interviewer.reply(
        "Пара вопросов: 1) масштаб — сколько писем/сек на входе, какой latency budget; 2) какие сигналы есть — "
        "кнопки спам/не спам, открытия, есть ли уже rule-based фильтр",
        20.0,
    )
    assert move.kind == "answer" and "facts.latency" in move.facts
    assert move.kind != "drilldown"  # a latency budget asked about is not one the candidate chose


def test_common_ways_to_ask_find_the_standard_facts(library) -> None:
    move = start(library, "ecommerce_search").reply(
        "First, what is the primary business objective we are optimizing: GMV per search session, or conversion?", 20.0
    )
    assert "facts.business_goal" in move.facts
    existing = start(library, "feed_ranking").reply("Is there an existing two-tower model already, or are we starting from zero?", 20.0)
    assert "facts.current_system" in existing.facts


def test_dalshe_pro_is_a_topic_request(library) -> None:
    interviewer = start(library, "spam_filtering")
    interviewer.reply("Сколько писем в день и какой бюджет по задержке?", 20.0)
    interviewer.reply("Цель — меньше жалоб на спам при том же FPR на важной почте. Дальше про данные?", 60.0)
    assert interviewer.state.phase is Phase.DATA


def test_a_leap_over_several_phases_is_steered_once_even_after_a_question(library) -> None:
    interviewer = start(library, "spam_filtering", strictness="nudge")
    interviewer.reply("What latency budget do we have per email, and how many emails a day?", 20.0)
    interviewer.reply("The goal is fewer spam complaints without losing important mail.", 60.0)
    interviewer.command("/next", 90.0)  # framing, with its question asked
    move = interviewer.reply("I'd deploy it on Kubernetes with a canary rollout.", 120.0)
    assert move.kind == "steer" and interviewer.state.phase is Phase.FRAMING


def test_an_answer_said_as_a_question_gets_no_facts(library) -> None:
    move = start(library, "recommendations").reply(
        "Not sure, maybe add more servers and autoscaling? Or cache the recommendations for each user.", 20.0
    )
    assert move.kind != "answer" and not move.facts  # a hedge, not a request for the infrastructure sheet
    asked = start(library, "recommendations").reply("Maybe — what latency budget do we have for the feed?", 20.0)
    assert "facts.latency" in asked.facts


def test_a_leap_after_a_real_clarification_is_measured_from_framing(library) -> None:
    interviewer = start(library, "ads_ranking", strictness="nudge")
    interviewer.reply("QPS at peak? p99 budget for ranking? conversion window?", 20.0)
    interviewer.reply("Goal: revenue per user and advertiser ROI; guardrails ad load and hides.", 60.0)
    move = interviewer.reply(
        "Funnel: pre-rank with a two-tower model over 2k candidates, then DCN-v2 on the top 200 within 15 ms p99 on CPU.", 100.0
    )
    assert interviewer.state.phase is not Phase.CLARIFY
    assert "clarifying the problem" not in move.text  # never "let's finish clarifying" after five questions


def test_a_question_whose_words_fill_the_last_answers_is_not_asked() -> None:
    from trainer.interviewer.facts import content_stems

    answer = content_stems("Budget-split experiments: users hashed to arms, each arm gets half of every budget; run at least two weeks.")
    assert Interviewer._just_answered("How would you split traffic for this experiment, and how long would you run it?", answer)
    vague = content_stems("I would run an A/B test.")
    assert not Interviewer._just_answered("How would you split users, and how long would you run the test?", vague)


def test_a_fact_given_before_does_not_hide_the_next_question_of_the_message(library) -> None:
    interviewer = start(library, "spam_filtering")
    interviewer.reply("What latency budget do we have per email?", 20.0)
    interviewer.reply("I'd start with gradient boosting over sender and header features.", 40.0)
    move = interviewer.reply(
        "Given the latency budget per email that you mentioned earlier, is a cascade of models fine there? "
        "Should we split the data by time or by user, do you think?",
        60.0,
    )
    assert move.kind == "your_call"  # the design question is still heard after the fact already given


def test_agenda_and_approval_questions_get_no_i_dont_know_line(library) -> None:
    for scenario_id, text in (
        ("eta_prediction", "That is my plan for two quarters, labels first. Is there any part you would like me to go deeper on?"),
        ("eta_prediction", "The first release is the display estimate only. Does this scope seem realistic to you, or would you cut differently?"),
        ("ecommerce_search", "Ранжируем LightGBM на тысяче кандидатов, потом cross-encoder на топ-50 в пределах бюджета. Что-то еще интересует по инференсу?"),
        ("ecommerce_search", "Кандидаты берём из BM25 и ANN, потом сливаем и отдаём ранкеру. Норм так?"),
    ):
        interviewer = start(library, scenario_id)
        interviewer.state.enter(Phase.INFERENCE, 5.0)
        move = interviewer.reply(text, 10.0)
        assert move.kind not in ("not_known", "your_call"), (text, move.text)
        unknown = lines.RU.not_known + lines.EN.not_known + [lines.EN.assume, lines.RU.assume]
        assert not any(line in move.text for line in unknown)


def test_a_russian_can_we_move_to_request_is_followed(library) -> None:
    interviewer = start_in(library, "ecommerce_search", Phase.DEPLOY)
    move = interviewer.reply("Можем перейти к monitoring?", 10.0)
    assert move.kind == "topic" and move.phase is Phase.MONITORING and "мониторинг" in move.text


def test_a_fact_asked_in_passing_comes_with_a_reaction_to_the_answer(library) -> None:
    interviewer = start_in(library, "ads_ranking", Phase.MONITORING)
    text = (
        "I would track PSI per feature daily, the null rate of the history features when the streaming job lags, "
        "and the calibration ratio of predicted to observed clicks per hour in feed and in search, paging on "
        "calibration outside 0.9 to 1.1. How much revenue do the ads bring in a day?"
    )
    move = interviewer.reply(text, 10.0)
    assert "facts.business_goal" in move.facts and "$1.6M" in move.text
    assert move.text.rstrip().endswith("?") and move.kind != "answer"  # the facts, then the interviewer's next question
    # A message that is mostly questions still gets the facts alone.
    only = start(library, "ads_ranking").reply("How much revenue do the ads bring in a day?", 10.0)
    assert only.kind == "answer"


def test_a_candidate_who_names_the_topic_and_answers_it_is_not_told_we_are_moving_there(library) -> None:
    interviewer = start_in(library, "ecommerce_search", Phase.FRAMING)
    text = (
        "Теперь про данные. Из логов строим обучающую выборку: для каждого запроса список показанных товаров с "
        "метками, заказ выше корзины, корзина выше клика. Главная проблема — position bias, поэтому нужна "
        "коррекция через propensity по рандомизированному трафику."
    )
    move = interviewer.reply(text, 10.0)
    assert interviewer.state.phase is Phase.DATA and move.phase is Phase.DATA
    assert "переходим" not in move.text.lower() and move.kind != "topic"


def test_an_answer_to_a_business_question_with_later_words_in_it_is_not_a_jump(library) -> None:
    interviewer = start(library, "ads_ranking")
    first = interviewer.reply("I'd start with a deep CTR model with cross features and train it on every impression, serving it on GPUs.", 10.0)
    assert first.kind == "steer"  # the one nudge of this visit: the next jump would be followed
    goal = interviewer.resolved.item_by_id["clarify.business_goal"]
    interviewer.state.current_item, interviewer.state.current_question = goal.id, interviewer.question_for(goal)
    move = interviewer.reply(
        "For the business it is revenue per user, which has been flat; advertisers want conversions at a fair cost "
        "per result; users should not be annoyed by ads. So the goal is revenue at the same ad load, with "
        "advertiser ROI as a guardrail.",
        20.0,
    )
    assert move.phase is Phase.CLARIFY and interviewer.state.phase is Phase.CLARIFY


def test_a_hedged_number_about_the_candidates_own_target_is_not_corrected(library) -> None:
    interviewer = start_in(library, "eta_prediction", Phase.OFFLINE_METRICS)
    move = interviewer.reply(
        "Next to MAE by segment, I'd tie the offline metrics to the two business goals, so if we show the 85th "
        "percentile, about 85 percent should hold, the share of trips arriving no later than the shown time.",
        10.0,
    )
    assert move.kind != "correction" and lines.EN.correction.split(":")[0] not in move.text


def test_the_acknowledgement_is_never_the_one_just_said(library) -> None:
    answers = [
        "Split by time: train on the first sixteen months, validate on the next one, test on the last one.",
        "Positives are clicks, add-to-cart and orders with growing weights; negatives are impressions without a click.",
        "Dedupe sessions, drop bots by rate and user agent, and anonymise user ids before the logs reach training.",
        "Feedback loop: today's logs come from the bestseller page, so I'd add a small share of random exploration.",
    ]
    for seed in range(8):
        interviewer = start_in(library, "recommendations", Phase.DATA, seed=seed)
        replies = [interviewer.reply(text, 10.0 + n).text for n, text in enumerate(answers)]
        openers = [reply.split()[0] for reply in replies]
        assert all(a != b for a, b in zip(openers, openers[1:], strict=False)), replies


def test_a_hint_asked_for_in_words_gets_the_hint(library) -> None:
    for text in ("Precision or recall, I am not sure which matters more here. Can you give me a hint?", "Дайте подсказку, пожалуйста."):
        interviewer = start_in(library, "content_moderation", Phase.OFFLINE_METRICS)
        move = interviewer.reply(text, 10.0)
        assert move.kind == "hint" and move.recorded and move.item is not None
    # "Подскажите, …" asks for a fact, not a hint.
    assert start(library, "spam_filtering").reply("Подскажите, какой бюджет по задержке?", 10.0).kind == "answer"


def test_a_mistake_is_challenged_even_after_a_caveat_in_the_same_breath_or_ahead_of_its_phase(library) -> None:
    interviewer = start_in(library, "content_moderation", Phase.DATA)
    move = interviewer.reply(
        "Reports are noisy, I know. Still, I'd take reported posts as positives and everything unreported as negatives, "
        "since that is the biggest set of labels we have.",
        10.0,
    )
    assert move.kind == "challenge" and "reports" in move.text
    interviewer = start_in(library, "content_moderation", Phase.FRAMING)
    move = interviewer.reply(
        "The first version is a text model; whatever it flags we remove it automatically, and later the image model. "
        "The moderators will not be needed any more.",
        10.0,
    )
    assert move.kind == "challenge" and "mistake" in move.text


def test_launching_on_ctr_and_retraining_instead_of_monitoring_are_challenged(library) -> None:
    interviewer = start_in(library, "ads_ranking", Phase.ONLINE_METRICS)
    move = interviewer.reply("A/B test on half the users for a week; if CTR goes up we ship, that is what the model predicts.", 10.0)
    assert move.kind == "challenge" and "revenue" in move.text
    interviewer.state.enter(Phase.MONITORING, 20.0)
    move = interviewer.reply("I would watch the calibration ratio per hour and retrain every hour on everything, so drift fixes itself.", 30.0)
    assert move.kind == "challenge" and "retrain" in move.text


def test_a_reading_checked_with_right_gets_a_yes_and_the_interview_goes_on(library) -> None:
    interviewer = start(library, "spam_filtering")
    assert "facts.data" in interviewer.reply("Какие данные у нас есть?", 2.0).facts
    interviewer.state.enter(Phase.FRAMING, 5.0)
    move = interviewer.reply(
        "Правила хорошо ловят известные паттерны, но спамеры их быстро обходят, а тысячи правил сложно поддерживать. "
        "Поэтому правила и репутацию отправителя оставляю как признаки, а решение принимает модель, и порог "
        "подбираем под цену ложного срабатывания. Раз сырые тексты хранить нельзя, обезличенный корпус и будет "
        "основой для текстовой части — корпус в 100 млн обезличенных писем, правильно?",
        10.0,
    )
    assert move.text.startswith(tuple(lines.RU.confirm)) and move.text.rstrip().endswith("?")
    assert not any(line in move.text for line in lines.RU.not_known)


def test_a_question_about_a_mistake_is_probed_not_deflected(library) -> None:
    for text, probe in (
        ("By the way, is accuracy a fine metric here?", "majority class"),
        ("Кстати, accuracy — это нормальная метрика здесь?", "мажоритарный"),
    ):
        interviewer = start_in(library, "spam_filtering", Phase.TRAINING)
        move = interviewer.reply(text, 10.0)
        assert move.kind == "challenge" and probe in move.text


def test_did_i_miss_anything_is_no_question_about_the_world(library) -> None:
    interviewer = start_in(library, "spam_filtering", Phase.MONITORING)
    move = interviewer.reply("I'd alert on the complaint rate and on drift of the sender reputation features. Did I miss anything?", 10.0)
    assert move.kind not in ("not_known", "your_call")


def test_do_you_agree_is_acknowledged_and_probed_not_ignored_or_blessed(library) -> None:
    interviewer = start_in(library, "feed_ranking", Phase.FRAMING)
    move = interviewer.reply(
        "I'd optimise a weighted sum of predicted actions: like, comment, share, and hide with a negative weight. Do you agree?", 10.0
    )
    assert move.text.startswith(tuple(lines.EN.approval)) and move.text.rstrip().endswith("?")
    assert not any(ack in move.text for ack in ("Makes sense.", "Right."))



def test_what_is_not_a_question_about_a_mistake_or_a_request_is_left_alone(library) -> None:
    # A mistake rejected in a question is not the candidate's mistake.
    interviewer = start_in(library, "spam_filtering", Phase.TRAINING)
    assert interviewer.reply("I would never use a random split here, would you?", 10.0).kind != "challenge"
    # A question about a mistake the candidate already showed they know about still gets its line.
    interviewer = start_in(library, "spam_filtering", Phase.OFFLINE_METRICS)
    interviewer.reply("Spam is rare, so the confusion matrix matters: false positives and false negatives, precision and recall, average precision.", 10.0)
    assert "offline.imbalance_metrics" in interviewer.credits
    move = interviewer.reply("Do you think accuracy would be enough for the weekly report?", 20.0)
    assert move.kind in ("your_call", "not_known"), move.text
    # Hints only when asked for.
    from trainer.interviewer.intents import Intent, detect

    for text in (
        "I don't need a hint, I'd split by time.",
        "Dwell time can give a hint about satisfaction, so I'd use it.",
        "Не нужна подсказка, я сам.",
        "В поиске у нас есть подсказки при вводе запроса, их тоже логируем.",
    ):
        assert detect(text) is not Intent.HINT, text
    assert detect("Any hints?") is Intent.HINT
    # "Мы можем перейти на LightGBM" states a plan; it asks to go nowhere.
    interviewer = start_in(library, "ecommerce_search", Phase.FRAMING)
    assert interviewer.reply("Мы можем перейти на LightGBM, когда соберём метки.", 10.0).kind != "topic"


def test_only_a_reading_of_what_was_said_gets_a_yes(library) -> None:
    interviewer = start(library, "eta_prediction")
    move = interviewer.reply("Drivers never cancel a trip once they have accepted it, correct?", 10.0)
    assert move.kind != "confirm" and not move.text.startswith(tuple(lines.EN.confirm))
    move = interviewer.reply("Can you elaborate on what the riders see in the app while they wait?", 20.0)
    assert move.kind in ("answer", "not_known"), move.text


def test_the_approval_line_is_not_followed_by_a_blessing_nor_said_twice_running(library) -> None:
    interviewer = start_in(library, "feed_ranking", Phase.DATA, seed=2)
    texts = [
        "I'd split by time: train on the first months, validate and test on the last two weeks. Does that make sense?",
        "Labels are likes, comments and shares as positives and skipped impressions as negatives. Do you agree?",
    ]
    replies = [interviewer.reply(text, 10.0 + 10 * n).text for n, text in enumerate(texts)]
    for reply in replies:
        assert not any(f"{line} {ack}" in reply for line in lines.EN.approval for ack in lines.EN.acks), reply
    assert sum(reply.startswith(tuple(lines.EN.approval)) for reply in replies) <= 1 or replies[0][:20] != replies[1][:20]


# ---- round 8 of adaptive mocks: requests, offers, trailing commands, phases named in passing ------


@pytest.mark.parametrize(
    "scenario_id, text",
    [
        ("ads_ranking", "Can we go back to training? We skipped it and I have thoughts on the model."),
        ("eta_prediction", "Точные координаты округляем до ячеек H3, сырые треки удаляем через 30 дней. Ок, по data я думаю всё, давай к training?"),
        ("content_moderation", "Тяжёлые модели идут асинхронно. Кстати, мы ещё не обсуждали обучение модели — хотите, чтобы я про это рассказал?"),
    ],
)
def test_a_request_or_offer_to_discuss_a_phase_is_followed(library, scenario_id: str, text: str) -> None:
    interviewer = start_in(library, scenario_id, Phase.INFERENCE)
    move = interviewer.reply(text, 60.0)
    assert interviewer.state.phase is Phase.TRAINING
    assert move.kind == "topic" and move.kind not in ("not_known", "your_call")


def test_an_answer_ending_on_next_is_kept_and_moves_on(library) -> None:
    interviewer = start_in(library, "feed_ranking", Phase.FRAMING)
    move = interviewer.reply("v0: current hand formula as baseline, v1: GBDT on existing logs, v2: multi-task ranker. /next", 60.0)
    assert move.kind == "transition" and interviewer.state.phase is not Phase.FRAMING
    stored = [t.text for t in interviewer.turns if t.speaker.value == "candidate"]
    assert stored[-1].endswith("multi-task ranker.")  # the answer, without the command


@pytest.mark.parametrize(
    "scenario_id, phase, text",
    [
        ("eta_prediction", Phase.FRAMING,
         "Таргет — фактическое время поездки, регрессия с pinball loss и квантилем 0.75, потому что опоздание дороже. Что думаешь про quantile 0.75?"),
        ("churn_ltv", Phase.TRAINING,
         "5% is imbalanced, so maybe class weights or undersampling. But then probabilities are not real, so we need calibration after?"),
    ],
)
def test_asking_the_interviewers_opinion_of_ones_own_choice_is_probed_not_deflected(library, scenario_id, phase, text) -> None:
    interviewer = start_in(library, scenario_id, phase)
    move = interviewer.reply(text, 60.0)
    assert move.kind not in ("not_known", "your_call")
    assert lines.voice(interviewer.state.language).not_known[0] not in move.text


def test_a_phase_whose_terms_were_only_named_in_other_answers_is_still_discussed(library) -> None:
    interviewer = start_in(library, "content_moderation", Phase.DATA)
    training = [i.id for i in interviewer.resolved.items_for(Phase.TRAINING)]
    interviewer.state.asked += [i for i in training if i != "training.imbalance"]
    interviewer.reply(
        "Pitfalls in these labels: moderators on outsourcing disagree a lot, policies change over time, "
        "and there is strong class imbalance between policies.",
        60.0,
    )
    assert "training.imbalance" in interviewer.said and "training.imbalance" not in interviewer.credits
    move = interviewer.command("/next", 90.0)
    assert interviewer.state.phase is Phase.TRAINING and move.item == "training.imbalance", move.text


def test_an_addition_after_the_wrap_up_is_noted_not_answered_with_the_closing_again(library) -> None:
    interviewer = start_in(library, "content_moderation", Phase.MONITORING)
    interviewer.state.asked += [i.id for i in interviewer.resolved.items]  # every question asked: the wrap-up
    first = interviewer.command("/next", 60.0)
    assert first.kind == "wrap_up"
    again = interviewer.reply("One more thing on deploy: a canary on 1% of traffic for a week, with a rollback switch in the config.", 90.0)
    assert again.kind == "wrap_up" and again.text != first.text
    assert again.text in lines.EN.wrap_up_again
    more = interviewer.reply("And one more: the rollback keeps the previous model warm, so it takes seconds.", 100.0)
    assert more.kind == "wrap_up" and more.text in lines.EN.wrap_up_again and more.text != again.text  # never the same note twice


def test_short_options_after_a_question_are_part_of_it_not_questions_of_their_own(library) -> None:
    interviewer = start(library, "feed_ranking")
    move = interviewer.reply("ok. still need: what does leadership measure success by? D28 retention? time spent? survey score?", 30.0)
    assert move.facts == ["facts.success_criteria"]


def test_a_choice_put_to_the_interviewer_with_the_candidates_own_pick_is_probed(library) -> None:
    interviewer = start_in(library, "content_moderation", Phase.FRAMING)
    move = interviewer.reply(
        "Signals: OCR text, caption, image patches. Question for you: would you rather I use one multi-label model or one model "
        "per policy? My preference is a shared multimodal trunk with per-policy heads, because policies get rewritten independently.",
        60.0,
    )
    assert move.kind == "followup" and any(move.text.startswith(line) for line in lines.EN.approval)
    assert not move.facts  # the choice asks for no fact


def test_next_after_the_wrap_up_says_it_was_the_last_phase(library) -> None:
    interviewer = start_in(library, "content_moderation", Phase.MONITORING)
    interviewer.state.asked += [i.id for i in interviewer.resolved.items]
    interviewer.command("/next", 60.0)
    interviewer.reply("One more thing on deploy: a canary on 1% of traffic for a week, with a rollback switch.", 70.0)
    assert interviewer.command("/next", 80.0).text == lines.EN.last_phase_next


def test_a_short_answer_in_the_questions_own_words_is_not_off_topic(library) -> None:
    interviewer = start_in(library, "feed_ranking", Phase.OFFLINE_METRICS)
    interviewer.ask_own_question(
        "Вы выбрали NDCG — откуда берётся gain для каждой позиции, из разметки или из поведения, и какая отсечка k соответствует экрану?", 10.0
    )
    move = interviewer.reply("Gain из поведения, например комментарий больше чем лайк. k примерно 10, первый экран.", 60.0)
    assert move.kind != "off_topic"


def test_the_interviews_pacing_does_not_follow_the_reports_calibration(library) -> None:
    from trainer.engine.calibration import CALIBRATION
    from trainer.interviewer import engine

    assert engine.INTERVIEW_SATURATION != CALIBRATION.saturation or engine.INTERVIEW_SATURATION == 0.9
    interviewer = start_in(library, "spam_filtering", Phase.OFFLINE_METRICS)
    interviewer.reply("Offline: PR-AUC on a time-based holdout.", 60.0)
    items = interviewer.resolved.items_for(Phase.OFFLINE_METRICS)
    possible = sum(i.weight for i in items)
    earned = sum(i.weight * c.credit for i in items if (c := interviewer.credits.get(i.id)))
    assert interviewer.progress(Phase.OFFLINE_METRICS) == pytest.approx(min(1.0, earned / (possible * 0.9)))


def test_a_yes_or_no_answer_to_the_question_stays_with_it_whatever_its_terms(library) -> None:
    interviewer = start_in(library, "feed_ranking", Phase.FRAMING)
    item = interviewer.resolved.item_by_id["framing.maturity_stages"]
    interviewer.ask_own_question(interviewer.question_for(item), 10.0)
    interviewer.state.current_item = item.id
    move = interviewer.reply("Наверное нет, сначала можно сделать простой baseline, например текущую формулу, а потом уже нейросеть.", 60.0)
    assert interviewer.state.phase is Phase.FRAMING and move.kind != "steer", move.text


@pytest.mark.parametrize("language, words", [("en", "What is the best model?"), ("ru", "Какая модель лучше всего?")])
def test_a_hint_points_a_direction_in_the_candidates_language_not_the_question_or_the_title(library, language, words) -> None:
    interviewer = start_in(library, "feed_ranking", Phase.TRAINING)
    interviewer.reply(words, 10.0)
    move = interviewer.command("/hint", 20.0)
    item = interviewer.resolved.item_by_id[move.item]
    own = item.hint_ru if language == "ru" else item.hint
    assert own and own[1:] in move.text
    assert interviewer.question_for(item) not in move.text and item.title not in move.text
    assert lines.language_of(move.text) == language


@pytest.mark.parametrize("text", ["Some kind of neural network, it should work well.", "Ну, какую-то нейросеть, наверное."])
def test_a_vague_choice_is_pressed_for_the_concrete_one_once_a_visit(library, text: str) -> None:
    interviewer = start_in(library, "spam_filtering", Phase.TRAINING)
    first = interviewer.reply(text, 30.0)
    assert first.kind == "press" and first.text in lines.voice(interviewer.state.language).press_vague
    assert interviewer.reply(text, 60.0).kind != "press"  # once per visit, then the interview goes on
    concrete = start_in(library, "spam_filtering", Phase.TRAINING).reply("LightGBM on sender and header features, depth 6.", 30.0)
    assert concrete.kind != "press"


def test_a_hint_asked_for_after_a_question_is_about_that_question(library) -> None:
    interviewer = start_in(library, "ecommerce_search", Phase.TRAINING)
    item = interviewer.resolved.item_by_id["training.outliers_noise"]
    interviewer.reply("We train a LambdaMART ranker on clicks and orders, and I'd clip extreme values of price features.", 20.0)
    interviewer.ask_own_question(interviewer.question_for(item), 25.0)
    interviewer.state.current_item = item.id
    move = interviewer.reply("I'm not fully sure what kind of wrong labels you have in mind here, could you give me a hint?", 40.0)
    assert move.kind == "hint" and move.item == "training.outliers_noise" and item.hint and item.hint in move.text


def test_a_design_question_naming_a_fact_topic_does_not_get_the_fact_again(library) -> None:
    interviewer = start(library, "content_moderation")
    first = interviewer.reply("How many human moderators do we have?", 20.0)
    assert first.facts
    again = interviewer.reply(
        "Oh right, the author will see it. Maybe remove automatically only when the model is very sure and send the rest to moderators?", 40.0
    )
    assert not set(first.facts) & set(again.facts)
    reask = interviewer.reply("Sorry, how many moderators again?", 60.0)
    assert set(first.facts) & set(reask.facts)


def test_a_phase_the_last_answer_already_went_into_opens_on_the_candidates_choice(library) -> None:
    interviewer = start_in(library, "ecommerce_search", Phase.OFFLINE_METRICS)
    interviewer.reply("Offline: NDCG@10 on time-held-out weeks. And on online already: an A/B test split by user, GMV per search session.", 30.0)
    move = interviewer.command("/next", 60.0)
    assert interviewer.state.phase is Phase.ONLINE_METRICS
    assert move.kind == "drilldown" and "A/B" in move.text  # on the test they chose, not "how would you set up the experiment?"


@pytest.mark.parametrize("text", [
    "I think monitoring is covered — can we wrap up, or do you have more questions?",
    "Думаю, по мониторингу я сказал всё — можем заканчивать или у вас есть ещё вопросы?",
])
def test_asking_whether_the_interview_is_over_gets_no_assume_line(library, text: str) -> None:
    interviewer = start_in(library, "ecommerce_search", Phase.MONITORING)
    move = interviewer.reply(text, 30.0)
    assert move.kind not in ("not_known", "your_call")


def test_a_request_for_a_phase_whose_questions_were_all_asked_gives_the_floor_not_the_wrap_up(library) -> None:
    interviewer = start_in(library, "churn_ltv", Phase.DEPLOY)
    interviewer.state.asked += [i.id for i in interviewer.resolved.items_for(Phase.MONITORING)]
    move = interviewer.reply("Checks before sending: offer volume, budget, missing features. Can we move on to monitoring?", 30.0)
    assert interviewer.state.phase is Phase.MONITORING and move.kind == "topic"
    assert move.text == lines.EN.topic_open.format(phase=lines.EN.phase_names[Phase.MONITORING])


@pytest.mark.parametrize("text", [
    "So we need a fast model — what is the latency budget?",
    "Is it OK to assume the latency budget is around 100 ms?",
    "Как вы думаете, какая допустимая задержка?",
    "Do you think the latency budget is strict, how many ms?",
])
def test_a_facts_question_worded_as_an_opinion_still_gets_the_fact(library, text: str) -> None:
    move = start(library, "ads_ranking").reply(text, 10.0)
    assert "facts.latency" in move.facts


@pytest.mark.parametrize("phase, text", [
    (Phase.TRAINING, "We skipped monitoring in the old system, so nobody noticed the CTR drift for weeks; that's why I'd retrain daily."),
    (Phase.MONITORING, "If some model in the cascade times out we serve the fallback ranking."),
    (Phase.TRAINING, "Если какой-то рекламодатель резко поднял ставки, модель это увидит через признаки."),
])
def test_ordinary_sentences_are_neither_topic_requests_nor_placeholders(library, phase, text: str) -> None:
    interviewer = start_in(library, "ads_ranking", phase)
    move = interviewer.reply(text, 20.0)
    assert interviewer.state.phase is phase and move.kind not in ("topic", "press")


def test_one_shared_word_with_the_question_does_not_make_small_talk_an_answer(library) -> None:
    interviewer = start_in(library, "ads_ranking", Phase.MONITORING)
    interviewer.ask_own_question("Which inputs would you watch for drift in this system, and what could make them move?", 10.0)
    assert interviewer.reply("I wonder if you watch football, it could move me to tears.", 20.0).kind == "off_topic"
