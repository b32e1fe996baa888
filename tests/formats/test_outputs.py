"""Machine-readable outputs, each checked by an independent parser or validator."""

import json
from pathlib import Path

import feedparser
import jsonschema
import pytest
from conftest import build, csaf_validate, make_project, run_cli, with_lifecycle

ID = "mixpanel-analytics-2025"


SECOND_UPDATE = """  - date: 2025-12-02
    text:
      es: "Añadimos una pregunta frecuente."
      en: "Added a frequently asked question."
"""


def _history_record(withdrawn: bool = True) -> str:
    """The sample with two updates (one changes the status) and, by default, a withdrawal."""
    return with_lifecycle(more_updates=SECOND_UPDATE, withdrawn=withdrawn)


@pytest.fixture(scope="module")
def history_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("history"), {f"{ID}.yaml": _history_record()})
    return build(project)


def test_atom_feeds_have_an_entry_per_advisory_update_and_withdrawal(history_site):
    for lang, word in (("es", "Retirado"), ("en", "Withdrawn")):
        feed = feedparser.parse((history_site / lang / "feed.xml").read_bytes())
        assert not feed.bozo, feed.bozo_exception
        titles = [e.title for e in feed.entries]
        assert len(feed.entries) == 4, titles  # advisory, 2 updates, withdrawal
        assert titles[0].startswith(word)  # newest first
        dates = [e.updated_parsed for e in feed.entries]
        assert dates == sorted(dates, reverse=True)
        assert len({e.id for e in feed.entries}) == 4
        assert all(
            e.link.startswith(f"https://advisories.example.com/{lang}/") for e in feed.entries
        )


def test_feed_entry_ids_do_not_change_between_builds(tmp_path):
    ids = []
    for i, now in enumerate(("2026-01-15T12:00:00+00:00", "2026-03-01T08:00:00+00:00")):
        (tmp_path / str(i)).mkdir()
        project = make_project(tmp_path / str(i), {f"{ID}.yaml": _history_record()})
        result = run_cli(project, "build", "--now", now)
        assert result.returncode == 0, result.stderr
        feed = feedparser.parse((project / "site" / "en" / "feed.xml").read_bytes())
        ids.append(sorted(e.id for e in feed.entries))
    assert ids[0] == ids[1] and len(ids[0]) == 4


def test_every_page_links_its_language_feed(sample_site):
    for lang in ("es", "en"):
        for page in (sample_site / lang).rglob("*.html"):
            html = page.read_text()
            assert (
                'type="application/atom+xml" title=' in html
                and f'href="https://advisories.example.com/{lang}/feed.xml"' in html
            ), page


def test_json_api_matches_its_published_schemas(sample_site):
    api = sample_site / "api" / "v1"
    schemas = {p.name: json.loads(p.read_text()) for p in (api / "schemas").glob("*.json")}
    index = json.loads((api / "advisories.json").read_text())
    jsonschema.validate(
        index, schemas["advisories.schema.json"], format_checker=jsonschema.FormatChecker()
    )
    assert [a["id"] for a in index["advisories"]] == [ID]
    assert index["advisories"][0]["urls"]["es"].endswith(f"/es/advisories/{ID}/")
    record = json.loads((api / "advisories" / f"{ID}.json").read_text())
    jsonschema.validate(
        record, schemas["advisory.schema.json"], format_checker=jsonschema.FormatChecker()
    )
    assert record["title"]["es"].startswith("Incidente") and record["title"]["en"].startswith(
        "Incident"
    )
    assert {"id": "names", "tier": 2, "label": {"es": "Nombres", "en": "Names"}} in record[
        "exposed"
    ]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**record, "status": "fixed"}, schemas["advisory.schema.json"])


def test_csaf_documents_pass_the_standard_schema_and_mandatory_tests(history_site):
    folder = history_site / ".well-known" / "csaf" / "white" / "2025"
    original, translation = folder / f"{ID}.json", folder / f"{ID}-en.json"
    result = csaf_validate(original, translation)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2/2 files valid" in result.stdout
    doc = json.loads(translation.read_text())["document"]
    assert doc["category"] == "csaf_security_incident_response"
    assert (doc["lang"], doc["source_lang"]) == ("en", "es")
    assert doc["publisher"]["category"] == "translator"
    assert doc["tracking"]["id"] == f"{ID}-en"
    assert doc["references"][0]["url"].endswith(f"/2025/{ID}.json")
    history = doc["tracking"]["revision_history"]
    assert [r["number"] for r in history] == ["1", "2", "3", "4"]  # first, 2 updates, withdrawal
    assert history[-1]["summary"].startswith("Withdrawn: A new advisory")
    assert doc["notes"][0]["title"] == "Withdrawn"
    index = (history_site / ".well-known/csaf/white/index.txt").read_text().split()
    assert index == [f"2025/{ID}-en.json", f"2025/{ID}.json"]
    metadata = json.loads((history_site / ".well-known/csaf/provider-metadata.json").read_text())
    assert metadata["role"] == "csaf_publisher" and metadata["metadata_version"] == "2.0"


def test_the_csaf_validator_does_reject_a_broken_document(history_site, tmp_path):
    good = json.loads((history_site / f".well-known/csaf/white/2025/{ID}.json").read_text())
    del good["document"]["notes"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(good))
    assert csaf_validate(broken).returncode != 0


def test_security_txt_is_valid_by_an_rfc9116_validator(tmp_path):
    from sectxt import Parser

    project = make_project(tmp_path)
    result = run_cli(project, "build")  # real clock: Expires must lie ahead of today
    assert result.returncode == 0, result.stderr
    text = (project / "site" / ".well-known" / "security.txt").read_bytes()
    parser = Parser(text)
    assert parser.is_valid(), parser.errors
    assert b"Preferred-Languages: es, en" in text
    assert b"CSAF: https://advisories.example.com/.well-known/csaf/provider-metadata.json" in text


def test_notice_for_email_and_sms(tmp_path):
    project = make_project(tmp_path)
    text = run_cli(project, "notice", ID, "--lang", "es", "--format", "text")
    assert text.returncode == 0, text.stderr
    out = text.stdout
    assert out.startswith("Aviso de seguridad: Incidente en Mixpanel")
    assert "¿Me afecta?" in out and "1. Desconfía" in out
    assert f"https://advisories.example.com/es/advisories/{ID}/" in out
    assert "nunca te pediremos tu contraseña" in out
    assert "**" not in out and "<" not in out
    md = run_cli(project, "notice", ID, "--lang", "en", "--format", "markdown")
    assert md.stdout.startswith("# Incident at Mixpanel") and "## What to do now" in md.stdout
    assert f"(https://advisories.example.com/en/advisories/{ID}/)" in md.stdout
    assert run_cli(project, "notice", "nope").returncode == 1
