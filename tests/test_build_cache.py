"""Issue 20: the persistent build cache saves work and is never trusted. A build with a
warm, a corrupt or a foreign cache writes exactly the bytes of a build without one."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import brotli
import pytest
from conftest import build, make_project, site_digests

from generator.cache import FOLDER, CompressionCache


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
    (project / FOLDER / "compressed.sqlite").write_bytes(b"not a database" * 100)
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
    assert cache.get(b"data", 5) is None
    cache.put(b"data", 5, (b"", b""))
    cache.save()  # no error
