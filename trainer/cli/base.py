"""The `mlsd-trainer` command line: thin click commands over the headless core.

Every command turns `TrainerError` into one line on stderr and exit code 2;
heavy modules are imported inside the commands that use them. Each group of
commands lives in its own module and registers itself on `main`; `main` imports
a command's module only when that command runs (or `--help` lists them), so the
start screen does not pay for every command's imports before its first paint.
"""

from __future__ import annotations

import importlib
import sys
from typing import NoReturn

import click

from trainer import __version__
from trainer.errors import TrainerError

EXIT_BAD_INPUT = 2


def fail(message: str) -> NoReturn:
    click.echo(f"mlsd-trainer: {message}", err=True)
    sys.exit(EXIT_BAD_INPUT)


# Command name -> the module under trainer.cli that defines it (a test holds this equal to the commands).
COMMAND_MODULES = {
    "chat": "chat",
    "doctor": "doctor",
    "export": "export",
    "history": "history",
    "practice": "practice",
    "report": "report",
    "resume": "practice",
    "scenarios": "content",
    "score": "score",
    "validate": "content",
}


class TrainerGroup(click.Group):
    """Commands loaded when used; domain errors as one clear line instead of a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(f"trainer.cli.{COMMAND_MODULES[cmd_name]}")  # registers it on `main`
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TrainerError as err:
            fail(str(err))


@click.group(cls=TrainerGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="mlsd-trainer")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Mock ML system design interviews in the terminal, scored against rubrics.

    With no command: the start screen in a terminal, or an overview when piped.
    """
    if ctx.invoked_subcommand is None:
        if sys.stdin.isatty() and sys.stdout.isatty():
            from trainer.cli.llm_options import resolve_settings
            from trainer.cli.practice import run_app

            run_app(settings=resolve_settings(None, None, None))
        else:
            _overview()


def _overview() -> None:
    from trainer.content.library import load_library

    lib = load_library()
    click.echo(f"mlsd-trainer {__version__} — ML system design mock interviews (offline engine)\n")
    click.echo("Scenarios:")
    for scenario_id in lib.scenario_ids():
        scenario = lib.scenarios[scenario_id]
        click.echo(f"  {scenario_id:<18} {scenario.minutes:>3.0f} min  {scenario.title}")
    click.echo(
        "\nCommands:\n"
        "  mlsd-trainer                                    the start screen (in a terminal)\n"
        "  mlsd-trainer practice --scenario ID [--mentor]  open the interview screen\n"
        "  mlsd-trainer chat --scenario ID                 a line-oriented mock over stdin/stdout\n"
        "  mlsd-trainer resume [ID]                        reopen an unfinished session\n"
        "  mlsd-trainer history [--json]                   past sessions and per-phase trends\n"
        "  mlsd-trainer report FILE|SESSION_ID             Markdown, HTML or JSON feedback report\n"
        "  mlsd-trainer export SESSION_ID [-o PATH]        a saved session as a session JSON file\n"
        "  mlsd-trainer doctor                             check the optional LLM server\n"
        "  mlsd-trainer scenarios [--json]                 list scenarios\n"
        "  mlsd-trainer scenarios new ID [--from ID]       start a scenario of your own\n"
        "  mlsd-trainer score FILE... [--scenario ID]      score transcripts (text|json|md|html)\n"
        "  mlsd-trainer validate [PATH...]                 check scenario and rubric YAML\n"
        "\nRun `mlsd-trainer COMMAND --help` for details."
    )
    for problem in lib.problems:
        click.echo(f"warning: skipped {problem}", err=True)
    for note in lib.notes:
        click.echo(f"note: {note}", err=True)


