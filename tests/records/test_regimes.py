"""Issue 12: each breach-notice law's elements, one at a time; plain-language warnings."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from conftest import make_project, run_cli, sample_text

from generator.records.advisory import ContactPoint
from generator.records.plain_language import PlainLanguage
from generator.records.regimes import CHECKLIST, LegalDefaults
from generator.records.validate import Policy, check_files

NOW = datetime(2026, 1, 15, tzinfo=UTC)
NAME = "mixpanel-analytics-2025.yaml"
SITE_CONTACT = ContactPoint({"es": "DPD", "en": "DPO"}, email="dpo@example.com")
# Every field any law asks for, so removing one shows exactly that element missing.
COMPLETE_EXTRA = """safeguards:
  es: "Los datos viajaban cifrados."
  en: "The data travelled encrypted."
"""
FIELD_KEYS = {
    "description": "description",
    "consequences": "consequences",
    "measures": "measures",
    "occurred": "occurred",
    "exposed": "exposed",
    "affected": "affected",
    "safeguards": "safeguards",
    "delay": "delay",
    "recommendations": "recommendations",
    "discovered": "discovered",
}


def _complete() -> dict:
    data = yaml.safe_load(sample_text() + COMPLETE_EXTRA)
    return data


def _check(tmp_path: Path, data: dict, legal: LegalDefaults, **language) -> list:
    (tmp_path / NAME).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    policy = Policy(legal, PlainLanguage(**language))
    return check_files([tmp_path / NAME], ["es", "en"], NOW, tmp_path, policy=policy).problems


def _missing(problems) -> list[str]:
    return sorted(p.message.split(":")[0] for p in problems if p.code == "regime-element-missing")


@pytest.mark.parametrize("regime", ["gdpr", "es-aepd", "us-ca", "br-lgpd", "mx", "nis2"])
def test_a_complete_record_meets_every_law(tmp_path, regime):
    legal = LegalDefaults((regime,), SITE_CONTACT, "Example Org")
    assert _missing(_check(tmp_path, _complete(), legal)) == []


@pytest.mark.parametrize(
    "element", [e for e in CHECKLIST if e.field.split()[0] in FIELD_KEYS], ids=str
)
def test_each_element_is_required_on_its_own(tmp_path, element):
    data = _complete()
    key = FIELD_KEYS[element.field.split()[0]]
    if key in ("description", "affected"):
        data[key] = {"es": "", "en": ""}  # required fields: emptied rather than removed
        data["draft"] = True
    elif key in ("exposed", "recommendations"):
        data[key] = []
        data["draft"] = True
    elif key == "delay" and element.regime == "br-lgpd":
        data["delay"] = {"law_enforcement": True}  # delayed, but no reason given
    else:
        del data[key]
    legal = LegalDefaults((element.regime,), SITE_CONTACT, "Example Org")
    problems = _check(tmp_path, data, legal)
    expected = f"{element.regime} {element.article}"
    assert expected in _missing(problems), [str(p) for p in problems]
    mine = [p for p in problems if p.message.startswith(expected)]
    assert all(f"add `{element.field.split()[0]}" in p.message for p in mine)


@pytest.mark.parametrize("regime", ["gdpr", "es-aepd", "us-ca", "mx"])
def test_the_contact_point_comes_from_the_site_or_the_record(tmp_path, regime):
    without = LegalDefaults((regime,), None, "Example Org")
    assert any("contact" in m for m in _missing_messages(_check(tmp_path, _complete(), without)))
    data = _complete()
    data["contact_point"] = {"name": {"es": "DPD", "en": "DPO"}, "email": "dpo@example.org"}
    assert _missing(_check(tmp_path, data, without)) == []


def _missing_messages(problems) -> list[str]:
    return [p.message for p in problems if p.code == "regime-element-missing"]


def test_a_record_may_list_its_own_laws(tmp_path):
    data = _complete()
    del data["safeguards"]
    legal = LegalDefaults(("gdpr",), SITE_CONTACT, "Example Org")
    assert _missing(_check(tmp_path, data, legal)) == []
    data["regimes"] = ["gdpr", "br-lgpd"]
    assert _missing(_check(tmp_path, data, legal)) == ["br-lgpd Art. 48 §1 III"]


def test_missing_elements_are_warnings_in_a_draft(tmp_path):
    data = _complete()
    del data["consequences"]
    data["draft"] = True
    problems = _check(tmp_path, data, LegalDefaults(("gdpr",), SITE_CONTACT, "X"))
    assert [p.severity for p in problems if p.code == "regime-element-missing"] == ["warning"]


def test_the_credit_bureau_rule_applies_only_when_ssns_or_licences_are_exposed(tmp_path):
    from generator.records.load import load_text
    from generator.records.regimes import checklist
    from generator.records.validate import validate_document

    def elements(data):
        doc, _ = load_text(yaml.safe_dump(data, allow_unicode=True), NAME)
        advisory, _ = validate_document(doc, ["es", "en"], NOW)
        legal = LegalDefaults(("us-ca",), SITE_CONTACT, "X")
        return [e.article for e, _ in checklist(advisory, legal)]

    data = _complete()
    assert "1798.82(d)(2)(F)" not in elements(data)
    data["exposed"] = [*data["exposed"], "social-security-numbers"]
    assert "1798.82(d)(2)(F)" in elements(data)


def test_removing_the_likely_consequences_of_the_sample_fails_check_naming_gdpr(tmp_path):
    text = sample_text()
    start = text.index("consequences:\n")
    end = text.index("measures:\n")
    project = make_project(tmp_path, {NAME: text[:start] + text[end:]})
    result = run_cli(project, "check")
    assert result.returncode == 1
    line = text.splitlines().index("id: mixpanel-analytics-2025") + 1
    assert (
        f"advisories/{NAME}:{line}:5: error: gdpr Art. 34(2) with 33(3)(c): likely consequences "
        "missing; add `consequences`" in result.stderr
    )
    assert "es-aepd AEPD guidance: possible consequences missing" in result.stderr


def test_the_sample_meets_gdpr_aepd_and_california(tmp_path):
    project = make_project(tmp_path)
    result = run_cli(project, "check", "--strict", "--regimes")
    assert result.returncode == 0, result.stderr
    assert "MISSING" not in result.stdout
    for regime in ("gdpr", "es-aepd", "us-ca"):
        assert re.search(rf"^  ok +{regime} ", result.stdout, re.M)


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [("es", "No corre riesgo"), ("es", "no tiene de qué preocuparse"), ("en", "There is no risk")],
)
def test_phrases_that_play_down_risk_are_flagged_where_they_are(tmp_path, lang, phrase):
    data = _complete()
    data["summary"][lang] = data["summary"][lang] + f" {phrase}."
    problems = _check(tmp_path, data, LegalDefaults(("gdpr",), SITE_CONTACT, "X"))
    flagged = [p for p in problems if p.code == "downplays-risk"]
    assert len(flagged) == 1 and flagged[0].severity == "warning"
    assert flagged[0].message.startswith(f"summary.{lang}")


def test_a_site_adds_its_own_phrases_and_sentence_length(tmp_path):
    data = _complete()
    data["summary"]["en"] += " All is well."
    legal = LegalDefaults(("gdpr",), SITE_CONTACT, "X")
    problems = _check(tmp_path, data, legal, extra_phrases={"en": ("all is well",)})
    assert [p.code for p in problems if p.code == "downplays-risk"] == ["downplays-risk"]
    long = _check(tmp_path, _complete(), legal, max_sentence_words=12)
    assert any(p.code == "long-sentence" for p in long)
    assert not any(p.code == "long-sentence" for p in _check(tmp_path, _complete(), legal))


def test_mexico_cites_the_2025_law_and_the_2011_reglamento():
    articles = [e.article for e in CHECKLIST if e.regime == "mx"]
    assert len(articles) == 5
    assert all("LFPDPPP (2025) art. 19" in a and "Reglamento (2011) art. 65" in a for a in articles)


def test_brazil_asks_when_the_controller_learned_of_it_and_the_dpo(tmp_path):
    data = _complete()
    del data["discovered"]
    legal = LegalDefaults(("br-lgpd",), None, "Example Org")
    missing = _missing_messages(_check(tmp_path, data, legal))
    assert any("Res. CD/ANPD 15/2024 art. 9: date the controller learned" in m for m in missing)
    assert any("Res. CD/ANPD 15/2024 art. 9: contact point (DPO)" in m for m in missing)


def test_brazil_wants_the_reasons_of_a_late_notice_even_without_the_police(tmp_path):
    data = _complete()
    data["notified"]["individuals"] = [{"at": "2025-12-10T10:00:00-03:00"}]
    legal = LegalDefaults(("br-lgpd",), SITE_CONTACT, "Example Org")
    missing = _missing(_check(tmp_path, data, legal))
    assert "br-lgpd Art. 48 §1 V; Res. CD/ANPD 15/2024 art. 9" in missing
    data["delay"] = {
        "law_enforcement": False,
        "reason": {"es": "Tardamos en confirmarlo.", "en": "It took time to confirm."},
    }
    assert _missing(_check(tmp_path, data, legal)) == []


def test_california_asks_for_the_identity_theft_offer_when_ssns_were_exposed(tmp_path):
    data = _complete()
    data["exposed"] = [*data["exposed"], "social-security-numbers"]
    legal = LegalDefaults(("us-ca",), SITE_CONTACT, "Example Org")
    assert "us-ca 1798.82(d)(2)(G)" in _missing(_check(tmp_path, data, legal))
    data["identity_protection"] = {
        "es": "Te ofrecemos 12 meses gratis de protección contra el robo de identidad.",
        "en": "We offer you 12 months of free identity-theft protection.",
    }
    assert _missing(_check(tmp_path, data, legal)) == []


def test_a_text_below_the_site_readability_minimum_is_a_warning(tmp_path):
    data = _complete()
    hard = (
        "La implementación de mecanismos criptográficos complementarios, conjuntamente con "
        "procedimientos administrativos extraordinariamente pormenorizados, posibilitará "
        "la consecución progresiva de objetivos institucionales interdepartamentales "
        "considerablemente ambiciosos y difícilmente cuantificables en términos "
        "estrictamente presupuestarios o meramente organizativos."
    )
    data["description"]["es"] = hard
    legal = LegalDefaults(("gdpr",), SITE_CONTACT, "X")
    problems = _check(tmp_path, data, legal, min_readability={"es": 55.0})
    hard_to_read = [p for p in problems if p.code == "hard-to-read"]
    assert len(hard_to_read) == 1 and hard_to_read[0].severity == "warning"
    assert hard_to_read[0].message.startswith("description.es: Fernández-Huerta score")
    assert not [p for p in _check(tmp_path, data, legal) if p.code == "hard-to-read"]
