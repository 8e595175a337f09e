"""Transcript parsing: speaker-tagged text in both languages, session JSON, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trainer.errors import TranscriptError
from trainer.transcripts import SESSION_KIND, Speaker, parse_text, read_transcript


def test_tags_are_case_insensitive_and_continuations_join() -> None:
    text = (
        "Mock interview, 12 May\n"
        "INTERVIEWER: Design search for a shop.\n"
        "candidate: First, what is the business goal?\n"
        "And what latency budget do we have?\n"
        "\n"
        "Интервьюер: Конверсия, 200 мс.\n"
        "**Кандидат:** Понял, тогда начнём с данных.\n"
    )
    transcript = parse_text(text, "t.txt")
    assert [t.speaker for t in transcript.turns] == [
        Speaker.INTERVIEWER,
        Speaker.CANDIDATE,
        Speaker.INTERVIEWER,
        Speaker.CANDIDATE,
    ]
    assert transcript.turns[1].text == "First, what is the business goal?\nAnd what latency budget do we have?"
    assert transcript.turns[3].text == "Понял, тогда начнём с данных."
    assert [t.index for t in transcript.turns] == [0, 1, 2, 3]


def test_a_colon_inside_a_sentence_is_not_a_tag() -> None:
    transcript = parse_text("Candidate: the candidate: model is fine\nwe said interviewer: ok\n")
    assert len(transcript.turns) == 1
    assert "we said interviewer: ok" in transcript.turns[0].text


def test_session_json_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        json.dumps(
            {
                "kind": SESSION_KIND,
                "schema_version": 1,
                "scenario": "spam_filtering",
                "turns": [
                    {"speaker": "interviewer", "text": "Design spam filtering.", "at": 0.0},
                    {"speaker": "candidate", "text": "What is the latency budget?", "at": 12.5},
                ],
            }
        ),
        encoding="utf-8",
    )
    transcript = read_transcript(path)
    assert transcript.scenario == "spam_filtering"
    assert transcript.turns[1].at == 12.5


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        (b"\xff\xfe\xfa not utf8", "UTF-8"),
        (b"just some notes without tags", "no speaker tags"),
        (b"Interviewer: hello\nInterviewer: anyone?", "no candidate turns"),
        (b'{"kind": "mlsd-trainer.session", "turns": [', "malformed session JSON"),
        (b'{"kind": "mlsd-trainer.session", "schema_version": 1, "turns": [{"speaker": "bot", "text": "x"}]}', "malformed session JSON"),
        (b'{"hello": 1}', "not an mlsd-trainer session"),
    ],
)
def test_bad_input_says_why(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(TranscriptError, match=message):
        read_transcript(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="no such file"):
        read_transcript(tmp_path / "nope.txt")
    with pytest.raises(TranscriptError, match="directory"):
        read_transcript(tmp_path)
