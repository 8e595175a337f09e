"""Loading and validating scenario and rubric YAML: valid files, and every kind of broken one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trainer.content.library import load_library, parse_file
from trainer.content.models import PHASES, Rubric, Scenario
from trainer.errors import ContentError


def _user_dir(home: Path, kind: str) -> Path:
    folder = home / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _user_scenario(fixtures: Path, home: Path, insert: str) -> tuple[Path, str]:
    """The mini rubric and the mini scenario as user content, `insert` placed before its phases;
    the scenario's path and the text written."""
    shutil.copy(fixtures / "mini_rubric.yaml", _user_dir(home, "rubrics"))
    text = (fixtures / "mini_scenario.yaml").read_text(encoding="utf-8").replace("phases:\n", insert + "phases:\n")
    path = _user_dir(home, "scenarios") / "mini_scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_fixture_rubric_and_scenario_validate(fixtures: Path) -> None:
    kind, rubric, _ = parse_file(fixtures / "mini_rubric.yaml")
    assert kind == "rubrics" and isinstance(rubric, Rubric)
    assert list(rubric.phases) == PHASES
    kind, scenario, _ = parse_file(fixtures / "mini_scenario.yaml")
    assert kind == "scenarios" and isinstance(scenario, Scenario)
    assert scenario.minutes == 45


def test_user_content_is_loaded_next_to_bundled(fixtures: Path, trainer_home: Path) -> None:
    shutil.copy(fixtures / "mini_rubric.yaml", _user_dir(trainer_home, "rubrics"))
    shutil.copy(fixtures / "mini_scenario.yaml", _user_dir(trainer_home, "scenarios"))
    lib = load_library()
    assert "mini_search" in lib.scenarios
    resolved = lib.resolve("mini_search")
    assert resolved.rubric.id == "mini"
    assert [p for p in lib.problems if "mini" in str(p.file)] == []


def test_unknown_field_is_reported_with_line_and_path(tmp_path: Path, fixtures: Path) -> None:
    text = (fixtures / "mini_rubric.yaml").read_text(encoding="utf-8")
    broken = text.replace("    probe: What is", "    keyword: [oops]\n    probe: What is")
    target = tmp_path / "rubrics" / "broken.yaml"
    target.parent.mkdir()
    target.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        parse_file(target)
    [problem] = info.value.problems
    assert problem.field == "items.0.keyword"
    expected_line = broken.splitlines().index("    keyword: [oops]") + 1
    assert problem.line == expected_line
    assert "unknown field" in problem.message


