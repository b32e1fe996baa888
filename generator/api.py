"""The read-only JSON API: static files a script can fetch, with a JSON Schema for each."""

from __future__ import annotations

from typing import Any

from babel.support import Translations

from .emit import newest_first
from .markup import plain
from .model import Advisory, DataClass, Entry
from .settings import Settings
from .vocabulary import VOCABULARY

API = "api/v1/"


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


def summary(a: Advisory, s: Settings) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": {lang: plain(a.title[lang]) for lang in s.languages},
        "published": a.published.isoformat(),
        "updated": a.updated.isoformat() if a.updated else None,
        "withdrawn": a.withdrawn.isoformat() if a.withdrawn else None,
        "status": a.status,
        "severity": a.severity,
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
        "updates": _entries(a.updates),
    }


def index(advisories: list[Advisory], s: Settings, generated: str) -> dict[str, Any]:
    return {
        "version": 1,
        "generated": generated,
        "languages": s.languages,
        "advisories": [summary(a, s) for a in newest_first(advisories)],
    }


def _texts(langs: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": langs,
        "additionalProperties": False,
        "properties": {lang: {"type": "string"} for lang in langs},
    }


def _summary_schema(langs: list[str]) -> dict[str, Any]:
    date = {"type": "string", "format": "date"}
    nullable_date = {"type": ["string", "null"], "format": "date"}
    return {
        "type": "object",
        "required": [
            "id",
            "title",
            "published",
            "updated",
            "withdrawn",
            "status",
            "severity",
            "urls",
            "json",
        ],
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
            "title": _texts(langs),
            "published": date,
            "updated": nullable_date,
            "withdrawn": nullable_date,
            "status": {"enum": ["investigating", "contained", "resolved"]},
            "severity": {"enum": ["low", "medium", "high", "critical"]},
            "urls": {
                **_texts(langs),
                "properties": {lang: {"type": "string", "format": "uri"} for lang in langs},
            },
            "json": {"type": "string", "format": "uri"},
        },
    }


def schemas(langs: list[str]) -> dict[str, dict[str, Any]]:
    """JSON Schemas of both endpoints, published next to them."""
    base = "https://json-schema.org/draft/2020-12/schema"
    entry = {
        "type": "object",
        "required": ["date", "text"],
        "properties": {"date": {"type": "string"}, "text": _texts(langs)},
    }
    data_class = {
        "type": "object",
        "required": ["id", "tier", "label"],
        "properties": {
            "id": {"type": ["string", "null"]},
            "tier": {"type": ["integer", "null"]},
            "label": _texts(langs),
        },
    }
    record = _summary_schema(langs)
    record["required"] = [
        *record["required"],
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
    ]
    record["properties"] = {
        **record["properties"],
        "source_lang": {"enum": langs},
        **{k: _texts(langs) for k in ("summary", "description", "affected", "not_affected")},
        "timeline": {"type": "array", "items": entry},
        "updates": {"type": "array", "items": entry},
        "exposed": {"type": "array", "items": data_class},
        "not_exposed": {"type": "array", "items": data_class},
        "recommendations": {"type": "array", "items": _texts(langs)},
        "faq": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["question", "answer"],
                "properties": {"question": _texts(langs), "answer": _texts(langs)},
            },
        },
        "references": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["url", "title"],
                "properties": {"url": {"type": "string", "format": "uri"}, "title": _texts(langs)},
            },
        },
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
