"""Progress across sessions: per-phase trends, the weakest phase, the scenario to practise next,
in `trainer.progress` and through `mlsd-trainer history` (text, `--json`, `--json --progress`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from trainer.content.library import Library, load_library
from trainer.content.phases import PHASES
from trainer.engine.scorer import score_transcript
from trainer.progress import (
    RECENT,
    SPARK_CHARS,
    Progress,
    compute_progress,
    phase_scores,
    render_progress,
    sparkline,
    suggest_scenario,
)
from trainer.scoring.schema import ScoreReport
from trainer.session.store import SessionStore, SessionSummary, default_path
from trainer.transcripts import parse_text

BIN = Path(sys.executable).parent / "mlsd-trainer"
PHASE_IDS = [p.value for p in PHASES]

# Transcripts with clearly different coverage: each adds a phase to the one before. None of them
# says a word about serving, metrics, deployment: inference and everything after it stays at 0.
CLARIFY = """Interviewer: Where would you start?
Candidate: Before any model I want the business goal and the metric we move, because that decides everything else. Which business metric matters most here?
"""
FRAMING = """Interviewer: How would you frame it?
Candidate: I'd frame it as a classification task with three classes, because each class is an action the product takes. The target label comes from explicit user feedback, because that is the signal we want to reduce.
"""
DATA = """Interviewer: What data would you use?
Candidate: The data sources are the event logs and the feedback logs, about 10M examples for the first model. I'd split the data by time, training on older weeks and validating on the latest week, because a random split leaks the future.
"""
TRAINING = """Interviewer: How would you train it?
Candidate: I'd start with a logistic regression baseline, because it is cheap and sets the bar for anything heavier. The classes are imbalanced, so I'd reweight the rare class instead of undersampling, because we keep all the data that way.
"""

# Oldest first: weak → stronger; recommendations once, spam_filtering last (practised most recently).
PLANS = [
    ("spam_filtering", CLARIFY),
    ("recommendations", CLARIFY + FRAMING),
    ("spam_filtering", CLARIFY + FRAMING + DATA),
    ("spam_filtering", CLARIFY + FRAMING + DATA + TRAINING),
]


@cache
def library() -> Library:
    return load_library(include_user=False)


@cache
def scored(scenario: str, text: str) -> ScoreReport:
    return score_transcript(library().resolve(scenario), parse_text(text, source="test"))


def store_sessions(plans: list[tuple[str, str]], *, unfinished: str | None = None) -> list[str]:
    """Create, fill and finish one stored session per plan (oldest first); returns their ids."""
    ids = []
    with SessionStore(default_path()) as store:
        for scenario, text in plans:
            session_id = store.create(scenario=scenario, minutes=45)
            for turn in parse_text(text).turns:
                store.add_turn(session_id, turn)
            store.finish(session_id, scored(scenario, text))
            ids.append(session_id)
        if unfinished is not None:  # started last, never finished, no answer given
            ids.append(store.create(scenario=unfinished, minutes=45))
    return ids


def history(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN), "history", *args], check=False, capture_output=True, text=True, env=os.environ.copy(), timeout=60
    )


def progress_from_store() -> tuple[Progress, list[tuple[SessionSummary, ScoreReport]]]:
    with SessionStore(default_path()) as store:
        finished = store.finished_reports()
    return compute_progress([(s.id, r) for s, r in finished], library().scenarios), finished


def with_scores(report: ScoreReport, scores: dict[str, int], covered: dict[str, list[str]] | None = None) -> ScoreReport:
    """A copy of `report` with some phase scores (and covered items) replaced."""
    phases = [
        p.model_copy(update={"score": scores.get(p.id, p.score), "covered": (covered or {}).get(p.id, p.covered)})
        for p in report.phases
    ]
    return report.model_copy(update={"phases": phases})


# ---- trainer.progress ---------------------------------------------------------------------


def test_the_transcripts_cover_clearly_different_phases() -> None:
    reports = [scored(s, t) for s, t in PLANS]
    framing = [phase_scores(r)["framing"] for r in reports]
    data = [phase_scores(r)["data"] for r in reports]
    training = [phase_scores(r)["training"] for r in reports]
    assert framing[0] == 0 and min(framing[1:]) > 0
    assert data[0] == 0 and data[2] > data[1]
    assert training[3] > training[2] >= training[1] == 0
    for report in reports:  # nobody reached serving, metrics, deployment
        assert all(phase_scores(report)[p] == 0 for p in ("inference", "offline_metrics", "online_metrics", "deploy"))


def test_series_run_oldest_to_newest_with_recent_average_and_change() -> None:
    ids = store_sessions(PLANS)
    progress, finished = progress_from_store()
    assert [s.id for s, _ in finished] == ids[::-1]  # the store gives newest first...
    assert progress.session_ids == ids  # ...the trends run oldest first
    assert progress.sessions == 4
    assert [t.id for t in progress.phases] == PHASE_IDS

    reports = [scored(s, t) for s, t in PLANS]
    for trend in progress.phases:
        expected = [phase_scores(r)[trend.id] for r in reports]
        assert trend.series == expected
        assert trend.recent == pytest.approx(sum(expected[-RECENT:]) / RECENT)
        assert trend.change == pytest.approx(sum(expected[-RECENT:]) / RECENT - expected[0])
        assert trend.sparkline == sparkline(expected) and len(trend.sparkline) == 4
        assert set(trend.sparkline) <= set(SPARK_CHARS)
    assert progress.total.series == [r.total for r in reports]
    framing = next(t for t in progress.phases if t.id == "framing")
    assert framing.sparkline[0] == "▁" and framing.change > 0  # type: ignore[operator]


def test_sparkline_characters_on_the_absolute_scale() -> None:
    assert sparkline([0, 12, 13, 25, 50, 87, 88, 100]) == "▁▁▂▃▅▇██"
    assert sparkline([40, None, 60]) == "▄ ▅"
    assert sparkline([]) == ""


def test_the_weakest_phase_ties_to_the_earliest_and_the_suggestion_skips_the_last_scenario() -> None:
    store_sessions(PLANS)
    progress, _ = progress_from_store()
    weakest = progress.weakest
    assert weakest is not None
    # inference, offline_metrics, online_metrics and deploy all average 0: inference comes first.
    assert weakest.phase == "inference" and weakest.recent == 0
    # spam_filtering (practised last) is left out; ads_ranking and feed_ranking have the most fresh
    # inference weight (3 + 2, two items each), and the tie goes to the id that sorts first.
    assert weakest.scenario == "ads_ranking"
    assert weakest.reason == "ads_ranking has the most inference-phase items you have not practised"
    assert weakest.command() == "mlsd-trainer practice --scenario ads_ranking"


def test_items_already_covered_count_less_than_fresh_ones() -> None:
    scenarios = library().scenarios
    recs_data = [i.id for i in scenarios["recommendations"].items if i.phase.value == "data"]
    spam_data = [i.id for i in scenarios["spam_filtering"].items if i.phase.value == "data"]
    assert sum(i.weight for i in scenarios["recommendations"].items if i.id in recs_data) == sum(
        i.weight for i in scenarios["spam_filtering"].items if i.id in spam_data
    )  # the same data weight: only what was practised tells them apart
    base = scored("recommendations", CLARIFY + FRAMING)
    recs = with_scores(base, {}, {"data": recs_data})
    spam = scored("spam_filtering", CLARIFY)
    # spam_filtering twice (its data items never covered), recommendations once with both covered.
    scenario, reason = suggest_scenario("data", [spam, spam, recs], scenarios, "ecommerce_search")
    assert (scenario, reason) == ("spam_filtering", "spam_filtering has the most data-phase items you have not practised")
    # With nothing covered the tie goes to the scenario practised fewer times.
    scenario, _ = suggest_scenario("data", [spam, spam, base], scenarios, "ecommerce_search")
    assert scenario == "recommendations"
    # The most recent scenario is skipped only when there is another.
    only = {"spam_filtering": scenarios["spam_filtering"]}
    assert suggest_scenario("data", [spam], only, "spam_filtering")[0] == "spam_filtering"
    assert suggest_scenario("data", [spam], {}, "spam_filtering") == (None, "no scenarios are available")


def test_equal_phases_name_the_first_one_and_no_own_items_say_so() -> None:
    flat = with_scores(scored("spam_filtering", CLARIFY), {p: 50 for p in PHASE_IDS})
    # The three scenarios without clarify items of their own (the other five have one each).
    three = {k: library().scenarios[k] for k in ("ecommerce_search", "recommendations", "spam_filtering")}
    progress = compute_progress([("b", flat), ("a", flat)], three)
    assert progress.weakest is not None and progress.weakest.phase == "clarify"
    assert all(t.change is None for t in progress.phases)  # nothing before the last 3
    # No scenario has clarify items of its own: the one never tried (besides the last) is suggested.
    assert progress.weakest.scenario == "ecommerce_search"
    assert progress.weakest.reason == "no scenario has its own clarify items; you have not tried ecommerce_search yet"


def test_the_text_block_fits_80_columns_even_with_many_sessions_and_a_long_scenario_id() -> None:
    spam = library().scenarios["spam_filtering"]
    long_id = "a_very_long_user_scenario_identifier"
    scenarios = {long_id: spam.model_copy(update={"id": long_id}), "spam_filtering": spam}
    report = scored("spam_filtering", CLARIFY + FRAMING)
    sessions = [(f"s{i}", with_scores(report, {"data": i})) for i in range(60)]  # newest has data 0
    progress = compute_progress(sessions, scenarios)
    assert len(progress.phases[0].series) == 60  # the figures keep every session...
    lines = render_progress(progress)
    assert all(len(line) <= 80 for line in lines), "\n".join(lines)
    data_line = next(line for line in lines if line.startswith("  data "))
    assert "…" in data_line  # ...the text shows the newest ones
    text = " ".join(" ".join(lines).split())
    assert f"`mlsd-trainer practice --scenario {long_id}`" in text
    ascii_lines = render_progress(progress, ascii_only=True)
    assert all(line.isascii() and len(line) <= 80 for line in ascii_lines)


# ---- mlsd-trainer history -------------------------------------------------------------------


def test_history_text_keeps_the_table_then_shows_the_progress_block() -> None:
    ids = store_sessions(PLANS, unfinished="recommendations")
    result = history()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "date", "scenario", "answers", "result"]
    assert lines[1].startswith(ids[-1]) and lines[1].endswith("unfinished")
    assert [line.split()[0] for line in lines[2:6]] == ids[3::-1]

    start = next(i for i, line in enumerate(lines) if line.startswith("Progress:"))
    assert lines[start - 1] == "" and all(len(line) <= 80 for line in lines[start:]), result.stdout
    assert lines[start] == "Progress: 4 finished sessions, oldest → newest (recent = mean of last 3)"
    assert lines[start + 1].split() == ["phase", "trend", "recent", "change"]
    expected, _ = progress_from_store()
    rows = {line.split()[0]: line.split() for line in lines[start + 2 : start + 12]}
    assert list(rows) == [*PHASE_IDS, "total"]
    for trend in [*expected.phases, expected.total]:
        _, spark, recent, change = rows[trend.id]
        assert spark == trend.sparkline and len(spark) == 4
        assert int(recent) == pytest.approx(trend.recent, abs=0.5)
        assert int(change) == pytest.approx(trend.change, abs=0.5) and change[0] in "+-"
    assert rows["framing"][1][0] == "▁" and rows["framing"][3].startswith("+")
    tail = " ".join(" ".join(lines[start + 12 :]).split())
    # The unfinished session has no answers: spam_filtering is still the last one practised.
    assert tail == (
        "Practise next: inference — try `mlsd-trainer practice --scenario ads_ranking` "
        "(ads_ranking has the most inference-phase items you have not practised)"
    )

    only = history("--progress")
    assert only.returncode == 0 and only.stdout.splitlines() == lines[start:]


def test_history_json_stays_a_list_and_gains_phase_scores() -> None:
    ids = store_sessions(PLANS, unfinished="recommendations")
    result = history("--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert isinstance(rows, list) and [r["id"] for r in rows] == ids[::-1]
    for row in rows:
        assert {"id", "scenario", "started_at", "candidate_turns", "total", "level", "phases"} <= set(row)
    newest, *finished = rows
    assert newest["phases"] is None and newest["total"] is None and newest["level"] is None
    for row, (scenario, text) in zip(finished, PLANS[::-1], strict=True):
        assert row["scenario"] == scenario
        assert row["phases"] == phase_scores(scored(scenario, text))
        assert list(row["phases"]) == PHASE_IDS and row["total"] == scored(scenario, text).total
    assert len(json.loads(history("--json", "-n", "2").stdout)) == 2


def test_history_json_progress_carries_the_same_figures() -> None:
    ids = store_sessions(PLANS)
    result = history("--json", "--progress")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    expected, _ = progress_from_store()
    assert data["sessions"] == 4 and data["session_ids"] == ids
    assert [p["id"] for p in data["phases"]] == PHASE_IDS
    for got, trend in zip([*data["phases"], data["total"]], [*expected.phases, expected.total], strict=True):
        assert set(got) >= {"id", "series", "recent", "change", "sparkline"}
        assert got["id"] == trend.id and got["series"] == trend.series and got["sparkline"] == trend.sparkline
        assert got["recent"] == round(trend.recent, 1) and got["change"] == round(trend.change, 1)
    assert data["total"]["id"] == "total"
    assert data["weakest"]["phase"] == "inference" and data["weakest"]["scenario"] == "ads_ranking"
    assert data["weakest"]["reason"] == "ads_ranking has the most inference-phase items you have not practised"

    # -n narrows the window: the two newest sessions, no change yet (nothing before the last 3).
    narrow = json.loads(history("--json", "--progress", "-n", "2").stdout)
    assert narrow["sessions"] == 2 and narrow["session_ids"] == ids[2:]
    assert all(p["change"] is None for p in narrow["phases"])


def test_no_sessions_is_a_friendly_line_and_exit_0(trainer_home: Path) -> None:
    for args in ((), ("--progress",)):
        result = history(*args)
        assert result.returncode == 0 and result.stderr == ""
        assert result.stdout.startswith("No sessions yet")
    assert json.loads(history("--json").stdout) == []
    data = json.loads(history("--json", "--progress").stdout)
    assert data["sessions"] == 0 and data["weakest"] is None
    assert all(p["series"] == [] and p["recent"] is None and p["sparkline"] == "" for p in data["phases"])
    assert not (trainer_home / "sessions.db").exists()  # listing never creates the database


def test_unfinished_sessions_only_show_no_progress_block() -> None:
    with SessionStore(default_path()) as store:
        store.create(scenario="spam_filtering", minutes=45)
    table = history()
    assert table.returncode == 0 and "Progress" not in table.stdout and "unfinished" in table.stdout
    only = history("--progress")
    assert only.returncode == 0 and only.stdout.startswith("Progress: no finished sessions yet")
