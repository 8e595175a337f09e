"""`score` batch mode: a folder in, one report per transcript plus summary.csv out."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "mlsd-trainer"
SAMPLES = Path(__file__).parent / "samples"
SESSION = Path(__file__).parent / "golden" / "session_search.json"
PHASE_IDS = ["clarify", "framing", "data", "training", "inference", "offline_metrics", "online_metrics", "deploy", "monitoring"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = str(BIN) if BIN.exists() else shutil.which("mlsd-trainer")
    assert exe, "the mlsd-trainer entry point is not installed"
    return subprocess.run([exe, *args], capture_output=True, text=True, env=os.environ.copy(), timeout=180)


def _json_score(path: Path) -> dict:
    result = run("score", str(path), "--scenario", "ecommerce_search", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Two text transcripts, one session JSON, a broken (binary) file, and files batch mode must ignore."""
    src = tmp_path / "transcripts"
    src.mkdir()
    shutil.copy(SAMPLES / "search_strong_en.txt", src / "strong.txt")
    shutil.copy(SAMPLES / "search_weak_en.txt", src / "weak.md")
    shutil.copy(SESSION, src / "session.json")
    (src / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (src / "notes.yaml").write_text("not: a transcript\n", encoding="utf-8")
    (src / ".hidden.txt").write_text("Candidate: hidden\n", encoding="utf-8")
    return src


def _summary(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["file", "total", "level", *PHASE_IDS]
        return list(reader)


def test_batch_scores_the_rest_when_one_file_is_broken(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = run("score", str(folder), "--scenario", "ecommerce_search", "-o", f"{out}/")
    assert result.returncode == 2, result.stderr  # a file failed
    problems = [line for line in result.stderr.splitlines() if "broken.txt" in line]
    assert len(problems) == 1 and "binary" in problems[0]
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["session.report.md", "strong.report.md", "summary.csv", "weak.report.md"]
    assert (out / "strong.report.md").read_text(encoding="utf-8").startswith("# Mock interview feedback")
    rows = {Path(r["file"]).name: r for r in _summary(out / "summary.csv")}
    assert set(rows) == {"strong.txt", "weak.md", "session.json"}
    for name, row in rows.items():
        expected = _json_score(folder / name)
        assert int(row["total"]) == expected["total"]
        assert row["level"] == expected["level"]
        assert [int(row[p]) for p in PHASE_IDS] == [p["score"] for p in expected["phases"]]
    assert int(rows["strong.txt"]["total"]) > int(rows["weak.md"]["total"])


def test_batch_all_good_exits_0_and_writes_the_chosen_format(folder: Path, tmp_path: Path) -> None:
    (folder / "broken.txt").unlink()
    out = tmp_path / "html"
    out.mkdir()  # an existing directory is batch mode even for one input
    result = run("score", str(folder), "--scenario", "ecommerce_search", "--format", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    htmls = sorted(p.name for p in out.glob("*.html"))
    assert htmls == ["session.report.html", "strong.report.html", "weak.report.html"]
    assert (out / "session.report.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    assert len(_summary(out / "summary.csv")) == 3
    # writing the reports into the folder being read is refused: nothing there changes
    before = sorted(p.name for p in folder.iterdir())
    into_inputs = run("score", str(folder), "--scenario", "ecommerce_search", "-o", str(folder))
    assert into_inputs.returncode == 2 and "it is an input folder" in into_inputs.stderr
    assert sorted(p.name for p in folder.iterdir()) == before


def test_several_files_into_a_new_directory_and_a_single_file_with_a_slash(tmp_path: Path) -> None:
    files = [str(SAMPLES / "search_strong_en.txt"), str(SAMPLES / "search_weak_en.txt")]
    out = tmp_path / "new" / "dir"
    result = run("score", *files, "--scenario", "ecommerce_search", "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["search_strong_en.report.json", "search_weak_en.report.json", "summary.csv"]
    doc = json.loads((out / "search_strong_en.report.json").read_text(encoding="utf-8"))
    assert doc["schema_version"] == 1 and "session" in doc
    single = tmp_path / "single"
    result = run("score", files[0], "--scenario", "ecommerce_search", "-o", f"{single}/")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in single.iterdir()) == ["search_strong_en.report.md", "summary.csv"]


def test_several_files_into_one_file_keep_the_old_behaviour(tmp_path: Path) -> None:
    files = [str(SAMPLES / "search_strong_en.txt"), str(SAMPLES / "search_weak_en.txt")]
    out = tmp_path / "all.jsonl"
    result = run("score", *files, "--scenario", "ecommerce_search", "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").strip().splitlines()
    assert len(lines) == 2 and all(json.loads(line)["scenario"] == "ecommerce_search" for line in lines)


def test_empty_directory_is_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("score", str(empty), "--scenario", "ecommerce_search", "-o", str(tmp_path / "out") + "/")
    assert result.returncode == 2
    assert "no .txt, .md or .json" in result.stderr


def test_single_file_html_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    result = run("score", str(SESSION), "--scenario", "ecommerce_search", "--format", "html")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!doctype html>") and 'id="phase-chart"' in result.stdout
    out = tmp_path / "r.html"
    result = run("score", str(SESSION), "--scenario", "ecommerce_search", "--format", "html", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert 'id="timeline"' in out.read_text(encoding="utf-8")
    several = run("score", str(SESSION), str(SAMPLES / "search_weak_en.txt"), "--scenario", "ecommerce_search", "--format", "html")
    assert several.returncode == 2 and "-o DIR/" in several.stderr


def test_batch_progress_bar_in_process(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a terminal on stderr the batch shows a progress bar and still reports the broken file once."""
    from click.testing import CliRunner

    import trainer.cli.score as score_module
    from trainer.cli import main

    monkeypatch.setattr(score_module, "stderr_is_terminal", lambda: True)
    runner = CliRunner()
    result = runner.invoke(main, ["score", str(folder), "--scenario", "ecommerce_search", "-o", str(tmp_path / "p") + "/"])
    assert result.exit_code == 2, result.output
    assert len(_summary(tmp_path / "p" / "summary.csv")) == 3
