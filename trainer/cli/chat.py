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
    in the session database as it happens (your answer before the reply is
    computed); the database and the session id are printed at the start and the
    end, and `mlsd-trainer history` lists the sessions. Type /help for the commands.
    """
    import time

    from trainer.content.library import load_library
    from trainer.interviewer.engine import Interviewer
    from trainer.reports.text import render_text
    from trainer.store import SessionStore
    from trainer.transcripts import Turn

    resolved = load_library().resolve(scenario_id)
    length = minutes or resolved.scenario.minutes
    store = SessionStore()
    session_id = store.create(scenario=scenario_id, mode="solo", strictness=strictness, minutes=length, seed=seed)
    start = time.monotonic()

    def now() -> float:
        return round(time.monotonic() - start, 3)

    def record(turn: Turn) -> None:
        store.add_turn(session_id, turn)  # committed before the interviewer computes its reply

    interviewer = Interviewer(resolved, strictness=strictness, seed=seed, minutes=minutes, on_turn=record)  # type: ignore[arg-type]
    interactive = sys.stdin.isatty()
    click.echo(f"Session {session_id} — {resolved.scenario.title} ({length:.0f} min). Saving to {store.path}")
    click.echo("One message per line; /help lists commands, /end finishes.\n")
    click.echo(f"Interviewer: {interviewer.opening(now()).text}\n")
    store.save_state(session_id, interviewer.state)
    try:
        while True:
            if interactive:
                click.echo("You: ", nl=False)
            line = sys.stdin.readline()
            if not line:
                break
            move = interviewer.reply(line.rstrip("\n"), now())
            store.save_state(session_id, interviewer.state)
            if move.kind == "end":
                break
            prefix = "" if move.kind in ("help", "phase", "time") else "Interviewer: "
            click.echo(f"{prefix}{move.text}\n")
            if move.kind == "score" and move.report is not None:
                click.echo(render_text(move.report) + "\n")
    except KeyboardInterrupt:
        click.echo("")
    report = interviewer.score()
    report.source = f"session {session_id}"
    store.save_state(session_id, interviewer.state)
    store.finish(session_id, report)
    store.close()
    click.echo(render_text(report))
    click.echo(f"\nSession {session_id} saved in {store.path} (`mlsd-trainer history` lists sessions)")
