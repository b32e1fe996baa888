"""Issue 23: each deadline rule, counted as its law counts, and what `check` says."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import sample_settings, sample_text

from generator.records.deadlines import OBLIGATIONS, clocks, due
from generator.records.validate import check_files

RULES = {(o.regime, o.recipient, o.satisfied_by): o for o in OBLIGATIONS}
RECORD = "mixpanel-analytics-2025.yaml"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_gdpr_gives_the_authority_72_hours_across_a_clock_change():
    rule = RULES["gdpr", "authority", 0]
    # Madrid leaves summer time on 26 October 2025: 72 hours are 72 real hours.
    found = due(rule, at("2025-10-24T10:00:00+02:00"))
    assert found == at("2025-10-27T09:00:00+01:00")
    assert found.astimezone(ZoneInfo("Europe/Madrid")).hour == 9


def test_brazil_counts_three_business_days_skipping_a_weekend_and_a_holiday():
    rule = RULES["br-lgpd", "authority", 0]
    # Tuesday 18 November 2025: Wednesday 19, (Thursday 20 is Black Consciousness Day),
    # Friday 21, (weekend), Monday 24.
    assert due(rule, at("2025-11-18T15:00:00-03:00")) == at("2025-11-24T23:59:59-03:00")
    # Thursday 13 November: Friday 14, (15 is a Saturday and Republic Day), Monday 17, Tuesday 18.
    assert due(rule, at("2025-11-13T09:00:00-03:00")) == at("2025-11-18T23:59:59-03:00")
    # The day is Brazil's: 01:00 UTC on the 19th is still the 18th in São Paulo.
    assert due(rule, at("2025-11-19T01:00:00+00:00")) == at("2025-11-24T23:59:59-03:00")
    assert RULES["br-lgpd", "individuals", 0].article == "Res. CD/ANPD 15/2024 art. 9"


def test_california_counts_30_calendar_days_then_15_for_the_attorney_general():
    residents = RULES["us-ca", "individuals", 0]
    assert due(residents, at("2025-11-25T18:00:00-08:00")) == at("2025-12-25T23:59:59-08:00")
    general = RULES["us-ca", "attorney_general", 0]
    assert general.trigger == "individuals" and general.condition
    assert due(general, at("2025-12-01T10:00:00-08:00")) == at("2025-12-16T23:59:59-08:00")


def test_nis2_early_warning_notification_and_final_report():
    early, notification = RULES["nis2", "csirt", 0], RULES["nis2", "csirt", 1]
    start = at("2026-01-30T08:00:00+01:00")
    assert due(early, start) == at("2026-01-31T08:00:00+01:00")
    assert due(notification, start) == at("2026-02-02T08:00:00+01:00")
    final = RULES["nis2", "csirt", 2]
    assert final.trigger == "csirt" and final.trigger_index == 1
    # One month after the notification; 31 January has no 31 February.
    assert due(final, at("2026-01-31T12:00:00+01:00")) == at("2026-02-28T12:00:00+01:00")


def test_laws_without_a_number_say_so_instead_of_inventing_one():
    for key in (("gdpr", "individuals", 0), ("mx", "individuals", 0)):
        rule = RULES[key]
        assert rule.period is None and rule.unclear
        assert due(rule, at("2026-01-01T00:00:00+00:00")) is None


def _check(tmp_path, text: str, now: str, regimes: str = "[gdpr, us-ca]"):
    text = text.replace("severity: medium\n", f"severity: medium\nregimes: {regimes}\n", 1)
    (tmp_path / RECORD).write_text(text, encoding="utf-8")
    s = sample_settings()
    return check_files([tmp_path / RECORD], s.languages, at(now), tmp_path, policy=s.policy)


AUTHORITY = """  authority:
    - at: 2025-11-27T09:00:00+01:00
      reference: "SAMPLE-2025-0001"
