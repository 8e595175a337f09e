"""A scenario's rubric compiled once into one phrase index and one echo index.

Every phrase the engine looks for — item keywords, depth signals, phase cues and
names, red-flag phrases, domain words — lives in one index so each unit of text
is scanned once. The echo index holds the text the candidate did not write (the
scenario's facts, opening and follow-ups; the rubric's titles and probes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trainer.content.library import ResolvedScenario
from trainer.content.models import Phase
from trainer.engine.echo import EchoIndex
from trainer.engine.matcher import PhraseIndex
from trainer.engine.text import normalize

HitKind = Literal["item", "item_depth", "cue", "name", "flag", "unless", "depth", "domain", "related"]


@dataclass(frozen=True, slots=True)
class Hit:
    kind: HitKind
    key: str
    phase: Phase | None
    weight: float = 0.0


class CompiledScenario:
    def __init__(self, resolved: ResolvedScenario):
        self.resolved = resolved
        self.index: PhraseIndex[Hit] = PhraseIndex()
        rubric = resolved.rubric
        for item in resolved.items:
            self.index.add_all(item.keywords.all(), Hit("item", item.id, item.phase, item.weight))
            self.index.add_all(item.depth.all(), Hit("item_depth", item.id, item.phase))
        for phase, info in rubric.phases.items():
            self.index.add_all(info.cues.all(), Hit("cue", phase.value, phase))
            self.index.add_all(info.names.all(), Hit("name", phase.value, phase))
        # A flag said in a unit takes back what that unit seemed to say well ("a random split"
        # is not a time split, whatever words it shares with one).
        self.contradicts: dict[str, frozenset[str]] = {f.id: frozenset(f.cleared_by) for f in resolved.red_flags}
        for flag in resolved.red_flags:
            self.index.add_all(flag.said.all(), Hit("flag", flag.id, flag.phase))
            self.index.add_all(flag.unless.all(), Hit("unless", flag.id, flag.phase))
        self.index.add_all(rubric.depth.all(), Hit("depth", "", None))
        scenario = resolved.scenario
        self.index.add_all(scenario.domain.all(), Hit("domain", resolved.id, None))
        self.index.add_all(scenario.related_domain.all(), Hit("related", resolved.id, None))
        self.has_domain = bool(scenario.domain)

        self.echo = EchoIndex()
        self.echo.add(scenario.opening, "interviewer")
        for fact in scenario.facts:
            self.echo.add(fact.answer, "fact")
        for phase_info in scenario.phases.values():
            for followup in phase_info.followups:
                self.echo.add(followup.question, "interviewer")
        for item in resolved.items:
            self.echo.add(item.title, "rubric")
            self.echo.add(item.probe, "interviewer")
        for info in rubric.phases.values():
            self.echo.add(info.goal, "rubric")

        # Drill-downs: the techniques a candidate commits to, and the words that show the
        # trade-off was already discussed. Their own index, so scoring never sees them.
        self.drills = {d.id: d for d in resolved.drilldowns}
        self.concepts: PhraseIndex[tuple[str, str]] = PhraseIndex()
        for drill in resolved.drilldowns:
            self.concepts.add_all(drill.concept.all(), ("concept", drill.id))
            self.concepts.add_all(drill.answered_by.all(), ("answered", drill.id))
            self.echo.add(drill.question, "interviewer")

        # The interviewer's own questions and the phase each asks about: an answer to one is led
        # there by the interviewer, whatever the question's words suggest ("Say the offline numbers
        # look good. Do you ship it?" asks about the A/B test, not offline metrics).
        asked: dict[str, Phase] = {}
        # ... and the item each asks about: an on-topic answer to it speaks to that item, however
        # it is worded (see coverage.answered_items).
        asked_item: dict[str, str] = {}
        for item in resolved.items:
            for text in (item.probe, item.probe_ru):
                if text:
                    asked[normalize(text.strip())] = item.phase
                    asked_item[normalize(text.strip())] = item.id
        item_phase = {item.id: item.phase for item in resolved.items}
        for phase, spec in scenario.phases.items():
            for followup in spec.followups:
                for text in (followup.question, followup.question_ru):
                    if text:
                        asked[normalize(text.strip())] = phase
                        if followup.item in item_phase:
                            asked_item[normalize(text.strip())] = followup.item
        for drill in resolved.drilldowns:
            for text in (drill.question, drill.question_ru):
                if text and drill.item in item_phase:
                    asked[normalize(text.strip())] = item_phase[drill.item]
        for flag in resolved.red_flags:
            for text in (flag.challenge, flag.challenge_ru):
                if text:
                    asked[normalize(text.strip())] = flag.phase
        self.asked = asked
        self.asked_item = asked_item

    def last_question(self, text: str) -> str | None:
        """The sheet's question an interviewer's turn ends with (the last one it contains), normalised."""
        said = normalize(text)
        best: tuple[int, str] | None = None
        for question in self.asked:
            at = said.rfind(question)
            if at >= 0 and (best is None or at + len(question) > best[0]):
                best = (at + len(question), question)
        return best[1] if best else None

    def question_phase(self, text: str) -> Phase | None:
        """The phase of the sheet's question an interviewer's turn ends with, or None when it asks
        none of them."""
        question = self.last_question(text)
        return self.asked[question] if question is not None else None

    def question_item(self, text: str) -> str | None:
        """The rubric item the sheet's question an interviewer's turn ends with asks about."""
        question = self.last_question(text)
        return self.asked_item.get(question) if question is not None else None


_CACHE: dict[int, tuple[ResolvedScenario, CompiledScenario]] = {}


def compile_scenario(resolved: ResolvedScenario) -> CompiledScenario:
    """Compile (once per scenario object) the indexes the engine scans with."""
    cached = _CACHE.get(id(resolved))
    if cached is not None and cached[0] is resolved:
        return cached[1]
    compiled = CompiledScenario(resolved)
    _CACHE[id(resolved)] = (resolved, compiled)
    return compiled
