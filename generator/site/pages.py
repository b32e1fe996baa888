"""Page sources for one language's site: what MkDocs (or any static builder) receives.

Each page is a Markdown body and, beside it, its metadata (title, description, JSON-LD).
The metadata never travels as YAML front matter inside the body: a record's text could
otherwise break the front matter and turn it into live Markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from babel.support import Translations
from markupsafe import Markup, escape

from ..records.advisory import STATUSES, WITHDRAWN, Advisory, newest_first
from ..records.deadlines import posting_until
from ..records.regimes import applicable
from ..settings import Settings
from ..store import ByteStore
from .i18n import contact_notice, translations
from .localize import AdvisoryView, card_path, localize
from .markup import paragraphs, plain
from .remembered import RememberedViews
from .render import Renderer, json_for_script

T = TypeVar("T")


@dataclass(frozen=True)
class PageSource:
    """A page body and its metadata; metadata strings are already HTML-escaped, because
    the theme prints them as they are."""

    markdown: str
    meta: dict[str, Any] = field(default_factory=dict)
    # Long generated HTML (an index of hundreds of advisories) that Markdown would only
    # copy, slowly: the body holds a placeholder per block, `fill_islands` puts it back.
    islands: tuple[str, ...] = ()


class Islands:
    """Collects a template's HTML islands; `add` returns the placeholder to print.

    Record texts reach the HTML escaped, so no record can forge a placeholder."""

    def __init__(self) -> None:
        self.blocks: list[str] = []

    def add(self, html: Markup) -> Markup:
        self.blocks.append(str(html).strip("\n"))
        return Markup(_island_placeholder(len(self.blocks) - 1))


def _island_placeholder(index: int) -> str:
    return f'<div data-advisories-island="{index}"></div>'


def fill_islands(html: str, islands: tuple[str, ...]) -> str:
    """The converted page with each placeholder replaced by its block, once."""
    for index, block in enumerate(islands):
        placeholder = _island_placeholder(index)
        if html.count(placeholder) != 1:
            raise ValueError(f"island {index} lost by the Markdown conversion")
        html = html.replace(placeholder, block)
    return html


def _page_with_islands(
    renderer: Renderer, template: str, lang: str, meta: dict[str, Any], **context: Any
) -> PageSource:
    islands = Islands()
    body = renderer.render(template, lang, islands=islands, **context)
    return PageSource(body, meta, tuple(islands.blocks))


@dataclass
class LanguageSite:
    """One language's views, built once and shared by pages, feeds and the API."""

    lang: str
    views: list[AdvisoryView]
    active: list[dict[str, str]]  # the active-incident banner on every page
    pages: dict[str, PageSource] = field(default_factory=dict)
    page_urls: list[str] = field(default_factory=list)


