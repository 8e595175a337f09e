"""`scenarios` and `validate`: the content library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from trainer.cli.base import EXIT_BAD_INPUT, main


@main.group("scenarios", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.pass_context
def scenarios_cmd(ctx: click.Context, as_json: bool) -> None:
    """List the available interview scenarios (`scenarios new ID` starts one of your own)."""
    if ctx.invoked_subcommand is not None:
        return
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


@scenarios_cmd.command("new")
@click.argument("scenario_id", metavar="ID")
@click.option("--from", "source_id", metavar="SCENARIO", help="Start from a copy of this scenario instead of the skeleton.")
def new_scenario_cmd(scenario_id: str, source_id: str | None) -> None:
    """Write a new scenario file into your scenarios folder and print its path.

    Without --from: a commented skeleton that is valid as it is. With --from: a copy of an
    existing scenario under the new id. Edit it, then `mlsd-trainer validate`; docs/authoring.md
    explains every field. An existing file is never overwritten.
    """
    import re

    from trainer import paths
    from trainer.cli.base import fail
    from trainer.files import write_atomic

    if not re.fullmatch(r"[a-z][a-z0-9_]{1,40}", scenario_id):
        fail(f"{scenario_id!r}: an id is 2-41 lower-case letters, digits and underscores, starting with a letter")
    from trainer.content.library import load_library

    library = load_library()
    if scenario_id in library.scenarios:
        fail(f"scenario {scenario_id!r} exists already ({library.sources[f'scenarios:{scenario_id}']}); pick another id")
    target = paths.user_content_dir("scenarios") / f"{scenario_id}.yaml"
    if target.exists():
        fail(f"{target} exists already; it is never overwritten")
    if source_id is None:
        skeleton = (Path(__file__).resolve().parents[1] / "content" / "skeleton.yaml").read_text(encoding="utf-8")
        text = skeleton.replace("{id}", scenario_id).replace("{prefix}", scenario_id.split("_")[0])
    else:
        if source_id not in library.scenarios:
            library.resolve(source_id)  # the one clear error: unknown id, or the file's first problem
        source = library.sources[f"scenarios:{source_id}"].read_text(encoding="utf-8")
        text, count = re.subn(rf"^id:\s*{re.escape(source_id)}\s*$", f"id: {scenario_id}", source, count=1, flags=re.MULTILINE)
        if not count:
            fail(f"{source_id}: its file does not start with a plain `id:` line; copy it by hand")
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    click.echo(str(target))


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
