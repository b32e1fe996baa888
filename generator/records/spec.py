"""A small declarative spec engine: one description of a record's fields gives the
validator (with `path:line:col` and a fix for every problem), the record's JSON Schema,
the published (API) JSON Schema and the commented `new` template.

It owns the base types the record and its vocabulary share, so neither imports the other
through it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .diagnostics import Problem
from .load import Document, Key
from .messages import tr
from .text import (
    SLUG,
    date_problem,
    forbidden_character,
    has_words,
    id_problem,
    suggest_id,
    url_problem,
)
from .vocabulary import N_

Texts = dict[str, str]
When = date | datetime


@dataclass
class Ctx:
    doc: Document
    langs: list[str]
    draft: bool
    problems: list[Problem]
    timezone: str | None = None  # the site's zone for times written without an offset

    def error(self, key: Key, code: str, message: str, *, of_key: bool = False) -> None:
        self.problems.append(self.doc.problem(key, code, message, of_key=of_key))

    def warn(self, key: Key, code: str, message: str) -> None:
        self.problems.append(self.doc.problem(key, code, message, "warning"))


def field_name(key: Key) -> str:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or tr("record")


def found(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return tr("`%(value)s` (a yes/no value)", value=str(value).lower())
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"`{text[:80]}…`" if len(text) > 80 else f"`{text}`"


def texts_example(langs: list[str]) -> str:
    """`es: ..., en: ...`: how a text in every language is written, for messages."""
    return ", ".join(f"{lang}: ..." for lang in langs)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return tr("; did you mean `%(word)s`?", word=close[0]) if close else ""


class Spec:
    doc = ""
    takes_empty = False  # lists read an empty value as "no items"

    def parse(self, value: Any, key: Key, ctx: Ctx) -> Any:
        raise NotImplementedError

    def schema(self, langs: list[str]) -> dict[str, Any]:
        """JSON Schema of the value as written in a record."""
        raise NotImplementedError

    def published_schema(self, langs: list[str]) -> dict[str, Any]:
        """JSON Schema of the value as the JSON API publishes it (by default, as written)."""
        return self.schema(langs)


class TextSpec(Spec):
    """A text in every site language: `{es: ..., en: ...}`. Inline Markdown only."""

    def __init__(self, doc: str) -> None:
        self.doc = doc

    def parse(self, value: Any, key: Key, ctx: Ctx) -> Texts | None:
        name = field_name(key)
        if not isinstance(value, dict):
            example = texts_example(ctx.langs)
            ctx.error(
                key,
                "wrong-type",
                tr(
                    "%(field)s: expected a text per language (%(example)s), found %(found)s; "
                    "put each language on its own indented line",
                    field=name,
                    example=example,
                    found=found(value),
                ),
            )
            return None
        out: Texts = {}
        for lang in value:
            if lang not in ctx.langs:
                ctx.error(
                    (*key, lang),
                    "unknown-language",
                    tr(
                        "%(field)s: unknown language `%(lang)s`%(hint)s; this site's languages "
                        "are %(langs)s",
                        field=name,
                        lang=lang,
                        hint=did_you_mean(str(lang), ctx.langs),
                        langs=", ".join(ctx.langs),
                    ),
                    of_key=True,
                )
        for lang in ctx.langs:
            if lang not in value:
                ctx.error(
                    key,
                    "missing-translation",
                    tr(
                        "%(field)s: missing the `%(lang)s` translation; add "
                        '`%(lang)s: "..."` under `%(key)s:`',
                        field=name,
                        lang=lang,
                        key=key[-1],
                    ),
                    of_key=True,
                )
                continue
            text = value[lang]
            where = (*key, lang)
            if text is None or (isinstance(text, str) and not has_words(text)):
                message = tr(
                    "%(field)s: the text is empty (or has no words); write it, or keep "
                    "`draft: true` until it is translated",
                    field=field_name(where),
                )
                if ctx.draft:
                    ctx.warn(where, "empty-text", message)
                else:
                    ctx.error(where, "empty-text", message)
                out[lang] = ""
            elif not isinstance(text, str):
                ctx.error(
                    where,
                    "wrong-type",
                    tr(
                        "%(field)s: expected text, found %(found)s; put the text in quotes",
                        field=field_name(where),
                        found=found(text),
                    ),
                )
            elif bad := forbidden_character(text):
                ctx.error(
                    where,
                    "bad-character",
                    tr(
                        "%(field)s: the text holds %(what)s; delete it (it is usually "
                        "invisible: retype the words around it)",
                        field=field_name(where),
                        what=bad,
                    ),
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
            "bad-choice",
            tr(
                "%(field)s: must be one of %(choices)s, found %(found)s%(hint)s",
                field=field_name(key),
                choices=", ".join(self.choices),
                found=found(value),
                hint=hint,
            ),
        )
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.choices), "description": self.doc}


class LangSpec(Spec):
    doc = N_("Language the advisory was written in first; the others are translations.")

    def parse(self, value: Any, key: Key, ctx: Ctx) -> str | None:
        if value in ctx.langs:
            return value
        ctx.error(
            key,
            "bad-choice",
            tr(
                "%(field)s: must be one of this site's languages (%(langs)s), found %(found)s",
                field=field_name(key),
                langs=", ".join(ctx.langs),
                found=found(value),
            ),
        )
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "string", "enum": list(langs), "description": self.doc}


class SlugSpec(Spec):
    doc = N_(
        "URL name of the advisory: lowercase letters, digits and hyphens; the file is <id>.yaml."
    )

    def parse(self, value: Any, key: Key, ctx: Ctx) -> str | None:
        problem = id_problem(value) if isinstance(value, str) else "must be text"
        if problem is None:
            return value
        ctx.error(
            key,
            "bad-id",
            tr(
                "%(field)s: %(found)s %(problem)s; for example `%(example)s`",
                field=field_name(key),
                found=found(value),
                problem=problem,
                example=suggest_id(value),
            ),
        )
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        from .text import MAX_ID_LENGTH

        return {
            "type": "string",
            "pattern": f"^{SLUG.pattern}$",
            "maxLength": MAX_ID_LENGTH,
            "description": self.doc,
        }


DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
TIMESTAMP_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
    r"(\s*(Z|z|[+-]\d{2}(:?\d{2})?)|\s+[A-Za-z_]+(/[A-Za-z0-9_+-]+)*)$"
)


_ZONED = re.compile(
    r"\s*(?P<local>\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2})?)"
    r"\s+(?P<zone>[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*)\s*"
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


def zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _zoned(value: Any, key: Key, ctx: Ctx) -> datetime | None | bool:
    """`2026-11-27T09:00 Europe/Madrid`: a local time with an IANA zone name. False when
    the value is not of that form; None after reporting an unknown zone."""
    match = _ZONED.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return False
    found_zone = zone(match.group("zone"))
    if found_zone is None:
        hint = did_you_mean(match.group("zone"), sorted(available_timezones()))
        ctx.error(
            key,
            "bad-date",
            tr(
                "%(field)s: unknown time zone `%(zone)s`%(hint)s; use a name from the IANA "
                "list such as Europe/Madrid or America/Mexico_City",
                field=field_name(key),
                zone=match.group("zone"),
                hint=hint,
            ),
        )
        return None
    local = datetime.fromisoformat(match.group("local").replace(" ", "T").replace("t", "T"))
    return local.replace(tzinfo=found_zone)


def _impossible_day(value: Any) -> str | None:
    """'2025-11-31': written right, but the day does not exist; say why."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[Tt ].*)?", str(value))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return tr("there is no month %(month)d; months go from 01 to 12", month=month)
    import calendar

    days = calendar.monthrange(year, month)[1]
    if day > days or day < 1:
        return tr(
            "%(year)d-%(month)02d has %(days)d days, so day %(day)d does not exist",
            year=year,
            month=month,
            days=days,
            day=day,
        )
    return None


