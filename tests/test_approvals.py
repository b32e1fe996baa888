"""Issue 21: nothing goes out that legal has not approved. The real command on a project
copy that sets `require_approval: true`, with real git for the review diffs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOW, ROOT, WITHDRAWAL, make_project, run_cli, sample_text

RECORD = "mixpanel-analytics-2025"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Writer",
    "GIT_AUTHOR_EMAIL": "writer@example.com",
    "GIT_COMMITTER_NAME": "Writer",
    "GIT_COMMITTER_EMAIL": "writer@example.com",
}


def _approval_project(tmp_path: Path, records: dict[str, str] | None = None) -> Path:
    project = make_project(tmp_path, records)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - advisories:\n", "  - advisories:\n      require_approval: true\n", 1),
        encoding="utf-8",
    )
    return project


def _record(project: Path) -> Path:
    return project / "advisories" / f"{RECORD}.yaml"


def _edit(project: Path, old: str, new: str) -> int:
    """Replace the first `old`; the line it is on."""
    text = _record(project).read_text(encoding="utf-8")
    assert old in text, old
    _record(project).write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=project, check=True, capture_output=True, env={**os.environ, **GIT_ENV}
    )


def _approve(project: Path, by: str = "Ana Pérez (Legal)") -> None:
    result = run_cli(project, "approve", RECORD, "--by", by, "--now", NOW)
    assert result.returncode == 0, result.stderr
    assert f"Approved {RECORD} by {by}" in result.stdout


def test_an_unapproved_record_is_not_published_and_an_approved_one_is(tmp_path):
    project = _approval_project(tmp_path)
    refused = run_cli(project, "build", "--now", NOW)
    assert refused.returncode == 1
    assert "[not-approved]" in refused.stderr and f"advisories approve {RECORD}" in refused.stderr
    assert not (project / "site").exists()  # nothing published, not even a partial site
    _approve(project)
    approval = json.loads((project / "advisories" / f"{RECORD}.approval.json").read_text())
    assert approval["approved"]["by"] == "Ana Pérez (Legal)"
    assert approval["approved"]["at"] == NOW
    assert "title" in approval["texts"]["es"] and "published" in approval["facts"]
    # No text is stored: only fingerprints of it.
    assert "Mixpanel" not in json.dumps(approval)
    built = run_cli(project, "build", "--now", NOW)
    assert built.returncode == 0, built.stderr
    assert (project / "site" / "en" / "advisories" / RECORD / "index.html").is_file()


@pytest.mark.parametrize(
    ("old", "new", "field", "key_offset"),
    [
        ("Incidente en Mixpanel", "Incidente grave en Mixpanel", "title.es", 0),
        ("Incident at Mixpanel", "Serious incident at Mixpanel", "title.en", 0),
        ("published: 2025-11-27", "published: 2025-11-28", "published", 0),
        ("status: contained", "status: resolved", "status", 0),
    ],
)
def test_a_change_since_approval_is_refused_naming_the_field(tmp_path, old, new, field, key_offset):
    project = _approval_project(tmp_path)
    _approve(project)
    line = _edit(project, old, new) + key_offset
    checked = run_cli(project, "check", "--now", NOW)
    assert checked.returncode == 1
    refusals = [x for x in checked.stderr.splitlines() if "[changed-since-approval]" in x]
    assert len(refusals) == 1, checked.stderr
    assert f"{RECORD}.yaml:{line}:" in refusals[0] and f"{field}: changed since" in refusals[0]
    assert "Ana Pérez (Legal)" in refusals[0]
    assert run_cli(project, "build", "--now", NOW).returncode == 1
    assert not (project / "site").exists()
    _approve(project, "Luis (Legal)")
    assert run_cli(project, "build", "--now", NOW).returncode == 0


def test_the_refusal_and_the_review_speak_the_writers_language(tmp_path):
    project = _approval_project(tmp_path)
    _git(project, "init", "-q")
    _approve(project)
    _edit(project, "Incidente en Mixpanel", "Incidente grave en Mixpanel")
    spanish = {"LANG": "es_ES.UTF-8", "LANGUAGE": ""}
    checked = run_cli(project, "check", "--now", NOW, env=spanish)
    assert (
        "title.es: cambió después de la aprobación de Ana Pérez (Legal) del "
        "2026-01-15T12:00:00+00:00" in checked.stderr
    )
    review = run_cli(project, "diff", RECORD, "--html", "revision.html", env=spanish)
    assert review.returncode == 0, review.stderr
    assert "Desde la aprobación de Ana Pérez (Legal)" in review.stdout
    page = (project / "revision.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in page and "Cambios en mixpanel-analytics-2025" in page


def test_rewrapping_a_paragraph_needs_no_new_approval_but_a_new_paragraph_does(tmp_path):
    project = _approval_project(tmp_path)
    _approve(project)
    text = _record(project).read_text(encoding="utf-8")
    assert "logrado acceder sin" in text
    _record(project).write_text(text.replace("logrado acceder sin", "logrado acceder\n    sin", 1))
    assert run_cli(project, "check", "--now", NOW).returncode == 0
    _record(project).write_text(
        text.replace("logrado acceder sin", "logrado acceder\n\n    sin", 1)
    )
    assert "[changed-since-approval]" in run_cli(project, "check", "--now", NOW).stderr


def test_a_draft_may_wait_for_approval_and_a_broken_approval_file_is_an_error(tmp_path):
    draft = sample_text().replace("severity: medium\n", "severity: medium\ndraft: true\n")
    project = _approval_project(tmp_path, {f"{RECORD}.yaml": draft})
    assert run_cli(project, "check", "--now", NOW).returncode == 0
    approval = project / "advisories" / f"{RECORD}.approval.json"
    approval.write_text('{"approved": {"by": "x"},\n "texts": [}\n')
    checked = run_cli(project, "check", "--now", NOW)
    assert checked.returncode == 1
    assert f"{RECORD}.approval.json:2:" in checked.stderr and "[bad-approval]" in checked.stderr
    _approve(project)  # approving again replaces the broken file
    assert run_cli(project, "check", "--now", NOW).returncode == 0


def test_approve_refuses_a_record_with_errors_and_a_name_on_two_lines(tmp_path):
    project = _approval_project(tmp_path)
    _edit(project, "severity: medium", "severity: mediun")  # the record does not parse
    unreadable = run_cli(project, "approve", RECORD, "--by", "Ana", "--now", NOW)
    assert unreadable.returncode == 2 and "[bad-choice]" in unreadable.stderr
    _edit(project, "severity: mediun", "severity: medium\n" + WITHDRAWAL.replace("12-10", "11-01"))
    refused = run_cli(project, "approve", RECORD, "--by", "Ana", "--now", NOW)
    assert refused.returncode == 1 and "fix them first" in refused.stderr
    assert "[before-published]" in refused.stderr
    assert not (project / "advisories" / f"{RECORD}.approval.json").exists()
    _record(project).write_text(sample_text(), encoding="utf-8")
    forged = run_cli(project, "approve", RECORD, "--by", "Ana\nApproved by: CEO", "--now", NOW)
    assert forged.returncode == 2 and "--by" in forged.stderr
    assert not (project / "advisories" / f"{RECORD}.approval.json").exists()


def test_approve_twice_without_changes_keeps_the_first_approval(tmp_path):
    project = _approval_project(tmp_path)
    _approve(project, "Ana")
    path = project / "advisories" / f"{RECORD}.approval.json"
    first = path.read_bytes()
    again = run_cli(project, "approve", RECORD, "--by", "Luis", "--now", "2026-02-01T09:00:00Z")
    assert again.returncode == 0 and "already approved (by Ana" in again.stdout
    assert path.read_bytes() == first


def test_diff_since_approval_shows_the_changed_word_in_the_terminal_and_as_html(tmp_path):
    project = _approval_project(tmp_path)
    _git(project, "init", "-q")
    _approve(project)  # before the record is committed: git keeps the approved bytes
    _edit(project, "Incidente en Mixpanel", "Incidente <b>grave</b> en Mixpanel")
    _edit(project, "status: contained", "status: resolved")
    result = run_cli(project, "diff", RECORD, "--since-approval", "--html", "review.html")
    assert result.returncode == 0, result.stderr
    assert "Since the approval by Ana Pérez (Legal)" in result.stdout
    assert "title [es]" in result.stdout
    assert re.search(r"Incidente ?\{\+ ?<b>grave</b> ?\+\} ?en Mixpanel", result.stdout)
    assert "[-contained-] → {+resolved+}" in result.stdout
    assert "title [en]" not in result.stdout  # the English title did not change
    page = (project / "review.html").read_text(encoding="utf-8")
    assert re.search(r"<ins> ?&lt;b&gt;grave&lt;/b&gt; ?</ins>", page) and "<b>grave" not in page
    assert "<del>contained</del>" in page and '<html lang="en">' in page


def test_diff_since_a_git_ref_and_without_the_approved_version(tmp_path):
    project = _approval_project(tmp_path)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "sample")
    _edit(project, "Incident at Mixpanel", "Incident at the vendor Mixpanel")
    result = run_cli(project, "diff", RECORD, "--since", "main")
    assert result.returncode == 0, result.stderr
    assert re.search(r"Incident at ?\{\+ ?the vendor ?\+\} ?Mixpanel", result.stdout)
    bad_ref = run_cli(project, "diff", RECORD, "--since=--output=/tmp/x")
    assert bad_ref.returncode == 2 and "not a git commit" in bad_ref.stderr
    no_approval = run_cli(project, "diff", RECORD)
    assert no_approval.returncode == 2 and "--since main" in no_approval.stderr


def test_diff_finds_the_approved_version_in_history_when_its_bytes_differ(tmp_path):
    """Approved, then a comment added before the commit: the committed version still
    matches the approval's fingerprints, so it is the one shown."""
    project = _approval_project(tmp_path)
    _approve(project)
    _edit(project, "severity: medium\n", "severity: medium  # checked with legal\n")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "approved")
    _edit(project, "Incident at Mixpanel", "Incident at the vendor Mixpanel")
    result = run_cli(project, "diff", RECORD)
    assert result.returncode == 0, result.stderr
    assert re.search(r"\{\+ ?the vendor ?\+\}", result.stdout)


@pytest.mark.slow
def test_pre_commit_runs_the_hook_on_a_records_repository(tmp_path):
    """`pre-commit try-repo` installs this repository's hook as a user's would, from git."""
    pre_commit = shutil.which("pre-commit") or shutil.which(
        "pre-commit", path=str(Path(sys.executable).parent)
    )
    assert pre_commit, "pre-commit is installed with .[test]"
    (tmp_path / "records").mkdir()
    project = make_project(tmp_path / "records")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "records")
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [pre_commit, "try-repo", str(ROOT), "advisories-check", "--all-files"],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )

    passed = hook()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"advisories check\.+Passed", passed.stdout), passed.stdout
    _edit(project, "severity: medium", "severity: mediun")
    _git(project, "add", "-A")
    failed = hook()
    assert failed.returncode == 1
    assert f"advisories/{RECORD}.yaml:7:11: error:" in failed.stdout, failed.stdout
