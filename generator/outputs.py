"""Files written next to the built pages: feeds, sitemap index, robots.txt.

Only published advisories reach here; the list was filtered before rendering.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .harden import harden_html
from .feeds import atom
from .i18n import translations

if TYPE_CHECKING:
    from .plugin import Shared

__all__ = ["harden_html", "write_language", "write_root"]


def write_language(shared: Shared, lang: str, site_dir: Path, now: datetime) -> None:
    s = shared.settings
    site = shared.sites[lang]
    t = translations(s.locales_dir, lang)
    (site_dir / "feed.xml").write_bytes(atom(site.views, lang, s, t, now))


def write_root(shared: Shared, site_dir: Path) -> None:
    s = shared.settings
    maps = "".join(
        f"<sitemap><loc>{s.lang_url(lang, 'sitemap.xml')}</loc></sitemap>" for lang in s.languages
    )
    (site_dir / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{maps}'
        "</sitemapindex>\n",
        encoding="utf-8",
    )
    (site_dir / "sitemap.xml.gz").unlink(missing_ok=True)
    (site_dir / "robots.txt").write_text(
        "User-agent: *\nAllow: /\n\n"
        + "".join(f"Sitemap: {s.lang_url(lang, 'sitemap.xml')}\n" for lang in s.languages),
        encoding="utf-8",
    )
