"""`practice` and `resume`: the Textual trainer (the start screen is `mlsd-trainer` with no arguments)."""

from __future__ import annotations

import click

from trainer.cli.base import fail, main
from trainer.cli.llm_options import llm_options, resolve_settings
from trainer.session.modes import STRICTNESS


def run_app(**kwargs) -> None:
    """Run the Textual app (imported only here: the rest of the CLI never loads Textual)."""
    from trainer.tui.app import make_app

    make_app(**kwargs).run()


@main.command("practice")
@click.option("--scenario", "scenario_id", required=True, help="Scenario id (see `scenarios`).")
@click.option("--minutes", type=click.FloatRange(min=1, max=240), help="Length of the mock; phase budgets scale to it.")
@click.option("--mentor", is_flag=True, help="Mentor-run mock: rubric checkboxes, grades, notes, pause, type the interviewer's lines.")
@click.option("--strictness", type=click.Choice(STRICTNESS), default="nudge", show_default=True)
@llm_options
@click.option("--seed", type=click.IntRange(min=0, max=2**63 - 1), default=0, show_default=True)
def practice_cmd(
    scenario_id: str, minutes: float | None, mentor: bool, strictness: str,
    llm: bool | None, model: str | None, llm_timeout: float | None, seed: int,
) -> None:
    """Open the interview screen directly (--llm: the LLM phrases the interviewer's moves)."""
    from trainer.content.index import scenario_ids
    from trainer.errors import UnknownScenarioError

    known = scenario_ids()
    if scenario_id not in known:  # fail before the screen opens; the full load runs after the first paint
        raise UnknownScenarioError(scenario_id, known)
    settings = resolve_settings(llm, model, llm_timeout)
    run_app(scenario=scenario_id, minutes=minutes, mentor=mentor, strictness=strictness, seed=seed, settings=settings)


@main.command("resume")
@click.argument("session_id", required=False)
@click.option("--reopen", is_flag=True, help="Continue a finished session (its score is computed again when it ends).")
def resume_cmd(session_id: str | None, reopen: bool) -> None:
    """Reopen an unfinished session (the latest one when no ID is given) with its transcript and clock."""
    from trainer.session.store import SessionStore

    store = SessionStore()
    if session_id is None:
        session_id = store.latest_unfinished()
        if session_id is None:
            fail("no unfinished session to resume; `mlsd-trainer history` lists sessions")
    summary = store.summary(session_id)
    busy = store.holder(session_id)
    if busy is not None:
        store.close()
        fail(busy)
    if summary.ended:
        if not reopen:
            store.close()
            fail(
                f"session {session_id} is finished; `mlsd-trainer report {session_id}` shows it, "
                f"`mlsd-trainer resume {session_id} --reopen` continues it"
            )
        store.reopen(session_id)
    store.close()
    run_app(resume=session_id, mentor=summary.mode == "mentor", settings=resolve_settings(None, None, None))
