"""Every rule of the validator, on mutations of the sample record."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import sample_settings, sample_text

from generator.records.validate import check_files

NOW = datetime(2026, 1, 15, 12, tzinfo=UTC)
LANGS = ["es", "en"]
NAME = "mixpanel-analytics-2025.yaml"


def check(tmp_path: Path, records: dict[str, str], now: datetime = NOW):
    for name, text in records.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    policy = sample_settings().policy  # the sample site's laws and contact point
    return check_files(sorted(tmp_path.glob("*.yaml")), LANGS, now, tmp_path, policy=policy)


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
    found = {(p.code, p.line, p.column) for p in checked.problems}
    assert ("unknown-field", line_of(text, "sumary:"), 1) in found
    assert "missing-field" in {p.code for p in checked.problems}
    unknown = next(p for p in checked.problems if p.code == "unknown-field")
    assert str(unknown).startswith(f"{NAME}:{line_of(text, 'sumary:')}:1: error: ")
    assert "`summary`" in unknown.message  # the suggestion


def test_missing_required_field(tmp_path):
    text = mutate("severity: medium\n", "")
    err = only_error(check(tmp_path, {NAME: text}))
    assert err.code == "missing-field" and "`severity:`" in err.message


def test_missing_translation_points_at_the_text(tmp_path):
    text = mutate(
        '      en: "Mixpanel detects the unauthorized access and the export of a dataset."\n', ""
    )
    err = only_error(check(tmp_path, {NAME: text}))
    assert err.code == "missing-translation" and err.message.startswith("timeline[0].text")
    assert err.line == text.splitlines().index("    text:") + 1


def test_empty_translation_is_an_error_when_published_and_a_warning_in_a_draft(tmp_path):
    text = mutate(
        '  en: "Turn on two-step verification for your important accounts, '
        'starting with this one."',
        '  en: ""',
    )
    err = only_error(check(tmp_path, {NAME: text}))
    assert err.code == "empty-text" and err.message.startswith("recommendations[2].en")
    draft = text.replace("severity: medium\n", "severity: medium\ndraft: true\n")
    checked = check(tmp_path, {NAME: draft})
    assert [p.severity for p in checked.problems] == ["warning"]


def test_unknown_language(tmp_path):
    text = mutate('  en: "Incident at Mixpanel', '  en: "x"\n  fr: "Incident at Mixpanel')
    checked = check(tmp_path, {NAME: text})
    assert "unknown-language" in {p.code for p in checked.problems}


def test_unknown_data_class_suggests_the_nearest(tmp_path):
    text = mutate("  - email-addresses\n", "  - email-adresses\n")
    err = only_error(check(tmp_path, {NAME: text}))
    assert err.code == "unknown-data-class" and "`email-addresses`" in err.message
    assert err.line == line_of(text, "  - email-adresses")


@pytest.mark.parametrize("bad", ["2025-13-01", "27/11/2025", "2025-02-30"])
def test_invalid_dates(tmp_path, bad):
    text = mutate("published: 2025-11-27", f"published: {bad}")
    err = only_error(check(tmp_path, {NAME: text}))
    assert err.line == line_of(text, f"published: {bad}")
    assert err.code in ("bad-date", "unreadable-value") and bad in err.message


def test_timestamp_without_offset_is_refused(tmp_path):
    text = mutate("severity: medium\n", "severity: medium\nembargo: 2026-02-01 09:00:00\n")
    err = only_error(check(tmp_path, {NAME: text}))
    assert err.code == "naive-time"


def test_bad_enum_suggests(tmp_path):
    text = mutate("status: contained", "status: contaned")
    err = only_error(check(tmp_path, {NAME: text}))
    assert err.code == "bad-choice" and "`contained`" in err.message


def test_id_must_match_file_name(tmp_path):
    err = only_error(check(tmp_path, {"other-name.yaml": sample_text()}))
    assert err.code == "id-mismatch"
    assert err.line == line_of(sample_text(), "id: mixpanel-analytics-2025")


def test_duplicate_id_across_files(tmp_path):
    checked = check(tmp_path, {NAME: sample_text(), "copy.yaml": sample_text()})
    assert "duplicate-id" in [p.code for p in checked.problems]
    assert len(checked.advisories) == 1


def test_bad_slug(tmp_path):
    text = mutate("id: mixpanel-analytics-2025", "id: Mixpanel_2025")
    checked = check(tmp_path, {"Mixpanel_2025.yaml": text})
    bad = next(p for p in checked.problems if p.code == "bad-id")
    assert "`mixpanel-2025`" in bad.message  # the suggested id


def test_reference_must_be_https(tmp_path):
    warned = check(tmp_path, {NAME: mutate("https://openai.com", "http://openai.com")})
    assert [p.severity for p in warned.problems] == ["warning"]
    assert warned.problems[0].code == "insecure-url"
    err = only_error(
        check(
            tmp_path,
            {NAME: mutate("https://openai.com/index/mixpanel-incident/", "javascript:alert(1)")},
        )
    )
    assert err.code == "bad-url"


def test_text_that_yaml_reads_as_a_boolean(tmp_path):
    text = mutate(
        '  - es: "Activa la verificación en dos pasos en tus cuentas importantes, '
        'empezando por esta."',
        "  - es: no",
    )
    err = only_error(check(tmp_path, {NAME: text}))
    assert err.code == "wrong-type" and "quotes" in err.message


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
    warnings = [p for p in checked.problems if p.severity == "warning"]
    assert sorted(p.code for p in warnings) == [
        "embargo-passed",
        "out-of-order",
        "updated-before-published",
    ]
    order = next(p for p in warnings if p.code == "out-of-order")
    assert order.line == line_of(text, "  - date: 2025-11-30") + 4


def test_untranslated_text_is_reported(tmp_path):
    text = mutate(
        '  en: "Incident at Mixpanel, the API platform\'s analytics vendor"',
        '  en: "Incidente en Mixpanel, proveedor de analítica de la plataforma de API"',
    )
    checked = check(tmp_path, {NAME: text})
    assert [p.severity for p in checked.problems] == ["warning"]
    assert checked.problems[0].code == "same-as-source"


def test_visibility_of_drafts_and_embargo(tmp_path):
    a = check(tmp_path, {NAME: sample_text()}).advisories[0]
    assert a.visible(NOW)
    embargoed = mutate(
        "severity: medium\n", "severity: medium\nembargo: 2026-03-01T09:00:00+01:00\n"
    )
    b = check(tmp_path, {NAME: embargoed}, NOW).advisories[0]
    assert not b.visible(NOW) and b.visible(NOW, drafts=True)
    assert b.visible(datetime(2026, 3, 1, 8, 0, 1, tzinfo=UTC))


def test_every_problem_code_is_listed_in_both_writers_guides():
    from conftest import ROOT

    from generator.records.diagnostics import CODES

    for lang in ("es", "en"):
        guide = (ROOT / "docs" / lang / "writers-guide.md").read_text()
        assert [code for code in CODES if f"| `{code}` |" not in guide] == []


def test_a_problem_with_an_unregistered_code_cannot_be_made():
    from generator.records.diagnostics import Problem

    with pytest.raises(ValueError):
        Problem("x.yaml", 1, 1, "message", "no-such-code")
