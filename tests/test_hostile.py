"""Issue 10's reproductions: hostile or careless input must be refused with a location or
made inert in every output; nothing may crash, hang or destroy data."""

from __future__ import annotations

import os
import re
import time
from datetime import datetime
from pathlib import Path

import pytest
from conftest import (
    NOW,
    SAMPLE,
    build,
    live_markup,
    make_project,
    run_cli,
    sample_settings,
    sample_text,
)

from generator.records.load import load_text
from generator.records.validate import check_folder

ID = "mixpanel-analytics-2025"
WHEN = datetime.fromisoformat(NOW)
POLICY = sample_settings().policy


def _check(tmp_path: Path, text: str, name: str = SAMPLE.name):
    folder = tmp_path / "records"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return check_folder(folder, ["es", "en"], WHEN, tmp_path, policy=POLICY)


def _codes(checked) -> list[str]:
    return [p.code for p in checked.problems if p.severity == "error"]


def _with_title(title_yaml: str) -> str:
    text = sample_text()
    old = '  en: "Incident at Mixpanel, the API platform\'s analytics vendor"'
    assert old in text
    return text.replace(old, f"  en: {title_yaml}")


# ---------------------------------------------------------------- 1. live markup


@pytest.mark.parametrize("char", ["\\x7f", "\\x85", "\\x9f", "\\uFFFE", "\\uFDD0", "\\v", "\\x1b"])
def test_control_and_noncharacters_in_a_text_are_refused_with_the_code_point(tmp_path, char):
    text = _with_title(f'"[clic](javascript:alert(1)) \\\\*x\\\\*{{: onclick=alert(1) }} {char}"')
    checked = _check(tmp_path, text)
    assert _codes(checked) == ["bad-character"]
    problem = checked.problems[0]
    assert (
        problem.line
        == text.splitlines().index(next(line for line in text.splitlines() if "clic" in line)) + 1
    )
    code_point = char.replace("\\x", "U+00").replace("\\u", "U+").replace("\\v", "U+000B")
    assert code_point.upper().replace("U+", "U+") in problem.message.upper()


def test_text_that_looks_like_front_matter_or_markup_stays_inert_on_the_page(tmp_path):
    payload = (
        '"---\\ntitle: pwned\\n--- [clic](javascript:alert(1)) \\\\*x\\\\*{: onclick=alert(1) }'
        ' ![i](https://evil.example/i.png) <b class=pwn>b</b> {{ config }}"'
    )
    project = make_project(tmp_path, {SAMPLE.name: _with_title(payload)})
    site = build(project)
    for lang in ("es", "en"):
        page = (site / lang / "advisories" / ID / "index.html").read_text()
        assert live_markup(page) == []
    assert "<title>---" in page  # the title is shown literally, front matter and all


# ------------------------------------------------------------- 2. malformed output


@pytest.mark.parametrize(
    "url",
    [
        '"https://exämple.com/a"',
        '"https://example.com/a\\"b"',
        '"https://example.com/<b>"',
        '"https://example.com/a\\x01"',
        '"https://example.com/a\\n"',
        '"https://user:pass@example.com/"',
        '"https://example.com/a b"',
        '"javascript:alert(1)"',
    ],
)
def test_reference_urls_that_an_output_cannot_carry_are_refused(tmp_path, url):
    text = sample_text().replace("url: https://openai.com/index/mixpanel-incident/", f"url: {url}")
    assert text != sample_text()
    checked = _check(tmp_path, text)
    assert _codes(checked) == ["bad-url"]


def test_an_idn_url_gets_its_ascii_form_in_the_fix(tmp_path):
    text = sample_text().replace(
        "url: https://openai.com/index/mixpanel-incident/", 'url: "https://exämple.com/ñ"'
    )
    problem = _check(tmp_path, text).problems[0]
    assert "https://xn--exmple-cua.com/%C3%B1" in problem.message


@pytest.mark.parametrize(
    "record_id",
    ["index", "feed", "assets", "api", "search", "x" * 65, "abc\\n", "Ab", "a--b", "-a"],
)
def test_ids_the_site_cannot_use_are_refused(tmp_path, record_id):
    text = sample_text().replace(f"id: {ID}", f'id: "{record_id}"')
    checked = _check(tmp_path, text, "record.yaml")
    assert "bad-id" in _codes(checked)


def test_an_id_of_64_characters_builds(tmp_path):
    long_id = "a" * 64
    project = make_project(
        tmp_path, {f"{long_id}.yaml": sample_text().replace(f"id: {ID}", f"id: {long_id}")}
    )
    site = build(project)
    assert (site / "en" / "advisories" / long_id / "index.html").exists()


@pytest.mark.parametrize("field", ["draft:", "embargo:", "updated:", "withdrawn:"])
def test_an_optional_field_without_a_value_is_refused_not_ignored(tmp_path, field):
    text = sample_text().replace("severity: medium\n", f"severity: medium\n{field}\n")
    checked = _check(tmp_path, text)
    assert _codes(checked) == ["empty-value"]
    assert checked.problems[0].line == text.splitlines().index(field) + 1


def test_a_date_no_output_can_write_is_refused_before_build(tmp_path):
    text = sample_text().replace("  - date: 2025-11-09", "  - date: 9999-12-31T23:59:59-12:00")
    assert text != sample_text()
    assert "date-out-of-range" in _codes(_check(tmp_path, text))


