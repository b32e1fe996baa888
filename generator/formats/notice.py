"""Notices from the same record and catalogs as the site, one per event and channel.

An event is what the notice announces: the first publication, one update, or the
withdrawal. Channels: a plain or Markdown text, an e-mail (RFC 5322, text and HTML parts),
an SMS (measured as carriers count it), a snippet for a banner on another site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from urllib.parse import urlsplit

from babel.support import Translations
from markupsafe import escape

from ..records.advisory import Advisory
from ..records.diagnostics import UserError
from ..records.sms import SmsLength, measure
from ..settings import Settings
from ..site.i18n import contact_notice, translations
from ..site.localize import AdvisoryView, UpdateView, localize
from ..site.markup import paragraphs, plain, safe_markdown
from ..site.render import Renderer
from .atom import update_title
from .forms import legal_sections


class NoticeError(UserError):
    """The notice asked for does not exist or does not fit; the message says why."""


@dataclass(frozen=True)
class Event:
    kind: str  # "first", "update" or "withdrawal"
    update: UpdateView | None = None
    number: int = 0  # 1-based, for an update


def select_event(v: AdvisoryView, which: str) -> Event:
    """`latest` (the withdrawal, else the newest update, else the first notice), `first`,
    or the number of an update (1 = the oldest)."""
    if which == "latest":
        if v.withdrawn:
            return Event("withdrawal")
        return Event("update", v.updates[-1], len(v.updates)) if v.updates else Event("first")
    if which == "first":
        return Event("first")
    if not which.isdigit() or not 1 <= int(which) <= len(v.updates):
        raise NoticeError(
            f"--update {which}: this advisory has {len(v.updates)} update(s); use latest, "
            f"first or a number from 1 to {len(v.updates)}"
            if v.updates
            else f"--update {which}: this advisory has no updates; use latest or first"
        )
    number = int(which)
    return Event("update", v.updates[number - 1], number)


def subject(v: AdvisoryView, event: Event, t: Translations) -> str:
    if event.kind == "withdrawal":
        return t.gettext("Withdrawn: %(title)s") % {"title": v.title}
    if event.kind == "update" and event.update:
        return update_title(event.update, v.title, t)
    return t.gettext("Security notice: %(title)s") % {"title": v.title}


def _markdown(text: str) -> str:
    """Record Markdown made safe for a mailer, paragraph by paragraph."""
    parts = [safe_markdown(p) for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n\n".join(parts)


def _context(a: Advisory, lang: str, s: Settings, now: datetime, which: str) -> dict:
    t = translations(s.locales_dir, lang)
    v = localize(a, lang, t, now)
    event = select_event(v, which)
    return {
        "a": v,
        "t": t,
        "event": event,
        "subject": subject(v, event, t),
        "url": s.lang_url(lang, v.url),
        "not_affected": plain(a.not_affected[lang]),
        "contact": plain(contact_notice(s, lang)),
        "legal": legal_sections(a, v, lang, s, t),
    }


def notice(
    a: Advisory, lang: str, fmt: str, s: Settings, now: datetime, which: str = "latest"
) -> str:
    """`fmt` is "text" (plain) or "markdown" (inline Markdown kept, made safe)."""
    context = _context(a, lang, s, now, which)
    if fmt == "text":
        return Renderer(s).render("notice.text.j2", lang, **context)
    return Renderer(s).render(
        "notice.markdown.j2",
        lang,
        **context,
        title_md=safe_markdown(a.title[lang]),
        summary_md=_markdown(a.summary[lang]),
        affected_md=safe_markdown(a.affected[lang]),
        not_affected_md=safe_markdown(a.not_affected[lang]),
        steps_md=[safe_markdown(r[lang]) for r in a.recommendations],
        contact_md=safe_markdown(contact_notice(s, lang)),
        update_md=safe_markdown(a.updates[context["event"].number - 1].text[lang])
        if context["event"].update
        else "",
        reason_md=safe_markdown(a.withdrawn.reason[lang]) if a.withdrawn else "",
        legal_md=[(safe_markdown(x.heading), _markdown_lines(x.text)) for x in context["legal"]],
    )


def _markdown_lines(text: str) -> str:
    """A section's plain text as safe Markdown, its "- " list lines kept as a list."""
    return "\n".join(
        "- " + safe_markdown(line[2:]) if line.startswith("- ") else safe_markdown(line)
        for line in text.split("\n")
    )


