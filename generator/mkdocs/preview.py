"""The incremental preview of `advisories serve`: page sources as real files, rewritten
only when their text changed, so a MkDocs dirty build renders just the pages an edit
touched."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..site.pages import PageSource
from ..site.render import TEMPLATES


class Preview:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="advisories-preview-"))
        # Views and rendered pages of unchanged records, keyed by object identity.
        self.page_cache: dict[tuple, tuple] = {}
        self.stamp = 0
        self.written: dict[Path, PageSource] = {}

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

    def sources_unchanged(self, locales_dir: Path) -> bool:
        """A template or catalog edit changes every page, so it forces a full rebuild and
        empties the render cache."""
        stamp = max(
            p.stat().st_mtime_ns
            for folder in (TEMPLATES, locales_dir)
            for p in folder.rglob("*")
            if p.is_file()
        )
        unchanged = stamp == self.stamp
        if not unchanged:
            self.page_cache.clear()
        self.stamp = stamp
        return unchanged

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
