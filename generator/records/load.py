"""Read YAML records keeping the line and column of every key and value.

PyYAML's composer gives us nodes with marks; we build plain values ourselves so
duplicate keys and unsafe tags become errors instead of silent surprises. Records are
hostile input: size, nesting and alias expansion are capped before anything grows, and
only regular files are opened.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from .. import __version__
from .diagnostics import Problem
from .messages import tr

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

RECORD_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile or broken record from taking the machine."""

    max_bytes: int = 1024 * 1024
    max_depth: int = 32
    max_values: int = 20_000


DEFAULT_LIMITS = Limits()


@dataclass
class Document:
    """A record's data plus where each value (and each mapping key) starts in the file."""

    path: str
    data: Any
    values: dict[Key, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Key, tuple[int, int]] = field(default_factory=dict)
    unreadable: set[Key] = field(default_factory=set)
    source: str = ""  # the file's text, to point inside a long value
    ends: dict[Key, tuple[int, int]] = field(default_factory=dict)

    def locate(self, key: Key, pattern: re.Pattern[str]) -> tuple[int, int] | None:
        """Where `pattern` first matches inside the value at `key` as written in the file
        (a phrase in the fourth line of a `|-` block is on that line, not the `|-` one)."""
        if key not in self.values or key not in self.ends or not self.source:
            return None
        starts = [0] + [i + 1 for i, c in enumerate(self.source) if c == "\n"]
        (line, column), (end_line, end_column) = self.values[key], self.ends[key]
        begin = starts[line - 1] + column - 1
        end = starts[end_line - 1] + end_column - 1 if end_line <= len(starts) else None
        found = pattern.search(self.source, begin, end if end is not None else len(self.source))
        return _line_column(self.source, found.start()) if found else None

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

    def problem(
        self, key: Key, code: str, message: str, severity: str = "error", *, of_key: bool = False
    ) -> Problem:
        line, column = self.at(key, of_key=of_key)
        return Problem(self.path, line, column, message, code, severity)  # type: ignore[arg-type]


def _pos(node: yaml.Node | yaml.Event) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, doc: Document, problems: list[Problem]) -> None:
        self.doc = doc
        self.problems = problems
        self.constructor = SafeConstructor()

    def fail(self, node: yaml.Node, code: str, message: str, key: Key | None = None) -> None:
        if key is not None:
            self.doc.unreadable.add(key)
        line, column = _pos(node)
        self.problems.append(Problem(self.doc.path, line, column, message, code))

    def build(self, node: yaml.Node, key: Key) -> Any:
        self.doc.values[key] = _pos(node)
        self.doc.ends[key] = (node.end_mark.line + 1, node.end_mark.column + 1)
        if node.tag not in _PLAIN_TAGS:
            self.fail(
                node,
                "forbidden-tag",
                tr(
                    "the tag %(tag)r is not allowed in a record; remove it (records hold plain "
                    "text, dates, lists and maps only)",
                    tag=node.tag,
                ),
                key,
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*key, i)) for i, item in enumerate(node.value)]
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ConstructorError, ValueError, OverflowError) as exc:
            self.fail(
                node,
                "unreadable-value",
                tr(
                    "cannot read the value %(value)r: %(error)s; check it is a valid date "
                    "(YYYY-MM-DD) or put it in quotes",
                    value=node.value,
                    # Python's words for an impossible date, in the writer's language.
                    error=tr("that day does not exist")
                    if "out of range" in str(exc) or "must be in" in str(exc)
                    else exc,
                ),
                key,
            )
            return None

    def _mapping(self, node: yaml.MappingNode, key: Key) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "not-a-map", "a key must be a plain word such as `title`")
                continue
            name = str(key_node.value)
            if name in out:
                first = self.doc.keys[(*key, name)]
                self.fail(
                    key_node,
                    "duplicate-key",
                    tr(
                        "duplicate key `%(name)s` (first at line %(line)d); keep one of them",
                        name=name,
                        line=first[0],
                    ),
                )
                continue
            self.doc.keys[(*key, name)] = _pos(key_node)
            out[name] = self.build(value_node, (*key, name))
        return out


