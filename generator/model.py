"""The advisory record: typed model plus the declarative spec that checks it.

The spec is the single source of truth: `validate` walks it to check records,
`schema` turns it into JSON Schema for editors, and `advisories new` reads its
docs to comment the template.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .diagnostics import Problem
from .load import Document, Key
from .vocabulary import VOCABULARY

Texts = dict[str, str]
When = date | datetime

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STATUSES = ("investigating", "contained", "resolved")
SEVERITIES = ("low", "medium", "high", "critical")


@dataclass(frozen=True)
class Entry:
    """A dated line: a timeline event or a revision of the advisory."""

    when: When
    text: Texts


@dataclass(frozen=True)
class FaqItem:
    question: Texts
    answer: Texts


@dataclass(frozen=True)
class Reference:
    url: str
    title: Texts


@dataclass(frozen=True)
class DataClass:
    """A vocabulary id, or labels written in the record for a class the vocabulary lacks."""

    id: str | None
    labels: Texts | None = None


@dataclass(frozen=True)
class Advisory:
    id: str
    source_lang: str
    published: date
    status: str
    severity: str
    title: Texts
    summary: Texts
    description: Texts
    affected: Texts
    not_affected: Texts
    timeline: tuple[Entry, ...]
    exposed: tuple[DataClass, ...]
    not_exposed: tuple[DataClass, ...]
    recommendations: tuple[Texts, ...]
    faq: tuple[FaqItem, ...]
    references: tuple[Reference, ...]
    updates: tuple[Entry, ...]
    path: str
    updated: date | None = None
    draft: bool = False
    embargo: datetime | None = None
    withdrawn: date | None = None

    @property
    def last_modified(self) -> date:
        return max(d for d in (self.published, self.updated, self.withdrawn) if d)

    def visible(self, now: datetime, drafts: bool = False) -> bool:
        """Drafts and future embargoes are never published; `drafts` is the preview's opt-in."""
        if drafts:
            return True
        return not self.draft and not self.embargoed(now)

    def embargoed(self, now: datetime) -> bool:
        return self.embargo is not None and self.embargo > now


# --------------------------------------------------------------------------- spec


@dataclass
class Ctx:
    doc: Document
    langs: list[str]
    draft: bool
    problems: list[Problem]

    def error(self, key: Key, message: str, *, of_key: bool = False) -> None:
        self.problems.append(self.doc.problem(key, message, of_key=of_key))

    def warn(self, key: Key, message: str) -> None:
        self.problems.append(self.doc.problem(key, message, "warning"))


def _name(key: Key) -> str:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "record"


