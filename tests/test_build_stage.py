"""generator/build.py: the one writer, the site-folder rule and the atomic publish."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import NOW, ROOT, make_project, run_cli

from generator.build import OutputError, SiteWriter, publish, recover, site_dir_problem


def test_the_writer_refuses_paths_outside_the_site_and_paths_written_twice(tmp_path):
    writer = SiteWriter(tmp_path / "site")
    writer.write({"es/feed.xml": b"<feed/>"})
    assert (tmp_path / "site/es/feed.xml").read_bytes() == b"<feed/>"
    for bad in ("../outside.txt", "/etc/passwd", "es/../../x", ""):
        with pytest.raises(OutputError):
            writer.write({bad: b"x"})
    with pytest.raises(OutputError):
        writer.write({"es/feed.xml": b"again"})
    assert not (tmp_path / "outside.txt").exists()


def test_batches_are_written_while_the_next_is_made_and_failures_stop_the_build(tmp_path):
    writer = SiteWriter(tmp_path / "site")
    made = []

    def batches():
        for number in range(3):
            made.append(number)
            yield {f"api/{number}.json": str(number).encode()}

    writer.write_batches(batches())
    assert made == [0, 1, 2]
    assert sorted(p.name for p in (tmp_path / "site/api").iterdir()) == [
        "0.json",
        "1.json",
        "2.json",
    ]
    # A write the writer refuses, in its thread, fails the call that asked for it.
    with pytest.raises(OutputError, match="twice"):
        writer.write_batches(iter([{"api/3.json": b"3"}, {"api/0.json": b"again"}]))
    assert (tmp_path / "site/api/0.json").read_bytes() == b"0"

    # A batch that cannot be made stops the writing, after what was made is written.
    def broken():
        yield {"api/4.json": b"4"}
        raise ValueError("no fifth batch")

    with pytest.raises(ValueError, match="fifth"):
        writer.write_batches(broken())
    assert (tmp_path / "site/api/4.json").read_bytes() == b"4"


def test_the_writer_does_not_follow_a_link_out_of_the_site(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "site" / "api").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(OutputError):
        SiteWriter(tmp_path / "site").write({"api/v1.json": b"{}"})
    assert list((tmp_path / "elsewhere").iterdir()) == []
    (tmp_path / "site" / "feed.xml").symlink_to(tmp_path / "elsewhere" / "feed.xml")
    with pytest.raises(OutputError):
        SiteWriter(tmp_path / "site").write({"feed.xml": b"<feed/>"})
    assert list((tmp_path / "elsewhere").iterdir()) == []


def _published(tmp_path):
    published = tmp_path / "published"
    published.mkdir()
    (published / "same.json").write_bytes(b'{"a": 1}')
    (published / "changed.json").write_bytes(b'{"a": 1}')
    (published / "resized.json").write_bytes(b'{"a": 1}')
    (tmp_path / "elsewhere.json").write_bytes(b'{"a": 1}')
    (published / "link.json").symlink_to(tmp_path / "elsewhere.json")
    os.mkfifo(published / "pipe.json")
    return published


def test_the_writer_links_what_the_published_site_already_holds(tmp_path):
    """Issue 20: unchanged files come from the site being replaced, by hard link; any
    other file (different bytes, a symbolic link, a FIFO) is written, and the published
    site is never changed."""
    published = _published(tmp_path)
    writer = SiteWriter(tmp_path / "staging", published)
    same = b'{"a": 1}'
    writer.write(
        {
            "same.json": same,
            "changed.json": b'{"a": 2}',
            "resized.json": b'{"a": 10}',
            "link.json": same,
            "pipe.json": same,
            "new.json": same,
        }
    )
    staging = tmp_path / "staging"
    assert (staging / "same.json").stat().st_ino == (published / "same.json").stat().st_ino
    for name in ("changed.json", "resized.json", "link.json", "pipe.json", "new.json"):
        placed = staging / name
        assert not placed.is_symlink() and placed.stat().st_nlink == 1, name
    assert (staging / "changed.json").read_bytes() == b'{"a": 2}'
    assert (staging / "link.json").read_bytes() == same
    for name in ("same.json", "changed.json", "resized.json"):
        assert (published / name).read_bytes() == same
    assert (tmp_path / "elsewhere.json").read_bytes() == same


def test_a_rebuild_links_what_did_not_change_and_publishes_a_cold_builds_bytes(tmp_path):
    from conftest import sample_text, site_digests

    (tmp_path / "warm").mkdir()
    (tmp_path / "cold").mkdir()
    project = make_project(tmp_path / "warm")
    assert run_cli(project, "build", "--now", NOW).returncode == 0
    site = project / "site"
    kept = (site / "es" / "faq" / "index.html", site / "es" / "feed.xml.gz")
    edited_page = site / "en" / "advisories" / "mixpanel-analytics-2025" / "index.html"
    inodes = {path: path.stat().st_ino for path in (*kept, edited_page)}
    record = project / "advisories" / "mixpanel-analytics-2025.yaml"
    text = sample_text().replace('en: "Incident at Mixpanel', 'en: "Edited: incident at Mixpanel')
    record.write_text(text, encoding="utf-8")
    assert run_cli(project, "build", "--now", NOW).returncode == 0
    for path in kept:  # linked from the site it replaced, which is gone
        assert path.stat().st_ino == inodes[path] and path.stat().st_nlink == 1, path
    assert edited_page.stat().st_ino != inodes[edited_page]
    page = edited_page.read_text(encoding="utf-8")
    assert "Edited: incident at Mixpanel" in page
    # The menu names the pages built before this one (a built page keeps its title).
    assert "How we contact you" in page and "About this site" in page
    cold = make_project(tmp_path / "cold", {"mixpanel-analytics-2025.yaml": text})
    assert run_cli(cold, "build", "--now", NOW).returncode == 0
    assert site_digests(site) == site_digests(cold / "site")


@pytest.mark.parametrize(
    "folder", [".", "..", "docs", "docs/es", "advisories", "locales", ".git", "advisories/sub"]
)
def test_site_dir_may_not_touch_the_project_or_its_sources(settings, folder):
    target = ROOT / folder
    assert site_dir_problem(target, settings, ROOT / "docs") is not None


@pytest.mark.parametrize("folder", ["site", "public", "../elsewhere-site", "build/site"])
def test_separate_output_folders_are_fine(settings, folder):
    assert site_dir_problem(ROOT / folder, settings, ROOT / "docs") is None


@pytest.mark.parametrize("site_dir", [".", "docs", "advisories", "locales", ".git"])
def test_build_with_a_dangerous_site_dir_touches_nothing(tmp_path, site_dir):
    project = make_project(tmp_path)
    (project / ".git").mkdir()
    (project / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = sorted(str(p.relative_to(project)) for p in project.rglob("*"))
    result = run_cli(project, "build", "--now", NOW, "--site-dir", site_dir)
    assert result.returncode == 2, result.stderr
    assert "nothing was touched" in result.stderr
    assert sorted(str(p.relative_to(project)) for p in project.rglob("*")) == before


def test_plain_mkdocs_build_refuses_a_dangerous_site_dir(tmp_path):
    project = make_project(tmp_path)
    before = sorted(p.name for p in (project / "advisories").iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "advisories"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode != 0
    assert sorted(p.name for p in (project / "advisories").iterdir()) == before


def test_publish_swaps_whole_folders(tmp_path):
    target = tmp_path / "site"
    target.mkdir()
    (target / "old.html").write_text("old")
    staging = tmp_path / ".site-build-1"
    staging.mkdir()
    (staging / "new.html").write_text("new")
    publish(staging, target)
    assert [p.name for p in target.iterdir()] == ["new.html"]
    assert not staging.exists()


def test_recover_restores_a_swap_cut_in_half_and_cleans_leftovers(tmp_path):
    target = tmp_path / "site"
    dead = 2**22 + 12345  # above the default pid_max: no such process
    old = tmp_path / f".site-old-{dead}"
    old.mkdir()
    (old / "index.html").write_text("old site")
    stale = tmp_path / f".site-build-{dead}"
    stale.mkdir()
    recover(target)
    assert (target / "index.html").read_text() == "old site"
    assert not stale.exists() and not old.exists()


def test_killed_builds_never_leave_the_site_missing_or_half_built(tmp_path):
    """Kill `advisories build` at random moments: site/ is always a whole site, and the
    next build removes what the killed ones left."""
    project = make_project(tmp_path)
    first = run_cli(project, "build", "--now", NOW)
    assert first.returncode == 0, first.stderr
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for delay in (0.3, 0.8, 1.2, 1.6, 2.0, 2.4):
        proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "build", "--now", NOW],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert (project / "site" / "es" / "advisories" / "mixpanel-analytics-2025").is_dir()
        assert (project / "site" / ".well-known" / "security.txt").is_file()
    final = run_cli(project, "build", "--now", NOW)
    assert final.returncode == 0, final.stderr
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


def test_now_reaches_the_plugin_whatever_mkdocs_yml_says(tmp_path):
    """The embargo lies in the future of the real clock, in the past of --now."""
    from conftest import sample_text

    text = sample_text().replace(
        "severity: medium\n", "severity: medium\nembargo: 2031-01-01T09:00:00+01:00\n"
    )
    project = make_project(tmp_path, {"mixpanel-analytics-2025.yaml": text})
    config = (project / "mkdocs.yml").read_text()
    assert "now:" not in config
    result = run_cli(project, "build", "--now", "2031-06-01T00:00:00+00:00")
    assert result.returncode == 0, result.stderr
    assert (project / "site/en/advisories/mixpanel-analytics-2025/index.html").exists()


def test_settings_defaults_live_in_one_place(settings):
    from generator.mkdocs.config import AdvisoriesConfig
    from generator.settings import DEFAULT_ORGANIZATION, from_options

    plugin_defaults = AdvisoriesConfig()
    plugin_defaults.load_dict({})
    plugin_defaults.validate()
    minimal = from_options(
        settings.root,
        "https://x.example/",
        {**dict(plugin_defaults), "site_name": "S", "contact_notice": "C"},
    )
    assert minimal.organization == DEFAULT_ORGANIZATION
