"""What each breach-notice law requires a notice to say, as a checklist over a record.

Sources (read against their texts; see the README for the wording we encoded):
- GDPR Art. 34(2), which points to Art. 33(3)(b)-(d); Recital 86 (recommendations).
- AEPD, "comunicación de brechas de datos personales a los interesados": contact point,
  description and when it happened, consequences, which data, measures, advice.
- California Civil Code 1798.82(d): the business's name and contact, the types of personal
  information, the date or estimated date or range, whether law enforcement delayed the
  notice, a general description; credit bureaus' contacts when SSNs or licence/ID numbers
  were exposed (the formal notice adds them from shipped data).
  1798.82(d)(2)(G): when the business was the source of the breach and those numbers were
  exposed, a free offer of identity-theft prevention and mitigation services for at least
  12 months and how to take it up.
- Brazil LGPD Art. 48 §1: nature of the data, data subjects, technical and security
  measures, risks, reasons for any delay, measures taken or planned; Resolução CD/ANPD
  15/2024 art. 9 adds the date the controller learned of the incident, a contact point
  (the DPO), the risks with their possible impacts, and the reasons of any late notice.
- Mexico: the LFPDPPP of 20 March 2025 (art. 19: tell the person at once) replaced the
  2010 law; the 2011 Reglamento's arts. 64-65 still give the elements: nature of the
  incident, data compromised, recommendations, corrective actions, where to learn more.
- NIS2 Directive (EU) 2022/2555 Art. 23(1)-(2): recipients of the service are told of a
  significant incident, and of the measures or remedies they can take.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from .advisory import REGIMES, Advisory, ContactPoint
from .deadlines import clocks
from .diagnostics import Problem
from .load import Document
from .messages import tr
from .text import has_words

# Data classes whose exposure makes California require the credit bureaus' contacts.
CREDIT_BUREAU_CLASSES = frozenset(
    {"social-security-numbers", "drivers-licenses", "government-issued-ids"}
)


def needs_credit_bureaus(a: Advisory) -> bool:
    """California (d)(2)(F): SSNs, driver's licence or state ID numbers were exposed."""
    return any(c.id in CREDIT_BUREAU_CLASSES for c in a.exposed)


@dataclass(frozen=True)
class LegalDefaults:
    """The site's side of the checklist: which laws apply and who the contact point is."""

    regimes: tuple[str, ...] = ("gdpr",)
    contact_point: ContactPoint | None = None
    organization: str = ""
    mail_domain: str = ""  # the organisation's mail domain, from mkdocs.yml


@dataclass(frozen=True)
class Element:
    regime: str
    article: str
    element: str
    field: str  # what to add, as the writer would write it
    present: Callable[[Advisory, LegalDefaults], bool]
    applies: Callable[[Advisory], bool] = lambda _: True  # a condition such as exposed data


def _filled(value: object) -> bool:
    """A text counts when it has words in some language (a draft may hold empty ones)."""
    if isinstance(value, dict):
        return any(isinstance(v, str) and has_words(v) for v in value.values())
    return bool(value)


def _has(name: str) -> Callable[[Advisory, LegalDefaults], bool]:
    return lambda a, _: _filled(getattr(a, name))


def _contact(a: Advisory, site: LegalDefaults) -> bool:
    return bool(a.contact_point or site.contact_point)


def _business_contact(a: Advisory, site: LegalDefaults) -> bool:
    return bool(site.organization) and _contact(a, site)


def _delay_reason(a: Advisory, _: LegalDefaults) -> bool:
    """Stated: either no delay (law_enforcement false, no reason needed) or its reason."""
    return a.delay is not None and (not a.delay.law_enforcement or bool(a.delay.reason))


def _lgpd_delay_reason(a: Advisory, site: LegalDefaults) -> bool:
    """Brazil wants the reasons for a late notice whatever delayed it, not only the police
    (Res. CD/ANPD 15/2024 art. 9): a communication sent after its three business days needs
    `delay.reason` too."""
    late = any(c.state == "late" for c in clocks(a, ("br-lgpd",), datetime.now(UTC)))
    return _delay_reason(a, site) and (not late or bool(a.delay and a.delay.reason))


# The 2025 LFPDPPP (DOF 20 March 2025) repealed the 2010 law; its art. 19 asks that the
# person be told at once, and the 2011 Reglamento's arts. 64-65 still give the elements.
MX_ARTICLE = "Reglamento (2011) art. 65 %s, with LFPDPPP (2025) art. 19"

