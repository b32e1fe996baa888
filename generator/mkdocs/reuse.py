"""Pages an earlier build finished, used again when nothing that made them has changed.

After one record edit, a scheduled build changes a handful of pages; rendering the other
thousands again (Markdown, the theme, the search parse, hardening) was most of its time.
A generated page's key is the digest of its source (body, metadata, islands) and of what
every page of a language build shares: the loaded configuration and the search options,
the versions of the tool, Python and the libraries that render, and the bytes of the theme
overrides, templates, catalogs and the language's docs (they give each page its
navigation). What the key leaves out cannot reach a page: our plugin's options reach it
only through the page source and `extra`, both in the key.

A page is stored only when it rendered without a message and links to no other page's
anchor, so reusing it can hide no warning; pages are reused only when the build's plugins
are ours and Material's search, whose per-page work the cache holds (another plugin
could depend on anything, so with one the build renders every page).
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
import re
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import material
import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc
from mkdocs.theme import Theme

from .. import __version__
from ..cache import PageCache
from ..site.pages import PageSource
from .preview import file_stamps

# A reused page's stand-in template: its output is replaced by the stored page.
REUSED_TEMPLATE = "advisories-reused.html"
SEARCH_PLUGIN = "material/search"
KNOWN_PLUGINS = frozenset({"advisories", SEARCH_PLUGIN})
RENDERING_LIBRARIES = (
    "mkdocs",
    "mkdocs-material",
    "Markdown",
    "Jinja2",
    "MarkupSafe",
    "Pygments",
    "pymdown-extensions",
)
# Where the build writes and how it is served do not change what a page holds.
UNRENDERED_SETTINGS = frozenset({"site_dir", "plugins", "dev_addr", "watch"})
# What a page's Markdown step reads besides the page itself.
MARKDOWN_SETTINGS = ("markdown_extensions", "mdx_configs", "use_directory_urls", "validation")
# Generated pages link to pages by address; a link to a source file would depend on
# which files exist, so such a page's content is not kept.
_LINK_TO_FILE = re.compile(r'\]\([^)\s]*\.md\b|(?:href|src)="[^"]*\.md\b')
_PACKAGED_THEMES = (Path(material.__file__).parent, Path(mkdocs.__file__).parent)


@dataclass(frozen=True)
class RenderedContent:
    """What a page's Markdown step left behind, for a build whose theme or banner changed
    but whose page did not: the content HTML, its table of contents (as MkDocs' toc
    tokens), the search entries made of it and the anchors other pages may link to."""

    html: str
    toc: list[dict[str, Any]]
    search_entries: list[dict[str, Any]]
    anchors: list[str]


@dataclass(frozen=True)
class FinishedPage:
    """What a page's whole rendering left behind: the file, its search entries, the hashes
    of its inline scripts (for the site's CSP) and the anchors other pages may link to."""

    html: str
    search_entries: list[dict[str, Any]]
    script_hashes: list[str]
    anchors: list[str]


Stored = TypeVar("Stored", FinishedPage, RenderedContent)


def _encode(value: Stored) -> bytes:
    data = [getattr(value, field.name) for field in fields(value)]
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode(), 1)


def _decode(kind: type[Stored], blob: bytes | None) -> Stored | None:
    if blob is None:
        return None
    try:
        return kind(*json.loads(zlib.decompress(blob)))
    except (ValueError, TypeError, zlib.error):
        return None


def _toc_tokens(items: Iterable[AnchorLink]) -> list[dict[str, Any]]:
    return [
        {
            "level": item.level,
            "id": item.id,
            "name": item.title,
            "children": _toc_tokens(item.children),
        }
        for item in items
    ]