def email(a: Advisory, lang: str, s: Settings, now: datetime, which: str = "latest") -> bytes:
    """An RFC 5322 message ready for a mailing tool: it adds the recipients."""
    context = _context(a, lang, s, now, which)
    renderer = Renderer(s)
    host = urlsplit(s.site_url).hostname or "localhost"
    message = EmailMessage(policy=SMTP)
    # An address object, never a formatted string: a name such as "Acme, Inc." or
    # "Support <x@evil.example>" stays a display name.
    user, _, domain = s.email_from.rpartition("@")
    message["From"] = Address(display_name=s.organization, username=user, domain=domain)
    message["Subject"] = context["subject"]
    message["Date"] = format_datetime(now)
    message["Message-ID"] = (
        f"<{a.id}.{context['event'].kind}{context['event'].number}.{lang}@{host}>"
    )
    message.set_content(renderer.render("notice.text.j2", lang, **context))
    message.add_alternative(
        renderer.render(
            "notice.email.html.j2",
            lang,
            **context,
            contact_html=paragraphs(contact_notice(s, lang)),
        ),
        subtype="html",
    )
    # After the parts: setting content clears Content-* headers.
    message["Content-Language"] = lang
    for part in message.iter_parts():
        part["Content-Language"] = lang
    return message.as_bytes()


def sms(
    a: Advisory, lang: str, s: Settings, now: datetime, which: str = "latest"
) -> tuple[str, SmsLength]:
    """One short line and the link; the event's own `sms` text, else its headline. The
    link goes without `https://` (phones make a bare address a link), which leaves 8
    more characters for the words."""
    context = _context(a, lang, s, now, which)
    event: Event = context["event"]
    own = sms_text(a, event)
    line = plain(own[lang]) if own else context["subject"]
    text = f"{line} {context['url'].removeprefix('https://')}"
    return text, measure(text)


def sms_text(a: Advisory, event: Event) -> dict[str, str] | None:
    """The record's text message for this event, if the writer wrote one."""
    if event.kind == "first":
        return a.sms
    if event.kind == "update" and event.number:
        return a.updates[event.number - 1].sms
    return None


def sms_events(a: Advisory) -> list[tuple[str, tuple[str | int, ...]]]:
    """Every event an SMS can announce (`--update` value) with the record field whose
    text the message is made from, for `check` to measure before anyone sends it."""
    events: list[tuple[str, tuple[str | int, ...]]] = [("first", ("sms",) if a.sms else ("title",))]
    for number, update in enumerate(a.updates, 1):
        field = ("updates", number - 1, "sms" if update.sms else "text")
        events.append((str(number), field))
    if a.withdrawn:
        events.append(("latest", ("withdrawn", "reason")))
    return events


def web(
    a: Advisory, lang: str, s: Settings, now: datetime, which: str = "latest", fmt: str = "html"
) -> str:
    """A banner for another site: the headline, one sentence and the link."""
    context = _context(a, lang, s, now, which)
    t: Translations = context["t"]
    v: AdvisoryView = context["a"]
    event: Event = context["event"]
    if event.kind == "withdrawal" and v.withdrawn:
        detail = v.withdrawn.plain
    elif event.update:
        detail = event.update.plain
    else:
        detail = v.summary_plain
    more = t.gettext("Read the full advisory")
    if fmt == "markdown":
        return (
            f"**{safe_markdown(context['subject'])}** {safe_markdown(detail)} "
            f"[{safe_markdown(more)}]({context['url']})\n"
        )
    return (
        f'<div class="security-notice" lang="{lang}" role="status"><p>'
        f"<strong>{escape(context['subject'])}</strong> {escape(detail)} "
        f'<a href="{escape(context["url"])}">{escape(more)}</a></p></div>\n'
    )
