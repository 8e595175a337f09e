"""`scenarios` and `validate`: the content library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from trainer.cli.base import EXIT_BAD_INPUT, main


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
    for note in lib.notes:
        click.echo(f"note: {note}", err=True)


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
            found = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            if not found:
                problems.append(f"{path}: no .yaml files found")
            files += found
        elif path.exists():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or directory")
    lib = load_library(files)
    problems += [str(p) for p in lib.problems]
    for note in lib.notes:
        click.echo(f"note: {note}", err=True)
    for line in problems:
        click.echo(line, err=True)
    checked = len(lib.rubrics) + len(lib.scenarios)
    if problems:
        click.echo(f"{len(problems)} problem(s) found", err=True)
        sys.exit(EXIT_BAD_INPUT)
    click.echo(f"ok: {len(lib.rubrics)} rubric(s), {len(lib.scenarios)} scenario(s) valid ({checked} files)")
