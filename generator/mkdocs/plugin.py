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

import gc
import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..build import (
    API_FOLDER,
    BuildState,
    SiteWriter,
    api_outputs,
    csaf_documents,
    language_files,
    precompress_paths,
    precompress_site,
    prune_theme_assets,
    release_memory,
    root_files,
    served_files,
    site_dir_problem,
    social_cards,
)
from ..cache import FOLDER, BuildCaches, CheckCache, ParseStore, ViewCache
from ..parallel import in_parallel
from ..records.approvals import AWAITING_APPROVAL
from ..records.diagnostics import Problem, errors
from ..records.messages import tr
from ..records.validate import check_folder
from ..settings import SettingsError, build_now, from_options
from ..site.harden import harden_html, script_hashes, shared_assets
from ..site.i18n import CatalogError, og_locale, translations
from ..site.pages import (
    LanguageSite,
    PageSource,
    fill_islands,
    language_site,
)
from ..site.render import TEMPLATES, Renderer
from .config import AdvisoriesConfig, preview_plugins
from .preview import Preview, file_stamps
from .reuse import REUSED_TEMPLATE, PageReuse
from .theme_dirs import walkable

log = logging.getLogger("mkdocs.plugins.advisories")

THEME_DIR = Path(__file__).parent / "theme"
# Project CSS and JS go inline into every page: small, and one render-blocking request less.
INLINE_CSS = (Path(__file__).parent / "inline" / "advisories.css").read_text(encoding="utf-8")
INLINE_JS = (Path(__file__).parent / "inline" / "advisories.js").read_text(encoding="utf-8")
LANG_KEY = "advisories_language"  # set in a language build's `extra` by the root build


def _lang(config: MkDocsConfig) -> str | None:
    """The language of this build, or None for the root build."""
    return config.extra.get(LANG_KEY)


def _theme_bundle(config: MkDocsConfig) -> str | None:
    """Material's script, by its content-hashed name (it changes with each release)."""
    for folder in config.theme.dirs:
        found = sorted(Path(folder).glob("assets/javascripts/bundle.*.min.js"))
        if found:
            return found[0].relative_to(folder).as_posix()
    return None


@dataclass(frozen=True)
class LanguagesBuilt:
    """What language builds leave in the build's state, for the root build to merge
    when they ran in another process (which stores its own cache entries)."""

    script_hashes: set[str]
    written: set[str]
    csaf_releases: set[tuple[str, str]]


