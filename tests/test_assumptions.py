"""Stated assumptions checked against the facts sheet: kept when close, corrected when not."""

from __future__ import annotations

import pytest

from trainer.content.library import load_library
from trainer.interviewer.assumptions import Amount, amounts, contradicts, stated_assumptions
from trainer.interviewer.engine import Interviewer

pytestmark = pytest.mark.unit


def test_amounts_read_multipliers_thousands_separators_and_units() -> None:
    text = "roughly 700 RPS on average, 2,500 RPS at peak; 2.5k RPS, 0,5 s, 1,5 млн пользователей, 20 мс, 3% of mail"
    assert amounts(text) == [
        Amount(700, "rate"), Amount(2500, "rate"), Amount(2500, "rate"), Amount(500, "ms"),
        Amount(1_500_000, "users"), Amount(20, "ms"), Amount(3, "share"),
    ]


def test_only_statements_with_a_lead_and_a_number_are_assumptions() -> None:
    text = "I'd assume about 10k RPS at peak. What latency do we have? We need a cascade. Допустим, 50 мс на письмо."
    assert stated_assumptions(text) == ["I'd assume about 10k RPS at peak.", "Допустим, 50 мс на письмо."]


def test_an_assumption_contradicts_a_fact_only_when_far_from_every_amount_of_its_kind() -> None:
    fact = "Roughly 700 RPS on average, 2,500 RPS at the evening peak, and up to 8,000 RPS during big sales."
    assert contradicts("Assuming 50k RPS at peak.", fact)
    assert not contradicts("Assuming 3k RPS at peak.", fact)
    assert not contradicts("Assuming 200 ms at p99.", fact)  # nothing of that kind to compare with


@pytest.fixture(scope="module")
def library():
    return load_library(include_user=False)


def _started(library, scenario_id: str) -> Interviewer:
    interviewer = Interviewer(library.resolve(scenario_id))
    interviewer.opening(0.0)
    return interviewer


def test_a_wrong_assumption_is_corrected_from_the_facts_sheet(library) -> None:
    interviewer = _started(library, "recommendations")
    move = interviewer.reply("I'd assume about 50k requests per second of traffic at peak, so the ranker has to be cheap.", 20.0)
    assert move.kind == "correction" and "facts.traffic" in move.facts
    assert move.text.startswith("One correction:") and "2,500 RPS" in move.text


def test_a_reasonable_assumption_stands_without_a_lecture(library) -> None:
    interviewer = _started(library, "recommendations")
    move = interviewer.reply("I'd assume about 3k requests per second of traffic at peak, so the ranker has to be cheap.", 20.0)
    assert move.kind != "correction" and "2,500 RPS" not in move.text


def test_a_correction_comes_with_the_answer_to_a_question_in_the_same_message(library) -> None:
    interviewer = _started(library, "recommendations")
    move = interviewer.reply("Let's say 50k requests per second of traffic at peak. What is the business goal?", 20.0)
    assert move.kind == "answer" and {"facts.traffic", "facts.business_goal"} <= set(move.facts)
    assert move.text.startswith("One correction:")


def test_a_russian_assumption_is_corrected_in_russian(library) -> None:
    interviewer = _started(library, "recommendations")
    move = interviewer.reply("Допустим, нагрузка около 50 тысяч запросов в секунду в пике.", 20.0)
    assert move.kind == "correction" and move.text.startswith("Поправлю:")
