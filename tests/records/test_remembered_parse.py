"""Issue 20: a publishing build remembers each record's parse and uses it only for the
same bytes, limits and tool; what it gives back is exactly what parsing gives."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import yaml
from conftest import sample_text
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cache import ParseStore
from generator.records.load import DEFAULT_LIMITS, Limits, RememberedParse, load_file, load_text
from generator.records.validate import check_files

NOW = datetime(2026, 1, 15, tzinfo=UTC)


def _remembered(text: str, limits: Limits = DEFAULT_LIMITS) -> RememberedParse:
    raw = text.encode()
    doc, problems = load_text(text, "x.yaml", limits)
    parse = RememberedParse(None)
    parse.remember(raw, doc, problems, limits)
    return parse


def _same_document(first, second) -> None:
    assert (first.path, first.source) == (second.path, second.source)
    assert repr(first.data) == repr(second.data)  # types too: a date is not a datetime
    assert first.values == second.values and list(first.values) == list(second.values)
    assert first.keys == second.keys and list(first.keys) == list(second.keys)
    assert first.ends == second.ends and first.unreadable == second.unreadable


scalars = (
    st.text(max_size=20)
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.none()
    | st.dates()
    | st.datetimes(
        timezones=st.none()
        | st.just(UTC)
        | st.integers(-14 * 60, 14 * 60).map(lambda minutes: timezone(timedelta(minutes=minutes)))
    )
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(value=st.dictionaries(st.text(min_size=1, max_size=8), values, min_size=1, max_size=5))
def test_a_remembered_parse_is_the_parse(value):
    text = yaml.safe_dump(value, allow_unicode=True)
    fresh, problems = load_text(text, "x.yaml")
    if problems:  # a value YAML writes but reads back differently is not what this tests
        return
    parse = _remembered(text)
    assert parse.new is not None
    back = RememberedParse(parse.new).document(text.encode(), text, "x.yaml", DEFAULT_LIMITS)
    assert back is not None
    _same_document(back, fresh)


def test_the_sample_record_comes_back_whole():
    text = sample_text()
    parse = _remembered(text)
    back = RememberedParse(parse.new).document(text.encode(), text, "a.yaml", DEFAULT_LIMITS)
    fresh, _ = load_text(text, "a.yaml")
    _same_document(back, fresh)


def test_a_record_text_cannot_pass_for_a_stored_tag():
    text = 'x: [map, a, 1]\ny: [date, "2025-01-01"]\nz: "2025-01-01"\n'
    parse = _remembered(text)
    back = RememberedParse(parse.new).document(text.encode(), text, "x.yaml", DEFAULT_LIMITS)
    assert back.data == {"x": ["map", "a", 1], "y": ["date", "2025-01-01"], "z": "2025-01-01"}
    assert load_text("d: 2025-01-01\n", "x.yaml")[0].data == {"d": date(2025, 1, 1)}


def test_other_bytes_limits_or_a_damaged_entry_are_parsed_again():
    text = "id: a\ntitle:\n  es: hola\n"
    stored = _remembered(text).new
    assert stored is not None
    made_from, tree, numbers = json.loads(stored)
    damaged = [
        b"not json",
        stored[:-5],
        json.dumps([made_from, tree, [*numbers, 7]]).encode(),  # a number too many
        json.dumps([made_from, tree, numbers[:-1]]).encode(),  # one too few
        json.dumps([made_from, tree, [str(n) for n in numbers]]).encode(),
        json.dumps([made_from, ["map", 1, "a"], numbers]).encode(),  # a key that is no text
        json.dumps([made_from, ["set", "a"], numbers]).encode(),
        json.dumps([made_from, ["map", "id", "a", "id", "b"], numbers]).encode(),
        json.dumps(["0" * 64, tree, numbers]).encode(),
    ]
    for entry in damaged:
        parse = RememberedParse(entry)
        assert parse.document(text.encode(), text, "x.yaml", DEFAULT_LIMITS) is None, entry
    parse = RememberedParse(stored)
    edited = text.replace("hola", "adiós")
    assert parse.document(edited.encode(), edited, "x.yaml", DEFAULT_LIMITS) is None
    smaller = Limits(max_depth=4)
    assert parse.document(text.encode(), text, "x.yaml", smaller) is None


def test_a_parse_with_problems_is_not_remembered():
    assert _remembered("title:\n  es: a\n  es: b\n").new is None
    assert _remembered("published: 2025-02-30\n").new is None
    assert _remembered("x: !!binary aGVsbG8=\n").new is None


def test_load_file_uses_a_remembered_parse_and_remembers_a_new_one(tmp_path: Path):
    record = tmp_path / "a.yaml"
    record.write_text("\ufeffid: a\ntitle:\n  es: hola\n", encoding="utf-8")
    first = RememberedParse(None)
    doc, problems = load_file(record, "a.yaml", remembered=first)
    assert problems == [] and first.new is not None
    second = RememberedParse(first.new)
    again, _ = load_file(record, "a.yaml", remembered=second)
    assert second.new is None  # nothing new to store: it was the stored parse
    _same_document(again, doc)


def test_checks_with_remembered_parses_find_what_checks_without_them_find(tmp_path: Path):
    folder = tmp_path / "advisories"
    folder.mkdir()
    (folder / "a.yaml").write_text(sample_text(), encoding="utf-8")
    (folder / "b.yaml").write_text("id: [\n", encoding="utf-8")  # a syntax error
    paths = sorted(folder.glob("*.yaml"))

    def check(store):
        checked = check_files(paths, ["es", "en"], NOW, tmp_path, parses=store)
        if store is not None:
            store.save()
        return repr(checked.advisories), [str(p) for p in checked.problems]

    without = check(None)
    assert check(ParseStore(tmp_path)) == without  # stores
    assert check(ParseStore(tmp_path)) == without  # reads back
    store = ParseStore(tmp_path)
    assert store.get("advisories/a.yaml") is not None
    assert store.get("advisories/b.yaml") is None
