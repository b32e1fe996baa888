"""Issue 19 (item 4): every notice channel that people read as the notice itself carries
every element the record's breach-notice laws require. SMS and the web banner are
pointers to the full notice (they carry its link), so they are not checked here."""

from __future__ import annotations

import email
from email.policy import default as default_policy

import pytest
from conftest import FIXED_NOW, sample_advisory, sample_text

from generator.formats import forms
from generator.formats import notice as notices
from generator.records.regimes import checklist
from generator.site.i18n import format_when, translations
from generator.site.localize import localize
from generator.site.markup import plain

ALL_REGIMES = "regimes: [gdpr, es-aepd, us-ca, br-lgpd, mx, nis2]\n"
SAFEGUARDS = """safeguards:
  es: "Los datos viajaban cifrados y el acceso exigía doble factor."
  en: "The data travelled encrypted and access required two factors."
"""


@pytest.fixture(scope="module")
def advisory():
    text = sample_text().replace("severity: medium\n", "severity: medium\n" + ALL_REGIMES)
    return sample_advisory(text.replace("delay:", SAFEGUARDS + "delay:", 1))


def _evidence(a, settings, lang: str) -> dict[str, list[str]]:
    """What shows each element's field was carried: a phrase from its content."""
    t = translations(settings.locales_dir, lang)
    v = localize(a, lang, t, FIXED_NOW)
    point = a.contact_point or settings.policy.legal.contact_point

    def start(text: str) -> str:
        return " ".join(plain(text).split()[:6])

    return {
        "description": [start(a.description[lang])],
        "contact_point": [point.email],
        "contact_point (and organization in mkdocs.yml)": [settings.organization, point.email],
        "consequences": [start(a.consequences[lang])],
        "measures": [start(a.measures[lang])],
        "recommendations": [start(a.recommendations[0][lang])],
        "occurred": [v.occurred],
        "exposed": [c.label for c in v.exposed],
        "delay": [v.delay],
        "affected": [start(a.affected[lang])],
        "safeguards": [start(a.safeguards[lang])],
        "discovered": [format_when(a.discovered, lang)],
        "identity_protection": [start(a.identity_protection[lang])]
        if a.identity_protection
        else [],
        "nothing: the California form adds them": [],
    }


def _channels(a, settings, lang: str) -> dict[str, str]:
    mail = email.message_from_bytes(
        notices.email(a, lang, settings, FIXED_NOW), policy=default_policy
    )
    html = mail.get_body(("html",)).get_content()
    return {
        "text": notices.notice(a, lang, "text", settings, FIXED_NOW),
        "markdown": notices.notice(a, lang, "markdown", settings, FIXED_NOW).replace("\\", ""),
        "email (text part)": mail.get_body(("plain",)).get_content(),
        "email (HTML part)": " ".join(
            html.replace("<p>", " ").replace("</p>", " ").replace("&#39;", "'").split()
        ),
        "gdpr letter": forms.form_text(forms.build_form(a, "gdpr", lang, settings, FIXED_NOW)),
    }


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_channel_carries_every_element_its_regimes_require(advisory, settings, lang):
    evidence = _evidence(advisory, settings, lang)
    missing = []
    for channel, body in _channels(advisory, settings, lang).items():
        flat = " ".join(body.split())
        for element, met in checklist(advisory, settings.policy.legal):
            assert met, element
            for phrase in evidence[element.field]:
                if " ".join(phrase.split()) not in flat:
                    missing.append(f"{channel}: {element.regime} {element.article} ({phrase!r})")
    assert not missing, "\n".join(missing)


def test_the_sample_email_names_the_gdpr_elements_under_headings(settings):
    a = sample_advisory()
    mail = email.message_from_bytes(
        notices.email(a, "en", settings, FIXED_NOW), policy=default_policy
    )
    text = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    for heading in ("Likely consequences", "What we have done and will do", "Contact point"):
        assert f"\n{heading}\n" in text


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_california_form_carries_every_california_element(advisory, settings, lang):
    evidence = _evidence(advisory, settings, lang)
    form = forms.form_text(forms.build_form(advisory, "us-ca", lang, settings, FIXED_NOW))
    flat = " ".join(form.split())
    for element, _ in checklist(advisory, settings.policy.legal):
        if element.regime != "us-ca":
            continue
        for phrase in evidence[element.field]:
            assert " ".join(phrase.split()) in flat, (element.article, phrase)
