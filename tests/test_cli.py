"""The `advisories` command as writers use it: new, check, classes, serve."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml
from conftest import ROOT, make_project, run_cli, sample_text

NOW = "2026-01-15T12:00:00+00:00"


def test_new_writes_a_complete_commented_draft(tmp_path):
    project = make_project(tmp_path, {})
    result = run_cli(project, "new", "vendor-breach-2026", "--now", NOW)
    assert result.returncode == 0, result.stderr
    path = project / "advisories" / "vendor-breach-2026.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../schemas/advisory.schema.json")
    data = yaml.safe_load(text)
    assert data["draft"] is True and str(data["published"]) == "2026-01-15"
    assert data["title"] == {"es": "", "en": ""}
    from generator.records.advisory import RECORD

    for name in RECORD.fields:  # every field is present, commented out or not
        assert f"{name}:" in text, name
    check = run_cli(project, "check", "--now", NOW)
    assert check.returncode == 0, check.stderr  # a draft with empty texts only warns
    assert "vendor-breach-2026: es: 11 missing" in check.stdout
    strict = run_cli(project, "check", "--strict", "--now", NOW)
    assert strict.returncode == 1


def test_new_refuses_an_existing_id_or_a_bad_slug(tmp_path):
    project = make_project(tmp_path)
    before = (project / "advisories" / "mixpanel-analytics-2025.yaml").read_text()
    taken = run_cli(project, "new", "mixpanel-analytics-2025")
    assert taken.returncode == 2 and "already exists" in taken.stderr
    assert (project / "advisories" / "mixpanel-analytics-2025.yaml").read_text() == before
    bad = run_cli(project, "new", "Bad_Id")
    assert bad.returncode == 2 and "lowercase letters" in bad.stderr


def test_check_reports_every_problem_with_position_and_exits_non_zero(tmp_path):
    broken = (
        sample_text()
        .replace("status: contained", "status: contaned")
        .replace("  - referrer-urls\n", "  - referers\n")
    )
    project = make_project(tmp_path, {"mixpanel-analytics-2025.yaml": broken})
    result = run_cli(project, "check", "--now", NOW)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert lines[0].startswith("advisories/mixpanel-analytics-2025.yaml:6:9: error: status:")
    assert "did you mean `referrer-urls`?" in lines[1]
    assert "0 record(s)" not in result.stdout and "2 error(s)" in result.stdout


def test_check_strict_turns_warnings_into_errors(tmp_path):
    warned = sample_text().replace("https://openai.com", "http://openai.com")
    project = make_project(tmp_path, {"mixpanel-analytics-2025.yaml": warned})
    assert run_cli(project, "check", "--now", NOW).returncode == 0
    strict = run_cli(project, "check", "--strict", "--now", NOW)
    assert strict.returncode == 1 and ": error: references[0].url" in strict.stderr


def test_check_a_single_file_and_the_translation_report(tmp_path):
    project = make_project(tmp_path)
    result = run_cli(project, "check", "advisories/mixpanel-analytics-2025.yaml")
    assert result.returncode == 0
    assert "mixpanel-analytics-2025: es complete; en complete" in result.stdout


def test_classes_lists_the_vocabulary_with_tiers(tmp_path):
    result = run_cli(ROOT, "classes")
    ids = [line.split()[0] for line in result.stdout.splitlines() if line.startswith("  ")]
    assert 30 <= len(ids) <= 40 and "email-addresses" in ids and "api-keys" in ids
    assert "Highly sensitive]" in result.stdout and "Muy sensibles" in result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, ""
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def _wait(url: str, predicate, seconds: float = 90) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, body = _get(url)
        if predicate(status, body):
            return body
        time.sleep(0.3)
    raise AssertionError(f"{url} never matched")


def _serve(project: Path, *args: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    (project / "tmp").mkdir(exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(project / "tmp")}
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVE_WITH_STACK_DUMPS, "serve", "-a", f"127.0.0.1:{port}", *args],
        cwd=project,
        env=env,
        stdout=(project / "serve.log").open("w"),
        stderr=subprocess.STDOUT,
        # A shell that starts the test run in the background passes SIGINT on as ignored,
        # and Python then never turns Ctrl+C into KeyboardInterrupt: give the preview the
        # terminal's default, as a writer's shell does.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    return proc, f"http://127.0.0.1:{port}"


# `advisories` itself, plus a handler that prints every thread's stack on SIGUSR1: if
# the preview ever fails to stop, the failure shows where it was stuck.
_SERVE_WITH_STACK_DUMPS = (
    "import faulthandler, signal, sys\n"
    "faulthandler.register(signal.SIGUSR1, all_threads=True)\n"
    "from generator.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def stop_with_ctrl_c(proc: subprocess.Popen, project: Path) -> None:
    """Stop the preview as a writer does; it must exit, and if it does not, say where
    it hung rather than leave it running."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGUSR1)
        time.sleep(1)
        proc.kill()
        proc.wait()
        log = (project / "serve.log").read_text(errors="replace")
        raise AssertionError(f"serve did not stop on Ctrl+C:\n{log[-6000:]}") from None


