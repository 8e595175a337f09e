"""The real-text corpus: its manifest and grades are consistent, and without fetched copies the bench says what to fetch."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "bench" / "real"
PHASES = ("clarify", "framing", "data", "training", "inference", "offline_metrics", "online_metrics", "deploy", "monitoring")
RESERVED = {
    "alirezadir/Machine-Learning-Interviews", "pythongurfer/apex-data-labs", "FruVirus/coding_practice", "btseytlin/job-guide",
    "Artemmakanov/ltr_inference", "Samthesimpsons/Notes-for-ML-System-Design-Interview", "sovaa/sovaa.github.io",
    "MikhaylovVladimir/toxic-comments-detector", "margomrkv/interview-debrief-assistant",
}


def test_manifest_records_where_every_text_lives_and_every_transcript_is_graded() -> None:
    manifest = yaml.safe_load((REAL / "manifest.yaml").read_text(encoding="utf-8"))["transcripts"]
    grades = yaml.safe_load((REAL / "grades.yaml").read_text(encoding="utf-8"))["grades"]
    assert len(manifest) >= 24
    assert len({t["source"] for t in manifest}) >= 12
    assert sum(t["language"] == "ru" for t in manifest) >= 8
    for t in manifest:
        assert t["repo"] not in RESERVED
        assert len(t["commit"]) == 40 and t["url"].startswith("https://github.com/")
        assert t["split"] in ("tune", "test")
        assert any(turn["speaker"] == "candidate" and "lines" in turn for turn in t["turns"])
        for variant in (t["id"], t["id"] + ".terse"):
            graded = grades[variant]
            assert 0 <= graded["total"] <= 100 and set(graded["phases"]) == set(PHASES)
            assert len(graded["graders"]["total"]) >= 3
    # Split by source: no source in both halves.
    halves = {}
    for t in manifest:
        assert halves.setdefault(t["source"], t["split"]) == t["split"]


def test_no_third_party_text_is_tracked() -> None:
    tracked = subprocess.run(["git", "ls-files", "bench/real"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.split()
    if not tracked:  # not a git checkout (an sdist): nothing to check
        return
    assert all(Path(p).suffix in (".py", ".yaml", ".md") or Path(p).name == ".gitignore" for p in tracked), tracked


def test_without_fetched_copies_the_bench_says_what_to_fetch(tmp_path: Path) -> None:
    env = {**os.environ, "MLSD_REAL_MIRROR": str(tmp_path)}
    check = subprocess.run([sys.executable, str(REAL / "build.py"), "--check"], capture_output=True, text=True, env=env, check=False)
    assert check.returncode == 1 and "is not fetched (fetch github:" in check.stderr
    bench = subprocess.run([sys.executable, str(ROOT / "bench" / "real.py")], capture_output=True, text=True, env=env, check=False)
    assert bench.returncode == 0 and "fetch these repositories first" in bench.stdout
    assert not (tmp_path / "text").exists()


def test_every_scenario_has_real_third_party_text_in_the_corpus() -> None:
    from trainer.content.library import load_library

    manifest = yaml.safe_load((REAL / "manifest.yaml").read_text(encoding="utf-8"))["transcripts"]
    scenarios = set(load_library(include_user=False).scenarios)
    assert {t["scenario"] for t in manifest} == scenarios
