"""Output formats: feeds, JSON API, CSAF, security.txt, sitemaps, notices.

Each module is a pure function from published records and their localized views to
`Files`, a map of site-relative paths to bytes; `generator.build` writes them.
"""

from __future__ import annotations

import json
from typing import Any

Files = dict[str, bytes]


def json_bytes(data: Any, *, sort_keys: bool = False) -> bytes:
    # Compact on purpose: json.dumps with `indent` falls back to the slow Python encoder.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys)
    return (text + "\n").encode("utf-8")
