"""Issue 19 (item 8): `check` output per problem code, in English and Spanish, compared
with golden files (as Go vulndb's lint tests do). A reworded message shows up as a diff a
reviewer reads in both languages; `ADVISORIES_UPDATE_GOLDEN=1` rewrites the files.

Each case is the sample record with one change that makes exactly that problem."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import NOW, make_project, sample_text

from generator.records.diagnostics import CODES

GOLDEN = Path(__file__).parent / "golden"
ID = "mixpanel-analytics-2025"
UPDATE = os.environ.get("ADVISORIES_UPDATE_GOLDEN") == "1"

# code -> (text to find in the sample, what to put instead); None for whole-file cases.
EDITS: dict[str, tuple[str, str]] = {
    "yaml-syntax": ("severity: medium\n", "severity: [medium\n"),
    "duplicate-key": ("severity: medium\n", "severity: medium\nseverity: high\n"),
    "forbidden-tag": ("severity: medium\n", "severity: !!python/name:os.system medium\n"),
    "unreadable-value": ("published: 2025-11-27", "published: 2025-02-30"),
    "not-a-map": ("occurred:\n", "occurred: soon\nunused:\n"),
    "unknown-field": ("severity: medium\n", "severity: medium\nseverty: high\n"),
    "missing-field": ("severity: medium\n", ""),
    "empty-value": ("severity: medium\n", "severity:\n"),
    "wrong-type": ("  law_enforcement: false", "  law_enforcement: maybe"),
    "missing-translation": (
        '  en: "Incident at Mixpanel, the API platform\'s analytics vendor"\n',
        "",
    ),
    "unknown-language": (
        '  en: "Incident at Mixpanel, the API platform\'s analytics vendor"\n',
        '  en: "Incident at Mixpanel, the API platform\'s analytics vendor"\n  fr: "Incident"\n',
    ),
    "empty-text": (
        '  en: "Incident at Mixpanel, the API platform\'s analytics vendor"',
        '  en: ""',
    ),
    "bad-character": ("Incident at Mixpanel, the API", "Incident at Mixpanel,\\u0007 the API"),
    "bad-choice": ("status: contained", "status: contaned"),
    "bad-id": (f"id: {ID}", "id: Mixpanel_2025"),
    "id-mismatch": (f"id: {ID}", "id: another-id-2025"),
    "bad-date": ("published: 2025-11-27", "published: 27/11/2025"),
    "date-out-of-range": ("published: 2025-11-27", "published: 1900-11-27"),
    "date-not-time": ("severity: medium\n", "severity: medium\nembargo: 2025-11-27\n"),
    "naive-time": ("severity: medium\n", "severity: medium\nembargo: 2025-11-27T09:00:00\n"),
    "published-before-embargo": (
        "severity: medium\n",
        "severity: medium\nembargo: 2025-11-28T09:00:00+01:00\n",
    ),
    "bad-url": ("url: https://openai.com/index/", "url: ftp://openai.com/index/"),
    "insecure-url": ("url: https://openai.com/index/", "url: http://openai.com/index/"),
    "unknown-data-class": ("  - referrer-urls\n", "  - referer-url\n"),
    "too-few-items": (None, None),  # whole-record case below
    "discovered-missing": ("discovered: 2025-11-25T18:00:00-08:00\n", ""),
    "deadline-passed": (
        '  authority:\n    - at: 2025-11-27T09:00:00+01:00\n      reference: "SAMPLE-2025-0001"\n',
        "",
    ),
    "notified-late": ("at: 2025-11-27T09:00:00+01:00", "at: 2025-12-05T09:00:00+01:00"),
    "posting-too-short": (
        "severity: medium\n",
        "severity: medium\nwithdrawn:\n  date: 2025-12-10\n  reason:\n"
        '    es: "Lo sustituye otro aviso."\n    en: "Another advisory replaces it."\n',
    ),
    "hard-to-read": (
        "    Quitamos Mixpanel de todos nuestros servicios en producción.",
        "    La implementación de mecanismos criptográficos complementarios, conjuntamente"
        " con procedimientos administrativos extraordinariamente pormenorizados, posibilitará"
        " la consecución progresiva de objetivos institucionales interdepartamentales.",
    ),
    "out-of-order": ("  - date: 2025-11-09\n", "  - date: 2025-11-26\n"),
    "updated-before-published": ("severity: medium\n", "severity: medium\nupdated: 2025-11-20\n"),
    "before-published": (
        "updates: []",
        'updates:\n  - date: 2025-11-20\n    text:\n      es: "Antes."\n      en: "Before."',
    ),
    "embargo-passed": ("severity: medium\n", "severity: medium\nembargo: 2025-11-26T09:00:00Z\n"),
    "same-as-source": (
        '  en: "Incident at Mixpanel, the API platform\'s analytics vendor"',
        '  en: "Incidente en Mixpanel, proveedor de analítica de la plataforma de API"',
    ),
    "regime-element-missing": ("delay:\n  law_enforcement: false\n", ""),
    "downplays-risk": (
        "solos para entrar en tu cuenta.",
        "solos para entrar en tu cuenta: no corres riesgo.",
    ),
    "long-sentence": (
        "own to get into your account.",
        "own to get into your account" + " and more" * 20 + ".",
    ),
    "fact-mismatch": (
        '"Mixpanel detects the unauthorized access',
        '"On 10 November, Mixpanel detects the unauthorized access',
    ),
    "contact-domain-mismatch": (
        "severity: medium\n",
        "severity: medium\ncontact_point:\n  name:\n    es: DPD\n    en: DPO\n"
        "  email: dpo@elsewhere.example\n",
    ),
    "future-update": (
        "updates: []",
        'updates:\n  - date: 2026-02-01\n    text:\n      es: "Después."\n      en: "Later."',
    ),
    "sms-too-long": (
        '  es: "Aviso de seguridad: incidente en Mixpanel con datos de tu cuenta de API."',
        '  es: "' + "Atención: un proveedor sufrió un acceso indebido a información " * 3 + '"',
    ),
}
# Problems about files rather than one record's content.
FILE_CASES = {
    "not-utf8": b"id: x\ntitle: \xff\n",
    "empty-file": b"# nothing here\n",
    "file-too-large": b"# " + b"x" * (1024 * 1024 + 10) + b"\n",
    "too-deep": b"a:" + b" [" * 40 + b"]" * 40 + b"\n",
    "alias-limit": (
        b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        b"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        b"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    ),
}
# Codes that need more than one record file or a state file; covered where named.
ELSEWHERE = {
    "duplicate-id": "tests/records/test_validate.py",
    "not-a-file": "tests/test_hostile.py",
    "unreadable-file": "tests/test_hostile.py (skipped as root)",
    "stale-translation": "tests/test_translations.py",
    "bad-l10n-state": "tests/records/test_importing.py",
    "zone-applied": "tests/test_translations.py",
    "not-approved": "tests/test_approvals.py",
    "changed-since-approval": "tests/test_approvals.py (English and Spanish)",
    "bad-approval": "tests/test_approvals.py",
    "deadline-near": "tests/records/test_deadlines.py (it depends on the hour)",
}


def _project_for(code: str, tmp_path: Path) -> tuple[Path, str]:
    if code in FILE_CASES:
        project = make_project(tmp_path, {})
        (project / "advisories" / "broken.yaml").write_bytes(FILE_CASES[code])
        return project, "advisories/broken.yaml"
    text = sample_text()
    if code == "too-few-items":
        start = text.index("recommendations:\n")
        end = text.index("\nfaq:", start)
        text = text[:start] + "recommendations: []" + text[end:]
    else:
        old, new = EDITS[code]
        assert old in text, (code, old)
        text = text.replace(old, new, 1)
        if code == "bad-character":
            text = text.replace("\\u0007", "\u0007")
    return make_project(tmp_path, {f"{ID}.yaml": text}), f"advisories/{ID}.yaml"


def _check(project: Path, lang: str, monkeypatch, capsys) -> str:
    from generator.cli import main

    monkeypatch.chdir(project)
    monkeypatch.setenv("LANG", {"es": "es_ES.UTF-8", "en": "en_US.UTF-8"}[lang])
    monkeypatch.setenv("LANGUAGE", "")
    capsys.readouterr()
    main(["check", "--now", NOW])
    return capsys.readouterr().err


CASES = sorted(set(EDITS) | set(FILE_CASES))


@pytest.fixture(autouse=True)
def english_afterwards():
    """`main` installs the writer's catalog for the process: put English back."""
    import gettext

    from generator.records.messages import install

    yield
    install(gettext.NullTranslations())


