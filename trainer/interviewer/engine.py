"""The offline interviewer: one move per candidate message, deterministic for a seed.

It opens with the scenario, answers clarifying questions from the facts sheet,
follows up on the heaviest uncovered rubric item of the current phase (never
re-asking an item covered, declined or skipped), moves on when a phase is
covered, its time is spent or the candidate asks, and steers a candidate who
jumps ahead back to what was missed (strictness `off`, `nudge`, `strict`).
The LLM, when configured, only rephrases the moves this engine decides.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from trainer.content.library import ResolvedScenario
from trainer.content.models import PHASES, Fact, Phase, RedFlag, RubricItem
from trainer.durations import fmt_duration
from trainer.engine.classifier import TurnAnalysis, TurnClassifier
from trainer.engine.compiled import compile_scenario
from trainer.engine.coverage import ItemCredit, credited_items, said_items
from trainer.engine.guards import is_negated
from trainer.engine.scorer import score_analysed
from trainer.engine.text import tokenize
from trainer.interviewer import lines
from trainer.interviewer.asks import (
    asks_approval,
    asks_for_choice,
    asks_for_fact,
    asks_for_number,
    asks_yes_or_no,
    checks_reading,
    is_check_in,
    names_a_placeholder,
    opens_with_yes_or_no,
)
from trainer.interviewer.assumptions import contradicts, stated_assumptions
from trainer.interviewer.facts import (
    FactSheet,
    addressed_questions,
    content_stems,
    fact_queries,
    hedged,
    thinking_aloud,
    trailing_questions,
)
from trainer.interviewer.intents import Intent, detect, topic_requests
from trainer.interviewer.state import InterviewState
from trainer.reports.timing import budgets
from trainer.scoring.schema import ScoreReport
from trainer.session.modes import STRICTNESS, Strictness
from trainer.transcripts import Speaker, Transcript, Turn

PHASE_DONE = 0.75  # share of a phase's saturated weight that counts as "covered well enough"
# The interview's own pacing: a phase counts as covered at this share of its weight, whatever the
# report's calibration (fitted to graders' totals) says a phase score is; refitting the report must
# not make the interviewer ask fewer questions.
INTERVIEW_SATURATION = 0.9
NATURAL_MOVE_OK = 0.4  # a candidate moving to the next phase on their own, with this much covered
SOLUTION_FIRST_CLARIFY = 0.5
RECENT_ANSWERS = 3  # a question whose own words fill the last answers this much is not asked
JUST_ANSWERED_WORDS = 3
JUST_ANSWERED_SHARE = 0.4
FOLLOWED_JUMP = 2  # past clarifying, an answer this many phases ahead (one skipped) is followed, not steered
CLARIFIED_TOPICS = 2  # facts asked for on this many topics (terse questions earn little progress) ...
SHORT_ANSWER_WORDS = 4
DIRECT_ANSWER_WORDS = 30  # a reply this short, right after a question, is an answer to it
# A message with at least this many words (and this share of its words) outside its questions is an
# answer that asks in passing: its facts come with a reaction to the answer.
ANSWER_BESIDE_QUESTIONS_WORDS = 30
CHOICE_WITH_PICK_WORDS = 10  # "…or one per policy? My preference is X, because Y": a pick stated beside the choice
TAKES_UP_WORDS = 2  # words of the question a short reply must take up to be an answer in other words
SPECIFIC_STEM = 6  # ... one of them at least this long (a term, not "watch" or "move"), unless it gives a number
VAGUE_WORDS = 25  # a placeholder ("some kind of model") in a reply this short is the whole answer
ANSWER_BESIDE_QUESTIONS_SHARE = 0.5
READ_BACK_SHARE = 0.5  # of a "…, right?" question's content words, said by the interviewer before
DIRECT_FACT_WORDS = 12  # a question this short asks for the fact itself, even a second time
BARE_TOPIC_WORDS = 3  # "Latency?", "И задержка?": a bare topic asks for it again
RECENT_REPLIES = 1  # ... unless the interviewer gave it in its last reply (still on the screen)
ANSWER_VOTE_SHARE = 0.5  # the question's phase holds at least this share of the top phase's votes
# How much each kind of phrase in a topic request says about the phase it asks for.
_TOPIC_VOTES = {"name": 3.0, "cue": 1.0, "item": 1.0, "item_depth": 0.5}
_EVALUATION_RE = re.compile(r"\b(measure|evaluat\w*|how good|how well|quality|metrics?)\b|оцен\w*|качеств\w*|метрик\w*")
# A quantity in words ("two weeks", "half the traffic", "две недели") answers "how long / how much".
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten twelve twenty hundred thousand million billion half "
    "percent dozen один одна два две три четыре пять шесть семь восемь девять десять сто тысяча миллион "
    "половина процент".split()
)
# A number word standing alone ("two weeks"), not the start of a compound ("two-tower", "two-stage").
_QUANTITY_RE = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(_NUMBER_WORDS)) + r")(?![\w-])", re.IGNORECASE)
# Words that carry no topic: sharing only these with the question does not make a reply an answer.
_FILLER = frozenset(
    "a an the and or of to in on for with what which how would you your we our is are be it this that do does "
    "did can could should will at by from as if then than so".split()
)
_COMMAND_WORD = re.compile(r"/[a-z]+")  # "/hint"; not "/v1/models" or "/ 2" (text that starts with a slash)
# "…kill switch -> fallback to formula. /next": an answer that ends on a move command is both.
_TRAILING_COMMAND = re.compile(r"\s(/next|/skip|/hint)\W*$")
COMMANDS = ("/hint", "/next", "/skip", "/phase", "/time", "/score", "/end", "/help")


@dataclass
class Move:
    """One interviewer reply: what kind of move it is, its text, and what it probes."""

    kind: str
    text: str
    phase: Phase
    item: str | None = None
    facts: list[str] = field(default_factory=list)
    report: ScoreReport | None = None
    recorded: bool = True  # part of the conversation (False for /phase, /time, /score...)


class Interviewer:
    def __init__(
        self,
        resolved: ResolvedScenario,
        *,
        strictness: Strictness = "nudge",
        seed: int = 0,
        minutes: float | None = None,
        state: InterviewState | None = None,
        turns: list[Turn] | None = None,
        on_turn: Callable[[Turn], None] | None = None,
    ):
        if strictness not in STRICTNESS:
            raise ValueError(f"strictness must be one of {', '.join(STRICTNESS)}")
        self.resolved = resolved
        self.scenario = resolved.scenario
        self.compiled = compile_scenario(resolved)
        self.facts = FactSheet(resolved.scenario)
        self.strictness = strictness
        self.seed = seed
        self.minutes = float(minutes) if minutes else self.scenario.minutes
        self.state = state or InterviewState()
        self.turns: list[Turn] = []
        self.analyses: list[TurnAnalysis] = []
        self._classifier = TurnClassifier(self.compiled)
        self._credits: dict[str, ItemCredit] | None = None
        self._said: set[str] | None = None
        self._budgets: dict[str, float] | None = None
        self._chosen: dict[int, list[str]] = {}  # per candidate turn: the drill-down concepts it commits to
        self._discussed: set[str] = set()  # drill-downs whose trade-off the candidate already talked about
        self._last_kind: str | None = None  # the kind of the interviewer's last recorded line
        self._lead: Move | None = None  # facts that open the next recorded reply (see _react)
        self._announced = False  # this message named the phase it is about (see _decide)
        for turn in turns or []:
            self._append(turn.speaker, turn.text, turn.at or 0.0, notify=False)
        self.on_turn = on_turn

    # ---- bookkeeping -------------------------------------------------------------------

    def _append(self, speaker: Speaker, text: str, at: float, *, notify: bool = True) -> TurnAnalysis:
        turn = Turn(index=len(self.turns), speaker=speaker, text=text, at=at)
        if notify and self.on_turn is not None:
            self.on_turn(turn)  # committed first: if it fails, the interview has not moved
        self.turns.append(turn)
        analysis = self._classifier.add(turn)
        self.analyses.append(analysis)
        self._credits = None
        self._said = None
        if speaker is Speaker.CANDIDATE and self.compiled.drills:
            self._note_concepts(turn, analysis)
        return analysis

    def _note_concepts(self, turn: Turn, analysis: TurnAnalysis) -> None:
        """The techniques a candidate turn commits to without pinning them down (not negated; the
        unit saying it gives no number and no substance for the item — "a canary on 1% for a day"
        needs no "what share, for how long?"), and the trade-offs it discusses."""
        chosen: list[str] = []
        tokens = tokenize(turn.text)
        drills = self.compiled.drills
        for m in self.compiled.concepts.find(tokens):
            kind, drill_id = m.payload
            if kind == "answered":
                self._discussed.add(drill_id)
                continue
            if drill_id in chosen or is_negated(turn.text, tokens, m.start, m.end):
                continue
            at = tokens[m.start].start
            unit = next((sa for sa in analysis.sentences if sa.start <= at < sa.end), None)
            if unit is not None and (unit.quantities or drills[drill_id].item in unit.deep):
                continue  # said with its number or its reasons: nothing to drill into
            if unit is not None and unit.quote.rstrip().endswith("?"):
                continue  # asked about ("which latency budget do we have?"), not chosen
            chosen.append(drill_id)
        self._chosen[turn.index] = chosen

    def ask_own_question(self, text: str, at: float) -> Turn:
        """A mentor asks their own question instead of the engine's: it becomes the current one."""
        self._append(Speaker.INTERVIEWER, text.strip(), at)
        self.state.current_question = text.strip()
        return self.turns[-1]

    def _rng(self) -> random.Random:
        return random.Random(f"{self.seed}:{len(self.turns)}")

    @property
    def credits(self) -> dict[str, ItemCredit]:
        if self._credits is None:
            self._credits = credited_items(self.analyses)
        return self._credits

    @property
    def said(self) -> set[str]:
        """Items the candidate named, credited or not (never asked about again)."""
        if self._said is None:
            self._said = said_items(self.analyses)
        return self._said

    def budget_seconds(self, phase: Phase) -> float:
        """The phase's budget, scaled when the mock is shorter or longer than the scenario's
        (the same figures every report's time table shows)."""
        if self._budgets is None:
            self._budgets = budgets(self.scenario, self.minutes) or {}
        return self._budgets.get(phase.value, 0.0)

    def progress(self, phase: Phase) -> float:
        """Covered share of the phase, 0..1, saturating like the phase score does."""
        items = self.resolved.items_for(phase)
        possible = sum(i.weight for i in items) or 1.0
        earned = sum(i.weight * self.credits[i.id].credit for i in items if i.id in self.credits)
        return min(1.0, earned / (possible * INTERVIEW_SATURATION))

    def question_for(self, item: RubricItem) -> str:
        return self.resolved.question_for(item, self.state.language)

    @property
    def voice(self) -> lines.Voice:
        """The fixed lines in the language of the candidate's latest message."""
        return lines.voice(self.state.language)

    def next_item(self, phase: Phase, *, named_elsewhere: bool = False) -> RubricItem | None:
        """Heaviest item of the phase not said, covered, asked, declined or skipped (seeded tie-break).

        `named_elsewhere`: also an item the candidate only named in passing, uncredited or credited
        as a mention (the "imbalance" of a list of data pitfalls, "MAE by city" in the framing
        answer) — what a phase entered for the first time opens with when everything in it was
        named somewhere, so that naming a phase's terms in other answers never skips the phase;
        still never a question the answers so far already hold."""
        s = self.state
        closed = set(s.asked) | set(s.declined) | set(s.skipped)
        if named_elsewhere:
            closed |= {i for i, c in self.credits.items() if c.credit >= 1.0}  # only named, never given substance
        else:
            closed |= set(self.credits) | self.said
        open_items = [i for i in self.resolved.items_for(phase) if i.id not in closed]
        recent = self._recent_answer_stems()
        open_items = [i for i in open_items if not self._just_answered(self.question_for(i), recent)]
        if not open_items:
            return None
        tie = random.Random(f"{self.seed}:{phase.value}")
        order = {i.id: tie.random() for i in open_items}
        return sorted(open_items, key=lambda i: (-i.weight, order[i.id]))[0]

    def _clarified(self) -> bool:
        """Facts asked for on CLARIFIED_TOPICS topics and something of the problem said."""
        return len(self.state.given) >= CLARIFIED_TOPICS and self.progress(Phase.CLARIFY) > 0.0

    def _recent_answer_stems(self) -> frozenset[str]:
        """Content words of the candidate's last RECENT_ANSWERS answers."""
        answers = [t.text for t in self.turns if t.speaker is Speaker.CANDIDATE][-RECENT_ANSWERS:]
        return content_stems(" ".join(answers))

    def _opens_with_named(self, phase: Phase) -> bool:
        """A phase not visited yet whose items were all named in other answers: it is still discussed
        (one question on what was only named there, never given substance), not passed over."""
        return phase not in self.state.visited and self.next_item(phase, named_elsewhere=True) is not None

    @staticmethod
    def _just_answered(question: str, recent: frozenset[str]) -> bool:
        """Whether the last answers already hold most of a question's own words ("how would you split
        traffic and how long would you run it?" after "budget-split experiments, run at least two
        weeks"): asking it would be a re-ask, whatever the keywords caught."""
        asked = content_stems(question)
        shared = asked & recent
        return len(shared) >= JUST_ANSWERED_WORDS and len(shared) >= JUST_ANSWERED_SHARE * len(asked)

    def uncovered(self, phase: Phase) -> list[RubricItem]:
        return [i for i in self.resolved.items_for(phase) if i.id not in self.credits]

    # ---- moves -------------------------------------------------------------------------

    def opening(self, at: float = 0.0) -> Move:
        self.state.phase_entered_at = at
        text = self.scenario.opening.strip()
        self.state.current_question = text
        return self._say(Move("opening", text, Phase.CLARIFY), at)

    def _reads_back(self, question: str) -> bool:
        """Whether a "…, right?" checks a reading of what the interviewer said (the opening, a fact,
        a question): at least half of its content words were said by the interviewer. A claim about
        the world nobody stated gets the honest "I don't know" instead of a yes."""
        said: set[str] = set()
        for turn in self.turns:
            if turn.speaker is Speaker.INTERVIEWER:
                said |= content_stems(turn.text)
        asked = content_stems(question)
        return bool(asked) and len(asked & said) >= READ_BACK_SHARE * len(asked)

    def _says_more_than_it_asks(self, text: str) -> bool:
        """Whether a message is an answer with questions in it, not a list of questions."""
        words = len(tokenize(text))
        asked = sum(len(tokenize(q)) for q in addressed_questions(text))
        return words - asked >= ANSWER_BESIDE_QUESTIONS_WORDS and (words - asked) >= ANSWER_BESIDE_QUESTIONS_SHARE * words

    def _say(self, move: Move, at: float) -> Move:
        lead, self._lead = self._lead, None
        if lead is not None and lead.kind == "approval" and move.kind not in ("challenge", "drilldown", "followup", "correction"):
            # "let me push on it" before "let's move on" or "hold on, first finish…" would say the
            # opposite of what follows.
            lead = None
        if lead is not None and move.recorded:
            move.text = f"{lead.text} {lines.without_leading_ack(move.text)}"
            move.facts = [*lead.facts, *move.facts]
        if move.recorded:
            self._append(Speaker.INTERVIEWER, move.text, at)
            self._last_kind = move.kind
        return move

    def _ack(self) -> str:
        """An acknowledgement, never the one the last reply opened with ("Makes sense." twice in a row reads canned)."""
        last = next((t.text for t in reversed(self.turns) if t.speaker is Speaker.INTERVIEWER), "")
        options = [ack for ack in self.voice.acks if not last.startswith(ack)] or self.voice.acks
        return lines.pick(self._rng(), options)

    def _ask(self, phase: Phase, prefix: str, at: float, kind: str = "followup") -> Move:
        """Ask about the next open item of `phase`, or move on when none is left."""
        item = self.next_item(phase)
        if item is None and kind in ("transition", "topic"):
            item = self.next_item(phase, named_elsewhere=True)  # just entered: see _opens_with_named
        if item is None:
            return self._transition(at, reason="covered", prefix=prefix)
        question = self.question_for(item)
        self.state.asked.append(item.id)
        self.state.current_item = item.id
        self.state.current_question = question
        text = f"{prefix} {question}".strip()
        return self._say(Move(kind, text, phase, item=item.id), at)

    def _transition(self, at: float, *, reason: str, prefix: str = "") -> Move:
        previous = self.state.phase
        target = self.state.next_phase()
        requested = self.state.requested
        if requested is not None and PHASES.index(requested) > PHASES.index(previous):
            target = requested  # the candidate asked to go there next (strict: once this phase was done)
        self.state.requested = None
        # A phase with nothing left to ask is passed over: everything in it was said, asked or skipped.
        while target is not None and self.next_item(target) is None and not self._opens_with_named(target):
            pos = PHASES.index(target) + 1
            target = PHASES[pos] if pos < len(PHASES) else None
        v = self.voice
        if target is None:
            untouched = [
                p for p in PHASES
                if self.progress(p) == 0.0 and not any(i.id in self.said for i in self.resolved.items_for(p))
            ]
            closing = v.wrap_up_missing.format(missing=", ".join(v.phase_names[p] for p in untouched)) if untouched else v.phase_done_all
            asked_last = self.state.current_question or ""
            closings = [v.phase_done_all, v.last_phase_next, *v.wrap_up_again]
            if self._last_kind == "wrap_up" or any(c in asked_last for c in closings) or asked_last.startswith(v.wrap_up_missing.split("{")[0]):
                # After the closing: an addition is noted, /next is told there is nothing after the last
                # phase — neither gets the closing again.
                said_last = next((t.text for t in reversed(self.turns) if t.speaker is Speaker.INTERVIEWER), "")
                notes = [line for line in v.wrap_up_again if line not in said_last] or v.wrap_up_again
                closing, prefix = (v.last_phase_next if reason == "candidate" else notes[0]), ""
            self.state.current_item = None
            self.state.current_question = closing
            return self._say(Move("wrap_up", f"{prefix} {closing}".strip(), previous), at)
        said_nothing = self.progress(previous) == 0.0
        self.state.enter(target, at)
        if reason == "time":
            options = v.time_up
        elif said_nothing:  # nothing said in it: "we can come back to it", never "that's enough on it"
            options = v.transitions_empty
        else:
            options = v.transitions
        line = lines.pick(self._rng(), options, phase=v.phase_names[target], previous=v.phase_names[previous])
        if prefix:
            line = lines.without_leading_ack(line)  # "Got it. Good. Let's move on" says it twice
        last = next((a for a in reversed(self.analyses) if a.speaker is Speaker.CANDIDATE), None)
        if last is not None and reason != "time":
            # The last answer already went into this phase ("…and online: GMV per session, two weeks by
            # user"): open it on what the candidate chose there, not with its generic first question.
            drill = self._drilldown(last, at, prefix=f"{prefix} {line}".strip())
            if drill is not None:
                return drill
        return self._ask(target, f"{prefix} {line}".strip(), at, kind="transition")

    def _repeat(self, template: list[str], at: float, kind: str) -> Move:
        question = self.state.current_question or self.question_for_phase()
        if question == self.scenario.opening.strip():
            question = self.voice.start_prompt  # the opening was just read: a short prompt, not the opening again
        text = lines.pick(self._rng(), template, question=question)
        return self._say(Move(kind, text, self.state.phase, item=self.state.current_item), at)

    def question_for_phase(self) -> str:
        item = self.next_item(self.state.phase)
        return self.question_for(item) if item else self.voice.phase_done_all

    # ---- the candidate speaks ------------------------------------------------------------

    def reply(self, text: str, at: float) -> Move:
        """The interviewer's move after a candidate message (or a /command)."""
        stripped = text.strip()
        word = stripped.split()[0].lower() if stripped.startswith("/") else ""
        if _COMMAND_WORD.fullmatch(word):
            if word not in COMMANDS:
                return Move("help", self.voice.unknown_command.format(command=word), self.state.phase, recorded=False)
            if stripped[len(word):].strip():  # "/hint what about latency": neither run nor dropped silently
                return Move("help", self.voice.command_with_text.format(command=word), self.state.phase, recorded=False)
            return self.command(word, at)
        if not stripped:
            return self._repeat(self.voice.empty, at, "empty")
        trailing = _TRAILING_COMMAND.search(stripped)
        if trailing is not None:
            stripped = stripped[: trailing.start()].rstrip()
        if any(ch.isalpha() for ch in stripped):
            self.state.language = lines.language_of(stripped)  # the reply follows the candidate's language
        analysis = self._append(Speaker.CANDIDATE, stripped, at)
        if trailing is not None:  # the answer is kept, and the command does what it says
            return self.command(trailing.group(1), at)
        return self._decide(stripped, analysis, at)

    def _decide(self, text: str, analysis: TurnAnalysis, at: float) -> Move:
        s = self.state
        self._announced = False
        requested = self._requested_phase(text)
        if requested is not None:
            if self.strictness == "strict" or not self._says_more_than_it_asks(text):
                return self._follow_topic(requested, at)
            # "Теперь про данные. Из логов строим…": the candidate announced the topic and is already
            # answering it; go there without announcing it back, and take up what they said.
            self.state.requested = None
            self.state.enter(requested, at)
            self._announced = True  # where the candidate said they are, whatever else the words name
        intent = detect(text)
        if intent is Intent.SOLVE_FOR_ME:
            # "Just tell me, what latency do we have?" asks for a fact: a fact is what it gets.
            facts = self._answer_questions(text, at, assume=False)
            return facts if facts is not None else self._repeat(self.voice.solve_for_me, at, "solve_for_me")
        if intent is Intent.HINT:
            return self._hint(at, asked_in_words=True)
        if intent is Intent.REPEAT:
            return self._say(Move("repeat", s.current_question, s.phase, item=s.current_item), at)
        if intent is Intent.MOVE_ON:
            return self._transition(at, reason="candidate")
        if intent is Intent.DONT_KNOW and self.facts_for(text):
            intent = None  # "not sure — what is the latency budget?": the question comes first
        if intent is Intent.DONT_KNOW:
            if s.current_item and s.current_item not in self.credits:
                s.declined.append(s.current_item)
            nxt = self.next_item(s.phase)
            if nxt is None:
                return self._transition(at, reason="covered", prefix=self.voice.dont_know_move_on)
            return self._ask(s.phase, lines.pick(self._rng(), self.voice.dont_know, question="").strip(), at, kind="dont_know")

        answered = self._answer_questions(text, at, record=False)
        if answered is not None and answered.kind != "answer" and self._mistake_to_challenge(analysis, asked=True) is not None:
            answered = None  # "is accuracy fine here?" names a mistake to probe, not a question to deflect
        if answered is not None:
            if answered.kind == "approval" or (
                (answered.kind == "confirm" or (answered.kind == "answer" and answered.facts)) and self._says_more_than_it_asks(text)
            ):
                # Facts asked for in passing in a substantive answer: the facts, then the reaction to
                # the answer (a challenge, a follow-up), in one reply — never facts alone, as if the
                # rest had not been said.
                self._lead = answered
                return self._react(analysis, at)
            return self._say(answered, at)
        corrected, fact_ids = self._corrections(text)
        if corrected:
            move = self._ask(s.phase, " ".join(corrected), at, kind="correction")
            move.facts = fact_ids
            return move

        words = len(tokenize(text))
        if words < SHORT_ANSWER_WORDS:
            return self._repeat(self.voice.short, at, "short")
        if not analysis.votes and not any(sa.domain for sa in analysis.sentences) and not self._takes_up_question(text):
            return self._repeat(self.voice.off_topic, at, "off_topic")

        return self._react(analysis, at)

    def _react(self, analysis: TurnAnalysis, at: float) -> Move:
        """The reply to what an answer says: a challenge of a mistake, a steer, a drill-down, a
        follow-up or a move to the next phase."""
        s = self.state
        challenge = self._challenge(analysis, at)
        if challenge is not None:
            return challenge
        steer = self._keep_order(analysis, at)
        if steer is not None:
            return steer

        if s.spent(s.phase, at) >= self.budget_seconds(s.phase):
            return self._transition(at, reason="time")
        drill = self._drilldown(analysis, at)
        if drill is not None:
            return drill
        visit = f"{s.phase.value}@{s.phase_entered_at:g}"
        if self._vague(analysis) and visit not in s.pressed:
            # "Some kind of neural network" is not a choice: ask for the concrete one (once a visit),
            # never "Makes sense" and the next topic.
            s.pressed.append(visit)
            return self._say(Move("press", lines.pick(self._rng(), self.voice.press_vague), s.phase, item=s.current_item), at)
        if self.progress(s.phase) >= PHASE_DONE:
            return self._transition(at, reason="covered")
        return self._ask(s.phase, self._ack(), at)

    def _requested_phase(self, text: str) -> Phase | None:
        """The phase a request to change topic names ("can we talk about how to measure it?"),
        when it is not the current one: the phase whose names, cues and terms the request uses."""
        for tail in topic_requests(text):  # "Can we go back to training? We skipped it…": the first that names one
            votes: dict[Phase, float] = {}
            for m in self.compiled.index.find(tokenize(tail)):
                hit = m.payload
                if hit.phase is not None and hit.kind in _TOPIC_VOTES:
                    votes[hit.phase] = votes.get(hit.phase, 0.0) + _TOPIC_VOTES[hit.kind]
            if _EVALUATION_RE.search(tail):  # "how to measure if the model is good": evaluation, offline first
                votes[Phase.OFFLINE_METRICS] = votes.get(Phase.OFFLINE_METRICS, 0.0) + 2.0
            if votes:
                best = max(votes.values())
                target = next(p for p in PHASES if votes.get(p) == best)
                return None if target == self.state.phase else target
        return None

    def _follow_topic(self, target: Phase, at: float) -> Move:
        """Go where the candidate asked; in `strict`, after the current phase is covered (and say so)."""
        s, v = self.state, self.voice
        ahead = PHASES.index(target) > PHASES.index(s.phase)
        if self.strictness == "strict" and ahead and self.progress(s.phase) < PHASE_DONE and self.next_item(s.phase) is not None:
            s.requested = target
            prefix = v.topic_after.format(phase=v.phase_names[target], current=v.phase_names[s.phase])
            return self._ask(s.phase, prefix, at, kind="topic_later")
        s.requested = None
        s.enter(target, at)
        if self.next_item(target) is None and self.next_item(target, named_elsewhere=True) is None:
            # Everything of it asked already: the candidate still gets the floor there, not the wrap-up.
            s.current_item, s.current_question = None, v.topic_open.format(phase=v.phase_names[target])
            return self._say(Move("topic", s.current_question, target), at)
        return self._ask(target, v.topic_follow.format(phase=v.phase_names[target]), at, kind="topic")

    def _answer_questions(self, text: str, at: float, *, assume: bool = True, record: bool = True) -> Move | None:
        """Answer clarifying questions from the facts sheet; None when there were none to answer.
        `record=False`: the reply is returned unsaid (the caller says it, perhaps with more)."""
        say = self._say if record else (lambda move, _at: move)
        questions = addressed_questions(text)
        if not questions:
            return None
        answers, fact_ids = self._corrections(text)  # a wrong assumption said alongside is put right first
        given = self.state.given
        # What the interviewer just said is still on the screen: never said again, word for word.
        just_said = [t.text for t in self.turns if t.speaker is Speaker.INTERVIEWER][-RECENT_REPLIES:]
        on_sheet: set[str] = set()  # questions the facts sheet speaks to (answered now or before)
        for question in questions:
            # "What was the latency again?", "сколько модераторов?": the fact itself asked for, even a
            # second time; "maybe send the rest to moderators?" names the topic but asks for no fact.
            size = len(tokenize(question))
            direct = size <= DIRECT_FACT_WORDS and (asks_for_fact(question) or size <= BARE_TOPIC_WORDS)
            if (asks_for_choice(question) or asks_approval(question)) and not asks_for_fact(question):
                continue  # "one model per policy, or one multi-label model?" asks for no fact
            facts = self._facts_for_question(text, question)
            if facts:
                on_sheet.add(question)
            fresh = any(f.id not in given for f in facts)  # "задержка конверсий?": conversions, not latency again
            for fact in facts:
                if fact.id in fact_ids:
                    continue
                answer = (fact.answer_ru if self.state.language == "ru" and fact.answer_ru else fact.answer).strip()
                if fact.id in given and (not direct or fresh or any(answer in said for said in just_said)):
                    continue  # given already: not read out again for a question in passing
                fact_ids.append(fact.id)
                if fact.id not in given:
                    given.append(fact.id)
                answers.append(answer)
        if answers:
            return say(Move("answer", " ".join(answers), self.state.phase, facts=fact_ids), at)
        recent = [t.text for t in self.turns[-6:] if t.speaker is Speaker.INTERVIEWER]
        approval = [line for line in self.voice.approval if not any(line in t for t in recent)]
        put_up = [q for q in questions if q not in on_sheet and (asks_for_choice(q) or asks_approval(q))]
        rest = len(tokenize(text)) - sum(len(tokenize(q)) for q in questions)
        if put_up and approval and rest >= CHOICE_WITH_PICK_WORDS:
            # "Would you rather I use one model or one per policy? My preference is…": the candidate's
            # own choice, put up with their pick and reasons — theirs to defend, so it is probed.
            return say(Move("approval", lines.pick(self._rng(), approval), self.state.phase, item=self.state.current_item), at)
        # Canned lines are for the questions the message ends on that the sheet does not speak to.
        asking = [
            q for q in trailing_questions(text)
            if q not in on_sheet and not thinking_aloud(q) and not hedged(q) and not topic_requests(q)  # "Теперь к training?" asks for a topic
        ]
        if not assume or not asking:
            return None
        if approval and any(asks_approval(q) for q in asking):
            return say(Move("approval", lines.pick(self._rng(), approval), self.state.phase, item=self.state.current_item), at)
        if any(checks_reading(q) and self._reads_back(q) for q in asking):
            return say(Move("confirm", lines.pick(self._rng(), self.voice.confirm), self.state.phase, item=self.state.current_item), at)
        if any(asks_for_number(q) for q in asking):
            # A number the sheet does not have: assume one and say it — once, not after every question.
            if self.state.phase in (Phase.CLARIFY, Phase.FRAMING) and not any(self.voice.assume in t for t in recent):
                return say(Move("answer", self.voice.assume, self.state.phase), at)
            return None
        # A design question put to the interviewer ("should the split be random or by time?"): theirs to
        # decide. A question about the world the sheet does not cover ("is the survey sampled uniformly
        # across slots?") is answered honestly, never ignored; a check-in gets no canned line.
        if any(asks_for_choice(q) for q in asking):
            options = [line for line in self.voice.your_call if not any(line in t for t in recent)]
        elif not any(is_check_in(q) for q in asking):
            options = [line for line in self.voice.not_known if not any(line in t for t in recent)]
        else:
            options = []
        if not options:
            return None
        kind = "your_call" if options[0] in self.voice.your_call else "not_known"
        return say(Move(kind, lines.pick(self._rng(), options), self.state.phase, item=self.state.current_item), at)

    def _facts_for_question(self, text: str, question: str) -> list[Fact]:
        """The facts one question asks for, its parts' and its context's included, best first, once each."""
        found: dict[str, Fact] = {}
        for query in fact_queries(text, question):
            for fact in self.facts.match(query):
                found.setdefault(fact.id, fact)
        return list(found.values())

    def facts_for(self, text: str) -> bool:
        """Whether a question in the message is answered by the facts sheet."""
        return any(self._facts_for_question(text, q) for q in addressed_questions(text))

    def _corrections(self, text: str) -> tuple[list[str], list[str]]:
        """Assumptions stated in the message that contradict the facts on their topic, each put
        right with the fact ("One correction: …"); an assumption close to the facts stands."""
        corrected: list[str] = []
        fact_ids: list[str] = []
        for assumed in stated_assumptions(text):
            for fact in self.facts.match(assumed):
                if fact.id in fact_ids or not contradicts(assumed, fact.answer):
                    continue
                fact_ids.append(fact.id)
                said = (fact.answer_ru if self.state.language == "ru" and fact.answer_ru else fact.answer).strip()
                if len(said) > 1 and said[0].isupper() and said[1].islower():
                    said = said[0].lower() + said[1:]  # "One correction: about 60M requests…"
                corrected.append(self.voice.correction.format(fact=said))
        return corrected, fact_ids

    def _keep_order(self, analysis: TurnAnalysis, at: float) -> Move | None:
        """Steer back a candidate who jumps ahead; follow one who moves on naturally."""
        s = self.state
        if self._announced:
            return None
        # What the words are about, not where the conversation is: a short "I'd deploy it on
        # Kubernetes" said while clarifying is a jump even though the context says clarify.
        # A "Label:" naming a phase ("Offline: NDCG@20…") says outright where the candidate went.
        labelled = next((sa.label_phase for sa in analysis.sentences if sa.label_phase is not None), None)
        said = labelled or analysis.content_phase or analysis.phase
        if said is None or said == s.phase:
            return None
        here, there = PHASES.index(s.phase), PHASES.index(said)
        if there < here:
            return None  # stepping back to refine an earlier phase is fine
        if self.strictness == "off":
            s.enter(said, at)
            return self._ask(said, self._ack(), at)
        if s.phase is Phase.CLARIFY and there > here + 1 and self._clarified():
            # Asked about the problem and said what matters: clarifying is done, so a leap is
            # measured from framing ("let's finish framing first"), never "finish clarifying".
            s.enter(Phase.FRAMING, at)
            here = PHASES.index(Phase.FRAMING)
        # One phase on is how answers flow ("how would it evolve?" answered with the models): not a
        # jump to scold — followed once the phase has some cover, or in `nudge` when it answers the
        # interviewer's question (past clarifying: a solution before the problem is still steered).
        answered_on = self.strictness != "strict" and s.phase is not Phase.CLARIFY and self._after_question(analysis)
        natural = self.progress(s.phase) >= NATURAL_MOVE_OK or answered_on  # leaving the problem unclarified is the classic miss
        if s.phase is Phase.CLARIFY and self._clarified():
            natural = True  # asked about the problem, got the facts and said what matters: framing is next
        if there == here + 1 and natural:
            s.enter(said, at)
            return self._ask(said, self._ack(), at)
        if self.strictness == "nudge" and s.phase is not Phase.CLARIFY and self._after_question(analysis) and not self._after_facts(analysis):
            # Past clarifying, a reply to the interviewer's own question that answers it keeps the
            # interview where it is; one that went on to the next phase or the one after instead is
            # followed there (asking this phase's questions again would ignore it).
            # (A solution before the problem is understood is still steered: the classic miss.)
            if self._answers_the_question(analysis):
                return None
            if there <= here + FOLLOWED_JUMP:
                s.enter(said, at)
                return self._ask(said, self._ack(), at)
            # A leap over several phases ("Kubernetes with a canary" right after framing) is the
            # classic miss: it gets the one nudge of this visit below.
        if self._answers_the_question(analysis):
            # An answer to the question asked is never a jump, whatever else it names ("revenue per
            # user" answering "what should it change for the business?" is not an online metric).
            return None
        # One steer per visit of a phase in `nudge` (a new visit has a new entry time), then follow.
        visit = f"{s.phase.value}@{s.phase_entered_at:g}"
        if self.strictness == "nudge" and any(k.split(">")[0] == visit for k in s.steered):
            s.enter(said, at)  # nudged once already in this visit: follow the candidate
            return self._ask(said, self._ack(), at)
        s.steered.append(f"{visit}>{said.value}")
        # Never the question just asked, word for word: the next open item of the phase instead;
        # with nothing left to ask here, the candidate is followed.
        item = self.next_item(s.phase)
        if item is None or item.id == s.current_item:
            s.enter(said, at)
            return self._ask(said, self._ack(), at)
        question = self.question_for(item)
        if item is not None:
            s.asked.append(item.id)
            s.current_item = item.id
            s.current_question = question
        # "Straight to a solution" only for a candidate who has asked nothing: one who asked about the
        # problem and got answers is steered like any other jump.
        solution_first = not s.given and self.progress(Phase.CLARIFY) < SOLUTION_FIRST_CLARIFY
        if s.phase is Phase.CLARIFY and there >= PHASES.index(Phase.TRAINING) and solution_first:
            text = lines.pick(self._rng(), self.voice.steer_solution_first, question=question)
        else:
            text = lines.pick(
                self._rng(),
                self.voice.steer_ahead,
                ahead=self.voice.phase_names[said],
                missing=self.voice.phase_names[s.phase],
                question=question,
            )
        return self._say(Move("steer", text, s.phase, item=item.id if item else None), at)

    def _challenge(self, analysis: TurnAnalysis, at: float) -> Move | None:
        """Push back on a mistake just said ("accuracy" on a rare class, a random split of
        time-ordered data) with the flag's probing question, instead of acknowledging it."""
        flag = self._mistake_to_challenge(analysis)
        if flag is None:
            return None
        s = self.state
        s.challenged.append(flag.id)
        text = flag.challenge_ru if s.language == "ru" and flag.challenge_ru else flag.challenge
        return self._say(Move("challenge", text or "", s.phase), at)

    def _mistake_to_challenge(self, analysis: TurnAnalysis, *, asked: bool = False) -> RedFlag | None:
        """The first mistake in the turn to push back on (`asked`: only one named in a question).

        The same conditions as the scorer's red flags (about the flag's phase, not negated, not
        excused in the same sentence, not cleared by what the candidate showed before); each
        flag is challenged once per session.
        """
        s = self.state
        flags = {flag.id: flag for flag in self.resolved.red_flags}
        for sa in analysis.sentences:
            if sa.injection or sa.echo is not None or sa.templated:
                continue
            if asked and not sa.quote.rstrip().endswith("?"):
                continue
            for flag_id, negated in sa.flags:
                flag = flags.get(flag_id)
                if flag is None or not flag.challenge or negated or flag_id in sa.unless or flag_id in s.challenged:
                    continue
                # About the flag's phase: its context, its placement, or what the unit is mostly about
                # ("compare them by accuracy — the main metric", said while talking about training).
                top = max(sa.votes, key=sa.votes.__getitem__) if sa.votes else None
                # ... or of a phase still ahead: a jump that carries a mistake ("v1 removes whatever the
                # model flags, no moderators", said while framing) is challenged where it is said.
                # (Not when the unit is plainly about the phase we are in: "the accuracy of the labels"
                # while on data is no offline metric.)
                ahead = PHASES.index(flag.phase) > PHASES.index(s.phase) and top is not s.phase
                about = flag.phase in (sa.context, sa.phase, top) or ahead
                # Cleared by what the candidate showed before, not by a caveat in the same breath
                # ("reports are noisy; I'd use reported posts as positives anyway").
                if not about:
                    continue
                if flag.cleared_by:
                    before = credited_items([a for a in self.analyses if a.index < analysis.index])
                    if any(i in before for i in flag.cleared_by):
                        continue
                return flag
        return None

    def _drilldown(self, analysis: TurnAnalysis, at: float, prefix: str = "") -> Move | None:
        """Follow up on a technique the candidate just committed to in this phase (its trade-off,
        failure mode or a number): at most one per phase visit, each once per session, never on a
        choice they negated or whose trade-off they already discussed."""
        s = self.state
        drills = self.compiled.drills
        visit = f"{s.phase.value}@{s.phase_entered_at:g}"
        if not drills or visit in s.drill_visits:
            return None
        chosen = self._chosen.get(analysis.index, [])
        if not chosen:
            return None
        discussed = self._discussed
        items = self.resolved.item_by_id
        for drill_id in chosen:
            drill = drills[drill_id]
            item = items.get(drill.item)
            if item is None or item.phase != s.phase or drill_id in s.drilled or drill_id in discussed:
                continue
            s.drilled.append(drill_id)
            s.drill_visits.append(visit)
            if drill.item not in s.asked:
                s.asked.append(drill.item)  # probed: its generic question is not asked after this
            question = drill.question_ru if s.language == "ru" and drill.question_ru else drill.question
            s.current_item, s.current_question = drill.item, question
            return self._say(Move("drilldown", f"{prefix} {question}".strip(), s.phase, item=drill.item), at)
        return None

    def _after_facts(self, analysis: TurnAnalysis) -> bool:
        """Whether the interviewer's last line was facts given (the candidate then picks the way)."""
        return self._last_kind == "answer"

    def _question_before(self, analysis: TurnAnalysis) -> Turn | None:
        """The interviewer's question this turn replies to; None after the opening or a statement."""
        last = next((t for t in reversed(self.turns[: analysis.index]) if t.speaker is Speaker.INTERVIEWER), None)
        return last if last is not None and last.index > 0 and last.text.rstrip().endswith("?") else None

    def _after_question(self, analysis: TurnAnalysis) -> bool:
        """Whether the turn replies to a question the interviewer asked (not to the opening)."""
        return self._question_before(analysis) is not None

    def _vague(self, analysis: TurnAnalysis) -> bool:
        """A short answer that names no concrete choice: "some kind of neural network", "какую-то модель"."""
        text = self.turns[analysis.index].text
        if len(tokenize(text)) > VAGUE_WORDS or not names_a_placeholder(text):
            return False
        return not any(sa.deep or sa.quantities for sa in analysis.sentences)

    def _takes_up_question(self, text: str) -> bool:
        """Whether a reply takes up the words of the question just asked ("Gain from behaviour, a
        comment more than a like; k about 10" to "where does the gain come from, and which cut-off
        k?"): an answer in words the lexicon lacks, never "off topic"."""
        question = next((t.text for t in reversed(self.turns[:-1]) if t.speaker is Speaker.INTERVIEWER), "")
        if not question.rstrip().endswith("?"):
            return False
        shared = content_stems(text) & content_stems(question)
        # Two of its words, one of them a real term or a number given: "watch" and "move" shared with
        # "which inputs would you watch… what could make them move?" by small talk are not an answer.
        specific = any(ch.isdigit() for ch in text) or any(len(stem) >= SPECIFIC_STEM for stem in shared)
        return len(shared) >= TAKES_UP_WORDS and specific

    def _answers_the_question(self, analysis: TurnAnalysis) -> bool:
        """Whether the turn answers the interviewer's (or the mentor's) last question: it earns the
        item that was asked, or says something of the question's own phase."""
        s = self.state
        if s.current_item is not None:
            credit = self.credits.get(s.current_item)
            if credit is not None and credit.turn == analysis.index:
                return True
            if any(m.item == s.current_item and not m.negated for sa in analysis.sentences for m in sa.mentions):
                return True  # named what was asked ("a simple baseline first" to "how would it evolve?"), whichever item took the credit
        # The question's phase is the context of the answer; a mentor's own question, which names
        # no item, belongs to the phase the interview is in.
        item = self.resolved.item_by_id.get(s.current_item) if s.current_item else None
        asked = item.phase if item is not None else (analysis.question or s.phase)  # what was asked, not its words
        votes = analysis.votes
        if any(sa.label_phase not in (None, asked) for sa in analysis.sentences):
            return False  # "Offline: …" after a training question: the candidate moved on, on purpose
        if votes.get(asked, 0.0) > 0.0 and votes[asked] >= ANSWER_VOTE_SHARE * max(votes.values()):
            return True  # mostly about the question's phase (a stray word of it does not make an answer)
        # A short reply right after a question that takes up its words or gives a number ("+3% GMV
        # in an A/B test" to "what result would you call a success?") answers it, even when its
        # terms belong to a later phase. A short reply that does neither (naming a model when asked
        # for the business goal) is still a jump.
        question = self._question_before(analysis)
        if question is None:
            return False  # the opening invites a start; jumping from it to a solution is the classic miss
        answer = self.turns[analysis.index].text
        if opens_with_yes_or_no(answer) and asks_yes_or_no(question.text):
            return True  # "Probably not — first a simple baseline…" to "would you build the final system right away?"
        words = tokenize(answer)
        asked_stems = {t.stem for t in tokenize(question.text) if t.text not in _FILLER}
        shared = {t.stem for t in words if t.text not in _FILLER and t.stem in asked_stems}
        if len(words) > DIRECT_ANSWER_WORDS:
            return len(shared) >= 2  # a long reply that takes up the question's words ("what would you try first?")
        quantity = any(ch.isdigit() for ch in answer) or _QUANTITY_RE.search(answer) is not None
        return quantity or len(shared) >= 2

    # ---- commands ------------------------------------------------------------------------

    def command(self, name: str, at: float) -> Move:
        s = self.state
        if name == "/help":
            return Move("help", self.voice.help, s.phase, recorded=False)
        if name == "/hint":
            return self._hint(at)
        if name == "/next":
            return self._transition(at, reason="candidate")
        if name == "/skip":
            if s.current_item:
                s.skipped.append(s.current_item)
            return self._ask(s.phase, self.voice.skipping, at, kind="skip")
        if name == "/phase":
            return Move("phase", self.phase_summary(at), s.phase, recorded=False)
        if name == "/time":
            return Move("time", self.time_summary(at), s.phase, recorded=False)
        report = self.score()
        if name == "/end":
            s.enter(s.phase, at)
            s.ended = True
            text = self.voice.final_score.format(total=report.total, level=report.level_label)
            return Move("end", text, s.phase, report=report, recorded=False)
        # What the interim figure covers: the phases discussed so far, and which are still open.
        untouched = [p for p in PHASES if p not in s.visited]
        still = (
            self.voice.still_open.format(phases=", ".join(self.voice.phase_names[p] for p in untouched))
            if untouched
            else self.voice.none_open
        )
        text = self.voice.interim_score.format(
            total=report.total, level=report.level_label, done=len(PHASES) - len(untouched), open=still
        )
        return Move("score", text, s.phase, report=report, recorded=False)

    def _hint(self, at: float, *, asked_in_words: bool = False) -> Move:
        """/hint, or "can you give me a hint?" (then part of the conversation, whatever it says)."""
        s = self.state
        open_items = [i for i in self.uncovered(s.phase) if i.id not in s.skipped]
        if not open_items:
            return self._say(Move("hint", self.voice.hint_done, s.phase, recorded=asked_in_words), at)
        # The question on the table first — even when something of it was said, the hint is about
        # what was just asked ("what kind of wrong labels do you mean?"), not the heaviest gap.
        asked = self.resolved.item_by_id.get(s.current_item) if s.current_item else None
        current = asked if asked is not None and asked.phase is s.phase and asked.id not in s.skipped else None
        item = current or sorted(open_items, key=lambda i: -i.weight)[0]
        russian = self.state.language == "ru"
        own = item.hint_ru if russian else item.hint  # never the English hint in a Russian mock
        if own and russian and len(own) > 1 and own[1].islower():
            own = own[0].lower() + own[1:]  # "Подсказка: подумайте…" — lower case after the colon in Russian
        text = self.voice.hint_direction.format(hint=own) if own else self.voice.hint.format(topic=_topic(item.title))
        return self._say(Move("hint", text, s.phase, item=item.id), at)

    def phase_summary(self, at: float) -> str:
        s = self.state
        rows = []
        for phase in PHASES:
            items = self.resolved.items_for(phase)
            covered = sum(1 for i in items if i.id in self.credits)
            mark = "▶" if phase == s.phase else ("✓" if covered else ("·" if phase in s.visited else " "))
            rows.append(f" {mark} {phase.value:<16} {covered}/{len(items)} covered")
        return f"Current phase: {s.phase.value}\n" + "\n".join(rows)

    def time_summary(self, at: float) -> str:
        s = self.state
        started = (self.turns[0].at or 0.0) if self.turns else 0.0
        elapsed = at - started
        return self.voice.time_summary.format(
            elapsed=fmt_duration(elapsed),
            total=fmt_duration(self.minutes * 60),
            phase=s.phase.value,
            spent=fmt_duration(s.spent(s.phase, at)),
            budget=fmt_duration(self.budget_seconds(s.phase)),
        )

    def phase_times(self, at: float) -> dict[Phase, tuple[float, float]]:
        """(spent, budget) seconds per phase."""
        return {p: (self.state.spent(p, at), self.budget_seconds(p)) for p in PHASES}

    def transcript(self) -> Transcript:
        return Transcript(turns=list(self.turns), scenario=self.scenario.id)

    def score(self) -> ScoreReport:
        return score_analysed(self.resolved, self.transcript(), self.analyses)


def _topic(title: str) -> str:
    """'Asks which business goal…' -> 'which business goal…': the topic, not the answer."""
    words = title.split()
    if len(words) > 2 and words[0].endswith("s") and words[0][0].isupper():
        words = words[1:]
        if words[0] in ("with", "for", "about"):
            words = words[1:]
    topic = " ".join(words)
    return topic[0].lower() + topic[1:] if topic else title
