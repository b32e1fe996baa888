"""Sitemaps and robots.txt: a sitemap index at the root, and a one-page sitemap in every
page folder (Material's language switch fetches `sitemap.xml` next to each hreflang link).

Each language's full `sitemap.xml` is written by the theme, which knows every page.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ..settings import Settings
from . import Files

_URLSET = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">'
)


def page_sitemaps(page_urls: list[str], lang: str, settings: Settings) -> Files:
    """One `<lang>/<page>/sitemap.xml` per page folder, listing the page and its twins."""
    out: Files = {}
    for url in page_urls:
        if not url.endswith("/"):
            continue
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{alt}" '
            f"href={quoteattr(settings.lang_url(alt, url))}/>"
            for alt in settings.languages
        )
        loc = settings.lang_url(lang, url).replace("&", "&amp;").replace("<", "&lt;")
        body = f"<url><loc>{loc}</loc>{alternates}</url>"
        xml = f'<?xml version="1.0" encoding="UTF-8"?>\n{_URLSET}{body}</urlset>\n'
        out[f"{lang}/{url}sitemap.xml"] = xml.encode("utf-8")
    return out


def sitemap_index(settings: Settings) -> Files:
    maps = "".join(
        f"<sitemap><loc>{settings.lang_url(lang, 'sitemap.xml')}</loc></sitemap>"
        for lang in settings.languages
    )
    index = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}'
        "</sitemapindex>\n"
    )
    robots = "User-agent: *\nAllow: /\n\n" + "".join(
        f"Sitemap: {settings.lang_url(lang, 'sitemap.xml')}\n" for lang in settings.languages
    )
    return {"sitemap.xml": index.encode("utf-8"), "robots.txt": robots.encode("utf-8")}
