"""Cross-language facts: each kind caught in both directions, true equivalents left alone."""

from __future__ import annotations

import pytest
from conftest import make_project, run_cli, sample_text

from generator.records.facts import compare, extract

LANGS = ("es", "en")


def mismatches(es: str, en: str):
    return compare(extract(es, "es", LANGS, 2025), extract(en, "en", LANGS, 2025))


@pytest.mark.parametrize(
    ("es", "en", "kind"),
    [
        ("El 25 de noviembre de 2025 ocurrió.", "It happened on 24 November 2025.", "date"),
        ("El 25 de noviembre ocurrió.", "It happened on November 24.", "date"),
        ("Ocurrió el 25/11/2025.", "It happened on 11/24/2025.", "date"),
        ("Ocurrió el 9 de nov.", "It happened on Nov. 8.", "date"),
        ("Afectó a 1.234 cuentas.", "It affected 1,243 accounts.", "number"),
        ("Afectó al 20 % de las cuentas.", "It affected 25% of accounts.", "number"),
        ("Pagamos 1.000 €.", "We paid €1,100.", "number"),
        ("Pagamos 1.000 €.", "We paid $1,000.", "number"),
        ("Ver https://openai.com/a/.", "See https://openai.com/b/.", "url"),
        ("En platform.openai.com.", "On platform.openai.org.", "domain"),
        ("Escribe a security@openai.com.", "Write to security@openai.org.", "email"),
        ("Llama al +34 911 234 567.", "Call +34 911 234 568.", "phone"),
        ("Borra la clave `sk-abc`.", "Delete the key `sk-abd`.", "code"),
    ],
)
def test_a_changed_fact_is_caught_in_both_directions(es, en, kind):
    found = mismatches(es, en)
    assert [m.kind for m in found] == [kind]
    backwards = compare(extract(en, "en", LANGS, 2025), extract(es, "es", LANGS, 2025))
    assert [m.kind for m in backwards] == [kind]


@pytest.mark.parametrize(
    ("es", "en"),
    [
        ("El 25 de noviembre de 2025.", "On November 25, 2025."),
        ("El 25 de noviembre.", "On 25 November 2025."),  # the year comes from the record
        ("El 25/11/2025.", "On 11/25/2025."),
        ("El 25/11/2025.", "On 25 November."),
        ("El 9 de nov.", "On Nov. 9."),
        ("1.000 personas", "1,000 people"),
        ("1.234,5 registros", "1,234.5 records"),
        ("el 20 %", "20%"),
        ("1.000 €", "€1,000"),
        ("`a` y `b`", "`b` and `a`"),  # order does not matter
        ("platform.openai.com y el 9 de noviembre", "9 November, on platform.openai.com"),
        ("Sin cifras ni fechas.", "No figures or dates."),
    ],
)
def test_true_equivalents_do_not_warn(es, en):
    assert mismatches(es, en) == []


def test_month_names_come_from_the_locale_data_of_any_site_language():
    """A Portuguese or French site gets its month names without a list of ours."""
    assert extract("Em 25 de novembro de 2025.", "pt", ("pt", "en"), 2025)[0].value == "2025-11-25"
    assert extract("Le 3 févr. 2025.", "fr", ("fr", "en"), 2025)[0].value == "2025-02-03"


def _check(project, *args):
    return run_cli(project, "check", *args)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    On 25 November, Mixpanel handed us", "    On 24 November, Mixpanel handed us"),
        (
            "analytics on `platform.openai.com`, the API",
            "analytics on `platform.openai.org`, the API",
        ),
        ("    On 9 November 2025, Mixpanel found", "    On 9 November 2024, Mixpanel found"),
    ],
)
def test_a_fact_changed_in_one_language_of_the_sample_warns_at_its_line(tmp_path, old, new):
    text = sample_text()
    assert old in text
    changed = text.replace(old, new)
    project = make_project(tmp_path, {"mixpanel-analytics-2025.yaml": changed})
    result = _check(project)
    assert result.returncode == 0
    en_line = changed.splitlines().index("  en: |-", 20) + 1
    warnings = [line for line in result.stderr.splitlines() if "[fact-mismatch]" in line]
    assert len(warnings) == 1, result.stderr
    assert f"mixpanel-analytics-2025.yaml:{en_line}:" in warnings[0]
    assert "en description" in warnings[0]
    strict = _check(project, "--strict")
    assert strict.returncode == 1


