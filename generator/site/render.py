"""Jinja2 rendering of localized views into MkDocs page sources and other text files.

Autoescaping is on for every template: record texts reach templates either as
escaped `Markup` we produced, or as plain strings that Jinja escapes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..settings import Settings
from .i18n import translations

TEMPLATES = Path(__file__).parent / "templates"


def json_for_script(value: Any) -> Markup:
    """JSON safe inside <script> (JSON-LD): `<`, `>` and `&` become \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def md_heading(value: str) -> Markup:
    """Our own UI text in a Markdown heading: HTML-escaped, Markdown specials backslashed."""
    text = str(escape(value))
    for char in "\\`*_{}[]#+!|":
        text = text.replace(char, "\\" + char)
    return Markup(text)


class Renderer:
    """One Jinja environment per language, with that language's catalog installed."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._envs: dict[str, tuple[object, Environment]] = {}

    def env(self, lang: str) -> Environment:
        """Reused while the catalog is unchanged, so `serve` keeps compiled templates."""
        catalog = translations(self.settings.locales_dir, lang)
        if lang not in self._envs or self._envs[lang][0] is not catalog:
            env = Environment(
                loader=FileSystemLoader(TEMPLATES),
                autoescape=select_autoescape(
                    enabled_extensions=("html", "html.j2", "md.j2"),
                    disabled_extensions=("yaml.j2", "text.j2", "markdown.j2"),
                    default=True,
                ),
                undefined=StrictUndefined,
                extensions=["jinja2.ext.i18n"],
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
            )
            env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
            env.filters.update(h=md_heading)
            self._envs[lang] = (catalog, env)
        return self._envs[lang][1]

    def render(self, template: str, lang: str, **context: Any) -> str:
        return (
            self.env(lang)
            .get_template(template)
            .render(settings=self.settings, lang=lang, **context)
        )
