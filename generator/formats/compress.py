"""Precompressed copies (`.gz`, `.br`) beside every text file of the site of `MIN_SIZE`
bytes or more, so a host that serves precompressed files (nginx gzip_static and
brotli_static, Caddy `precompressed`, CloudFront with the right metadata) needs no
compression of its own.

The bytes are reproducible: gzip without a name or time stamp, Brotli is deterministic.
"""

from __future__ import annotations

import gzip
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import brotli

from . import Files

COMPRESSIBLE = (".html", ".css", ".js", ".xml", ".json", ".txt", ".svg")
# Smaller files get no twins: they fit in a packet either way, as CloudFront's rule of
# compressing from 1,000 bytes has it. A site has one such file per page (its one-page
# sitemap), and each would have cost two more files to write and to upload.
MIN_SIZE = 1000


@dataclass(frozen=True)
class Levels:
    """How hard one file is compressed, by gzip (1-9) and by Brotli (0-11)."""

    gzip: int
    brotli: int


# The theme's bundles, which every reader downloads and which do not change, get the
# most; pages, feeds and JSON get levels that cost a fraction for a little more size.
# Measured on the pages, feeds and JSON of 400 advisories (50 MB): Brotli 11 took 12× as
# long as 5 for 13 % less; gzip 9 took 1.24× as long as 6 for 0.3 % less.
BUNDLES = Levels(gzip=9, brotli=11)
PAGES = Levels(gzip=6, brotli=5)


def compressible(path: str) -> bool:
    """Whether a file of this name may get twins: what `gets_twins` asks before its size."""
    return path.endswith(COMPRESSIBLE)


def gets_twins(path: str, size: int) -> bool:
    return compressible(path) and size >= MIN_SIZE


def levels(path: str) -> Levels:
    return BUNDLES if path.startswith("assets/") else PAGES


class TwinStore(Protocol):
    """Where earlier builds' twins may be found (the build cache). What it gives back is
    never trusted: `precompressed` uses a pair only if it decompresses to the file."""

    def get(self, data: bytes, levels: Levels) -> tuple[bytes, bytes] | None: ...

    def put(self, data: bytes, levels: Levels, twins: tuple[bytes, bytes]) -> None: ...


def twins(data: bytes, levels: Levels) -> tuple[bytes, bytes]:
    return (
        gzip.compress(data, compresslevel=levels.gzip, mtime=0),
        brotli.compress(data, quality=levels.brotli),
    )


def precompressed(files: Files, store: TwinStore | None = None, workers: int = 2) -> Files:
    """`{path.gz: ..., path.br: ...}` for every compressible file of `MIN_SIZE` bytes or
    more. Stored twins are checked, and missing ones made, on `workers` threads (zlib and
    Brotli release the interpreter lock while they work); the store is only read and
    written here, on the caller's thread."""
    wanted = [
        (path, data, levels(path)) for path, data in files.items() if gets_twins(path, len(data))
    ]
    stored = [store.get(data, how) if store else None for _, data, how in wanted]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pairs = list(pool.map(_stored_or_made, wanted, stored))
    out: Files = {}
    for (path, data, how), (pair, made) in zip(wanted, pairs, strict=True):
        if store and made:
            store.put(data, how, pair)
        out[path + ".gz"], out[path + ".br"] = pair
    return out


def _stored_or_made(
    item: tuple[str, bytes, Levels], stored: tuple[bytes, bytes] | None
) -> tuple[tuple[bytes, bytes], bool]:
    """The stored pair when it is trusted, else a new one (and True: it was made)."""
    _, data, how = item
    trusted = _trusted(data, stored)
    return (trusted, False) if trusted else (twins(data, how), True)


def _trusted(data: bytes, pair: tuple[bytes, bytes] | None) -> tuple[bytes, bytes] | None:
    """A stored pair, when both twins give back exactly `data`."""
    if pair is None:
        return None
    gz, br = pair
    try:
        if gzip.decompress(gz) == data and brotli.decompress(br) == data:
            return pair
    except (OSError, EOFError, zlib.error, brotli.error):
        pass
    return None
