"""MkDocs adapter: plugs the core pipeline into `mkdocs build` and `mkdocs serve`.

The configured build (mkdocs.yml) is the root: it validates every record before
MkDocs cleans anything, renders the language picker, then runs one ordinary
MkDocs build per language into `<site>/<lang>/`. One build per language gives
each its own `<html lang>`, Material UI language and search index.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import outputs
from .diagnostics import errors
from .emit import LanguageSite, language_site
from .i18n import CatalogError, translations
from .render import THEME_DIR, Renderer
from .settings import Settings, SettingsError, build_now, from_options
from .validate import Checked, check_files, record_paths

log = logging.getLogger("mkdocs.plugins.advisories")


class AdvisoriesConfig(Config):
    records = c.Type(str, default="advisories")
    locales = c.Type(str, default="locales")
    languages = c.ListOfItems(c.Type(str), default=["es", "en"])
    default_language = c.Optional(c.Type(str))
    drafts = c.Type(bool, default=False)
    now = c.Optional(c.Type((str, datetime)))
    nav = c.ListOfItems(c.Type(str), default=["index.md", "advisories/index.md", "faq.md"])
    site_name = c.Type(dict, default={})
    organization = c.Type(str, default="")
    contact_notice = c.Type(dict, default={})
    security_contacts = c.ListOfItems(c.Type(str), default=[])
    policy_url = c.Optional(c.Type(str))
    csaf_namespace = c.Optional(c.Type(str))


class Shared:
    """What the root build computed once and hands to each language build."""

    def __init__(
        self, settings: Settings, checked: Checked, published: list, drafts: bool, now: datetime
    ):
        self.settings = settings
        self.now = now
        self.checked = checked
        self.published = published
        self.drafts = drafts
        self.renderer = Renderer(settings)
        self.sites: dict[str, LanguageSite] = {}


class AdvisoriesPlugin(BasePlugin[AdvisoriesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.shared: Shared | None = None
        self.lang: str | None = None
        self.command: str | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Also keeps one plugin instance across `mkdocs serve` rebuilds."""
        self.command = command

    # ------------------------------------------------------------------ config

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.theme.dirs.insert(0, str(THEME_DIR))
        if self.lang is None:
            self.shared = self._check(config)
        assert self.shared is not None
        s = self.shared.settings
        lang = self.lang or s.default_language
        t = translations(s.locales_dir, lang)
        config.extra["advisories"] = {
            "lang": self.lang,
            "languages": s.languages,
            "default_language": s.default_language,
            "site_url": s.site_url,
            "description": t.gettext(
                "Security advisories: what happened, who is affected, and what to do."
            ),
            "feed_title": t.gettext("Security advisories (Atom feed)"),
            "search_label": t.gettext("Search"),
            "not_found": self._not_found(lang),
        }
        if self.lang:
            config.extra["alternate"] = [
                {"name": name, "link": s.lang_url(code), "lang": code}
                for code, name in s.language_names.items()
            ]
        return config

    def _check(self, config: MkDocsConfig) -> Shared:
        root = Path(config.config_file_path).parent
        try:
            settings = from_options(root, config.site_url, dict(self.config))
            for lang in settings.languages:
                translations(settings.locales_dir, lang)
            now = build_now(self.config.now)
        except (SettingsError, CatalogError) as exc:
            raise PluginError(str(exc)) from exc
        checked = check_files(record_paths(settings.records_dir), settings.languages, now, root)
        for problem in checked.problems:
            if problem.severity == "warning":
                log.warning(str(problem))
        found = errors(checked.problems)
        if found:
            listing = "\n".join(str(p) for p in found)
            raise PluginError(
                f"{len(found)} error(s) in advisory records; nothing was built:\n{listing}"
            )
        # Drafts are a preview feature: a stray ADVISORIES_DRAFTS in a publisher's
        # shell must not leak them into a real build.
        drafts = self.config.drafts and self.command == "serve"
        if self.config.drafts and not drafts:
            log.warning("drafts: true is ignored outside `serve`; drafts are never published")
        published = [a for a in checked.advisories if a.visible(now, drafts)]
        return Shared(settings, checked, published, drafts, now)

    def _not_found(self, lang: str) -> str:
        assert self.shared is not None
        langs = [lang] if self.lang else self.shared.settings.languages
        return "".join(self.shared.renderer.render("not_found.html.j2", code) for code in langs)

    # ------------------------------------------------------------------- files

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.shared is not None
        if self.lang is None:
            return Files(
                [f for f in files if f.src_uri.split("/")[0] not in self.shared.settings.languages]
            )
        site = language_site(
            self.shared.published,
            self.lang,
            self.shared.settings,
            self.shared.renderer,
            self.shared.now,
        )
        self.shared.sites[self.lang] = site
        for src_uri, content in site.pages.items():
            files.append(File.generated(config, src_uri, content=content))
        return files

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.lang and self.shared and page.url:
            self.shared.sites[self.lang].page_urls.append(page.url)
        return outputs.harden_html(output, config.extra["advisories"]["search_label"])

    def on_post_template(
        self, output_content: str, template_name: str, config: MkDocsConfig
    ) -> str:
        if template_name.endswith(".html"):
            return outputs.harden_html(output_content, config.extra["advisories"]["search_label"])
        return output_content

    # ------------------------------------------------------------------- build

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.shared is not None
        site_dir = Path(config.site_dir)
        if self.lang:
            outputs.write_language(self.shared, self.lang, site_dir, self.shared.now)
            return
        for lang in self.shared.settings.languages:
            build(self._language_config(config, lang))
        outputs.write_root(self.shared, site_dir)

    def _language_config(self, config: MkDocsConfig, lang: str) -> MkDocsConfig:
        assert self.shared is not None
        s = self.shared.settings
        options: dict[str, Any] = {
            "site_dir": str(Path(config.site_dir) / lang),
            "docs_dir": str(Path(config.docs_dir) / lang),
            "site_url": s.lang_url(lang),
            "site_name": s.site_name[lang],
            "nav": list(self.config.nav),
        }
        sub = load_config(config_file=config.config_file_path, **options)
        sub.theme["language"] = lang
        child = sub.plugins["advisories"]
        assert isinstance(child, AdvisoriesPlugin)
        child.lang = lang
        child.shared = self.shared
        return sub

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        assert self.shared is not None
        for path in (
            self.shared.settings.records_dir,
            self.shared.settings.locales_dir,
            THEME_DIR.parent,
        ):
            server.watch(str(path))
        return server
