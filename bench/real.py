"""Real-text benchmark: the scorer against blind expert grades on third-party answers.

The corpus (`bench/real/manifest.yaml`) is public text nobody on the team wrote,
rebuilt from fetched copies; the reference is the median of three independent
graders (`bench/real/grades.yaml`). For the tuned half and the untouched half
separately it prints, for our scorer and for a naive checklist scorer
(`bench/checklist.py`) run on the same transcripts:

  rank correlation (Spearman) and mean absolute error of totals, share of
  transcripts in the same band (<30, 30-54, 55-74, 75+), per-phase agreement
  within ±1, and the ordering checks of `bench/quality.py` on degraded variants
  of the real transcripts.

Run: python bench/real.py [--show tune] [--fit]
  --show tune   per-transcript figures of the tuned half (never the other half)
  --fit         fit the calibration on the tuned half and print the constants
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE / "real"))

import build  # noqa: E402
from checklist import PHASES, checklist  # noqa: E402
from common import Labelled  # noqa: E402
from quality import variants  # noqa: E402

from trainer.content.library import load_library  # noqa: E402
from trainer.engine.scorer import score_transcript  # noqa: E402
from trainer.transcripts import Speaker, Transcript, Turn  # noqa: E402

GRADES = HERE / "real" / "grades.yaml"
BANDS = (30, 55, 75)
FLOOR = 20


@dataclass
class Case:
    id: str
    split: str
    scenario: str
    language: str
    turns: list[Turn]
    gold: dict[int, str]
    ref_total: int
    ref_phases: dict[str, int]

    @property
    def transcript(self) -> Transcript:
        return Transcript(turns=self.turns, source=self.id)

    def labelled(self) -> Labelled:
        return Labelled(self.id, self.split, self.scenario, self.language, self.turns, self.gold)


def _case(built: build.Built, split: str, grades: dict) -> Case:
    turns, gold = [], {}
    for i, piece in enumerate(built.turns):
        speaker = Speaker(piece.speaker)
        turns.append(Turn(index=i, speaker=speaker, text=piece.text))
        if speaker is Speaker.CANDIDATE and piece.phase:
            gold[i] = piece.phase
    ref = grades[built.id]
    return Case(built.id, split, built.scenario, built.language, turns, gold, int(ref["total"]), dict(ref["phases"]))


def load_cases() -> tuple[list[Case], list[str]]:
    """Every transcript and its terse variant with its reference grades; and what could not be built."""
    grades = yaml.safe_load(GRADES.read_text(encoding="utf-8"))["grades"]
    built, problems = build.build_all(write=False)
    cases = []
    for one in built:
        for variant in (one, one.terse()):
            cases.append(_case(variant, one.split, grades))
    return cases, problems


# ---- statistics ---------------------------------------------------------------------------


def _ranks(xs: list[float]) -> list[float]:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(xs):
        j = i
        while j + 1 < len(xs) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2
        i = j + 1
    return ranks


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = _ranks(a), _ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    num = sum((x - ma) * (y - mb) for x, y in zip(ra, rb, strict=True))
    den = (sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb)) ** 0.5
    return num / den if den else 0.0


def band(total: float) -> int:
    return sum(total >= cut for cut in BANDS)


def linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0
    return slope, my - slope * mx


# ---- the two scorers ----------------------------------------------------------------------


@dataclass
class Scored:
    total: float
    phases: dict[str, int]


def ours(lib, case: Case, turns: list[Turn] | None = None) -> Scored:
    transcript = case.transcript if turns is None else Labelled(case.id, "", "", "", turns, {}).transcript()
    report = score_transcript(lib.resolve(case.scenario), transcript)
    return Scored(report.total, {p.id: p.grade for p in report.phases})


class Checklist:
    """The naive scorer with a linear map to totals and a scale to grades, fitted on the tuned half."""

    def __init__(self, tuned: list[Case]):
        shares = [checklist(c.transcript)[0] for c in tuned]
        self.slope, self.intercept = linear_fit(shares, [c.ref_total for c in tuned])
        best = (-1.0, 4.0)
        for step in range(4, 41):
            scale = step / 4
            agree = sum(
                abs(min(4, round(scale * share)) - c.ref_phases[p]) <= 1
                for c in tuned
                for p, share in checklist(c.transcript)[1].items()
            )
            best = max(best, (agree, scale))
        self.scale = best[1]

    def __call__(self, case: Case, turns: list[Turn] | None = None) -> Scored:
        transcript = case.transcript if turns is None else Labelled(case.id, "", "", "", turns, {}).transcript()
        share, per_phase = checklist(transcript)
        total = max(0.0, min(100.0, self.slope * share + self.intercept))
        return Scored(round(total), {p: min(4, round(self.scale * s)) for p, s in per_phase.items()})


# ---- orderings on degraded variants -------------------------------------------------------

DEGRADED = (
    "drop_data+online_metrics", "drop_clarify+monitoring", "drop_training+deploy", "shuffled",
    "one_sentence", "keyword_list", "repeated_keywords", "negated",
)


def _led(lib, case: Case) -> bool:
    """Whether the interviewer sets the order: most of its questions after the opening name a phase.

    Shuffling such an interview reorders the interviewer's questions with their
    answers, which is not the candidate's fault; the check then does not apply.
    """
    from trainer.engine.classifier import analyse
    from trainer.engine.compiled import compile_scenario

    turns = analyse(compile_scenario(lib.resolve(case.scenario)), case.transcript)
    asked = [t for t in turns[1:] if t.speaker is Speaker.INTERVIEWER]
    return sum(t.phase is not None for t in asked) * 2 >= len(asked) > 0


def orderings(score, lib, case: Case) -> list[tuple[str, bool]]:
    """The checks of bench/quality.py that apply to this transcript (a variant equal to it is skipped)."""
    resolved = lib.resolve(case.scenario)
    lab = case.labelled()
    made = variants(lab, resolved, random.Random(7))
    base = score(case).total
    out = []
    original = [t.text for t in case.turns]
    for name in DEGRADED:
        turns = made[name]
        if [t.text for t in turns] == original:
            continue
        if name.startswith("drop_") and not any(case.ref_phases[p] for p in name[5:].split("+")):
            continue  # dropping phases the answer never had removes nothing an expert credits
        if name == "shuffled" and (len(turns) < 6 or _led(lib, case)):
            continue  # answers to questions the interviewer asked out of order are not the candidate's fault
        if name == "negated" and not any(case.ref_phases[p] for p in ("training", "online_metrics", "monitoring")):
            continue
        value = score(case, turns).total
        # Not better, and lower unless the answer is already at the floor (under 20 there is
        # little a degradation can still remove).
        out.append((name, value < base or (value == base and base < FLOOR)))
        if name in ("keyword_list", "repeated_keywords"):
            out.append((f"{name}<=20", value <= 20))
    cut = score(case, made["one_sentence"]).total
    injected = score(case, made["cut_plus_injection"]).total
    out.append(("injection_no_gain", injected <= cut))
    return out


# ---- report ---------------------------------------------------------------------------------


@dataclass
class Figures:
    spearman: float
    mae: float
    bands: float
    phases: float
    orderings: float
    n: int

    def row(self, name: str) -> str:
        return (
            f"{name:<22} {self.spearman:>8.3f} {self.mae:>6.1f} {100 * self.bands:>6.0f}% "
            f"{100 * self.phases:>7.1f}% {100 * self.orderings:>8.1f}%"
        )


def figures(cases: list[Case], scored: list[Scored], checks: list[tuple[str, bool]]) -> Figures:
    ref = [c.ref_total for c in cases]
    got = [s.total for s in scored]
    phase_ok = sum(abs(s.phases[p] - c.ref_phases[p]) <= 1 for c, s in zip(cases, scored, strict=True) for p in PHASES)
    return Figures(
        spearman=spearman(got, ref),
        mae=sum(abs(a - b) for a, b in zip(got, ref, strict=True)) / len(ref),
        bands=sum(band(a) == band(b) for a, b in zip(got, ref, strict=True)) / len(ref),
        phases=phase_ok / (9 * len(cases)),
        orderings=sum(ok for _, ok in checks) / max(1, len(checks)),
        n=len(cases),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=["tune"], help="per-transcript figures of the tuned half")
    parser.add_argument("--fit", action="store_true", help="fit the calibration on the tuned half")
    parser.add_argument("--verbose", action="store_true", help="list failed ordering checks of the tuned half")
    parser.add_argument("--split", choices=["tune", "test", "both"], default="both", help="which half to report")
    args = parser.parse_args()
    cases, problems = load_cases()
    if problems:
        repos = sorted({p.split(" is not fetched")[0].split(": ", 1)[-1] for p in problems if "is not fetched" in p})
        print(f"real-text corpus unavailable: {len(problems)} of the transcripts could not be rebuilt.")
        if repos:
            print("fetch these repositories first (fetch github:OWNER/NAME), then rerun:")
            for repo in repos:
                print(f"  {repo}")
        for p in problems:
            if "is not fetched" not in p:
                print("  " + p)
        return 0
    lib = load_library(include_user=False)
    if args.fit:
        from calibrate import fit

        fit(lib, [c for c in cases if c.split == "tune"])
        return 0
    tuned = [c for c in cases if c.split == "tune"]
    naive = Checklist(tuned)
    print(f"{len(cases)} transcripts ({len(cases) // 2} real + their terse variants), "
          f"{len({c.id.split('.')[0] for c in cases})} sources rebuilt\n")
    print(f"{'split / scorer':<22} {'spearman':>8} {'MAE':>6} {'band':>7} {'phase±1':>8} {'orderings':>9}")
    for split in ("tune", "test") if args.split == "both" else (args.split,):
        group = [c for c in cases if c.split == split]
        for name, score in (("ours", lambda c, t=None: ours(lib, c, t)), ("checklist", naive)):
            scored = [score(c) for c in group]
            checks = [check for c in group for check in orderings(score, lib, c)]
            print(figures(group, scored, checks).row(f"{split}: {name}"))
            if args.verbose and split == "tune" and name == "ours":
                for c in group:
                    for check, ok in orderings(score, lib, c):
                        if not ok:
                            print(f"    failed {check} on {c.id}")
        print()
    if args.show == "tune":
        print(f"{'tuned half':<48} {'ref':>4} {'ours':>5} {'list':>5}   phases ref / ours")
        for c in tuned:
            mine, theirs = ours(lib, c), naive(c)
            ref_ph = "".join(str(c.ref_phases[p]) for p in PHASES)
            our_ph = "".join(str(mine.phases[p]) for p in PHASES)
            print(f"{c.id:<48} {c.ref_total:>4} {mine.total:>5.0f} {theirs.total:>5.0f}   {ref_ph} / {our_ph}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
