"""Issue 19 (item 6): SMS a Spanish writer can actually send. Updates have their own text,
`check` measures every message before `notice`, and the advice names what to change."""

from __future__ import annotations

import pytest
from conftest import NOW, make_project, run_cli, sample_text, with_lifecycle

from generator.records.sms import PER_SEGMENT, SINGLE, gsm7_advice, measure

ID = "mixpanel-analytics-2025"
# The shared status update of conftest, with its own text message.
UPDATE_SMS = """    sms:
      es: "Cerrado: Mixpanel confirma el fin del acceso."
      en: "Closed: Mixpanel confirms the access ended."
"""
LONG_SPANISH = (
    "Atención: un proveedor sufrió un acceso indebido y se expusieron tu nombre, tu correo "
    "electrónico y tu ubicación aproximada; desconfía de los mensajes que pidan contraseñas."
)


def test_multi_part_ucs2_holds_67_units_a_segment():
    assert SINGLE["UCS-2"] == 70 and PER_SEGMENT["UCS-2"] == 67
    assert measure("á" * 70).segments == 1
    assert measure("á" * 71).segments == 2
    assert measure("á" * 134).segments == 2 and measure("á" * 135).segments == 3


def test_advice_names_what_forces_ucs2_and_replaces_only_typography():
    advice = gsm7_advice("Según “Mixpanel” – ¿qué pasó? ñ é ü ¡")
    assert advice.replaceable == {"“": '"', "”": '"', "–": "-"}
    assert set(advice.forcing) == {"ú", "ó"}  # Según, pasó
    assert "ñ" not in advice.forcing and "é" not in advice.forcing  # GSM-7 has them


def test_an_update_sends_its_own_sms_text(tmp_path):
    project = make_project(tmp_path, {f"{ID}.yaml": with_lifecycle(more_updates=UPDATE_SMS)})
    result = run_cli(project, "notice", ID, "--channel", "sms", "--lang", "es", "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Cerrado: Mixpanel confirma el fin del acceso. ")
    assert f"advisories.example.com/es/advisories/{ID}/" in result.stdout
    assert "https://" not in result.stdout  # the bare address is a link on phones, 8 units less


def test_check_warns_before_notice_with_the_field_the_limit_and_the_fix(tmp_path):
    text = sample_text()
    start = text.index("sms:\n")
    end = text.index("description:", start)
    long_sms = f'sms:\n  es: "{LONG_SPANISH}"\n  en: "Short English text."\n'
    record = text[:start] + long_sms + text[end:]
    project = make_project(tmp_path, {f"{ID}.yaml": record})
    result = run_cli(project, "check", "--now", NOW, env={"LANG": "en_US.UTF-8", "LANGUAGE": ""})
    warnings = [x for x in result.stderr.splitlines() if "[sms-too-long]" in x]
    line = record[: record.index(LONG_SPANISH)].count("\n") + 1
    assert len(warnings) == 1 and warnings[0].startswith(f"advisories/{ID}.yaml:{line}:")
    assert "sms.es" in warnings[0] and "4 segments" in warnings[0] and "UCS-2" in warnings[0]
    assert "(`sms_max_segments`)" in warnings[0] and "67 per segment" in warnings[0]
    assert "«á»" in warnings[0] or "«ó»" in warnings[0]
    sent = run_cli(project, "notice", ID, "--channel", "sms", "--now", NOW)
    assert sent.returncode == 1 and "67 per segment" in sent.stderr
    assert "70 characters a segment" not in sent.stderr
    spanish = run_cli(project, "check", "--now", NOW, env={"LANG": "es_ES.UTF-8", "LANGUAGE": ""})
    assert "segmentos" in spanish.stderr


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_sample_sms_fits_the_limit_in_both_languages(tmp_path, lang):
    project = make_project(tmp_path)
    result = run_cli(project, "notice", ID, "--channel", "sms", "--lang", lang, "--now", NOW)
    assert result.returncode == 0 and "segment(s)" in result.stderr or "segmento" in result.stderr
