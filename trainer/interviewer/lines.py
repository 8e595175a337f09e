"""The interviewer's fixed lines. Variants are picked with the session's seeded RNG."""

from __future__ import annotations

import random

from trainer.content.models import Phase

PHASE_NAMES = {
    Phase.CLARIFY: "clarifying the problem",
    Phase.FRAMING: "framing it as an ML task",
    Phase.DATA: "data",
    Phase.TRAINING: "model training",
    Phase.INFERENCE: "inference",
    Phase.OFFLINE_METRICS: "offline evaluation",
    Phase.ONLINE_METRICS: "online evaluation and A/B testing",
    Phase.DEPLOY: "deployment",
    Phase.MONITORING: "monitoring",
}

TRANSITIONS = [
    "Good. Let's move on to {phase}.",
    "Thanks — that's enough on {previous}. Next: {phase}.",
    "Let's turn to {phase}.",
]
TIME_UP = [
    "We're out of time for {previous}, so let's move on to {phase}.",
    "Time check: {previous} has used its budget. Let's go to {phase}.",
]
ACKS = ["Okay.", "Got it.", "Makes sense.", "Thanks.", "Right."]
STEER_AHEAD = [
    "That's a {ahead} topic — we'll get there. Before that, {missing}: {question}",
    "Hold on, you're jumping ahead to {ahead}. We haven't covered {missing} yet. {question}",
]
STEER_SOLUTION_FIRST = [
    "Before we get to the solution, let's make sure we understand the problem. {question}",
    "You're going straight to a solution. What would you want to know first? {question}",
]
SHORT = [
    "Could you expand on that a bit? {question}",
    "Say a little more — what exactly would you do? {question}",
]
EMPTY = ["I didn't catch an answer. {question}"]
START_PROMPT = "Where would you start?"
UNKNOWN_COMMAND = "Unknown command {command} — /help lists the commands. Nothing was sent as an answer."
COMMAND_WITH_TEXT = (
    "{command} takes no text after it: type {command} on its own line, or send your answer without it. "
    "Nothing was sent."
)
OFF_TOPIC = [
    "Let's stay on the design problem. {question}",
    "I'm not sure how that relates to the system we're designing. {question}",
]
DONT_KNOW = [
    "That's fine — let's look at it from another angle. {question}",
    "No problem, let's move past that. {question}",
]
DONT_KNOW_LAST = ["That's fine. Let's move on to {phase}. {question}"]
SOLVE_FOR_ME = [
    "I'd rather hear how you would approach it — there's no single right answer. {question}",
    "This is your design; I'm here to probe it. Start with what you'd do first. {question}",
]
ASSUME = "I don't have a number for that — assume a reasonable value and state it, and we'll go with it."
ASSUME_RU = "Такой цифры у меня нет — предположите разумное значение, назовите его, и будем от него отталкиваться."
PHASE_DONE_ALL = "We've covered every phase. Anything you'd add before we wrap up? Type /end to see your score."
HELP = """Commands:
  /hint   a nudge toward something not yet covered in this phase
  /next   move on to the next phase
  /skip   skip the current question
  /phase  where we are and what is covered
  /time   time used, overall and in this phase
  /score  interim score
  /end    finish and show the final score
  /help   this list"""


def pick(rng: random.Random, options: list[str], **values: str) -> str:
    return rng.choice(options).format(**values)
