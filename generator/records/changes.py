"""What a record publishes, field by field, and what changed between two versions of it.

One walk gives every published text (per language and dotted name) and every fact (dates,
status, severity, data classes, regimes, references, contacts): approvals fingerprint it,
`advisories diff` compares two of them, and both name a field the same way, so a refused
build and the diff a reviewer reads point at the same `timeline.2.text`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, datetime
from typing import Any

from .advisory import Advisory, DataClass, text_units
from .spec import Key

# Fields that say how a record is handled, not what it tells readers: making a draft
# public, moving the original language or recording a notification sent is not a change
# of what legal approved.
_NOT_PUBLISHED = {"path", "l10n", "approval", "draft", "source_lang", "discovered", "notified"}
# The YAML names of model fields, where they differ.
_YAML_NAMES = {"when": "date", "start": "from", "end": "to"}


@dataclass(frozen=True)
class Published:
    """A record as readers get it: texts per language and dotted name, facts by dotted name,
    and the key path of each name (to point at it in the file)."""

    texts: dict[str, dict[str, str]]
    facts: dict[str, str]
    keys: dict[str, Key]


def _fact_value(value: object) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str | int):
        return str(value)
    return None


def _facts(value: object, key: Key, out: dict[str, str], keys: dict[str, Key]) -> None:
    if value is None or isinstance(value, dict):  # absent, or a text
        return
    dotted = ".".join(str(k) for k in key)
    if isinstance(value, tuple) and value and isinstance(value[0], DataClass):
        out[dotted] = ", ".join(item.id or "(own label)" for item in value)
        keys[dotted] = key
    elif isinstance(value, tuple) and all(_fact_value(item) is not None for item in value):
        out[dotted] = ", ".join(str(_fact_value(item)) for item in value)
        keys[dotted] = key
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            _facts(item, (*key, index), out, keys)
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            if f.name not in _NOT_PUBLISHED:
                name = _YAML_NAMES.get(f.name, f.name)
                _facts(getattr(value, f.name), (*key, name), out, keys)
    else:
        shown = _fact_value(value)
        if shown is not None:
            out[dotted] = shown
            keys[dotted] = key


def published(a: Advisory) -> Published:
    texts: dict[str, dict[str, str]] = {}
    keys: dict[str, Key] = {}
    for dotted, key, by_lang in text_units(a):
        keys[dotted] = key
        for lang, text in by_lang.items():
            texts.setdefault(lang, {})[dotted] = text
    facts: dict[str, str] = {}
    _facts(a, (), facts, keys)
    return Published(texts, facts, keys)


@dataclass(frozen=True)
class Change:
    """One field that differs: `lang` is None for a fact; `before`/`after` are None when
    the field was added or removed."""

    field: str
    lang: str | None
    before: str | None
    after: str | None


def compare(old: Published, new: Published) -> list[Change]:
    """Every field that differs, facts first, then texts per language, in record order."""
    out = [
        Change(name, None, old.facts.get(name), new.facts.get(name))
        for name in _ordered(old.facts, new.facts)
        if old.facts.get(name) != new.facts.get(name)
    ]
    for lang in _ordered(old.texts, new.texts):
        before, after = old.texts.get(lang, {}), new.texts.get(lang, {})
        out += [
            Change(name, lang, before.get(name), after.get(name))
            for name in _ordered(before, after)
            if before.get(name) != after.get(name)
        ]
    return out


def _ordered(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    """The names of both, in the second's order, then those only the first has."""
    return list(second) + [name for name in first if name not in second]


# A word, a run of spaces, or one other character: a diff of these shows a changed word,
# and a changed comma, without marking the whole sentence.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """The two texts as runs of ("same" | "removed" | "added", text)."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if operation == "equal":
            runs.append(("same", "".join(old[old_start:old_end])))
            continue
        if old_end > old_start:
            runs.append(("removed", "".join(old[old_start:old_end])))
        if new_end > new_start:
            runs.append(("added", "".join(new[new_start:new_end])))
    return runs
