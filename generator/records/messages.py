"""Messages for the writer, in the writer's language.

The CLI reads the writer's locale (LANGUAGE, LC_ALL, LC_MESSAGES, LANG: `es_ES.UTF-8` gives
Spanish) and installs that language's catalog here; messages are English msgids in the same
gettext catalogs as the site (`locales/`), so `pybabel extract` finds them and translators
work in one place. Without a catalog, the English text is used.
"""

from __future__ import annotations

import gettext
import hashlib
import os

_catalog: gettext.NullTranslations = gettext.NullTranslations()
_fingerprint = ""


def install(catalog: gettext.NullTranslations) -> None:
    global _catalog, _fingerprint
    _catalog = catalog
    _fingerprint = fingerprint(catalog)


def fingerprint(catalog: gettext.NullTranslations) -> str:
    """Which messages a catalog gives: part of the key of anything that stores them."""
    entries = getattr(catalog, "_catalog", None) or {}
    return hashlib.sha256(repr(sorted(entries.items(), key=repr)).encode()).hexdigest()


def catalog_fingerprint() -> str:
    """The fingerprint of the catalog `tr` uses."""
    return _fingerprint


def tr(msgid: str, **values: object) -> str:
    """`msgid` in the writer's language, with %(name)s placeholders filled."""
    text = _catalog.gettext(msgid)
    return text % values if values else text


def writer_language(available: list[str]) -> str | None:
    """The first of the writer's locale variables that names an available language."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in os.environ.get(variable, "").split(":"):
            code = value.split(".")[0].split("_")[0].lower()
            if code in available:
                return code
            if code in ("c", "posix"):
                return None
    return None
