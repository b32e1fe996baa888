"""Issue 19 (items 2, 3): an XLIFF import is planned, checked in memory and written
atomically; a translation-state file that cannot be trusted is a located error."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from conftest import ROOT, make_project, run_cli, sample_text, tmpfs

ID = "mixpanel-analytics-2025"
RECORD = f"advisories/{ID}.yaml"
STATE = f"advisories/{ID}.l10n.json"


def _digest(project: Path) -> dict[str, str]:
    """Every file under the project (but site/), by content: what an import may touch."""
    return {
        str(p.relative_to(project)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(project.rglob("*"))
        if p.is_file() and "site" not in p.relative_to(project).parts
    }


def _export(project: Path, lang: str = "en") -> Path:
    out = project / f"export-{lang}.xlf"
    result = run_cli(project, "l10n", "export", "--lang", lang, "-o", out.name, ID)
    assert result.returncode == 0, result.stderr
    return out


def _set_target(xliff: str, unit: str, text: str) -> str:
    """Replace one unit's target text, as a translator's tool would."""
    pattern = re.compile(
        rf'(<trans-unit id="{re.escape(unit)}"[^>]*>.*?<target state=")[^"]*(">)(.*?)(</target>)',
        re.S,
    )
    changed, count = pattern.subn(
        lambda m: m.group(1) + "translated" + m.group(2) + text + m.group(4), xliff, 1
    )
    assert count == 1
    return changed


@pytest.fixture
def project(tmp_path) -> Path:
    """The sample project with its translation state, as a fresh clone has it."""
    (tmp_path / "p").mkdir()
    made = make_project(tmp_path / "p")
    (made / STATE).write_bytes((ROOT / STATE).read_bytes())
    return made


def test_the_installed_package_declares_what_import_needs():
    """ruamel.yaml, MarkupSafe, tzdata, defusedxml and phonenumbers are runtime needs,
    not test extras: the wheel test installs without extras and runs `l10n import`."""
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    names = {re.split(r"[<>=\[ ]", d)[0].lower() for d in declared}
    assert {"ruamel.yaml", "markupsafe", "tzdata", "defusedxml", "phonenumbers"} <= names


def test_a_file_whose_target_language_is_the_original_overwrites_nothing(project):
    xliff = _export(project)
    before = _digest(project)
    xliff.write_text(xliff.read_text().replace('target-language="en"', 'target-language="es"'))
    result = run_cli(project, "l10n", "import", xliff.name)
    assert result.returncode == 1
    assert "target-language `es`" in result.stderr and "original (`es`)" in result.stderr
    assert _digest(project) == {**before, xliff.name: _digest(project)[xliff.name]}


def test_a_language_the_site_lacks_is_refused(project):
    xliff = _export(project)
    xliff.write_text(xliff.read_text().replace('target-language="en"', 'target-language="fr"'))
    before = (project / RECORD).read_bytes()
    result = run_cli(project, "l10n", "import", xliff.name)
    assert result.returncode == 1 and "`fr`" in result.stderr
    assert (project / RECORD).read_bytes() == before


def test_each_file_keeps_its_own_target_language(project):
    """A merged export: the first <file> in English, a second one claiming Spanish.
    Reading only the last file's language would pour English into the Spanish texts."""
    xliff = _export(project).read_text()
    files = re.findall(r"<file .*?</file>", xliff, re.S)
    second = files[0].replace('target-language="en"', 'target-language="es"')
    merged = xliff.replace(files[0], files[0] + second)
    (project / "merged.xlf").write_text(merged)
    before = (project / RECORD).read_bytes()
    result = run_cli(project, "l10n", "import", "merged.xlf")
    assert result.returncode == 1 and "target-language `es`" in result.stderr
    assert (project / RECORD).read_bytes() == before


@pytest.mark.parametrize(
    "target, words",
    [
        ("Title with a next-line \u0085 character", "U+0085"),
        ("x" * (1024 * 1024), "over the limit"),
    ],
)
def test_a_bad_target_is_checked_before_anything_is_written(project, target, words):
    xliff = _export(project)
    xliff.write_text(_set_target(xliff.read_text(), "title", target))
    before = _digest(project)
    result = run_cli(project, "l10n", "import", xliff.name)
    assert result.returncode == 1 and words in result.stderr, result.stderr
    assert "Nothing was imported" in result.stderr
    assert _digest(project) == before
    assert run_cli(project, "check").returncode == 0


