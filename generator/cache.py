"""The persistent build cache in `.cache/advisories/`: safe to delete, ignored by git.

It holds the `.gz`/`.br` twins of output files by the SHA-256 of their bytes, the
compression settings and the tool's version, in one SQLite file (one file to open, not
thousands). Nothing in it is trusted: a twin is used only after it decompresses to exactly
the bytes it stands for, and a cache that cannot be opened or read is ignored, so a build
with the cache is byte-identical to one without.
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
_SCHEMA = "CREATE TABLE IF NOT EXISTS twins (key TEXT PRIMARY KEY, gz BLOB, br BLOB)"


class CompressionCache:
    """Twins of files already compressed by an earlier build."""

    def __init__(self, root: Path) -> None:
        self.path = root / FOLDER / "compressed.sqlite"
        self.db: sqlite3.Connection | None = None
        self.fresh: dict[str, tuple[bytes, bytes]] = {}
        with contextlib.suppress(OSError, sqlite3.Error):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
            self.db.execute(_SCHEMA)

    @staticmethod
    def key(data: bytes, quality: int) -> str:
        version = f"{__version__}/brotli {brotli.__version__}/zlib {zlib.ZLIB_VERSION}/q{quality}"
        return hashlib.sha256(version.encode() + b"\0" + data).hexdigest()

    def get(self, data: bytes, quality: int) -> tuple[bytes, bytes] | None:
        if self.db is None:
            return None
        try:
            row = self.db.execute(
                "SELECT gz, br FROM twins WHERE key = ?", (self.key(data, quality),)
            ).fetchone()
        except sqlite3.Error:
            return None
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
        """Store this build's new twins; a failure only costs the next build time."""
        if self.db is None:
            return
        with contextlib.suppress(sqlite3.Error):
            with self.db:
                self.db.executemany(
                    "INSERT OR REPLACE INTO twins VALUES (?, ?, ?)",
                    [(key, gz, br) for key, (gz, br) in self.fresh.items()],
                )
            self.db.close()
        self.db = None
