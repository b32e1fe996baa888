"""Issue 22: the timeline figure's geometry, text and escaping, without a browser (the
browser tests measure it as drawn)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

from conftest import FIXED_NOW, sample_advisory, sample_settings, with_lifecycle
from hypothesis import given
from hypothesis import strategies as st

from generator.records.text import forbidden_character
from generator.site.figure import ROW, TEXT_WIDTH, FigureEntry, _width, timeline_svg
from generator.site.i18n import translations
from generator.site.localize import localize

SVG = "{http://www.w3.org/2000/svg}"
# What a record may hold: the loader refuses control characters and noncharacters.
RECORD_TEXT = st.text(min_size=1, max_size=300).filter(lambda t: forbidden_character(t) is None)


def _parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def test_the_sample_figure_shows_every_timeline_entry_and_update(views):
    advisory = sample_advisory(with_lifecycle())

    t = translations(sample_settings().locales_dir, "es")
    view = localize(advisory, "es", t, FIXED_NOW)
    svg = _parse(str(view.timeline_figure))
    entries = svg.findall(f"{SVG}g")
    assert len(entries) == len(advisory.timeline) + len(advisory.updates)
    assert len([g for g in entries if g.get("class").endswith("--update")]) == 1
    dates = [g.find(f"{SVG}text").text for g in entries]
    assert dates[0] == "9 nov 2025"  # Babel, in the page's language
    assert svg.find(f"{SVG}title").text.startswith("El incidente de un vistazo")
    assert "Ahora: Resuelto" in ET.tostring(svg, encoding="unicode")


def test_record_text_is_escaped_and_never_markup():
    hostile = '<script>alert(1)</script> {{ 7*7 }} & "quotes"'
    markup = str(
        timeline_svg([FigureEntry(date(2025, 1, 2), hostile, False)], hostile, hostile, "en")
    )
    assert "<script>" not in markup
    svg = _parse(markup)  # still one well-formed SVG
    assert svg.find(f"{SVG}title").text == hostile


def _lines(svg: ET.Element) -> list[str]:
    return [span.text or "" for span in svg.iter(f"{SVG}tspan")]


def _ys(svg: ET.Element) -> list[float]:
    return [float(g.find(f"{SVG}circle").get("cy")) for g in svg.findall(f"{SVG}g")]


@given(
    st.lists(
        st.tuples(st.integers(0, 4000), RECORD_TEXT, st.booleans()),
        min_size=1,
        max_size=12,
    )
)
def test_any_entries_make_a_figure_whose_labels_fit_and_never_touch(items):
    start = datetime(2025, 1, 1, tzinfo=UTC)
    entries = [FigureEntry(start + timedelta(hours=h), text, up) for h, text, up in items]
    svg = _parse(str(timeline_svg(entries, "Now: Resolved", "A title", "es")))
    assert len(svg.findall(f"{SVG}g")) == len(entries)
    assert all(_width(line) <= TEXT_WIDTH for line in _lines(svg))
    assert all(len(g.findall(f"{SVG}text/{SVG}tspan")) <= 2 for g in svg.findall(f"{SVG}g"))
    ys = [
        float(m.get("cy") or float(m.get("y")) + 5)
        for g in svg.findall(f"{SVG}g")
        for m in g
        if m.tag in (f"{SVG}circle", f"{SVG}rect")
    ]
    # Positions are written to 0.1 unit.
    assert all(later - earlier >= ROW - 0.1 for earlier, later in zip(ys, ys[1:], strict=False))
    width, height = map(float, svg.get("viewBox").split()[2:])
    assert width == 340 and height > ys[-1]
