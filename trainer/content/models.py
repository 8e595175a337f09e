"""Pydantic models of everything loaded from YAML: phases, rubrics, scenarios.

All models forbid unknown fields so a typo in a user's YAML (`keyword:` for
`keywords:`) is reported instead of silently ignored.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from trainer.content.phases import PHASES, Phase  # noqa: F401  (re-exported for callers)

ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"


LEVEL_IDS = ("no_hire", "lean_no_hire", "lean_hire", "strong_hire")


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Lexicon(StrictModel):
    """Words and phrases in both languages candidates answer in."""

    en: list[str] = Field(default_factory=list)
    ru: list[str] = Field(default_factory=list)

    @field_validator("en", "ru")
    @classmethod
    def _no_blank(cls, value: list[str]) -> list[str]:
        for phrase in value:
            if not phrase.strip():
                raise ValueError("phrases must not be blank")
        return value

    def all(self) -> list[str]:
        return [*self.en, *self.ru]

    def __bool__(self) -> bool:
        return bool(self.en or self.ru)


class RubricItem(StrictModel):
    """One thing a strong candidate says, how to recognise it, and how to probe for it."""

    id: str = Field(pattern=ID_PATTERN)
    phase: Phase
    weight: float = Field(gt=0, le=10)
    title: str = Field(min_length=3)
    strong_answer: str = Field(min_length=10)
    keywords: Lexicon
    depth: Lexicon = Field(default_factory=Lexicon)
    probe: str = Field(min_length=5, description="The question that would draw this item out.")
    probe_ru: str | None = Field(default=None, min_length=5, description="The probe in Russian, for a candidate answering in Russian.")
    hint: str | None = Field(
        default=None, min_length=10,
        description="What /hint says: a direction to think in, never the answer and never the question again.",
    )
    hint_ru: str | None = Field(default=None, min_length=10, description="The hint in Russian.")

    @field_validator("keywords")
    @classmethod
    def _both_languages(cls, value: Lexicon) -> Lexicon:
        if not value.en or not value.ru:
            raise ValueError("keywords need both `en` and `ru` phrases")
        return value


class RedFlag(StrictModel):
    """A mistake interviewers mark down: something said, or something missing."""

    id: str = Field(pattern=ID_PATTERN)
    phase: Phase
    penalty: float = Field(gt=0, le=30, description="Points off the phase score (0-100).")
    message: str = Field(min_length=5)
    message_ru: str | None = Field(default=None, min_length=5, description="The message in Russian, for a report read in Russian.")
    challenge: str | None = Field(
        default=None, min_length=5,
        description="What the interviewer asks when the candidate says it: a probe of the mistake, not the answer.",
    )
    challenge_ru: str | None = Field(default=None, min_length=5, description="The challenge in Russian.")
    said: Lexicon = Field(default_factory=Lexicon)
    unless: Lexicon = Field(
        default_factory=Lexicon,
        description="Phrases that, in the same sentence, show the candidate knows the pitfall.",
    )
    negated_items: list[str] = Field(default_factory=list)
    missing_items: list[str] = Field(default_factory=list)
    when_reached: Phase | None = None
    cleared_by: list[str] = Field(
        default_factory=list,
        description="Items that, credited anywhere, show the candidate knows better: the flag does not fire.",
    )

    @model_validator(mode="after")
    def _has_trigger(self) -> RedFlag:
        if not (self.said or self.negated_items or self.missing_items):
            raise ValueError("a red flag needs `said`, `negated_items` or `missing_items`")
        if self.missing_items and self.when_reached is None:
            raise ValueError("`missing_items` needs `when_reached`: the phase after which absence counts")
        return self


class DrillDown(StrictModel):
    """A follow-up on a technique the candidate chose (a time-based split, a two-tower model, a
    canary): its trade-off, failure mode or a number — asked of *their* design, never leaking the
    answer. `item` is the rubric item it deepens (its phase is the drill-down's)."""

    id: str = Field(pattern=ID_PATTERN)
    item: str
    concept: Lexicon = Field(description="What a candidate says when committing to the technique.")
    question: str = Field(min_length=10)
    question_ru: str | None = Field(default=None, min_length=10, description="The question in Russian.")
    answered_by: Lexicon = Field(
        default_factory=Lexicon,
        description="Phrases that show the candidate already discussed the trade-off: then it is not asked.",
    )

    @field_validator("concept")
    @classmethod
    def _both_languages(cls, value: Lexicon) -> Lexicon:
        if not value.en or not value.ru:
            raise ValueError("concept needs both `en` and `ru` phrases")
        return value


class SharedKeywords(StrictModel):
    """Keywords that items of different phases share on purpose, and why.

    A keyword votes for its item's phase, so one shared across phases (latency: asked about in
    clarify, designed for in inference) makes the turn's phase decide which item it credits.
    `validate` refuses a cross-phase share of the same phrase (case and spacing aside) that is not
    recorded here; inflected variants ("label" and "labels") are not compared yet.
    """

    phrases: list[str] = Field(min_length=1)
    items: list[str] = Field(min_length=2)
    reason: str = Field(min_length=10)


class Level(StrictModel):
    id: Literal["no_hire", "lean_no_hire", "lean_hire", "strong_hire"]
    label: str
    min_score: int = Field(ge=0, le=100)
    description: str = Field(min_length=10)


class PhaseInfo(StrictModel):
    title: str
    title_ru: str
    weight: float = Field(gt=0, le=5)
    goal: str = Field(min_length=10)
    cues: Lexicon = Field(
        default_factory=Lexicon,
        description="Vocabulary that places talk in this phase without earning credit.",
    )
    names: Lexicon = Field(
        default_factory=Lexicon,
        description="What a heading or a 'Label:' calls this phase (Offline, Deploy, Данные); "
        "the lines under it are read as answers about this phase.",
    )


class Rubric(StrictModel):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    version: int = Field(ge=1)
    phases: dict[Phase, PhaseInfo]
    levels: list[Level]
    depth: Lexicon = Field(description="Generic signals of depth: reasons, trade-offs, alternatives.")
    items: list[RubricItem]
    red_flags: list[RedFlag] = Field(default_factory=list)
    drilldowns: list[DrillDown] = Field(default_factory=list)
    shared_keywords: list[SharedKeywords] = Field(default_factory=list)

    @field_validator("phases")
    @classmethod
    def _all_phases(cls, value: dict[Phase, PhaseInfo]) -> dict[Phase, PhaseInfo]:
        missing = [p.value for p in PHASES if p not in value]
        if missing:
            raise ValueError(f"missing phases: {', '.join(missing)}")
        return value

    @field_validator("levels")
    @classmethod
    def _four_levels(cls, value: list[Level]) -> list[Level]:
        ids = [lv.id for lv in value]
        if tuple(ids) != LEVEL_IDS:
            raise ValueError(f"levels must be exactly {', '.join(LEVEL_IDS)} in that order")
        scores = [lv.min_score for lv in value]
        if scores[0] != 0 or scores != sorted(set(scores)):
            raise ValueError("level min_score must start at 0 and strictly increase")
        return value

    @model_validator(mode="after")
    def _unique_ids(self) -> Rubric:
        _check_unique([i.id for i in self.items], "item")
        _check_unique([f.id for f in self.red_flags], "red flag")
        _check_unique([d.id for d in self.drilldowns], "drill-down")
        return self


class Fact(StrictModel):
    """A fact the interviewer gives when a clarifying question matches `ask`."""

    id: str = Field(pattern=ID_PATTERN)
    topic: str
    ask: Lexicon
    answer: str = Field(min_length=5)
    answer_ru: str | None = Field(default=None, min_length=5, description="The answer in Russian.")


class FollowUp(StrictModel):
    item: str
    question: str = Field(min_length=5)
    question_ru: str | None = Field(default=None, min_length=5, description="The question in Russian.")


class ScenarioPhase(StrictModel):
    minutes: float = Field(gt=0, le=30)
    followups: list[FollowUp] = Field(default_factory=list)


class Scenario(StrictModel):
    id: str = Field(pattern=ID_PATTERN)
    title: str
    summary: str = Field(min_length=10)
    rubric: str = "base"
    opening: str = Field(min_length=20)
    domain: Lexicon = Field(
        default_factory=Lexicon,
        description="Words that show an answer is about this problem (query, feed, inbox...); "
        "a well-built answer to a different problem should not score as if it answered this one.",
    )
    related_domain: Lexicon = Field(
        default_factory=Lexicon,
        description="Words of neighbouring problems whose answers largely carry over (harmful-content "
        "moderation for spam): such an answer is judged close, not off-topic.",
    )
    related: list[str] = Field(
        default_factory=list,
        description="Ids of close scenarios (moderation for spam, feed for recommendations): their domain "
        "words count as this scenario's related_domain, so an answer about the neighbour is judged close.",
    )
    facts: list[Fact] = Field(min_length=1)
    items: list[RubricItem] = Field(default_factory=list)
    skip_items: list[str] = Field(
        default_factory=list,
        description="Rubric items that do not apply to this problem (class imbalance for a regression): "
        "never asked, not scored, not ticked.",
    )
    red_flags: list[RedFlag] = Field(default_factory=list)
    drilldowns: list[DrillDown] = Field(
        default_factory=list, description="The scenario's own drill-downs; one with a rubric drill-down's id replaces it."
    )
    shared_keywords: list[SharedKeywords] = Field(
        default_factory=list, description="Cross-phase keyword shares involving the scenario's items, with the reason."
    )
    phases: dict[Phase, ScenarioPhase]

    @field_validator("phases")
    @classmethod
    def _all_phases(cls, value: dict[Phase, ScenarioPhase]) -> dict[Phase, ScenarioPhase]:
        missing = [p.value for p in PHASES if p not in value]
        if missing:
            raise ValueError(f"missing phases: {', '.join(missing)}")
        return value

    @model_validator(mode="after")
    def _unique_ids(self) -> Scenario:
        _check_unique([i.id for i in self.items], "item")
        _check_unique([f.id for f in self.facts], "fact")
        _check_unique([f.id for f in self.red_flags], "red flag")
        _check_unique([d.id for d in self.drilldowns], "drill-down")
        return self

    @property
    def minutes(self) -> float:
        return sum(p.minutes for p in self.phases.values())


def _check_unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise ValueError(f"duplicate {what} id {item_id!r}")
        seen.add(item_id)
