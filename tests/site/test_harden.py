"""generator/site/harden.py: the theme's links moved to the one shared copy of its assets."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.site.harden import shared_assets

# The rule as a regular expression: a lead, any number of `../`, then `assets/`.
_RULE = re.compile(r'((?:href|src|data-theme-bundle)="|"search": ")((?:\.\./)*)assets/')


def _by_the_rule(html: str, lang: str) -> str:
    moved = _RULE.sub(r"\1\2../assets/", html)
    return moved.replace(f'="/{lang}/assets/', '="/assets/')


def test_theme_links_of_a_page_point_one_folder_up():
    html = (
        '<link href="../../assets/main.css"><script src="assets/x.js"></script>'
        '<a href="/en/assets/y.png"> <p>assets/ in text stay</p>'
        '<div data-theme-bundle="assets/b.js"></div>{"search": "../assets/w.js"}'
    )
    assert shared_assets(html, "en") == (
        '<link href="../../../assets/main.css"><script src="../assets/x.js"></script>'
        '<a href="/assets/y.png"> <p>assets/ in text stay</p>'
        '<div data-theme-bundle="../assets/b.js"></div>{"search": "../../assets/w.js"}'
    )


_PIECES = st.sampled_from(
    ['href="', 'src="', 'data-theme-bundle="', '"search": "', "../", "assets/", "/en/", "=", '"']
    + ["a", ".", "/", "s/", "set", " ", "\u00e9"]
)


@given(st.lists(_PIECES | st.text(max_size=3), max_size=30).map("".join))
def test_any_text_is_moved_exactly_as_the_rule_says(html):
    assert shared_assets(html, "en") == _by_the_rule(html, "en")
