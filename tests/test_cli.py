"""The CLI end to end through the installed `mlsd-trainer` entry point."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "mlsd-trainer"
SAMPLES = Path(__file__).parent / "samples"


def run(*args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    exe = str(BIN) if BIN.exists() else shutil.which("mlsd-trainer")
    assert exe, "the mlsd-trainer entry point is not installed"
    return subprocess.run([exe, *args], capture_output=True, text=True, input=input, env=os.environ.copy(), timeout=60)


def test_no_arguments_prints_an_overview_with_scenarios() -> None:
    result = run()
    assert result.returncode == 0, result.stderr
    for scenario in ("ecommerce_search", "recommendations", "spam_filtering"):
        assert scenario in result.stdout


def test_python_dash_m_runs_the_same_cli() -> None:
    result = subprocess.run([sys.executable, "-m", "trainer", "scenarios", "--json"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert {row["id"] for row in json.loads(result.stdout)} >= {"ecommerce_search", "recommendations", "spam_filtering"}


def test_scenarios_json_lists_ids_titles_minutes() -> None:
    result = run("scenarios", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) >= {"ecommerce_search", "recommendations", "spam_filtering"}
    for row in rows:
        assert row["title"] and row["minutes"] == 45


def test_validate_bundled_content_is_clean() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "ok:" in result.stdout


def test_validate_reports_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "scenarios" / "bad.yaml"
    bad.parent.mkdir()
    bad.write_text("id: bad\ntitle: Bad\nsummary: too short\nopening: x\n", encoding="utf-8")
    result = run("validate", str(bad))
    assert result.returncode == 2
    assert f"{bad}:4: [opening]" in result.stderr
    assert "Traceback" not in result.stderr


def test_score_json_schema(tmp_path: Path) -> None:
    result = run("score", str(SAMPLES / "search_strong_en.txt"), "--scenario", "ecommerce_search", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema_version"] == 1
    assert report["scenario"] == "ecommerce_search"
    assert 0 <= report["total"] <= 100
    assert report["level"] in ("no_hire", "lean_no_hire", "lean_hire", "strong_hire")
    assert set(report["flow"]) >= {"score", "violations"}
    assert [p["id"] for p in report["phases"]] == [
        "clarify", "framing", "data", "training", "inference",
        "offline_metrics", "online_metrics", "deploy", "monitoring",
    ]
    for phase in report["phases"]:
        assert set(phase) >= {"id", "score", "covered", "missing", "evidence"}
        for ev in phase["evidence"]:
            assert set(ev) >= {"item", "turn", "quote"}
    speakers = {t["speaker"] for t in report["turns"]}
    assert speakers == {"interviewer", "candidate"}
    assert all(t["phase"] is None for t in report["turns"] if t["speaker"] == "interviewer")


def test_score_evidence_quotes_are_verbatim_candidate_text() -> None:
    path = SAMPLES / "search_strong_en.txt"
    result = run("score", str(path), "--scenario", "ecommerce_search", "--format", "json")
    report = json.loads(result.stdout)
    from trainer.transcripts import read_transcript

    transcript = read_transcript(path)
    quotes = [(ev["turn"], ev["quote"]) for p in report["phases"] for ev in p["evidence"]]
    assert quotes
    for turn, quote in quotes:
        assert transcript.turns[turn].speaker.value == "candidate"
        assert quote in transcript.turns[turn].text


def test_score_several_files_prints_json_lines(tmp_path: Path) -> None:
    files = [str(SAMPLES / "search_strong_en.txt"), str(SAMPLES / "search_weak_en.txt")]
    result = run("score", *files, "--scenario", "ecommerce_search", "--format", "json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    strong, weak = (json.loads(line) for line in lines)
    assert strong["total"] > weak["total"]


def test_score_text_and_markdown_to_file(tmp_path: Path) -> None:
    text = run("score", str(SAMPLES / "search_strong_en.txt"), "--scenario", "ecommerce_search", "--offline")
    assert text.returncode == 0
    assert "Total" in text.stdout and "clarify" in text.stdout
    out = tmp_path / "report.md"
    md = run("score", str(SAMPLES / "search_strong_en.txt"), "--scenario", "ecommerce_search", "--format", "md", "-o", str(out))
    assert md.returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# Mock interview feedback")


@pytest.mark.parametrize(
    "setup, expected",
    [
        ("missing", "no such file"),
        ("empty", "empty"),
        ("binary", "binary"),
        ("no_candidate", "no candidate turns"),
        ("bad_json", "malformed session JSON"),
    ],
)
def test_score_bad_input_is_one_line_exit_2(tmp_path: Path, setup: str, expected: str) -> None:
    path = tmp_path / "input.txt"
    if setup == "empty":
        path.write_text("", encoding="utf-8")
    elif setup == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    elif setup == "no_candidate":
        path.write_text("Interviewer: hello?\n", encoding="utf-8")
    elif setup == "bad_json":
        path.write_text('{"kind": "mlsd-trainer.session", "turns": [}', encoding="utf-8")
    result = run("score", str(path), "--scenario", "ecommerce_search")
    assert result.returncode == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_score_unknown_scenario_lists_known_ones() -> None:
    result = run("score", str(SAMPLES / "search_strong_en.txt"), "--scenario", "nope")
    assert result.returncode == 2
    assert "unknown scenario 'nope'" in result.stderr
    assert "ecommerce_search" in result.stderr and "spam_filtering" in result.stderr


def test_commands_load_on_use_and_the_map_names_every_command() -> None:
    """`main` imports a command's module only when the command runs; the map must list them all."""
    code = (
        "import sys, importlib, pkgutil, trainer.cli as cli\n"
        "from trainer.cli.base import COMMAND_MODULES, main\n"
        "assert 'trainer.cli.score' not in sys.modules, 'score imported up front'\n"
        "for info in pkgutil.iter_modules(cli.__path__):\n"
        "    importlib.import_module('trainer.cli.' + info.name)\n"
        "print(sorted(main.commands), sorted(COMMAND_MODULES))\n"
        "assert sorted(main.commands) == sorted(COMMAND_MODULES)\n"
        "for name, module in COMMAND_MODULES.items():\n"
        "    assert main.commands[name].callback.__module__ == 'trainer.cli.' + module, name\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stderr
    helped = subprocess.run([sys.executable, "-m", "trainer", "--help"], capture_output=True, text=True, check=True)
    assert all(name in helped.stdout for name in ("chat", "score", "validate", "scenarios", "resume"))
