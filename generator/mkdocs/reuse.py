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
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import material
import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

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
_PACKAGED_THEMES = (Path(material.__file__).parent, Path(mkdocs.__file__).parent)


@dataclass(frozen=True)
class FinishedPage:
    """What a page's rendering left behind: the file, its search entries, the hashes of its
    inline scripts (for the site's CSP) and the anchors other pages may link to."""

    html: str
    search_entries: list[dict[str, Any]]
    script_hashes: list[str]
    anchors: list[str]

    def encode(self) -> bytes:
        data = [self.html, self.search_entries, self.script_hashes, self.anchors]
        return zlib.compress(json.dumps(data, ensure_ascii=False).encode(), 1)

    @classmethod
    def decode(cls, blob: bytes) -> FinishedPage | None:
        try:
            html, entries, hashes, anchors = json.loads(zlib.decompress(blob))
        except (ValueError, TypeError, zlib.error):
            return None
        return cls(html, entries, hashes, anchors)


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


def _shared_key(config: MkDocsConfig, watched: list[Path]) -> str | None:
    """The digest of what every page of this language build shares, or None when the
    configuration cannot be described (then nothing is reused)."""
    settings = {k: v for k, v in config.items() if k not in UNRENDERED_SETTINGS}
    search = config.plugins.get(SEARCH_PLUGIN)
    themes = [
        Path(folder)
        for folder in config.theme.dirs
        if not any(Path(folder).is_relative_to(packaged) for packaged in _PACKAGED_THEMES)
    ]
    described = [
        __version__,
        platform.python_version(),
        [_version(name) for name in RENDERING_LIBRARIES],
        settings,
        dict(search.config) if search else None,
        sorted(file_stamps(*themes, *watched)),
    ]
    try:
        text = json.dumps(described, sort_keys=True, default=repr)
    except (TypeError, ValueError):
        return None
    if " object at 0x" in text:  # a value without a stable description
        return None
    return hashlib.sha256(text.encode()).hexdigest()


def _search_entries(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    search = config.plugins.get(SEARCH_PLUGIN)
    entries = getattr(getattr(search, "search_index", None), "entries", None)
    return entries if isinstance(entries, list) else None


class PageReuse:
    """One language build's use of the page cache. Every generated page either comes from
    the store whole, or renders and, when it rendered quietly, goes into it."""

    def __init__(self, store: PageCache) -> None:
        self.store = store
        self.shared: str | None = None
        self.entries: list[dict[str, Any]] = []
        self.reused: dict[str, FinishedPage] = {}
        self.keys: dict[str, str] = {}
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
            self.shared = _shared_key(config, watched)
        self.entries = entries if entries is not None else []
        self.search_mark = len(self.entries)

    def _key(self, src_uri: str, source: PageSource) -> str:
        described = json.dumps(
            [self.shared, src_uri, source.markdown, source.meta, source.islands],
            sort_keys=True,
            default=repr,
        )
        return hashlib.sha256(described.encode()).hexdigest()

    def take(self, src_uri: str, source: PageSource) -> FinishedPage | None:
        """The stored page for this source, if any; else note where its rendering began."""
        if self.shared is None:
            return None
        key = self.keys[src_uri] = self._key(src_uri, source)
        blob = self.store.get(key)
        finished = FinishedPage.decode(blob) if blob is not None else None
        if finished is not None:
            self.reused[src_uri] = finished
        else:
            self.quiet[src_uri] = self.warnings.count
        return finished

    def _still_quiet(self, src_uri: str) -> bool:
        return self.quiet.get(src_uri) == self.warnings.count

    def rendered(self, src_uri: str) -> None:
        """The Markdown step of a page ended; its template step begins at `context`."""
        if not self._still_quiet(src_uri):
            self.quiet.pop(src_uri, None)

    def context(self, page: Page) -> None:
        """After the search plugin indexed the page: a reused page's stored entries join
        the index at the same place a rendering would have put them."""
        src_uri = page.file.src_uri
        finished = self.reused.get(src_uri)
        if finished is not None:
            self.entries.extend(finished.search_entries)
            page.present_anchor_ids = set(finished.anchors)
        else:
            self.fresh_entries[src_uri] = self.entries[self.search_mark :]
            if src_uri in self.quiet:
                self.quiet[src_uri] = self.warnings.count
        self.search_mark = len(self.entries)

    def finished(self, page: Page, html: str, script_hashes: list[str]) -> None:
        """Store a page that rendered without a message and links to no other page's
        anchor (which a later build would otherwise not check again)."""
        src_uri = page.file.src_uri
        # Links to its own anchors (the headings' permalinks) hold while the page does.
        elsewhere = any(target is not page.file for target in page.links_to_anchors or {})
        if src_uri not in self.keys or not self._still_quiet(src_uri) or elsewhere:
            return
        finished = FinishedPage(
            html,
            self.fresh_entries.get(src_uri, []),
            list(script_hashes),
            sorted(page.present_anchor_ids or ()),
        )
        self.store.put(self.keys[src_uri], finished.encode())
