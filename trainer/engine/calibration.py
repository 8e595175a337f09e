"""How coverage becomes the numbers a user reads: phase scores, 0-4 grades, the total.

The constants here are fitted (`python bench/real.py --fit`) on the tuned half of
the real-text corpus against the median grades of independent graders who
followed GRADING.md, and checked on the other half. They are the only numbers in
the scorer chosen to match human grades; everything else says what counts.
"""

from __future__ import annotations

# A phase scores 100 once this share of its weighted items is fully credited:
# interviewers do not expect every item in 45 minutes.
PHASE_SATURATION = 0.8
# Phase score (0-100) at which a phase earns grade 1, 2, 3, 4. Any credit at all is a 1.
GRADE_CUTS = (1, 25, 50, 80)
# The content score (0-100, phase scores weighted by the rubric) mapped to the total
# by linear interpolation between these points.
TOTAL_CURVE = ((0.0, 0.0), (100.0, 100.0))
FLOW_SHARE = 0.15
# Keeping the order of answers that say nothing is no achievement: flow counts in
# full only once the content score reaches this level.
FLOW_FULL_AT_CONTENT = 60.0


def phase_grade(score: float, credited: bool) -> int:
    """The 0-4 grade of a phase score (GRADING.md's scale)."""
    if not credited:
        return 0
    grade = 0
    for level, cut in enumerate(GRADE_CUTS, start=1):
        if score >= cut:
            grade = level
    return max(grade, 1)


def curve(content: float) -> float:
    """Piecewise-linear map of the content score to the calibrated scale."""
    points = TOTAL_CURVE
    if content <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if content <= x1:
            return y0 + (y1 - y0) * (content - x0) / (x1 - x0)
    return points[-1][1]