def shorten(text: str, limit: int = 160) -> str:
    """A meta description search engines show whole: at most `limit` characters, cut at a
    word, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def advisory_meta(v: AdvisoryView, settings: Settings) -> dict[str, str]:
    return {
        "title": str(escape(v.title)),
        "description": str(escape(shorten(v.summary_plain))),
        "jsonld": str(json_for_script(_article_ld(v, settings))),
        "og_type": "article",
        "og_image": settings.root_url(card_path(v)),
        "og_image_alt": str(escape(f"{v.title} — {v.status_label}")),
        "lastmod": v.last_modified.iso,
        # A withdrawn advisory stays online for those who have its link, not for search.
        **({"robots": "noindex"} if v.withdrawn else {}),
    }


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


def active_incidents(
    advisories: list[Advisory], lang: str, settings: Settings, now: datetime
) -> list[dict[str, str]]:
    """Incidents still going on and updated lately, newest first, for a banner on every
    page; empty when nothing is active."""
    t = translations(settings.locales_dir, lang)
    return [
        {
            "title": plain(a.title[lang]),
            "url": settings.lang_url(lang, f"advisories/{a.id}/"),
            "status": t.gettext(STATUSES[a.current_status]),
        }
        for a in newest_first(advisories)
        if a.active(now, settings.active_days) or _must_stay_posted(a, settings, now)
    ]


def _must_stay_posted(a: Advisory, settings: Settings, now: datetime) -> bool:
    """A law's minimum posting time keeps the banner's link on every page, resolved or
    not (California wants a link from the home page for 30 days)."""
    until = posting_until(a, applicable(a, settings.policy.legal))
    return a.state != WITHDRAWN and until is not None and now.date() <= until


def _view(
    a: Advisory, lang: str, t: Translations, now: datetime, cache: dict[tuple, tuple] | None
) -> AdvisoryView:
    """Preview only: an unchanged record keeps its view while the catalog and its
    embargo state are the same."""
    if cache is None:
        return localize(a, lang, t, now)
    key = ("view", a.id, lang, id(t), a.embargoed(now))
    return _kept(cache, key, (a,), lambda: localize(a, lang, t, now))


def _kept(cache: dict[tuple, tuple], key: tuple, made_from: tuple, make: Callable[[], T]) -> T:
    """What `make` gave when it was last made from the same or equal objects. The checks'
    cache returns the same objects for unchanged records, and so do the views and pages
    kept here; an edited record that gives an equal view (a Spanish edit, in the English
    view) keeps its English page and listing. So an edit remakes only what it reaches."""
    hit = cache.get(key)
    if hit is None or len(hit[0]) != len(made_from) or not all(map(_same, hit[0], made_from)):
        hit = (made_from, make())
        cache[key] = hit
    return hit[1]


def _same(kept: object, current: object) -> bool:
    return kept is current or (type(kept) is type(current) and kept == current)


def language_site(
    advisories: list[Advisory],
    lang: str,
    settings: Settings,
    renderer: Renderer,
    now: datetime,
    cache: dict[tuple, tuple] | None = None,
    store: ByteStore | None = None,
) -> LanguageSite:
    """Index, one page per advisory and the FAQ page, for published advisories only.
    `serve` keeps views and pages in memory (`cache`), a publishing build in `store`."""
    t = translations(settings.locales_dir, lang)
    remembered = RememberedViews(store, lang, t, settings, now) if store else None
    views = [
        remembered.view(a) if remembered else _view(a, lang, t, now, cache)
        for a in newest_first(advisories)
    ]
    site = LanguageSite(lang, views, active_incidents(advisories, lang, settings, now))
    notice = paragraphs(contact_notice(settings, lang))

    def render(v: AdvisoryView) -> PageSource:
        return _page_with_islands(
            renderer, "advisory.md.j2", lang, advisory_meta(v, settings), a=v, contact_notice=notice
        )

    for v in views:
        if remembered:
            page = remembered.page(v, render, PageSource)
        elif cache is None:
            page = render(v)
        else:  # `serve` passes a cache: an unchanged view renders to an unchanged page
            page = _kept(cache, ("page", v.id, lang), (v,), partial(render, v))
        site.pages[f"advisories/{v.id}.md"] = page
    if cache is None:
        site.pages.update(_listing_pages(renderer, lang, t, views, None))
    else:  # the same views list the same way
        make = partial(_listing_pages, renderer, lang, t, views, cache)
        site.pages.update(_kept(cache, ("listing", lang), tuple(views), make))
    return site


def _listing_pages(
    renderer: Renderer,
    lang: str,
    t: Translations,
    views: list[AdvisoryView],
    cache: dict[tuple, tuple] | None,
) -> dict[str, PageSource]:
    """The pages that list every advisory: the index and the FAQ. Each advisory's entry
    is rendered on its own, so `serve` (which passes a cache) renders only those of the
    views an edit changed."""
    listing = renderer.env(lang).get_template("_listing.j2").module

    def entries(macro_name: str) -> Callable[[AdvisoryView], Markup]:
        macro = getattr(listing, macro_name)
        if cache is None:
            return macro
        return lambda v: _kept(cache, ("entry", macro_name, v.id), (v,), partial(macro, v))

    return {
        "advisories/index.md": _page_with_islands(
            renderer,
            "index.md.j2",
            lang,
            {
                "title": str(escape(t.gettext("Security advisories"))),
                "description": str(
                    escape(t.gettext("Every security advisory we have published, newest first."))
                ),
            },
            advisories=views,
            entry=entries("index_entry"),
        ),
        "faq.md": _page_with_islands(
            renderer,
            "faq.md.j2",
            lang,
            {
                "title": str(escape(t.gettext("Frequently asked questions"))),
                "description": str(
                    escape(
                        t.gettext("Answers to readers' questions about our security advisories.")
                    )
                ),
                "jsonld": str(json_for_script(_faq_ld(views))),
                "search": {"exclude": True},
            },
            advisories=views,
            entry=entries("faq_entry"),
        ),
    }