class WhenSpec(Spec):
    """A date, a timestamp with offset, or (with `date_only`) a date."""

    def __init__(self, doc: str, *, date_only: bool = False, time_only: bool = False) -> None:
        self.doc = doc
        self.date_only = date_only
        self.time_only = time_only

    def parse(self, value: Any, key: Key, ctx: Ctx) -> When | None:
        name = field_name(key)
        zoned = _zoned(value, key, ctx)
        if zoned is None:
            return None
        when = zoned or _as_when(value)
        if when is None:
            impossible = _impossible_day(value)
            if impossible:
                ctx.error(key, "bad-date", f"{name}: {found(value)}: {impossible}")
                return None
            want = (
                tr("a timestamp like 2025-11-27T09:00:00+01:00")
                if self.time_only
                else tr("a date like 2025-11-27")
            )
            ctx.error(
                key,
                "bad-date",
                tr(
                    "%(field)s: expected %(want)s, found %(found)s; write year-month-day with "
                    "hyphens",
                    field=name,
                    want=want,
                    found=found(value),
                ),
            )
            return None
        if out_of_range := date_problem(when):
            ctx.error(key, "date-out-of-range", f"{name}: {out_of_range}")
            return None
        if isinstance(when, datetime):
            if self.date_only:
                ctx.error(
                    key,
                    "date-not-time",
                    tr(
                        "%(field)s: expected a date without a time, found %(found)s; write it "
                        "as %(day)s",
                        field=name,
                        found=found(value),
                        day=when.date().isoformat(),
                    ),
                )
                return None
            if when.tzinfo is None and ctx.timezone and zone(ctx.timezone):
                applied = when.replace(tzinfo=zone(ctx.timezone))
                ctx.warn(
                    key,
                    "zone-applied",
                    tr(
                        "%(field)s: no time zone written, so the site's %(zone)s was applied: "
                        "%(time)s; write it to be explicit",
                        field=name,
                        zone=ctx.timezone,
                        time=applied.isoformat(),
                    ),
                )
                return applied
            if when.tzinfo is None:
                ctx.error(
                    key,
                    "naive-time",
                    tr(
                        "%(field)s: the time has no time zone, so readers elsewhere would see a "
                        "wrong time; write the zone's name, e.g. `%(local)s Europe/Madrid`, or "
                        "its offset on that day, e.g. `%(local)s+01:00`",
                        field=name,
                        local=when.isoformat(timespec="minutes"),
                    ),
                )
                return None
        elif self.time_only:
            ctx.error(
                key,
                "date-not-time",
                tr(
                    "%(field)s: expected a time with its zone, found a date; write it as "
                    "`%(day)sT09:00 Europe/Madrid` (with your time and zone)",
                    field=name,
                    day=when.isoformat(),
                ),
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
        if self.time_only:  # RFC 3339, or a local time and an IANA zone name
            return {"type": "string", "pattern": TIMESTAMP_PATTERN, "description": self.doc}
        return {
            "description": self.doc,
            "anyOf": [
                {"type": "string", "format": "date", "pattern": DATE_PATTERN},
                {"type": "string", "pattern": TIMESTAMP_PATTERN},
            ],
        }


class BoolSpec(Spec):
    def __init__(self, doc: str) -> None:
        self.doc = doc

    def parse(self, value: Any, key: Key, ctx: Ctx) -> bool | None:
        if isinstance(value, bool):
            return value
        ctx.error(
            key,
            "wrong-type",
            tr(
                "%(field)s: expected true or false, found %(found)s",
                field=field_name(key),
                found=found(value),
            ),
        )
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "boolean", "description": self.doc}


