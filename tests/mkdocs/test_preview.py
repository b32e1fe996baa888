"""The incremental preview of `advisories serve`, driven in-process the way its builder
runs: real MkDocs dirty builds after real edits, checked on the pages they write."""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import NOW, ROOT, make_project, sample_text
from mkdocs.commands.build import build

from generator.mkdocs.config import load, preview_plugins
from generator.mkdocs.preview import file_stamps

RECORD = "mixpanel-analytics-2025"
SERVE_URL = "http://127.0.0.1:8000/"


class Preview:
    """One `serve --dirty` session: a first full build, then a rebuild per call."""

    def __init__(self, project: Path, drafts: bool = False) -> None:
        self.project = project
        self.drafts = drafts
        self.site = project / "preview-site"
        self.config_file = str(project / "mkdocs.yml")
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=True)
        self.plugin = config.plugins["advisories"]
        build(config, serve_url=SERVE_URL, dirty=True)

    def _config(self):
        # Read again, as `serve` does.
        plugins = preview_plugins(self.config_file, now=NOW, drafts=self.drafts)
        config = load(self.config_file, site_dir=str(self.site), plugins=plugins)
        config.site_url = SERVE_URL
        return config

    def rebuild(self) -> None:
        time.sleep(0.01)  # distinct modification times on coarse file systems
        build(self._config(), serve_url=SERVE_URL, dirty=True)

    def page(self, lang: str, path: str = f"advisories/{RECORD}") -> Path:
        return self.site / lang / path / "index.html"

    def close(self) -> None:
        self.plugin.on_shutdown()


@pytest.fixture
def preview(tmp_path):
    logging.getLogger("mkdocs").setLevel(logging.ERROR)  # dirty builds warn every time
    state = (ROOT / "advisories" / f"{RECORD}.l10n.json").read_text(encoding="utf-8")
    project = make_project(
        tmp_path, {f"{RECORD}.yaml": sample_text(), f"{RECORD}.l10n.json": state}
    )
    session = Preview(project)
    yield session
    session.close()


def _edit(project: Path, old: str, new: str) -> None:
    record = project / "advisories" / f"{RECORD}.yaml"
    text = record.read_text(encoding="utf-8")
    assert old in text
    record.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_in_one_language_rebuilds_that_language_only(preview):
    spanish = (preview.site / "es" / "404.html").stat().st_mtime_ns  # written by every build
    _edit(preview.project, 'en: "Incident at Mixpanel', 'en: "Edited English title')
    preview.rebuild()
    assert "Edited English title" in preview.page("en").read_text(encoding="utf-8")
    assert (preview.site / "es" / "404.html").stat().st_mtime_ns == spanish  # no Spanish build
    index = preview.page("en", "advisories").read_text(encoding="utf-8")
    assert "Edited English title" in index and "data-advisories-island" not in index


def test_a_source_language_edit_marks_the_translation_stale_on_its_page(preview):
    assert 'class="adv-stale"' not in preview.page("en").read_text(encoding="utf-8")
    _edit(
        preview.project,
        "Un atacante entró en sistemas de Mixpanel",
        "Un intruso entró en sistemas de Mixpanel",
    )
    preview.rebuild()
    assert "Un intruso entró" in preview.page("es").read_text(encoding="utf-8")
    assert 'class="adv-stale"' in preview.page("en").read_text(encoding="utf-8")