class RecordsRejected(MkDocsException):
    """Records have errors and the caller reports them (not a BuildError, which MkDocs
    would log as well)."""


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache in memory; a bucket's key includes the template's checksum,
    so an edited template compiles again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class AdvisoriesPlugin(BasePlugin[AdvisoriesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.state: BuildState | None = None
        self.command: str | None = None
        # The root build's check of every record: the one validation of a build.
        self.problems: list[Problem] = []
        self.preview: Preview | None = None
        self.renderer: Renderer | None = None
        self.caches: BuildCaches | None = None  # while a publishing build runs
        self.reuse: PageReuse | None = None  # while a publishing language build runs
        # Compiled theme templates, kept across the root and language builds and every
        # `serve` rebuild: MkDocs makes a new Jinja environment per build.
        self.theme_bytecode = MemoryBytecodeCache()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Drafts are only ever shown by `serve`; `serve --dirty` previews incrementally."""
        self.command = command
        if command == "serve" and dirty:
            self.preview = Preview()

    def on_shutdown(self) -> None:
        if self.preview:
            self.preview.remove()
            self.preview = None

    def _state(self) -> BuildState:
        if self.state is None:
            raise PluginError("advisories: the language build ran before the root build")
        return self.state

    # ------------------------------------------------------------------ config

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config.theme.dirs.insert(0, str(THEME_DIR))
        root = Path(config.config_file_path).parent
        config.theme.dirs = walkable(config.theme.dirs, root / FOLDER / "theme")
        lang = _lang(config)
        if lang is None:
            self.state = self._check(config)
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
            "active": self._state().sites[lang].active if lang else [],
            "active_label": t.gettext("Incident in progress:"),
            "inline_css": INLINE_CSS,
            "inline_js": INLINE_JS,
            "og_locale": og_locale(lang or s.default_language),
            "og_locale_alternates": [
                og_locale(code) for code in s.languages if code != (lang or s.default_language)
            ],
            "og_image": s.og_image,
            "theme_bundle": _theme_bundle(config),
        }
        if lang:
            config.extra["alternate"] = [
                {"name": name, "link": s.lang_url(code), "lang": code}
                for code, name in s.language_names.items()
            ]
        return config

    def _check(self, config: MkDocsConfig) -> BuildState:
        root = Path(config.config_file_path).parent
        try:
            settings = from_options(root, config.site_url, dict(self.config))
            for lang in settings.languages:
                translations(settings.locales_dir, lang)
            now = build_now(self.config.now)
        except (SettingsError, CatalogError) as exc:
            raise PluginError(str(exc)) from exc
        unsafe = site_dir_problem(Path(config.site_dir), settings, Path(config.docs_dir))
        if unsafe:
            raise PluginError(
                f"{unsafe}; a build empties its output folder, so nothing was touched. "
                "Choose a separate folder such as `site`."
            )
        # The preview keeps its checks in memory; a publishing build remembers the slowest.
        findings = None if self.preview else CheckCache(settings.root)
        parses = None if self.preview else ParseStore(settings.root)
        checked = check_folder(
            settings.records_dir,
            settings.languages,
            now,
            root,
            settings.limits,
            settings.policy,
            self.preview.records if self.preview else None,
            findings,
            keep_documents=False,
            parses=parses,
        )
        for store in (findings, parses):
            if store is not None:
                store.save()
        # Drafts are a preview feature: a publisher's build never shows them. The draft
        # preview shows what awaits approval (with a banner) instead of refusing it.
        drafts = self.config.drafts and self.command == "serve"
        self.problems = [
            replace(p, severity="warning") if drafts and p.code in AWAITING_APPROVAL else p
            for p in checked.problems
        ]
        if self.config.log_problems:
            self._log_warnings([p for p in self.problems if p.severity == "warning"])
        found = errors(self.problems)
        if found and not self.config.log_problems:
            # `advisories build` prints every problem itself: MkDocs must not log them too.
            raise RecordsRejected(f"{len(found)} error(s) in advisory records")
        if found:
            listing = "\n".join(str(p) for p in found)
            raise PluginError(
                f"{len(found)} error(s) in advisory records; nothing was built:\n{listing}"
            )
        if self.config.drafts and not drafts:
            log.warning("drafts: true is ignored outside `serve`; drafts are never published")
        published = [a for a in checked.advisories if a.visible(now, drafts)]
        if self.renderer is None or self.renderer.settings != settings:
            self.renderer = Renderer(settings)
            if self.preview:
                self.preview.forget()
        previous = self.config.published_site
        writer = SiteWriter(Path(config.site_dir), Path(previous) if previous else None)
        return BuildState(settings, now, published, self.renderer, writer)

    def _log_warnings(self, warnings: list[Problem]) -> None:
        shown = self.preview.new_warnings(warnings) if self.preview else warnings
        for warning in shown:
            log.warning(str(warning))
        if len(shown) < len(warnings):
            log.warning(
                tr(
                    "%(count)d warning(s) shown at an earlier save still apply; "
                    "`advisories check` lists them all",
                    count=len(warnings) - len(shown),
                )
            )

    def _not_found(self, lang: str | None) -> str:
        state = self._state()
        langs = [lang] if lang else state.settings.languages
        return "".join(state.renderer.render("not_found.html.j2", code) for code in langs)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        env.bytecode_cache = self.theme_bytecode
        return env

    # ------------------------------------------------------------------- files

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        state = self._state()
        lang = _lang(config)
        if lang is None:
            languages = state.settings.languages
            return Files([f for f in files if f.src_uri.split("/")[0] not in languages])
        site = state.sites[lang]
        if self.preview:
            return self.preview.add_files(files, config, site.pages, lang)
        # The root build's copy of the theme's assets serves every language: a language
        # build does not copy them again (its own docs' files stay).
        docs = Path(config.docs_dir).resolve()
        files = Files(
            [
                f
                for f in files
                if not f.src_uri.startswith("assets/")
                or Path(f.abs_src_path or "").resolve().is_relative_to(docs)
            ]
        )
        for src_uri, page in site.pages.items():
            files.append(File.generated(config, src_uri, content=page.markdown))
        if self.reuse:
            docs_of_language = Path(config.docs_dir)
            self.reuse.prepare(config, [docs_of_language, state.settings.locales_dir])
        return files

    def _source(self, page: Page, config: MkDocsConfig) -> PageSource | None:
        lang = _lang(config)
        site: LanguageSite | None = self._state().sites.get(lang) if lang else None
        return site.pages.get(page.file.src_uri) if site else None

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Generated pages take their metadata from the pipeline, never from their body."""
        source = self._source(page, config)
        if source is None:
            return markdown
        page.meta = dict(source.meta)
        if self.reuse and self.reuse.take(page.file.src_uri, source):
            # Nothing to convert, nor to index: the stored content (or the whole stored
            # page, then with a stand-in template) takes its place.
            page.meta["search"] = {"exclude": True}
            if page.file.src_uri in self.reuse.reused:
                page.meta["template"] = REUSED_TEMPLATE
            return ""
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        source = self._source(page, config)
        if source is None:
            return html
        content = self._content(html, page, source)
        lang = _lang(config)
        if self.reuse and self.reuse.active and lang:
            # MkDocs keeps every page's Markdown until the build ends: at 10,000
            # advisories, a quarter of a language build's memory. From here on only the
            # metadata is read (no plugin but ours and search runs under `active`).
            pages = self._state().sites[lang].pages
            pages[page.file.src_uri] = replace(source, markdown="", islands=())
            page.markdown = ""
            page.file.content_string = ""
        return content

    def _content(self, html: str, page: Page, source: PageSource) -> str:
        """The page's HTML with its islands filled in, or what the cache stored for it."""
        if self.reuse:
            if page.file.src_uri in self.reuse.reused:
                return html
            stored = self.reuse.stored_content(page)
            if stored is not None:
                return stored
        try:
            filled = fill_islands(html, source.islands)
        except ValueError as exc:
            raise PluginError(f"advisories: {page.file.src_uri}: {exc}") from exc
        if self.reuse:
            self.reuse.rendered(page.file.src_uri, filled)
        return filled

    @event_priority(-100)  # after the search plugin indexed the page
    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        if self.reuse:
            source = self._source(page, config)
            self.reuse.context(page, source.meta.get("search") if source else None)
        return context

    @event_priority(-100)  # last: nothing may change a page after its CSP hashes are taken
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        lang = _lang(config)
        if lang and page.url and page.meta.get("robots") != "noindex":
            self._state().sites[lang].page_urls.append(page.url)
        reuse = self.reuse
        finished = reuse.reused.get(page.file.src_uri) if reuse else None
        if finished is not None:
            self._state().script_hashes.update(finished.script_hashes)
            html = finished.html
        else:
            html, hashes = self._finish(output, config)
            if reuse:
                reuse.finished(page, html, hashes)
        if not (reuse and reuse.active):
            return html
        reuse.done(page)  # no other plugin reads the page after this
        if self._linked_from_published(page, html):
            # MkDocs writes no page whose output is empty (it logs that at INFO level,
            # which `advisories build`, the one build that links, does not show).
            return ""
        return html

    def _linked_from_published(self, page: Page, html: str) -> bool:
        """The page as the site being replaced already has it, linked instead of written
        (only under the plugins `PageReuse` knows: no other may change a page after us)."""
        writer = self._state().writer
        relative = writer.relative(page.file.abs_dest_path or "")
        data = html.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs would write it
        return relative is not None and writer.link_unchanged(relative, data)

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if template_name.endswith(".html"):
            return self._finish(output_content, config)[0]
        return output_content

    def _finish(self, html: str, config: MkDocsConfig) -> tuple[str, list[str]]:
        """Shared assets, valid markup, CSP; the page's script hashes join the site's."""
        lang = _lang(config)
        if lang and not self.preview:
            html = shared_assets(html, lang)
        hashes = script_hashes(html)  # hardening adds no script, so these are the page's
        self._state().script_hashes.update(hashes)
        label = config.extra["advisories"]["search_label"]
        return harden_html(html, label, hashes, preview=self.command == "serve"), hashes

    # ------------------------------------------------------------------- build

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        state = self._state()
        lang = _lang(config)
        if lang:
            if not self.preview:  # the preview writes them when it builds everything
                self._write_language_outputs(lang, with_cards=True)
            return
        dirty = self.preview is not None and self.preview.sources_unchanged(
            state.settings.locales_dir, Path(config.config_file_path)
        )
        caches = None
        if self.preview:
            self._preview_languages(config, self.preview, dirty)
        else:
            caches = self._build_languages(config)
        (Path(config.site_dir) / "sitemap.xml.gz").unlink(missing_ok=True)
        if not dirty:  # the incremental preview shows pages; machine outputs wait for build
            if self.preview:  # a publishing build wrote the API with the languages
                self._write_api(None)
            state.writer.write_batches(root_files(state))
            if self.preview:
                self.preview.settle()
        if caches:
            site_dir = Path(config.site_dir)
            prune_theme_assets(site_dir / "assets", state.settings.languages)
            state.writer.write(served_files(state))
            # What the language builds left uncompressed: the theme, root pages and data.
            precompress_site(state.writer, caches.twins)
            caches.save()

    def _preview_languages(self, config: MkDocsConfig, preview: Preview, dirty: bool) -> None:
        """One language after another, each rebuilt only when its inputs changed; an
        incremental rebuild renders pages only."""
        state = self._state()
        for code in state.settings.languages:
            self._make_site(code, cache=preview.page_cache)
            inputs = self._language_inputs(config, code)
            if dirty and not preview.needs_build(code, inputs):
                continue
            build(self._language_config(config, code), dirty=dirty)
            preview.built(code, inputs)
            if not dirty:  # like the root's machine outputs, feeds and CSAF wait for a full build
                self._write_language_outputs(code, with_cards=False)

    def _write_language_outputs(self, lang: str, with_cards: bool) -> None:
        """What a language has besides its pages (feeds, API, CSAF documents), in one
        place for the publishing build and the preview's full builds; social cards only
        when publishing, as the preview never shows them."""
        state = self._state()
        state.writer.write(language_files(state, lang))
        if with_cards:
            store = self.caches.cards if self.caches else None
            state.writer.write_batches(social_cards(state, lang, store))
        state.writer.write_batches(csaf_documents(state, lang))

    def _make_site(
        self,
        lang: str,
        cache: dict[tuple, tuple] | None = None,
        store: ViewCache | None = None,
    ) -> None:
        """One language's views and pages from the checked records: the preview keeps
        them in memory (`cache`), a publishing build in the build cache (`store`)."""
        state = self._state()
        state.sites[lang] = language_site(
            state.published, lang, state.settings, state.renderer, state.now, cache, store
        )

    def _build_languages(self, config: MkDocsConfig) -> BuildCaches:
        """Every language, half of them in a second process when a core is free: the
        language builds share nothing but what the root build checked, and each writes
        its own folder."""
        state = self._state()
        languages = state.settings.languages
        caches = self.caches = BuildCaches(state.settings.root)
        mine, theirs = languages[::2], languages[1::2]
        # What the checks made lives until the build ends: out of the cyclic collector's
        # full walks (at 10,000 advisories each went over every record again), and left
        # untouched, so not copied, in the second process.
        gc.freeze()
        try:
            return self._languages_built_in_parallel(config, mine, theirs, caches)
        finally:
            gc.unfreeze()

    def _languages_built_in_parallel(
        self, config: MkDocsConfig, mine: list[str], theirs: list[str], caches: BuildCaches
    ) -> BuildCaches:
        state = self._state()
        if not theirs:
            self._languages_built(config, mine, caches)
            self._write_api(caches)
            return caches

        def in_other_process() -> LanguagesBuilt:
            own = self.caches = BuildCaches(state.settings.root)
            self._languages_built(config, theirs, own)
            # A rebuild's languages finish seconds apart (the edited one renders pages
            # again), and this one's is mostly the first: the API is made here, while the
            # root build finishes its own language, not after it.
            self._write_api(own)
            own.save()
            return self._built()

        _, other = in_parallel(
            lambda: self._languages_built(config, mine, caches), in_other_process
        )
        state.script_hashes |= other.script_hashes
        state.csaf_releases |= other.csaf_releases
        state.writer.written |= other.written
        return caches

    def _languages_built(
        self, config: MkDocsConfig, languages: list[str], caches: BuildCaches
    ) -> LanguagesBuilt:
        state = self._state()
        for code in languages:
            self._make_site(code, store=caches.views)
            # The views and page sources live until this language is built: out of the
            # collector's full walks while MkDocs makes thousands of pages (`unfreeze`
            # comes with the checks', in `_build_languages`).
            gc.freeze()
            try:
                with PageReuse(caches.pages).counting() as self.reuse:
                    build(self._language_config(config, code))
            finally:
                self.reuse = None
            # Views and page sources are only read while their language builds: at
            # 10,000 advisories, keeping them raised the peak of what comes next.
            del state.sites[code]
            release_memory()
            # Compressed here, on this language's core, while the other one builds: its
            # folder, and its CSAF documents (which live in the root's CSAF folder).
            precompress_site(state.writer, caches.twins, under=code)
            csaf = sorted(path for path, _ in state.csaf_releases)
            precompress_paths(state.writer, caches.twins, csaf)
        return self._built()

    def _built(self) -> LanguagesBuilt:
        state = self._state()
        return LanguagesBuilt(
            set(state.script_hashes), set(state.writer.written), set(state.csaf_releases)
        )

    def _write_api(self, caches: BuildCaches | None) -> None:
        """The JSON API, with its twins when publishing (the preview compresses nothing)."""
        state = self._state()
        state.writer.write(api_outputs(state))
        if caches:
            precompress_site(state.writer, caches.twins, under=API_FOLDER)

    def _language_inputs(self, config: MkDocsConfig, lang: str) -> tuple[object, ...]:
        """Everything a language build reads besides templates, catalogs and mkdocs.yml
        (which `Preview.sources_unchanged` watches): its pages, its banner, its docs."""
        site = self._state().sites[lang]
        return (site.pages, site.active, file_stamps(Path(config.docs_dir) / lang))

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
            options["plugins"] = preview_plugins(config.config_file_path, **dict(self.config))
        sub = load_config(config_file=config.config_file_path, **options)
        sub.theme["language"] = lang
        sub.extra[LANG_KEY] = lang
        child = sub.plugins["advisories"]
        if isinstance(child, AdvisoriesPlugin):  # the same object unless MkDocs stops caching
            child.state = self.state
        return sub

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        s = self._state().settings
        for path in (s.records_dir, s.locales_dir, TEMPLATES, THEME_DIR):
            server.watch(str(path))
        return server
