"""`chat`: the line-oriented mock over stdin/stdout."""

from __future__ import annotations

import sys

import click

from trainer.inert import terminal

from trainer.cli.base import main
from trainer.cli.llm_options import llm_options, resolve_settings


@main.command("chat")
@click.option("--scenario", "scenario_id", required=True, help="Scenario id (see `scenarios`).")
@llm_options
@click.option("--strictness", type=click.Choice(["off", "nudge", "strict"]), default="nudge", show_default=True,
              help="How firmly the interviewer keeps you on the framework order.")
@click.option("--minutes", type=click.FloatRange(min=1, max=240), help="Length of the mock; phase budgets scale to it.")
@click.option("--seed", type=click.IntRange(min=0, max=2**63 - 1), default=0, show_default=True, help="Seed for the interviewer's choices (same inputs, same replies).")
def chat_cmd(
    scenario_id: str, llm: bool | None, model: str | None, llm_timeout: float | None,
    strictness: str, minutes: float | None, seed: int,
) -> None:
    """A line-oriented mock over stdin/stdout: one candidate message per line.

    `/end` or end of input prints the final score summary. Every turn is saved
    in the session database as it happens (your answer before the reply is
    computed); the database and the session id are printed at the start and the
    end, and `mlsd-trainer history` lists the sessions. Type /help for the commands.

    With --llm the offline engine still decides every move; the LLM only
    phrases it, streamed as it arrives. On any LLM failure the engine's own line
    is printed in the same turn with a one-line note. The saved transcript keeps
    the engine's wording, so scores stay deterministic.
    """
    import time

    from trainer.content.library import load_library
    from trainer.interviewer.engine import Interviewer
    from trainer.reports.text import render_text
    from trainer.store import SessionStore
    from trainer.transcripts import Turn

    resolved = load_library().resolve(scenario_id)
    settings = resolve_settings(llm, model, llm_timeout)
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
            if move.kind in ("help", "phase", "time"):
                click.echo(f"{terminal(move.text)}\n")
            elif settings is not None:
                _say_with_llm(settings, resolved, interviewer, move)
            else:
                click.echo(f"Interviewer: {terminal(move.text)}\n")
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


def _say_with_llm(settings, resolved, interviewer, move) -> None:
    """Print the LLM's phrasing of `move` once it passed the checks; else the engine's line with a note.

    Tokens are not echoed as they arrive: a line the checks reject must never reach the screen.
    """
    from trainer.llm.phrasing import phrased_line, should_phrase

    if not should_phrase(move):
        click.echo(f"Interviewer: {terminal(move.text)}\n")
        return
    line = phrased_line(settings, scenario=resolved, recent_turns=interviewer.turns, move=move)
    if not line.by_llm:
        click.echo(f"(note: LLM unavailable — {terminal(line.reason)}; the offline interviewer answers)")
    click.echo(f"Interviewer: {terminal(line.text)}\n")
