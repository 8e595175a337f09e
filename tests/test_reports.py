"""Report exports: time per phase, Markdown and JSON goldens, the HTML structure and its rendering
in headless Chromium, and the `report` command.

Regenerate the goldens after an intended change of the engine or the renderers:
`UPDATE_GOLDEN=1 pytest tests/test_reports.py`, then review the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from trainer.content.library import load_library
from trainer.content.models import PHASES
from trainer.durations import fmt_delta, fmt_duration
from trainer.engine.scorer import score_transcript
from trainer.reports import render
from trainer.reports.html import BAR_COLOUR
from trainer.reports.timing import (
    budgets,
    phase_timing,
    segments,
    turn_phases,
)
from trainer.scoring.schema import Flow, ScoreReport, TurnLabel
from trainer.session.document import read_session_document
from trainer.transcripts import (
    Speaker,
    Transcript,
    Turn,
    read_transcript,
)

GOLDEN = Path(__file__).parent / "golden"
SESSION = GOLDEN / "session_search.json"
SAMPLES = Path(__file__).parent / "samples"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
PHASE_IDS = [p.value for p in PHASES]


# ---- helpers -------------------------------------------------------------------------------


def _report_with_labels(labels: list[tuple[str, str | None]]) -> ScoreReport:
    return ScoreReport(
        scenario="x", total=0, level="no_hire", level_label="No hire", flow=Flow(score=0, violations=[]),
        scenario_fit=0, phases=[], red_flags=[], ignored=[],
        turns=[TurnLabel(index=i, speaker=s, phase=p) for i, (s, p) in enumerate(labels)],  # type: ignore[arg-type]
    )


def _transcript(speakers_and_times: list[tuple[str, float | None]]) -> Transcript:
    return Transcript(
        turns=[Turn(index=i, speaker=Speaker(s), text=f"turn {i}", at=at) for i, (s, at) in enumerate(speakers_and_times)]
    )


@pytest.fixture(scope="module")
def resolved():
    return load_library().resolve("ecommerce_search")


@pytest.fixture(scope="module")
def golden_inputs(resolved):
    text = SESSION.read_text(encoding="utf-8")
    transcript = read_session_document(text, SESSION.name).transcript(SESSION.name)
    report = score_transcript(resolved, transcript)
    return report, transcript


def _export(golden_inputs, resolved, fmt: str, **kw) -> str:
    report, transcript = golden_inputs
    return render(report, fmt, transcript=transcript, scenario=resolved, **kw)


# ---- time per phase ------------------------------------------------------------------------


def test_interviewer_time_goes_to_the_following_candidate_turns_phase() -> None:
    report = _report_with_labels([
        ("interviewer", None), ("candidate", "clarify"), ("interviewer", None), ("candidate", "data"), ("interviewer", None),
    ])
    transcript = _transcript([("interviewer", 0), ("candidate", 10), ("interviewer", 70), ("candidate", 100), ("interviewer", 400)])
    assert turn_phases(report, transcript) == ["clarify", "clarify", "data", "data", "data"]
    timing = phase_timing(report, transcript)
    spent = {pt.phase: pt.spent_seconds for pt in timing.phases}
    assert spent["clarify"] == 70  # opening question 10 s + answer 60 s
    assert spent["data"] == 330  # question 30 s + answer 300 s; the last turn has no successor (0 s)
    assert spent["framing"] == 0
    assert timing.available and timing.total_seconds == 400 and timing.unattributed_seconds == 0
    assert [pt.phase for pt in timing.phases] == PHASE_IDS


def test_no_timestamps_is_not_available_never_an_error() -> None:
    report = _report_with_labels([("interviewer", None), ("candidate", "clarify")])
    timing = phase_timing(report, _transcript([("interviewer", None), ("candidate", None)]))
    assert not timing.available
    assert all(pt.spent_seconds is None for pt in timing.phases)
    assert timing.total_seconds is None
    assert fmt_duration(None) == "n/a" and fmt_delta(None, 60) == "n/a"
    assert segments(report, _transcript([("interviewer", None), ("candidate", None)])) == []


def test_partial_timestamps_count_only_known_gaps() -> None:
    report = _report_with_labels([("candidate", "clarify"), ("candidate", "framing"), ("candidate", "data")])
    timing = phase_timing(report, _transcript([("candidate", 0), ("candidate", None), ("candidate", 50)]))
    spent = {pt.phase: pt.spent_seconds for pt in timing.phases}
    assert timing.available
    assert spent["clarify"] == 0 and spent["framing"] == 0 and spent["data"] == 0


def test_trailing_interviewer_turns_and_unlabelled_turns() -> None:
    report = _report_with_labels([("candidate", "deploy"), ("interviewer", None), ("interviewer", None), ("candidate", None), ("interviewer", None)])
    transcript = _transcript([("candidate", 0), ("interviewer", 20), ("interviewer", 25), ("candidate", 40), ("interviewer", 100)])
    phases = turn_phases(report, transcript)
    assert phases == ["deploy", None, None, None, None]
    timing = phase_timing(report, transcript)
    assert {pt.phase: pt.spent_seconds for pt in timing.phases}["deploy"] == 20
    assert timing.unattributed_seconds == 80
    report2 = _report_with_labels([("candidate", "deploy"), ("interviewer", None), ("interviewer", None)])
    assert turn_phases(report2, _transcript([("candidate", 0), ("interviewer", 5), ("interviewer", 9)])) == ["deploy"] * 3


def test_out_of_order_clock_never_gives_negative_time() -> None:
    report = _report_with_labels([("candidate", "clarify"), ("candidate", "data")])
    timing = phase_timing(report, _transcript([("candidate", 50), ("candidate", 10)]))
    assert all((pt.spent_seconds or 0) >= 0 for pt in timing.phases)


def test_budgets_come_from_the_scenario_and_scale_to_the_mock(resolved) -> None:
    plain = budgets(resolved)
    assert plain == {p.value: resolved.scenario.phases[p].minutes * 60 for p in PHASES}
    assert budgets(resolved.scenario) == plain  # a bare Scenario works too
    half = budgets(resolved, minutes=resolved.scenario.minutes / 2)
    assert half is not None and all(abs(half[k] - plain[k] / 2) < 1e-6 for k in plain)
    assert budgets(None) is None


def test_segments_merge_consecutive_turns_of_one_phase() -> None:
    report = _report_with_labels([("interviewer", None), ("candidate", "clarify"), ("interviewer", None), ("candidate", "data"), ("interviewer", None)])
    transcript = _transcript([("interviewer", 0), ("candidate", 10), ("interviewer", 70), ("candidate", 100), ("interviewer", 400)])
    assert [(s.phase, s.start, s.end) for s in segments(report, transcript)] == [("clarify", 0, 70), ("data", 70, 400)]


def test_fmt_duration() -> None:
    assert fmt_duration(0) == "0:00"
    assert fmt_duration(65.4) == "1:05"
    assert fmt_duration(3725) == "1:02:05"
    assert fmt_delta(90, 60) == "+0:30" and fmt_delta(30, 60) == "-0:30"


# ---- goldens -------------------------------------------------------------------------------


def _check_golden(path: Path, actual: str) -> None:
    if UPDATE or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"golden file {path.name} was missing and has been written; review it and re-run")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs; if intended, regenerate with UPDATE_GOLDEN=1 and review the diff"


def test_markdown_golden(golden_inputs, resolved) -> None:
    _check_golden(GOLDEN / "session_search.md", _export(golden_inputs, resolved, "md"))


def _without_generated_at(doc: dict) -> dict:
    doc = json.loads(json.dumps(doc))
    assert doc["session"].pop("generated_at")
    return doc


def test_json_golden_ignores_generated_at(golden_inputs, resolved) -> None:
    actual = json.loads(_export(golden_inputs, resolved, "json"))
    path = GOLDEN / "session_search.report.json"
    if UPDATE or not path.exists():
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"golden file {path.name} was missing and has been written; review it and re-run")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert _without_generated_at(actual) == _without_generated_at(expected)


def test_json_export_keeps_the_score_schema_and_adds_session(golden_inputs, resolved) -> None:
    report = golden_inputs[0]
    bare = json.loads(render(report, "json"))
    exported = json.loads(_export(golden_inputs, resolved, "json"))
    assert "session" not in bare  # the bare score is unchanged
    assert {k: v for k, v in exported.items() if k != "session"} == bare
    session = exported["session"]
    assert session["scenario_title"] == resolved.scenario.title
    assert session["source"] == SESSION.name
    assert session["generated_at"].endswith("+00:00")
    assert session["minutes"] == 45
    assert [p["phase"] for p in session["timing"]["phases"]] == PHASE_IDS
    assert session["timing"]["total_seconds"] == 2111
    assert session["mentor"]["grades"] == {"clarify": 4, "data": 2, "deploy": 1}
    assert ScoreReport.model_validate(exported).session is not None  # the export validates back


def test_markdown_without_timestamps_shows_na(resolved) -> None:
    transcript = read_transcript(SAMPLES / "search_strong_en.txt")
    report = score_transcript(resolved, transcript)
    md = render(report, "md", transcript=transcript, scenario=resolved)
    assert md.startswith("# Mock interview feedback")
    assert "| Data |" in md and "n/a" in md
    assert "## Mentor" not in md
    assert render(report, "md").startswith("# Mock interview feedback")  # the old call still works


def test_markdown_escapes_tags_and_pipes(golden_inputs, resolved) -> None:
    md = _export(golden_inputs, resolved, "md")
    assert re.search(r"(?<!\\)<(script|/script|time)>", md) is None  # every tag-like `<` is backslash-escaped
    assert "\\<script\\>" in md and "\\<time\\>" in md
    assert re.search(r"^\| Data \| \d+ \|", md, re.MULTILINE)  # tables intact


# ---- HTML structure ------------------------------------------------------------------------


class _Tree(HTMLParser):
    """Element starts with their attributes and the stack of open elements around them."""

    VOID = frozenset({"meta", "br", "img", "input", "link", "hr", "source", "wbr", "area", "base", "col", "embed", "param", "track"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str], tuple[tuple[str, dict[str, str]], ...]]] = []
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.text: list[tuple[str, tuple[tuple[str, dict[str, str]], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        self.elements.append((tag, attr, tuple(self.stack)))
        if tag not in self.VOID:
            self.stack.append((tag, attr))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}, tuple(self.stack)))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        self.text.append((data, tuple(self.stack)))

    def find(self, tag: str | None = None, cls: str | None = None, inside_id: str | None = None):
        for t, attr, parents in self.elements:
            if tag and t != tag:
                continue
            if cls and cls not in attr.get("class", "").split():
                continue
            if inside_id and not any(a.get("id") == inside_id for _, a in parents):
                continue
            yield t, attr, parents


def _parse(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree


@pytest.fixture(scope="module")
def golden_html(golden_inputs, resolved) -> str:
    return _export(golden_inputs, resolved, "html")


def test_html_has_one_chart_with_one_bar_per_phase(golden_html: str, golden_inputs) -> None:
    tree = _parse(golden_html)
    charts = [a for _, a, _ in tree.find("svg", cls="chart") if a.get("id") == "phase-chart"]
    assert len(charts) == 1
    bars = list(tree.find("rect", cls="bar", inside_id="phase-chart"))
    assert [a["data-phase"] for _, a, _ in bars] == PHASE_IDS
    report = golden_inputs[0]
    assert [int(a["data-score"]) for _, a, _ in bars] == [p.score for p in report.phases]
    assert all(a["fill"] == BAR_COLOUR for _, a, _ in bars)
    assert len([a for _, a, _ in tree.find("rect", cls="bar")]) == len(PHASE_IDS)  # no bars elsewhere


def test_html_has_the_timeline_of_time_against_budget(golden_html: str) -> None:
    tree = _parse(golden_html)
    assert len([a for _, a, _ in tree.find("svg") if a.get("id") == "timeline"]) == 1
    plan = [a["data-phase"] for _, a, _ in tree.find("rect", cls="plan", inside_id="timeline")]
    assert plan == PHASE_IDS
    seg_phases = {a["data-phase"] for _, a, _ in tree.find("rect", cls="seg", inside_id="timeline")}
    assert {"clarify", "deploy", "data", "online_metrics"} <= seg_phases
    assert list(tree.find("line", cls="budget-end", inside_id="timeline"))


def test_html_evidence_links_to_transcript_turns_that_exist(golden_html: str, golden_inputs) -> None:
    tree = _parse(golden_html)
    ids = {a["id"] for _, a, _ in tree.elements if "id" in a}
    turn_ids = {a["id"] for _, a, _ in tree.find("li", cls="turn", inside_id="transcript")}
    assert len(turn_ids) == len(golden_inputs[1].turns)
    evidence_links = [
        a["href"] for _, a, parents in tree.find("a") if any("evidence" in p.get("class", "").split() for _, p in parents)
    ]
    report = golden_inputs[0]
    assert len(evidence_links) == sum(len(p.evidence) for p in report.phases) > 0
    for href in evidence_links:
        assert href.startswith("#turn-") and href[1:] in turn_ids
    for _, attr, _ in tree.find("a"):  # every in-page link resolves
        href = attr.get("href", "")
        assert href.startswith("#") and href[1:] in ids, href
    assert list(tree.find("mark", inside_id="transcript"))  # quotes are marked in the transcript


def test_html_is_self_contained(golden_html: str) -> None:
    low = golden_html.lower()
    for needle in ("http://", "https://", "src=", "url(", "@import", "<link", "<img", "<iframe", "<object", "<embed"):
        assert needle not in low, needle
    tree = _parse(golden_html)
    assert not list(tree.find("script"))
    assert "@media print" in golden_html and "@media (max-width" in golden_html
    assert any(a.get("name") == "viewport" for _, a, _ in tree.find("meta"))
    csp = [a["content"] for _, a, _ in tree.find("meta") if a.get("http-equiv", "").lower() == "content-security-policy"]
    assert csp and "default-src 'none'" in csp[0]


def test_html_escapes_candidate_and_mentor_text(golden_html: str) -> None:
    assert "<script>" not in golden_html
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in golden_html
    assert "&lt;time&gt; leakage &amp; seasonality" in golden_html
    tree = _parse(golden_html)
    texts = [t for t, parents in tree.text if any(a.get("id") == "transcript" for _, a in parents)]
    assert any('<script>alert("pwned")</script>' in t for t in texts)  # shown as text


def test_html_mentor_section_only_when_given(golden_inputs, resolved, golden_html: str) -> None:
    report, transcript = golden_inputs
    assert 'id="mentor"' in golden_html and "4/4" in golden_html
    plain = render(report, "html", transcript=transcript.model_copy(update={"mentor": None}), scenario=resolved)
    assert 'id="mentor"' not in plain


def test_html_without_timestamps_or_transcript_does_not_crash(resolved) -> None:
    transcript = read_transcript(SAMPLES / "search_weak_en.txt")
    report = score_transcript(resolved, transcript)
    html = render(report, "html", transcript=transcript, scenario=resolved)
    assert "n/a" in html and 'id="timeline"' in html
    bare = render(report, "html")
    tree = _parse(bare)
    assert not list(tree.find("li", cls="turn"))
    assert not [a for _, a, _ in tree.find("a") if a.get("href", "").startswith("#turn-")]
    assert len(list(tree.find("rect", cls="bar"))) == len(PHASE_IDS)


# ---- HTML rendered by headless Chromium ----------------------------------------------------


def _chromium() -> str:
    exe = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if exe is None:
        pytest.fail(
            "chromium is not installed, so the HTML report cannot be rendered: "
            "`apt-get update && apt-get install -y chromium` (.ci/run installs it when missing)"
        )
    return exe


def _screenshot(html_path: Path, out: Path, size: str) -> None:
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            _chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", f"--window-size={size}", f"--screenshot={out}", html_path.as_uri(),
        ]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert out.exists() and out.stat().st_size > 0, f"chromium wrote no screenshot (exit {result.returncode}): {result.stderr[-800:]}"


def read_png(data: bytes) -> tuple[int, int, list[bytes], int]:
    """Decode an 8-bit RGB/RGBA non-interlaced PNG with the standard library: (width, height, rows, bytes per pixel)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, []
    width = height = bpp = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        if kind == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev, strict=True))
        elif kind == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 255
        elif kind == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def _colours(rows: list[bytes], bpp: int) -> tuple[dict[tuple[int, int, int], int], list[int]]:
    """Pixel count per colour, and the rows (y) holding the bar colour."""
    target = bytes.fromhex(BAR_COLOUR[1:])
    counts: Counter[bytes] = Counter()
    bar_rows: list[int] = []
    for y, row in enumerate(rows):
        row_counts = Counter(row[x : x + 3] for x in range(0, len(row), bpp))
        counts.update(row_counts)
        if target in row_counts:
            bar_rows.append(y)
    return {(px[0], px[1], px[2]): n for px, n in counts.items()}, bar_rows


