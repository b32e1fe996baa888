"""Last touches on every built HTML page: a Content-Security-Policy, and an
accessible name for the theme's search dialog (axe's `aria-dialog-name`).

Material inlines a few small scripts; hashing them keeps `unsafe-inline` out of
`script-src` while the theme still works.
"""

from __future__ import annotations

import base64
import hashlib
import re

from markupsafe import escape

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)
_DATA_TYPES = ("application/json", "application/ld+json")
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def _hashes(html: str) -> list[str]:
    out = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs or any(t in attrs for t in _DATA_TYPES):
            continue
        digest = hashlib.sha256(match.group("body").encode()).digest()
        out.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(out))


def policy(html: str) -> str:
    scripts = " ".join(["'self'", *_hashes(html)])
    return (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'"
    )


def harden_html(html: str, search_label: str) -> str:
    """Name the search dialog, then put the CSP first in <head>, before any script runs."""
    named = _SEARCH_DIALOG.replace(
        'role="dialog"', f'role="dialog" aria-label="{escape(search_label)}"'
    )
    html = html.replace(_SEARCH_DIALOG, named)
    if 'http-equiv="Content-Security-Policy"' in html:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html)}">'
    return html.replace("<head>", "<head>\n    " + meta, 1)
