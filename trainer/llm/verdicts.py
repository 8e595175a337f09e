"""What the last session learnt about a model's interviewer lines, for `doctor` to report.

A session that stops phrasing because the model's lines were unusable (late, leaking, not one
question) writes one line per server and model into `llm-verdicts.json` in the user data
directory; a later session whose lines are used clears it. `doctor` then says, next to "the
server answers", whether that model's lines were usable in practice. A cache of advice: a write
that fails is reported by the caller, never fatal to the interview.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from trainer import paths
from trainer.files import write_atomic

FILE_NAME = "llm-verdicts.json"


def _path() -> Path:
    return paths.user_data_dir() / FILE_NAME


def _key(base_url: str, model: str) -> str:
    return f"{base_url.rstrip('/')} {model}"


def _read() -> dict[str, dict[str, str]]:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, dict)} if isinstance(data, dict) else {}


def record(base_url: str, model: str, reason: str | None) -> None:
    """Note that this model's lines were unusable (`reason`), or usable again (None). Raises OSError."""
    data = _read()
    key = _key(base_url, model)
    if reason is None:
        if key not in data:
            return
        del data[key]
    else:
        data[key] = {"phrasing": "unusable", "reason": reason, "at": datetime.now(UTC).isoformat(timespec="seconds")}
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def verdict(base_url: str, model: str) -> str | None:
    """One line for `doctor` when the last session found this model's lines unusable, else None."""
    entry = _read().get(_key(base_url, model))
    if not entry:
        return None
    when = str(entry.get("at", ""))[:16].replace("T", " ")
    reason = str(entry.get("reason", "")) or "unusable lines"
    return (
        f"note: in the session of {when} UTC this model's interviewer lines were not usable ({reason}); "
        "the offline interviewer was used — a larger or faster model, or a longer --llm-timeout, may help"
    )