CHECKLIST: tuple[Element, ...] = (
    Element("gdpr", "Art. 34(2)", "nature of the breach", "description", _has("description")),
    Element("gdpr", "Art. 34(2) with 33(3)(b)", "contact point (DPO)", "contact_point", _contact),
    Element(
        "gdpr",
        "Art. 34(2) with 33(3)(c)",
        "likely consequences",
        "consequences",
        _has("consequences"),
    ),
    Element(
        "gdpr",
        "Art. 34(2) with 33(3)(d)",
        "measures taken or proposed",
        "measures",
        _has("measures"),
    ),
    Element(
        "gdpr",
        "Recital 86",
        "recommendations to protect oneself",
        "recommendations",
        _has("recommendations"),
    ),
    Element("es-aepd", "AEPD guidance", "contact point (DPO)", "contact_point", _contact),
    Element(
        "es-aepd",
        "AEPD guidance",
        "description of the incident",
        "description",
        _has("description"),
    ),
    Element("es-aepd", "AEPD guidance", "when it happened", "occurred", _has("occurred")),
    Element(
        "es-aepd", "AEPD guidance", "possible consequences", "consequences", _has("consequences")
    ),
    Element("es-aepd", "AEPD guidance", "personal data affected", "exposed", _has("exposed")),
    Element("es-aepd", "AEPD guidance", "measures taken", "measures", _has("measures")),
    Element(
        "es-aepd",
        "AEPD guidance",
        "advice to protect oneself",
        "recommendations",
        _has("recommendations"),
    ),
    Element(
        "us-ca",
        "1798.82(d)(2)(A)",
        "business name and contact details",
        "contact_point (and organization in mkdocs.yml)",
        _business_contact,
    ),
    Element(
        "us-ca", "1798.82(d)(2)(B)", "types of personal information", "exposed", _has("exposed")
    ),
    Element(
        "us-ca",
        "1798.82(d)(2)(C)",
        "date, estimated date or date range of the breach",
        "occurred",
        _has("occurred"),
    ),
    Element(
        "us-ca",
        "1798.82(d)(2)(D)",
        "whether notice was delayed by law enforcement",
        "delay",
        _has("delay"),
    ),
    Element("us-ca", "1798.82(d)(2)(E)", "general description", "description", _has("description")),
    Element(
        "us-ca",
        "1798.82(d)(2)(F)",
        "credit bureaus' toll-free numbers and addresses",
        "nothing: the California form adds them",
        lambda a, _: True,
        applies=needs_credit_bureaus,
    ),
    Element(
        "us-ca",
        "1798.82(d)(2)(G)",
        "if you were the source of the breach: free identity-theft prevention and "
        "mitigation services for at least 12 months, and how to enrol",
        "identity_protection",
        _has("identity_protection"),
        applies=needs_credit_bureaus,
    ),
    Element("br-lgpd", "Art. 48 §1 I", "nature of the affected data", "exposed", _has("exposed")),
    Element("br-lgpd", "Art. 48 §1 II", "data subjects involved", "affected", _has("affected")),
    Element(
        "br-lgpd",
        "Art. 48 §1 III",
        "technical and security measures used",
        "safeguards",
        _has("safeguards"),
    ),
    Element(
        "br-lgpd",
        "Art. 48 §1 IV; Res. CD/ANPD 15/2024 art. 9",
        "risks of the incident and their possible impacts",
        "consequences",
        _has("consequences"),
    ),
    Element(
        "br-lgpd",
        "Art. 48 §1 V; Res. CD/ANPD 15/2024 art. 9",
        "reasons for any delay (also for a notice sent after three business days)",
        "delay",
        _lgpd_delay_reason,
    ),
    Element(
        "br-lgpd",
        "Res. CD/ANPD 15/2024 art. 9",
        "date the controller learned of the incident",
        "discovered",
        _has("discovered"),
    ),
    Element(
        "br-lgpd", "Res. CD/ANPD 15/2024 art. 9", "contact point (DPO)", "contact_point", _contact
    ),
    Element("br-lgpd", "Art. 48 §1 VI", "measures taken or planned", "measures", _has("measures")),
    Element("mx", MX_ARTICLE % "I", "nature of the incident", "description", _has("description")),
    Element("mx", MX_ARTICLE % "II", "personal data compromised", "exposed", _has("exposed")),
    Element(
        "mx", MX_ARTICLE % "III", "recommendations", "recommendations", _has("recommendations")
    ),
    Element("mx", MX_ARTICLE % "IV", "corrective actions taken", "measures", _has("measures")),
    Element("mx", MX_ARTICLE % "V", "where to get more information", "contact_point", _contact),
    Element("nis2", "Art. 23(1)", "the significant incident", "description", _has("description")),
    Element(
        "nis2",
        "Art. 23(2)",
        "measures or remedies recipients can take",
        "recommendations",
        _has("recommendations"),
    ),
)
assert {e.regime for e in CHECKLIST} == set(REGIMES)


def applicable(a: Advisory, site: LegalDefaults) -> tuple[str, ...]:
    return a.regimes if a.regimes is not None else site.regimes


def checklist(a: Advisory, site: LegalDefaults) -> list[tuple[Element, bool]]:
    """Every element of every law that applies to this record, and whether it is met."""
    laws = applicable(a, site)
    return [(e, e.present(a, site)) for e in CHECKLIST if e.regime in laws and e.applies(a)]


def contact_domain_problems(a: Advisory, doc: Document, site: LegalDefaults) -> list[Problem]:
    """Readers are told mail only comes from the organisation's domain; a contact at
    another one (often the sample's, left in a copied record) contradicts that."""
    email = a.contact_point.email if a.contact_point else None
    if not email or not site.mail_domain or "@" not in email:
        return []
    domain = email.rsplit("@", 1)[1].lower()
    if domain == site.mail_domain or domain.endswith("." + site.mail_domain):
        return []
    return [
        doc.problem(
            ("contact_point", "email"),
            "contact-domain-mismatch",
            tr(
                "contact_point.email: %(email)s is not at %(domain)s, the domain readers are "
                "told your mail comes from; use an address at %(domain)s, or set "
                "`organization: {domain: ...}` in mkdocs.yml",
                email=email,
                domain=site.mail_domain,
            ),
            "warning",
        )
    ]


def regime_problems(a: Advisory, doc: Document, site: LegalDefaults) -> list[Problem]:
    """A missing element is an error in a published record, a warning in a draft."""
    severity = "warning" if a.draft else "error"
    return [
        doc.problem(
            ("id",),
            "regime-element-missing",
            tr(
                "%(regime)s %(article)s: %(element)s missing; add `%(field)s`",
                regime=e.regime,
                article=tr(e.article),
                element=tr(e.element),
                field=e.field,
            ),
            severity,
        )
        for e, met in checklist(a, site)
        if not met
    ]
