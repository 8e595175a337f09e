"""`report`: a full report (Markdown, HTML or JSON) for one transcript, session file or saved session."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from trainer.cli.base import fail, main
from trainer.cli.score import TRANSCRIPT_SUFFIXES, ScenarioChooser
from trainer.files import refuse_clobber, write_atomic


def _looks_like_path(target: str) -> bool:
    return "/" in target or os.sep in target or Path(target).suffix.lower() in (*TRANSCRIPT_SUFFIXES, ".html")


def _from_store(session_id: str) -> Any:
    """The transcript of a session saved in the session store, with its minutes and mentor marks."""
    from trainer.errors import TrainerError, TranscriptError
    from trainer.session.store import default_path, open_for_reading

    if not default_path().exists():
        fail(f"{session_id}: no such file or saved session (no sessions have been saved yet)")
    try:
        with open_for_reading() as store:
            record = store.load(session_id)
    except TrainerError as err:
        fail(f"{session_id}: no such file, and {err}")
    if record.unreadable:
        click.echo(
            f"note: session {record.id}: its stored {', '.join(record.unreadable)} could not be read and "
            f"{'is' if len(record.unreadable) == 1 else 'are'} left out; the report is computed from its turns",
            err=True,
        )
    transcript = record.transcript(f"session {record.id}")
    if not any(t.text.strip() for t in transcript.candidate_turns):
        raise TranscriptError(f"session {record.id}: no candidate turns to score")
    return transcript


@main.command("report")
@click.argument("target", metavar="FILE_OR_SESSION_ID")
@click.option("--scenario", "scenario_id", help="Scenario id; default: the session's own `scenario`.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
def report_cmd(target: str, scenario_id: str | None, fmt: str, output: Path | None) -> None:
    """A full report for a transcript file, a session JSON file or a saved session's id.

    Markdown (pasteable), HTML (one self-contained file: charts, timeline, the
    transcript with linked quotes; prints well) or JSON (the score schema plus
    `session`: time per phase, mentor data). The scenario comes from
    --scenario, else from the session's `scenario` field.
    """
    from trainer.engine.scorer import score_transcript
    from trainer.reports import render
    from trainer.transcripts import read_transcript

    path = Path(target)
    if output is not None:
        from trainer.session.store import default_path

        refuse_clobber(output, [path] if path.exists() else [], default_path())
    if path.exists() or _looks_like_path(target):
        transcript = read_transcript(path)
    else:
        transcript = _from_store(target)
    resolved = ScenarioChooser(scenario_id)(transcript, target)
    report = score_transcript(resolved, transcript)
    text = render(
        report, fmt, transcript=transcript, scenario=resolved, indent=2 if fmt == "json" else None,
    )
    if output is not None:
        write_atomic(output, text if text.endswith("\n") else text + "\n")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text.rstrip("\n"))
