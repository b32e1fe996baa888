"""MkDocs adapter: plugs the core pipeline into `mkdocs build` and `mkdocs serve`.

The configured build (mkdocs.yml) is the root: it validates every record before
MkDocs cleans anything, renders the language picker, then runs one ordinary
MkDocs build per language into `<site>/<lang>/`. One build per language gives
each its own `<html lang>`, Material UI language and search index.

MkDocs keeps one instance of a plugin that defines `on_startup` for every config
it loads, so the root build and the language builds share this object: the
language of the build at hand is read from its config, never stored here.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
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
from .model import Advisory
from .render import TEMPLATES, THEME_DIR, Renderer
from .settings import Settings, SettingsError, build_now, from_options
from .validate import check_files, record_paths

log = logging.getLogger("mkdocs.plugins.advisories")

LANG_KEY = "advisories_language"  # set in a language build's `extra` by the root build


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
    """What the root build computed once and every language build reads."""

    def __init__(
        self, settings: Settings, published: list[Advisory], now: datetime, renderer: Renderer
    ) -> None:
        self.settings = settings
        self.now = now
        self.published = published
        self.renderer = renderer
        self.sites: dict[str, LanguageSite] = {}


def _lang(config: MkDocsConfig) -> str | None:
    """The language of this build, or None for the root build."""
    return config.extra.get(LANG_KEY)


class AdvisoriesPlugin(BasePlugin[AdvisoriesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.shared: Shared | None = None
        self.command: str | None = None
        self.preview: Path | None = None  # page sources of the incremental preview
        self.renderer: Renderer | None = None
        self.page_cache: dict[str, str] = {}  # rendered advisory sources, for the preview
        self.stamp = 0

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Drafts are only ever shown by `serve`; `serve --dirty` previews incrementally."""
        self.command = command
        if command == "serve" and dirty:
            self.preview = Path(tempfile.mkdtemp(prefix="advisories-preview-"))

    def _state(self) -> Shared:
        if self.shared is None:
            raise PluginError("advisories: the language build ran before the root build")
        return self.shared

    # ------------------------------------------------------------------ config

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.theme.dirs.insert(0, str(THEME_DIR))
        lang = _lang(config)
        if lang is None:
            self.shared = self._check(config)
        s = self._state().settings
        t = translations(s.locales_dir, lang or s.default_language)
        config.extra["advisories"] = {
            "lang": lang,
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
        if lang:
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
        if self.renderer is None or self.renderer.settings != settings:
            self.renderer = Renderer(settings)
        return Shared(settings, published, now, self.renderer)

    def _not_found(self, lang: str | None) -> str:
        state = self._state()
        langs = [lang] if lang else state.settings.languages
        return "".join(state.renderer.render("not_found.html.j2", code) for code in langs)

    # ------------------------------------------------------------------- files

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        state = self._state()
        lang = _lang(config)
        if lang is None:
            languages = state.settings.languages
            return Files([f for f in files if f.src_uri.split("/")[0] not in languages])
        site = language_site(
            state.published,
            lang,
            state.settings,
            state.renderer,
            state.now,
            self.page_cache if self.preview else None,
        )
        state.sites[lang] = site
        if self.preview:
            return self._preview_files(files, config, site, lang)
        for src_uri, content in site.pages.items():
            files.append(File.generated(config, src_uri, content=content))
        return files

    def _preview_files(
        self, files: Files, config: MkDocsConfig, site: LanguageSite, lang: str
    ) -> Files:
        """Sources as real files, rewritten only when their text changed, so a dirty
        build renders just the pages an edit touched."""
        assert self.preview is not None
        folder = self.preview / lang
        for src_uri, content in site.pages.items():
            path = folder / src_uri
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
            files.append(File(src_uri, str(folder), config.site_dir, config.use_directory_urls))
        for stale in folder.rglob("*.md"):
            if stale.relative_to(folder).as_posix() not in site.pages:
                stale.unlink()
                page_dir = Path(config.site_dir) / stale.relative_to(folder).with_suffix("")
                shutil.rmtree(page_dir, ignore_errors=True)
        return files

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        lang = _lang(config)
        if lang and page.url:
            self._state().sites[lang].page_urls.append(page.url)
        return outputs.harden_html(output, config.extra["advisories"]["search_label"])

    def on_post_template(
        self, output_content: str, template_name: str, config: MkDocsConfig
    ) -> str:
        if template_name.endswith(".html"):
            return outputs.harden_html(output_content, config.extra["advisories"]["search_label"])
        return output_content

    # ------------------------------------------------------------------- build

    def on_post_build(self, config: MkDocsConfig) -> None:
        state = self._state()
        site_dir = Path(config.site_dir)
        lang = _lang(config)
        if lang:
            outputs.write_language(state, lang, site_dir)
            return
        dirty = self.preview is not None and self._sources_unchanged(state.settings)
        for code in state.settings.languages:
            build(self._language_config(config, code), dirty=dirty)
        if not dirty:  # the incremental preview shows pages; machine outputs wait for build
            outputs.write_root(state, site_dir)

    def _sources_unchanged(self, settings: Settings) -> bool:
        """Preview only: a template or catalog edit changes every page, so it forces a
        full rebuild and empties the render cache."""
        stamp = max(
            p.stat().st_mtime_ns
            for folder in (TEMPLATES, settings.locales_dir)
            for p in folder.rglob("*")
            if p.is_file()
        )
        unchanged = stamp == self.stamp
        if not unchanged:
            self.page_cache.clear()
        self.stamp = stamp
        return unchanged

    def _language_config(self, config: MkDocsConfig, lang: str) -> MkDocsConfig:
        s = self._state().settings
        options: dict[str, Any] = {
            "site_dir": str(Path(config.site_dir) / lang),
            "docs_dir": str(Path(config.docs_dir) / lang),
            "site_url": s.lang_url(lang),
            "site_name": s.site_name[lang],
            "nav": list(self.config.nav),
        }
        if self.preview:
            # Material's search keeps one dirty-reload index per plugin instance, and
            # MkDocs shares that instance across the language builds: leave search out
            # of the incremental preview rather than mix languages (`serve --full` has it).
            options["plugins"] = [{"advisories": dict(self.config)}]
        sub = load_config(config_file=config.config_file_path, **options)
        sub.theme["language"] = lang
        sub.extra[LANG_KEY] = lang
        child = sub.plugins["advisories"]
        if isinstance(child, AdvisoriesPlugin):  # the same object unless MkDocs stops caching
            child.shared = self.shared
        return sub

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        s = self._state().settings
        for path in (s.records_dir, s.locales_dir, THEME_DIR.parent):
            server.watch(str(path))
        return server
