"""A naive checklist scorer: the framework points of seed 003, each counted once if mentioned anywhere.

The bar the real scorer must clear. It reads nothing but the candidate's words,
knows no phases, context, depth or guards, and is trivially gamed (a list of the
points scores full marks) — yet on honest text it tracks content well, because
content is what it counts. `bench/real.py` runs it beside the real scorer, with
the same privilege of a linear calibration fitted on the tuned half.
"""

from __future__ import annotations

import re

from trainer.transcripts import Speaker, Transcript

# (phase, point, pattern) — English and Russian, one line a point of seed 003.
POINTS: list[tuple[str, str, str]] = [
    ("clarify", "business metric", r"business (metric|goal|objective|kpi)|бизнес[- ]?(метрик|цел|показател)|revenue|выручк|gmv|conversion|конверси"),
    ("clarify", "functional requirements", r"functional requirement|функциональн\w* требован|use case|user stor|сценари\w* использован|what the (service|system) (must|should) do"),  # noqa: E501 — one pattern (or markup string) per line reads better than a split one
    ("clarify", "latency limit", r"latency|response time|время ответа|задержк|латен|\d+\s?(ms|мс)\b"),
    ("clarify", "load (rps)", r"\brps\b|\bqps\b|requests per second|запрос\w* в секунду|нагрузк|throughput"),
    ("clarify", "resources (cpu/ram)", r"\b(cpu|ram|gpu|memory)\b|ресурс|памят"),
    ("clarify", "assumptions", r"assum|предполож|допустим|будем считать"),
    ("framing", "features", r"feature|признак|фич"),
    ("framing", "target / labels", r"target|label|таргет|метк|разметк|лейбл|целев\w* переменн"),
    ("framing", "task type", r"classification|regression|ranking|классификац|регресси|ранжирован"),
    ("data", "existing data / logs", r"\blogs?\b|logging|логи|логов|логир|dataset|датасет|historical data|исторически"),
    ("data", "collection / labelling", r"annotat|labell?ing|manual|crowd|разметк|асессор|толок|сбор данных|collect"),
    ("data", "split (by time)", r"split|train/test|train-test|holdout|разби|сплит|отложенн|out[- ]of[- ]time|по времени"),
    ("data", "seasonality / cold start / outliers", r"seasonal|cold[- ]start|outlier|сезонн|холодн\w* старт|выброс"),
    ("training", "feature encoding", r"one[- ]hot|embedding|эмбеддинг|encod|энкод|tf-?idf|normaliz|нормализ"),
    ("training", "target transform", r"log[- ]transform|target transform|преобразован\w* таргет|логарифм"),
    ("training", "baseline", r"baseline|бейзлайн|базов\w* модел|бэйзлайн"),
    ("training", "class imbalance", r"imbalanc|smote|adasyn|oversampl|undersampl|class weight|focal|дисбаланс|оверсемпл|андерсемпл|вес\w* класс"),
    ("training", "outliers / bad labels", r"anomal|noisy label|label noise|аномал|шум\w* (в )?разметк|некачественн\w* разметк"),
    ("training", "distribution shift", r"distribution shift|covariate shift|сдвиг распределен|holiday|праздник"),
    ("training", "improve the baseline", r"\bloss\b|architecture|лосс|функци\w* потерь|архитектур|fine-?tun|дообуч"),
    ("inference", "batch vs online", r"\bbatch|online inference|real[- ]?time|батч|онлайн[- ]инференс|в реальном времени|offline inference"),
    ("inference", "precomputed features", r"precomput|cache|предпосчит|кэш|кеш|vector|вектор"),
    ("inference", "training-serving skew / feature store", r"training[- ]serving skew|feature store|фич[аеи]?[- ]?стор|skew"),
    ("offline_metrics", "offline metric tied to business", r"offline metric|офлайн[- ]метрик|оффлайн[- ]метрик|ndcg|\bmap\b|mrr|recall@|precision@|auc|f1|rmse|\bmae\b"),  # noqa: E501 — one pattern (or markup string) per line reads better than a split one
    ("offline_metrics", "imbalance-aware metrics", r"precision|recall|pr[- ]auc|f1|точност|полнот"),
    ("offline_metrics", "guard metrics", r"guard|guardrail|гард|защитн\w* метрик"),
    ("online_metrics", "a/b test", r"a/?b[- ]?test|а/?б[- ]?тест|аб[- ]тест|experiment|эксперимент|split test"),
    ("online_metrics", "online metric", r"\bctr\b|\bcr\b|click[- ]through|conversion|конверси|revenue|выручк|retention|engagement"),
    ("online_metrics", "statistical test", r"t-?test|mann|whitney|манн|уитни|bootstrap|бутстрап|p-?value|significan|значим|стат\w* критер"),
    ("online_metrics", "user split", r"split (the )?users|control group|контрольн\w* групп|treatment|тестов\w* групп"),
    ("online_metrics", "duration", r"how long|duration|длительност|(two|2|one|1|three|3) weeks?|недел"),
    ("deploy", "packaging (onnx, fastapi, docker, k8s)", r"onnx|flask|fastapi|docker|kubernetes|\bk8s\b|докер|кубер|heroku|\baws\b|sagemaker"),
    ("deploy", "supporting components", r"redis|postgres|\bs3\b|kafka|clickhouse|mongo|elasticsearch|cassandra"),
    ("deploy", "tests before release", r"unit test|integration test|юнит[- ]тест|интеграционн|тесты перед|system test"),
    ("deploy", "gradual rollout", r"canary|rolling|blue[- ]green|shadow|канареечн|постепенн|раскатк|шедоу|теневой"),
    ("deploy", "scaling", r"scal|replica|load balanc|instance|queue|масштаб|реплик|балансир|очеред|инстанс"),
    ("deploy", "logs", r"\belk\b|kibana|logstash|loki|grafana|логирован|logging"),
    ("monitoring", "data / concept drift", r"drift|дрифт|concept shift|psi\b|evidently"),
    ("monitoring", "failed requests share", r"error rate|5\d\d|failed request|доля (неуспешн|ошибок)|ошибк\w* сервис"),
    ("monitoring", "response time", r"(monitor|track|мониторинг|следить)\w*.{0,40}(latency|время ответа|задержк)"),
    ("monitoring", "resources", r"(monitor|track|мониторинг)\w*.{0,40}(cpu|gpu|memory|памят)"),
    ("monitoring", "health checks", r"health[- ]?check|хелс?[- ]?чек|хелфчек|liveness|readiness"),
    ("monitoring", "model and data storage", r"model registry|mlflow|dvc|versioning|версионир|хранени\w* модел"),
    ("monitoring", "retraining pipeline", r"retrain|переобуч|airflow|cron|периодическ\w* обучен"),
    ("monitoring", "model degradation", r"degrad|деградац|quality (drop|decay)|падени\w* качеств|monitor\w* .{0,20}(metric|quality)"),
]
_COMPILED = [(phase, point, re.compile(pattern, re.IGNORECASE)) for phase, point, pattern in POINTS]
PHASES = ("clarify", "framing", "data", "training", "inference", "offline_metrics", "online_metrics", "deploy", "monitoring")


def checklist(transcript: Transcript) -> tuple[float, dict[str, float]]:
    """(share of all points mentioned, share of each phase's points mentioned)."""
    text = "\n".join(t.text for t in transcript.turns if t.speaker is Speaker.CANDIDATE)
    hit = {point for phase, point, pattern in _COMPILED if pattern.search(text)}
    per_phase = {}
    for phase in PHASES:
        points = [p for ph, p, _ in POINTS if ph == phase]
        per_phase[phase] = sum(p in hit for p in points) / len(points)
    return len(hit) / len(POINTS), per_phase