class _WarningCount(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _stable(value: object) -> object:
    """A description of a configuration value that is the same in every process: sets
    (the theme's templates among them) in sorted order, not in hash order."""
    if isinstance(value, set | frozenset):
        return sorted(repr(item) for item in value)
    if isinstance(value, Theme):
        return [value.name, value.dirs, sorted(value.static_templates), dict(value)]
    return repr(value)


def _described(parts: list[Any]) -> str | None:
    """The digest of `parts`, or None when one has no stable description."""
    try:
        text = json.dumps(parts, sort_keys=True, default=_stable)
    except (TypeError, ValueError):
        return None
    if " object at 0x" in text:
        return None
    return hashlib.sha256(text.encode()).hexdigest()


def _shared_keys(config: MkDocsConfig, watched: list[Path]) -> tuple[str | None, str | None]:
    """The digests of what every page of this language build shares: for its Markdown step
    (extensions, search options, docs) and for the whole page (all the configuration and
    the theme overrides as well)."""
    search = config.plugins.get(SEARCH_PLUGIN)
    libraries = [__version__, platform.python_version(), [_version(n) for n in RENDERING_LIBRARIES]]
    markdown = {key: config[key] for key in MARKDOWN_SETTINGS}
    stamps = sorted(file_stamps(*watched))
    content = _described([libraries, markdown, dict(search.config) if search else None, stamps])
    settings = {k: v for k, v in config.items() if k not in UNRENDERED_SETTINGS}
    themes = [
        Path(folder)
        for folder in config.theme.dirs
        if not any(Path(folder).is_relative_to(packaged) for packaged in _PACKAGED_THEMES)
    ]
    whole = _described([content, settings, sorted(file_stamps(*themes))])
    return (content, whole) if content and whole else (None, None)


def _search_entries(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    search = config.plugins.get(SEARCH_PLUGIN)
    entries = getattr(getattr(search, "search_index", None), "entries", None)
    return entries if isinstance(entries, list) else None


class PageReuse:
    """One language build's use of the page cache. A generated page comes from the store
    whole; or, when only what all pages share changed (the banner, the theme), its content
    comes from the store and the theme renders it again; or it renders in full. Whatever
    rendered quietly goes into the store."""

    def __init__(self, store: PageCache) -> None:
        self.store = store
        self.content_shared: str | None = None
        self.page_shared: str | None = None
        self.entries: list[dict[str, Any]] = []
        self.reused: dict[str, FinishedPage] = {}
        self.contents: dict[str, RenderedContent] = {}  # reused content, rendered again
        self.keys: dict[str, tuple[str, str]] = {}  # content key, page key
        self.fresh: dict[str, str] = {}  # content HTML of pages rendered in full
        self.quiet: dict[str, int] = {}  # warning count when a page's step began
        self.search_mark = 0
        self.fresh_entries: dict[str, list[dict[str, Any]]] = {}
        self.warnings = _WarningCount()

    @contextmanager
    def counting(self) -> Iterator[PageReuse]:
        """Counts MkDocs' warnings while the language builds, to tell quiet pages."""
        logger = logging.getLogger("mkdocs")
        logger.addHandler(self.warnings)
        try:
            yield self
        finally:
            logger.removeHandler(self.warnings)

    def prepare(self, config: MkDocsConfig, watched: list[Path]) -> None:
        """Reuse only under the plugins whose work the cache holds, with a search index
        of the shape it knows."""
        entries = _search_entries(config)
        known_plugins = set(config.plugins) <= KNOWN_PLUGINS and not config.hooks
        known_search = entries is not None or SEARCH_PLUGIN not in config.plugins
        if known_plugins and known_search:
            self.content_shared, self.page_shared = _shared_keys(config, watched)
        self.entries = entries if entries is not None else []
        self.search_mark = len(self.entries)

    @property
    def active(self) -> bool:
        """Whether this build's plugins are the known ones (see `prepare`)."""
        return self.content_shared is not None and self.page_shared is not None

    def take(self, src_uri: str, source: PageSource) -> bool:
        """Whether the Markdown step can be skipped: the page, or its content, is stored.
        Otherwise note where its rendering began."""
        if not self.active:
            return False
        described = json.dumps(
            [src_uri, source.markdown, source.meta, source.islands], sort_keys=True, default=repr
        )
        content_key = hashlib.sha256((self.content_shared + described).encode()).hexdigest()
        page_key = hashlib.sha256((self.page_shared + content_key).encode()).hexdigest()
        self.keys[src_uri] = (content_key, page_key)
        finished = _decode(FinishedPage, self.store.get(page_key))
        if finished is not None:
            self.reused[src_uri] = finished
            return True
        if _LINK_TO_FILE.search(" ".join([source.markdown, *source.islands])):
            return False  # renders in full, and is never stored
        content = _decode(RenderedContent, self.store.get(content_key))
        if content is not None:
            self.contents[src_uri] = content
            return True
        self.quiet[src_uri] = self.warnings.count
        return False

    def stored_content(self, page: Page) -> str | None:
        """The content HTML of a page whose content is reused, with its table of contents
        and anchors put back; None for any other page."""
        content = self.contents.get(page.file.src_uri)
        if content is None:
            return None
        page.toc = get_toc(content.toc)  # type: ignore[arg-type]
        page.present_anchor_ids = set(content.anchors)
        return content.html

    def _still_quiet(self, src_uri: str) -> bool:
        return self.quiet.get(src_uri) == self.warnings.count

    def rendered(self, src_uri: str, html: str) -> None:
        """The Markdown step of a page ended; its template step begins at `context`."""
        if self._still_quiet(src_uri):
            self.fresh[src_uri] = html
        else:
            self.quiet.pop(src_uri, None)

    def context(self, page: Page, search_meta: object) -> None:
        """After the search plugin indexed the page: stored entries join the index at the
        place a rendering would have put them, and a page that skipped the index gets its
        own search metadata back before the theme sees it."""
        src_uri = page.file.src_uri
        stored = self.reused.get(src_uri) or self.contents.get(src_uri)
        if stored is not None:
            self.entries.extend(stored.search_entries)
            if isinstance(stored, FinishedPage):
                page.present_anchor_ids = set(stored.anchors)
            elif search_meta is None:
                page.meta.pop("search", None)
            else:
                page.meta["search"] = search_meta
            self.quiet[src_uri] = self.warnings.count
        else:
            self.fresh_entries[src_uri] = self.entries[self.search_mark :]
            if src_uri in self.quiet:
                self.quiet[src_uri] = self.warnings.count
        self.search_mark = len(self.entries)

    def done(self, page: Page) -> None:
        """The page is written: nothing of it is needed again (MkDocs keeps every page
        until the build ends, and at 10,000 advisories their HTML was most of the memory)."""
        src_uri = page.file.src_uri
        for held in (
            self.reused,
            self.contents,
            self.fresh,
            self.fresh_entries,
            self.keys,
            self.quiet,
        ):
            held.pop(src_uri, None)
        # Emptied, not None: a page without Markdown has no title, and later pages' menus
        # show the titles of the pages before them.
        page.content = ""
        page.markdown = ""

    def finished(self, page: Page, html: str, script_hashes: list[str]) -> None:
        """Store a page that rendered without a message and links to no other page's
        anchor (which a later build would otherwise not check again)."""
        src_uri = page.file.src_uri
        # Links to its own anchors (the headings' permalinks) hold while the page does.
        elsewhere = any(target is not page.file for target in page.links_to_anchors or {})
        if src_uri not in self.keys or not self._still_quiet(src_uri) or elsewhere:
            return
        content_key, page_key = self.keys[src_uri]
        anchors = sorted(page.present_anchor_ids or ())
        reused = self.contents.get(src_uri)
        entries = reused.search_entries if reused else self.fresh_entries.get(src_uri, [])
        finished = FinishedPage(html, entries, list(script_hashes), anchors)
        self.store.put(page_key, _encode(finished))
        if src_uri in self.fresh:
            content = RenderedContent(self.fresh[src_uri], _toc_tokens(page.toc), entries, anchors)
            self.store.put(content_key, _encode(content))
