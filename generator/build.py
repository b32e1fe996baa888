"""The build: its state, the files each stage contributes, and the one writer.

A build validates records once, renders one localized site per language, asks each format
for its files and hands them to `SiteWriter`, the only code that writes into the site
folder. Publishing swaps a finished staging folder in, so a reader or a host never sees a
half-built site, and no output folder can be placed over the project's own sources.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import gc
import os
import re
import shutil
import stat
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TypeVar

from .formats import Files
from .formats.api import API, api_files
from .formats.atom import feed
from .formats.cards import advisory_cards, card_files
from .formats.compress import TwinStore, compressible, gets_twins, precompressed
from .formats.csaf import directory_files, document_file, labels
from .formats.securitytxt import security_txt
from .formats.serving import HeaderPolicy, headers_file
from .formats.sitemaps import page_sitemaps, sitemap_index
from .records.advisory import Advisory
from .settings import Settings
from .site.i18n import translations
from .site.pages import LanguageSite
from .site.render import Renderer
from .store import ByteStore

API_FOLDER = API.rstrip("/")  # the folder `api_outputs` fills


class OutputError(RuntimeError):
    """A write that would leave the site folder or repeat a path: a bug, never published."""


class SiteWriter:
    """Writes `Files` under one folder; refuses a path outside it or a path written twice.

    Given the published site the build will replace, a file whose bytes that site already
    has at the same path is hard-linked from it instead of written: most of a rebuild's
    files are unchanged, and on a busy disk writing them was most of a warm build. The
    published file is only linked, never written; nothing rewrites a file this writer
    placed (it refuses a second write), so the old site stays as it was until the swap.
    """

    def __init__(self, site_dir: Path, published: Path | None = None) -> None:
        self.root = site_dir.resolve()
        self.published = published.resolve() if published else None
        self.written: set[str] = set()
        # Folders already checked to lie inside the site, and made: a site has tens of
        # thousands of files in a few thousand folders.
        self.folders: dict[Path, Path] = {}

    def write(self, files: Files) -> None:
        for relative, data in files.items():
            target = self._claim(relative)
            if not self._linked(relative, target, data):
                target.write_bytes(data)

    def write_batches(self, batches: Iterable[Files]) -> None:
        """Write each batch while the next one is made. On a busy disk, creating a file
        waits in the kernel, without the interpreter lock: writing 40,000 files was half
        of the root's share of a build, with a core idle. Nothing else may use this writer
        until it returns (the batches' maker included); a failed write stops the build."""
        with ThreadPoolExecutor(max_workers=1) as pool:
            writing: Future[None] | None = None
            for files in batches:
                if writing:
                    writing.result()
                writing = pool.submit(self.write, files)
            if writing:
                writing.result()

    def link_unchanged(self, relative: str, data: bytes) -> bool:
        """Place a file someone else would write (MkDocs, a page) by linking the published
        one, when it holds exactly `data`; False leaves the writing to the caller."""
        if not self.published:
            return False
        target = self._claim(relative)
        if self._linked(relative, target, data):
            return True
        self.written.discard(relative)
        return False

    def relative(self, path: str) -> str | None:
        """`path`'s place in the site, or None when it lies outside."""
        for candidate in (Path(path), Path(path).resolve()):
            if candidate.is_relative_to(self.root):
                return candidate.relative_to(self.root).as_posix()
        return None

    def _claim(self, relative: str) -> Path:
        parts = PurePosixPath(relative).parts
        if not parts or relative.startswith("/") or ".." in parts:
            raise OutputError(f"refusing to write {relative!r}: not a relative site path")
        if relative in self.written:
            raise OutputError(f"refusing to write {relative!r} twice in one build")
        lexical = self.root / relative
        folder = self.folders.get(lexical.parent)
        if folder is None:
            folder = lexical.parent.resolve()
            if not folder.is_relative_to(self.root):
                raise OutputError(f"refusing to write {relative!r}: it leaves {self.root}")
            folder.mkdir(parents=True, exist_ok=True)
            self.folders[lexical.parent] = folder
        target = folder / lexical.name
        if target.is_symlink() and not target.resolve().is_relative_to(self.root):
            raise OutputError(f"refusing to write {relative!r}: it leaves {self.root}")
        self.written.add(relative)
        return target

    def _linked(self, relative: str, target: Path, data: bytes) -> bool:
        return self.published is not None and _link_same(self.published / relative, target, data)


def _link_same(published: Path, target: Path, data: bytes) -> bool:
    """Hard-link `published` to `target` if it is a regular file holding exactly `data`
    (the very file read: one replaced meanwhile is not linked)."""
    try:
        with open(published, "rb", opener=_no_follow) as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
                return False
            if stream.read() != data:
                return False
        os.link(published, target, follow_symlinks=False)
        linked = os.lstat(target)
        if (linked.st_ino, linked.st_dev) != (info.st_ino, info.st_dev):
            target.unlink()
            return False
    except OSError:  # another file system, no hard links, a symbolic link, or a FIFO
        return False
    return True


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK)