def test_missing_russian_keywords_named(tmp_path: Path, fixtures: Path) -> None:
    text = (fixtures / "mini_rubric.yaml").read_text(encoding="utf-8")
    broken = text.replace("      ru: [бизнес метрика]\n", "")
    target = tmp_path / "rubrics" / "r.yaml"
    target.parent.mkdir()
    target.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        parse_file(target)
    messages = [str(p) for p in info.value.problems]
    assert any("items.0.keywords" in m and "ru" in m for m in messages), messages


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    target = tmp_path / "scenarios" / "bad.yaml"
    target.parent.mkdir()
    target.write_text("id: x\ntitle: [unclosed\nsummary: y\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        parse_file(target)
    [problem] = info.value.problems
    assert problem.file == target
    assert problem.line is not None and problem.line >= 2
    assert "YAML syntax error" in problem.message


def test_duplicate_key_is_reported(tmp_path: Path, fixtures: Path) -> None:
    text = (fixtures / "mini_scenario.yaml").read_text(encoding="utf-8")
    target = tmp_path / "scenarios" / "dup.yaml"
    target.parent.mkdir()
    target.write_text(text + "title: again\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        parse_file(target)
    assert any("duplicate key" in p.message and p.field == "title" for p in info.value.problems)


def test_empty_and_binary_files(tmp_path: Path) -> None:
    empty = tmp_path / "rubrics" / "empty.yaml"
    empty.parent.mkdir()
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ContentError, match="empty"):
        parse_file(empty)
    binary = tmp_path / "rubrics" / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x01garbage")
    with pytest.raises(ContentError, match="UTF-8"):
        parse_file(binary)


def test_broken_user_file_is_skipped_not_fatal(fixtures: Path, trainer_home: Path) -> None:
    shutil.copy(fixtures / "mini_rubric.yaml", _user_dir(trainer_home, "rubrics"))
    shutil.copy(fixtures / "mini_scenario.yaml", _user_dir(trainer_home, "scenarios"))
    (_user_dir(trainer_home, "scenarios") / "zzz_broken.yaml").write_text("id: [\n", encoding="utf-8")
    lib = load_library()
    assert "mini_search" in lib.scenarios
    assert any(p.file.name == "zzz_broken.yaml" for p in lib.problems)


def test_followup_naming_unknown_item_is_reported(fixtures: Path, trainer_home: Path) -> None:
    shutil.copy(fixtures / "mini_rubric.yaml", _user_dir(trainer_home, "rubrics"))
    text = (fixtures / "mini_scenario.yaml").read_text(encoding="utf-8")
    text = text.replace("item: clarify.business_goal", "item: clarify.nonexistent")
    (_user_dir(trainer_home, "scenarios") / "mini_scenario.yaml").write_text(text, encoding="utf-8")
    lib = load_library()
    assert "mini_search" not in lib.scenarios
    [problem] = [p for p in lib.problems if "nonexistent" in p.message]
    assert problem.field == "phases.clarify.followups.0.item"
    assert problem.line == text.splitlines().index(next(line for line in text.splitlines() if "nonexistent" in line)) + 1


def test_the_quick_previews_match_the_validated_library() -> None:
    """The screens paint from regex previews of the bundled files; they must say what the library says."""
    from trainer.content.index import preview, previews
    from trainer.content.library import load_library

    library = load_library(include_user=False)
    shown = previews()
    assert shown is not None and [p.id for p in shown] == library.scenario_ids()
    for quick in shown:
        scenario = library.scenarios[quick.id]
        assert (quick.title, quick.summary, quick.minutes, quick.opening) == (
            scenario.title, scenario.summary, scenario.minutes, scenario.opening.strip(),
        )
        assert preview(quick.id) == quick


def test_user_scenarios_turn_the_previews_off(trainer_home: Path) -> None:
    """User files are untrusted: they go through the bounded loader before anything shows them."""
    from trainer.content.index import preview, previews

    (trainer_home / "scenarios").mkdir()
    (trainer_home / "scenarios" / "mine.yaml").write_text("id: spam_filtering\ntitle: x\n", encoding="utf-8")
    assert previews() is None and preview("spam_filtering") is None


def test_every_bundled_text_a_candidate_reads_exists_in_russian() -> None:
    from trainer.content.library import load_library, untranslated_texts

    library = load_library(include_user=False)
    for model in [*library.rubrics.values(), *library.scenarios.values()]:
        assert untranslated_texts(model) == [], model.id


def test_scenarios_new_writes_a_valid_skeleton_or_copy_and_never_overwrites(trainer_home: Path) -> None:
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "mlsd-trainer"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(exe), *args], capture_output=True, text=True, check=False, timeout=60)

    made = run("scenarios", "new", "my_case")
    assert made.returncode == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path == trainer_home / "scenarios" / "my_case.yaml" and "# A new mlsd-trainer scenario" in path.read_text(encoding="utf-8")
    copied = run("scenarios", "new", "my_spam", "--from", "spam_filtering")
    assert copied.returncode == 0, copied.stderr
    validate = run("validate")
    assert validate.returncode == 0, validate.stderr
    listed = run("scenarios", "--json")
    assert {"my_case", "my_spam"} <= {row["id"] for row in __import__("json").loads(listed.stdout)}
    before = path.read_text(encoding="utf-8")
    again = run("scenarios", "new", "my_case")
    assert again.returncode == 2 and "exists already" in again.stderr and path.read_text(encoding="utf-8") == before
    bad = run("scenarios", "new", "Bad-Id")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_a_drill_down_on_an_unknown_item_is_located_and_one_without_russian_is_noted(fixtures: Path, trainer_home: Path) -> None:
    drill = (
        "drilldowns:\n"
        "  - id: ltr\n"
        "    item: clarify.business_goal\n"
        "    concept: {en: [learning to rank], ru: [обучение ранжированию]}\n"
        "    question: You chose learning to rank — pointwise or pairwise, and why?\n"
        "  - id: typo\n"
        "    item: clarify.no_such_item\n"
        "    concept: {en: [canary], ru: [канарейка]}\n"
        "    question: You went with a canary — what share of traffic, for how long?\n"
        "    question_ru: Вы выбрали canary — какую долю трафика и на сколько?\n"
    )
    path, broken = _user_scenario(fixtures, trainer_home, drill)
    lib = load_library()
    [problem] = [p for p in lib.problems if p.file == path]
    assert problem.field == "drilldowns.1.item" and "clarify.no_such_item" in problem.message
    assert problem.line == broken.splitlines().index("    item: clarify.no_such_item") + 1
    # Valid once the reference is fixed; the drill-down with no Russian question is noted, not refused.
    _user_scenario(fixtures, trainer_home, drill.replace("clarify.no_such_item", "clarify.business_goal"))
    lib = load_library()
    assert [d.id for d in lib.resolve("mini_search").drilldowns] == ["ltr", "typo"]
    assert any("drilldowns.0.question" in note for note in lib.notes)


