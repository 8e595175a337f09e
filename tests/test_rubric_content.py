"""The bundled rubric covers the framework: every point of seed 003 maps to an item of the right phase."""

from __future__ import annotations

import pytest

from trainer.content.library import load_library
from trainer.content.models import PHASES

# Seed 003 ("what interviewers want to hear"), point by point -> rubric items.
SEED_003 = {
    "Which business metric do we optimise; what should the system achieve": ["clarify.business_goal"],
    "Functional requirements from the user's point of view": ["clarify.functional_requirements"],
    "Limits on response time, load (RPS), resources (CPU/RAM)": ["clarify.latency_load"],
    "Propose assumptions and ask whether they hold": ["clarify.assumptions"],
    "What are the features": ["framing.features"],
    "What is the target (labels)": ["framing.target_labels"],
    "Which type of learning (classification, regression...)": ["framing.task_type"],
    "What data exists now (logging)": ["data.sources"],
    "How to collect data: manual labelling, log parsing": ["data.labeling"],
    "How to split: not randomly when data depends on time": ["data.split_by_time"],
    "Seasonality, cold start, outliers in features and target": ["data.pitfalls"],
    "How to encode features (one-hot, embeddings); transform the target": ["training.feature_encoding"],
    "Which model as a baseline": ["training.baseline"],
    "Class imbalance: SMOTE, ADASYN, class weights, special losses": ["training.imbalance"],
    "Outliers and bad labels: anomaly detection, common sense": ["training.outliers_noise"],
    "Distribution shift from seasonality, world events, holidays": ["training.distribution_shift"],
    "How to improve the baseline: loss, architecture": ["training.improvements"],
    "Batch vs per-item inference, usually a mix": ["inference.batch_vs_online"],
    "What to precompute and fetch at inference (user vectors)": ["inference.precompute"],
    "Training-serving skew and feature stores": ["inference.training_serving_skew"],
    "Offline metric correlated with the business; several metrics": ["offline.metric_choice"],
    "Class imbalance in metrics": ["offline.imbalance_metrics"],
    "Guard metrics that must never break": ["offline.guard_metrics"],
    "A/B test before rolling out to everyone": ["online.ab_test"],
    "Which metric online (CR, CTR, revenue)": ["online.metric"],
    "Which statistical test (t-test, Mann-Whitney)": ["online.stat_test"],
    "How to split users; how long to run": ["online.split_duration"],
    "Serving: ONNX, Flask/FastAPI, Docker, Kubernetes/cloud": ["deploy.packaging"],
    "Other components: Redis, Postgres, S3": ["deploy.components"],
    "Tests before deploy: unit, integration, system": ["deploy.testing"],
    "Rollout without downtime: canary/rolling": ["deploy.rollout"],
    "Scaling: instances behind a balancer or a queue": ["deploy.scaling"],
    "Logs: ELK and alternatives": ["deploy.logging"],
    "Data drift, concept drift, target drift and tools": ["monitoring.data_drift"],
    "Failed-request share, response time, CPU/GPU/memory, health checks": ["monitoring.service_health"],
    "Storage of models and data; retraining pipeline": ["monitoring.retraining"],
    "Model degradation: recompute offline metrics, online metrics from logs": ["monitoring.model_degradation"],
}
EXPECTED_PHASE = {
    "clarify": "clarify", "framing": "framing", "data": "data", "training": "training", "inference": "inference",
    "offline": "offline_metrics", "online": "online_metrics", "deploy": "deploy", "monitoring": "monitoring",
}


@pytest.fixture(scope="module")
def base():
    return load_library(include_user=False).rubrics["base"]


@pytest.mark.parametrize("point", sorted(SEED_003))
def test_every_framework_point_has_an_item_in_the_right_phase(base, point: str) -> None:
    items = {item.id: item for item in base.items}
    for item_id in SEED_003[point]:
        assert item_id in items, f"{point!r} maps to missing item {item_id}"
        assert items[item_id].phase.value == EXPECTED_PHASE[item_id.split(".")[0]]


def test_every_phase_has_items_red_flags_cover_the_classic_mistakes(base) -> None:
    for phase in PHASES:
        assert [i for i in base.items if i.phase == phase], f"no items for {phase.value}"
    flags = {f.id for f in base.red_flags}
    assert {"rf.random_split", "rf.accuracy_on_imbalance", "rf.no_baseline", "rf.no_ab_test", "rf.no_rollout_plan"} <= flags


def test_every_scenario_has_followups_in_every_phase_and_45_minutes() -> None:
    lib = load_library(include_user=False)
    for scenario_id in ("ecommerce_search", "recommendations", "spam_filtering"):
        resolved = lib.resolve(scenario_id)
        assert resolved.scenario.minutes == 45
        assert resolved.scenario.items, "scenario-specific items"
        for phase in PHASES:
            followups = resolved.scenario.phases[phase].followups
            assert followups, f"{scenario_id}: no follow-ups for {phase.value}"
            for followup in followups:
                assert resolved.item_by_id[followup.item].phase == phase


def test_drill_downs_cover_every_phase_in_both_languages_and_each_scenario_has_its_own() -> None:
    lib = load_library(include_user=False)
    base = lib.rubrics["base"]
    phases = {base_item.id: base_item.phase for base_item in base.items}
    by_phase: dict = {}
    for drill in base.drilldowns:
        by_phase.setdefault(phases[drill.item], []).append(drill.id)
        assert drill.concept.en and drill.concept.ru and drill.question_ru, drill.id
    assert len(base.drilldowns) >= 25 and set(by_phase) == set(PHASES)
    for scenario_id in lib.scenario_ids():
        resolved = lib.resolve(scenario_id)
        own = resolved.scenario.drilldowns
        assert len(own) >= 4, f"{scenario_id}: drill-downs for the domain's own choices"
        for drill in resolved.drilldowns:
            assert drill.item in resolved.item_by_id and drill.question_ru, (scenario_id, drill.id)
            for phrase in [*drill.answered_by.en, *drill.answered_by.ru]:
                assert phrase.lower() not in drill.question.lower(), (scenario_id, drill.id, "the question gives its answer")
