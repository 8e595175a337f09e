"""`history`: the saved sessions, newest first."""

from __future__ import annotations

import json

import click

from trainer.cli.base import main


@main.command("history")
@click.option("--json", "as_json", is_flag=True, help="A JSON list of sessions instead of a table.")
@click.option("-n", "--limit", type=click.IntRange(min=1), help="Show only the N newest sessions.")
def history_cmd(as_json: bool, limit: int | None) -> None:
    """List saved sessions, newest first: id, date, scenario, answers, score.

    `--json` prints a list of objects with `id`, `scenario`, `started_at`,
    `mode`, `candidate_turns`, `ended`, `total` and `level` (`total` and
    `level` are null while a session is unfinished).
    """
    from trainer.store import SessionStore, default_path

    path = default_path()
    if path.exists():
        with SessionStore(path) as store:
            rows = store.list(limit)
    else:
        rows = []  # nothing saved yet: don't create a database just to list it
    if as_json:
        click.echo(json.dumps([r.model_dump(mode="json") for r in rows], ensure_ascii=False, indent=1))
        return
    if not rows:
        click.echo(f"No sessions yet ({path}). Start one: mlsd-trainer chat --scenario ID")
        return
    table = [("id", "date", "scenario", "answers", "result")]
    for r in rows:
        result = f"{r.total}/100 {r.level}" if r.ended and r.total is not None else "unfinished"
        mode = "" if r.mode == "solo" else f" ({r.mode})"
        table.append((r.id, _local_date(r.started_at), r.scenario + mode, str(r.candidate_turns), result))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        cells = [cell.rjust(w) if i == 3 else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        click.echo("  ".join(cells).rstrip())
    click.echo(f"\n{len(rows)} session{'s' if len(rows) != 1 else ''} in {path}")


def _local_date(started_at: str) -> str:
    from datetime import datetime

    try:
        return datetime.fromisoformat(started_at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return started_at