class UrlSpec(Spec):
    doc = N_("Address of the source, starting with https://.")

    def parse(self, value: Any, key: Key, ctx: Ctx) -> str | None:
        name = field_name(key)
        if not isinstance(value, str) or not value.startswith(("https://", "http://")):
            ctx.error(
                key,
                "bad-url",
                tr(
                    "%(field)s: expected a full https:// address, found %(found)s",
                    field=name,
                    found=found(value),
                ),
            )
            return None
        problem = url_problem(value)
        if problem:
            ctx.error(
                key,
                "bad-url",
                tr("%(field)s: the address %(problem)s", field=name, problem=problem),
            )
            return None
        if value.startswith("http://"):
            ctx.warn(
                key,
                "insecure-url",
                tr(
                    "%(field)s: the link is not https; use the https:// address if the site "
                    "has one",
                    field=name,
                ),
            )
        return value

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^https?://[!-~]+$", "description": self.doc}


class EmailSpec(Spec):
    doc = N_("An e-mail address.")

    def parse(self, value: Any, key: Key, ctx: Ctx) -> str | None:
        if isinstance(value, str) and re.fullmatch(
            r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", value
        ):
            return value
        ctx.error(
            key,
            "wrong-type",
            tr(
                "%(field)s: expected an e-mail address, found %(found)s",
                field=field_name(key),
                found=found(value),
            ),
        )
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "string", "format": "email", "description": self.doc}