@pytest.mark.parametrize("size, min_bar_pixels", [("1200,1600", 20_000), ("390,1400", 8_000)])
def test_html_renders_in_chromium_with_the_chart(golden_html: str, tmp_path: Path, size: str, min_bar_pixels: int) -> None:
    page = tmp_path / "report.html"
    page.write_text(golden_html, encoding="utf-8")
    shot = tmp_path / "shot.png"
    _screenshot(page, shot, size)
    width, height, rows, bpp = read_png(shot.read_bytes())
    assert (width, height) == tuple(int(v) for v in size.split(","))
    counts, bar_rows = _colours(rows, bpp)
    assert len(counts) > 50, "the screenshot is (nearly) blank"
    white = counts.get((255, 255, 255), 0)
    assert white < 0.97 * width * height, "the screenshot is (nearly) blank"
    rgb = tuple(bytes.fromhex(BAR_COLOUR[1:]))
    assert counts.get(rgb, 0) >= min_bar_pixels, f"the chart's bar colour {BAR_COLOUR} covers only {counts.get(rgb, 0)} pixels"
    # nine bars: nine separate bands of rows in the bar colour (the 100-score bar included)
    bands = sum(1 for i, y in enumerate(bar_rows) if i == 0 or y != bar_rows[i - 1] + 1)
    assert bands >= len(PHASE_IDS), f"expected a bar per phase, found {bands} bands of the bar colour"


