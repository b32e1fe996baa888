"""Every rule of the validator, on mutations of the sample record."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import sample_text

from generator.validate import check_files

NOW = datetime(2026, 1, 15, 12, tzinfo=UTC)
LANGS = ["es", "en"]
NAME = "mixpanel-analytics-2025.yaml"


def check(tmp_path: Path, records: dict[str, str], now: datetime = NOW):
    for name, text in records.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return check_files(sorted(tmp_path.glob("*.yaml")), LANGS, now, tmp_path)


def mutate(old: str, new: str, count: int = 1) -> str:
    text = sample_text()
    assert old in text, old
    return text.replace(old, new, count)


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def only_error(checked):
    errs = [p for p in checked.problems if p.severity == "error"]
    assert len(errs) == 1, "\n".join(map(str, checked.problems))
    return errs[0]


def test_sample_is_clean(tmp_path):
    checked = check(tmp_path, {NAME: sample_text()})
    assert checked.problems == []
    assert [a.id for a in checked.advisories] == ["mixpanel-analytics-2025"]


def test_misspelled_field_suggests_the_right_one(tmp_path):
    text = mutate("summary:\n", "sumary:\n")
    checked = check(tmp_path, {NAME: text})
    messages = [str(p) for p in checked.problems]
    line = line_of(text, "sumary:")
    assert any(
        f"{NAME}:{line}:1: error: sumary: unknown field; did you mean `summary`?" in m
        for m in messages
    ), messages
    assert any("missing required field `summary`" in m for m in messages)


def test_missing_required_field(tmp_path):
    text = mutate("severity: medium\n", "")
    err = only_error(check(tmp_path, {NAME: text}))
    assert "missing required field `severity`" in err.message
    assert "add `severity:`" in err.message


def test_missing_translation_points_at_the_text(tmp_path):
    text = mutate(
        '      en: "Mixpanel detects the unauthorized access and the export of a dataset."\n', ""
    )
    err = only_error(check(tmp_path, {NAME: text}))
    assert "timeline[0].text: missing the `en` translation" in err.message
    assert err.line == text.splitlines().index("    text:") + 1


def test_empty_translation_is_an_error_when_published_and_a_warning_in_a_draft(tmp_path):
    text = mutate(
        '  en: "Turn on two-step verification for your important accounts, '
        'starting with this one."',
        '  en: ""',
    )
    err = only_error(check(tmp_path, {NAME: text}))
    assert "recommendations[2].en: the text is empty" in err.message
    draft = text.replace("severity: medium\n", "severity: medium\ndraft: true\n")
    checked = check(tmp_path, {NAME: draft})
    assert [p.severity for p in checked.problems] == ["warning"]


def test_unknown_language(tmp_path):
    text = mutate('  en: "Incident at Mixpanel', '  en: "x"\n  fr: "Incident at Mixpanel')
    checked = check(tmp_path, {NAME: text})
    assert any("unknown language `fr`" in p.message for p in checked.problems)


def test_unknown_data_class_suggests_the_nearest(tmp_path):
    text = mutate("  - email-addresses\n", "  - email-adresses\n")
    err = only_error(check(tmp_path, {NAME: text}))
    assert "unknown data class `email-adresses`; did you mean `email-addresses`?" in err.message
    assert err.line == line_of(text, "  - email-adresses")


@pytest.mark.parametrize("bad", ["2025-13-01", "27/11/2025", "2025-02-30"])
def test_invalid_dates(tmp_path, bad):
    text = mutate("published: 2025-11-27", f"published: {bad}")
    err = only_error(check(tmp_path, {NAME: text}))
    assert err.line == line_of(text, f"published: {bad}")
    assert bad in err.message


def test_timestamp_without_offset_is_refused(tmp_path):
    text = mutate("severity: medium\n", "severity: medium\nembargo: 2026-02-01 09:00:00\n")
    err = only_error(check(tmp_path, {NAME: text}))
    assert "embargo: the time has no time zone" in err.message


def test_bad_enum_suggests(tmp_path):
    text = mutate("status: contained", "status: contaned")
    err = only_error(check(tmp_path, {NAME: text}))
    assert "did you mean `contained`?" in err.message


def test_id_must_match_file_name(tmp_path):
    err = only_error(check(tmp_path, {"other-name.yaml": sample_text()}))
    assert "does not match the file name `other-name`" in err.message
    assert err.line == line_of(sample_text(), "id: mixpanel-analytics-2025")


def test_duplicate_id_across_files(tmp_path):
    checked = check(tmp_path, {NAME: sample_text(), "copy.yaml": sample_text()})
    messages = [p.message for p in checked.problems]
    assert any(
        "is already used by" in m and "give each advisory its own id" in m for m in messages
    ), messages
    assert len(checked.advisories) == 1


def test_bad_slug(tmp_path):
    text = mutate("id: mixpanel-analytics-2025", "id: Mixpanel_2025")
    checked = check(tmp_path, {"Mixpanel_2025.yaml": text})
    assert any("for example `mixpanel-2025`" in p.message for p in checked.problems)


def test_reference_must_be_https(tmp_path):
    warned = check(tmp_path, {NAME: mutate("https://openai.com", "http://openai.com")})
    assert [p.severity for p in warned.problems] == ["warning"]
    assert "not https" in warned.problems[0].message
    err = only_error(
        check(
            tmp_path,
            {NAME: mutate("https://openai.com/index/mixpanel-incident/", "javascript:alert(1)")},
        )
    )
    assert "https://" in err.message


def test_text_that_yaml_reads_as_a_boolean(tmp_path):
    text = mutate(
        '  - es: "Activa la verificación en dos pasos en tus cuentas importantes, '
        'empezando por esta."',
        "  - es: no",
    )
    err = only_error(check(tmp_path, {NAME: text}))
    assert "put the text in quotes" in err.message


def test_all_problems_are_reported_at_once(tmp_path):
    text = mutate("status: contained", "status: nope").replace("severity: medium", "severity: x")
    errs = [p for p in check(tmp_path, {NAME: text}).problems if p.severity == "error"]
    assert {p.line for p in errs} == {line_of(text, "status: nope"), line_of(text, "severity: x")}


def test_warnings_for_order_dates_and_past_embargo(tmp_path):
    text = mutate("  - date: 2025-11-09", "  - date: 2025-11-30")
    text = text.replace(
        "severity: medium\n",
        "severity: medium\nupdated: 2025-11-01\nembargo: 2025-11-27T08:00:00+01:00\n",
    )
    checked = check(tmp_path, {NAME: text})
    messages = [p.message for p in checked.problems if p.severity == "warning"]
    assert len(messages) == 3, messages
    assert any("timeline[1].date: earlier than the entry before it" in m for m in messages)
    assert any("updated: 2025-11-01 is before published" in m for m in messages)
    assert any("embargo: 2025-11-27T08:00:00+01:00 has passed" in m for m in messages)


def test_untranslated_text_is_reported(tmp_path):
    text = mutate(
        '  en: "Incident at Mixpanel, the API platform\'s analytics vendor"',
        '  en: "Incidente en Mixpanel, proveedor de analítica de la plataforma de API"',
    )
    checked = check(tmp_path, {NAME: text})
    assert [p.severity for p in checked.problems] == ["warning"]
    assert "title.en: identical to the `es` text" in checked.problems[0].message


def test_visibility_of_drafts_and_embargo(tmp_path):
    a = check(tmp_path, {NAME: sample_text()}).advisories[0]
    assert a.visible(NOW)
    embargoed = mutate(
        "severity: medium\n", "severity: medium\nembargo: 2026-03-01T09:00:00+01:00\n"
    )
    b = check(tmp_path, {NAME: embargoed}, NOW).advisories[0]
    assert not b.visible(NOW) and b.visible(NOW, drafts=True)
    assert b.visible(datetime(2026, 3, 1, 8, 0, 1, tzinfo=UTC))
