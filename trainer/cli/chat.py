"""`chat`: the line-oriented mock over stdin/stdout."""

from __future__ import annotations

import sys

import click

from trainer.cli.base import main


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
