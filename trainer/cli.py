"""The `mlsd-trainer` command line: thin click commands over the headless core.

Every command turns `TrainerError` into one line on stderr and exit code 2;
heavy modules are imported inside the commands that use them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from trainer import __version__
from trainer.errors import TrainerError

EXIT_BAD_INPUT = 2


def fail(message: str) -> NoReturn:
    click.echo(f"mlsd-trainer: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


class TrainerGroup(click.Group):
    """Turn domain errors into one clear line instead of a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except TrainerError as err:
            fail(str(err))


@click.group(cls=TrainerGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="mlsd-trainer")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Mock ML system design interviews in the terminal, scored against rubrics."""
    if ctx.invoked_subcommand is None:
        _overview()


def _overview() -> None:
    from trainer.content.library import load_library

    lib = load_library()
    click.echo(f"mlsd-trainer {__version__} — ML system design mock interviews (offline engine)\n")
    click.echo("Scenarios:")
    for scenario_id in lib.scenario_ids():
        scenario = lib.scenarios[scenario_id]
        click.echo(f"  {scenario_id:<18} {scenario.minutes:>3.0f} min  {scenario.title}")
    click.echo(
        "\nCommands:\n"
        "  mlsd-trainer scenarios [--json]                 list scenarios\n"
        "  mlsd-trainer score FILE... --scenario ID        score a transcript (text|json|md)\n"
        "  mlsd-trainer validate [PATH...]                 check scenario and rubric YAML\n"
        "\nRun `mlsd-trainer COMMAND --help` for details."
    )
    for problem in lib.problems:
        click.echo(f"warning: skipped {problem}", err=True)


@main.command("scenarios")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def scenarios_cmd(as_json: bool) -> None:
    """List the available interview scenarios."""
    from trainer.content.library import load_library

    lib = load_library()
    rows = [
        {
            "id": s.id,
            "title": s.title,
            "summary": s.summary,
            "minutes": s.minutes,
            "source": str(lib.sources[f"scenarios:{s.id}"]),
        }
        for s in (lib.scenarios[i] for i in lib.scenario_ids())
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            click.echo(f"{row['id']:<18} {row['minutes']:>3.0f} min  {row['title']}")
            click.echo(f"{'':<18}          {row['summary']}")
    for problem in lib.problems:
        click.echo(f"warning: skipped {problem}", err=True)


@main.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate_cmd(paths: tuple[Path, ...]) -> None:
    """Check scenario and rubric YAML files (bundled, user, and PATHs).

    Every problem is printed with file, line and field path. Exit 0 when all
    are valid, 2 otherwise.
    """
    from trainer.content.library import YAML_SUFFIXES, load_library

    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES)
            if not found:
                problems.append(f"{path}: no .yaml files found")
            files += found
        elif path.exists():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or directory")
    lib = load_library(files)
    problems += [str(p) for p in lib.problems]
    for line in problems:
        click.echo(line, err=True)
    checked = len(lib.rubrics) + len(lib.scenarios)
    if problems:
        click.echo(f"{len(problems)} problem(s) found", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"ok: {len(lib.rubrics)} rubric(s), {len(lib.scenarios)} scenario(s) valid ({checked} files)")


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


@main.command("chat")
@click.option("--scenario", "scenario_id", required=True, help="Scenario id (see `scenarios`).")
@click.option("--offline", is_flag=True, help="Use the offline engine (the default).")
@click.option("--strictness", type=click.Choice(["off", "nudge", "strict"]), default="nudge", show_default=True,
              help="How firmly the interviewer keeps you on the framework order.")
@click.option("--minutes", type=click.FloatRange(min=1, max=240), help="Length of the mock; phase budgets scale to it.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for the interviewer's choices (same inputs, same replies).")
def chat_cmd(scenario_id: str, offline: bool, strictness: str, minutes: float | None, seed: int) -> None:
    """A line-oriented mock over stdin/stdout: one candidate message per line.

    `/end` or end of input prints the final score summary. Every turn is saved
    as it happens; the session file's path is printed at the start and the end.
    Type /help for the commands.
    """
    import time

    from trainer.content.library import load_library
    from trainer.interviewer.engine import Interviewer
    from trainer.reports.text import render_text
    from trainer.sessions import SessionFile, SessionRecord, new_session_id, now_iso

    resolved = load_library().resolve(scenario_id)
    record = SessionRecord(
        id=new_session_id(),
        scenario=scenario_id,
        started_at=now_iso(),
        strictness=strictness,
        minutes=minutes or resolved.scenario.minutes,
        seed=seed,
    )
    store = SessionFile(record)
    start = time.monotonic()

    def now() -> float:
        return round(time.monotonic() - start, 3)

    interviewer = Interviewer(resolved, strictness=strictness, seed=seed, minutes=minutes, on_turn=store.add_turn)  # type: ignore[arg-type]
    record.state = interviewer.state
    interactive = sys.stdin.isatty()
    click.echo(f"Session {record.id} — {resolved.scenario.title} ({record.minutes:.0f} min). Saving to {store.path}")
    click.echo("One message per line; /help lists commands, /end finishes.\n")
    click.echo(f"Interviewer: {interviewer.opening(now()).text}\n")
    try:
        while True:
            if interactive:
                click.echo("You: ", nl=False)
            line = sys.stdin.readline()
            if not line:
                break
            move = interviewer.reply(line.rstrip("\n"), now())
            store.save()
            if move.kind == "end":
                break
            prefix = "" if move.kind in ("help", "phase", "time") else "Interviewer: "
            click.echo(f"{prefix}{move.text}\n")
            if move.kind == "score" and move.report is not None:
                click.echo(render_text(move.report) + "\n")
    except KeyboardInterrupt:
        click.echo("")
    report = interviewer.score()
    report.source = f"session {record.id}"
    record.ended = True
    record.total, record.level = report.total, report.level
    store.save()
    click.echo(render_text(report))
    click.echo(f"\nSession saved: {store.path}")
