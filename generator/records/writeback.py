"""Write translations back into a record, keeping it as the writer left it: comments, key
order, quoting, block styles. The only place records are written, and so the only place
that uses a round-trip YAML library (ruamel.yaml)."""

from __future__ import annotations

import io

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

STYLES = (
    FoldedScalarString,
    LiteralScalarString,
    DoubleQuotedScalarString,
    SingleQuotedScalarString,
)


def _yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never rewrap a line the writer wrapped
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def with_texts(source: str, lang: str, texts: dict[tuple[str | int, ...], str]) -> str:
    """The record's text with `lang`'s text set at each key path, nothing written: the
    caller checks the result before it touches disk. A new text takes the old one's style;
    a text of several lines becomes a literal block (`|`) rather than one escaped line."""
    yaml = _yaml()
    data = yaml.load(source)
    for key, text in texts.items():
        node = data
        for part in key:
            node = node[part]
        old = node.get(lang)
        style = next((s for s in STYLES if isinstance(old, s)), None)
        if style is FoldedScalarString or style is LiteralScalarString:
            value = style(
                text if text.endswith("\n") or not str(old).endswith("\n") else text + "\n"
            )
        elif "\n" in text:
            value = LiteralScalarString(text)
        elif style:
            value = style(text)
        else:
            value = DoubleQuotedScalarString(text) if old is None or old == "" else text
        node[lang] = value
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
