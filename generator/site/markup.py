"""Inline Markdown from records, rendered with HTML disabled.

Writers may use emphasis, code and links; raw HTML and template syntax stay
literal text. markdown-it-py escapes everything else and refuses unsafe link schemes.
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


def paragraphs(text: str) -> Markup:
    """Blank lines separate paragraphs; nothing else of block Markdown is honoured."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return Markup("".join(f"<p>{inline(p)}</p>" for p in parts))


def plain(text: str) -> str:
    """Text without Markdown, for meta descriptions, feeds, JSON and notices."""
    return html.unescape(re.sub(r"<[^>]+>", "", inline(text))).strip()