def test_a_second_bad_record_stops_the_first_from_being_written(project):
    other = sample_text().replace(ID, "other-incident-2025")
    (project / "advisories" / "other-incident-2025.yaml").write_text(other)
    out = project / "both.xlf"
    result = run_cli(project, "l10n", "export", "--lang", "en", "-o", out.name)
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    files = re.findall(r"<file .*?</file>", text, re.S)
    assert len(files) == 2
    good = _set_target(files[0], "title", "A fine new title")
    bad = _set_target(files[1], "title", "Bad \u0085 title")
    out.write_text(text.replace(files[0], good).replace(files[1], bad))
    before = _digest(project)
    result = run_cli(project, "l10n", "import", out.name)
    assert result.returncode == 1
    assert _digest(project) == before


@pytest.mark.parametrize(
    "original", ["../outside/notes.txt", "../outside/record.yaml", "mkdocs.yml", "/etc/passwd"]
)
def test_an_original_outside_the_records_folder_is_refused(project, original):
    outside = project.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "notes.txt").write_text("keep me\n")
    (outside / "record.yaml").write_text(sample_text())
    xliff = _export(project)
    xliff.write_text(re.sub(r'original="[^"]*"', f'original="{original}"', xliff.read_text()))
    before = {**_digest(project), **_digest(outside)}
    result = run_cli(project, "l10n", "import", xliff.name)
    assert result.returncode == 1 and "is not a record in advisories" in result.stderr
    assert {**_digest(project), **_digest(outside)} == before


@pytest.mark.parametrize(
    "content, words",
    [
        ("<xliff><file", "not well-formed XML"),
        (
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">&a;</xliff>',
            "DOCTYPE",
        ),
        ("<other/>", "not an XLIFF 1.2 file"),
    ],
)
def test_malformed_or_doctype_xml_is_a_message_not_a_traceback(project, content, words):
    (project / "bad.xlf").write_text(content)
    result = run_cli(project, "l10n", "import", "bad.xlf")
    assert result.returncode == 1 and words in result.stderr
    assert "Traceback" not in result.stderr


def test_an_untouched_round_trip_keeps_stale_texts_stale_and_rewrites_nothing(project):
    record = project / RECORD
    record.write_text(
        record.read_text().replace(
            "Un atacante entró en sistemas", "Un atacante entró en los sistemas"
        )
    )
    xliff = _export(project)
    assert 'state="needs-translation"' in xliff.read_text()
    before = _digest(project)
    result = run_cli(project, "l10n", "import", xliff.name)
    assert result.returncode == 0, result.stderr
    assert _digest(project) == before  # neither the record nor the state's dates changed
    check = run_cli(project, "check")
    assert "[stale-translation]" in check.stderr


def test_the_unchanged_sample_round_trip_changes_no_byte(project):
    xliff = _export(project)
    before = _digest(project)
    result = run_cli(project, "l10n", "import", xliff.name)
    assert result.returncode == 0, result.stderr
    assert _digest(project) == before


def test_a_multi_paragraph_translation_comes_back_as_a_block(project):
    record = project / RECORD
    record.write_text(record.read_text().replace("title:\n  es:", "title:\n  es:", 1))
    xliff = _export(project)
    paragraphs = "First paragraph of the answer.\n\nSecond paragraph, after a blank line."
    unit = re.search(r'<trans-unit id="(faq\.0\.answer)"', xliff.read_text()).group(1)
    xliff.write_text(_set_target(xliff.read_text(), unit, paragraphs))
    result = run_cli(project, "l10n", "import", xliff.name)
    assert result.returncode == 0, result.stderr
    text = record.read_text()
    assert "First paragraph of the answer.\n\n" in text and "\\n" not in text
    assert re.search(r"en: [|>]-?\n\s+First paragraph", text)