def _draft_record(title: str) -> str:
    return (
        sample_text()
        .replace("mixpanel-analytics-2025", "draft-one")
        .replace("Incident at Mixpanel", title)
        .replace("severity: medium\n", "severity: medium\ndraft: true\n")
    )


def test_serve_previews_drafts_with_a_banner_and_reloads_on_edit(tmp_path):
    project = make_project(tmp_path, {"draft-one.yaml": _draft_record("Preview title")})
    proc, url = _serve(project, "--drafts")
    try:
        page = f"{url}/en/advisories/draft-one/"
        body = _wait(page, lambda s, b: s == 200)
        assert "Preview title" in body and "DRAFT" in body
        record = project / "advisories" / "draft-one.yaml"
        record.write_text(_draft_record("Edited title"))
        _wait(page, lambda s, b: "Edited title" in b, 60)
        log = (project / "serve.log").read_text()
        assert f"Preview at {url}/" in log
        assert [p.name for p in (project / "tmp").iterdir() if "preview" in p.name]
    finally:
        stop_with_ctrl_c(proc, project)
    # The plugin's on_shutdown removed its preview folder.
    assert [p.name for p in (project / "tmp").iterdir() if "preview" in p.name] == []


def test_a_preview_stopped_by_sigterm_cleans_up_as_after_ctrl_c(tmp_path):
    project = make_project(tmp_path, {"mixpanel-analytics-2025.yaml": sample_text()})
    proc, url = _serve(project)
    try:
        _wait(f"{url}/en/advisories/mixpanel-analytics-2025/", lambda s, b: s == 200)
        made = [p.name for p in (project / "tmp").iterdir()]
        assert any("preview" in name for name in made), made
        assert any(name.startswith("mkdocs_") for name in made), made
    finally:
        proc.terminate()  # what `docker stop`, systemd or `kill` send
        try:
            status = proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert status == 0, (project / "serve.log").read_text()[-3000:]
    # Its temporary site and page folders are gone, as after Ctrl+C.
    assert list((project / "tmp").iterdir()) == []


def test_serve_without_drafts_flag_hides_drafts(tmp_path):
    project = make_project(
        tmp_path,
        {
            "draft-one.yaml": _draft_record("Hidden title"),
            "mixpanel-analytics-2025.yaml": sample_text(),
        },
    )
    proc, url = _serve(project)
    try:
        _wait(f"{url}/en/advisories/mixpanel-analytics-2025/", lambda s, b: s == 200)
        assert _get(f"{url}/en/advisories/draft-one/")[0] == 404
    finally:
        proc.terminate()
        proc.wait(10)


def test_build_reports_each_record_problem_once(tmp_path):
    """Issue 20: one validation per build; the plugin's finding is printed once."""
    record = sample_text().replace("status: contained", "status: contaned")
    project = make_project(tmp_path, {"mixpanel-analytics-2025.yaml": record})
    result = run_cli(project, "build")
    assert result.returncode == 1
    assert result.stderr.count("[bad-choice]") == 1, result.stderr
    assert "nothing was built" in result.stderr and not (project / "site").exists()
