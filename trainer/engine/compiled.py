"""A scenario's rubric compiled once into one phrase index.

Every phrase the engine looks for — item keywords, depth signals, phase cues,
red-flag phrases — lives in one index so each sentence is scanned once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trainer.content.library import ResolvedScenario
from trainer.content.models import Phase
from trainer.engine.matcher import PhraseIndex

HitKind = Literal["item", "item_depth", "cue", "flag", "unless", "depth", "domain"]


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
        for flag in resolved.red_flags:
            self.index.add_all(flag.said.all(), Hit("flag", flag.id, flag.phase))
            self.index.add_all(flag.unless.all(), Hit("unless", flag.id, flag.phase))
        self.index.add_all(rubric.depth.all(), Hit("depth", "", None))
        self.index.add_all(resolved.scenario.domain.all(), Hit("domain", resolved.id, None))
        self.has_domain = bool(resolved.scenario.domain)


_CACHE: dict[int, tuple[ResolvedScenario, CompiledScenario]] = {}


def compile_scenario(resolved: ResolvedScenario) -> CompiledScenario:
    """Compile (once per scenario object) the phrase index the engine scans with."""
    cached = _CACHE.get(id(resolved))
    if cached is not None and cached[0] is resolved:
        return cached[1]
    compiled = CompiledScenario(resolved)
    _CACHE[id(resolved)] = (resolved, compiled)
    return compiled
