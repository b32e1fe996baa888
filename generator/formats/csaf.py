"""CSAF 2.0 documents, profile "Security incident response", one per language.

The source language's document is the original; each other language is a
translation as CSAF describes it: its own tracking id, `lang`, `source_lang`,
publisher category `translator`, and the original as first reference.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from babel.support import Translations

from .. import __version__
from ..records.advisory import Advisory
from ..settings import Settings
from ..site.i18n import rfc3339
from ..site.localize import AdvisoryView
from ..site.markup import plain
from . import Files, json_bytes

TLP_DIR = "white"
STATUS = {"investigating": "interim", "contained": "interim", "resolved": "final"}


def labels(t: Translations) -> dict[str, str]:
    """One language's note and reference titles, from the catalogs."""
    return {
        "initial": t.gettext("Initial release"),
        "self": t.gettext("This CSAF document"),
        "page": t.gettext("The advisory on our website"),
        "original": t.gettext("Original document, of which this is a translation"),
        "summary": t.gettext("Summary"),
        "description": t.gettext("What happened"),
        "affected": t.gettext("Affected"),
        "not_affected": t.gettext("Not affected"),
        "recommendations": t.gettext("What to do now"),
        "withdrawn": t.gettext("Withdrawn"),
        "occurred": t.gettext("When it happened"),
        "consequences_plain": t.gettext("Likely consequences"),
        "measures_plain": t.gettext("What we are doing"),
        "delay": t.gettext("Delay of this notice"),
    }


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
    revisions = [(v.published.iso, labels["initial"])]
    revisions += [(u.iso, u.plain) for u in v.updates]
    if v.withdrawn:
        revisions.append((v.withdrawn.iso, f"{labels['withdrawn']}: {v.withdrawn.plain}"))
    revisions.sort(key=lambda revision: rfc3339(revision[0]))  # CSAF 6.1.14: by date
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
            "text": v.description_plain,
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
    for name in ("occurred", "consequences_plain", "measures_plain", "delay"):
        text = getattr(v, name)
        if text:
            notes.append({"category": "general", "title": labels[name], "text": text})
    if v.withdrawn:
        notes.insert(
            0,
            {
                "category": "general",
                "title": labels["withdrawn"],
                "text": f"{v.withdrawn.label}: {v.withdrawn.plain}",
            },
        )
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


def document_file(
    a: Advisory, v: AdvisoryView, s: Settings, now: datetime, labels: dict[str, str]
) -> tuple[str, str, bytes]:
    """One document's path, current release date (for the directory listing) and bytes.
    Keys are sorted (CSAF test 6.2.13)."""
    doc = document(a, v, s, now, labels)
    return (
        path(a, v.lang),
        doc["document"]["tracking"]["current_release_date"],
        json_bytes(doc, sort_keys=True),
    )


def directory_files(releases: Iterable[tuple[str, str]], s: Settings, now: datetime) -> Files:
    """The ROLIE-less directory listing of every document, from each one's path and current
    release date (`index.txt` by path, `changes.csv` newest first), and provider metadata.
    Made apart from the documents, so a large site's documents need never be held at once."""
    base = f".well-known/csaf/{TLP_DIR}/"
    listed = sorted(releases)
    out: Files = {
        base + "index.txt": "".join(f"{p.removeprefix(base)}\n" for p, _ in listed).encode("utf-8")
    }
    table = io.StringIO()
    writer = csv.writer(table, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for p, when in sorted(listed, key=lambda release: release[1], reverse=True):
        writer.writerow([p.removeprefix(base), when])
    out[base + "changes.csv"] = table.getvalue().encode("utf-8")
    out[".well-known/csaf/provider-metadata.json"] = json_bytes(
        provider_metadata(s, now), sort_keys=True
    )
    return out
