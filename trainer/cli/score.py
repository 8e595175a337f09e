"""`score`: transcripts in, score reports out."""

from __future__ import annotations

from pathlib import Path

import click

from trainer.cli.base import fail, main


@main.command("score")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--scenario", "scenario_id", required=True, help="Scenario id the transcripts answer (see `scenarios`).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
@click.option("--offline", is_flag=True, help="Score with the offline keyword engine (the default).")
def score_cmd(files: tuple[Path, ...], scenario_id: str, fmt: str, output: Path | None, offline: bool) -> None:
    """Score transcript FILEs (speaker-tagged text or a saved session JSON).

    `--format json` prints one JSON object per file (JSON Lines for several).
    """
    from trainer.content.library import load_library
    from trainer.engine.scorer import score_transcript
    from trainer.reports import render
    from trainer.transcripts import read_transcript

    resolved = load_library().resolve(scenario_id)
    transcripts = [read_transcript(path) for path in files]
    rendered = [render(score_transcript(resolved, t), fmt) for t in transcripts]
    separator = "\n" if fmt == "json" else "\n\n"
    text = separator.join(rendered)
    if output is not None:
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as err:
            fail(f"cannot write {output}: {err.strerror or err}")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)
