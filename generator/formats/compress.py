"""Precompressed copies (`.gz`, `.br`) beside every text file of the site of `MIN_SIZE`
bytes or more, so a host that serves precompressed files (nginx gzip_static and
brotli_static, Caddy `precompressed`, CloudFront with the right metadata) needs no
compression of its own.

The bytes are reproducible: gzip without a name or time stamp, Brotli is deterministic.
"""

from __future__ import annotations

import gzip
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


def levels(path: str) -> Levels:
    return BUNDLES if path.startswith("assets/") else PAGES


class TwinStore(Protocol):
    """Where earlier builds' twins may be found (the build cache)."""

    def get(self, data: bytes, levels: Levels) -> tuple[bytes, bytes] | None: ...

    def put(self, data: bytes, levels: Levels, twins: tuple[bytes, bytes]) -> None: ...


def twins(data: bytes, levels: Levels) -> tuple[bytes, bytes]:
    return (
        gzip.compress(data, compresslevel=levels.gzip, mtime=0),
        brotli.compress(data, quality=levels.brotli),
    )


def precompressed(files: Files, store: TwinStore | None = None, workers: int = 2) -> Files:
    """`{path.gz: ..., path.br: ...}` for every compressible file of `MIN_SIZE` bytes or
    more, on `workers` threads (zlib and Brotli release the interpreter lock while they
    work)."""
    wanted = [
        (path, data, levels(path))
        for path, data in files.items()
        if path.endswith(COMPRESSIBLE) and len(data) >= MIN_SIZE
    ]
    known = (
        {path: store.get(data, wanted_levels) for path, data, wanted_levels in wanted}
        if store
        else {}
    )
    todo = [item for item in wanted if not known.get(item[0])]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        made = dict(
            zip(
                (path for path, _, _ in todo),
                pool.map(lambda item: twins(item[1], item[2]), todo),
                strict=True,
            )
        )
    if store:
        for path, data, wanted_levels in todo:
            store.put(data, wanted_levels, made[path])
    out: Files = {}
    for path, _, _ in wanted:
        gz, br = known.get(path) or made[path]
        out[path + ".gz"], out[path + ".br"] = gz, br
    return out
