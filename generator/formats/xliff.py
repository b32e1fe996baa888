"""XLIFF 1.2, the exchange format Weblate, Crowdin, Poedit, OmegaT, memoQ and Trados read.

One <file> per record (its path as `original`), one <trans-unit> per text, named by the
text's dotted path; the target's `state` says whether it is new, needs translation (the
source changed) or is translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree as ET

from ..records.advisory import Advisory, text_units
from ..records.translations import CURRENT, MISSING, STALE, TranslationState

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STATES = {CURRENT: "translated", STALE: "needs-translation", MISSING: "new"}


@dataclass(frozen=True)
class Unit:
    record: str  # the record's path, as written in `original`
    name: str  # dotted path of the text
    source: str
    target: str


def export(
    records: list[tuple[str, Advisory, TranslationState]], lang: str, tool: str = "advisories"
) -> bytes:
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}xliff", {"version": "1.2"})
    for path, a, state in records:
        if lang == a.source_lang:
            continue
        statuses = state.status(a, lang) if state.tracked else {}
        file = ET.SubElement(
            root,
            f"{{{NS}}}file",
            {
                "original": path,
                "source-language": a.source_lang,
                "target-language": lang,
                "datatype": "plaintext",
                "tool-id": tool,
            },
        )
        body = ET.SubElement(file, f"{{{NS}}}body")
        for dotted, _, texts in text_units(a):
            unit = ET.SubElement(
                body,
                f"{{{NS}}}trans-unit",
                {"id": dotted, "resname": dotted, XML_SPACE: "preserve"},
            )
            ET.SubElement(unit, f"{{{NS}}}source").text = texts.get(a.source_lang, "")
            target_text = texts.get(lang, "")
            status = statuses.get(dotted)
            state_name = (
                STATES.get(status.state, "needs-translation")
                if status
                else ("new" if not target_text else "needs-review-translation")
            )
            target = ET.SubElement(unit, f"{{{NS}}}target", {"state": state_name})
            target.text = target_text
            ET.SubElement(unit, f"{{{NS}}}note").text = f"{a.id}: {dotted}"
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def read(data: bytes) -> tuple[str, list[Unit]]:
    """The target language and every unit of an XLIFF 1.2 file."""
    root = ET.fromstring(data)
    if root.tag != f"{{{NS}}}xliff":
        raise ValueError("not an XLIFF 1.2 file (no urn:oasis:names:tc:xliff:document:1.2 root)")
    units_read: list[Unit] = []
    lang = ""
    for file in root.iter(f"{{{NS}}}file"):
        lang = file.get("target-language", "")
        for unit in file.iter(f"{{{NS}}}trans-unit"):
            source = unit.find(f"{{{NS}}}source")
            target = unit.find(f"{{{NS}}}target")
            units_read.append(
                Unit(
                    file.get("original", ""),
                    unit.get("id", ""),
                    "".join(source.itertext()) if source is not None else "",
                    "".join(target.itertext()) if target is not None else "",
                )
            )
    return lang, units_read
