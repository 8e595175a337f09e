"""`score`: transcripts in, score reports out — one at a time, or a folder of them (batch mode)."""

from __future__ import annotations

import csv
import io
import os
import sys
from pathlib import Path
from typing import Any

import click

from trainer.cli.base import EXIT_BAD_INPUT, fail, main
from trainer.cli.llm_options import llm_options, resolve_settings
from trainer.files import write_atomic

REPORT_FORMATS = ("text", "json", "md", "html")
TRANSCRIPT_SUFFIXES = (".txt", ".md", ".json")
REPORT_INFIX = ".report"
SUMMARY_NAME = "summary.csv"


def expand_inputs(paths: tuple[Path, ...]) -> tuple[list[Path], list[str]]:
    """Files as given, directories expanded to their *.txt, *.md and *.json files (sorted, not recursive).

    Hidden files and reports this command wrote (`*.report.*`) are skipped.
    Returns the files and one problem line per directory that holds none.
    """
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and p.suffix.lower() in TRANSCRIPT_SUFFIXES
                and not p.name.startswith(".")
                and REPORT_INFIX not in p.suffixes
            )
            if not found:
                problems.append(f"{path}: no .txt, .md or .json transcripts in this directory")
            files += found
        else:
            files.append(path)
    return files, problems


def is_batch(output: str | None, inputs: tuple[Path, ...]) -> bool:
    """`-o` names a directory: an existing one, one ending in `/`, or — with several inputs or a
    directory input — a path that does not exist yet and has no file extension."""
    if output is None:
        return False
    out = Path(output)
    if output.endswith(("/", os.sep)) or out.is_dir():
        return True
    several = len(inputs) > 1 or any(p.is_dir() for p in inputs)
    return several and not out.exists() and out.suffix == ""


@main.command("score")
@click.argument("inputs", metavar="DIR_OR_FILES...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--scenario", "scenario_id",
    help="Scenario id the transcripts answer (see `scenarios`); default: each session file's own `scenario`.",
)
@click.option(
    "--format", "fmt", type=click.Choice(REPORT_FORMATS), default=None,
    help="Report format.  [default: text; md in batch mode]",
)
@click.option(
    "-o", "--output", type=click.Path(), metavar="PATH",
    help="Write to this file instead of stdout; a directory (batch mode): one report per transcript plus summary.csv.",
)
@llm_options
def score_cmd(
    inputs: tuple[Path, ...], scenario_id: str | None, fmt: str | None, output: str | None,
    llm: bool | None, model: str | None, llm_timeout: float | None,
) -> None:
    """Score transcripts (speaker-tagged text or a saved session JSON).

    `--format json` prints one JSON object per file (JSON Lines for several).

    Batch mode — when -o names a directory (an existing one, a path ending in
    `/`, or, with several inputs or a directory input, a new path without an
    extension): directory inputs are expanded to their *.txt, *.md and *.json
    files; one report per transcript, NAME.report.EXT (`--format`, default md),
    is written there, plus summary.csv (file, total, level, one column per
    phase). A broken file is reported on stderr in one line and skipped. Exit
    code 0 when at least one file was scored and none failed, 2 otherwise.

    With --llm the configured LLM is a second judge: it can only add credit for
    quotes verified in the candidate's own turns; if it is unreachable the
    keyword score stands and one line on stderr says why.
    """
    from functools import partial

    from trainer.scoring.judging import judged_score

    resolved = ScenarioChooser(scenario_id)
    settings = resolve_settings(llm, model, llm_timeout)
    scorer = partial(judged_score, settings=settings, warn=lambda line: click.echo(f"warning: {line}", err=True))
    if output is not None:
        from trainer.files import refuse_clobber
        from trainer.session.store import default_path

        files, _ = expand_inputs(inputs)
        refuse_clobber(Path(output), [*inputs, *files], default_path())
    if is_batch(output, inputs):
        assert output is not None
        sys.exit(_score_batch(resolved, inputs, Path(output), fmt or "md", scorer))
    _score_to_one_output(resolved, inputs, Path(output) if output is not None else None, fmt or "text", scorer)


class ScenarioChooser:
    """The scenario a transcript is scored against: --scenario when given, else the file's own.

    The library is loaded once, and each scenario resolved once, however many files there are.
    """

    def __init__(self, scenario_id: str | None):
        from trainer.content.library import load_library

        self.scenario_id = scenario_id
        self.library = load_library()
        self._resolved: dict[str, Any] = {}
        if scenario_id is not None:
            self.resolve(scenario_id)  # an unknown --scenario fails before any file is read

    def resolve(self, scenario_id: str) -> Any:
        if scenario_id not in self._resolved:
            self._resolved[scenario_id] = self.library.resolve(scenario_id)
        return self._resolved[scenario_id]

    def __call__(self, transcript: Any, where: str) -> Any:
        from trainer.errors import TranscriptError

        scenario_id = self.scenario_id or transcript.scenario
        if not scenario_id:
            raise TranscriptError(
                f"{where}: does not say which scenario it answers; pass --scenario ID (`mlsd-trainer scenarios` lists them)"
            )
        return self.resolve(scenario_id)


