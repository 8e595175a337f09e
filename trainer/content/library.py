"""The content library: bundled and user scenarios and rubrics, validated and cross-checked.

User content is loaded next to the bundled content; a broken user file is
reported in `problems` and skipped, never fatal to the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from trainer import paths
from trainer.content.models import DrillDown, Lexicon, Phase, RedFlag, Rubric, RubricItem, Scenario, SharedKeywords
from trainer.content.yaml_source import YamlDocument, read_yaml, validation_problems
from trainer.engine.text import phrase_stems
from trainer.errors import ContentError, Problem, UnknownScenarioError

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class ResolvedScenario:
    """A scenario joined with its rubric: everything the engine needs in one place."""

    scenario: Scenario
    rubric: Rubric

    @property
    def id(self) -> str:
        return self.scenario.id

    @cached_property
    def items(self) -> list[RubricItem]:
        skipped = set(self.scenario.skip_items)
        return [*(i for i in self.rubric.items if i.id not in skipped), *self.scenario.items]

    @cached_property
    def item_by_id(self) -> dict[str, RubricItem]:
        return {item.id: item for item in self.items}

    @cached_property
    def red_flags(self) -> list[RedFlag]:
        """The rubric's flags and the scenario's; a flag about a skipped item only (its absence, or
        its negation) does not apply, and a skipped item no longer clears a flag."""
        skipped = set(self.scenario.skip_items)
        flags: list[RedFlag] = []
        for flag in self.rubric.red_flags:
            if skipped:
                missing = [i for i in flag.missing_items if i not in skipped]
                negated = [i for i in flag.negated_items if i not in skipped]
                if not flag.said and not missing and not negated:
                    continue
                flag = flag.model_copy(update={
                    "missing_items": missing, "negated_items": negated,
                    "cleared_by": [i for i in flag.cleared_by if i not in skipped],
                })
            flags.append(flag)
        return [*flags, *self.scenario.red_flags]

    @cached_property
    def drilldowns(self) -> list[DrillDown]:
        """The rubric's drill-downs and the scenario's own (which replace a rubric one of the same id)."""
        own = {d.id for d in self.scenario.drilldowns}
        skipped = set(self.scenario.skip_items)
        return [*(d for d in self.rubric.drilldowns if d.id not in own and d.item not in skipped), *self.scenario.drilldowns]

    def items_for(self, phase: Phase) -> list[RubricItem]:
        return [item for item in self.items if item.phase == phase]

    def question_for(self, item: RubricItem, language: str = "en") -> str:
        """The scenario's own follow-up for an item when it has one, else the rubric's generic probe
        (what the interviewer asks and what a report says to practise: one lookup for both), in
        Russian when asked for and written."""
        russian = language == "ru"
        for followup in self.scenario.phases[item.phase].followups:
            if followup.item == item.id:
                return (followup.question_ru if russian and followup.question_ru else followup.question)
        return item.probe_ru if russian and item.probe_ru else item.probe


@dataclass
class Library:
    rubrics: dict[str, Rubric] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth knowing, not wrong: a user file replacing a bundled one

    def scenario_ids(self) -> list[str]:
        return sorted(self.scenarios)

    def resolve(self, scenario_id: str) -> ResolvedScenario:
        """The scenario with its rubric; a scenario whose file failed validation says why, as `validate` would."""
        scenario = self.scenarios.get(scenario_id)
        if scenario is None:
            broken = self.problems_of(scenario_id)
            if broken:
                raise ContentError(broken[:1])
            raise UnknownScenarioError(scenario_id, self.scenario_ids())
        neighbours = [self.scenarios[r] for r in scenario.related if r in self.scenarios and r != scenario_id]
        if neighbours:  # the family's domain words join the related ones (judged close, not off-topic)
            own = {*scenario.domain.en, *scenario.domain.ru}
            related = Lexicon(
                en=_unique([*scenario.related_domain.en, *(w for n in neighbours for w in n.domain.en if w not in own)]),
                ru=_unique([*scenario.related_domain.ru, *(w for n in neighbours for w in n.domain.ru if w not in own)]),
            )
            scenario = scenario.model_copy(update={"related_domain": related})
        return ResolvedScenario(scenario=scenario, rubric=self.rubrics[scenario.rubric])

    def problems_of(self, scenario_id: str) -> list[Problem]:
        """Problems of the files that declare `scenario_id` (a broken file never joins `scenarios`)."""
        from trainer.content.index import declared_id

        return [p for p in self.problems if declared_id(Path(p.file)) == scenario_id]


def _unique(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))


def _kind_of(doc: YamlDocument) -> str | None:
    """Tell a rubric from a scenario by its folder, else by its fields."""
    parent = doc.path.parent.name
    if parent in ("rubrics", "scenarios"):
        return parent
    if isinstance(doc.data, dict):
        if "levels" in doc.data:
            return "rubrics"
        if "opening" in doc.data:
            return "scenarios"
    return None


def parse_file(path: Path) -> tuple[str, Rubric | Scenario, YamlDocument]:
    """Load and validate one content file; raise `ContentError` with located problems."""
    doc = read_yaml(path)
    kind = _kind_of(doc)
    if kind is None:
        raise ContentError([Problem(path, 1, "", "neither a rubric (has `levels`) nor a scenario (has `opening`)")])
    if not isinstance(doc.data, dict):
        raise ContentError([Problem(path, 1, "", "expected a mapping of fields at the top level")])
    model = Rubric if kind == "rubrics" else Scenario
    try:
        return kind, model.model_validate(doc.data), doc
    except ValidationError as err:
        raise ContentError(validation_problems(doc, err)) from None


def _files_in(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


def load_library(extra_files: list[Path] | None = None, *, include_user: bool = True) -> Library:
    """Load bundled content, then user content, then `extra_files`; collect every problem."""
    lib = Library()
    files: list[tuple[Path, bool]] = []
    for kind in ("rubrics", "scenarios"):
        files += [(p, True) for p in _files_in(paths.bundled_dir(kind))]
    if include_user:
        for kind in ("rubrics", "scenarios"):
            files += [(p, False) for p in _files_in(paths.user_content_dir(kind))]
    files += [(p, False) for p in extra_files or []]

    docs: dict[str, YamlDocument] = {}
    bundled_paths = {path for path, bundled in files if bundled}
    for path, bundled in files:
        try:
            kind, model, doc = parse_file(path)
        except ContentError as err:
            lib.problems.extend(err.problems)
            continue
        table = lib.rubrics if kind == "rubrics" else lib.scenarios
        key = f"{kind}:{model.id}"
        if key in lib.sources:
            first = lib.sources[key]
            if bundled or first not in bundled_paths:
                # Two files claim one id and neither is the bundled default: which should win is a guess.
                lib.problems.append(Problem(path, doc.line_for(("id",)), "id", f"duplicate id {model.id!r} (also in {first})"))
                continue
            # A user file with a bundled id deliberately overrides the bundled one: say so.
            lib.notes.append(f"{path} replaces the bundled {kind[:-1]} {model.id!r}")
        table[model.id] = model  # type: ignore[assignment]
        lib.sources[key] = path
        docs[key] = doc

    for scenario_id in list(lib.scenarios):
        problems = _cross_check(lib.scenarios[scenario_id], lib, docs[f"scenarios:{scenario_id}"])
        if problems:
            lib.problems.extend(problems)
            del lib.scenarios[scenario_id]
    for rubric_id, rubric in lib.rubrics.items():
        item_ids = {i.id for i in rubric.items}
        lib.problems.extend(_check_refs(rubric.red_flags, item_ids, docs[f"rubrics:{rubric_id}"], "red_flags"))
        lib.problems.extend(_check_drilldowns(rubric.drilldowns, item_ids, docs[f"rubrics:{rubric_id}"]))
        lib.problems.extend(shared_keyword_problems(rubric.items, rubric.items, rubric.shared_keywords, [], docs[f"rubrics:{rubric_id}"]))
    for key, doc in docs.items():
        name = key.split(":", 1)[1]
        loaded: Rubric | Scenario | None = lib.scenarios.get(name) if key.startswith("scenarios:") else lib.rubrics.get(name)
        if loaded is None:
            continue
        untranslated = untranslated_texts(loaded)
        if untranslated:
            where, count = untranslated[0], len(untranslated)
            line = doc.line_for(tuple(int(p) if p.isdigit() else p for p in where.split(".")))
            lib.notes.append(
                f"{doc.path}:{line or '?'}: {count} text(s) a candidate reads have no Russian version (first: {where}); "
                "a candidate answering in Russian reads them in English"
            )
    return lib


def untranslated_texts(model: Rubric | Scenario) -> list[str]:
    """Field paths of candidate-facing texts without their Russian version (`…_ru`)."""
    missing: list[str] = []
    for index, item in enumerate(model.items):
        if not item.probe_ru:
            missing.append(f"items.{index}.probe")
    for index, flag in enumerate(model.red_flags):
        if flag.challenge and not flag.challenge_ru:
            missing.append(f"red_flags.{index}.challenge")
    for index, drill in enumerate(model.drilldowns):
        if not drill.question_ru:
            missing.append(f"drilldowns.{index}.question")
    if isinstance(model, Scenario):
        for index, fact in enumerate(model.facts):
            if not fact.answer_ru:
                missing.append(f"facts.{index}.answer")
        for phase, spec in model.phases.items():
            for index, followup in enumerate(spec.followups):
                if not followup.question_ru:
                    missing.append(f"phases.{phase.value}.followups.{index}.question")
    return missing


def _cross_check(scenario: Scenario, lib: Library, doc: YamlDocument) -> list[Problem]:
    """References between files: the rubric exists, every item a follow-up names exists."""
    rubric = lib.rubrics.get(scenario.rubric)
    if rubric is None:
        known = ", ".join(sorted(lib.rubrics)) or "(none)"
        return [Problem(doc.path, doc.line_for(("rubric",)), "rubric", f"unknown rubric {scenario.rubric!r}; known: {known}")]
    problems: list[Problem] = []
    base_ids = {item.id for item in rubric.items}
    for index, item in enumerate(scenario.items):
        if item.id in base_ids:
            item_loc: tuple[str | int, ...] = ("items", index, "id")
            problems.append(
                Problem(doc.path, doc.line_for(item_loc), f"items.{index}.id", f"item id {item.id!r} already defined by rubric {rubric.id!r}")
            )
    for index, skipped in enumerate(scenario.skip_items):
        if skipped not in base_ids:
            message = f"unknown rubric item {skipped!r} in rubric {rubric.id!r}"
            problems.append(Problem(doc.path, doc.line_for(("skip_items", index)), f"skip_items.{index}", message))
    items = {item.id: item for item in [*rubric.items, *scenario.items] if item.id not in scenario.skip_items}
    for phase, spec in scenario.phases.items():
        for index, followup in enumerate(spec.followups):
            loc: tuple[str | int, ...] = ("phases", phase.value, "followups", index, "item")
            field_path = ".".join(str(p) for p in loc)
            target = items.get(followup.item)
            if target is None:
                problems.append(Problem(doc.path, doc.line_for(loc), field_path, f"unknown rubric item {followup.item!r}"))
            elif target.phase != phase:
                message = f"item {followup.item!r} belongs to phase {target.phase.value}, not {phase.value}"
                problems.append(Problem(doc.path, doc.line_for(loc), field_path, message))
    problems += _check_refs(scenario.red_flags, set(items), doc, "red_flags")
    problems += shared_keyword_problems(
        list(items.values()), scenario.items, scenario.shared_keywords, rubric.shared_keywords, doc
    )
    problems += _check_drilldowns(scenario.drilldowns, set(items), doc)
    for index, other in enumerate(scenario.related):
        if other not in lib.scenarios or other == scenario.id:
            what = "itself" if other == scenario.id else f"unknown scenario {other!r}"
            problems.append(Problem(doc.path, doc.line_for(("related", index)), f"related.{index}", f"related names {what}"))
    return problems


def _check_drilldowns(drilldowns: list[DrillDown], item_ids: set[str], doc: YamlDocument) -> list[Problem]:
    problems = []
    for index, drill in enumerate(drilldowns):
        if drill.item not in item_ids:
            loc = ("drilldowns", index, "item")
            problems.append(Problem(doc.path, doc.line_for(loc), ".".join(map(str, loc)), f"unknown rubric item {drill.item!r}"))
    return problems


def _check_refs(flags: list[RedFlag], item_ids: set[str], doc: YamlDocument, where: str) -> list[Problem]:
    problems = []
    for index, flag in enumerate(flags):
        for key in ("negated_items", "missing_items", "cleared_by"):
            for j, item_id in enumerate(getattr(flag, key)):
                if item_id not in item_ids:
                    loc = (where, index, key, j)
                    problems.append(Problem(doc.path, doc.line_for(loc), ".".join(map(str, loc)), f"unknown rubric item {item_id!r}"))
    return problems


def _phrase_key(phrase: str) -> str:
    """What a keyword matches as: its stems ("class imbalance" and "class imbalances" are one keyword
    to the matcher, so one share to explain)."""
    return " ".join(phrase_stems(phrase)) or " ".join(phrase.lower().split())


def shared_keyword_problems(
    items: list[RubricItem],
    own_items: list[RubricItem],
    recorded: list[SharedKeywords],
    inherited: list[SharedKeywords],
    doc: YamlDocument,
) -> list[Problem]:
    """Keywords shared by items of different phases that no `shared_keywords` entry explains,
    and entries that no longer match two of their items' keywords.

    `items` are all the items in play (a scenario's: its rubric's, less skipped ones, and its
    own); only shares touching `own_items` (the file's items) are reported here, so a rubric's
    shares are reported once, in the rubric. `inherited` are the rubric's entries, which count
    for a scenario too.
    """
    by_id = {item.id: item for item in items}
    own = {item.id: index for index, item in enumerate(own_items)}
    holders: dict[str, list[str]] = {}
    typed: dict[str, str] = {}  # a phrase as written, for the message
    for item in items:
        for phrase in item.keywords.all():
            key = _phrase_key(phrase)
            typed.setdefault(key, phrase)
            ids = holders.setdefault(key, [])
            if item.id not in ids:
                ids.append(item.id)
    explained: set[tuple[str, frozenset[str]]] = set()
    for entry in [*recorded, *inherited]:
        for phrase in entry.phrases:
            for a in entry.items:
                for b in entry.items:
                    explained.add((_phrase_key(phrase), frozenset((a, b))))
    problems: list[Problem] = []
    for key, ids in holders.items():
        phrase = typed[key]
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                first, second = by_id[a], by_id[b]
                if first.phase == second.phase or (key, frozenset((a, b))) in explained:
                    continue
                if a not in own and b not in own:
                    continue
                mine, other = (first, second) if a in own else (second, first)
                loc: tuple[str | int, ...] = ("items", own[mine.id], "keywords")
                problems.append(
                    Problem(
                        doc.path, doc.line_for(loc), f"items.{own[mine.id]}.keywords",
                        f"keyword {phrase!r} of {mine.id} ({mine.phase.value}) is also a keyword of {other.id} "
                        f"({other.phase.value}): keep it in one item, or record why under shared_keywords",
                    )
                )
    for index, entry in enumerate(recorded):
        for j, item_id in enumerate(entry.items):
            if item_id not in by_id:
                loc = ("shared_keywords", index, "items", j)
                problems.append(Problem(doc.path, doc.line_for(loc), ".".join(map(str, loc)), f"unknown rubric item {item_id!r}"))
        for j, phrase in enumerate(entry.phrases):
            having = [i for i in entry.items if i in by_id and phrase_in(by_id[i], phrase)]
            if len(having) < 2:
                loc = ("shared_keywords", index, "phrases", j)
                message = f"{phrase!r} is a keyword of fewer than two of these items: nothing to explain"
                problems.append(Problem(doc.path, doc.line_for(loc), ".".join(map(str, loc)), message))
    return problems


def phrase_in(item: RubricItem, phrase: str) -> bool:
    key = _phrase_key(phrase)
    return any(_phrase_key(p) == key for p in item.keywords.all())
