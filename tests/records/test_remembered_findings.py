"""Issue 20: a publishing build remembers each record's text findings (facts and plain
language, the slowest per-record checks) and uses them only for the same text, rules and
message language."""

from __future__ import annotations

import gettext
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import ROOT, sample_text

from generator.cache import FOLDER, CheckCache
from generator.records import messages
from generator.records.plain_language import PlainLanguage
from generator.records.validate import Policy, RememberedFindings, check_files
from generator.site.i18n import translations

NOW = datetime(2026, 1, 15, tzinfo=UTC)
NAME = "mixpanel-analytics-2025.yaml"
# Readability minimums no real text meets: every long text gets a finding.
STRICT = Policy(language=PlainLanguage(min_readability={"es": 100.0, "en": 100.0}))


def _records(tmp_path: Path, text: str | None = None) -> list[Path]:
    folder = tmp_path / "advisories"
    folder.mkdir(exist_ok=True)
    (folder / NAME).write_text(text or sample_text(), encoding="utf-8")
    return [folder / NAME]


def _check(tmp_path: Path, store: CheckCache | None, policy: Policy = STRICT):
    checked = check_files(
        _records(tmp_path), ["es", "en"], NOW, tmp_path, policy=policy, findings=store
    )
    if store is not None:
        store.save()
    return checked.problems


def _stored_rows(tmp_path: Path) -> int:
    with sqlite3.connect(tmp_path / FOLDER / "checks.sqlite") as db:
        return db.execute("SELECT COUNT(*) FROM findings").fetchone()[0]


def test_remembered_findings_are_the_findings(tmp_path):
    fresh = _check(tmp_path, None)
    assert any(p.code == "hard-to-read" for p in fresh)
    assert _check(tmp_path, CheckCache(tmp_path)) == fresh  # found and stored
    assert _stored_rows(tmp_path) == 1
    assert _check(tmp_path, CheckCache(tmp_path)) == fresh  # read back


def test_a_remembered_entry_serves_only_the_text_and_rules_it_came_from(tmp_path):
    _check(tmp_path, CheckCache(tmp_path))
    store = CheckCache(tmp_path)
    stored = store.get(f"advisories/{NAME}")
    store.save()
    doc_text = sample_text()
    checked = check_files(_records(tmp_path), ["es", "en"], NOW, tmp_path, policy=STRICT)
    advisory = checked.advisories[0]
    doc = checked.documents[f"advisories/{NAME}"]

    same = RememberedFindings(stored, ["es", "en"], STRICT)
    assert same.plain_language(advisory, doc) and same.new is None  # used, nothing to store

    milder = RememberedFindings(stored, ["es", "en"], Policy())
    assert not [p for p in milder.plain_language(advisory, doc) if p.code == "hard-to-read"]
    assert milder.new is not None

    edited = check_files(
        _records(tmp_path, doc_text.replace("Mixpanel", "Mixpanel Inc.", 1)),
        ["es", "en"],
        NOW,
        tmp_path,
        policy=STRICT,
    )
    other_text = RememberedFindings(stored, ["es", "en"], STRICT)
    other_text.plain_language(edited.advisories[0], edited.documents[f"advisories/{NAME}"])
    assert other_text.new is not None  # computed again


@pytest.mark.parametrize(
    "planted",
    [
        b"not json",
        b'["digest"]',
        b'[1, [["a", "b"]]]',
        b'["digest", {"facts": []}]',
        b'["digest", [[]]]',
        b"\xff\xfe",
    ],
    ids=repr,
)
def test_an_entry_that_does_not_read_is_not_there(tmp_path, planted):
    fresh = _check(tmp_path, None)
    store = CheckCache(tmp_path)
    store.put(f"advisories/{NAME}", planted)
    store.save()
    assert _check(tmp_path, CheckCache(tmp_path)) == fresh


def test_findings_remembered_in_one_language_are_not_shown_in_another(tmp_path):
    english = _check(tmp_path, CheckCache(tmp_path))
    messages.install(translations(ROOT / "locales", "es"))
    try:
        spanish = _check(tmp_path, None)
        remembered = _check(tmp_path, CheckCache(tmp_path))
    finally:
        messages.install(gettext.NullTranslations())
    assert remembered == spanish != english


MISMATCH = sample_text().replace("On 9 November 2025, Mixpanel", "On 19 November 2025, Mixpanel")


def test_remembered_fact_findings_are_the_findings_and_are_used(tmp_path):
    checked = check_files(_records(tmp_path, MISMATCH), ["es", "en"], NOW, tmp_path, policy=STRICT)
    fresh = checked.problems
    assert any(p.code == "fact-mismatch" for p in fresh)
    store = CheckCache(tmp_path)
    assert (
        check_files(
            _records(tmp_path, MISMATCH), ["es", "en"], NOW, tmp_path, policy=STRICT, findings=store
        ).problems
        == fresh
    )
    store.save()
    store = CheckCache(tmp_path)
    stored = store.get(f"advisories/{NAME}")
    advisory = checked.advisories[0]
    doc = checked.documents[f"advisories/{NAME}"]
    remembered = RememberedFindings(stored, ["es", "en"], STRICT)
    assert remembered.facts(advisory, doc) == [p for p in fresh if p.code == "fact-mismatch"]
    assert remembered.new is None  # read back, not found again


@pytest.mark.parametrize(
    "body", ['{"facts": []}', "[[], []]", '{"facts": [[1]], "plain_language": []}'], ids=repr
)
def test_an_entry_of_the_right_text_but_the_wrong_shape_is_not_there(tmp_path, body):
    checked = check_files(_records(tmp_path), ["es", "en"], NOW, tmp_path, policy=STRICT)
    doc = checked.documents[f"advisories/{NAME}"]
    digest = RememberedFindings(None, ["es", "en"], STRICT)._digest(doc)
    planted = f'["{digest}", {body}]'.encode()
    remembered = RememberedFindings(planted, ["es", "en"], STRICT)
    assert remembered.plain_language(checked.advisories[0], doc)  # found again
    assert remembered.new is not None
