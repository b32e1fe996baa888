"""Site-wide settings, read from a plain dict so the core never imports MkDocs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .records.advisory import REGIMES, ContactPoint
from .records.load import DEFAULT_LIMITS, Limits
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


class SettingsError(ValueError):
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


def _policy(options: dict[str, Any], languages: list[str], organization: str) -> Policy:
    regimes = tuple(options.get("regimes") or ("gdpr",))
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
        LegalDefaults(regimes, _contact_point(options, languages), organization),
        PlainLanguage(
            {lang: tuple(p.lower() for p in phrases.get(lang, ())) for lang in phrases},
            int(options.get("max_sentence_words") or MAX_SENTENCE_WORDS),
        ),
        stale,
        timezone,
    )


def from_options(root: Path, site_url: str | None, options: dict[str, Any]) -> Settings:
    """Build settings from the advisories plugin's options in mkdocs.yml."""
    languages = list(options.get("languages") or DEFAULT_LANGUAGES)
    default = options.get("default_language") or languages[0]
    if default not in languages:
        raise SettingsError(
            f"mkdocs.yml: plugins.advisories.default_language `{default}` is "
            f"not one of languages ({', '.join(languages)})"
        )
    if not site_url:
        raise SettingsError(
            "mkdocs.yml: site_url is required: feeds, hreflang links and the "
            "sitemap need absolute addresses; add `site_url: https://...`"
        )
    site_url = site_url.rstrip("/") + "/"
    organization = str(options.get("organization") or DEFAULT_ORGANIZATION)
    return Settings(
        root=root,
        site_url=site_url,
        languages=languages,
        default_language=default,
        records_dir=root / (options.get("records") or DEFAULT_RECORDS),
        locales_dir=root / (options.get("locales") or DEFAULT_LOCALES),
        site_name=_texts(options, "site_name", languages),
        organization=organization,
        contact_notice=_texts(options, "contact_notice", languages),
        security_contacts=list(options.get("security_contacts") or []),
        policy_url=str(options.get("policy_url") or f"{site_url}{default}/contact/"),
        csaf_namespace=str(options.get("csaf_namespace") or site_url),
        limits=Limits(max_bytes=options.get("max_record_bytes") or Limits.max_bytes),
        active_days=int(options.get("active_days") or DEFAULT_ACTIVE_DAYS),
        email_from=str(
            options.get("email_from") or f"security@{urlsplit(site_url).hostname or 'localhost'}"
        ),
        sms_max_segments=int(options.get("sms_max_segments") or DEFAULT_SMS_MAX_SEGMENTS),
        og_image=_absolute(options.get("og_image") or DEFAULT_OG_IMAGE, site_url),
        policy=_policy(options, languages, organization),
    )


def build_now(value: str | datetime | None = None) -> datetime:
    """The build's "now": `--now`, else SOURCE_DATE_EPOCH, else the clock (reproducible)."""
    if value:
        when = (
            value
            if isinstance(value, datetime)
            else datetime.fromisoformat(value.replace("Z", "+00:00"))
        )
        if when.tzinfo is None:
            raise SettingsError(f"--now {value}: add a time zone offset, e.g. +00:00")
        return when
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC)
