"""Catalogs stay complete, dates are Babel's, and a third language is only config + texts."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from conftest import ROOT, build, make_project, sample_text

from generator.site.i18n import format_when, po_path

PACKAGE = ROOT / "generator"
SOURCE_LANG = "en"  # msgids are English


def extracted() -> set[str]:
    with open(PACKAGE / "babel.cfg") as fp:
        method_map, options_map = parse_mapping_cfg(fp)
    return {
        (msg[0] if isinstance(msg, tuple) else msg)
        for _, _, msg, _, _ in extract_from_dir(str(PACKAGE), method_map, options_map)
    }


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_ui_string_is_in_the_catalog_and_translated(lang):
    with po_path(ROOT / "locales", lang).open("rb") as fp:
        catalog = read_po(fp)
    wanted = extracted()
    assert len(wanted) > 80
    missing = sorted(m for m in wanted if m not in catalog)
    assert not missing, f"run `advisories i18n extract && advisories i18n update`: {missing}"
    if lang == SOURCE_LANG:
        return
    untranslated = [
        m.id
        for m in catalog
        if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string]))
    ]
    assert not untranslated, f"translate these in {lang}: {untranslated}"


def test_dates_are_formatted_by_babel_for_each_locale():
    assert format_when(date(2025, 11, 9), "es") == "9 de noviembre de 2025"
    assert format_when(date(2025, 11, 9), "en") == "November 9, 2025"
    when = datetime(2025, 11, 9, 14, 30, tzinfo=UTC)
    assert format_when(when, "es").startswith("9 de noviembre de 2025, 14:30")


def _with_portuguese(text: str) -> str:
    """Add a `pt` text next to every `en` one, as a writer would."""

    def walk(node):
        if isinstance(node, dict):
            if set(node) == {"es", "en"}:
                node["pt"] = "Em português: " + node["en"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    data = yaml.safe_load(text)
    walk(data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_a_third_language_is_a_config_line_a_catalog_and_texts(tmp_path: Path):
    project = make_project(
        tmp_path, {"mixpanel-analytics-2025.yaml": _with_portuguese(sample_text())}
    )
    config = (project / "mkdocs.yml").read_text()
    config = config.replace("languages: [es, en]", "languages: [es, en, pt]")
    config = config.replace(
        "        en: Security advisories (sample site)\n",
        "        en: Security advisories (sample site)\n"
        "        pt: Avisos de segurança (exemplo)\n",
    )
    config = config.replace(
        "        en: >-\n          We only write",
        "        pt: Nunca pedimos a sua senha.\n        en: >-\n          We only write",
    )
    config = config.replace(
        "          en: Data Protection Officer (sample)\n",
        "          en: Data Protection Officer (sample)\n          pt: Encarregado de dados\n",
    )
    (project / "mkdocs.yml").write_text(config)
    # The catalog: Babel's own init from the template, then translated.
    (project / "docs" / "pt").mkdir()
    for page in (project / "docs" / "en").iterdir():
        (project / "docs" / "pt" / page.name).write_text(page.read_text())
    from babel.messages.frontend import CommandLineInterface

    locales = project / "locales"
    CommandLineInterface().run(
        ["pybabel", "init", "-i", str(locales / "messages.pot"), "-d", str(locales), "-l", "pt"]
    )
    po = po_path(locales, "pt")
    with po.open("rb") as fp:
        catalog = read_po(fp, locale="pt")
    for message in catalog:
        if message.id:
            message.string = (
                ("PT " + message.id[0], "PT " + message.id[1])
                if isinstance(message.id, tuple)
                else "PT " + message.id
            )
    catalog["Am I affected?"].string = "Sou afetado?"
    from babel.messages.pofile import write_po

    with po.open("wb") as fp:
        write_po(fp, catalog)

    site = build(project)
    page = (site / "pt" / "advisories" / "mixpanel-analytics-2025" / "index.html").read_text()
    assert '<html lang="pt"' in page
    assert "Sou afetado?" in page
    assert "27 de novembro de 2025" in page
    assert "Em português: Incident at Mixpanel" in page
    assert 'hreflang="pt"' in (site / "es" / "index.html").read_text()
