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
    time (the build computes what it cannot find)."""

    def __init__(self, root: Path, name: str, schema: str) -> None:
        self.path = root / FOLDER / name
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

    def _save(self, sql: str, rows: list[tuple]) -> None:
        """Store this build's new entries and close."""
        if self.db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            with self.db:
                self.db.executemany(sql, rows)
            self.db.close()
        self.db = None


class CompressionCache(_Store):
    """Twins of files already compressed by an earlier build."""

    def __init__(self, root: Path) -> None:
        super().__init__(
            root,
            "compressed.sqlite",
            "CREATE TABLE IF NOT EXISTS twins (key TEXT PRIMARY KEY, gz BLOB, br BLOB)",
        )
        self.fresh: dict[str, tuple[bytes, bytes]] = {}

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
        self.fresh[self.key(data, quality)] = twins

    def save(self) -> None:
        self._save(
            "INSERT OR REPLACE INTO twins VALUES (?, ?, ?)",
            [(key, gz, br) for key, (gz, br) in self.fresh.items()],
        )


class CardCache(_Store):
    """Social cards drawn by an earlier build, by the digest of what they show. A card is
    used only when its bytes still have the digest stored beside them and are a PNG."""

    def __init__(self, root: Path) -> None:
        super().__init__(
            root,
            "cards.sqlite",
            "CREATE TABLE IF NOT EXISTS cards (key TEXT PRIMARY KEY, png BLOB, digest TEXT)",
        )
        self.fresh: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        row = self._row("SELECT png, digest FROM cards WHERE key = ?", key)
        if row is None:
            return None
        png = bytes(row[0])
        if png.startswith(b"\x89PNG\r\n\x1a\n") and hashlib.sha256(png).hexdigest() == row[1]:
            return png
        return None

    def put(self, key: str, png: bytes) -> None:
        self.fresh[key] = png

    def save(self) -> None:
        self._save(
            "INSERT OR REPLACE INTO cards VALUES (?, ?, ?)",
            [(key, png, hashlib.sha256(png).hexdigest()) for key, png in self.fresh.items()],
        )


class BuildCaches:
    """The caches one build process uses. Each process opens its own: an SQLite
    connection must not cross a fork. A second process's new entries are merged into the
    first's, which saves them all."""

    def __init__(self, root: Path) -> None:
        self.cards = CardCache(root)
        self.twins = CompressionCache(root)

    def fresh(self) -> tuple[dict[str, bytes], dict[str, tuple[bytes, bytes]]]:
        return dict(self.cards.fresh), dict(self.twins.fresh)

    def merge(self, fresh: tuple[dict[str, bytes], dict[str, tuple[bytes, bytes]]]) -> None:
        cards, twins = fresh
        self.cards.fresh.update(cards)
        self.twins.fresh.update(twins)

    def save(self) -> None:
        self.cards.save()
        self.twins.save()