def _found(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}` (a yes/no value)"
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list):
        return "a list"
    return f"`{value}`"


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


class Spec:
    doc = ""

    def parse(self, value: Any, key: Key, ctx: Ctx) -> Any:
        raise NotImplementedError

    def schema(self, langs: list[str]) -> dict[str, Any]:
        raise NotImplementedError


class TextSpec(Spec):
    """A text in every site language: `{es: ..., en: ...}`. Inline Markdown only."""

    def __init__(self, doc: str) -> None:
        self.doc = doc

    def parse(self, value: Any, key: Key, ctx: Ctx) -> Texts | None:
        if not isinstance(value, dict):
            example = ", ".join(f"{lang}: ..." for lang in ctx.langs)
            ctx.error(
                key,
                f"{_name(key)}: expected a text per language ({example}), found "
                f"{_found(value)}; put each language on its own indented line",
            )
            return None
        out: Texts = {}
        for lang in value:
            if lang not in ctx.langs:
                ctx.error(
                    (*key, lang),
                    f"{_name(key)}: unknown language `{lang}`"
                    f"{did_you_mean(lang, ctx.langs)}; this site's languages are "
                    f"{', '.join(ctx.langs)}",
                    of_key=True,
                )
        for lang in ctx.langs:
            if lang not in value:
                ctx.error(
                    key,
                    f"{_name(key)}: missing the `{lang}` translation; add "
                    f'`{lang}: "..."` under `{key[-1]}:`',
                    of_key=True,
                )
                continue
            text = value[lang]
            if text is None or text == "":
                message = (
                    f"{_name((*key, lang))}: the text is empty; write it, or keep "
                    "`draft: true` until it is translated"
                )
                if ctx.draft:
                    ctx.warn((*key, lang), message)
                else:
                    ctx.error((*key, lang), message)
                out[lang] = ""
            elif not isinstance(text, str):
                ctx.error(
                    (*key, lang),
                    f"{_name((*key, lang))}: expected text, found "
                    f"{_found(text)}; put the text in quotes",
                )
            else:
                out[lang] = text.strip()
        return out if len(out) == len(ctx.langs) else None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {
            "type": "object",
            "description": self.doc,
            "properties": {lang: {"type": "string"} for lang in langs},
            "required": list(langs),
            "additionalProperties": False,
        }


class ChoiceSpec(Spec):
    def __init__(self, doc: str, choices: tuple[str, ...]) -> None:
        self.doc = doc
        self.choices = choices

    def parse(self, value: Any, key: Key, ctx: Ctx) -> str | None:
        if value in self.choices:
            return value
        hint = did_you_mean(str(value), self.choices) if isinstance(value, str) else ""
        ctx.error(
            key,
            f"{_name(key)}: must be one of {', '.join(self.choices)}, found {_found(value)}{hint}",
        )
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.choices), "description": self.doc}


class LangSpec(Spec):
    doc = "Language the advisory was written in first; the others are translations."

    def parse(self, value: Any, key: Key, ctx: Ctx) -> str | None:
        if value in ctx.langs:
            return value
        ctx.error(
            key,
            f"{_name(key)}: must be one of this site's languages "
            f"({', '.join(ctx.langs)}), found {_found(value)}",
        )
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "string", "enum": list(langs), "description": self.doc}


class SlugSpec(Spec):
    doc = "URL name of the advisory: lowercase letters, digits and hyphens; the file is <id>.yaml."

    def parse(self, value: Any, key: Key, ctx: Ctx) -> str | None:
        if isinstance(value, str) and SLUG.match(value):
            return value
        suggestion = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
        ctx.error(
            key,
            f"{_name(key)}: use only lowercase letters, digits and single hyphens, "
            f"found {_found(value)}; for example `{suggestion or 'vendor-breach-2025'}`",
        )
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "string", "pattern": SLUG.pattern, "description": self.doc}


DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TIMESTAMP_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|z|[+-]\d{2}(:?\d{2})?)$"
)


def _as_when(value: Any) -> When | None:
    """Accept YAML dates and also quoted ISO strings, which editors sometimes add."""
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        for parse in (date.fromisoformat, datetime.fromisoformat):
            try:
                return parse(value.strip())
            except ValueError:
                pass
    return None


class WhenSpec(Spec):
    """A date, a timestamp with offset, or (with `date_only`) a date."""

    def __init__(self, doc: str, *, date_only: bool = False, time_only: bool = False) -> None:
        self.doc = doc
        self.date_only = date_only
        self.time_only = time_only

    def parse(self, value: Any, key: Key, ctx: Ctx) -> When | None:
        when = _as_when(value)
        if when is None:
            want = (
                "a timestamp like 2025-11-27T09:00:00+01:00"
                if self.time_only
                else "a date like 2025-11-27"
            )
            ctx.error(
                key,
                f"{_name(key)}: expected {want}, found {_found(value)}; "
                "write year-month-day with hyphens",
            )
            return None
        if isinstance(when, datetime):
            if self.date_only:
                ctx.error(
                    key,
                    f"{_name(key)}: expected a date without a time, found "
                    f"{_found(value)}; write it as {when.date().isoformat()}",
                )
                return None
            if when.tzinfo is None:
                ctx.error(
                    key,
                    f"{_name(key)}: the time has no time zone, so readers in "
                    "other zones would see a wrong time; add an offset such as "
                    f"`{when.isoformat()}+00:00` (UTC)",
                )
                return None
        elif self.time_only:
            ctx.error(
                key,
                f"{_name(key)}: expected a timestamp with a time zone, found a "
                f"date; write it as {when.isoformat()}T00:00:00+00:00",
            )
            return None
        return when

    def schema(self, langs: list[str]) -> dict[str, Any]:
        if self.date_only:
            return {
                "type": "string",
                "format": "date",
                "pattern": DATE_PATTERN,
                "description": self.doc,
            }
        if self.time_only:
            return {
                "type": "string",
                "format": "date-time",
                "pattern": TIMESTAMP_PATTERN,
                "description": self.doc,
            }
        return {
            "description": self.doc,
            "anyOf": [
                {"type": "string", "format": "date", "pattern": DATE_PATTERN},
                {"type": "string", "format": "date-time", "pattern": TIMESTAMP_PATTERN},
            ],
        }


class BoolSpec(Spec):
    def __init__(self, doc: str) -> None:
        self.doc = doc

    def parse(self, value: Any, key: Key, ctx: Ctx) -> bool | None:
        if isinstance(value, bool):
            return value
        ctx.error(key, f"{_name(key)}: expected true or false, found {_found(value)}")
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "boolean", "description": self.doc}


class UrlSpec(Spec):
    doc = "Address of the source, starting with https://."

    def parse(self, value: Any, key: Key, ctx: Ctx) -> str | None:
        if isinstance(value, str) and re.match(r"^https://[^\s/]+\.[^\s]+$", value):
            return value
        if isinstance(value, str) and re.match(r"^http://[^\s/]+\.[^\s]+$", value):
            ctx.warn(
                key,
                f"{_name(key)}: the link is not https; use the https:// address "
                "if the site has one",
            )
            return value
        ctx.error(key, f"{_name(key)}: expected a full https:// address, found {_found(value)}")
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^https?://\S+$", "description": self.doc}


class DataClassSpec(Spec):
    doc = (
        "A data-class id from the vocabulary (see `advisories classes`), or a map with a "
        "label per language for a class the vocabulary lacks."
    )

    def parse(self, value: Any, key: Key, ctx: Ctx) -> DataClass | None:
        if isinstance(value, dict):
            labels = TextSpec("").parse(value, key, ctx)
            return DataClass(None, labels) if labels is not None else None
        if isinstance(value, str) and value in VOCABULARY:
            return DataClass(value)
        ctx.error(
            key,
            f"{_name(key)}: unknown data class {_found(value)}"
            f"{did_you_mean(str(value), list(VOCABULARY))}; run `advisories classes` "
            "for the list, or write a map with a label per language",
        )
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {
            "description": self.doc,
            "anyOf": [{"type": "string", "enum": sorted(VOCABULARY)}, TextSpec("").schema(langs)],
        }


class ListSpec(Spec):
    def __init__(self, doc: str, item: Spec, *, min_items: int = 0) -> None:
        self.doc = doc
        self.item = item
        self.min_items = min_items

    def parse(self, value: Any, key: Key, ctx: Ctx) -> tuple[Any, ...] | None:
        if value is None:
            value = []
        if not isinstance(value, list):
            ctx.error(
                key,
                f"{_name(key)}: expected a list (lines starting with `- `), found {_found(value)}",
            )
            return None
        if len(value) < self.min_items and not ctx.draft:
            ctx.error(
                key,
                f"{_name(key)}: needs at least {self.min_items} item(s); add one "
                "as a line starting with `- `",
            )
        items = [self.item.parse(v, (*key, i), ctx) for i, v in enumerate(value)]
        return None if any(i is None for i in items) else tuple(items)

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "array", "items": self.item.schema(langs), "description": self.doc}


@dataclass(frozen=True)
class Field:
    spec: Spec
    required: bool = True


class ObjectSpec(Spec):
    def __init__(self, doc: str, build: Any, fields: dict[str, Field]) -> None:
        self.doc = doc
        self.build = build
        self.fields = fields

    def parse(self, value: Any, key: Key, ctx: Ctx) -> Any:
        if not isinstance(value, dict):
            ctx.error(
                key,
                f"{_name(key)}: expected a map with "
                f"{', '.join(self.fields)}, found {_found(value)}",
            )
            return None
        for name in value:
            if name not in self.fields:
                ctx.error(
                    (*key, name),
                    f"{_name((*key, name))}: unknown field"
                    f"{did_you_mean(name, list(self.fields))} (allowed here: "
                    f"{', '.join(self.fields)})",
                    of_key=True,
                )
        out: dict[str, Any] = {}
        ok = True
        for name, spec_field in self.fields.items():
            if name not in value or value[name] is None:
                if (*key, name) in ctx.doc.unreadable:
                    ok = False
                elif spec_field.required:
                    ctx.error(
                        key,
                        f"{_name(key)}: missing required field `{name}`; add "
                        f"`{name}:` ({spec_field.spec.doc.rstrip('.')})",
                        of_key=True,
                    )
                    ok = False
                continue
            parsed = spec_field.spec.parse(value[name], (*key, name), ctx)
            if parsed is None:
                ok = False
            out[name] = parsed
        return self.build(**out) if ok else None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {
            "type": "object",
            "description": self.doc,
            "properties": {n: f.spec.schema(langs) for n, f in self.fields.items()},
            "required": [n for n, f in self.fields.items() if f.required],
            "additionalProperties": False,
        }


def _entry(date: When, text: Texts) -> Entry:
    return Entry(date, text)


def _reference(url: str, title: Texts) -> Reference:
    return Reference(url, title)


TIMELINE_ENTRY = ObjectSpec(
    "A dated event.",
    _entry,
    {
        "date": Field(WhenSpec("Day of the event, or a timestamp with offset for an exact time.")),
        "text": Field(TextSpec("What happened then.")),
    },
)
UPDATE_ENTRY = ObjectSpec(
    "A revision of this advisory.",
    _entry,
    {
        "date": Field(WhenSpec("When the advisory was revised.")),
        "text": Field(TextSpec("What changed in the advisory.")),
    },
)

RECORD = ObjectSpec(
    "A security advisory, with each text in every site language.",
    dict,
    {
        "id": Field(SlugSpec()),
        "source_lang": Field(LangSpec()),
        "published": Field(WhenSpec("Day the advisory is first published.", date_only=True)),
        "updated": Field(WhenSpec("Day of the last substantive change.", date_only=True), False),
        "status": Field(ChoiceSpec("Where the response stands.", STATUSES)),
        "severity": Field(ChoiceSpec("How serious the incident is for readers.", SEVERITIES)),
        "draft": Field(BoolSpec("true keeps the advisory out of the published site."), False),
        "embargo": Field(
            WhenSpec("Not published before this time (with offset).", time_only=True), False
        ),
        "withdrawn": Field(
            WhenSpec(
                "Day the advisory was withdrawn (it stays online, marked so).", date_only=True
            ),
            False,
        ),
        "title": Field(TextSpec("Short headline.")),
        "summary": Field(TextSpec("Two or three sentences: what happened and what it means.")),
        "description": Field(TextSpec("What happened, in a few paragraphs.")),
        "affected": Field(TextSpec("Who is affected.")),
        "not_affected": Field(TextSpec("Who is not affected.")),
        "timeline": Field(ListSpec("Dated events, oldest first.", TIMELINE_ENTRY, min_items=1)),
        "exposed": Field(ListSpec("Data classes that were exposed.", DataClassSpec())),
        "not_exposed": Field(ListSpec("Data classes that were NOT exposed.", DataClassSpec())),
        "recommendations": Field(
            ListSpec(
                "What readers should do now, one step per item.", TextSpec("One step."), min_items=1
            )
        ),
        "faq": Field(
            ListSpec(
                "Questions readers ask.",
                ObjectSpec(
                    "A question and its answer.",
                    FaqItem,
                    {
                        "question": Field(TextSpec("The question.")),
                        "answer": Field(TextSpec("The answer.")),
                    },
                ),
            ),
            False,
        ),
        "references": Field(
            ListSpec(
                "Sources readers can check.",
                ObjectSpec(
                    "A link.",
                    _reference,
                    {"url": Field(UrlSpec()), "title": Field(TextSpec("Link text."))},
                ),
            ),
            False,
        ),
        "updates": Field(
            ListSpec("Revision history of this advisory, oldest first.", UPDATE_ENTRY), False
        ),
    },
)
