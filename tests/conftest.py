"""Shared fixtures: a copy of the project to build in, a built site, a served site, a browser."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "advisories" / "mixpanel-analytics-2025.yaml"
CHROMIUM = Path("/usr/bin/chromium")
NOW = "2026-01-15T12:00:00+00:00"


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


# An update that changes the status, and a withdrawal with its reason, as writers add them.
STATUS_UPDATE = """updates:
  - date: 2025-11-28
    status: resolved
    text:
      es: "Mixpanel confirmó que el acceso está cerrado."
      en: "Mixpanel confirmed that the access is closed."
"""
WITHDRAWAL = """withdrawn:
  date: 2025-12-10
  reason:
    es: "Lo sustituye un aviso nuevo con el análisis completo."
    en: "A new advisory with the full analysis replaces it."
"""


def with_lifecycle(*, more_updates: str = "", withdrawn: bool = False) -> str:
    """The sample with a status-changing update (and more), optionally withdrawn."""
    text = sample_text().replace("updates: []\n", STATUS_UPDATE + more_updates)
    if withdrawn:
        text = text.replace("severity: medium\n", "severity: medium\n" + WITHDRAWAL)
    return text


def make_project(tmp: Path, records: dict[str, str] | None = None) -> Path:
    """A throwaway copy of the site project, with the given records instead of the sample."""
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    for folder in ("docs", "locales", "schemas"):
        shutil.copytree(ROOT / folder, tmp / folder)
    (tmp / "advisories").mkdir()
    for name, text in (records if records is not None else {SAMPLE.name: sample_text()}).items():
        (tmp / "advisories" / name).write_text(text, encoding="utf-8")
    return tmp


def run_cli(project: Path, *args: str, env: dict[str, str] | None = None):
    """Run the real `advisories` command in a project folder."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


def site_digests(site: Path) -> dict[str, str]:
    """The SHA-256 of every file of a built site, by its path: two builds are the same
    site when these are equal."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def plant_rows(database: Path, table: str, change: Callable[[bytes], bytes | None]) -> None:
    """Rewrite every value of a build-cache table that `change` changes (None leaves a row
    as it is), with a digest that matches: a planted entry looks intact, so what a build
    does with it shows what it read."""
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        for key, value, _ in db.execute(f"SELECT * FROM {table}").fetchall():
            planted = change(bytes(value))
            if planted is not None:
                db.execute(
                    f"UPDATE {table} SET value = ?, digest = ? WHERE key = ?",
                    (planted, hashlib.sha256(planted).hexdigest(), key),
                )


def build(project: Path, *args: str, env: dict[str, str] | None = None) -> Path:
    result = run_cli(project, "build", "--now", NOW, *args, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real sample project, built once for the whole session."""
    project = make_project(tmp_path_factory.mktemp("sample"))
    return build(project)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site on localhost, built for that address so every URL is its own."""
    project = make_project(tmp_path_factory.mktemp("served"))
    (project / "site").mkdir()
    url, server = serve(project / "site")
    build(project, "--site-url", f"{url}/")
    yield url
    server.shutdown()


def chromium_or_skip() -> None:
    """Skip browser tests on a laptop without Chromium, but never in CI."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but /usr/bin/chromium is missing: .ci/run must install it")
    pytest.skip("Debian's chromium is not installed")


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def sample_settings(root: Path = ROOT):
    """Site settings as mkdocs.yml gives them, read without MkDocs (the core's view)."""
    from generator.mkdocs.config import PLUGIN
    from generator.settings import from_options

    options = yaml_safe_load_config(root / "mkdocs.yml")
    plugin = next(p[PLUGIN] for p in options["plugins"] if isinstance(p, dict) and PLUGIN in p)
    return from_options(root, options["site_url"], plugin)


def yaml_safe_load_config(path: Path) -> dict:
    from mkdocs.utils import yaml_load

    with path.open("rb") as stream:
        return yaml_load(stream)


