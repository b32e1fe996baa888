from generator.records.load import load_text


def test_positions_of_values_and_keys_are_one_based():
    doc, problems = load_text("id: a\ntitle:\n  es: hola\n", "x.yaml")
    assert problems == []
    assert doc.at(("title", "es")) == (3, 7)
    assert doc.at(("title",), of_key=True) == (2, 1)


def test_missing_key_falls_back_to_nearest_parent():
    doc, _ = load_text("timeline:\n  - date: 2025-01-01\n", "x.yaml")
    assert doc.at(("timeline", 0, "text")) == (2, 5)


def test_duplicate_key_is_an_error_at_the_second_occurrence():
    _, problems = load_text("title:\n  es: a\n  es: b\n", "x.yaml")
    assert [(p.line, p.column) for p in problems] == [(3, 3)]
    assert problems[0].code == "duplicate-key" and "line 2" in problems[0].message


def test_syntax_error_has_position_and_hint():
    _, problems = load_text("title:\n  es: a: b\n", "x.yaml")
    assert len(problems) == 1
    p = problems[0]
    assert (p.path, p.line) == ("x.yaml", 2)
    assert p.code == "yaml-syntax" and "quotes" in p.message


def test_python_tags_are_refused_and_nothing_runs(tmp_path):
    marker = tmp_path / "ran"
    text = f"x: !!python/object/apply:os.system ['touch {marker}']\n"
    _, problems = load_text(text, "x.yaml")
    assert problems[0].code == "forbidden-tag"
    assert not marker.exists()


def test_invalid_calendar_date_is_reported_not_raised():
    doc, problems = load_text("published: 2025-02-30\n", "x.yaml")
    assert problems[0].line == 1 and problems[0].code == "unreadable-value"
    assert ("published",) in doc.unreadable


def test_empty_file():
    _, problems = load_text("", "x.yaml")
    assert problems[0].code == "empty-file"
