"""`doctor`: is the configured LLM server reachable, and does the model answer?"""

from __future__ import annotations

import sys

import click

from trainer.cli.base import EXIT_BAD_INPUT, main


@main.command("doctor")
@click.option("--model", help="Model to check instead of the configured one.")
@click.option("--timeout", type=click.FloatRange(min=0.1, max=15), help="Seconds per step (at most 15; default: the configured timeout, capped at 5).")
def doctor_cmd(model: str | None, timeout: float | None) -> None:
    """Check the LLM server and model (OPENAI_BASE_URL / OPENAI_API_KEY, or [llm] in config.toml).

    Lists the server's models when it can, then asks the model for one word, and
    prints one line: `ok: URL model M answered in N ms`, or what is wrong — and a
    second when the last mock found this model's interviewer lines unusable. Exit
    code 0 when the model answered, 2 otherwise. The API key is never printed.
    """
    from trainer.llm.health import CHECK_TIMEOUT, check
    from trainer.llm.verdicts import verdict
    from trainer.settings import Settings

    settings = Settings.resolve(llm=None, model=model, timeout=timeout)
    health = check(settings, timeout=timeout or CHECK_TIMEOUT)
    click.echo(health.line if health.ok else f"fail: {health.line}")
    seen = verdict(settings.shown_endpoint, settings.model) if settings.configured else None
    if seen:
        click.echo(seen)  # the server answers, but in a mock its lines were not usable
    sys.exit(0 if health.ok else EXIT_BAD_INPUT)
