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


def script_hashes(html: str) -> list[str]:
    out = []
    for match in _INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        if "src=" in attrs or any(t in attrs for t in _DATA_TYPES):
            continue
        digest = hashlib.sha256(match.group("body").encode()).digest()
        out.append(f"'sha256-{base64.b64encode(digest).decode()}'")
    return sorted(set(out))


def content_security_policy(
    hashes: list[str] | tuple[str, ...], *, header: bool = False, preview: bool = False
) -> str:
    """The one CSP of the site: in a <meta> tag per page, and (with `frame-ancestors`, which
    only a header can carry) in the server configuration. The preview alone allows inline
    scripts, for the live-reload script `serve` injects; published pages never do."""
    scripts = " ".join(["'self'", "'unsafe-inline'"] if preview else ["'self'", *hashes])
    policy = (
        f"default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'"
    )
    return policy + "; frame-ancestors 'none'" if header else policy


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input[^>]*type="checkbox"[^>]*?) autocomplete="off"')
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def valid_markup(html: str) -> str:
    """What the Nu HTML Checker flags in the theme's output: `autocomplete` on checkboxes,
    and a label for the table-of-contents toggle on pages that have none."""
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = html.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return html


# What precedes `assets/` (after any `../`) in the theme's links to its own files.
_ASSET_LEADS = ('href="', 'src="', 'data-theme-bundle="', '"search": "')


def shared_assets(html: str, lang: str) -> str:
    """A language's pages use the one copy of the theme assets at the site root, one
    folder up from the language's own (relative links, and the 404 page's absolute ones).
    Found from each `assets/` back to its lead: a regular expression that starts with
    the leads tries every character of the page, and took 0.7 ms a page."""
    pieces = []
    copied = 0
    found = html.find("assets/")
    while found != -1:
        lead_end = found
        while lead_end >= 3 and html.startswith("../", lead_end - 3):
            lead_end -= 3
        if html.endswith(_ASSET_LEADS, 0, lead_end):
            pieces += (html[copied:found], "../")
            copied = found
        found = html.find("assets/", found + len("assets/"))
    pieces.append(html[copied:])
    return "".join(pieces).replace(f'="/{lang}/assets/', '="/assets/')


def harden_html(html: str, search_label: str, hashes: list[str], preview: bool = False) -> str:
    """Name the search dialog, then put the CSP (allowing the page's inline scripts, by
    `hashes`) first in <head>, before any script runs."""
    named = _SEARCH_DIALOG.replace(
        'role="dialog"', f'role="dialog" aria-label="{escape(search_label)}"'
    )
    html = valid_markup(html.replace(_SEARCH_DIALOG, named))
    if 'http-equiv="Content-Security-Policy"' in html:
        return html
    csp = content_security_policy(hashes, preview=preview)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
    return html.replace("<head>", "<head>\n    " + meta, 1)