def test_each_save_shows_the_warnings_it_brought_and_counts_the_rest(preview, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.advisories")
    hard = (
        "Notwithstanding aforementioned considerations, comprehensive organizational "
        "investigations regarding unauthorized exfiltration necessitated extraordinarily "
        "meticulous examination."
    )
    _edit(preview.project, "    An attacker got into", f"    {hard} An attacker got into")
    preview.rebuild()
    first = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert first and all("summary.en" in message for message in first), first
    caplog.clear()
    _edit(preview.project, "Incident at Mixpanel", "Incident at Mixpanex")
    preview.rebuild()
    again = [r.getMessage() for r in caplog.records]
    assert again == [
        f"{len(first)} warning(s) shown at an earlier save still apply; "
        "`advisories check` lists them all"
    ]


def test_a_docs_edit_rebuilds_its_language(preview):
    about = preview.project / "docs" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nA line added in preview.\n")
    preview.rebuild()
    assert "A line added in preview." in preview.page("en", "about").read_text(encoding="utf-8")


def _edit_config(preview, old: str, new: str) -> None:
    config = preview.project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")


def test_a_settings_edit_renders_pages_again(preview):
    _edit_config(preview, "domain: example.com", "domain: utility.example")
    preview.rebuild()
    page = preview.page("en").read_text(encoding="utf-8")
    assert "<code>@utility.example</code>" in page and "<code>@example.com" not in page


def test_a_site_name_edit_reaches_every_advisory_page(preview):
    """Issue 19 (item 11): mkdocs.yml changed, so every page is rendered again, not only
    the 404 page."""
    _edit_config(preview, "en: Security advisories (sample site)", "en: Renamed advisories")
    preview.rebuild()
    for page in (preview.page("en"), preview.page("en", "advisories"), preview.page("en", "faq")):
        assert "Renamed advisories" in page.read_text(encoding="utf-8"), page


def test_a_same_size_save_within_one_tick_still_shows(preview):
    """Two saves of the same length at the same modification time: the content decides."""
    import os

    record = preview.project / "advisories" / f"{RECORD}.yaml"
    before = record.stat()
    _edit(preview.project, 'en: "Incident at Mixpanel', 'en: "Incident at Mixpanex')
    os.utime(record, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert record.stat().st_size == before.st_size
    preview.rebuild()
    assert "Incident at Mixpanex" in preview.page("en").read_text(encoding="utf-8")


def test_the_preview_keeps_every_plugin_but_search(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: x\nplugins:\n  - search\n  - material/tags:\n      tags: false\n"
        "  - advisories:\n      records: advisories\n  - offline\n"
    )
    kept = preview_plugins(config, now=NOW, drafts=None)
    assert kept == [
        {"material/tags": {"tags": False}},
        {"advisories": {"records": "advisories", "now": NOW}},
        "offline",
    ]


def test_a_removed_record_leaves_both_languages(preview):
    (preview.project / "advisories" / f"{RECORD}.yaml").unlink()
    preview.rebuild()
    assert not preview.page("es").exists() and not preview.page("en").exists()


def test_file_stamps_change_on_edit_addition_and_removal(tmp_path):
    (tmp_path / "a.md").write_text("a")
    first = file_stamps(tmp_path)
    (tmp_path / "b.md").write_text("b")
    added = file_stamps(tmp_path)
    (tmp_path / "a.md").unlink()
    assert len({first, added, file_stamps(tmp_path)}) == 3


def test_the_draft_preview_shows_what_awaits_approval_with_a_banner(tmp_path):
    """Issue 21: `serve --drafts` on a site that requires approval renders an unapproved
    record (and a draft) with a banner instead of refusing them."""
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    draft = (
        sample_text()
        .replace(RECORD, "draft-one")
        .replace("severity: medium\n", "severity: medium\ndraft: true\n")
    )
    project = make_project(tmp_path, {f"{RECORD}.yaml": sample_text(), "draft-one.yaml": draft})
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - advisories:\n", "  - advisories:\n      require_approval: true\n"
        )
    )
    session = Preview(project, drafts=True)
    try:
        for lang, banner in (("en", "AWAITING APPROVAL"), ("es", "PENDIENTE DE APROBACIÓN")):
            assert banner in session.page(lang).read_text(encoding="utf-8")
            draft_page = session.page(lang, "advisories/draft-one").read_text(encoding="utf-8")
            assert banner in draft_page
        approved = subprocess.run(
            [sys.executable, "-m", "generator", "approve", RECORD, "--by", "Ana", "--now", NOW],
            cwd=project,
            capture_output=True,
            text=True,
        )
        assert approved.returncode == 0, approved.stderr
        session.rebuild()
        assert "AWAITING APPROVAL" not in session.page("en").read_text(encoding="utf-8")
    finally:
        session.close()
