"""Site-wide settings, read from a plain dict so the core never imports MkDocs."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .records.advisory import REGIMES, ContactPoint
from .records.diagnostics import UserError
from .records.load import DEFAULT_LIMITS, Limits
from .records.messages import tr
from .records.plain_language import MAX_SENTENCE_WORDS, PlainLanguage
from .records.regimes import LegalDefaults
from .records.spec import zone
from .records.validate import Policy

Texts = dict[str, str]

# Every site setting's default, in one place (the plugin's options default to None).
DEFAULT_LANGUAGES = ["es", "en"]
DEFAULT_RECORDS = "advisories"
DEFAULT_LOCALES = "locales"
DEFAULT_ORGANIZATION = "Example"
DEFAULT_ACTIVE_DAYS = 30  # an active incident stays in the banner this long after its last change
DEFAULT_SMS_MAX_SEGMENTS = 2
DEFAULT_OG_IMAGE = "assets/images/og-default.png"  # shipped in the theme


def _absolute(path_or_url: str, site_url: str) -> str:
    return path_or_url if "://" in path_or_url else site_url + path_or_url.lstrip("/")


class SettingsError(UserError):
    """A site setting is wrong; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    root: Path
    site_url: str
    languages: list[str]
    default_language: str
    records_dir: Path
    locales_dir: Path
    site_name: Texts
    organization: str
    contact_notice: Texts
    security_contacts: list[str]
    policy_url: str
    csaf_namespace: str
    limits: Limits = DEFAULT_LIMITS
    active_days: int = DEFAULT_ACTIVE_DAYS
    email_from: str = ""
    mail_domain: str = ""  # the domain readers' mail comes from; records' contacts should match
    sms_max_segments: int = DEFAULT_SMS_MAX_SEGMENTS
    policy: Policy = Policy()
    og_image: str = ""  # absolute URL of the image link previews show

    @property
    def language_names(self) -> dict[str, str]:
        from babel import Locale

        return {
            lang: Locale.parse(lang).get_display_name(lang).capitalize() for lang in self.languages
        }

    def lang_url(self, lang: str, path: str = "") -> str:
        """Absolute URL of a page of one language's site."""
        return f"{self.site_url}{lang}/{path}"

    def root_url(self, path: str = "") -> str:
        return f"{self.site_url}{path}"


def _texts(
    options: dict[str, Any], name: str, languages: list[str], where: str | None = None
) -> Texts:
    value = options.get(name) or {}
    if isinstance(value, str):
        value = {lang: value for lang in languages}
    missing = [lang for lang in languages if not value.get(lang)]
    if missing:
        raise SettingsError(
            f"mkdocs.yml: plugins.advisories.{where or name} has no text for "
            f"{', '.join(missing)}; add `{missing[0]}: ...` under `{name}:`"
        )
    return {lang: str(value[lang]) for lang in languages}


def _contact_point(options: dict[str, Any], languages: list[str]) -> ContactPoint | None:
    value = options.get("contact_point")
    if not value:
        return None
    if not isinstance(value, dict) or not value.get("name"):
        raise SettingsError(
            "mkdocs.yml: plugins.advisories.contact_point needs at least `name:` (and "
            "`email:`, `phone:` or `url:`), e.g. name: Data Protection Officer"
        )
    return ContactPoint(
        name=_texts(value, "name", languages, "contact_point.name"),
        email=value.get("email"),
        phone=value.get("phone"),
        url=value.get("url"),
    )


def _policy(options: dict[str, Any], languages: list[str], organization: Organization) -> Policy:
    regimes = tuple(_given(options, "regimes", ("gdpr",)))
    unknown = [r for r in regimes if r not in REGIMES]
    if unknown:
        raise SettingsError(
            f"mkdocs.yml: plugins.advisories.regimes: unknown {', '.join(unknown)}; "
            f"use any of {', '.join(REGIMES)}"
        )
    phrases = options.get("downplaying_phrases") or {}
    stale = options.get("stale_translations") or "warning"
    if stale not in ("warning", "error"):
        raise SettingsError(
            "mkdocs.yml: plugins.advisories.stale_translations must be warning or error"
        )
    timezone = options.get("timezone")
    if timezone and zone(timezone) is None:
        raise SettingsError(
            f"mkdocs.yml: plugins.advisories.timezone: unknown zone `{timezone}`; use an IANA "
            "name such as Europe/Madrid"
        )
    return Policy(
        LegalDefaults(
            regimes, _contact_point(options, languages), organization.name, organization.domain
        ),
        PlainLanguage(
            {lang: tuple(p.lower() for p in phrases.get(lang, ())) for lang in phrases},
            _count(options, "max_sentence_words", MAX_SENTENCE_WORDS, 1),
            _min_readability(options, languages),
        ),
        stale,
        timezone,
        bool(options.get("require_approval")),
    )