def sample_advisory(text: str | None = None, tmp: Path | None = None):
    """The sample record (or `text`) loaded and validated in-process."""
    from generator.records.load import load_text
    from generator.records.validate import validate_document

    doc, problems = load_text(text or sample_text(), "advisories/" + SAMPLE.name)
    assert not problems, problems
    advisory, problems = validate_document(doc, ["es", "en"], datetime.fromisoformat(NOW))
    assert advisory is not None, problems
    return advisory


FIXED_NOW = datetime.fromisoformat(NOW)


@pytest.fixture(scope="session")
def settings():
    return sample_settings()


@pytest.fixture(scope="session")
def catalogs(settings):
    from generator.site.i18n import translations

    return {lang: translations(settings.locales_dir, lang) for lang in settings.languages}


@pytest.fixture(scope="session")
def advisory():
    return sample_advisory()


@pytest.fixture(scope="session")
def views(advisory, catalogs):
    """The sample's localized view per language, at the fixed clock."""
    from generator.site.localize import localize

    return {lang: localize(advisory, lang, t, FIXED_NOW) for lang, t in catalogs.items()}


class _LiveMarkup(HTMLParser):
    """Collects what a record's text must never become: event handlers, script links,
    third-party resources, elements it names."""

    def __init__(self, own_hosts: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.own_hosts = own_hosts
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                lowered = value.lower().replace("\t", "").replace("\n", "")
                if lowered.startswith(("javascript:", "vbscript:", "data:text")):
                    self.found.append(f"<{tag} {name}={value[:40]}>")
                host = urlsplit(value).hostname
                if name == "src" and host and host not in self.own_hosts:
                    self.found.append(f"<{tag} src from {host}>")
            if name == "class" and "pwn" in value.split():
                self.found.append(f"<{tag} class=pwn>")
        if tag in ("script", "iframe", "object", "embed") and any(
            n == "src" and urlsplit(v or "").hostname not in (None, *self.own_hosts)
            for n, v in attrs
        ):
            self.found.append(f"<{tag}> from elsewhere")


def live_markup(html: str, own_hosts: set[str] | None = None) -> list[str]:
    parser = _LiveMarkup(own_hosts or {"advisories.example.com"})
    parser.feed(html)
    return parser.found


def csaf_validate(*paths: Path) -> subprocess.CompletedProcess:
    """The independent CSAF 2.0 validator (schema and mandatory tests), offline."""
    return subprocess.run(
        [sys.executable, "-m", "csaf", "validate", "--spec-version", "v20", "--no-network"]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        timeout=120,
    )


sys.path.insert(0, str(ROOT / "scripts"))
from nginx_runner import BROTLI_MODULE, NGINX, free_port, start_nginx  # noqa: E402


def required_tool_or_skip(path: Path, what: str) -> None:
    """Skip on a laptop without the tool, but never in CI, where .ci/run installs it."""
    if path.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {path} is missing: scripts/test.sh must install {what}")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def nginx_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The sample site behind a real nginx on a loopback port, configured by
    `advisories server-config nginx`; stopped when the session ends."""
    required_tool_or_skip(NGINX, "Debian's nginx")
    project = make_project(tmp_path_factory.mktemp("nginx"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    build(project, "--site-url", f"{url}/")
    brotli = BROTLI_MODULE.exists()
    args = ["server-config", "nginx", "--listen", f"127.0.0.1:{port}"]
    result = run_cli(project, *args, *([] if brotli else ["--no-brotli"]))
    assert result.returncode == 0, result.stderr
    proc = start_nginx(result.stdout, project / "nginx", port)
    yield url, project / "site"
    proc.terminate()
    proc.wait(10)


@contextlib.contextmanager
def tmpfs(path: Path, options: str) -> Iterator[Path]:
    """A small or read-only file system at `path` for the test's duration: a real full
    disk or read-only folder. Needs root; skipped on a laptop without it, never in CI."""
    path.mkdir(exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True
    )
    if mounted.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount a tmpfs: {mounted.stderr!r}")
        pytest.skip("needs root to mount a tmpfs")
    try:
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False)
