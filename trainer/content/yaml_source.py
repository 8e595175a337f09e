"""YAML reading that remembers where every field came from.

pydantic reports a field path (`items.3.keywords.ru`); users need a line
number. We compose the YAML node tree once, build the plain data from it, and
keep a map from field path to line so every validation error can say where.
"""

from __future__ import annotations

import stat
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


# A scenario is tens of kilobytes; a megabyte is not content, it is an accident or an attack.
MAX_YAML_BYTES = 1_000_000
# Aliases may share a node; expanded, a document may not grow beyond this many nodes per byte
# (plus a little room), which stops "billion laughs" files before anything is built.
MAX_NODES_PER_BYTE = 0.5
MAX_NODES_SLACK = 2_000
MAX_DEPTH = 40


def read_yaml(path: Path) -> YamlDocument:
    """Read one YAML file; raise `ContentError` naming the file and line on any problem."""
    try:
        info = path.stat()
    except OSError as err:
        raise ContentError([Problem(path, None, "", f"cannot read file: {err.strerror or err}")]) from None
    if not stat.S_ISREG(info.st_mode):
        raise ContentError([Problem(path, None, "", "not a regular file (a pipe or a device)")])
    if info.st_size > MAX_YAML_BYTES:
        raise ContentError([Problem(path, None, "", f"{info.st_size:,} bytes is larger than a content file can be ({MAX_YAML_BYTES:,})")])
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
        _check_size(node, path, len(raw))
        lines: dict[PathKey, int] = {}
        problems: list[Problem] = []
        _walk(node, (), lines, problems, path)
        problems += _scalar_problems(loader, node, path)
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
    except (ValueError, TypeError, OverflowError, RecursionError) as err:
        raise ContentError([Problem(path, None, "", f"YAML value error: {err}")]) from None
    finally:
        loader.dispose()
    return YamlDocument(path=path, data=data, lines=lines)


def _check_size(root: yaml.Node, path: Path, size: int) -> None:
    """Refuse documents that expand (through aliases) far beyond their size, or nest endlessly.

    Counted over shared nodes once each, without recursion, so the check itself is cheap
    however the aliases are arranged; a node that contains itself is refused too.
    """
    limit = MAX_NODES_SLACK + int(MAX_NODES_PER_BYTE * size)
    expanded: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    on_path: set[int] = set()
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            total = 1 + sum(expanded[id(child)] for child in _children(node))
            expanded[key] = total
            if total > limit:
                message = f"expands to more than {limit:,} values through aliases; write it out plainly"
                raise ContentError([Problem(path, node.start_mark.line + 1, "", message)])
            continue
        if key in expanded:
            continue
        if key in on_path:
            raise ContentError([Problem(path, node.start_mark.line + 1, "", "an alias refers to the node that contains it")])
        if depth > MAX_DEPTH:
            raise ContentError([Problem(path, node.start_mark.line + 1, "", f"nested deeper than {MAX_DEPTH} levels")])
        on_path.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            child_key = id(child)
            if child_key in on_path:
                raise ContentError([Problem(path, child.start_mark.line + 1, "", "an alias refers to the node that contains it")])
            if child_key not in expanded:
                stack.append((child, depth + 1, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


_RISKY_TAGS = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _scalar_problems(loader: Any, root: yaml.Node, path: Path) -> list[Problem]:
    """Values that would fail to build ("2024-02-30", a 5,000-digit integer), each with its line."""
    problems: list[Problem] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) and node.tag in _RISKY_TAGS:
            try:
                loader.construct_object(node)
            except (ValueError, OverflowError, yaml.YAMLError) as err:
                problems.append(Problem(path, node.start_mark.line + 1, "", f"cannot read the value {node.value[:40]!r}: {str(err).splitlines()[0][:120]}"))
        stack.extend(_children(node))
    return problems


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