"""


def _without_authority() -> str:
    text = sample_text()
    assert AUTHORITY in text
    return text.replace(AUTHORITY, "")


def test_a_passed_deadline_without_a_notification_is_an_error_at_its_line(tmp_path):
    text = _without_authority()
    checked = _check(tmp_path, text, "2025-11-30T12:00:00+00:00")
    passed = [p for p in checked.problems if p.code == "deadline-passed"]
    assert len(passed) == 1 and passed[0].severity == "error"
    assert "GDPR Art. 33(1)" in passed[0].message and "notified.authority" in passed[0].message
    written = (tmp_path / RECORD).read_text(encoding="utf-8")
    assert passed[0].line == written[: written.index("discovered:")].count("\n") + 1


def test_a_deadline_within_a_day_is_a_warning_with_the_time_left(tmp_path):
    text = _without_authority()
    # Discovered 2025-11-26T02:00Z: the authority is due 2025-11-29T02:00Z.
    checked = _check(tmp_path, text, "2025-11-28T12:30:00+00:00")
    near = [p for p in checked.problems if p.code == "deadline-near"]
    assert len(near) == 1 and near[0].severity == "warning"
    assert "in 13 h 30 min" in near[0].message
    assert not [p for p in checked.problems if p.code == "deadline-passed"]


def test_a_record_without_discovered_gets_one_warning_and_no_clock(tmp_path):
    text = sample_text().replace("discovered: 2025-11-25T18:00:00-08:00\n", "")
    checked = _check(tmp_path, text, "2026-01-15T12:00:00+00:00")
    missing = [p for p in checked.problems if p.code == "discovered-missing"]
    assert len(missing) == 1 and "gdpr, us-ca" in missing[0].message
    assert not [p for p in checked.problems if p.code.startswith("deadline")]
    advisory = checked.advisories[0]
    states = {c.rule.article: c.state for c in clocks(advisory, ("gdpr",), at("2026-01-15T12:00Z"))}
    assert states["GDPR Art. 33(1)"] == "not-started"


def test_a_late_notification_asks_for_the_reason_of_the_delay(tmp_path):
    text = sample_text().replace("at: 2025-11-27T09:00:00+01:00", "at: 2025-12-05T09:00:00+01:00")
    checked = _check(tmp_path, text, "2026-01-15T12:00:00+00:00")
    late = [p for p in checked.problems if p.code == "notified-late"]
    assert len(late) == 1 and "delay.reason" in late[0].message
    reason = text.replace(
        "  law_enforcement: false\n",
        '  law_enforcement: false\n  reason:\n    es: "Tardamos en saberlo."\n'
        '    en: "It took us time to find out."\n',
    )
    assert not [
        p
        for p in _check(tmp_path, reason, "2026-01-15T12:00Z").problems
        if p.code == "notified-late"
    ]


@pytest.mark.parametrize("bad", ["2025-11-25", "2025-11-25T18:00:00", "soon"])
def test_discovered_must_be_a_time_with_its_zone(tmp_path, bad):
    text = sample_text().replace("discovered: 2025-11-25T18:00:00-08:00", f"discovered: {bad}")
    checked = _check(tmp_path, text, "2026-01-15T12:00:00+00:00")
    assert any(p.severity == "error" and "discovered" in p.message for p in checked.problems)


def test_withdrawing_a_california_advisory_before_30_days_warns(tmp_path):
    early = sample_text().replace(
        "severity: medium\n",
        "severity: medium\nwithdrawn:\n  date: 2025-12-10\n  reason:\n"
        '    es: "Lo sustituye otro aviso."\n    en: "Another advisory replaces it."\n',
    )
    checked = _check(tmp_path, early, "2026-01-15T12:00:00+00:00")
    short = [p for p in checked.problems if p.code == "posting-too-short"]
    assert len(short) == 1 and short[0].severity == "warning"
    assert "2025-12-27" in short[0].message and "1798.82" in short[0].message
    later = early.replace("date: 2025-12-10", "date: 2025-12-28")
    assert not [
        p
        for p in _check(tmp_path, later, "2026-01-15T12:00Z").problems
        if p.code == "posting-too-short"
    ]


def test_the_banner_keeps_a_resolved_advisory_for_its_minimum_posting_time():
    from dataclasses import replace

    from conftest import sample_advisory

    from generator.site.pages import active_incidents

    settings = sample_settings()  # regimes gdpr, es-aepd, us-ca: 30 days for California
    resolved = replace(sample_advisory(), status="resolved")
    assert active_incidents([resolved], "en", settings, at("2025-12-20T12:00:00+00:00"))
    assert not active_incidents([resolved], "en", settings, at("2025-12-28T12:00:00+00:00"))
    brazil = replace(resolved, regimes=("br-lgpd",))
    assert active_incidents([brazil], "en", settings, at("2026-02-26T12:00:00+00:00"))
    assert not active_incidents([brazil], "en", settings, at("2026-02-28T12:00:00+00:00"))
