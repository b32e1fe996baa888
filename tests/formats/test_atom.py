from xml.etree import ElementTree as ET

import feedparser
from conftest import FIXED_NOW

from generator.formats.atom import feed

ATOM = "{http://www.w3.org/2005/Atom}"


def test_one_feed_file_per_language_with_entry_per_advisory_and_update(settings, views, catalogs):
    for lang in settings.languages:
        files = feed([views[lang]], lang, settings, catalogs[lang], FIXED_NOW)
        assert list(files) == [f"{lang}/feed.xml"]
        root = ET.fromstring(files[f"{lang}/feed.xml"])
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == 1 + len(views[lang].updates)
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        parsed = feedparser.parse(files[f"{lang}/feed.xml"])
        assert not parsed.bozo and parsed.entries[-1].title == views[lang].title


def test_an_empty_site_still_has_a_valid_feed(settings, catalogs):
    files = feed([], "en", settings, catalogs["en"], FIXED_NOW)
    root = ET.fromstring(files["en/feed.xml"])
    assert root.find(f"{ATOM}updated").text == "2026-01-15T00:00:00Z"
    assert root.findall(f"{ATOM}entry") == []
