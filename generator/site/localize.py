"""One view of an advisory per language: texts chosen, markup rendered, dates formatted.

Everything here is ready to print: HTML fields are `Markup`, plain fields are str.
Templates then only lay things out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, is_dataclass, replace
from datetime import date, datetime

from babel import Locale
from babel.dates import format_skeleton
from babel.support import Translations
from markupsafe import Markup

from ..records.advisory import (
    SEVERITIES,
    STATUSES,
    WITHDRAWN,
    WITHDRAWN_LABEL,
    Advisory,
    DataClass,
    Entry,
    Update,
)
from ..records.approvals import APPROVED
from ..records.vocabulary import TIERS, VOCABULARY
from .figure import FigureEntry, timeline_svg
from .i18n import format_when, iso
from .markup import inline, paragraphs, plain


@dataclass(frozen=True)
class Dated:
    iso: str
    label: str
    html: Markup
    plain: str


@dataclass(frozen=True)
class UpdateView(Dated):
    """A revision, with the status or severity it set (empty when it set none)."""

    status: str = ""
    status_label: str = ""
    severity: str = ""
    severity_label: str = ""
    short_label: str = ""  # "28 November": the date without the year, for headlines


@dataclass(frozen=True)
class ClassView:
    id: str
    label: str
    tier: int
    tier_label: str


@dataclass(frozen=True)
class FaqView:
    anchor: str
    question: str
    answer: Markup
    answer_plain: str


@dataclass(frozen=True)
class ReferenceView:
    url: str
    title: str


@dataclass(frozen=True)
class AdvisoryView:
    id: str
    lang: str
    source_lang: str
    url: str
    title: str
    summary: Markup
    summary_plain: str
    description: Markup
    description_plain: str
    affected: Markup
    not_affected: Markup
    status: str
    status_label: str
    severity: str
    severity_label: str
    published: Dated
    updated: Dated | None
    withdrawn: Dated | None  # the day, with the reason as its text
    last_modified: Dated
    timeline: list[Dated]
    exposed: list[ClassView]
    not_exposed: list[ClassView]
    recommendations: list[Markup]
    recommendations_plain: list[str]
    affected_plain: str
    faq: list[FaqView]
    references: list[ReferenceView]
    updates: list[UpdateView]
    draft: bool
    embargo: Dated | None
    awaiting_approval: bool  # the site requires approval and this text has none yet
    timeline_figure: Markup  # the timeline and updates drawn on a time axis (inline SVG)
    identity_protection: Markup  # California's offer of identity-theft services, or ""
    occurred: str  # "9 November 2025 (estimated)", or "" when the record does not say
    consequences: Markup
    consequences_plain: str
    measures: Markup
    measures_plain: str
    delay: str  # a sentence on whether notice was delayed, or ""
    # Sections whose translation may be out of date: anchor -> when it was last current.
    stale: dict[str, str]
    original_lang: str  # the source language's name in the page's language: "Spanish"

    @property
    def latest_update(self) -> UpdateView | None:
        return self.updates[-1] if self.updates else None


CARD_NAME = "card.png"


def card_path(v: AdvisoryView) -> str:
    """Where an advisory page's social card is in the site (`formats.cards` draws it)."""
    return f"{v.lang}/{v.url}{CARD_NAME}"


def _dated(when: date | datetime, text: str, lang: str) -> Dated:
    return Dated(iso(when), format_when(when, lang), inline(text), plain(text))


def _day(when: date, lang: str) -> Dated:
    return Dated(iso(when), format_when(when, lang), Markup(""), "")


def _classes(items: tuple[DataClass, ...], lang: str, t: Translations) -> list[ClassView]:
    out = []
    for item in items:
        if item.id:
            info = VOCABULARY[item.id]
            out.append(
                ClassView(item.id, t.gettext(info.label), info.tier, t.gettext(TIERS[info.tier]))
            )
        else:
            labels = item.labels or {}
            out.append(ClassView("", plain(labels[lang]), 0, ""))
    return out


def _updates(items: tuple[Update, ...], lang: str, t: Translations) -> list[UpdateView]:
    out = []
    for u in items:
        day = u.when.date() if isinstance(u.when, datetime) else u.when
        out.append(
            UpdateView(
                iso(u.when),
                format_when(u.when, lang),
                inline(u.text[lang]),
                plain(u.text[lang]),
                u.status or "",
                t.gettext(STATUSES[u.status]) if u.status else "",
                u.severity or "",
                t.gettext(SEVERITIES[u.severity]) if u.severity else "",
                format_skeleton("MMMMd", day, locale=lang),
            )
        )
    return out


def _timeline_figure(a: Advisory, lang: str, t: Translations, status_label: str) -> Markup:
    entries = [FigureEntry(e.when, plain(e.text[lang]), False) for e in a.timeline]
    entries += [FigureEntry(u.when, plain(u.text[lang]), True) for u in a.updates]
    days = sorted(e.when.date() if isinstance(e.when, datetime) else e.when for e in entries)
    now = t.gettext("Now: %(status)s") % {"status": status_label}
    title = t.ngettext(
        "The incident at a glance: %(count)d entry, from %(first)s to %(last)s. %(now)s",
        "The incident at a glance: %(count)d entries, from %(first)s to %(last)s. %(now)s",
        len(entries),
    ) % {
        "count": len(entries),
        "first": format_when(days[0], lang),
        "last": format_when(days[-1], lang),
        "now": now,
    }
    return timeline_svg(entries, now, title, lang)


