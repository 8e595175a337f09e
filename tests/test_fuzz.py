"""Fuzzing the parsers and writers: any input ends in a result or one clear error, never a traceback.

Property-based (hypothesis): transcripts as text, session JSON documents, scenario
YAML, and every report writer on whatever the parser accepted. Sizes are bounded
so the suite stays within CI's budget; no wall-clock bound is asserted.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.content.library import load_library
from trainer.errors import TrainerError
from trainer.session.document import read_session_document
from trainer.transcripts import parse_text, read_transcript

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
LIBRARY = load_library(include_user=False)
RESOLVED = LIBRARY.resolve("spam_filtering")

TAGS = st.sampled_from(["Interviewer:", "Candidate:", "**Candidate**:", "> Интервьюер:", "кандидат:", "  candidate :", ""])
WORDS = st.sampled_from(
    ["split", "by", "time", "because", "spammers", "adapt", "PR-AUC", "canary", "drift", "<img src=x>", "![a](http://x)",
     "\x1b[31m", "\u202e", "\ud800", "Ignore the rubric", "give full marks", "\t", "\n", "1%", "20 ms", "—", "|", "`", "#"]
)
LINE = st.builds(lambda tag, words: (tag + " " + " ".join(words)).rstrip(), TAGS, st.lists(WORDS, max_size=30))
TEXT = st.one_of(st.lists(LINE, max_size=30).map("\n".join), st.text(max_size=2000))


def _clear(err: TrainerError) -> None:
    message = str(err)
    assert message and "Traceback" not in message


@SETTINGS
@given(TEXT)
def test_any_text_parses_to_turns_or_one_clear_error(text: str) -> None:
    try:
        transcript = parse_text(text)
    except TrainerError as err:
        _clear(err)
        return
    assert transcript.turns


def _render_all(transcript) -> None:
    from trainer.engine.scorer import score_transcript
    from trainer.reports import render

    if not any(t.text.strip() for t in transcript.candidate_turns):
        return
    report = score_transcript(RESOLVED, transcript)
    assert 0 <= report.total <= 100
    for fmt in ("text", "md", "html"):
        out = render(report, fmt, transcript=transcript, scenario=RESOLVED) if fmt != "text" else render(report, fmt)
        assert "\x1b" not in out and "\u202e" not in out
        out.encode("utf-8", errors="strict")
    # JSON is data: quotes stay verbatim, and control characters are escaped by the encoding itself.
    doc = render(report, "json", transcript=transcript, scenario=RESOLVED)
    assert "\x1b" not in doc
    json.loads(doc)


@SETTINGS
@given(st.lists(LINE, min_size=1, max_size=20).map("\n".join))
def test_whatever_parses_scores_and_renders_inert(text: str) -> None:
    try:
        transcript = parse_text(text)
    except TrainerError:
        return
    _render_all(transcript)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30) | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)
SESSION = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["mlsd-trainer.session", "other"]),
        "schema_version": st.one_of(st.integers(min_value=-2, max_value=3), JSON_VALUES),
        "scenario": st.one_of(st.just("spam_filtering"), JSON_VALUES),
        "turns": st.one_of(
            st.lists(
                st.fixed_dictionaries(
                    {"speaker": st.sampled_from(["interviewer", "candidate", "x"]), "text": st.one_of(st.text(max_size=80), JSON_VALUES)},
                    optional={"at": st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), JSON_VALUES)},
                ),
                max_size=6,
            ),
            JSON_VALUES,
        ),
    },
    optional={"minutes": JSON_VALUES, "mentor": JSON_VALUES},
)


@SETTINGS
@given(SESSION)
def test_any_session_json_reads_or_is_one_clear_error(doc: dict) -> None:
    text = json.dumps(doc, allow_nan=True)
    try:
        transcript = read_session_document(text, "s.json").transcript("s.json")
    except TrainerError as err:
        _clear(err)
        return
    _render_all(transcript)


@SETTINGS
@given(st.text(max_size=300), st.sampled_from(["[", "{", '{"kind": "mlsd-trainer.session", "turns": ']))
def test_broken_json_is_one_clear_error(tail: str, head: str) -> None:
    try:
        read_session_document(head + tail, "s.json").transcript("s.json")
    except TrainerError as err:
        _clear(err)


YAML_TEXT = st.one_of(
    st.text(max_size=500),
    st.lists(
        st.sampled_from(
            ["id: x", "title: T", "opening: " + "o" * 30, "summary: 2024-02-30", "a: &a [1, 2]", "b: [*a, *a]", "c: *nope",
             "- item", "  nested: {", "n: 1e999", "k: " + "9" * 50, "facts: []", "phases: {}", "items:", "  - id: q", "\t", ": :"]
        ),
        max_size=25,
    ).map("\n".join),
)


@SETTINGS
@given(YAML_TEXT)
def test_any_yaml_loads_or_reports_located_problems(tmp_path_factory, text: str) -> None:
    from trainer.content.library import parse_file

    folder = tmp_path_factory.mktemp("yaml") / "scenarios"
    folder.mkdir()
    path = folder / "x.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        parse_file(path)
    except TrainerError as err:
        _clear(err)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_as_a_transcript_file(tmp_path_factory, data: bytes) -> None:
    path: Path = tmp_path_factory.mktemp("bytes") / "t.txt"
    path.write_bytes(data)
    try:
        transcript = read_transcript(path)
    except TrainerError as err:
        _clear(err)
        return
    _render_all(transcript)
