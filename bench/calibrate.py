"""Fit the calibration (trainer/engine/calibration.py) on the tuned half of the real corpus.

The scorer's raw measures (per phase: the weighted share of credit, red-flag
points, whether anything was credited; scenario fit; flow) are computed once per
transcript; then a coordinate search over the calibration's constants minimises
the error against the reference grades: mean absolute error of totals plus the
share of phase grades more than one step off, weighted to points.
Only the tuned half is ever passed in.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from trainer.content.models import PHASES
from trainer.engine.calibration import Calibration
from trainer.engine.classifier import analyse
from trainer.engine.compiled import compile_scenario
from trainer.engine.coverage import credited_items
from trainer.engine.flow import flow_score
from trainer.engine.scorer import _red_flags, fit_factor, phase_coverage, scenario_fit

PHASE_WEIGHT = 40.0  # points of error per share of phase grades off by more than one


def raw_measures(lib, case):
    resolved = lib.resolve(case.scenario)
    compiled = compile_scenario(resolved)
    turns = analyse(compiled, case.transcript)
    credits = credited_items(turns)
    flags = _red_flags(resolved, turns, credits)
    coverage = phase_coverage(resolved, credits, flags)
    weights = {p: resolved.rubric.phases[p].weight for p in PHASES}
    fit = scenario_fit(turns) if compiled.has_domain else 1.0
    return coverage, weights, fit_factor(fit), flow_score(turns).score


def evaluate(cal: Calibration, measured, cases) -> tuple[float, float, float]:
    """(objective, MAE of totals, share of phase grades within ±1)."""
    errors = 0.0
    phase_ok = 0
    for (coverage, weights, fit, flow), case in zip(measured, cases, strict=True):
        total_w = 0.0
        for phase, (share, penalty, covered) in coverage.items():
            score = cal.phase_score(share, penalty)
            total_w += weights[phase] * cal.grade_value(score, bool(covered))
            phase_ok += abs(cal.grade(score, bool(covered)) - case.ref_phases[phase.value]) <= 1
        total = cal.total(total_w / sum(weights.values()), fit, flow)
        errors += abs(round(total) - case.ref_total)
    mae = errors / len(cases)
    agree = phase_ok / (9 * len(cases))
    return mae + PHASE_WEIGHT * (1 - agree), mae, agree


def fit(lib, cases) -> Calibration:
    measured = [raw_measures(lib, c) for c in cases]
    best = Calibration()
    best = replace(best, total_scale=100.0 - best.total_offset)
    best_value = evaluate(best, measured, cases)
    grid = {
        "saturation": [0.5, 0.6, 0.7, 0.8, 0.9],
        "min_credited": [0.5, 0.75, 1.0, 1.25, 1.5],
        "tilt": [0.25, 0.5],
        # The top of the scale is fixed by its definition: excellent in every phase (all 4s) is 100,
        # so the scale follows the offset (the corpus holds few answers near the top to fit it on).
        "total_offset": [-5.0, 0.0, 5.0, 10.0],
        "total_power": [1.0, 1.1, 1.2, 1.3, 1.4, 1.5],
    }
    cuts = [
        ((0.0, 0.0), (a, 1.0), (b, 2.0), (c, 3.0), (d, 4.0))
        for a, b, c, d in itertools.product((5.0, 10.0, 20.0), (20.0, 30.0, 40.0), (45.0, 55.0, 65.0), (75.0, 85.0, 95.0))
    ]
    for _round in range(4):
        improved = False
        for name, values in [*grid.items(), ("grade_points", cuts)]:
            for value in values:
                candidate = replace(best, **{name: value})
                if name == "total_offset":
                    candidate = replace(candidate, total_scale=100.0 - value)
                result = evaluate(candidate, measured, cases)
                if result[0] < best_value[0] - 1e-9:
                    best, best_value, improved = candidate, result, True
        if not improved:
            break
    print(f"tuned half: objective {best_value[0]:.2f}, MAE {best_value[1]:.2f}, phase±1 {100 * best_value[2]:.1f}%")
    print(best)
    return best
