"""The read-only JSON API: static files a script can fetch, with a JSON Schema for each.

The schemas are generated from the record spec (`RECORD`), so a field added to records
reaches the API's schema without a second hand-written description.
"""

from __future__ import annotations

from typing import Any

from babel.support import Translations

from ..records.advisory import (
    RECORD,
    STATUSES,
    WITHDRAWN,
    Advisory,
    DataClass,
    Entry,
    Update,
    newest_first,
)
from ..records.vocabulary import VOCABULARY
from ..settings import Settings
from ..site.markup import plain
from . import Files, json_bytes

API = "api/v1/"
# Record fields the summary (index) entry carries, and those only the detail adds.
SUMMARY_FIELDS = ("id", "title", "published", "updated", "withdrawn", "status", "severity")
DETAIL_FIELDS = (
    "source_lang",
    "summary",
    "description",
    "affected",
    "not_affected",
    "timeline",
    "exposed",
    "not_exposed",
    "recommendations",
    "faq",
    "references",
    "updates",
)


def _urls(a: Advisory, s: Settings) -> dict[str, str]:
    return {lang: s.lang_url(lang, f"advisories/{a.id}/") for lang in s.languages}


def _class(item: DataClass, langs: list[str], t: dict[str, Translations]) -> dict[str, Any]:
    if item.id:
        info = VOCABULARY[item.id]
        return {
            "id": item.id,
            "tier": info.tier,
            "label": {lang: t[lang].gettext(info.label) for lang in langs},
        }
    return {"id": None, "tier": None, "label": {k: plain(v) for k, v in item.labels.items()}}


def _entries(items: tuple[Entry, ...]) -> list[dict[str, Any]]:
    return [{"date": e.when.isoformat(), "text": dict(e.text)} for e in items]


def _updates(items: tuple[Update, ...]) -> list[dict[str, Any]]:
    return [
        {
            "date": u.when.isoformat(),
            "text": dict(u.text),
            "status": u.status,
            "severity": u.severity,
            "sms": dict(u.sms) if u.sms else None,
        }
        for u in items
    ]


def _withdrawn(a: Advisory) -> dict[str, Any] | None:
    if not a.withdrawn:
        return None
    return {"date": a.withdrawn.when.isoformat(), "reason": dict(a.withdrawn.reason)}


def summary(a: Advisory, s: Settings) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": {lang: plain(a.title[lang]) for lang in s.languages},
        "published": a.published.isoformat(),
        "updated": a.updated.isoformat() if a.updated else None,
        "withdrawn": _withdrawn(a),
        "status": a.state,  # what readers see: "withdrawn" once withdrawn
        "severity": a.current_severity,
        "urls": _urls(a, s),
        "json": s.root_url(f"{API}advisories/{a.id}.json"),
    }


def detail(a: Advisory, s: Settings, t: dict[str, Translations]) -> dict[str, Any]:
    """The whole record as published. Texts keep their inline Markdown."""
    langs = s.languages
    return {
        **summary(a, s),
        "source_lang": a.source_lang,
        "summary": dict(a.summary),
        "description": dict(a.description),
        "affected": dict(a.affected),
        "not_affected": dict(a.not_affected),
        "timeline": _entries(a.timeline),
        "exposed": [_class(c, langs, t) for c in a.exposed],
        "not_exposed": [_class(c, langs, t) for c in a.not_exposed],
        "recommendations": [dict(r) for r in a.recommendations],
        "faq": [{"question": dict(f.question), "answer": dict(f.answer)} for f in a.faq],
        "references": [{"url": r.url, "title": dict(r.title)} for r in a.references],
        "updates": _updates(a.updates),
    }


def index(advisories: list[Advisory], s: Settings, generated: str) -> dict[str, Any]:
    return {
        "version": 1,
        "generated": generated,
        "languages": s.languages,
        "advisories": [summary(a, s) for a in newest_first(advisories)],
    }


def _field_schema(name: str, langs: list[str]) -> dict[str, Any]:
    spec_field = RECORD.fields[name]
    schema = spec_field.spec.published_schema(langs)
    return schema if spec_field.required else {"anyOf": [schema, {"type": "null"}]}


def _summary_schema(langs: list[str]) -> dict[str, Any]:
    uri = {"type": "string", "format": "uri"}
    return {
        "type": "object",
        "required": [*SUMMARY_FIELDS, "urls", "json"],
        "properties": {
            **{name: _field_schema(name, langs) for name in SUMMARY_FIELDS},
            "status": {"type": "string", "enum": [*STATUSES, WITHDRAWN]},
            "urls": {
                "type": "object",
                "required": list(langs),
                "additionalProperties": False,
                "properties": {lang: uri for lang in langs},
            },
            "json": uri,
        },
    }


def schemas(langs: list[str]) -> dict[str, dict[str, Any]]:
    """JSON Schemas of both endpoints, published next to them."""
    base = "https://json-schema.org/draft/2020-12/schema"
    record = _summary_schema(langs)
    record["required"] = [*record["required"], *DETAIL_FIELDS]
    record["properties"] = {
        **record["properties"],
        **{name: RECORD.fields[name].spec.published_schema(langs) for name in DETAIL_FIELDS},
    }
    return {
        "advisories.schema.json": {
            "$schema": base,
            "title": "Index of published advisories",
            "type": "object",
            "required": ["version", "generated", "languages", "advisories"],
            "properties": {
                "version": {"const": 1},
                "generated": {"type": "string"},
                "languages": {"type": "array", "items": {"type": "string"}},
                "advisories": {"type": "array", "items": _summary_schema(langs)},
            },
        },
        "advisory.schema.json": {"$schema": base, "title": "One published advisory", **record},
    }


def api_files(
    published: list[Advisory], s: Settings, t: dict[str, Translations], generated: str
) -> Files:
    out: Files = {f"{API}advisories.json": json_bytes(index(published, s, generated))}
    for a in published:
        out[f"{API}advisories/{a.id}.json"] = json_bytes(detail(a, s, t))
    for name, schema in schemas(s.languages).items():
        out[f"{API}schemas/{name}"] = json_bytes(schema)
    return out
