"""XLIFF 1.2, the exchange format Weblate, Crowdin, Poedit, OmegaT, memoQ and Trados read.

One <file> per record (its path as `original`), one <trans-unit> per text, named by the
text's dotted path; the target's `state` says whether it is new, needs translation (the
source changed) or is translated.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from ..records.advisory import Advisory, text_units
from ..records.diagnostics import UserError
from ..records.importing import Unit
from ..records.messages import tr
from ..records.translations import CURRENT, MISSING, STALE, TranslationState

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STATES = {CURRENT: "translated", STALE: "needs-translation", MISSING: "new"}


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


class ExchangeFileError(UserError):
    """The exchange file cannot be read as XLIFF 1.2; the message says where."""


def read(data: bytes, shown: str) -> list[Unit]:
    """Every unit of an XLIFF 1.2 file, each with its own <file>'s target language.
    A DOCTYPE (entity expansion, external entities) is refused: XLIFF never needs one."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise ExchangeFileError(
            tr(
                "%(file)s: the file declares a DOCTYPE or entities, which XLIFF never needs; "
                "export it again from your tool. Nothing was imported.",
                file=shown,
            )
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise ExchangeFileError(
            tr(
                "%(file)s:%(line)d:%(column)d: not well-formed XML (%(reason)s); export it "
                "again, or fix the file there. Nothing was imported.",
                file=shown,
                line=line,
                column=column + 1,
                reason=str(exc).split(":")[0],
            )
        ) from None
    if root.tag != f"{{{NS}}}xliff":
        raise ExchangeFileError(
            tr(
                "%(file)s: not an XLIFF 1.2 file (its root is not "
                "urn:oasis:names:tc:xliff:document:1.2 xliff). Nothing was imported.",
                file=shown,
            )
        )
    text = data.decode("utf-8", "replace")
    units_read: list[Unit] = []
    for file in root.iter(f"{{{NS}}}file"):
        original = file.get("original", "")
        start = text.find(f'original="{original}"')
        for element in file.iter(f"{{{NS}}}trans-unit"):
            source = element.find(f"{{{NS}}}source")
            target = element.find(f"{{{NS}}}target")
            name = element.get("id", "")
            found = text.find(f'id="{name}"', max(start, 0))
            units_read.append(
                Unit(
                    original,
                    file.get("target-language", ""),
                    name,
                    "".join(source.itertext()) if source is not None else "",
                    "".join(target.itertext()) if target is not None else "",
                    (target.get("state", "") if target is not None else "") or "",
                    text.count("\n", 0, found) + 1 if found >= 0 else 0,
                )
            )
    return units_read