@dataclass
class BuildState:
    """What the root build computes once and every language build reads."""

    settings: Settings
    now: datetime
    published: list[Advisory]
    renderer: Renderer
    writer: SiteWriter
    sites: dict[str, LanguageSite] = field(default_factory=dict)
    script_hashes: set[str] = field(default_factory=set)  # inline scripts of every page
    # Each CSAF document written, by path and current release date, for the directory.
    csaf_releases: set[tuple[str, str]] = field(default_factory=set)


def language_files(state: BuildState, lang: str) -> Files:
    """Files of one language's folder that MkDocs does not write itself."""
    s = state.settings
    site = state.sites[lang]
    t = translations(s.locales_dir, lang)
    return {
        **feed(site.views, lang, s, t, state.now),
        **page_sitemaps(site.page_urls, lang, s),
    }


# Files made or read at a time where a large site's would not fit in memory at once.
_BATCH = 256
Item = TypeVar("Item")


def _batches(items: Sequence[Item]) -> Iterator[Sequence[Item]]:
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]


def social_cards(state: BuildState, lang: str, store: ByteStore | None) -> Iterator[Files]:
    """The link-preview picture of each advisory page of one language, a batch at a time:
    at 10,000 advisories they were 400 MB held at once."""
    t = translations(state.settings.locales_dir, lang)
    for views in _batches(state.sites[lang].views):
        yield card_files(advisory_cards(views, lang, state.settings, t), store)


def csaf_documents(state: BuildState, lang: str) -> Iterator[Files]:
    """One language's CSAF documents, a batch at a time, made where the language was built:
    its views need not outlive its build (at 10,000 advisories, the other process sent
    them back for this alone). Each document joins `csaf_releases` for the directory."""
    titles = labels(translations(state.settings.locales_dir, lang))
    records = {a.id: a for a in state.published}
    for views in _batches(state.sites[lang].views):
        files: Files = {}
        for v in views:
            path, released, data = document_file(
                records[v.id], v, state.settings, state.now, titles
            )
            files[path] = data
            state.csaf_releases.add((path, released))
        yield files


def api_outputs(state: BuildState) -> Files:
    """The JSON API (`API_FOLDER`): the published records alone make it, so a build makes
    it wherever a core is free, not after both languages (see the plugin)."""
    s = state.settings
    t = {lang: translations(s.locales_dir, lang) for lang in s.languages}
    return api_files(state.published, s, t, state.now.isoformat())


def root_files(state: BuildState) -> Iterator[Files]:
    """The other machine-readable files at the site root: the CSAF directory (its documents
    are written with their language), security.txt, sitemap index; one format at a time,
    so a large site's are never all in memory at once."""
    s = state.settings
    yield directory_files(state.csaf_releases, s, state.now)
    yield security_txt(s, state.now)
    yield sitemap_index(s)


def served_files(state: BuildState) -> Files:
    """`_headers` for hosts that read it, from the same policy as `server-config`."""
    policy = HeaderPolicy(tuple(sorted(state.script_hashes)), tuple(state.settings.languages))
    return headers_file(policy)


def precompress_site(writer: SiteWriter, store: TwinStore | None, under: str | None = None) -> None:
    """Write the `.gz`/`.br` twins of every file of the site (or of one of its folders)
    that should have them and has none yet, a batch at a time, so a large site's files are
    never all in memory at once. Files too small for twins are not even read."""
    folder = writer.root / under if under else writer.root
    wanted: list[str] = []
    # Only names that may get twins are looked at: the root's pass walks the whole site
    # again, and with a stat of every file and paths sorted as objects, that walk was
    # most of the pass in a rebuild, where every twin is found in the cache.
    for current, _, names in os.walk(folder):
        for name in names:
            if compressible(name):
                path = os.path.join(current, name)
                info = os.stat(path)
                if stat.S_ISREG(info.st_mode) and gets_twins(name, info.st_size):
                    wanted.append(Path(path).relative_to(writer.root).as_posix())
    precompress_paths(writer, store, sorted(wanted))