def _render_one(scenarios: ScenarioChooser, path: Path, fmt: str, scorer: Any) -> tuple[Any, str]:
    from trainer.reports import render
    from trainer.transcripts import read_transcript

    transcript = read_transcript(path)
    resolved = scenarios(transcript, str(path))
    report = scorer(resolved, transcript)
    return report, render(report, fmt, transcript=transcript, scenario=resolved)


def _score_to_one_output(scenarios: ScenarioChooser, inputs: tuple[Path, ...], output: Path | None, fmt: str, scorer: Any) -> None:
    """All reports to stdout or one file; the first bad input stops everything (exit 2)."""
    files, problems = expand_inputs(inputs)
    if problems:
        fail(problems[0])
    if fmt == "html" and len(files) > 1:
        fail("several HTML reports need a directory: pass -o DIR/ (batch mode)")
    from trainer.reports import render
    from trainer.transcripts import read_transcript

    transcripts = [(path, read_transcript(path)) for path in files]
    rendered = []
    chosen = [scenarios(transcript, str(path)) for path, transcript in transcripts]
    for (_, transcript), resolved in zip(transcripts, chosen, strict=True):
        report = scorer(resolved, transcript)
        rendered.append(render(report, fmt, transcript=transcript, scenario=resolved))
    separator = "\n" if fmt == "json" else "\n\n"
    text = separator.join(r.rstrip("\n") for r in rendered)
    if output is not None:
        write_atomic(output, text + "\n")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)


def _report_name(path: Path, ext: str, taken: set[str]) -> str:
    for candidate in (f"{path.stem}{REPORT_INFIX}{ext}", f"{path.name}{REPORT_INFIX}{ext}"):
        if candidate not in taken:
            return candidate
    n = 2
    while f"{path.stem}-{n}{REPORT_INFIX}{ext}" in taken:
        n += 1
    return f"{path.stem}-{n}{REPORT_INFIX}{ext}"


def stderr_is_terminal() -> bool:
    """Whether to draw a progress bar (stderr is a terminal)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def summary_csv(rows: list[tuple[str, Any]]) -> str:
    """`file,total,level,<phase ids in framework order>`, one row per scored file."""
    from trainer.content.models import PHASES

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "total", "level", *(p.value for p in PHASES)])
    for name, report in rows:
        scores = {p.id: p.score for p in report.phases}
        writer.writerow([name, report.total, report.level, *(scores.get(p.value, "") for p in PHASES)])
    return buffer.getvalue()


def _score_batch(scenarios: ScenarioChooser, inputs: tuple[Path, ...], out_dir: Path, fmt: str, scorer: Any) -> int:
    """Score every transcript into `out_dir`; returns the exit code."""
    from trainer.errors import TrainerError
    from trainer.reports import EXTENSIONS

    if out_dir.exists() and not out_dir.is_dir():
        fail(f"{out_dir}: exists and is not a directory")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        fail(f"cannot create {out_dir}: {err.strerror or err}")

    files, problems = expand_inputs(inputs)
    failures = list(problems)
    for line in problems:
        click.echo(f"mlsd-trainer: {line}", err=True)
    rows: list[tuple[str, Any]] = []
    taken: set[str] = {SUMMARY_NAME}
    interactive = stderr_is_terminal() and len(files) > 0
    deferred: list[str] = []

    def report_problem(line: str) -> None:
        failures.append(line)
        if interactive:
            deferred.append(line)  # printed after the progress bar, which owns the line meanwhile
        else:
            click.echo(f"mlsd-trainer: {line}", err=True)

    def score_one(path: Path) -> None:
        try:
            report, text = _render_one(scenarios, path, fmt, scorer)
            name = _report_name(path, EXTENSIONS[fmt], taken)
            write_atomic(out_dir / name, text if text.endswith("\n") else text + "\n")
        except TrainerError as err:
            report_problem(str(err).splitlines()[0] if str(err) else f"{path}: cannot be scored")
            return
        except OSError as err:
            report_problem(f"{path}: cannot write the report: {err.strerror or err}")
            return
        except Exception as err:  # noqa: BLE001 — one bad file must not stop the batch
            report_problem(f"{path}: cannot be scored ({type(err).__name__}: {str(err).splitlines()[0] if str(err) else 'no detail'})")
            return
        taken.add(name)
        rows.append((str(path), report))

    if interactive:
        with click.progressbar(files, label="Scoring", file=sys.stderr, show_pos=True,
                               item_show_func=lambda p: p.name if p is not None else "") as bar:
            for path in bar:
                score_one(path)
    else:
        for path in files:
            score_one(path)
    for line in deferred:
        click.echo(f"mlsd-trainer: {line}", err=True)

    summary = out_dir / SUMMARY_NAME
    write_atomic(summary, summary_csv(rows))
    failed = f"; {len(failures)} failed" if failures else ""
    click.echo(f"wrote {len(rows)} report(s) and {SUMMARY_NAME} to {out_dir}{failed}", err=True)
    if not rows or failures:
        return EXIT_BAD_INPUT
    return 0
