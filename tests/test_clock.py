"""Issue 23: `advisories clock`, as a writer and a script read it."""

from __future__ import annotations

import json

from conftest import make_project, run_cli, sample_text

ID = "mixpanel-analytics-2025"


def test_clock_json_has_each_obligation_with_its_due_time_article_and_notification(tmp_path):
    project = make_project(tmp_path)
    result = run_cli(
        project, "clock", "--json", "--tz", "Europe/Madrid", "--now", "2026-01-15T12:00:00Z"
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["obligations"]
    keys = {(r["regime"], r["recipient"]) for r in rows}
    # The sample's regimes: gdpr, es-aepd (the GDPR's deadlines) and us-ca.
    assert keys == {
        ("gdpr", "authority"),
        ("gdpr", "individuals"),
        ("us-ca", "individuals"),
        ("us-ca", "attorney_general"),
    }
    authority = next(r for r in rows if r["recipient"] == "authority")
    assert authority["due"] == "2025-11-29T03:00:00+01:00"  # ISO 8601, in the asked zone
    assert authority["article"] == "GDPR Art. 33(1)"
    assert authority["notified"] == "2025-11-27T09:00:00+01:00"
    assert authority["reference"] == "SAMPLE-2025-0001" and authority["state"] == "met"
    individuals = next(r for r in rows if r["regime"] == "gdpr" and r["recipient"] == "individuals")
    assert individuals["due"] is None and individuals["state"] == "no-deadline"
    for row in rows:
        assert set(row) >= {"regime", "recipient", "due", "article", "notified"}


def test_clock_says_overdue_in_the_writers_language_and_fails(tmp_path):
    text = sample_text().replace(
        '  authority:\n    - at: 2025-11-27T09:00:00+01:00\n      reference: "SAMPLE-2025-0001"\n',
        "",
    )
    project = make_project(tmp_path, {f"{ID}.yaml": text})
    spanish = {"LANG": "es_ES.UTF-8", "LANGUAGE": ""}
    result = run_cli(
        project,
        "clock",
        ID,
        "--tz",
        "America/Sao_Paulo",
        "--now",
        "2025-12-01T00:00:00Z",
        env=spanish,
    )
    assert result.returncode == 1
    assert "VENCIDO" in result.stdout and "GDPR Art. 33(1)" in result.stdout
    assert "28 de noviembre de 2025, 23:00 (GMT-03:00)" in result.stdout
    check = run_cli(project, "check", "--now", "2025-12-01T00:00:00Z", env=spanish)
    assert check.returncode == 1 and "[deadline-passed]" in check.stderr
    unknown = run_cli(project, "clock", "--tz", "Mars/Olympus")
    assert unknown.returncode == 2 and "Mars/Olympus" in unknown.stderr
