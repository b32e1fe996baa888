import csv
import io
import json

from conftest import FIXED_NOW

from generator.formats.csaf import csaf_files


def _files(settings, advisory, views, catalogs):
    by_key = {(advisory.id, lang): view for lang, view in views.items()}
    return csaf_files([advisory], by_key, settings, FIXED_NOW, catalogs)


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
