"""CSAF 2.0 documents, profile "Security incident response", one per language.

The source language's document is the original; each other language is a
translation as CSAF describes it: its own tracking id, `lang`, `source_lang`,
publisher category `translator`, and the original as first reference.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from . import __version__
from .i18n import rfc3339
from .localize import AdvisoryView
from .markup import plain
from .model import Advisory
from .settings import Settings

TLP_DIR = "white"
STATUS = {"investigating": "interim", "contained": "interim", "resolved": "final"}


def tracking_id(a: Advisory, lang: str) -> str:
    return a.id if lang == a.source_lang else f"{a.id}-{lang}"


def path(a: Advisory, lang: str) -> str:
    return f".well-known/csaf/{TLP_DIR}/{a.published.year}/{tracking_id(a, lang)}.json"


def document(
    a: Advisory, v: AdvisoryView, s: Settings, now: datetime, labels: dict[str, str]
) -> dict[str, Any]:
    """`labels`: this language's note titles, from the catalogs."""
    lang = v.lang
    translation = lang != a.source_lang
    revisions = [(u.iso, u.plain) for u in v.updates] or [(v.published.iso, labels["initial"])]
    history = [
        {"date": rfc3339(d), "number": str(i + 1), "summary": text}
        for i, (d, text) in enumerate(revisions)
    ]
    newest = max([rfc3339(v.last_modified.iso), *(h["date"] for h in history)])
    references = [
        {"category": "self", "summary": labels["self"], "url": s.root_url(path(a, lang))},
        {"category": "external", "summary": labels["page"], "url": s.lang_url(lang, v.url)},
        *({"category": "external", "summary": r.title, "url": r.url} for r in v.references),
    ]
    if translation:
        references.insert(
            0,
            {
                "category": "external",
                "summary": labels["original"],
                "url": s.root_url(path(a, a.source_lang)),
            },
        )
    notes = [
        {"category": "summary", "title": labels["summary"], "text": v.summary_plain},
        {
            "category": "description",
            "title": labels["description"],
            "text": plain(a.description[lang]),
        },
        {"category": "general", "title": labels["affected"], "text": plain(a.affected[lang])},
        {
            "category": "general",
            "title": labels["not_affected"],
            "text": plain(a.not_affected[lang]),
        },
        {
            "category": "details",
            "title": labels["recommendations"],
            "text": "\n".join(f"{i + 1}. {r}" for i, r in enumerate(v.recommendations_plain)),
        },
    ]
    doc: dict[str, Any] = {
        "category": "csaf_security_incident_response",
        "csaf_version": "2.0",
        "title": v.title,
        "lang": lang,
        "publisher": {
            "category": "translator" if translation else "vendor",
            "name": s.organization,
            "namespace": s.csaf_namespace,
        },
        "distribution": {"tlp": {"label": "WHITE"}},
        "aggregate_severity": {"text": v.severity_label},
        "notes": notes,
        "references": references,
        "tracking": {
            "id": tracking_id(a, lang),
            "initial_release_date": rfc3339(a.published),
            "current_release_date": newest,
            "revision_history": history,
            "status": STATUS[a.status],
            "version": str(len(history)),
            "generator": {
                "date": rfc3339(now),
                "engine": {"name": "advisories", "version": __version__},
            },
        },
    }
    if translation:
        doc["source_lang"] = a.source_lang
    return {"document": doc}


def provider_metadata(s: Settings, now: datetime) -> dict[str, Any]:
    return {
        "canonical_url": s.root_url(".well-known/csaf/provider-metadata.json"),
        "distributions": [{"directory_url": s.root_url(f".well-known/csaf/{TLP_DIR}/")}],
        "last_updated": rfc3339(now),
        "list_on_CSAF_aggregators": True,
        "metadata_version": "2.0",
        "mirror_on_CSAF_aggregators": True,
        "publisher": {"category": "vendor", "name": s.organization, "namespace": s.csaf_namespace},
        "role": "csaf_publisher",
    }