def test_import_writes_through_a_temporary_file_never_in_place(project, tmp_path):
    """On a nearly full file system the import fails cleanly and leaves the record whole."""
    xliff = _export(project)
    xliff.write_text(_set_target(xliff.read_text(), "title", "A new title " + "x" * 2000))
    size = (project / RECORD).stat().st_size
    with tmpfs(tmp_path / "small", f"size={size + 65536}") as small:
        (small / "advisories").mkdir()
        (small / RECORD).write_bytes((project / RECORD).read_bytes())
        (small / STATE).write_bytes((project / STATE).read_bytes())
        # Fill the disk so a second copy of the record cannot be written.
        try:
            with (small / "filler").open("wb") as stream:
                while True:
                    stream.write(b"\0" * 1024)
                    stream.flush()
        except OSError:
            pass
        before = (small / RECORD).read_bytes()
        for name in ("mkdocs.yml",):
            os.symlink(project / name, small / name)
        for name in ("docs", "locales", "schemas"):
            os.symlink(project / name, small / name)
        (small / xliff.name).unlink(missing_ok=True)
        result = run_cli(small, "l10n", "import", str(xliff))
        assert result.returncode != 0
        assert "Traceback" not in result.stderr and "No space left" in result.stderr
        assert (small / RECORD).read_bytes() == before
        assert not [p for p in (small / "advisories").iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------- the state file


CONFLICTED = """<<<<<<< HEAD
{"format": 1}
=======
{"format": 1, "translations": {}}
>>>>>>> other
"""


@pytest.mark.parametrize(
    "content, line, words",
    [
        (CONFLICTED, 1, "merge conflict"),
        ('{"format": 1,\n "translations": {"en": [}', 2, "not valid JSON"),
        (b"\xff\xfe{}", 1, "not UTF-8"),
        ('{"format": 1, "translations": {"en": {"title": "abc"}}}', 1, "is not {source"),
        ('{"format": 1, "translations": ["en"]}', 1, "no `translations` map"),
    ],
)
def test_a_broken_state_file_is_a_located_error_and_nothing_is_written(
    project, content, line, words
):
    state = project / STATE
    if isinstance(content, bytes):
        state.write_bytes(content)
    else:
        state.write_text(content)
    before = state.read_bytes()
    check = run_cli(project, "check")
    assert check.returncode == 1
    problem = [x for x in check.stderr.splitlines() if "[bad-l10n-state]" in x]
    assert problem and problem[0].startswith(f"{STATE}:{line}:"), check.stderr
    assert words in problem[0]
    done = run_cli(project, "l10n", "done", ID, "--lang", "en", "--field", "title")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert state.read_bytes() == before
    assert run_cli(project, "build").returncode != 0
    assert not (project / "site").exists()


def test_a_symlinked_state_file_is_never_written_through(project, tmp_path):
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text((project / STATE).read_text())
    (project / STATE).unlink()
    os.symlink(elsewhere, project / STATE)
    before = elsewhere.read_bytes()
    done = run_cli(project, "l10n", "done", ID, "--lang", "en")
    assert done.returncode != 0 and "link" in done.stderr
    assert elsewhere.read_bytes() == before
    assert "[bad-l10n-state]" in run_cli(project, "check").stderr


def test_done_keeps_every_other_mark(project):
    marks = json.loads((project / STATE).read_text())["translations"]["en"]
    done = run_cli(project, "l10n", "done", ID, "--lang", "en", "--field", "title")
    assert done.returncode == 0, done.stderr
    after = json.loads((project / STATE).read_text())["translations"]["en"]
    assert set(after) == set(marks) and len(after) > 20


def test_a_translation_that_brings_a_stale_text_up_to_date_imports_under_error_policy(project):
    """With `stale_translations: error`, the stale text the import fixes must not block it:
    the record is checked with the marks the import makes."""
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      regimes:", "      stale_translations: error\n      regimes:"
        )
    )
    record = project / RECORD
    record.write_text(
        record.read_text().replace(
            "Un atacante entró en sistemas", "Un atacante entró en los sistemas"
        )
    )
    assert run_cli(project, "check").returncode == 1  # stale, and stale is an error here
    xliff = _export(project)
    xliff.write_text(_set_target(xliff.read_text(), "summary", "An attacker got into the systems."))
    result = run_cli(project, "l10n", "import", xliff.name)
    assert result.returncode == 0, result.stderr
    assert "[stale-translation]" not in run_cli(project, "check").stderr
