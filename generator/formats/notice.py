"""Plain notices for email or SMS, from the same record and catalogs as the site."""

from __future__ import annotations

import re
from datetime import datetime

from ..records.advisory import Advisory
from ..settings import Settings
from ..site.i18n import translations
from ..site.localize import localize
from ..site.markup import plain, safe_markdown
from ..site.render import Renderer


def _markdown(text: str) -> str:
    """Record Markdown made safe for a mailer, paragraph by paragraph."""
    parts = [safe_markdown(p) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(parts)


def notice(a: Advisory, lang: str, fmt: str, s: Settings, now: datetime) -> str:
    """`fmt` is "text" (plain, for SMS or plain email) or "markdown" (keeps inline Markdown)."""
    v = localize(a, lang, translations(s.locales_dir, lang), now)
    url = s.lang_url(lang, v.url)
    if fmt == "text":
        return Renderer(s).render(
            "notice.text.j2",
            lang,
            a=v,
            url=url,
            not_affected=plain(a.not_affected[lang]),
            contact=plain(s.contact_notice[lang]),
        )
    return Renderer(s).render(
        "notice.markdown.j2",
        lang,
        url=url,
        title_md=safe_markdown(a.title[lang]),
        summary_md=_markdown(a.summary[lang]),
        affected_md=safe_markdown(a.affected[lang]),
        not_affected_md=safe_markdown(a.not_affected[lang]),
        steps_md=[safe_markdown(r[lang]) for r in a.recommendations],
        contact_md=safe_markdown(s.contact_notice[lang]),
    )
