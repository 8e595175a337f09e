"""`chat`: the line-oriented mock over stdin/stdout."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import click

from trainer.cli.base import main
from trainer.cli.llm_options import llm_options, resolve_settings
from trainer.inert import terminal
from trainer.session.modes import STRICTNESS


@main.command("chat")
@click.option("--scenario", "scenario_id", required=True, help="Scenario id (see `scenarios`).")
@llm_options
@click.option("--strictness", type=click.Choice(STRICTNESS), default="nudge", show_default=True,
              help="How firmly the interviewer keeps you on the framework order.")
@click.option("--minutes", type=click.FloatRange(min=1, max=240), help="Length of the mock; phase budgets scale to it.")
@click.option(
    "--seed", type=click.IntRange(min=0, max=2**63 - 1), default=0, show_default=True,
    help="Seed for the interviewer's choices (same inputs, same replies).",
)
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
    from trainer.content.library import load_library
    from trainer.errors import TrainerError
    from trainer.reports.text import render_text
    from trainer.session.live import AnswerNotSaved, LiveSession
    from trainer.session.store import SessionStore

    resolved = load_library().resolve(scenario_id)
    settings = resolve_settings(llm, model, llm_timeout)
    store = SessionStore(on_wait=lambda message: click.echo(f"(note: {message})"))
    live = LiveSession(resolved, store, strictness=strictness, minutes=minutes, seed=seed)  # type: ignore[arg-type]
    interactive = sys.stdin.isatty()
    phraser = None
    if settings is not None:
        from trainer.llm.phrasing import Phraser

        phraser = Phraser(settings, resolved)
    click.echo(f"Session {live.id} — {resolved.scenario.title} ({live.minutes:.0f} min). Saving to {store.path}")
    click.echo("One message per line; /help lists commands, /end finishes.\n")
    opening = live.open()
    if opening is not None:
        click.echo(f"Interviewer: {terminal(opening.text)}\n")
    lines = _input_lines()
    try:
        while True:
            if interactive:
                click.echo("You: ", nl=False)
            line = next(lines, None)
            if line is None:
                break
            try:
                move = live.submit(line)
            except AnswerNotSaved as err:
                click.echo(f"(note: {terminal(str(err))}; send it again)\n")
                continue
            except TrainerError as err:
                click.echo(f"(note: {terminal(str(err))}; your answer is saved)\n")
                continue
            if move.kind == "end":
                break
            if move.kind in ("help", "phase", "time"):
                click.echo(f"{terminal(move.text)}\n")
            elif phraser is not None:
                _say_with_llm(phraser, live, move)
            else:
                click.echo(f"Interviewer: {terminal(move.text)}\n")
            if move.kind == "score" and move.report is not None:
                click.echo(render_text(move.report, live.language) + "\n")
    except KeyboardInterrupt:
        click.echo("")
    report = live.finish()
    store.close()
    click.echo(render_text(report, live.language))
    click.echo(f"\nSession {live.id} saved in {store.path} (`mlsd-trainer history` lists sessions)")


def _input_lines() -> Iterator[str]:
    """Candidate lines from stdin as text, whatever the bytes: a line that is not UTF-8 is read
    with the undecodable bytes replaced (and said so), so the session goes on."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # a text-only stdin (some embedders): already decoded
        for text in sys.stdin:
            yield text.rstrip("\r\n")
        return
    for number, raw in enumerate(iter(stream.readline, b""), start=1):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", errors="replace")
            click.echo(f"(note: line {number} is not UTF-8; undecodable bytes are shown as \ufffd — set your terminal to UTF-8)")
        yield text.rstrip("\r\n")


def _say_with_llm(phraser: Any, live: Any, move: Any) -> None:
    """Print the LLM's phrasing of `move` once it passed the checks; else the engine's line with a note.

    Tokens are not echoed as they arrive: a line the checks reject must never reach the screen.
    """
    from trainer.llm.phrasing import STOP_NOTE

    line = phraser.line(move, live.turns)
    if line.note:
        click.echo(f"(note: {terminal(line.note)})")
    if line.stopped_now:
        click.echo(f"(note: {STOP_NOTE})")
    click.echo(f"Interviewer: {terminal(line.text)}\n")