class PhoneSpec(Spec):
    doc = N_("A phone number in international form, e.g. +34 910 000 000.")

    def parse(self, value: Any, key: Key, ctx: Ctx) -> str | None:
        if isinstance(value, str) and re.fullmatch(r"\+?[0-9][0-9 ().-]{5,30}", value):
            return value
        ctx.error(
            key,
            "wrong-type",
            tr(
                "%(field)s: expected a phone number such as +34 910 000 000 (in quotes), "
                "found %(found)s",
                field=field_name(key),
                found=found(value),
            ),
        )
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\+?[0-9][0-9 ().-]{5,30}$", "description": self.doc}


class LineSpec(Spec):
    """One line of plain text in no particular language, such as a case number."""

    def __init__(self, doc: str, max_length: int = 100) -> None:
        self.doc = doc
        self.max_length = max_length

    def parse(self, value: Any, key: Key, ctx: Ctx) -> str | None:
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(text, str) or not text.strip() or "\n" in text:
            ctx.error(
                key,
                "wrong-type",
                tr(
                    "%(field)s: expected one line of text such as a case number, found %(found)s",
                    field=field_name(key),
                    found=found(value),
                ),
            )
            return None
        bad = forbidden_character(text)
        if bad or len(text) > self.max_length:
            ctx.error(
                key,
                "bad-character" if bad else "wrong-type",
                tr(
                    "%(field)s: %(problem)s; write it again as plain text",
                    field=field_name(key),
                    problem=bad or tr("longer than %(max)d characters", max=self.max_length),
                ),
            )
            return None
        return text.strip()

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "string", "maxLength": self.max_length, "description": self.doc}


class CountSpec(Spec):
    """A whole number of at least zero, such as an approximate count of people."""

    def __init__(self, doc: str) -> None:
        self.doc = doc

    def parse(self, value: Any, key: Key, ctx: Ctx) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        ctx.error(
            key,
            "wrong-type",
            tr(
                "%(field)s: expected a whole number such as 12500 (no dots or spaces), found "
                "%(found)s",
                field=field_name(key),
                found=found(value),
            ),
        )
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "integer", "minimum": 0, "description": self.doc}


class ListSpec(Spec):
    takes_empty = True

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
                "wrong-type",
                tr(
                    "%(field)s: expected a list (lines starting with `- `), found %(found)s",
                    field=field_name(key),
                    found=found(value),
                ),
            )
            return None
        if len(value) < self.min_items and not ctx.draft:
            ctx.error(
                key,
                "too-few-items",
                tr(
                    "%(field)s: needs at least %(count)d item(s); add one as a line starting "
                    "with `- `",
                    field=field_name(key),
                    count=self.min_items,
                ),
            )
        items = [self.item.parse(v, (*key, i), ctx) for i, v in enumerate(value)]
        return None if any(i is None for i in items) else tuple(items)

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "array", "items": self.item.schema(langs), "description": self.doc}

    def published_schema(self, langs: list[str]) -> dict[str, Any]:
        return {"type": "array", "items": self.item.published_schema(langs)}


