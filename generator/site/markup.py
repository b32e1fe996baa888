"""Inline Markdown from records, rendered with HTML disabled.

Writers may use emphasis, code and links; raw HTML and template syntax stay
literal text. markdown-it-py escapes everything else and refuses unsafe link schemes.
The same parse gives HTML for pages, plain text for feeds and SMS, and Markdown rebuilt
from its tokens for notices that a mailer will render.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(
    ["emphasis", "backticks", "link", "escape"]
)


@lru_cache(maxsize=65536)
def inline(text: str) -> Markup:
    """Cached: the same text is rendered for the page, the feed, the API and CSAF."""
    return Markup(_md.renderInline(text))


_SAFE_SCHEMES = ("https://", "http://", "mailto:")
# The marks that mean something to a Markdown or HTML renderer, backslash-escaped so that
# `<script>`, `[x](javascript:...)`, `{{ }}` and entities stay literal; `'`, `,`, `.` stay
# as they are so the notice reads normally.
_SPECIAL = re.compile(r"([\\`*_\[\]()<>#!|{}&~])")
_BLOCK_START = re.compile(r"^(\s*\d*)([-+=>.)])")


def _escaped(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def safe_markdown(text: str) -> str:
    """A record's inline Markdown as Markdown that can only mean what our pages show:
    emphasis, code and https/mailto links kept, everything else literal."""
    out = []
    for token in _md.parseInline(text)[0].children or []:
        kind = token.type
        if kind == "text":
            out.append(_escaped(token.content))
        elif kind == "code_inline":
            fence = "`" * (max((len(r) for r in re.findall("`+", token.content)), default=0) + 1)
            out.append(f"{fence} {token.content} {fence}")
        elif kind in ("em_open", "em_close"):
            out.append("*")
        elif kind in ("strong_open", "strong_close"):
            out.append("**")
        elif kind == "link_open":
            href = str(token.attrs.get("href", ""))
            safe = href.startswith(_SAFE_SCHEMES)
            out.append("[" if safe else "")
            token.meta["href"] = href.replace("(", "%28").replace(")", "%29") if safe else None
            link = token
        elif kind == "link_close":
            href = link.meta.get("href")
            out.append(f"]({href})" if href else "")
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
    # A line that starts like a list item or a quote would become one.
    return _BLOCK_START.sub(r"\1\\\2", "".join(out).strip())


def paragraphs(text: str) -> Markup:
    """Blank lines separate paragraphs; nothing else of block Markdown is honoured."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markup("".join(f"<p>{inline(p)}</p>" for p in parts))


def plain(text: str) -> str:
    """Text without Markdown, for meta descriptions, feeds, JSON and notices."""
    return html.unescape(re.sub(r"<[^>]+>", "", inline(text))).strip()
