from pathlib import Path

from conftest import FIXED_NOW

from generator.formats.securitytxt import security_txt
from generator.formats.sitemaps import page_sitemaps, sitemap_index

GOLDEN = Path(__file__).parent / "golden"


def test_security_txt_matches_the_golden_file(settings):
    files = security_txt(settings, FIXED_NOW)
    assert files == {".well-known/security.txt": (GOLDEN / "security.txt").read_bytes()}


def test_sitemap_index_and_robots_match_the_golden_files(settings):
    files = sitemap_index(settings)
    assert files["sitemap.xml"] == (GOLDEN / "sitemap.xml").read_bytes()
    assert files["robots.txt"] == (GOLDEN / "robots.txt").read_bytes()


def test_a_page_sitemap_per_page_folder_only(settings):
    files = page_sitemaps(["", "advisories/x/", "feed.xml"], "es", settings)
    assert list(files) == ["es/advisories/x/sitemap.xml"]
    assert files["es/advisories/x/sitemap.xml"] == (GOLDEN / "page-sitemap.xml").read_bytes()
