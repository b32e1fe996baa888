"""Formal breach notices: the California form and a GDPR/AEPD letter, as text, HTML or PDF.

The California form keeps the statute's title and headings, in its order (Civ. Code
1798.82(d)(1)); in Spanish each heading is translated, with the statute's English beside
it. The GDPR letter gives every element of Art. 34(2) under its own heading; the GDPR
authority form, what Art. 33(3) asks the supervisory authority to be told.
HTML and PDF use print CSS with body text of 11 points (the statute asks for at least 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel.numbers import format_decimal
from babel.support import Translations
from markupsafe import Markup

from ..records.advisory import Advisory, ContactPoint, Scale
from ..records.diagnostics import UserError
from ..records.regimes import needs_credit_bureaus
from ..records.vocabulary import N_
from ..settings import Settings
from ..site.i18n import format_when, translations
from ..site.localize import AdvisoryView, localize
from ..site.markup import paragraphs, plain
from ..site.render import Renderer

FORMS = ("us-ca", "gdpr", "gdpr-authority")

# The three nationwide consumer reporting agencies, as California's model notice lists them.
# Check them against the agencies' sites before a mailing: they change rarely, but they do.
CREDIT_BUREAUS = (
    ("Equifax", "1-800-685-1111", "P.O. Box 740241, Atlanta, GA 30374", "https://www.equifax.com"),
    ("Experian", "1-888-397-3742", "P.O. Box 2002, Allen, TX 75013", "https://www.experian.com"),
    (
        "TransUnion",
        "1-888-909-8872",
        "P.O. Box 2000, Chester, PA 19016",
        "https://www.transunion.com",
    ),
)


class FormError(UserError):
    pass


@dataclass(frozen=True)
class Section:
    heading: str
    html: Markup
    text: str


@dataclass(frozen=True)
class Form:
    lang: str
    title: str
    organization: str
    sections: list[Section]
    dated: str  # "Date of this notice: …" (California asks for it)


def _section(heading: str, *parts: tuple[Markup, str] | str) -> Section:
    """A section from rich parts (HTML with its plain text) and plain sentences."""
    pairs = [
        (Markup("<p>%s</p>") % p, p) if isinstance(p, str) else p for p in parts if p and p[-1]
    ]
    return Section(heading, Markup("").join(h for h, _ in pairs), "\n\n".join(t for _, t in pairs))


def _listing(items: list[str]) -> tuple[Markup, str]:
    html = Markup("<ul>%s</ul>") % Markup("").join(Markup("<li>%s</li>") % i for i in items)
    return html, "\n".join(f"- {i}" for i in items)


def _steps(v: AdvisoryView) -> tuple[Markup, str]:
    html = Markup("<ol>%s</ol>") % Markup("").join(
        Markup("<li>%s</li>") % s for s in v.recommendations
    )
    return html, "\n".join(f"{i}. {s}" for i, s in enumerate(v.recommendations_plain, 1))


def _contact(point: ContactPoint | None, lang: str, t: Translations) -> list[str]:
    if point is None:
        return []
    lines = [plain(point.name[lang])]
    # Outside the f-strings, where pybabel's extraction finds the msgids.
    email_label, phone_label = t.gettext("Email"), t.gettext("Phone")
    lines += [f"{email_label}: {point.email}"] if point.email else []
    lines += [f"{phone_label}: {point.phone}"] if point.phone else []
    lines += [point.url] if point.url else []
    return lines


def _contact_lines(a: Advisory, lang: str, s: Settings, t: Translations) -> list[str]:
    """Who publishes and how to reach the contact point (the record's, else the site's)."""
    return [s.organization, *_contact(a.contact_point or s.policy.legal.contact_point, lang, t)]


def _law_sections(a: Advisory, v: AdvisoryView, lang: str, t: Translations) -> list[Section]:
    """The nature of the breach and when it happened, whether notice was delayed, the data
    involved, the likely consequences, the measures taken and the safeguards in place:
    the sections that have something to say."""
    when = t.gettext("When it happened: %(dates)s.") % {"dates": v.occurred} if v.occurred else ""
    learned = (
        t.gettext("We became aware of the breach on %(when)s.")
        % {"when": format_when(a.discovered, lang)}
        if a.discovered
        else ""
    )
    exposed_html, exposed_text = _listing([c.label for c in v.exposed])
    safeguards = a.safeguards or {}
    offer = (a.identity_protection or {}).get(lang, "")
    sections = [
        _section(
            t.gettext("What happened"),
            (v.description, v.description_plain),
            when,
            learned,
            v.delay,
        ),
        Section(t.gettext("Which personal data are affected"), exposed_html, exposed_text),
        _section(t.gettext("Likely consequences"), (v.consequences, v.consequences_plain)),
        _section(
            t.gettext("What we have done and will do"),
            (v.measures, v.measures_plain),
            (paragraphs(offer), plain(offer)),
        ),
        _section(
            t.gettext("How the data were protected"),
            (paragraphs(safeguards.get(lang, "")), plain(safeguards.get(lang, ""))),
        ),
    ]
    return [section for section in sections if section.text]


def _contact_section(contact: list[str], t: Translations) -> Section:
    return Section(t.gettext("Contact point"), _listing(contact)[0], "\n".join(contact))


def legal_sections(
    a: Advisory, v: AdvisoryView, lang: str, s: Settings, t: Translations
) -> list[Section]:
    """What every breach-notice law in the checklist asks a notice to tell people, as
    the text, Markdown and e-mail notices carry it (`regimes.CHECKLIST` names the
    fields; a test checks each channel against it), ending with the contact point."""
    return [*_law_sections(a, v, lang, t), _contact_section(_contact_lines(a, lang, s, t), t)]


def build_form(a: Advisory, form: str, lang: str, s: Settings, now: datetime) -> Form:
    if form not in FORMS:
        raise FormError(f"--form {form}: use one of {', '.join(FORMS)}")
    t = translations(s.locales_dir, lang)
    v = localize(a, lang, t, now)
    url = s.lang_url(lang, v.url)
    contact = [*_contact_lines(a, lang, s, t), url]
    exposed_html, exposed_text = _listing([c.label for c in v.exposed])
    steps_html, steps_text = _steps(v)
    when = t.gettext("When it happened: %(dates)s.") % {"dates": v.occurred} if v.occurred else ""
    contact_html, contact_text = _listing(contact)
    dated = t.gettext("Date of this notice: %(date)s") % {"date": format_when(now.date(), lang)}
    if form == "us-ca":
        other_html = [v.consequences] if v.consequences_plain else []
        other_text = [v.consequences_plain] if v.consequences_plain else []
        if needs_credit_bureaus(a):
            intro = t.gettext(
                "You can contact the three major credit bureaus at these toll-free numbers "
                "and addresses to place a fraud alert or a security freeze:"
            )
            html, text = _listing([f"{n}, {p}, {ad}, {web}" for n, p, ad, web in CREDIT_BUREAUS])
            other_html += [Markup("<p>%s</p>") % intro, html]
            other_text += [intro, text]
        offer = (a.identity_protection or {}).get(lang, "")
        doing = (v.measures, v.measures_plain)
        sections = [
            _section(
                _statutory(t, "What Happened"),
                (v.description, v.description_plain),
                when,
                v.delay,
            ),
            Section(_statutory(t, "What Information Was Involved"), exposed_html, exposed_text),
            _section(_statutory(t, "What We Are Doing"), doing, (paragraphs(offer), plain(offer))),
            Section(_statutory(t, "What You Can Do"), steps_html, steps_text),
            Section(
                _statutory(t, "Other Important Information"),
                Markup("").join(other_html),
                "\n\n".join(other_text),
            ),
            Section(_statutory(t, "For More Information"), contact_html, "\n".join(contact)),
        ]
        return Form(lang, _statutory(t, "Notice of Data Breach"), s.organization, sections, dated)
    if form == "gdpr-authority":
        return _authority_form(a, v, lang, s, t, contact, dated)
    # Every element of every law the record names, then who is affected and the advice.
    sections = [
        *_law_sections(a, v, lang, t),
        _section(t.gettext("Who is affected"), (v.affected, v.affected_plain)),
        Section(t.gettext("What you can do"), steps_html, steps_text),
        _contact_section(contact, t),
    ]
    return Form(
        lang, t.gettext("Notice of a personal data breach"), s.organization, sections, dated
    )


# California's statutory title and headings (1798.82(d)(1)), kept in English beside a
# translation: a Spanish notice is still the statute's form. Listed for the catalogs.
STATUTORY = (
    N_("Notice of Data Breach"),
    N_("What Happened"),
    N_("What Information Was Involved"),
    N_("What We Are Doing"),
    N_("What You Can Do"),
    N_("Other Important Information"),
    N_("For More Information"),
)


def _statutory(t: Translations, heading: str) -> str:
    translated = t.gettext(heading)
    return heading if translated == heading else f"{translated} ({heading})"


def _number(count: int | None, lang: str) -> str:
    return format_decimal(count, locale=lang) if count is not None else ""


def _authority_form(
    a: Advisory,
    v: AdvisoryView,
    lang: str,
    s: Settings,
    t: Translations,
    contact: list[str],
    dated: str,
) -> Form:
    """What GDPR Art. 33(3) asks the notification to the supervisory authority to give,
    with each fact the record lacks named in a last section: Art. 33(4) lets it follow in
    phases, but nobody should find the gap at the authority's desk."""
    scale = a.scale or Scale()
    people, records = _number(scale.people, lang), _number(scale.records, lang)
    exposed_html, exposed_text = _listing([c.label for c in v.exposed])
    nature = [
        _section(t.gettext("Nature of the breach"), (v.description, v.description_plain)),
        _section(
            t.gettext("Categories and approximate number of people concerned"),
            (v.affected, v.affected_plain),
            t.gettext("Approximately %(count)s people.") % {"count": people} if people else "",
        ),
        Section(
            t.gettext("Categories and approximate number of personal data records concerned"),
            exposed_html
            + (
                Markup("<p>%s</p>")
                % (t.gettext("Approximately %(count)s records.") % {"count": records})
                if records
                else Markup("")
            ),
            exposed_text
            + (
                ("\n\n" + t.gettext("Approximately %(count)s records.") % {"count": records})
                if records
                else ""
            ),
        ),
    ]
    became_aware = (
        t.gettext("We became aware of the breach on %(when)s.")
        % {"when": format_when(a.discovered, lang)}
        if a.discovered
        else ""
    )
    sections = [
        _section(
            t.gettext("When we became aware of it"),
            became_aware,
            v.occurred and (t.gettext("When it happened: %(dates)s.") % {"dates": v.occurred}),
        ),
        *nature,
        _contact_section(contact, t),
        _section(t.gettext("Likely consequences"), (v.consequences, v.consequences_plain)),
        _section(
            t.gettext("Measures taken or proposed, including to mitigate possible adverse effects"),
            (v.measures, v.measures_plain),
        ),
    ]
    gaps = [
        label
        for label, missing in (
            (t.gettext("when you became aware of the breach (`discovered`)"), not a.discovered),
            (t.gettext("the approximate number of people (`scale.people`)"), scale.people is None),
            (
                t.gettext("the approximate number of records (`scale.records`)"),
                scale.records is None,
            ),
            (
                t.gettext("the contact point, the DPO (`contact_point`)"),
                not (a.contact_point or s.policy.legal.contact_point),
            ),
            (t.gettext("the likely consequences (`consequences`)"), not v.consequences_plain),
            (t.gettext("the measures taken or proposed (`measures`)"), not v.measures_plain),
        )
        if missing
    ]
    if gaps:
        intro = t.gettext(
            "The record does not give these yet; add them or send them later (Art. 33(4)):"
        )
        html, text = _listing(gaps)
        sections.append(
            Section(
                t.gettext("Facts still missing"),
                Markup("<p>%s</p>") % intro + html,
                f"{intro}\n{text}",
            )
        )
    title = t.gettext(
        "Notification of a personal data breach to the supervisory authority (GDPR Art. 33)"
    )
    return Form(lang, title, s.organization, [x for x in sections if x.text], dated)


def form_text(form: Form) -> str:
    lines = [form.title.upper(), "=" * len(form.title), form.organization, form.dated, ""]
    for section in form.sections:
        lines += [section.heading, "-" * len(section.heading), section.text or "-", ""]
    return "\n".join(lines)


def form_html(form: Form, s: Settings) -> str:
    return Renderer(s).render("form.html.j2", form.lang, form=form)


def form_pdf(form: Form, s: Settings) -> bytes:
    try:
        from weasyprint import HTML
    except ImportError as exc:  # the [pdf] extra is not installed
        raise FormError(
            "PDF needs WeasyPrint: pip install 'advisories[pdf]' (and Debian's "
            "libpango-1.0-0 libpangoft2-1.0-0)"
        ) from exc
    return HTML(string=form_html(form, s)).write_pdf()