# ---------------------------------------------------------- 3. no traceback, no hang


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(ord("b"), ord("j")):
        prev = chr(i - 1)
        lines.append(f"{chr(i)}: &{chr(i)} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "\n".join(lines) + "\n"
    assert len(bomb) < 1000
    started = time.monotonic()
    checked = _check(tmp_path, bomb)
    assert time.monotonic() - started < 5
    assert _codes(checked) == ["alias-limit"]
    assert checked.problems[0].line > 1


def test_deep_nesting_is_refused_with_its_line(tmp_path):
    deep = "x: " + "[" * 600 + "]" * 600 + "\n"
    checked = _check(tmp_path, deep)
    assert _codes(checked) == ["too-deep"]
    assert checked.problems[0].line == 1 and checked.problems[0].column > 30


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = sample_text() + "# " + "x" * (1024 * 1024) + "\n"
    assert _codes(_check(tmp_path, big)) == ["file-too-large"]


def test_nul_bytes_and_invalid_utf8_are_reported_at_their_line(tmp_path):
    text = sample_text()
    lines = text.splitlines(keepends=True)
    lines[5] = lines[5].replace("s", "s\x00", 1)
    doc, problems = load_text("".join(lines), "x.yaml")
    assert [(p.code, p.line) for p in problems] == [("not-utf8", 6)]
    folder = tmp_path / "records"
    folder.mkdir()
    raw = sample_text().encode().replace(b"severity: medium", b"severity: medi\xffum")
    (folder / SAMPLE.name).write_bytes(raw)
    checked = check_folder(folder, ["es", "en"], WHEN, tmp_path)
    line = sample_text().splitlines().index("severity: medium") + 1
    assert [(p.code, p.line, p.column) for p in checked.problems] == [("not-utf8", line, 15)]


def test_a_tab_in_the_indentation_is_named(tmp_path):
    text = sample_text().replace('\n  es: "Incidente', '\n\tes: "Incidente', 1)
    checked = _check(tmp_path, text)
    assert _codes(checked) == ["yaml-syntax"] and "tab" in checked.problems[0].message


def test_odd_entries_in_the_records_folder_are_reported_and_skipped(tmp_path):
    project = make_project(tmp_path)
    records = project / "advisories"
    (records / "folder.yaml").mkdir()
    (records / ".#lock.yaml").symlink_to("user@host.1234")  # an editor's lock file
    (records / "loop.yaml").symlink_to(records / "loop.yaml")
    os.mkfifo(records / "pipe.yaml")
    result = run_cli(project, "check")
    assert result.returncode == 0, result.stderr
    for name in ("folder.yaml", ".#lock.yaml", "loop.yaml", "pipe.yaml"):
        assert re.search(rf"{re.escape(name)}:1:1: warning: .*\[not-a-file\]", result.stderr), name
    built = run_cli(project, "build", "--now", NOW)
    assert built.returncode == 0, built.stderr
    assert (project / "site" / "es" / "advisories" / ID / "index.html").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_record_is_an_error_with_its_path(tmp_path):
    project = make_project(tmp_path)
    (project / "advisories" / SAMPLE.name).chmod(0)
    result = run_cli(project, "check")
    assert result.returncode == 1 and "[unreadable-file]" in result.stderr


# -------------------------------------------------------------------------- 6. new


@pytest.mark.parametrize("bad_id", ["abc\n", "x" * 300, "index", "../../etc/x"])
def test_new_refuses_ids_that_cannot_be_records(tmp_path, bad_id):
    project = make_project(tmp_path, {})
    result = run_cli(project, "new", bad_id)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert list((project / "advisories").iterdir()) == []


def test_new_does_not_write_through_a_planted_link(tmp_path):
    project = make_project(tmp_path, {})
    outside = tmp_path / "outside.txt"
    (project / "advisories" / "vendor-breach-2026.yaml").symlink_to(outside)
    result = run_cli(project, "new", "vendor-breach-2026")
    assert result.returncode == 2
    assert not outside.exists()


# ----------------------------------------------------------- 7. notices and terminal


def test_markdown_notices_carry_no_live_markup(tmp_path):
    text = sample_text().replace(
        "1. Desconfía",
        "1. Desconfía",
    )
    hostile = (
        '"<script>alert(1)</script> <img src=x onerror=alert(1)> '
        '[x](javascript:alert(1)) [ok](https://example.com/)"'
    )
    text = _with_title(hostile)
    project = make_project(tmp_path, {SAMPLE.name: text})
    result = run_cli(project, "notice", ID, "--lang", "en", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    import markdown_it

    html = markdown_it.MarkdownIt("commonmark").render(out)
    assert (
        "<script" not in html
        and "<img" not in html
        and "javascript:" not in html.replace("javascript:alert", "").replace("(javascript:", "")
    )
    assert 'href="javascript' not in html
    assert '<a href="https://example.com/">ok</a>' in html


def test_check_never_prints_control_characters_from_a_record(tmp_path):
    project = make_project(tmp_path, {})
    (project / "advisories" / "x.yaml").write_text(
        'id: "x\\x1b[2J\\x1b[1A0 error(s)"\n', encoding="utf-8"
    )
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert "\x1b" not in result.stderr + result.stdout
    assert "\\x1b" in result.stderr


def test_a_text_of_only_blank_lines_is_empty_found_by_the_property_test(tmp_path):
    text = sample_text().replace(
        '  en: "Incident at Mixpanel, the API platform\'s analytics vendor"', '  en: "\\t\\n\\n"'
    )
    assert _codes(_check(tmp_path, text)) == ["empty-text"]