def _min_readability(options: dict[str, Any], languages: list[str]) -> dict[str, float]:
    """`min_readability: {es: 55, en: 50}`: per language, a score from 0 to 100."""
    value = options.get("min_readability") or {}
    if not isinstance(value, dict) or not all(
        lang in languages
        and isinstance(limit, int | float)
        and not isinstance(limit, bool)
        and 0 <= limit <= 100
        for lang, limit in value.items()
    ):
        raise SettingsError(
            "mkdocs.yml: plugins.advisories.min_readability: give each site language a score "
            f"from 0 to 100, e.g. {{es: 55, en: 50}} (languages: {', '.join(languages)})"
        )
    return {lang: float(limit) for lang, limit in value.items()}


def _given(options: dict[str, Any], name: str, default: Any) -> Any:
    """An option's value, or the default only when it is absent: `regimes: []` and
    `active_days: 0` mean what they say."""
    value = options.get(name)
    return default if value is None else value


def _count(options: dict[str, Any], name: str, default: int, minimum: int) -> int:
    value = _given(options, name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise SettingsError(
            f"mkdocs.yml: plugins.advisories.{name}: {value!r} is not a whole number of at "
            f"least {minimum}; write e.g. `{name}: {default}`"
        )
    return value


# A host name as DNS allows it (letters, digits, hyphens, dots), ASCII: punycode for IDNs.
_HOST = re.compile(
    r"(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*",
    re.I,
)


def _site_url(site_url: str | None) -> str:
    if not site_url:
        raise SettingsError(
            "mkdocs.yml: site_url is required: feeds, hreflang links and the "
            "sitemap need absolute addresses; add `site_url: https://...`"
        )
    parts = urlsplit(site_url)
    host = parts.hostname or ""
    unsafe = [c for c in site_url if c.isspace() or not c.isprintable() or c in "{}<>\"'`|^"]
    if (
        parts.scheme not in ("https", "http")
        or unsafe
        or not _HOST.fullmatch(host)
        or parts.query
        or parts.fragment
        or parts.username is not None
    ):
        raise SettingsError(
            f"mkdocs.yml: site_url {site_url!r} is not a plain web address; write the "
            "public address of the site, such as `site_url: https://advisories.example.com/` "
            "(no spaces, braces, quotes, query or credentials; an international domain in "
            "its xn-- form)"
        )
    return site_url.rstrip("/") + "/"


def _security_contacts(options: dict[str, Any]) -> list[str]:
    contacts = [str(c) for c in _given(options, "security_contacts", [])]
    for contact in contacts:
        if not contact.startswith(("mailto:", "https://", "tel:")) or any(
            c.isspace() or not c.isprintable() for c in contact
        ):
            raise SettingsError(
                f"mkdocs.yml: plugins.advisories.security_contacts: {contact!r} must be one "
                "mailto:, https:// or tel: address on one line, without spaces"
            )
    return contacts


_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")


@dataclass(frozen=True)
class Organization:
    """Who publishes: one block in mkdocs.yml a new organisation fills in once. The name
    signs feeds, CSAF, notices and forms; the domain is the one readers' mail comes from."""

    name: str
    domain: str
    email_from: str


def _organization(options: dict[str, Any], site_url: str) -> Organization:
    value = _given(options, "organization", {})
    if isinstance(value, str):
        value = {"name": value}
    if not isinstance(value, dict):
        raise SettingsError(
            "mkdocs.yml: plugins.advisories.organization must be a map: `name:`, `domain:` "
            "(and optionally `email_from:`)"
        )
    unknown = sorted(set(value) - {"name", "domain", "email_from"})
    if unknown:
        raise SettingsError(
            f"mkdocs.yml: plugins.advisories.organization: unknown key {unknown[0]!r}; use "
            "name, domain and email_from"
        )
    name = str(_given(value, "name", DEFAULT_ORGANIZATION))
    domain = str(_given(value, "domain", urlsplit(site_url).hostname or "localhost")).lower()
    if not _HOST.fullmatch(domain):
        raise SettingsError(
            f"mkdocs.yml: plugins.advisories.organization.domain {domain!r} is not a domain; "
            "write the one your e-mail comes from, e.g. `domain: example.com`"
        )
    email_from = str(
        _given(value, "email_from", _given(options, "email_from", f"security@{domain}"))
    )
    if not name.strip() or not name.isprintable():
        raise SettingsError(
            "mkdocs.yml: plugins.advisories.organization.name must be one line of text, "
            "e.g. `name: Example Energy S.A.`"
        )
    if not _EMAIL.fullmatch(email_from):
        raise SettingsError(
            f"mkdocs.yml: plugins.advisories.organization.email_from {email_from!r} is not "
            f"one e-mail address; write e.g. `email_from: security@{domain}`"
        )
    return Organization(name, domain, email_from)


def from_options(root: Path, site_url: str | None, options: dict[str, Any]) -> Settings:
    """Build settings from the advisories plugin's options in mkdocs.yml."""
    languages = list(_given(options, "languages", DEFAULT_LANGUAGES))
    if not languages:
        raise SettingsError("mkdocs.yml: plugins.advisories.languages lists no language")
    default = _given(options, "default_language", languages[0])
    if default not in languages:
        raise SettingsError(
            f"mkdocs.yml: plugins.advisories.default_language `{default}` is "
            f"not one of languages ({', '.join(languages)})"
        )
    site_url = _site_url(site_url)
    organization = _organization(options, site_url)
    notice = options.get("contact_notice")
    return Settings(
        root=root,
        site_url=site_url,
        languages=languages,
        default_language=default,
        records_dir=root / _given(options, "records", DEFAULT_RECORDS),
        locales_dir=root / _given(options, "locales", DEFAULT_LOCALES),
        site_name=_texts(options, "site_name", languages),
        organization=organization.name,
        contact_notice=_texts(options, "contact_notice", languages) if notice is not None else {},
        security_contacts=_security_contacts(options),
        policy_url=str(_given(options, "policy_url", f"{site_url}{default}/contact/")),
        csaf_namespace=str(_given(options, "csaf_namespace", site_url)),
        limits=Limits(max_bytes=_count(options, "max_record_bytes", Limits.max_bytes, 1)),
        active_days=_count(options, "active_days", DEFAULT_ACTIVE_DAYS, 0),
        email_from=organization.email_from,
        mail_domain=organization.domain,
        sms_max_segments=_count(options, "sms_max_segments", DEFAULT_SMS_MAX_SEGMENTS, 1),
        og_image=_absolute(_given(options, "og_image", DEFAULT_OG_IMAGE), site_url),
        policy=_policy(options, languages, organization),
    )


def build_now(value: str | datetime | None = None) -> datetime:
    """The build's "now": `--now`, else SOURCE_DATE_EPOCH, else the clock (reproducible)."""
    if value:
        try:
            when = (
                value
                if isinstance(value, datetime)
                else datetime.fromisoformat(value.replace("Z", "+00:00"))
            )
        except ValueError:
            raise SettingsError(
                tr(
                    "--now %(value)r is not a time; write it as 2025-11-27T12:00:00+00:00",
                    value=value,
                )
            ) from None
        if when.tzinfo is None:
            raise SettingsError(
                tr("--now %(value)s: add a time zone offset, e.g. +00:00", value=value)
            )
        return when
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise SettingsError(
                tr(
                    "SOURCE_DATE_EPOCH=%(value)r is not a number of seconds since 1970; set "
                    "it to e.g. $(git log -1 --format=%%ct) or unset it",
                    value=epoch,
                )
            ) from None
    return datetime.now(UTC)
