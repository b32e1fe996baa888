"""The persistent build cache in `.cache/advisories/`: safe to delete, ignored by git.

One SQLite file per kind of entry (one file to open, not thousands): the `.gz`/`.br` twins
of output files by the SHA-256 of their bytes, the compression settings and the tool's
version; social cards by the digest of what they show; finished pages, localized views,
records' parses and text findings by the digest of what made them; in `theme/`, linked copies
of theme folders (`mkdocs/theme_dirs.py`). Nothing in it is trusted for correctness: a
twin is used only after it decompresses to exactly the bytes it stands for, every other
entry only with the digest stored beside it and when it reads back as the type it stands
for, and a cache that cannot be opened or read is ignored, so a build with the cache is
byte-identical to one without. (It is written by this project's own builds: who can
write into it can edit the project's records and configuration as well.)
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import zlib
from pathlib import Path

import brotli

from . import __version__
from .formats.compress import Levels

FOLDER = Path(".cache") / "advisories"


class _Store:
    """One SQLite file of the cache; any failure to open, read or write it only costs
    time (the build computes what it cannot find). New entries are stored a few hundred
    at a time, so a large build never holds them all in memory; two build processes
    may store into the same file (SQLite's locking keeps each batch whole)."""

    BATCH = 256

    def __init__(self, root: Path, name: str, schema: str, insert: str) -> None:
        self.path = root / FOLDER / name
        self.insert = insert
        self.pending: list[tuple] = []
        self.db: sqlite3.Connection | None = None
        with contextlib.suppress(OSError, sqlite3.Error):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
            # A cache needs no durability: a batch lost in a crash costs time, and what is
            # read is checked anyway. Without a sync per batch (SQLite's default), a cold
            # build at 10,000 advisories no longer waits on the disk hundreds of times,
            # and a write-ahead log lets the two build processes read while one writes.
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=OFF")
            self.db.execute(schema)

    def _row(self, sql: str, key: str) -> tuple | None:
        if self.db is None:
            return None
        try:
            return self.db.execute(sql, (key,)).fetchone()
        except sqlite3.Error:
            return None

    def _add(self, row: tuple) -> None:
        self.pending.append(row)
        if len(self.pending) >= self.BATCH:
            self._store_pending()

    def _store_pending(self) -> None:
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error), self.db:
                self.db.executemany(self.insert, self.pending)
        self.pending = []

    def save(self) -> None:
        """Store what is left of this build's new entries and close."""
        self._store_pending()
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None


class CompressionCache(_Store):
    """Twins of files already compressed by an earlier build."""

    def __init__(self, root: Path) -> None:
        super().__init__(
            root,
            "compressed.sqlite",
            "CREATE TABLE IF NOT EXISTS twins (key TEXT PRIMARY KEY, gz BLOB, br BLOB)",
            "INSERT OR REPLACE INTO twins VALUES (?, ?, ?)",
        )

    @staticmethod
    def key(data: bytes, levels: Levels) -> str:
        version = (
            f"{__version__}/brotli {brotli.__version__}/zlib {zlib.ZLIB_VERSION}"
            f"/gzip {levels.gzip}/brotli {levels.brotli}"
        )
        return hashlib.sha256(version.encode() + b"\0" + data).hexdigest()

    def get(self, data: bytes, levels: Levels) -> tuple[bytes, bytes] | None:
        """The twins stored for `data`, unchecked (`precompressed` checks them)."""
        row = self._row("SELECT gz, br FROM twins WHERE key = ?", self.key(data, levels))
        return None if row is None else (bytes(row[0]), bytes(row[1]))

    def put(self, data: bytes, levels: Levels, twins: tuple[bytes, bytes]) -> None:
        gz, br = twins
        self._add((self.key(data, levels), gz, br))


class _DigestStore(_Store):
    """Values stored with the SHA-256 of their bytes; a value whose bytes no longer have
    the stored digest (a torn write, a planted row) is not found."""

    def __init__(self, root: Path, name: str, table: str) -> None:
        super().__init__(
            root,
            name,
            f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB, digest TEXT)",
            f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)",
        )
        # By position, so a cache written before the columns were renamed still reads.
        self.select = f"SELECT * FROM {table} WHERE key = ?"

    def get(self, key: str) -> bytes | None:
        row = self._row(self.select, key)
        if row is None:
            return None
        value = bytes(row[1])
        return value if hashlib.sha256(value).hexdigest() == row[2] else None

    def put(self, key: str, value: bytes) -> None:
        self._add((key, value, hashlib.sha256(value).hexdigest()))


class CardCache(_DigestStore):
    """Social cards drawn by an earlier build, by the digest of what they show."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, "cards.sqlite", "cards")

    def get(self, key: str) -> bytes | None:
        png = super().get(key)
        return png if png is not None and png.startswith(b"\x89PNG\r\n\x1a\n") else None


class PageCache(_DigestStore):
    """Finished pages of an earlier build, by the digest of everything that made them
    (the MkDocs adapter computes the key and reads the value)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, "pages.sqlite", "pages")


class CheckCache(_DigestStore):
    """Per record file, the text findings (facts, plain language) of the last build that
    checked it, with the digest of what they came from (`records.validate.RememberedFindings`)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, "checks.sqlite", "findings")


class ParseStore(_DigestStore):
    """Per record file, its parse by the last build that read it, with the digest of the
    bytes it came from (`records.load.RememberedParse`)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, "parses.sqlite", "parses")


class ViewCache(_DigestStore):
    """Each record's localized views and advisory pages (`site.remembered`)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root, "views.sqlite", "views")


class BuildCaches:
    """The caches one build process uses. Each process opens its own (an SQLite
    connection must not cross a fork) and saves its own new entries."""

    def __init__(self, root: Path) -> None:
        self.cards = CardCache(root)
        self.twins = CompressionCache(root)
        self.pages = PageCache(root)
        self.views = ViewCache(root)

    def save(self) -> None:
        self.cards.save()
        self.twins.save()
        self.pages.save()
        self.views.save()
