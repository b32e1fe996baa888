"""Issue 20: the persistent build cache saves work and is never trusted. A build with a
warm, a corrupt or a foreign cache writes exactly the bytes of a build without one."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zlib
from pathlib import Path

import brotli
import pytest
from conftest import NOW, build, make_project, plant_rows, run_cli, site_digests

from generator.cache import FOLDER, CompressionCache
from generator.formats.compress import BUNDLES, PAGES, twins


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def without_cache(project) -> dict[str, str]:
    shutil.rmtree(project / ".cache", ignore_errors=True)
    digests = site_digests(build(project))
    assert (project / FOLDER / "compressed.sqlite").is_file()
    return digests


def test_a_warm_cache_gives_the_same_bytes(project, without_cache):
    assert site_digests(build(project)) == without_cache


def test_a_corrupt_cache_is_ignored(project, without_cache):
    for name in ("compressed", "cards", "pages", "checks"):
        (project / FOLDER / f"{name}.sqlite").write_bytes(b"not a database" * 100)
    assert site_digests(build(project)) == without_cache


def test_a_foreign_twin_is_never_used(project, without_cache):
    shutil.rmtree(project / ".cache", ignore_errors=True)
    build(project)
    db = sqlite3.connect(project / FOLDER / "compressed.sqlite")
    with db:  # every twin now decompresses to something else
        db.execute("UPDATE twins SET br = ?", (brotli.compress(b"planted"),))
    db.close()
    assert site_digests(build(project)) == without_cache


def test_a_cache_folder_that_cannot_be_written_costs_only_time(tmp_path):
    (tmp_path / ".cache").write_text("a file where the folder would be")
    cache = CompressionCache(tmp_path)
    assert cache.get(b"data", PAGES) is None
    cache.put(b"data", PAGES, (b"", b""))
    cache.save()  # no error


PAGE = "en/advisories/mixpanel-analytics-2025/index.html"


# Two hash seeds under which Python orders the theme's set of templates differently: a key
# that described a set in hash order would differ between these builds.
SEEDS = ({"PYTHONHASHSEED": "1"}, {"PYTHONHASHSEED": "5"})


def _plant(project: Path, kind: str, html: str) -> None:
    """Every stored whole page (`kind` "page") or page content ("content") replaced by
    `html`: what a build then writes shows what it reused."""

    def change(blob: bytes) -> bytes | None:
        fields = json.loads(zlib.decompress(blob))
        is_content = bool(fields[2]) and isinstance(fields[2][0], dict)
        if is_content != (kind == "content"):
            return None
        fields[0] = html
        return zlib.compress(json.dumps(fields).encode())

    plant_rows(project / FOLDER / "pages.sqlite", "pages", change)


def test_a_warm_build_reuses_the_pages_it_finished(tmp_path):
    project = make_project(tmp_path)
    build(project, env=SEEDS[0])
    _plant(project, "page", "<p>stored page</p>")
    assert (build(project, env=SEEDS[1]) / PAGE).read_text() == "<p>stored page</p>"


def _new_copyright(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("copyright: ", "copyright: New · ", 1))


def test_a_theme_change_renders_stored_content_in_the_new_theme(tmp_path):
    """What every page shows around its content changed: each page's content comes from
    the store and the theme renders it again."""
    project = make_project(tmp_path)
    build(project, env=SEEDS[0])
    _new_copyright(project)
    _plant(project, "content", '<p id="planted">stored content</p>')
    html = (build(project, env=SEEDS[1]) / PAGE).read_text()
    assert '<p id="planted">stored content</p>' in html and "New · " in html


def test_a_theme_change_on_a_warm_cache_builds_what_a_cold_build_does(tmp_path):
    project = make_project(tmp_path)
    build(project, env=SEEDS[0])
    _new_copyright(project)
    warm = site_digests(build(project, env=SEEDS[1]))
    shutil.rmtree(project / ".cache")
    assert site_digests(build(project)) == warm


def test_an_edit_on_a_warm_cache_builds_what_a_cold_build_does(tmp_path):
    """Only the edited record's pages (and the pages listing it) render again; the site and
    every message are those of a build without the cache."""
    project = make_project(tmp_path)
    build(project)
    record = project / "advisories" / "mixpanel-analytics-2025.yaml"
    record.write_text(record.read_text().replace("Mixpanel", "Mixpanel Inc.", 3), encoding="utf-8")
    warm = run_cli(project, "build", "--now", NOW)
    warm_digests = site_digests(project / "site")
    assert "Mixpanel Inc." in (project / "site" / PAGE).read_text()
    shutil.rmtree(project / ".cache")
    cold = run_cli(project, "build", "--now", NOW)
    assert warm.returncode == cold.returncode == 0
    assert (warm.stdout, warm.stderr) == (cold.stdout, cold.stderr)
    assert warm_digests == site_digests(project / "site")


def test_a_plugin_the_cache_does_not_know_renders_every_page(tmp_path):
    """Another plugin (here a hook) could depend on anything: no page is reused."""
    project = make_project(tmp_path)
    (project / "hooks.py").write_text(
        "def on_page_markdown(markdown, **kwargs):\n    return markdown\n"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - hooks.py\n")
    build(project)
    _plant(project, "page", "<p>stored page</p>")
    assert "stored page" not in (build(project) / PAGE).read_text()


def test_twins_made_at_other_levels_are_not_used(tmp_path):
    cache = CompressionCache(tmp_path)
    cache.put(b"data", BUNDLES, twins(b"data", BUNDLES))
    cache.save()
    reopened = CompressionCache(tmp_path)
    assert reopened.get(b"data", BUNDLES) == twins(b"data", BUNDLES)
    assert reopened.get(b"data", PAGES) is None
