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


_PLAIN = re.compile(r"^(id|title|summary):[ \t]+(?![>|'\"&*!])(.+?)[ \t]*$", re.MULTILINE)
_OPENING = re.compile(r"^opening:[ \t]*>-[ \t]*\n((?:(?:[ \t]+.*)?\n)+)", re.MULTILINE)
_PHASE_MINUTES = re.compile(r"^    minutes:[ \t]*([0-9]+(?:\.[0-9]+)?)[ \t]*$", re.MULTILINE)


def _parse_preview(path: Path) -> Preview | None:
    """Read a bundled scenario's id, title, summary, opening and length without a YAML parser.

    The bundled files are written in one shape (plain scalars; the opening a `>-` folded block;
    each phase's `minutes:` at four spaces under `phases:`); anything else returns None and the
    full loader decides. A test holds every preview equal to the validated library's values.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    plain = {m.group(1): m.group(2) for m in _PLAIN.finditer(text)}
    opening = _OPENING.search(text)
    phases_at = text.find("\nphases:\n")
    if len(plain) != 3 or opening is None or phases_at < 0 or any(": " in v or " #" in v for v in plain.values()):
        return None
    minutes = [float(m) for m in _PHASE_MINUTES.findall(text[phases_at:])]
    return Preview(
        id=plain["id"],
        title=plain["title"],
        summary=plain["summary"],
        minutes=sum(minutes),
        opening=_folded(opening.group(1)),
    )


def _folded(block: str) -> str:
    """A YAML `>-` block's value: lines joined by spaces, a blank line a newline, no final newline."""
    paragraphs: list[list[str]] = [[]]
    for line in block.splitlines():
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n".join(" ".join(words) for words in paragraphs if words)


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
