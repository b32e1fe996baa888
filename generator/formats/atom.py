"""Atom feeds per language: one entry per advisory, per update and per withdrawal.

Entry ids come only from record facts (id, dates, position among same-day
updates), so rebuilding never makes a reader see an entry twice.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from babel.support import Translations

from ..settings import Settings
from ..site.i18n import rfc3339
from ..site.localize import AdvisoryView, UpdateView
from . import Files

ATOM = "http://www.w3.org/2005/Atom"


def tag_id(settings: Settings, first_year: str, *parts: str) -> str:
    host = urlsplit(settings.site_url).hostname or "localhost"
    return f"tag:{host},{first_year}:" + "/".join(parts)


def entries(v: AdvisoryView, settings: Settings, t: Translations) -> list[dict[str, str]]:
    year = v.published.iso[:4]
    url = settings.lang_url(v.lang, v.url)
    out = [
        {
            "id": tag_id(settings, year, "advisories", v.id, v.lang),
            "title": v.title,
            "updated": rfc3339(v.published.iso),
            "summary": v.summary_plain,
            "link": url,
        }
    ]
    seen: dict[str, int] = {}
    for u in v.updates:
        seen[u.iso] = seen.get(u.iso, 0) + 1
        out.append(
            {
                "id": tag_id(
                    settings, year, "advisories", v.id, v.lang, "updates", u.iso, str(seen[u.iso])
                ),
                "title": update_title(u, v.title, t),
                "updated": rfc3339(u.iso),
                "summary": u.plain,
                "link": url + "#updates",
            }
        )
    if v.withdrawn:
        out.append(
            {
                "id": tag_id(settings, year, "advisories", v.id, v.lang, "withdrawn"),
                "title": t.gettext("Withdrawn: %(title)s") % {"title": v.title},
                "updated": rfc3339(v.withdrawn.iso),
                "summary": t.gettext("This advisory has been withdrawn: %(reason)s")
                % {"reason": v.withdrawn.plain},
                "link": url,
            }
        )
    return out


def update_title(u: UpdateView, title: str, t: Translations) -> str:
    """Says what changed, so a status change stands out in a feed reader or an inbox."""
    if u.status_label:
        return t.gettext("Update: now %(status)s — %(title)s") % {
            "status": u.status_label,
            "title": title,
        }
    if u.severity_label:
        return t.gettext("Update: severity now %(severity)s — %(title)s") % {
            "severity": u.severity_label,
            "title": title,
        }
    return t.gettext("Update, %(date)s — %(title)s") % {"date": u.short_label, "title": title}


def feed(
    views: list[AdvisoryView], lang: str, settings: Settings, t: Translations, now: datetime
) -> Files:
    """`<lang>/feed.xml`: newest entry first."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    items = sorted(
        (e for v in views for e in entries(v, settings, t)),
        key=lambda e: (e["updated"], e["id"]),
        reverse=True,
    )

    def sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{name}", attrs)
        if text is not None:
            el.text = text
        return el

    sub(root, "id", settings.lang_url(lang, "feed.xml"))
    sub(root, "title", settings.site_name[lang])
    sub(root, "updated", items[0]["updated"] if items else rfc3339(now.date().isoformat()))
    sub(root, "link", href=settings.lang_url(lang, "feed.xml"), rel="self")
    sub(root, "link", href=settings.lang_url(lang), rel="alternate")
    author = sub(root, "author")
    sub(author, "name", settings.organization)
    for e in items:
        entry = sub(root, "entry")
        sub(entry, "id", e["id"])
        sub(entry, "title", e["title"])
        sub(entry, "updated", e["updated"])
        sub(entry, "link", href=e["link"], rel="alternate")
        sub(entry, "summary", e["summary"])
    return {f"{lang}/feed.xml": ET.tostring(root, encoding="utf-8", xml_declaration=True)}
