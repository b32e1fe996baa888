"""The persistent build cache in `.cache/advisories/`: safe to delete, ignored by git.

It holds the `.gz`/`.br` twins of output files by the SHA-256 of their bytes, the
compression settings and the tool's version, and the social cards by the digest of what
they show, each in one SQLite file (one file to open, not thousands). Nothing in it is
trusted: a twin is used only after it decompresses to exactly the bytes it stands for, a card
only with the digest stored beside it, and a cache that cannot be opened or read is ignored,
so a build with the cache is byte-identical to one without.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import sqlite3
import zlib
from pathlib import Path

import brotli

from . import __version__

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
    def key(data: bytes, quality: int) -> str:
        version = f"{__version__}/brotli {brotli.__version__}/zlib {zlib.ZLIB_VERSION}/q{quality}"
        return hashlib.sha256(version.encode() + b"\0" + data).hexdigest()

    def get(self, data: bytes, quality: int) -> tuple[bytes, bytes] | None:
        row = self._row("SELECT gz, br FROM twins WHERE key = ?", self.key(data, quality))
        if row is None:
            return None
        gz, br = bytes(row[0]), bytes(row[1])
        try:  # never trusted: a twin must give back exactly the original
            if gzip.decompress(gz) == data and brotli.decompress(br) == data:
                return gz, br
        except (OSError, EOFError, zlib.error, brotli.error):
            pass
        return None

    def put(self, data: bytes, quality: int, twins: tuple[bytes, bytes]) -> None:
        gz, br = twins
        self._add((self.key(data, quality), gz, br))


class CardCache(_Store):
    """Social cards drawn by an earlier build, by the digest of what they show. A card is
    used only when its bytes still have the digest stored beside them and are a PNG."""

    def __init__(self, root: Path) -> None:
        super().__init__(
            root,
            "cards.sqlite",
            "CREATE TABLE IF NOT EXISTS cards (key TEXT PRIMARY KEY, png BLOB, digest TEXT)",
            "INSERT OR REPLACE INTO cards VALUES (?, ?, ?)",
        )

    def get(self, key: str) -> bytes | None:
        row = self._row("SELECT png, digest FROM cards WHERE key = ?", key)
        if row is None:
            return None
        png = bytes(row[0])
        if png.startswith(b"\x89PNG\r\n\x1a\n") and hashlib.sha256(png).hexdigest() == row[1]:
            return png
        return None

    def put(self, key: str, png: bytes) -> None:
        self._add((key, png, hashlib.sha256(png).hexdigest()))


class BuildCaches:
    """The caches one build process uses. Each process opens its own (an SQLite
    connection must not cross a fork) and saves its own new entries."""

    def __init__(self, root: Path) -> None:
        self.cards = CardCache(root)
        self.twins = CompressionCache(root)

    def save(self) -> None:
        self.cards.save()
        self.twins.save()
