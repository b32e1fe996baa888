"""The field walk approvals and diffs share, and the word diff."""

from __future__ import annotations

from dataclasses import replace

from conftest import FIXED_NOW, sample_advisory
from hypothesis import given
from hypothesis import strategies as st

from generator.records.approvals import approve, differences, fingerprint
from generator.records.changes import compare, published, word_diff


def test_the_walk_names_texts_and_facts_as_the_record_does():
    record = published(sample_advisory())
    assert {"es", "en"} <= set(record.texts)
    assert "title" in record.texts["es"] and "timeline.0.text" in record.texts["en"]
    assert record.facts["status"] == "contained" and record.facts["published"] == "2025-11-27"
    assert "timeline.0.date" in record.facts and "references.0.url" in record.facts
    assert record.keys["timeline.0.date"] == ("timeline", 0, "date")
    # How a record is handled is not what it publishes.
    assert not {"draft", "path", "source_lang", "l10n"} & set(record.facts)


def test_a_draft_flag_is_no_change_but_a_severity_is():
    a = sample_advisory()
    approval = approve(a, b"", "Ana", FIXED_NOW)
    assert differences(approval, replace(a, draft=True)) == []
    changed = differences(approval, replace(a, severity="high"))
    assert [(d.field, d.lang, d.kind) for d in changed] == [("severity", None, "changed")]


def test_compare_lists_facts_then_texts_in_record_order():
    a = sample_advisory()
    b = replace(a, status="resolved", title={**a.title, "en": "Another title"})
    changes = compare(published(a), published(b))
    assert [(c.field, c.lang) for c in changes] == [("status", None), ("title", "en")]
    assert changes[0].before == "contained" and changes[0].after == "resolved"


def test_fingerprints_ignore_rewrapping_not_paragraphs():
    assert fingerprint("one two\n  three") == fingerprint("one  two three")
    assert fingerprint("one two\n\nthree") != fingerprint("one two three")
    assert len(fingerprint("x")) == 32


@given(st.text(max_size=80), st.text(max_size=80))
def test_the_word_diff_rebuilds_both_texts(before, after):
    runs = word_diff(before, after)
    assert "".join(text for kind, text in runs if kind != "added") == before
    assert "".join(text for kind, text in runs if kind != "removed") == after