def test_every_code_has_a_golden_case_or_a_named_test():
    assert set(CASES) | set(ELSEWHERE) == set(CODES)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("code", CASES)
def test_check_output_matches_the_golden_file(code, lang, tmp_path, monkeypatch, capsys):
    project, _ = _project_for(code, tmp_path)
    output = _check(project, lang, monkeypatch, capsys)
    lines = [line for line in output.splitlines() if line.endswith(f"[{code}]")]
    assert lines, f"{code} was not reported:\n{output}"
    golden = GOLDEN / f"{code}.{lang}.txt"
    text = "\n".join(lines) + "\n"
    if UPDATE or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"wrote the missing golden file {golden.name}; review and commit it")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("code", CASES)
def test_the_spanish_message_is_spanish(code):
    """The Spanish golden line differs from the English one beyond codes and names."""
    english = (GOLDEN / f"{code}.en.txt").read_text(encoding="utf-8")
    spanish = (GOLDEN / f"{code}.es.txt").read_text(encoding="utf-8")
    assert english != spanish
    assert ": aviso: " in spanish or ": error: " in spanish
    assert not re.search(r": (warning): ", spanish)


def test_spanish_checklist_columns_line_up(tmp_path, monkeypatch, capsys):
    from generator.cli import main

    project = make_project(tmp_path)
    monkeypatch.chdir(project)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    monkeypatch.setenv("LANGUAGE", "")
    main(["check", "--now", NOW, "--regimes"])
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("  ok ")]
    assert len(rows) > 10
    starts = {line.index(word) for line in rows for word in line.split()[2:3]}
    assert len(starts) == 1  # the article column starts at one place in every row
    assert "Lista de comprobación" in out and "guía de la AEPD" in out
    assert "falta consecuencias" not in out