def test_skip_items_leave_a_base_item_out_of_questions_scores_and_flags(fixtures: Path, trainer_home: Path) -> None:
    from trainer.content.library import ResolvedScenario
    from trainer.engine.scorer import score_transcript
    from trainer.transcripts import Speaker, Transcript, Turn

    bundled = load_library(include_user=False).resolve("spam_filtering")
    skipped = "offline.imbalance_metrics"
    assert any(skipped in f.cleared_by for f in bundled.red_flags)
    resolved = ResolvedScenario(scenario=bundled.scenario.model_copy(update={"skip_items": [skipped]}), rubric=bundled.rubric)
    assert skipped not in [i.id for i in resolved.items] and len(resolved.items) == len(bundled.items) - 1
    assert all(skipped not in (*f.missing_items, *f.negated_items, *f.cleared_by) for f in resolved.red_flags)
    assert all(d.item != skipped for d in resolved.drilldowns)
    answer = "Offline I'd use PR-AUC and precision at a fixed recall, since spam is rare."
    report = score_transcript(resolved, Transcript(turns=[Turn(index=0, speaker=Speaker.CANDIDATE, text=answer)]))
    assert all(skipped not in (*p.covered, *p.missing) for p in report.phases)

    shutil.copy(fixtures / "mini_rubric.yaml", _user_dir(trainer_home, "rubrics"))
    text = (fixtures / "mini_scenario.yaml").read_text(encoding="utf-8")
    path = _user_dir(trainer_home, "scenarios") / "mini_scenario.yaml"
    path.write_text(text.replace("phases:\n", "skip_items: [no.such_item]\nphases:\n"), encoding="utf-8")
    [problem] = [p for p in load_library().problems if p.file == path]
    assert problem.field == "skip_items.0" and "no.such_item" in problem.message


def _online_goal(keyword: str) -> str:
    """A scenario item of the online phase whose first keyword is also a clarify keyword of the rubric."""
    return (
        "items:\n"
        "  - id: search.online_goal\n"
        "    phase: online_metrics\n"
        "    weight: 2\n"
        "    title: Online goal\n"
        "    strong_answer: Watches the business metric in the A/B test.\n"
        f"    keywords: {{en: [{keyword}, a/b test], ru: [a/b тест]}}\n"
        "    probe: What would the A/B test watch?\n"
    )


def test_a_keyword_shared_across_phases_must_say_why(fixtures: Path, trainer_home: Path) -> None:
    item = _online_goal("Business  Metric")
    path, shared = _user_scenario(fixtures, trainer_home, item)
    [problem] = [p for p in load_library().problems if p.file == path]
    # Case and spacing do not hide a share; the line is the keywords of the scenario's own item.
    assert problem.field == "items.0.keywords" and "'business metric'" in problem.message
    assert "clarify.business_goal (clarify)" in problem.message and "shared_keywords" in problem.message
    assert problem.line == shared.splitlines().index("    keywords: {en: [Business  Metric, a/b test], ru: [a/b тест]}") + 1
    reason = (
        "shared_keywords:\n"
        "  - phrases: [business metric]\n"
        "    items: [clarify.business_goal, search.online_goal]\n"
        "    reason: Named as the goal in clarify, measured by the A/B test online.\n"
    )
    _user_scenario(fixtures, trainer_home, item + reason)
    lib = load_library()
    assert not [p for p in lib.problems if p.file == path] and "mini_search" in lib.scenario_ids()
    # An entry that explains nothing (the phrase is no longer a keyword of two of its items) is stale.
    stale = reason.replace("[business metric]", "[business metric, a/b test]")
    _user_scenario(fixtures, trainer_home, item + stale)
    [problem] = [p for p in load_library().problems if p.file == path]
    assert problem.field == "shared_keywords.0.phrases.1" and "nothing to explain" in problem.message


def test_an_inflected_keyword_is_the_same_share_as_its_base_form(fixtures: Path, trainer_home: Path) -> None:
    # "business metrics" matches what "business metric" matches (keywords are stemmed), so the share
    # needs its reason as much as the exact phrase would.
    path, _ = _user_scenario(fixtures, trainer_home, _online_goal("business metrics"))
    [problem] = [p for p in load_library().problems if p.file == path]
    assert "clarify.business_goal (clarify)" in problem.message and "shared_keywords" in problem.message


def test_every_cross_phase_keyword_of_the_bundled_content_has_a_reason() -> None:
    lib = load_library(include_user=False)
    shares = [p for p in lib.problems if "shared_keywords" in p.message or "shared_keywords" in p.field]
    assert not shares, "\n".join(map(str, shares[:5]))
    assert len(lib.scenario_ids()) == 8
