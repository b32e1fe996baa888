"""The incremental preview of `advisories serve`: page sources as real files, rewritten
only when their text changed, so a MkDocs dirty build renders just the pages an edit
touched."""

from __future__ import annotations

import gc
import hashlib
import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..records.diagnostics import Problem
from ..records.validate import RecordCache
from ..site.pages import PageSource
from ..site.render import TEMPLATES


class Preview:
    """Everything the preview keeps between rebuilds. Each cache is keyed by content
    (file bytes, or objects that unchanged bytes give back), never by time stamps."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="advisories-preview-"))
        # Parses and checks of unchanged records.
        self.records = RecordCache()
        # Views and rendered pages of unchanged records (the records cache returns the
        # same objects for the same bytes, so their identity stands for their content).
        self.page_cache: dict[tuple, tuple] = {}
        self.stamp: frozenset[tuple[str, str]] = frozenset()
        self.written: dict[Path, PageSource] = {}
        # What each language build was made from, to skip the ones an edit did not touch.
        self.built_from: dict[str, object] = {}
        self.warned: frozenset[Problem] = frozenset()

    def add_files(
        self, files: Files, config: MkDocsConfig, pages: dict[str, PageSource], lang: str
    ) -> Files:
        folder = self.folder / lang
        for src_uri, page in pages.items():
            path = folder / src_uri
            # Metadata (the title) lives beside the body: a changed page is rewritten
            # even when only its metadata changed, so the dirty build renders it again.
            if self.written.get(path) != page or not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(page.markdown, encoding="utf-8")
                self.written[path] = page
            files.append(File(src_uri, str(folder), config.site_dir, config.use_directory_urls))
        for stale in folder.rglob("*.md"):
            if stale.relative_to(folder).as_posix() not in pages:
                stale.unlink()
                page_dir = Path(config.site_dir) / stale.relative_to(folder).with_suffix("")
                shutil.rmtree(page_dir, ignore_errors=True)
        return files

    def sources_unchanged(self, locales_dir: Path, config_file: Path) -> bool:
        """A template, catalog or mkdocs.yml edit changes every page (a new site_name is
        in every header), so it forces a full rebuild and empties the caches."""
        stamp = file_stamps(TEMPLATES, locales_dir, config_file)
        unchanged = stamp == self.stamp
        if not unchanged:
            self.forget()
        self.stamp = stamp
        return unchanged

    def forget(self) -> None:
        """Settings, templates or catalogs changed: no cached page or build still holds."""
        self.page_cache.clear()
        self.built_from.clear()

    def new_warnings(self, warnings: list[Problem]) -> list[Problem]:
        """The warnings the previous build did not show. A writer reads what a save
        changed; repeating every warning on every save (thousands on a large site) would
        bury it, and logging them cost a third of a rebuild."""
        new = [warning for warning in warnings if warning not in self.warned]
        self.warned = frozenset(warnings)
        return new

    def needs_build(self, lang: str, inputs: object) -> bool:
        """An edit to one language's text leaves the other language's pages, banner and
        docs as they were: rebuilding it would only cost the writer time."""
        return self.built_from.get(lang) != inputs

    def built(self, lang: str, inputs: object) -> None:
        self.built_from[lang] = inputs

    def settle(self) -> None:
        """After a full preview build: take what it made (records, views, pages, theme
        files) out of the cyclic garbage collector's walks, which otherwise cost each
        later rebuild ~0.1 s at 400 advisories. Unfreezing first lets the previous full
        build's leftovers be collected."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def file_stamps(*paths: Path) -> frozenset[tuple[str, str]]:
    """Every file under `paths` with a digest of its bytes: changes when a file is
    edited (even twice within one time-stamp tick at the same size), added or removed."""
    files = (p for path in paths for p in ([path] if path.is_file() else path.rglob("*")))
    return frozenset(
        (str(p), hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest())
        for p in files
        if p.is_file()
    )