@dataclass(frozen=True)
class Field:
    spec: Spec
    required: bool = True


class ObjectSpec(Spec):
    def __init__(
        self,
        doc: str,
        build: Any,
        fields: dict[str, Field],
        renames: dict[str, str] | None = None,
    ) -> None:
        self.doc = doc
        self.build = build
        self.fields = fields
        self.renames = renames or {}  # YAML key -> Python name, where the key is a keyword

    def parse(self, value: Any, key: Key, ctx: Ctx) -> Any:
        if not isinstance(value, dict):
            ctx.error(
                key,
                "not-a-map",
                tr(
                    "%(field)s: expected a map with %(fields)s, found %(found)s",
                    field=field_name(key),
                    fields=", ".join(self.fields),
                    found=found(value),
                ),
            )
            return None
        for name in value:
            if name not in self.fields:
                ctx.error(
                    (*key, name),
                    "unknown-field",
                    tr(
                        "%(field)s: unknown field%(hint)s (allowed here: %(fields)s)",
                        field=field_name((*key, name)),
                        hint=did_you_mean(str(name), list(self.fields)),
                        fields=", ".join(self.fields),
                    ),
                    of_key=True,
                )
        out: dict[str, Any] = {}
        ok = True
        for name, spec_field in self.fields.items():
            where = (*key, name)
            if name in value and value[name] is None and not spec_field.spec.takes_empty:
                if where not in ctx.doc.unreadable:
                    ctx.error(
                        where,
                        "empty-value",
                        tr(
                            "%(field)s: the line has no value; write one (%(doc)s) or delete "
                            "the line",
                            field=field_name(where),
                            doc=tr(spec_field.spec.doc).rstrip("."),
                        ),
                        of_key=True,
                    )
                ok = False
                continue
            if name not in value:
                if spec_field.required:
                    ctx.error(
                        key,
                        "missing-field",
                        tr(
                            "%(field)s: missing required field `%(name)s`; add `%(name)s:` "
                            "(%(doc)s)",
                            field=field_name(key),
                            name=name,
                            doc=tr(spec_field.spec.doc).rstrip("."),
                        ),
                        of_key=True,
                    )
                    ok = False
                continue
            parsed = spec_field.spec.parse(value[name], where, ctx)
            if parsed is None:
                ok = False
            out[name] = parsed
        return self.build(**{self.renames.get(k, k): v for k, v in out.items()}) if ok else None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {
            "type": "object",
            "description": self.doc,
            "properties": {n: f.spec.schema(langs) for n, f in self.fields.items()},
            "required": [n for n, f in self.fields.items() if f.required],
            "additionalProperties": False,
        }

    def published_schema(self, langs: list[str]) -> dict[str, Any]:
        """Every field is present in published JSON; an optional one may be null."""

        def nullable(spec_field: Field) -> dict[str, Any]:
            schema = spec_field.spec.published_schema(langs)
            if spec_field.required or spec_field.spec.takes_empty:
                return schema
            return {"anyOf": [schema, {"type": "null"}]}

        return {
            "type": "object",
            "properties": {n: nullable(f) for n, f in self.fields.items()},
            "required": list(self.fields),
        }


def all_docs(spec: Spec) -> list[str]:
    """Every doc of a spec tree, for the catalogs (the `new` template shows them)."""
    docs = [spec.doc]
    if isinstance(spec, ObjectSpec):
        for spec_field in spec.fields.values():
            docs += all_docs(spec_field.spec)
    elif isinstance(spec, ListSpec):
        docs += all_docs(spec.item)
    return docs