def occurred_label(a: Advisory, lang: str, t: Translations) -> str:
    if not a.occurred:
        return ""
    start = format_when(a.occurred.start, lang)
    if a.occurred.end and a.occurred.end != a.occurred.start:
        label = t.gettext("between %(start)s and %(end)s") % {
            "start": start,
            "end": format_when(a.occurred.end, lang),
        }
    else:
        label = start
    return t.gettext("%(dates)s (estimated)") % {"dates": label} if a.occurred.estimated else label


def delay_sentence(a: Advisory, lang: str, t: Translations) -> str:
    if not a.delay:
        return ""
    if a.delay.law_enforcement:
        text = t.gettext("This notice was delayed at the request of law enforcement.")
    elif a.delay.reason:
        text = t.gettext("This notice was delayed.")
    else:
        return t.gettext("This notice was not delayed by a law enforcement investigation.")
    return f"{text} {plain(a.delay.reason[lang])}" if a.delay.reason else text


def plain_paragraphs(text: str) -> str:
    """Plain text that keeps the writer's paragraphs (blank lines), for letters and CSAF."""
    return "\n\n".join(plain(p) for p in re.split(r"\n\s*\n", text) if p.strip())


def _optional(texts: dict[str, str] | None, lang: str) -> tuple[Markup, str]:
    return (paragraphs(texts[lang]), plain_paragraphs(texts[lang])) if texts else (Markup(""), "")


# Where each record field is shown on the page: the anchor of its section.
SECTIONS = {
    "title": "summary",
    "summary": "summary",
    "withdrawn": "summary",
    "affected": "affected",
    "not_affected": "affected",
    "recommendations": "what-to-do",
    "identity_protection": "what-to-do",
    "description": "what-happened",
    "consequences": "consequences",
    "measures": "what-we-are-doing",
    "exposed": "data",
    "not_exposed": "data",
    "timeline": "timeline",
    "faq": "faq",
    "updates": "updates",
    "references": "references",
}


def _stale_sections(a: Advisory, lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for dotted, (state, since) in ((a.l10n or {}).get(lang) or {}).items():
        section = SECTIONS.get(dotted.split(".")[0])
        if state == "stale" and section and section not in out:
            out[section] = format_when(since, lang) if since else ""
    return out


def _fill_missing(value: object, lang: str, marker: str) -> object:
    """A draft previewed with an empty translation shows a mark, not an empty box."""
    if isinstance(value, dict):
        return {**value, lang: value.get(lang) or marker}
    if isinstance(value, tuple):
        return tuple(_fill_missing(v, lang, marker) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _fill_missing(getattr(value, f.name), lang, marker)
            for f in fields(value)
            if f.name not in ("l10n", "notified")
        }
        return replace(value, **changes)
    return value


def localize(a: Advisory, lang: str, t: Translations, now: datetime) -> AdvisoryView:
    if a.draft:
        a = _fill_missing(a, lang, t.gettext("[translation missing]"))  # type: ignore[assignment]

    def entries(items: tuple[Entry, ...]) -> list[Dated]:
        return [_dated(e.when, e.text[lang], lang) for e in items]

    state = a.state
    status_label = t.gettext(WITHDRAWN_LABEL if state == WITHDRAWN else STATUSES[state])

    return AdvisoryView(
        id=a.id,
        lang=lang,
        source_lang=a.source_lang,
        url=f"advisories/{a.id}/",
        title=plain(a.title[lang]),
        summary=paragraphs(a.summary[lang]),
        summary_plain=plain(a.summary[lang]),
        description=paragraphs(a.description[lang]),
        description_plain=plain_paragraphs(a.description[lang]),
        affected=paragraphs(a.affected[lang]),
        affected_plain=plain(a.affected[lang]),
        not_affected=paragraphs(a.not_affected[lang]),
        status=state,
        status_label=status_label,
        severity=a.current_severity,
        severity_label=t.gettext(SEVERITIES[a.current_severity]),
        published=_day(a.published, lang),
        updated=_day(a.updated, lang) if a.updated else None,
        withdrawn=_dated(a.withdrawn.when, a.withdrawn.reason[lang], lang) if a.withdrawn else None,
        last_modified=_day(a.last_modified, lang),
        timeline=entries(a.timeline),
        exposed=_classes(a.exposed, lang, t),
        not_exposed=_classes(a.not_exposed, lang, t),
        recommendations=[inline(r[lang]) for r in a.recommendations],
        recommendations_plain=[plain(r[lang]) for r in a.recommendations],
        faq=[
            FaqView(
                f"faq-{i + 1}",
                plain(f.question[lang]),
                paragraphs(f.answer[lang]),
                plain(f.answer[lang]),
            )
            for i, f in enumerate(a.faq)
        ],
        references=[ReferenceView(r.url, plain(r.title[lang])) for r in a.references],
        updates=_updates(a.updates, lang, t),
        draft=a.draft,
        awaiting_approval=a.approval not in (None, APPROVED),
        timeline_figure=_timeline_figure(a, lang, t, status_label),
        identity_protection=_optional(a.identity_protection, lang)[0],
        embargo=_day(a.embargo, lang) if a.embargoed(now) else None,  # type: ignore[arg-type]
        occurred=occurred_label(a, lang, t),
        consequences=_optional(a.consequences, lang)[0],
        consequences_plain=_optional(a.consequences, lang)[1],
        measures=_optional(a.measures, lang)[0],
        measures_plain=_optional(a.measures, lang)[1],
        delay=delay_sentence(a, lang, t),
        stale=_stale_sections(a, lang),
        original_lang=Locale.parse(a.source_lang).get_display_name(lang),
    )
