"""Gettext catalogs read straight from `.po` files, and Babel formatting of dates.

Reading the `.po` in memory means a build never needs a committed or compiled `.mo`.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_time, get_timezone_gmt
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from ..records.diagnostics import UserError
from ..records.vocabulary import N_
from ..settings import Settings

DOMAIN = "messages"


class CatalogError(UserError):
    pass


def po_path(locales_dir: Path, lang: str) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _load(po: Path, mtime: float) -> Translations:
    with po.open("rb") as fp:
        catalog = read_po(fp)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def translations(locales_dir: Path, lang: str) -> Translations:
    """Catalog for `lang`; cached per file version so `serve` picks up edits."""
    po = po_path(locales_dir, lang)
    if not po.exists():
        raise CatalogError(
            f"{po}: no catalog for language `{lang}`; create it with "
            f"`advisories i18n init {lang}`, then translate its entries"
        )
    return _load(po, po.stat().st_mtime)


@cache
def og_locale(lang: str) -> str:
    """Open Graph's `ll_CC` form, from the language's likely region: es -> es_ES."""
    likely = Locale.parse(get_global("likely_subtags").get(lang, lang))
    return f"{likely.language}_{likely.territory}" if likely.territory else lang


@lru_cache(maxsize=16384)
def format_when(when: date | datetime, lang: str) -> str:
    """ "9 de noviembre de 2025" / "November 9, 2025", with the time and offset when known."""
    if isinstance(when, datetime):
        day = format_date(when, "long", locale=lang)
        clock = format_time(when, "HH:mm", tzinfo=when.tzinfo, locale=lang)
        zone = get_timezone_gmt(when, "long", locale=lang)
        return f"{day}, {clock} ({zone})"
    return format_date(when, "long", locale=lang)


def iso(when: date | datetime) -> str:
    return when.isoformat()


def rfc3339(value: date | datetime | str) -> str:
    """A UTC timestamp for Atom and CSAF; a bare date means midnight UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, datetime.min.time(), UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


# The "how we contact you" box when mkdocs.yml sets no `contact_notice`: it names the
# organisation's own mail domain, so a new site never shows the sample's.
CONTACT_NOTICE = N_(
    "We only write to you from addresses ending in `@%(domain)s`, and we will **never** ask "
    "for your password, verification codes or keys by e-mail, text message or phone. If you "
    "get such a message, do not answer it: type the site's address yourself to sign in."
)


def contact_notice(settings: Settings, lang: str) -> str:
    """The site's contact box text in `lang` (Markdown)."""
    if settings.contact_notice:
        return settings.contact_notice[lang]
    catalog = translations(settings.locales_dir, lang)
    return catalog.gettext(CONTACT_NOTICE) % {"domain": settings.mail_domain}
