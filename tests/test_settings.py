"""Issue 19 (items 5, 7, 12, 13): what a new organisation sets once, settings that mean
what they say, hostile settings refused, and tracebacks turned into messages."""

from __future__ import annotations

import email
import json
import re
import subprocess
from email.policy import default as default_policy
from pathlib import Path

import pytest
from conftest import (
    NOW,
    ROOT,
    build,
    make_project,
    required_tool_or_skip,
    run_cli,
    sample_text,
    tmpfs,
    with_lifecycle,
)
from nginx_runner import NGINX

from generator.records.diagnostics import UserError
from generator.settings import SettingsError, from_options

ID = "mixpanel-analytics-2025"
BASE = {"site_name": "S", "contact_notice": "C"}


def _settings(**options):
    return from_options(ROOT, "https://advisories.example.com/", {**BASE, **options})


def _edit_config(project: Path, old: str, new: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert old in text, old
    config.write_text(text.replace(old, new))


# ----------------------------------------------------------------- item 13


def test_explicit_falsy_settings_keep_their_value():
    assert _settings(regimes=[]).policy.legal.regimes == ()
    assert _settings(active_days=0).active_days == 0
    assert _settings().active_days == 30 and _settings().policy.legal.regimes == ("gdpr",)


@pytest.mark.parametrize(
    "options",
    [{"active_days": -1}, {"sms_max_segments": 0}, {"active_days": "ten"}, {"languages": []}],
)
def test_impossible_numbers_are_a_settings_error(options):
    with pytest.raises(SettingsError):
        _settings(**options)


def test_domain_errors_are_not_value_errors():
    """A real bug (a ValueError) must reach the traceback, not pass as a user's mistake."""
    from generator.formats.notice import NoticeError
    from generator.site.i18n import CatalogError

    for error in (SettingsError, NoticeError, CatalogError):
        assert issubclass(error, UserError) and not issubclass(error, ValueError)


@pytest.mark.parametrize("value", ["garbage", "2025-13-45T00:00:00+00:00"])
def test_now_that_is_not_a_time_is_a_message(tmp_path, value):
    project = make_project(tmp_path)
    result = run_cli(project, "check", "--now", value)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "is not a time" in result.stderr


@pytest.mark.parametrize("value", ["", "  ", "yesterday"])
def test_source_date_epoch_empty_or_wrong(tmp_path, value):
    project = make_project(tmp_path)
    result = run_cli(project, "build", env={"SOURCE_DATE_EPOCH": value})
    assert "Traceback" not in result.stderr
    if value.strip():
        assert result.returncode == 2 and "SOURCE_DATE_EPOCH" in result.stderr
    else:  # empty means unset, as reproducible-builds.org defines it
        assert result.returncode == 0, result.stderr


# ----------------------------------------------------------------- item 12


@pytest.mark.parametrize(
    "url",
    [
        "https://advisories example.com/",
        "https://{host}/",
        "https://advisories.example.com/{path}/",
        "javascript:alert(1)",
        "https://user:pass@advisories.example.com/",
        'https://advisories.example.com/"onload/',
    ],
)
def test_a_site_url_that_is_not_a_plain_address_is_refused(url):
    with pytest.raises(SettingsError, match="site_url"):
        from_options(ROOT, url, BASE)


def test_a_security_contact_with_a_newline_cannot_add_lines(tmp_path):
    with pytest.raises(SettingsError, match="security_contacts"):
        _settings(security_contacts=["mailto:a@example.com\nContact: mailto:evil@example.net"])


@pytest.mark.parametrize("name", ["Acme, Inc.", "Support <attacker@evil.example>", 'Q "R" (S)'])
def test_the_from_header_keeps_the_organization_a_display_name(tmp_path, name):
    project = make_project(tmp_path)
    _edit_config(project, "name: OpenAI (sample site, not affiliated)", f"name: '{name}'")
    result = run_cli(project, "notice", ID, "--channel", "email", "--now", NOW)
    assert result.returncode == 0, result.stderr
    message = email.message_from_string(result.stdout, policy=default_policy)
    sender = message["From"]
    assert len(sender.addresses) == 1
    assert sender.addresses[0].addr_spec == "security@example.com"
    assert sender.addresses[0].display_name == name


def test_server_config_quotes_a_root_with_spaces_and_nginx_accepts_it(tmp_path):
    required_tool_or_skip(NGINX, "Debian's nginx")
    (tmp_path / "my sites").mkdir()
    project = make_project(tmp_path / "my sites")
    build(project)
    result = run_cli(project, "server-config", "nginx", "--listen", "127.0.0.1:8089", "--no-brotli")
    assert result.returncode == 0, result.stderr
    assert f'root "{project / "site"}";' in result.stdout
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    (prefix / "nginx.conf").write_text(
        f"pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n{result.stdout}}}\n"
    )
    tested = subprocess.run(
        [str(NGINX), "-t", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert tested.returncode == 0, tested.stderr
    caddy = run_cli(project, "server-config", "caddy")
    assert f'root * "{project / "site"}"' in caddy.stdout


@pytest.mark.parametrize("folder", ["with$dollar", "with{brace}", 'with"quote'])
def test_server_config_refuses_a_root_it_cannot_quote(tmp_path, folder):
    project = make_project(tmp_path)
    build(project)
    target = tmp_path / folder
    (project / "site").rename(target)
    result = run_cli(project, "server-config", "nginx", "--root", str(target))
    assert result.returncode == 2 and "cannot carry safely" in result.stderr
    assert "root" not in result.stdout


def test_l10n_export_takes_ids_after_its_options_as_the_readme_writes_it(tmp_path):
    project = make_project(tmp_path)
    result = run_cli(project, "l10n", "export", "--lang", "en", "-o", "out.xlf", ID)
    assert result.returncode == 0, result.stderr
    assert f'original="advisories/{ID}.yaml"' in (project / "out.xlf").read_text()
    extra = run_cli(project, "check", "--strict", "--bogus")
    assert extra.returncode == 2


@pytest.mark.parametrize("options", ["size=64k", "ro"])
def test_a_full_or_read_only_site_folder_is_a_message(tmp_path, options):
    (tmp_path / "p").mkdir()
    project = make_project(tmp_path / "p")
    with tmpfs(tmp_path / "out", options) as out:
        result = run_cli(project, "build", "--site-dir", str(out / "site"), "--now", NOW)
        assert result.returncode != 0
        assert "Traceback" not in result.stderr, result.stderr[-2000:]
        assert re.search(r"No space left|Read-only file system", result.stderr)
        assert "Nothing was published" in result.stderr or "not changed" in result.stderr


# ----------------------------------------------------------------- item 5


def test_the_contact_box_follows_the_organizations_domain(tmp_path):
    project = make_project(tmp_path)
    _edit_config(project, "domain: example.com", "domain: utility.example")
    _edit_config(project, "email_from: security@example.com", "email_from: avisos@utility.example")
    site = build(project)
    for lang in ("es", "en"):
        page = (site / lang / "advisories" / ID / "index.html").read_text()
        assert "<code>@utility.example</code>" in page and "<code>@openai.com" not in page
    mail = run_cli(project, "notice", ID, "--channel", "email", "--now", NOW)
    assert "@utility.example" in mail.stdout and "@openai.com" not in mail.stdout
    assert 'From: "OpenAI (sample site, not affiliated)" <avisos@utility.example>' in mail.stdout


def test_the_sample_settings_name_no_real_mail_domain():
    text = (ROOT / "mkdocs.yml").read_text()
    assert "@openai.com" not in text


def test_check_warns_when_a_records_contact_is_at_another_domain(tmp_path):
    record = sample_text().replace(
        "severity: medium\n",
        "severity: medium\ncontact_point:\n  name:\n    es: DPD\n    en: DPO\n"
        "  email: dpo@openai.com\n",
    )
    project = make_project(tmp_path, {f"{ID}.yaml": record})
    result = run_cli(project, "check", "--now", NOW)
    lines = [x for x in result.stderr.splitlines() if "[contact-domain-mismatch]" in x]
    line = record[: record.index("dpo@openai.com")].count("\n") + 1
    assert len(lines) == 1 and lines[0].startswith(f"advisories/{ID}.yaml:{line}:")
    assert "example.com" in lines[0] and "organization" in lines[0]


def test_new_and_the_guides_say_where_the_organization_is_set(tmp_path):
    project = make_project(tmp_path)
    result = run_cli(project, "new", "utility-breach-2026")
    assert result.returncode == 0
    assert "organization" in result.stdout and "mkdocs.yml" in result.stdout
    for lang in ("es", "en"):
        guide = (ROOT / "docs" / lang / "writers-guide.md").read_text()
        assert "organization:" in guide and "domain:" in guide


# ----------------------------------------------------------------- item 7


def test_a_withdrawn_advisory_says_withdrawn_in_the_api_and_leaves_the_sitemap(tmp_path):
    project = make_project(tmp_path, {f"{ID}.yaml": with_lifecycle(withdrawn=True)})
    site = build(project)
    summary = json.loads((site / "api" / "v1" / "advisories.json").read_text())
    assert summary["advisories"][0]["status"] == "withdrawn"
    detail = json.loads((site / "api" / "v1" / "advisories" / f"{ID}.json").read_text())
    assert detail["status"] == "withdrawn"
    for sitemap in site.rglob("sitemap.xml"):
        assert f"/advisories/{ID}/" not in sitemap.read_text(), sitemap
    page = (site / "en" / "advisories" / ID / "index.html").read_text()
    assert 'name="robots" content="noindex"' in page


def test_an_update_dated_in_the_future_is_warned(tmp_path):
    future = with_lifecycle().replace("date: 2025-11-28", "date: 2026-03-01")
    project = make_project(tmp_path, {f"{ID}.yaml": future})
    result = run_cli(project, "check", "--now", NOW)
    lines = [x for x in result.stderr.splitlines() if "[future-update]" in x]
    line = future[: future.index("date: 2026-03-01")].count("\n") + 1
    assert len(lines) == 1 and lines[0].startswith(f"advisories/{ID}.yaml:{line}:")
    assert "updates.0.date" in lines[0]
