"""Precompressed copies (`.gz`, `.br`) beside every text file of the site, so a host that
serves precompressed files (nginx gzip_static/brotli_static, Caddy `precompressed`,
CloudFront with the right metadata) needs no compression of its own.

The bytes are reproducible: gzip without a name or time stamp, Brotli is deterministic.
"""

from __future__ import annotations

import gzip

import brotli

from . import Files

COMPRESSIBLE = (".html", ".css", ".js", ".xml", ".json", ".txt", ".svg")


def precompressed(files: Files) -> Files:
    """`{path.gz: ..., path.br: ...}` for every compressible file."""
    out: Files = {}
    for path, data in files.items():
        if not path.endswith(COMPRESSIBLE):
            continue
        out[path + ".gz"] = gzip.compress(data, compresslevel=9, mtime=0)
        out[path + ".br"] = brotli.compress(data, quality=11 if len(data) < 65536 else 9)
    return out
