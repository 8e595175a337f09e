"""Hostile files and outputs: never overwrite an input, never hang, one clear line instead of a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.errors import TranscriptError
from trainer.files import OutputError, refuse_clobber, write_atomic
from trainer.transcripts import parse_text, read_transcript

BIN = Path(sys.executable).parent / "mlsd-trainer"
ANSWER = "Interviewer: Go.\nCandidate: We split by time because spammers adapt week to week.\n"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=60, cwd=cwd, env=os.environ.copy(), check=False)


def _one_clear_line(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.mark.parametrize("command", ["score", "report"])
def test_an_output_that_is_the_input_is_refused_and_the_input_survives(tmp_path: Path, command: str) -> None:
    victim = tmp_path / "victim.md"
    victim.write_text(ANSWER, encoding="utf-8")
    args = [command, str(victim), "--scenario", "spam_filtering", "--format", "md", "-o", str(victim)]
    result = run(*args)
    _one_clear_line(result)
    assert "it is an input file" in result.stderr
    assert victim.read_text(encoding="utf-8") == ANSWER


def test_the_session_database_and_its_wal_are_never_an_output(tmp_path: Path) -> None:
    from trainer.session.store import default_path

    transcript = tmp_path / "a.txt"
    transcript.write_text(ANSWER, encoding="utf-8")
    for target in (default_path(), Path(str(default_path()) + "-wal"), Path(str(default_path()) + "-shm")):
        result = run("score", str(transcript), "--scenario", "spam_filtering", "-o", str(target))
        _one_clear_line(result)
        assert "session database" in result.stderr


def test_refuse_clobber_sees_through_relative_paths_and_symlinks(tmp_path: Path) -> None:
    source = tmp_path / "t.txt"
    source.write_text(ANSWER, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(source)
    with pytest.raises(OutputError):
        refuse_clobber(link, [source], None)
    with pytest.raises(OutputError):
        refuse_clobber(tmp_path / "." / "t.txt", [source], None)
    refuse_clobber(tmp_path / "report.md", [source], None)  # a new file is fine


def test_a_failed_write_leaves_the_earlier_file_whole(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "report.md"
    write_atomic(target, "good report\n")
    with pytest.raises(OutputError):
        write_atomic(target, "bad \ud800 text\n")  # cannot be encoded: nothing is written
    assert target.read_text(encoding="utf-8") == "good report\n"
    assert sorted(p.name for p in folder.iterdir()) == ["report.md"]  # no temporary file left behind


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(TranscriptError, match="not a regular file"):
        read_transcript(fifo)
    _one_clear_line(run("score", str(fifo), "--scenario", "spam_filtering"))


def test_a_transcript_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    from trainer.transcripts import MAX_TRANSCRIPT_BYTES

    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("Candidate: ")
        handle.write("word " * (MAX_TRANSCRIPT_BYTES // 5 + 10))
    with pytest.raises(TranscriptError, match="larger than a transcript can be"):
        read_transcript(big)


def test_leading_whitespace_is_parsed_in_linear_time() -> None:
    # The old tag pattern backtracked over leading spaces: 64 KB of them took over 40 s.
    text = " " * 200_000 + "\nCandidate:" + " " * 100_000 + "x\n" + "\t" * 100_000 + "**Interviewer**: ok\n"
    transcript = parse_text(text)
    assert [t.speaker.value for t in transcript.turns] == ["candidate", "interviewer"]


def _session(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def _doc(**fields) -> dict:
    doc = {
        "kind": "mlsd-trainer.session", "schema_version": 1, "scenario": "spam_filtering",
        "turns": [{"speaker": "interviewer", "text": "Go", "at": 0}, {"speaker": "candidate", "text": "We split by time.", "at": 5}],
    }
    doc.update(fields)
    return doc


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("big_at.json", json.dumps(_doc(turns=[{"speaker": "candidate", "text": "x", "at": 1.7e12}])), "less than or equal"),
        ("nan.json", json.dumps(_doc(turns=[{"speaker": "candidate", "text": "x", "at": float("nan")}])), "NaN"),
        ("inf.json", json.dumps(_doc(minutes=float("inf"))), "Infinity"),
        ("huge_minutes.json", json.dumps(_doc(minutes=1e308)), "minutes"),
        ("deep.json", '{"kind": "mlsd-trainer.session", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested deeper"),
        ("bigint.json", '{"kind": "mlsd-trainer.session", "schema_version": ' + "9" * 5000 + "}", "digits"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else "",
)
def test_session_json_out_of_range_is_one_clear_line(tmp_path: Path, name: str, body: str, message: str) -> None:
    path = _session(tmp_path, name, body)
    with pytest.raises(TranscriptError, match=message):
        read_transcript(path)
    _one_clear_line(run("report", str(path), "--format", "html", "-o", str(tmp_path / "r.html")))


def test_a_lone_surrogate_in_a_session_is_repaired_and_the_report_written(tmp_path: Path) -> None:
    doc = _doc()
    doc["turns"][1]["text"] = "We split by time \ud800 because spammers adapt."
    path = _session(tmp_path, "sur.json", json.dumps(doc))
    transcript = read_transcript(path)
    assert "\ufffd" in transcript.turns[1].text
    result = run("report", str(path), "--format", "md", "-o", str(tmp_path / "r.md"))
    assert result.returncode == 0, result.stderr


# ---- content YAML --------------------------------------------------------------------------

LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for name, prev in zip("abcdefghi", [None, *"abcdefgh"], strict=False)
)


@pytest.mark.parametrize(
    "name, body, message",
    [
        ("laughs.yaml", LAUGHS, "expands to more than"),
        ("recursive.yaml", "a: &a [*a]\n", "refers to the node that contains it"),
        ("date.yaml", "id: x\nsummary: 2024-02-30\n", "day is out of range"),
        ("bigint.yaml", "id: x\nn: " + "9" * 5000 + "\n", "digits"),
        ("deep.yaml", "a: " + "[" * 200 + "]" * 200 + "\n", "nested deeper"),
    ],
)
def test_hostile_yaml_is_one_located_problem_without_blowing_up(tmp_path: Path, name: str, body: str, message: str) -> None:
    from trainer.content.yaml_source import read_yaml
    from trainer.errors import ContentError

    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ContentError, match=message) as caught:
        read_yaml(path)
    assert caught.value.problems[0].line is not None or message == "digits"
    result = run("validate", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr and message in result.stderr


def test_a_yaml_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    from trainer.content.yaml_source import MAX_YAML_BYTES, read_yaml
    from trainer.errors import ContentError

    path = tmp_path / "huge.yaml"
    path.write_text("items:\n" + "  - x\n" * (MAX_YAML_BYTES // 6 + 10), encoding="utf-8")
    with pytest.raises(ContentError, match="larger than a content file can be"):
        read_yaml(path)


def test_duplicate_user_ids_are_problems_and_overrides_are_noted(tmp_path: Path) -> None:
    from trainer import paths
    from trainer.content.library import load_library

    folder = paths.user_content_dir("scenarios")
    folder.mkdir(parents=True, exist_ok=True)
    bundled = (paths.bundled_dir("scenarios") / "spam_filtering.yaml").read_text(encoding="utf-8")
    (folder / "mine.yaml").write_text(bundled, encoding="utf-8")
    lib = load_library()
    assert any("replaces the bundled scenario 'spam_filtering'" in note for note in lib.notes)
    assert not lib.problems
    (folder / "mine2.yaml").write_text(bundled, encoding="utf-8")
    lib = load_library()
    assert any("duplicate id 'spam_filtering'" in str(p) for p in lib.problems)
    result = run("validate")
    assert result.returncode == 2 and "duplicate id 'spam_filtering'" in result.stderr


def test_a_fifo_inside_a_validated_folder_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    result = run("validate", str(folder))
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["chat", "--scenario", "spam_filtering", "--seed", "9" * 30], ["history", "-n", "9" * 30]])
def test_integer_flags_are_checked_against_their_real_range(args: list[str]) -> None:
    result = subprocess.run([str(BIN), *args], input="/end\n", capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and "not in the range" in result.stderr and "Traceback" not in result.stderr


# ---- inert output --------------------------------------------------------------------------

NASTY = (
    'We split by time <img src=x onerror=alert(1)> and ![pixel](https://evil.example/p.gif) '
    "see [docs](javascript:alert(1)) or https://evil.example/track \x1b]0;pwned\x07\x1b[31m red \u202eevil\u202c done."
)


def test_markdown_reports_hold_no_live_markup_remote_resource_or_control_character(tmp_path: Path) -> None:
    doc = _doc()
    doc["turns"][1]["text"] = NASTY
    doc["mentor"] = {"notes": [{"phase": "<img src=x onerror=alert(2)>", "text": "<script>x</script> ![](http://e.x/a.png)", "at": 12.0}]}
    path = _session(tmp_path, "nasty.json", json.dumps(doc))
    result = run("report", str(path), "--format", "md", "-o", str(tmp_path / "r.md"))
    assert result.returncode == 0, result.stderr
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    import re

    assert re.search(r"(?<!\\)<(img|script)", md) is None
    assert re.search(r"(?<!\\)!\[", md) is None and re.search(r"(?<!\\)\]\(", md) is None
    assert re.search(r"(?<!\\)https?:", md) is None
    assert "\x1b" not in md and "\u202e" not in md and "\x07" not in md


def test_a_mentor_note_time_that_is_not_seconds_is_one_clear_error(tmp_path: Path) -> None:
    doc = _doc()
    doc["mentor"] = {"notes": [{"phase": "data", "text": "x", "at": "<img src=x onerror=alert(2)>"}]}
    path = _session(tmp_path, "bad-note.json", json.dumps(doc))
    result = run("report", str(path), "--format", "md")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "malformed session JSON: mentor.notes.0.at" in result.stderr


def test_html_reports_hold_no_control_or_direction_characters(tmp_path: Path) -> None:
    doc = _doc()
    doc["turns"][1]["text"] = NASTY
    path = _session(tmp_path, "nasty.json", json.dumps(doc))
    result = run("report", str(path), "--format", "html", "-o", str(tmp_path / "r.html"))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "\x1b" not in html and "\u202e" not in html and "<img src=x" not in html
    from html.parser import HTMLParser

    class Links(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.found += [value or "" for name, value in attrs if name in ("src", "href", "onerror")]

    parser = Links()
    parser.feed(html)
    assert not [v for v in parser.found if "evil" in v or "alert" in v]  # shown as text, never fetched or run


def test_terminal_output_strips_escape_sequences_from_candidate_text(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Interviewer: Go.\nCandidate: We would use accuracy \x1b]0;pwned\x07\x1b[2J as the metric \u202eevil.\n", encoding="utf-8")
    result = run("score", str(path), "--scenario", "spam_filtering")
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\x07" not in result.stdout
    chat = subprocess.run(
        [str(BIN), "chat", "--scenario", "spam_filtering"], input="Hi \x1b]0;pwned\x07 there?\n/end\n",
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert "\x1b" not in chat.stdout and chat.returncode == 0


def test_md_inline_renders_exactly_the_text() -> None:
    from trainer.inert import md_inline

    assert md_inline("a <b> [c](d) ![e](f) *g* `h` | i & j") == r"a \<b\> \[c\](d) \!\[e\](f) \*g\* \`h\` \| i \& j"
    assert md_inline("see https://x.y and www.z.com, me@host.com") == r"see https\://x.y and www\.z.com, me\@host.com"
    assert md_inline("plain words stay plain") == "plain words stay plain"


def test_timeline_ticks_are_bounded_whatever_the_times() -> None:
    from trainer.reports.svg import MAX_TICKS, _tick_step

    for seconds in (30, 2700, 86_400, 1.7e9, 1.7e12):
        assert seconds / _tick_step(seconds) <= MAX_TICKS


def test_output_grows_modestly_with_an_unpunctuated_transcript(tmp_path: Path) -> None:
    words = "we would split the data by time because spammers adapt and use precision recall canary drift".split()
    path = tmp_path / "long.txt"
    path.write_text("Interviewer: Go.\nCandidate: " + " ".join(words[i % len(words)] for i in range(60_000)) + "\n", encoding="utf-8")
    out = tmp_path / "r.json"
    result = run("score", str(path), "--scenario", "spam_filtering", "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size < 60_000  # quotes are bounded pieces, not the whole run once per item


def test_reports_are_written_with_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    write_atomic(target, "x\n")
    assert target.stat().st_mode & 0o077 == 0o666 & ~_umask() & 0o077


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_urls_in_messages_carry_no_credentials() -> None:
    from trainer.settings import redact_url

    assert redact_url("http://user:secret@host:8080/v1") == "http://***@host:8080/v1"
    assert redact_url("http://localhost:11434/v1") == "http://localhost:11434/v1"
    result = subprocess.run(
        [str(BIN), "doctor", "--timeout", "1"], capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "OPENAI_BASE_URL": "http://user:secret@127.0.0.1:9/v1"},
    )
    assert "secret" not in result.stdout + result.stderr
