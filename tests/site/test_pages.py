"""Page sources: long generated HTML travels beside the Markdown body as islands."""

import pytest
from conftest import build, make_project, sample_text

from generator.site.pages import Islands, fill_islands


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
