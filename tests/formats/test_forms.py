"""Issue 12: the formal notices. California's title and headings in order, in text, HTML
and PDF (read back with pdftotext); the GDPR letter's elements; escaping; print size."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import FIXED_NOW, make_project, run_cli, sample_advisory, sample_text

from generator.formats.forms import build_form, form_html, form_pdf, form_text

ID = "mixpanel-analytics-2025"
CA_HEADINGS = [
    "What Happened",
    "What Information Was Involved",
    "What We Are Doing",
    "What You Can Do",
    "For More Information",
]
CA_HEADINGS_ES = [
    "Qué sucedió",
    "Qué información estuvo involucrada",
    "Qué estamos haciendo",
    "Qué puede hacer usted",
    "Para obtener más información",
]
GDPR_HEADINGS = [
    "What happened",
    "Which personal data are affected",
    "Likely consequences",
    "What we have done and will do",
    "What you can do",
    "Contact point",
]


def _in_order(text: str, needles: list[str]) -> bool:
    positions = [text.find(n) for n in needles]
    return all(p >= 0 for p in positions) and positions == sorted(positions)


def _pdftotext(data: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils is installed by scripts/test.sh"
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("fmt", ["text", "html", "pdf"])
def test_the_california_form_has_its_title_and_headings_in_order(tmp_path, fmt):
    project = make_project(tmp_path)
    args = ["notice", ID, "--form", "us-ca", "--lang", "en", "--format", fmt]
    result = run_cli(project, *args, "-o", str(tmp_path / f"notice.{fmt}"))
    assert result.returncode == 0, result.stderr
    data = (tmp_path / f"notice.{fmt}").read_bytes()
    text = _pdftotext(data, tmp_path) if fmt == "pdf" else data.decode()
    assert _in_order(text, ["Notice of Data Breach", *CA_HEADINGS]) or _in_order(
        text, ["NOTICE OF DATA BREACH", *CA_HEADINGS]
    ), text[:2000]
    assert "Other Important Information" in text
    assert "dpo@example.com" in text and "Date of this notice" in text


def test_the_california_form_in_spanish_keeps_the_statutory_english(tmp_path, settings):
    form = build_form(sample_advisory(), "us-ca", "es", settings, FIXED_NOW)
    assert form.title == "Aviso de filtración de datos (Notice of Data Breach)"
    both = [f"{es} ({en})" for es, en in zip(CA_HEADINGS_ES, CA_HEADINGS, strict=True)]
    assert _in_order(form_text(form), both)
    text = " ".join(_pdftotext(form_pdf(form, settings), tmp_path).split())
    assert _in_order(text, ["Aviso de filtración de datos", *both])


def test_the_california_form_carries_the_identity_theft_offer(settings):
    offer = "We offer 12 months of free identity-theft protection: enrol at example.com/protect."
    text = sample_text().replace(
        "severity: medium\n",
        f'severity: medium\nidentity_protection:\n  es: "Ofrecemos 12 meses."\n  en: "{offer}"\n',
    )
    form = build_form(sample_advisory(text), "us-ca", "en", settings, FIXED_NOW)
    doing = next(s for s in form.sections if s.heading == "What We Are Doing")
    assert offer in doing.text


AUTHORITY_HEADINGS = {
    "en": [
        "When we became aware of it",
        "Nature of the breach",
        "Categories and approximate number of people concerned",
        "Categories and approximate number of personal data records concerned",
        "Contact point",
        "Likely consequences",
        "Measures taken or proposed",
    ],
    "es": [
        "Cuándo tuvimos conocimiento",
        "Naturaleza de la brecha",
        "Categorías y número aproximado de personas afectadas",
        "Categorías y número aproximado de registros de datos personales afectados",
        "Punto de contacto",
        "Consecuencias probables",
        "Medidas adoptadas o propuestas",
    ],
}


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("fmt", ["text", "html", "pdf"])
def test_the_authority_notification_gives_article_33_and_its_gaps(tmp_path, lang, fmt):
    project = make_project(tmp_path)
    out = tmp_path / f"authority.{fmt}"
    args = ["notice", ID, "--form", "gdpr-authority", "--lang", lang, "--format", fmt]
    result = run_cli(project, *args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = _pdftotext(out.read_bytes(), tmp_path) if fmt == "pdf" else out.read_text()
    text = " ".join(text.split())
    assert _in_order(text, AUTHORITY_HEADINGS[lang]), text[:3000]
    assert ("Art. 33" if lang == "en" else "art. 33") in text
    assert "scale.people" in text and "scale.records" in text  # what the record lacks


def test_the_authority_notification_with_numbers_has_no_gaps(settings):
    text = sample_text().replace(
        "severity: medium\n", "severity: medium\nscale:\n  people: 12500\n  records: 40000\n"
    )
    form = build_form(sample_advisory(text), "gdpr-authority", "es", settings, FIXED_NOW)
    body = form_text(form)
    assert "12.500" in body and "40.000" in body  # Babel's Spanish grouping
    assert "Datos que aún faltan" not in body


def test_the_gdpr_letter_gives_every_article_34_element(settings):
    form = build_form(sample_advisory(), "gdpr", "en", settings, FIXED_NOW)
    text = form_text(form)
    assert _in_order(text, GDPR_HEADINGS)
    assert "When it happened: November 9, 2025 (estimated)." in text
    assert "Data Protection Officer (sample)" in text and "dpo@example.com" in text
    assert "phishing" in text  # the likely consequences


def test_print_css_sets_body_text_of_at_least_10_points(settings):
    html = form_html(build_form(sample_advisory(), "us-ca", "en", settings, FIXED_NOW), settings)
    sizes = {
        selector.strip(): float(size)
        for selector, size in re.findall(r"([\w\s.,]+)\{[^}]*font-size:\s*([\d.]+)pt", html)
    }
    assert sizes["body"] >= 10 and all(size >= 10 for size in sizes.values())


def test_credit_bureaus_appear_only_when_ssns_or_licences_were_exposed(settings):
    plain = form_text(build_form(sample_advisory(), "us-ca", "en", settings, FIXED_NOW))
    assert "Equifax" not in plain
    text = sample_text().replace(
        "  - email-addresses\n", "  - email-addresses\n  - drivers-licenses\n"
    )
    exposed = build_form(sample_advisory(text), "us-ca", "en", settings, FIXED_NOW)
    assert all(name in form_text(exposed) for name in ("Equifax", "Experian", "TransUnion"))


def test_record_markup_never_passes_into_the_forms(settings):
    text = sample_text().replace(
        "The attack happened in Mixpanel's systems", "<script>alert(1)</script> The attack happened"
    )
    form = build_form(sample_advisory(text), "us-ca", "en", settings, FIXED_NOW)
    assert "<script>" not in form_html(form, settings)
    assert "&lt;script&gt;" in form_html(form, settings)


def test_the_page_and_csaf_carry_the_new_sections(sample_site):
    import json

    page = (sample_site / "en" / "advisories" / ID / "index.html").read_text()
    for anchor in ('id="when"', 'id="consequences"', 'id="what-we-are-doing"'):
        assert anchor in page
    assert page.index('id="what-happened"') < page.index('id="consequences"')
    doc = json.loads((sample_site / f".well-known/csaf/white/2025/{ID}-en.json").read_text())
    titles = [n["title"] for n in doc["document"]["notes"]]
    assert {"When it happened", "Likely consequences", "What we are doing"} <= set(titles)
