"""`export`: a saved session as its session JSON document, the file `score` and `report` read."""

from __future__ import annotations

import json
from pathlib import Path

import click

from trainer.cli.base import fail, main
from trainer.files import refuse_clobber, write_atomic


@main.command("export")
@click.argument("session_id")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout.")
def export_cmd(session_id: str, output: Path | None) -> None:
    """A saved session as a session JSON document (`"kind": "mlsd-trainer.session"`).

    It holds the settings (scenario, mode, strictness, minutes, seed), every
    turn with its time, the interviewer state, the final report once ended and
    the mentor's ticks, notes and grades. `mlsd-trainer score FILE` and
    `mlsd-trainer report FILE` read it back; it is also how to salvage a
    session from a database that is damaged or read-only (the database is only
    read). Stored fields that cannot be read are left out and listed in
    `unreadable`.
    """
    from trainer.errors import TrainerError
    from trainer.session.store import default_path, open_for_reading

    database = default_path()
    if output is not None:
        refuse_clobber(output, [], database)
    if not database.exists():
        fail(f"{session_id}: no such saved session (no sessions have been saved yet)")
    try:
        with open_for_reading(database) as store:
            document = store.export(session_id)
    except TrainerError as err:
        fail(str(err))
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if output is not None:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text.rstrip("\n"))