def test_a_number_changed_in_one_language_warns_and_fails_strict(tmp_path):
    text = (
        sample_text()
        .replace(
            "    directamente a las organizaciones,", "    directamente a las 1.200 organizaciones,"
        )
        .replace("notifying the\n    organizations,", "notifying the\n    1,300 organizations,")
    )
    assert text.count("1.200") == 1 and text.count("1,300") == 1
    project = make_project(tmp_path, {"mixpanel-analytics-2025.yaml": text})
    result = _check(project)
    assert "says 1300 where the es original says 1200" in result.stderr
    assert _check(project, "--strict").returncode == 1
    same = text.replace("1,300", "1,200")
    (project / "advisories" / "mixpanel-analytics-2025.yaml").write_text(same)
    assert "[fact-mismatch]" not in _check(project).stderr


def test_the_sample_states_the_same_facts_in_both_languages(tmp_path):
    project = make_project(tmp_path)
    result = _check(project, "--strict", "--facts")
    assert result.returncode == 0, result.stderr
    assert "[fact-mismatch]" not in result.stderr
    assert "es: code platform.openai.com, date 2025-11-09, date 2025-11-25" in result.stdout


# ------------------------------------------------ issue 19 (item 10): no false alarms


@pytest.mark.parametrize(
    "es, en",
    [
        ("Actualiza a la versión 2.4.1 hoy.", "Update to version 2.4.1 today."),
        ("El acceso vino de 192.168.10.25.", "The access came from 192.168.10.25."),
        ("Afecta a 12 500 000 cuentas.", "It affects 12,500,000 accounts."),
        ("Llama al 900 123 456.", "Call +34 900 123 456."),
        ("Llama al 900 123 456.", "Call 900 123 456."),
        ("Usa la v10.0.3 o posterior.", "Use v10.0.3 or later."),
    ],
)
def test_text_copied_verbatim_or_written_the_other_way_agrees(es, en):
    from generator.records.facts import compare, extract

    langs = ("es", "en")
    assert compare(extract(es, "es", langs, 2025), extract(en, "en", langs, 2025)) == []


def test_a_different_phone_number_is_still_flagged():
    from generator.records.facts import compare, extract

    langs = ("es", "en")
    found = compare(
        extract("Llama al 900 123 456.", "es", langs, 2025),
        extract("Call +34 900 123 457.", "en", langs, 2025),
    )
    assert [m.kind for m in found] == ["phone"]


def test_an_empty_translation_is_one_missing_warning_not_also_a_mismatch(tmp_path):
    text = sample_text()
    draft = text.replace("status: contained", "draft: true\nstatus: contained", 1)
    start = draft.index("description:\n")
    en_at = draft.index("  en:", start)
    end = draft.index("\noccurred:", en_at)
    draft = draft[:en_at] + '  en: ""' + draft[end:]
    project = make_project(tmp_path, {"mixpanel-analytics-2025.yaml": draft})
    result = _check(project)
    assert "[fact-mismatch]" not in result.stderr
    assert "description" in result.stdout  # the translation report lists it as missing


def test_downplaying_with_an_intensifier_is_flagged_on_its_own_line(tmp_path):
    from generator.records.load import load_text
    from generator.records.plain_language import PlainLanguage, text_problems

    record = (
        "title:\n  es: |-\n    Primera línea.\n    Segunda línea.\n"
        "    Los usuarios no corren ningún riesgo.\n"
    )
    doc, problems = load_text(record, "x.yaml")
    assert not problems
    found = text_problems(doc.data["title"]["es"], "es", ("title",), doc, PlainLanguage())
    assert [p.code for p in found] == ["downplays-risk"]
    assert (found[0].line, found[0].column) == (5, 18)
    assert "no corren ningún riesgo" in found[0].message
