"""A quick look at which scenario ids exist, without parsing YAML or loading pydantic.

`practice` checks the id before opening the screen; the full (slower) load and
validation happens in a worker after the first paint.
"""

from __future__ import annotations

import re

from trainer import paths

_ID_LINE = re.compile(r"^id:\s*['\"]?([A-Za-z0-9_.]+)", re.MULTILINE)


def scenario_ids() -> list[str]:
    ids: set[str] = set()
    for folder in (paths.bundled_dir("scenarios"), paths.user_content_dir("scenarios")):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.suffix in (".yaml", ".yml"):
                try:
                    match = _ID_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
                except OSError:
                    continue
                if match:
                    ids.add(match.group(1))
    return sorted(ids)
