"""Page sources: long generated HTML travels beside the Markdown body as islands."""

import dataclasses
from html.parser import HTMLParser

import pytest
from conftest import FIXED_NOW, build, make_project, sample_text

from generator.site.pages import Islands, fill_islands, language_site
from generator.site.render import Renderer


def test_islands_come_back_in_place_once():
    islands = Islands()
    body = f"# Title\n\n{islands.add('<ol><li>a</li></ol>')}\n\ntext {islands.add('<p>b</p>')}"
    html = body.replace("# Title", "<h1>Title</h1>")  # what the Markdown conversion leaves
    filled = fill_islands(html, tuple(islands.blocks))
    assert filled == "<h1>Title</h1>\n\n<ol><li>a</li></ol>\n\ntext <p>b</p>"


@pytest.mark.parametrize("html", ["<p>nothing</p>", "{0}{0}"])
def test_a_lost_or_doubled_island_is_an_error(html):
    islands = Islands()
    placeholder = islands.add("<p>x</p>")
    with pytest.raises(ValueError, match="island 0"):
        fill_islands(html.format(placeholder), tuple(islands.blocks))


def test_a_record_cannot_forge_an_island(tmp_path):
    forged = '<div data-advisories-island="0"></div>'
    yaml_forged = forged.replace('"', '\\"')
    record = sample_text().replace('en: "Incident at', f'en: "{yaml_forged} Incident at')
    site = build(make_project(tmp_path, {"mixpanel-analytics-2025.yaml": record}))
    index = (site / "en" / "advisories" / "index.html").read_text(encoding="utf-8")
    assert forged not in index
    assert "&lt;div data-advisories-island=&#34;0&#34;&gt;&lt;/div&gt; Incident" in index
    assert index.count('class="adv-list__item"') == 1


def test_the_preview_cache_remakes_what_an_edit_reaches_and_keeps_the_rest(settings, advisory):
    """`serve` keeps views, pages and listing entries in memory: an edited record gives a
    new page and listing in its language, the listing keeps the other entries, and the
    other language keeps its equal view's page and listing."""
    renderer = Renderer(settings)
    other = dataclasses.replace(advisory, id="second-incident-2025")
    cache: dict = {}

    def sites(records):
        return {
            lang: language_site(records, lang, settings, renderer, FIXED_NOW, cache)
            for lang in ("es", "en")
        }

    before = sites([advisory, other])
    title = {**other.title, "es": "Título editado del segundo incidente"}
    edited = dataclasses.replace(other, title=title)
    after = sites([advisory, edited])
    # What the cache gives is what a build without it makes.
    assert (
        after["es"].pages
        == language_site([advisory, edited], "es", settings, renderer, FIXED_NOW).pages
    )
    page, index, kept = (
        "advisories/second-incident-2025.md",
        "advisories/index.md",
        f"advisories/{advisory.id}.md",
    )
    assert after["es"].pages[page] != before["es"].pages[page]
    assert "Título editado del segundo incidente" in "".join(after["es"].pages[index].islands)
    assert after["es"].pages[kept] is before["es"].pages[kept]
    assert after["en"].pages[page] is before["en"].pages[page]
    assert after["en"].pages[index] is before["en"].pages[index]


VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _HeadingDepths(HTMLParser):
    """The nesting depth at which each heading with an id opens."""

    def __init__(self) -> None:
        super().__init__()
        self.open_elements: list[str] = []
        self.depths: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_ELEMENTS:
            return
        identifier = dict(attrs).get("id")
        if tag.startswith("h") and tag[1:].isdigit() and identifier:
            self.depths[identifier] = len(self.open_elements)
        self.open_elements.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open_elements:
            while self.open_elements.pop() != tag:
                pass


def test_the_faq_listing_keeps_each_heading_at_the_top(settings, advisory):
    """Material's search goes back over every section it read when a heading's container
    closes: a heading per advisory inside a box made the FAQ page quadratic to index."""
    records = [advisory] + [
        dataclasses.replace(advisory, id=f"incident-{number}-2025") for number in range(3)
    ]
    source = language_site(records, "en", settings, Renderer(settings), FIXED_NOW).pages["faq.md"]
    parser = _HeadingDepths()
    parser.feed(fill_islands(source.markdown, source.islands))
    entries = {key: depth for key, depth in parser.depths.items() if key.startswith("faq-")}
    assert set(entries) == {f"faq-{record.id}" for record in records}
    assert set(entries.values()) == {0}
