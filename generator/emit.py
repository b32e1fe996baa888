"""Page sources for one language's site: what MkDocs (or any static builder) receives.

Returns `{path: markdown}`; the MkDocs plugin turns these into in-memory files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .i18n import translations
from .localize import AdvisoryView, localize
from .markup import paragraphs
from .model import Advisory
from .render import Renderer
from .settings import Settings


def newest_first(advisories: list[Advisory]) -> list[Advisory]:
    return sorted(advisories, key=lambda a: (a.published, a.last_modified, a.id), reverse=True)


@dataclass
class LanguageSite:
    """One language's views, built once and shared by pages, feeds and the API."""

    lang: str
    views: list[AdvisoryView]
    pages: dict[str, str] = field(default_factory=dict)
    page_urls: list[str] = field(default_factory=list)


def _article_ld(v: AdvisoryView, s: Settings) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": v.title,
        "description": v.summary_plain,
        "inLanguage": v.lang,
        "datePublished": v.published.iso,
        "dateModified": v.last_modified.iso,
        "url": s.lang_url(v.lang, v.url),
        "mainEntityOfPage": s.lang_url(v.lang, v.url),
        "publisher": {"@type": "Organization", "name": s.organization},
        "author": {"@type": "Organization", "name": s.organization},
    }


def _faq_ld(views: list[AdvisoryView]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": f.question,
                "acceptedAnswer": {"@type": "Answer", "text": f.answer_plain},
            }
            for v in views
            for f in v.faq
        ],
    }


def language_site(
    advisories: list[Advisory],
    lang: str,
    settings: Settings,
    renderer: Renderer,
    now: datetime,
    cache: dict[str, str] | None = None,
) -> LanguageSite:
    """Index, one page per advisory and the FAQ page, for published advisories only."""
    t = translations(settings.locales_dir, lang)
    views = [localize(a, lang, t, now) for a in newest_first(advisories)]
    site = LanguageSite(lang, views)
    notice = paragraphs(settings.contact_notice[lang])

    def render(v: AdvisoryView) -> str:
        return renderer.render(
            "advisory.md.j2", lang, a=v, jsonld=_article_ld(v, settings), contact_notice=notice
        )

    for v in views:
        if cache is None:
            page = render(v)
        else:  # `serve` passes a cache: an unchanged view renders to an unchanged page
            key = repr(v)
            if key not in cache:
                cache[key] = render(v)
            page = cache[key]
        site.pages[f"advisories/{v.id}.md"] = page
    site.pages["advisories/index.md"] = renderer.render("index.md.j2", lang, advisories=views)
    site.pages["faq.md"] = renderer.render(
        "faq.md.j2", lang, advisories=views, jsonld=_faq_ld(views)
    )
    return site
