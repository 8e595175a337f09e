"""A quick look at which scenario ids exist, without parsing YAML or loading pydantic.

`practice` checks the id before opening the screen (a typo fails at once); the full
(slower) load and validation happens in a worker after the first paint, and a file
that fails it sends the app back to the start screen with `validate`'s line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from trainer import paths

MAX_HEAD = 64 * 1024  # the id is near the top; never read a huge file whole just to find it

_ID_LINE = re.compile(r"^id:\s*['\"]?([A-Za-z0-9_.]+)", re.MULTILINE)


def declared_id(path: Path) -> str | None:
    """The `id:` a YAML file declares at top level, read without parsing it (None if none)."""
    try:
        if not path.is_file():
            return None
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(MAX_HEAD)
    except OSError:
        return None
    match = _ID_LINE.search(head)
    return match.group(1) if match else None


def scenario_ids() -> list[str]:
    ids: set[str] = set()
    for folder in (paths.bundled_dir("scenarios"), paths.user_content_dir("scenarios")):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.suffix in (".yaml", ".yml"):
                found = declared_id(path)
                if found:
                    ids.add(found)
    return sorted(ids)


@dataclass(frozen=True)
class Preview:
    """What the screens show of a bundled scenario before the library is loaded and validated."""

    id: str
    title: str
    summary: str
    minutes: float
    opening: str


def _user_ids() -> set[str]:
    folder = paths.user_content_dir("scenarios")
    if not folder.is_dir():
        return set()
    return {i for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and (i := declared_id(p))}


def _parse_preview(path: Path) -> Preview | None:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 — a safe loader
        phases = data.get("phases") or {}
        return Preview(
            id=str(data["id"]),
            title=str(data["title"]),
            summary=str(data.get("summary", "")),
            minutes=float(sum(float(p.get("minutes", 0)) for p in phases.values())),
            opening=str(data["opening"]).strip(),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError):
        return None  # anything unexpected: the full loader will say what


def _bundled_files() -> list[Path]:
    folder = paths.bundled_dir("scenarios")
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml")) if folder.is_dir() else []


def previews() -> list[Preview] | None:
    """Every scenario's preview from the bundled files (ours, validated by the tests), sorted by id.

    None when the user has scenario files of their own: those are untrusted and must go through
    the full, bounded loader first, so the screens wait for the library instead.
    """
    if _user_ids():
        return None
    found = [_parse_preview(path) for path in _bundled_files()]
    if any(p is None for p in found):
        return None
    return sorted((p for p in found if p is not None), key=lambda p: p.id)


def preview(scenario_id: str) -> Preview | None:
    """One bundled scenario's preview, parsing only its file (None for a user-provided id)."""
    if scenario_id in _user_ids():
        return None
    for path in _bundled_files():
        if declared_id(path) == scenario_id:
            return _parse_preview(path)
    return None
