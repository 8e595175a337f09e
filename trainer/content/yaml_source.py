"""YAML reading that remembers where every field came from.

pydantic reports a field path (`items.3.keywords.ru`); users need a line
number. We compose the YAML node tree once, build the plain data from it, and
keep a map from field path to line so every validation error can say where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from trainer.errors import ContentError, Problem

PathKey = tuple[str | int, ...]

# libyaml's parser when PyYAML was built with it (several times faster: start-up loads every file).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    """Plain data loaded from a YAML file plus a path → line map."""

    path: Path
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line_for(self, loc: PathKey) -> int | None:
        """The line of `loc`, or of its nearest located ancestor."""
        key = tuple(loc)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)


def read_yaml(path: Path) -> YamlDocument:
    """Read one YAML file; raise `ContentError` naming the file and line on any problem."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ContentError([Problem(path, None, "", f"cannot read file: {err.strerror or err}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ContentError([Problem(path, None, "", "not UTF-8 text")]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ContentError([Problem(path, None, "", "file is empty")])
        lines: dict[PathKey, int] = {}
        problems: list[Problem] = []
        _walk(node, (), lines, problems, path)
        if problems:
            raise ContentError(problems)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        message = " ".join(part for part in (err.context, err.problem) if part)
        raise ContentError([Problem(path, line, "", f"YAML syntax error: {message}")]) from None
    except yaml.YAMLError as err:
        raise ContentError([Problem(path, None, "", f"YAML error: {err}")]) from None
    finally:
        loader.dispose()
    return YamlDocument(path=path, data=data, lines=lines)


def _walk(node: yaml.Node, loc: PathKey, lines: dict[PathKey, int], problems: list[Problem], path: Path) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    Problem(path, line, _dotted((*loc, key)), f"duplicate key (first defined on line {seen[key]})")
                )
            seen[key] = line
            lines[(*loc, key)] = line
            _walk(value_node, (*loc, key), lines, problems, path)
            lines[(*loc, key)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _walk(child, (*loc, index), lines, problems, path)


def _dotted(loc: PathKey) -> str:
    return ".".join(str(part) for part in loc)


def validation_problems(doc: YamlDocument, err: Any) -> list[Problem]:
    """Turn a pydantic ValidationError into located, human-readable problems."""
    problems = []
    for detail in err.errors():
        loc = tuple(detail.get("loc", ()))
        message = detail.get("msg", "invalid value")
        if detail.get("type") == "extra_forbidden":
            message = "unknown field (check the spelling)"
        elif detail.get("type") == "missing":
            message = "required field is missing"
        message = message.removeprefix("Value error, ")
        problems.append(Problem(doc.path, doc.line_for(loc), _dotted(loc), message))
    return problems
