"""Issue 11: both languages say the same, current thing. Translation state per text,
stale warnings in the writer's language, the page notice, XLIFF exchange, clearer
messages about dates and zones, and a preview that reloads under its CSP."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import NOW, build, make_project, run_cli, sample_text

ID = "mixpanel-analytics-2025"
RECORD = f"advisories/{ID}.yaml"
SPANISH_EDIT = (
    "Un atacante entró en sistemas de Mixpanel",
    "Un atacante entró en los sistemas de Mixpanel",
)


@pytest.fixture
def tracked(tmp_path) -> Path:
    """The sample with its English translation marked current, then the Spanish summary
    edited, as a Spanish writer would."""
    project = make_project(tmp_path)
    done = run_cli(project, "l10n", "done", ID, "--lang", "en")
    assert done.returncode == 0, done.stderr
    record = project / RECORD
    record.write_text(record.read_text().replace(*SPANISH_EDIT))
    return project


def test_the_state_file_is_small_sorted_and_has_no_text(tmp_path):
    project = make_project(tmp_path)
    run_cli(project, "l10n", "done", ID, "--lang", "en")
    state = project / "advisories" / f"{ID}.l10n.json"
    data = json.loads(state.read_text())
    assert data["format"] == 1 and data["source_lang"] == "es"
    marks = data["translations"]["en"]
    assert list(marks) == sorted(marks) and "summary" in marks and "timeline.0.text" in marks
    assert set(marks["summary"]) == {"source", "target", "date"}
    assert re.fullmatch(r"[0-9a-f]{12}", marks["summary"]["source"])
    assert "Mixpanel" not in state.read_text()
    assert state.stat().st_size < 8000


def test_a_spanish_edit_makes_the_english_stale_in_check_in_spanish(tracked):
    result = run_cli(tracked, "check", env={"LANG": "es_ES.UTF-8", "LANGUAGE": ""})
    assert result.returncode == 0
    lines = [line for line in result.stderr.splitlines() if "[stale-translation]" in line]
    assert len(lines) == 1
    line = (tracked / RECORD).read_text().splitlines().index("  en: >-", 15) + 1
    assert lines[0].startswith(f"{RECORD}:{line}:")
    assert "en summary: el original en es cambió después de hacer esta traducción" in lines[0]
    assert "registro(s) revisado(s)" in result.stdout
    english = run_cli(tracked, "check", env={"LANG": "en_US.UTF-8", "LANGUAGE": ""})
    assert "the es original changed after this translation was made" in english.stderr
    assert run_cli(tracked, "check", "--strict").returncode == 1


def test_status_lists_each_text_and_done_makes_it_current(tracked):
    status = run_cli(tracked, "l10n", "status", ID).stdout
    assert re.search(r"en summary\s+stale \(\d{4}-\d\d-\d\d\)", status)
    assert re.search(r"en title\s+current", status)
    run_cli(tracked, "l10n", "done", ID, "--lang", "en", "--field", "summary")
    assert "[stale-translation]" not in run_cli(tracked, "check").stderr


def test_the_english_page_says_its_section_may_be_out_of_date(tracked):
    site = build(tracked)
    en = (site / "en" / "advisories" / ID / "index.html").read_text()
    notes = re.findall(r'<p class="adv-stale" role="note">(.*?)</p>', en)
    assert len(notes) == 1
    assert "The Spanish original of this section has changed" in notes[0]
    assert f'href="../../../es/advisories/{ID}/#summary" hreflang="es"' in notes[0]
    es = (site / "es" / "advisories" / ID / "index.html").read_text()
    assert 'class="adv-stale"' not in es.split("</style>", 1)[1]


def test_a_site_can_make_stale_translations_block_publication(tracked):
    config = tracked / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - advisories:\n", "  - advisories:\n      stale_translations: error\n"
        )
    )
    result = run_cli(tracked, "build", "--now", NOW)
    assert result.returncode == 1 and "[stale-translation]" in result.stderr


def test_moving_entries_does_not_make_translations_stale(tmp_path):
    project = make_project(tmp_path)
    run_cli(project, "l10n", "done", ID, "--lang", "en")
    record = project / RECORD
    text = record.read_text()
    new_entry = (
        "timeline:\n  - date: 2025-11-08\n    text:\n"
        '      es: "Un día antes."\n      en: "A day before."\n'
    )
    record.write_text(text.replace("timeline:\n", new_entry, 1))
    status = run_cli(project, "l10n", "status", ID).stdout
    assert re.search(r"en timeline\.0\.text\s+new", status)
    assert re.search(r"en timeline\.1\.text\s+current", status)  # the old first entry


def test_draft_previews_mark_missing_translations(tmp_path):
    text = sample_text().replace("severity: medium\n", "severity: medium\ndraft: true\n")
    text = text.replace(
        '  en: "Incident at Mixpanel, the API platform\'s analytics vendor"', '  en: ""'
    )
    project = make_project(tmp_path, {f"{ID}.yaml": text})
    from conftest import FIXED_NOW, sample_advisory, sample_settings

    from generator.site.i18n import translations
    from generator.site.localize import localize

    view = localize(
        sample_advisory(text), "en", translations(sample_settings().locales_dir, "en"), FIXED_NOW
    )
    assert view.title == "[translation missing]"
    spanish = localize(
        sample_advisory(text), "es", translations(sample_settings().locales_dir, "es"), FIXED_NOW
    )
    assert spanish.title.startswith("Incidente en Mixpanel")
    assert project.exists()


# ----------------------------------------------------------------------------- XLIFF


def _xliff_units(data: bytes):
    from translate.storage import xliff

    store = xliff.xlifffile(data)
    return {u.getid().split("\x04")[-1]: u for u in store.units if u.getid()}


def test_export_is_xliff_that_translate_toolkit_reads(tracked):
    result = run_cli(tracked, "l10n", "export", "--lang", "en", "-o", "en.xlf")
    assert result.returncode == 0, result.stderr
    data = (tracked / "en.xlf").read_bytes()
    units = _xliff_units(data)
    assert units["summary"].source.startswith("Un atacante entró en los sistemas")
    assert units["summary"].target.startswith("An attacker got into systems")
    states = dict(
        re.findall(rb'<trans-unit id="([^"]+)"[^>]*>.*?<target state="([^"]+)"', data, re.S)
    )
    assert states[b"summary"] == b"needs-translation" and states[b"title"] == b"translated"


def test_an_edited_export_imports_back_keeping_comments_and_marks_current(tracked):
    from translate.storage import xliff

    run_cli(tracked, "l10n", "export", "--lang", "en", "-o", "en.xlf")
    store = xliff.xlifffile((tracked / "en.xlf").read_bytes())
    for unit in store.units:
        if unit.getid().split("\x04")[-1] == "summary":
            unit.target = "An attacker got into the systems of Mixpanel and took profile data."
    (tracked / "en.xlf").write_bytes(bytes(store))
    before = (tracked / RECORD).read_text()
    result = run_cli(tracked, "l10n", "import", "en.xlf")
    assert result.returncode == 0, result.stderr
    after = (tracked / RECORD).read_text()
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(c in after.splitlines() for c in comments)
    assert "An attacker got into the systems of Mixpanel and took profile data." in after
    changed = [b for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]
    assert len(before.splitlines()) - len(after.splitlines()) == 3  # the folded summary shrank
    assert all("An attacker" in line or "summary" not in line for line in changed[:1])
    assert "[stale-translation]" not in run_cli(tracked, "check").stderr


def test_a_stale_export_is_refused_and_nothing_is_written(tracked):
    run_cli(tracked, "l10n", "export", "--lang", "en", "-o", "en.xlf")
    record = tracked / RECORD
    record.write_text(
        record.read_text().replace("los sistemas de Mixpanel", "los servidores de Mixpanel")
    )
    before = record.read_text()
    result = run_cli(tracked, "l10n", "import", "en.xlf")
    assert result.returncode == 1 and "stale export" in result.stderr
    assert record.read_text() == before


def test_a_record_that_cannot_be_read_is_never_touched(tracked):
    run_cli(tracked, "l10n", "export", "--lang", "en", "-o", "en.xlf")
    record = tracked / RECORD
    broken = record.read_text().replace("status: contained", "status: [unclosed")
    record.write_text(broken)
    assert run_cli(tracked, "l10n", "import", "en.xlf").returncode == 1
    assert record.read_text() == broken


# ------------------------------------------------------------------ messages that teach


@pytest.mark.parametrize(
    ("line", "code", "words"),
    [
        ('embargo: "2026-11-27T09:00 Europe/Madrid"', None, None),
        ('embargo: "2026-11-27 09:00 Europe/Madird"', "bad-date", "`Europe/Madrid`"),
        ("embargo: 2026-11-27T09:00:00", "naive-time", "Europe/Madrid"),
    ],
)
def test_embargo_times_take_iana_zone_names(tmp_path, line, code, words):
    text = sample_text().replace("severity: medium\n", f"severity: medium\n{line}\n")
    text = text.replace("published: 2025-11-27", "published: 2026-11-27")
    project = make_project(tmp_path, {f"{ID}.yaml": text})
    result = run_cli(project, "check", "--now", "2026-01-01T00:00:00+00:00")
    if code is None:
        assert result.returncode == 0, result.stderr
        assert "[published-before-embargo]" not in result.stderr
    else:
        assert f"[{code}]" in result.stderr and words in result.stderr


def test_a_site_timezone_applies_to_times_without_offset_and_says_so(tmp_path):
    text = sample_text().replace(
        "severity: medium\n", "severity: medium\nembargo: 2026-11-27T09:00:00\n"
    )
    text = text.replace("published: 2025-11-27", "published: 2026-11-27")
    project = make_project(tmp_path, {f"{ID}.yaml": text})
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - advisories:\n", "  - advisories:\n      timezone: Europe/Madrid\n"
        )
    )
    result = run_cli(project, "check", "--now", "2026-01-01T00:00:00+00:00")
    assert result.returncode == 0
    assert "Europe/Madrid was applied: 2026-11-27T09:00:00+01:00" in result.stderr
    assert "[zone-applied]" in result.stderr


def test_published_before_the_embargo_lifts_is_flagged(tmp_path):
    text = sample_text().replace(
        "severity: medium\n", "severity: medium\nembargo: 2026-11-27T09:00:00+01:00\n"
    )
    project = make_project(
        tmp_path, {f"{ID}.yaml": text.replace("published: 2025-11-27", "published: 2026-11-26")}
    )
    result = run_cli(project, "check", "--now", "2026-01-01T00:00:00+00:00")
    assert (
        "[published-before-embargo]" in result.stderr and "`published: 2026-11-27`" in result.stderr
    )


@pytest.mark.parametrize(
    ("old", "new", "code", "words"),
    [
        (
            "published: 2025-11-27",
            'published: "2025-11-31"',
            "bad-date",
            "2025-11 has 30 days, so day 31 does not exist",
        ),
        ("  - email-addresses\n", "  - phone\n", "unknown-data-class", "`phone-numbers`"),
        ("  - email-addresses\n", "  - email\n", "unknown-data-class", "`email-addresses`"),
        ("status: contained\n", "status: contained\n\tfoo: 1\n", "yaml-syntax", "tab"),
    ],
)
def test_messages_that_teach(tmp_path, old, new, code, words):
    text = sample_text()
    assert old in text
    project = make_project(tmp_path, {f"{ID}.yaml": text.replace(old, new, 1)})
    result = run_cli(project, "check")
    assert result.returncode == 1 and f"[{code}]" in result.stderr and words in result.stderr


def test_the_preview_allows_live_reload_and_published_pages_do_not(tmp_path, sample_site):
    from generator.site.harden import content_security_policy

    assert "'unsafe-inline'" in content_security_policy([], preview=True).split("style-src")[0]
    page = (sample_site / "en" / "index.html").read_text()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert "'unsafe-inline'" not in csp.split("style-src")[0]


def test_check_speaks_the_writers_language(tmp_path):
    text = (
        sample_text()
        .replace("summary:\n", "sumary:\n", 1)
        .replace("  - email-addresses\n", "  - email\n")
    )
    project = make_project(tmp_path, {f"{ID}.yaml": text})
    spanish = run_cli(project, "check", env={"LANG": "es_ES.UTF-8", "LANGUAGE": ""})
    assert "sumary: campo desconocido; ¿quisiste decir `summary`?" in spanish.stderr
    assert "clase de datos desconocida `email`; ¿quisiste decir `email-addresses`" in spanish.stderr
    assert "registro(s) revisado(s)" in spanish.stdout
    english = run_cli(project, "check", env={"LANG": "C", "LANGUAGE": ""})
    assert "sumary: unknown field; did you mean `summary`?" in english.stderr


def test_new_writes_its_comments_in_the_writers_language(tmp_path):
    project = make_project(tmp_path, {})
    run_cli(project, "new", "vendor-breach-2026", env={"LANG": "es_ES.UTF-8", "LANGUAGE": ""})
    text = (project / "advisories" / "vendor-breach-2026.yaml").read_text()
    assert "# Aviso nuevo. Rellena cada texto en cada idioma (es, en)" in text
    assert "Guía: docs/es/writers-guide.md" in text and "# Titular breve." in text
    run_cli(project, "new", "vendor-breach-2027", env={"LANG": "en_GB.UTF-8", "LANGUAGE": ""})
    english = (project / "advisories" / "vendor-breach-2027.yaml").read_text()
    assert "Guide: docs/en/writers-guide.md" in english and "# Short headline." in english