# ---- the `report` command ------------------------------------------------------------------

BIN = Path(sys.executable).parent / "mlsd-trainer"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = str(BIN) if BIN.exists() else shutil.which("mlsd-trainer")
    assert exe, "the mlsd-trainer entry point is not installed"
    return subprocess.run([exe, *args], capture_output=True, text=True, env=os.environ.copy(), timeout=120)


def test_report_command_reads_the_scenario_from_the_session(tmp_path: Path) -> None:
    md = run("report", str(SESSION))
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# Mock interview feedback — E-commerce product search")
    assert "## Mentor" in md.stdout and "35:11 of 45:00" in md.stdout
    out = tmp_path / "r.html"
    html = run("report", str(SESSION), "--format", "html", "-o", str(out))
    assert html.returncode == 0, html.stderr
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    js = run("report", str(SESSION), "--format", "json")
    assert js.returncode == 0, js.stderr
    doc = json.loads(js.stdout)
    assert doc["scenario"] == "ecommerce_search" and doc["session"]["timing"]["available"]


def test_report_command_needs_a_scenario_for_plain_text() -> None:
    missing = run("report", str(SAMPLES / "search_weak_en.txt"))
    assert missing.returncode == 2
    assert "--scenario" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1
    given = run("report", str(SAMPLES / "search_weak_en.txt"), "--scenario", "ecommerce_search")
    assert given.returncode == 0, given.stderr
    assert "n/a" in given.stdout