def _line_column(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def undecodable_position(raw: bytes, exc: UnicodeDecodeError) -> tuple[int, int]:
    """Line and column (1-based) of the first byte that is not UTF-8."""
    line_start = raw.rfind(b"\n", 0, exc.start) + 1
    return raw.count(b"\n", 0, exc.start) + 1, exc.start - line_start + 1


def _structure_problem(text: str, path: str, limits: Limits) -> Problem | None:
    """Walk parser events (flat, no recursion) and refuse, at the event where it happens,
    nesting deeper than the cap or aliases that expand past the value cap, before
    anything is composed or copied."""
    sizes: dict[str, int] = {}  # anchor -> number of values it expands to
    open_counts: list[tuple[int, str | None]] = []  # per open collection: values, anchor
    total = 0

    def refuse(event: yaml.Event, code: str, message: str) -> Problem:
        line, column = _pos(event)
        return Problem(path, line, column, message, code)

    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            open_counts.append((1, event.anchor))
            total += 1
            if len(open_counts) > limits.max_depth:
                return refuse(
                    event,
                    "too-deep",
                    tr(
                        "lists and maps are nested more than %(depth)d levels deep here; a "
                        "record needs a few levels at most, check the indentation",
                        depth=limits.max_depth,
                    ),
                )
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            count, anchor = open_counts.pop()
            if anchor:
                sizes[anchor] = count
            if open_counts:
                parent, parent_anchor = open_counts.pop()
                open_counts.append((parent + count, parent_anchor))
            continue
        if isinstance(event, yaml.AliasEvent):
            added = sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            added = 1
            if event.anchor:
                sizes[event.anchor] = 1
        else:
            continue
        total += added
        if open_counts:
            count, anchor = open_counts.pop()
            open_counts.append((count + added, anchor))
        if total > limits.max_values:
            return refuse(
                event,
                "alias-limit",
                tr(
                    "the record expands to more than %(count)d values here (YAML anchors `&` "
                    "and aliases `*` repeat parts of it); write the values out",
                    count=limits.max_values,
                ),
            )
    return None


def load_text(
    text: str, path: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[Document, list[Problem]]:
    """Parse one record; on a syntax error the document's data is None."""
    doc = Document(path=path, data=None, source=text)
    if "\x00" in text:
        line, column = _line_column(text, text.index("\x00"))
        return doc, [
            Problem(
                path,
                line,
                column,
                "the file holds a NUL byte (U+0000), so it is not a text file; "
                "save it again as plain UTF-8 text",
                "not-utf8",
            )
        ]
    try:
        refused = _structure_problem(text, path, limits)
        if refused:
            return doc, [refused]
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "invalid YAML"
        lines = text.splitlines()
        at = lines[line - 1][column - 1 : column] if mark and line <= len(lines) else ""
        hint = _syntax_hint(what, at)
        return doc, [
            Problem(
                path,
                line,
                column,
                tr("YAML syntax error: %(what)s; %(hint)s", what=what, hint=hint),
                "yaml-syntax",
            )
        ]
    except yaml.reader.ReaderError as exc:
        # The reader reports the offending character itself; its position counts from
        # the start of the text it was given.
        code_point = exc.character if isinstance(exc.character, int) else ord(exc.character)
        index = text.find(chr(code_point))
        line, column = _line_column(text, index if index >= 0 else exc.position)
        return doc, [
            Problem(
                path,
                line,
                column,
                tr(
                    "the character U+%(code)04X cannot appear in a YAML file; delete it (it is "
                    "often invisible: retype the word around it)",
                    code=code_point,
                ),
                "bad-character",
            )
        ]
    except yaml.YAMLError as exc:
        return doc, [
            Problem(path, 1, 1, f"YAML error: {exc}; fix the file's syntax", "yaml-syntax")
        ]
    if node is None:
        return doc, [
            Problem(
                path,
                1,
                1,
                tr("the file is empty; run `advisories new <id>` for a complete template"),
                "empty-file",
            )
        ]
    problems: list[Problem] = []
    # _structure_problem already counted every value aliases expand to (keys included), so
    # building cannot exceed limits.max_values.
    doc.data = _Builder(doc, problems).build(node, ())
    return doc, problems


def _syntax_hint(what: str, at: str) -> str:
    if at == "\t" or "'\\t'" in what:
        return tr("this line is indented with a tab; YAML needs spaces, replace the tab by spaces")
    if "mapping values are not allowed" in what:
        return tr("a text containing `: ` must be put in quotes")
    if "could not find expected ':'" in what:
        return tr("each line of a map needs `key: value`; check the line above too")
    if "expected <block end>" in what:
        return tr("check the indentation of this line against the lines above")
    return tr("check quotes, colons and indentation around this position")


def display_path(path: Path, root: Path | None) -> str:
    """The path as a writer would type it: relative to the project where possible."""
    return str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)


def scan_records(records_dir: Path, root: Path | None = None) -> tuple[list[Path], list[Problem]]:
    """Record files to read, and a warning for every `.yaml` entry that is not a regular
    file (a folder, a FIFO, a broken or looping link): those are never opened."""
    paths: list[Path] = []
    problems: list[Problem] = []
    try:
        entries = sorted(os.scandir(records_dir), key=lambda e: e.name)
    except OSError as exc:
        return [], [
            _file_problem(str(records_dir), "not-a-file", f"cannot list the folder: {exc.strerror}")
        ]
    for entry in entries:
        if not entry.name.endswith(RECORD_SUFFIXES):
            continue
        path = Path(entry.path)
        kind = _not_regular(path)
        if kind:
            problems.append(
                _file_problem(
                    display_path(path, root),
                    "not-a-file",
                    tr("%(kind)s, not a record file; it was skipped. Move or delete it", kind=kind),
                    "warning",
                )
            )
        else:
            paths.append(path)
    return paths, problems


def _not_regular(path: Path) -> str | None:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return tr("a link to a file that does not exist")
    except OSError as exc:
        return tr("cannot be opened (%(error)s)", error=exc.strerror)
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return tr("a folder")
    if stat.S_ISFIFO(mode):
        return tr("a named pipe (FIFO)")
    return tr("a special file")


def _file_problem(path: str, code: str, message: str, severity: str = "error") -> Problem:
    return Problem(path, 1, 1, message, code, severity)  # type: ignore[arg-type]


class RememberedParse:
    """A record's parse (its data and every position) as an earlier build stored it,
    used only while the file's bytes, the limits and the tool are the same: decoding it
    takes a third of the time of parsing the YAML again. Only a parse without problems
    is stored (problems are worded in the writer's language). `new` is what to store
    after a parse that had to be made.

    Stored as JSON: scalars as themselves, every map, list and date as a list tagged by
    its first element (so no text of a record can pass for one), and the positions as
    numbers in the order the parse visits the values, from which their keys come back."""

    def __init__(self, stored: bytes | None) -> None:
        self.stored = stored
        self.new: bytes | None = None

    @staticmethod
    def digest(raw: bytes, limits: Limits) -> str:
        made_by = f"advisories {__version__}/PyYAML {yaml.__version__}/{limits!r}\0"
        return hashlib.sha256(made_by.encode() + raw).hexdigest()

    def document(self, raw: bytes, text: str, path: str, limits: Limits) -> Document | None:
        """The stored parse of exactly these bytes, or None."""
        if self.stored is None:
            return None
        try:
            made_from, tree, numbers = json.loads(self.stored)
            if made_from != self.digest(raw, limits) or type(numbers) is not list:
                return None
            if not all(type(number) is int for number in numbers):
                return None
            doc = Document(path=path, data=None, source=text)
            positions = iter(numbers)
            doc.data = _decoded(tree, (), doc, positions.__next__)
            if next(positions, None) is not None:  # numbers left over: not this parse
                return None
        except (ValueError, TypeError, KeyError, IndexError, StopIteration, RecursionError):
            return None
        return doc

    def remember(self, raw: bytes, doc: Document, problems: list[Problem], limits: Limits) -> None:
        if problems or doc.data is None or doc.unreadable:
            return
        numbers: list[int] = []
        try:
            tree = _encoded(doc.data, (), doc, numbers)
        except (TypeError, KeyError):  # a value of a kind the format has no tag for
            return
        self.new = json.dumps(
            [self.digest(raw, limits), tree, numbers], ensure_ascii=False, separators=(",", ":")
        ).encode()


def _encoded(value: Any, key: Key, doc: Document, numbers: list[int]) -> Any:
    numbers.extend((*doc.values[key], *doc.ends[key]))
    if key and type(key[-1]) is str:
        numbers.extend(doc.keys[key])
    if type(value) is dict:
        tree: list[Any] = ["map"]
        for name, item in value.items():
            tree += [name, _encoded(item, (*key, name), doc, numbers)]
        return tree
    if type(value) is list:
        return ["list", *(_encoded(item, (*key, i), doc, numbers) for i, item in enumerate(value))]
    if type(value) is datetime:
        return ["datetime", value.isoformat()]
    if type(value) is date:
        return ["date", value.isoformat()]
    if value is None or type(value) in (str, int, float, bool):
        return value
    raise TypeError(type(value).__name__)


def _decoded(tree: Any, key: Key, doc: Document, following: Callable[[], int]) -> Any:
    doc.values[key] = (following(), following())
    doc.ends[key] = (following(), following())
    if key and type(key[-1]) is str:
        doc.keys[key] = (following(), following())
    if type(tree) is not list:
        return tree
    tag = tree[0]
    if tag == "map":
        out: dict[str, Any] = {}
        for i in range(1, len(tree), 2):
            name = tree[i]
            if type(name) is not str or name in out:
                raise ValueError("not a key")
            out[name] = _decoded(tree[i + 1], (*key, name), doc, following)
        return out
    if tag == "list":
        return [_decoded(item, (*key, i), doc, following) for i, item in enumerate(tree[1:])]
    if tag == "datetime" and len(tree) == 2:
        return datetime.fromisoformat(tree[1])
    if tag == "date" and len(tree) == 2:
        return date.fromisoformat(tree[1])
    raise ValueError("not a stored value")


# A file's last parse, by (path, display, limits): its bytes, document and problems.
ParseCache = dict[tuple[str, str, Limits], tuple[bytes, Document, list[Problem]]]


def load_file(
    path: Path,
    display: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    cache: ParseCache | None = None,
    remembered: RememberedParse | None = None,
) -> tuple[Document, list[Problem]]:
    """Parse a record file; with a cache, reuse the last parse while its bytes are the same
    (by content, not by time stamp: a same-size save within one tick still counts), and
    likewise a parse an earlier build `remembered`."""
    name = display or str(path)
    kind = _not_regular(path)
    if kind:
        return Document(name, None), [
            _file_problem(
                name, "not-a-file", tr("%(kind)s; give the path of a .yaml record file", kind=kind)
            )
        ]
    info = path.stat()
    if info.st_size > limits.max_bytes:
        return Document(name, None), [
            _file_problem(
                name,
                "file-too-large",
                tr(
                    "the file is %(size)d bytes, over the limit of %(limit)d; a record is a few "
                    "kilobytes: check it is the right file (or raise `max_record_bytes` in "
                    "mkdocs.yml)",
                    size=info.st_size,
                    limit=limits.max_bytes,
                ),
            )
        ]
    try:
        with path.open("rb") as stream:
            raw = stream.read(limits.max_bytes + 1)
    except OSError as exc:
        return Document(name, None), [
            _file_problem(
                name,
                "unreadable-file",
                f"cannot read the file: {exc.strerror}; check its permissions",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = undecodable_position(raw, exc)
        return Document(name, None), [
            Problem(
                name,
                line,
                column,
                tr(
                    "the file is not UTF-8 (byte 0x%(byte)02X here); save it as UTF-8",
                    byte=raw[exc.start],
                ),
                "not-utf8",
            )
        ]
    key = (str(path), name, limits)
    cached = cache.get(key) if cache is not None else None
    if cached and cached[0] == raw:
        return cached[1], cached[2]
    text = text.removeprefix("\ufeff")
    stored = remembered.document(raw, text, name, limits) if remembered else None
    if stored is not None:
        return stored, []
    doc, problems = load_text(text, name, limits)
    if remembered:
        remembered.remember(raw, doc, problems, limits)
    if cache is not None:
        cache[key] = (raw, doc, problems)
    return doc, problems
