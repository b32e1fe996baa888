import csv
import io
import json

from conftest import FIXED_NOW

from generator.formats.csaf import directory_files, document_file, labels


def _files(settings, advisory, views, catalogs):
    """Each language's document and the directory that lists them, as a build makes them."""
    made = [
        document_file(advisory, view, settings, FIXED_NOW, labels(catalogs[lang]))
        for lang, view in views.items()
    ]
    files = {path: data for path, _, data in made}
    return {
        **files,
        **directory_files([(path, when) for path, when, _ in made], settings, FIXED_NOW),
    }


def test_one_document_per_language_and_the_directory_files(settings, advisory, views, catalogs):
    files = _files(settings, advisory, views, catalogs)
    base = ".well-known/csaf/white/"
    docs = sorted(p for p in files if p.endswith(".json") and "/2025/" in p)
    assert docs == [f"{base}2025/{advisory.id}-en.json", f"{base}2025/{advisory.id}.json"]
    assert files[base + "index.txt"].decode().splitlines() == [p.removeprefix(base) for p in docs]
    rows = list(csv.reader(io.StringIO(files[base + "changes.csv"].decode())))
    assert sorted(r[0] for r in rows) == [p.removeprefix(base) for p in docs]


def test_keys_are_sorted_for_recommended_test_6_2_13(settings, advisory, views, catalogs):
    for path, data in _files(settings, advisory, views, catalogs).items():
        if path.endswith(".json"):
            text = data.decode()
            assert (
                text
                == json.dumps(
                    json.loads(text), ensure_ascii=False, separators=(",", ":"), sort_keys=True
                )
                + "\n"
            )


def test_the_translation_points_to_its_original(settings, advisory, views, catalogs):
    files = _files(settings, advisory, views, catalogs)
    doc = json.loads(files[f".well-known/csaf/white/2025/{advisory.id}-en.json"])["document"]
    assert doc["lang"] == "en" and doc["source_lang"] == "es"
    assert doc["publisher"]["category"] == "translator"
    assert doc["references"][0]["url"].endswith(f"/2025/{advisory.id}.json")


def test_the_directory_lists_newest_first_and_breaks_ties_by_path(settings):
    base = ".well-known/csaf/white/"
    releases = [
        (base + "2025/b.json", "2025-11-27T00:00:00Z"),
        (base + "2025/a.json", "2025-11-27T00:00:00Z"),
        (base + "2026/c.json", "2026-01-02T00:00:00Z"),
    ]
    files = directory_files(releases, settings, FIXED_NOW)
    rows = list(csv.reader(io.StringIO(files[base + "changes.csv"].decode())))
    assert [r[0] for r in rows] == ["2026/c.json", "2025/a.json", "2025/b.json"]
    assert files[base + "index.txt"].decode().split() == [
        "2025/a.json",
        "2025/b.json",
        "2026/c.json",
    ]
    assert directory_files(list(reversed(releases)), settings, FIXED_NOW) == files