def test_report_command_unknown_file_or_session_is_one_line() -> None:
    for target in ("no-such-session-id", "missing/transcript.txt"):
        result = run("report", target)
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        assert target in result.stderr


def test_report_command_loads_a_saved_session_with_mentor_marks() -> None:
    from trainer.session.store import SessionStore

    data = json.loads(SESSION.read_text(encoding="utf-8"))
    with SessionStore() as store:
        session_id = store.create(scenario="ecommerce_search", mode="mentor", minutes=45)
        for i, turn in enumerate(data["turns"]):
            store.add_turn(session_id, Turn(index=i, speaker=Speaker(turn["speaker"]), text=turn["text"], at=turn["at"]))
        store.set_mentor_grade(session_id, "data", 2)
        store.add_mentor_note(session_id, "Ask about <b>leakage</b>", phase="data", at=60.0)
        store.set_mentor_tick(session_id, "data.split_by_time", False)
    result = run("report", session_id, "--format", "html")
    assert result.returncode == 0, result.stderr
    assert 'id="mentor"' in result.stdout and "Ask about &lt;b&gt;leakage&lt;/b&gt;" in result.stdout
    assert f"session {session_id}" in result.stdout
    md = run("report", session_id)
    assert md.returncode == 0 and "Data 2/4" in md.stdout
