"""Read YAML records keeping the line and column of every key and value.

PyYAML's composer gives us nodes with marks; we build plain values ourselves so
duplicate keys and unsafe tags become errors instead of silent surprises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .diagnostics import Problem

Key = tuple[str | int, ...]

# LibYAML's parser when PyYAML was built with it: same nodes and marks, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PLAIN_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Document:
    """A record's data plus where each value (and each mapping key) starts in the file."""

    path: str
    data: Any
    values: dict[Key, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Key, tuple[int, int]] = field(default_factory=dict)
    unreadable: set[Key] = field(default_factory=set)

    def at(self, key: Key, *, of_key: bool = False) -> tuple[int, int]:
        """Position of `key`, or of its nearest ancestor that exists in the file."""
        table = self.keys if of_key else self.values
        while key:
            if key in table:
                return table[key]
            if key in self.values:
                return self.values[key]
            key = key[:-1]
        return self.values.get((), (1, 1))

    def problem(self, key: Key, message: str, severity: str = "error", *, of_key: bool = False):
        line, column = self.at(key, of_key=of_key)
        return Problem(self.path, line, column, message, severity)  # type: ignore[arg-type]


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, doc: Document, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems
        self.constructor = SafeConstructor()

    def fail(self, node: yaml.Node, message: str, key: Key | None = None) -> None:
        if key is not None:
            self.doc.unreadable.add(key)
        line, column = _pos(node)
        self.problems.append(Problem(self.doc.path, line, column, message))

    def build(self, node: yaml.Node, key: Key) -> Any:
        self.doc.values[key] = _pos(node)
        if node.tag not in _PLAIN_TAGS:
            self.fail(
                node,
                f"the tag {node.tag!r} is not allowed in a record; remove it "
                "(records hold plain text, dates, lists and maps only)",
                key,
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*key, i)) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError) as exc:
            self.fail(
                node,
                f"cannot read the value {node.value!r}: {exc}; check it is a "
                "valid date (YYYY-MM-DD) or put it in quotes",
                key,
            )
            return None

    def _mapping(self, node: yaml.MappingNode, key: Key) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a key must be a plain word such as `title`")
                continue
            name = str(key_node.value)
            if name in out:
                first = self.doc.keys[(*key, name)]
                self.fail(
                    key_node,
                    f"duplicate key `{name}` (first at line {first[0]}); keep one of them",
                )
                continue
            self.doc.keys[(*key, name)] = _pos(key_node)
            out[name] = self.build(value_node, (*key, name))
        return out


def load_text(text: str, path: str) -> tuple[Document, list[Problem]]:
    """Parse one record; on a syntax error the document's data is None."""
    doc = Document(path=path, data=None)
    problems: list[Problem] = []
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        hint = _syntax_hint(what)
        problems.append(Problem(path, line, column, f"YAML syntax error: {what}; {hint}"))
        return doc, problems
    except yaml.YAMLError as exc:
        problems.append(Problem(path, 1, 1, f"YAML error: {exc}; fix the file's syntax"))
        return doc, problems
    if node is None:
        problems.append(
            Problem(
                path, 1, 1, "the file is empty; run `advisories new <id>` for a complete template"
            )
        )
        return doc, problems
    doc.data = _Builder(doc, problems).build(node, ())
    return doc, problems


def _syntax_hint(what: str) -> str:
    if "mapping values are not allowed" in what:
        return "a text containing `: ` must be put in quotes"
    if "found character '\\t'" in what or "tab" in what:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in what:
        return "each line of a map needs `key: value`; check the line above too"
    if "expected <block end>" in what:
        return "check the indentation of this line against the lines above"
    return "check quotes, colons and indentation around this position"


_cache: dict[tuple[str, str], tuple[int, int, Document, list[Problem]]] = {}


def load_file(path: Path, display: str | None = None) -> tuple[Document, list[Problem]]:
    """Parse a record file, reusing the last parse while the file is unchanged.

    `advisories build` checks before MkDocs runs and the plugin checks again, and
    `serve` re-checks on every save: only files that changed are parsed again.
    """
    name = display or str(path)
    stat = path.stat()
    key = (str(path.resolve()), name)
    cached = _cache.get(key)
    if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
        return cached[2], cached[3]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return Document(name, None), [
            Problem(name, 1, 1, f"the file is not UTF-8 ({exc.reason}); save it as UTF-8")
        ]
    doc, problems = load_text(text, name)
    _cache[key] = (stat.st_mtime_ns, stat.st_size, doc, problems)
    return doc, problems