def precompress_paths(writer: SiteWriter, store: TwinStore | None, paths: list[str]) -> None:
    """The twins of these files of the site that have none yet, a batch at a time."""
    todo = [relative for relative in paths if relative + ".gz" not in writer.written]
    writer.write_batches(
        precompressed(
            {relative: (writer.root / relative).read_bytes() for relative in batch}, store
        )
        for batch in _batches(todo)
    )


def release_memory() -> None:
    """Give what a finished language build freed back to the system: its pages and their
    links to each other are cyclic garbage, and glibc keeps freed memory for the process
    unless asked (`malloc_trim`; elsewhere only the collection runs). At 10,000 advisories
    the root's files were then made on top of a language build's high-water mark."""
    gc.collect()
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None).malloc_trim(0)


def prune_theme_assets(assets: Path, languages: list[str]) -> None:
    """Drop what no reader loads: source maps, and search-language files of languages the
    site does not have. The `sourceMappingURL` lines go too, so no tool asks for them."""
    for source_map in assets.rglob("*.map"):
        source_map.unlink()
    keep = {f"lunr.{lang}.min.js" for lang in languages} | {
        "lunr.stemmer.support.min.js",
        "lunr.multi.min.js",
    }
    for lunr in (assets / "javascripts" / "lunr").rglob("*.js"):
        if lunr.name not in keep:
            lunr.unlink()
    for bundle in [*assets.rglob("*.js"), *assets.rglob("*.css")]:
        text = bundle.read_text(encoding="utf-8")
        stripped = _SOURCE_MAP.sub("", text)
        if stripped != text:
            bundle.write_text(stripped, encoding="utf-8")


_SOURCE_MAP = re.compile(r"\n?/[/*]# sourceMappingURL=[^\n]*")


# --------------------------------------------------------------------------- site folder


def site_dir_problem(site_dir: Path, settings: Settings, docs_dir: Path) -> str | None:
    """Why building into `site_dir` could destroy sources, or None. A build empties its
    output folder, so it may not be the project, hold it, or touch docs, records, catalogs
    or git."""
    target = site_dir.resolve()
    root = settings.root.resolve()
    protected = {
        "the docs folder": docs_dir.resolve(),
        "the records folder": settings.records_dir.resolve(),
        "the catalogs folder": settings.locales_dir.resolve(),
        "the .git folder": root / ".git",
    }
    if target == root or root.is_relative_to(target):
        return f"the output folder {target} is the project folder or contains it"
    for what, folder in protected.items():
        if folder.is_relative_to(target) or target.is_relative_to(folder):
            return f"the output folder {target} is, holds or lies inside {what} ({folder})"
    return None


def staging_dir(target: Path) -> Path:
    return target.with_name(f".{target.name}-build-{os.getpid()}")


def _leftovers(target: Path, kind: str) -> list[tuple[Path, int]]:
    out = []
    for path in target.parent.glob(f".{target.name}-{kind}-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit():
            out.append((path, int(pid)))
    return out


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(target: Path) -> None:
    """Repair what a killed build left: put the old site back if the swap stopped halfway,
    then delete staging and old folders of builds that are no longer running."""
    if not target.exists():
        olds = sorted(
            (p for p, pid in _leftovers(target, "old") if not _alive(pid)),
            key=lambda p: p.stat().st_mtime,
        )
        if olds:
            olds[-1].rename(target)
    for kind in ("build", "old"):
        for path, pid in _leftovers(target, kind):
            if not _alive(pid):
                shutil.rmtree(path, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the OS cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def publish(staging: Path, target: Path) -> None:
    """Make `staging` the site. At every instant `target` is the whole old site or the
    whole new one: an atomic exchange where the OS has one, else two renames that
    `recover` completes if the process dies between them."""
    if not target.exists():
        staging.rename(target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the old site
        return
    old = target.with_name(f".{target.name}-old-{os.getpid()}")
    target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
