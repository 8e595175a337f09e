"""`history`: the saved sessions, newest first, and progress per phase across them."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from trainer.cli.base import main

if TYPE_CHECKING:
    from trainer.content.models import Scenario
    from trainer.progress import Progress
    from trainer.scoring.schema import ScoreReport
    from trainer.session.store import SessionSummary


@main.command("history")
@click.option("--json", "as_json", is_flag=True, help="A JSON list of sessions instead of a table.")
@click.option(
    "--progress",
    "progress_only",
    is_flag=True,
    help="Only the progress figures: with --json one object (see below), else only the Progress block.",
)
@click.option("-n", "--limit", type=click.IntRange(min=1, max=1_000_000), help="Only the N newest sessions (progress too).")
def history_cmd(as_json: bool, progress_only: bool, limit: int | None) -> None:
    """List saved sessions, newest first, then progress per phase.

    The table lists id, date, scenario, answers and score. Below it, once a
    session is finished, the Progress block: per phase a sparkline of its
    score in each finished session (oldest → newest, ▁ = 0 … █ = 100), the
    recent average (last 3 sessions) and its change against the sessions
    before those; then the weakest phase (lowest recent average; a tie goes
    to the earlier phase) and a scenario that exercises it.

    `--json` prints the same list scripts rely on: objects with `id`,
    `scenario`, `started_at`, `mode`, `candidate_turns`, `ended`, `total`,
    `level` and `phases` ({phase: score}); `total`, `level` and `phases` are
    null while a session is unfinished. The list is never wrapped: the
    aggregate is a separate flag.

    `--json --progress` prints one object: `sessions` (finished sessions
    counted), `session_ids` (oldest first), `phases` ([{id, series, recent,
    change, sparkline}] in framework order, series oldest first), `total`
    (the same for the total score) and `weakest` ({phase, recent, scenario,
    reason, command}, null with no finished session).
    """
    from trainer.session.store import default_path, open_for_reading

    path = default_path()
    if path.exists():
        with open_for_reading(path) as store:
            rows = store.list(limit)
            finished = store.finished_reports(limit)
    else:
        rows, finished = [], []  # nothing saved yet: don't create a database just to list it

    if as_json and progress_only:
        click.echo(json.dumps(_progress(rows, finished).to_json(), ensure_ascii=False, indent=1))
        return
    if as_json:
        from trainer.progress import phase_scores

        reports = {summary.id: report for summary, report in finished}
        listed = []
        for r in rows:
            item = r.model_dump(mode="json")
            report = reports.get(r.id) if r.ended else None
            item["phases"] = phase_scores(report) if report is not None else None
            listed.append(item)
        click.echo(json.dumps(listed, ensure_ascii=False, indent=1))
        return
    if not rows:
        click.echo(f"No sessions yet ({path}). Start one: mlsd-trainer chat --scenario ID")
        return
    if not progress_only:
        _table(rows, path)
    if finished or progress_only:
        from trainer.progress import render_progress

        lines = render_progress(_progress(rows, finished), ascii_only=not _can_print("▁█→—…"))
        if not progress_only:
            click.echo()
        for line in lines:
            click.echo(line)


def _progress(rows: list[SessionSummary], finished: list[tuple[SessionSummary, ScoreReport]]) -> Progress:
    from trainer.progress import compute_progress

    scenarios: dict[str, Scenario] = {}
    if finished:
        from trainer.content.library import load_library

        scenarios = load_library().scenarios  # a broken user file is skipped here; `validate` reports it
    # Practised most recently: the newest session with an answer in it, finished or not.
    last = next((r.scenario for r in rows if r.candidate_turns > 0), None)
    return compute_progress([(s.id, r) for s, r in finished], scenarios, last_scenario=last)


def _table(rows: list[SessionSummary], path: object) -> None:
    table = [("id", "date", "scenario", "answers", "result")]
    for r in rows:
        result = f"{r.total}/100 {r.level}" if r.ended and r.total is not None else "unfinished"
        mode = "" if r.mode == "solo" else f" ({r.mode})"
        table.append((r.id, _local_date(r.started_at), r.scenario + mode, str(r.candidate_turns), result))
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        cells = [cell.rjust(w) if i == 3 else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        click.echo("  ".join(cells).rstrip())
    click.echo(f"\n{len(rows)} session{'s' if len(rows) != 1 else ''} in {path}")


def _can_print(sample: str) -> bool:
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        sample.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _local_date(started_at: str) -> str:
    from datetime import datetime

    try:
        return datetime.fromisoformat(started_at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return started_at
