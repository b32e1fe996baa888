"""Files written next to the built pages: feeds, JSON API, CSAF, security.txt, sitemap index.

Only published advisories reach here; the list was filtered before rendering.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import api, csaf
from .feeds import atom
from .harden import harden_html
from .i18n import translations
from .securitytxt import security_txt

if TYPE_CHECKING:
    from .plugin import Shared
    from .settings import Settings

__all__ = ["harden_html", "write_language", "write_root"]


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def _json(path: Path, data: Any) -> None:
    # Compact on purpose: json.dumps with `indent` falls back to the slow Python encoder.
    _write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")


def write_language(shared: Shared, lang: str, site_dir: Path) -> None:
    s = shared.settings
    site = shared.sites[lang]
    t = translations(s.locales_dir, lang)
    _write(site_dir / "feed.xml", atom(site.views, lang, s, t, shared.now))
    for url in site.page_urls:
        if url.endswith("/"):
            _write(site_dir / url / "sitemap.xml", _page_sitemap(url, lang, s))


def _page_sitemap(url: str, lang: str, s: Settings) -> str:
    """One page with its twins. Material's script fetches `sitemap.xml` next to every
    hreflang link to switch languages in place, so each page folder gets one."""
    alternates = "".join(
        f'<xhtml:link rel="alternate" hreflang="{alt}" href="{s.lang_url(alt, url)}"/>'
        for alt in s.languages
    )
    entries = f"<url><loc>{s.lang_url(lang, url)}</loc>{alternates}</url>"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
        'schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
        f"{entries}</urlset>\n"
    )


def _csaf_labels(lang: str, shared: Shared) -> dict[str, str]:
    t = translations(shared.settings.locales_dir, lang)
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
    }


def write_root(shared: Shared, site_dir: Path) -> None:
    s = shared.settings
    now = shared.now
    stamp = now.isoformat()
    t = {lang: translations(s.locales_dir, lang) for lang in s.languages}
    published = shared.published

    _json(site_dir / api.API / "advisories.json", api.index(published, s, stamp))
    for a in published:
        _json(site_dir / api.API / "advisories" / f"{a.id}.json", api.detail(a, s, t))
    for name, schema in api.schemas(s.languages).items():
        _json(site_dir / api.API / "schemas" / name, schema)

    views = {(v.id, lang): v for lang in s.languages for v in shared.sites[lang].views}
    labels = {lang: _csaf_labels(lang, shared) for lang in s.languages}
    changes = []
    for a in published:
        for lang in s.languages:
            doc = csaf.document(a, views[a.id, lang], s, now, labels[lang])
            _json(site_dir / csaf.path(a, lang), doc)
            changes.append(
                (csaf.path(a, lang), doc["document"]["tracking"]["current_release_date"])
            )
    base = f".well-known/csaf/{csaf.TLP_DIR}/"
    _write(
        site_dir / base / "index.txt",
        "".join(f"{p.removeprefix(base)}\n" for p, _ in sorted(changes)),
    )
    _write(
        site_dir / base / "changes.csv",
        "".join(
            f'"{p.removeprefix(base)}","{d}"\n'
            for p, d in sorted(changes, key=lambda c: c[1], reverse=True)
        ),
    )
    _json(site_dir / ".well-known/csaf/provider-metadata.json", csaf.provider_metadata(s, now))
    _write(site_dir / ".well-known/security.txt", security_txt(s, now))

    maps = "".join(
        f"<sitemap><loc>{s.lang_url(lang, 'sitemap.xml')}</loc></sitemap>" for lang in s.languages
    )
    _write(
        site_dir / "sitemap.xml",
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}'
        "</sitemapindex>\n",
    )
    (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)
    _write(
        site_dir / "robots.txt",
        "User-agent: *\nAllow: /\n\n"
        + "".join(f"Sitemap: {s.lang_url(lang, 'sitemap.xml')}\n" for lang in s.languages),
    )
