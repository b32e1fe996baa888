"""Issue 22: social cards: size, reproducible bytes, the cache, and the pages' links."""

from __future__ import annotations

import io
import re
import sqlite3

from conftest import build, make_project
from PIL import Image

from generator.cache import FOLDER, CardCache
from generator.formats.cards import Card, card_files, draw_card

CARD = Card(
    site_name="Avisos de seguridad",
    title="Incidente en Mixpanel: ¿qué datos se expusieron? Ñandú, pingüino, acción",
    status="Contenido",
    severity="high",
    severity_label="Gravedad: alta",
    dates="Publicado: 27 de noviembre de 2025",
)
ADV = "advisories/mixpanel-analytics-2025"


def test_a_card_is_a_1200_by_630_png_with_the_same_bytes_every_time():
    png = draw_card(CARD)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1200, 630)
    assert draw_card(CARD) == png
    other = draw_card(Card(**{**CARD.__dict__, "status": "Resuelto"}))
    assert other != png  # what it shows is in its bytes


def test_a_long_title_is_cut_with_an_ellipsis_not_drawn_off_the_card():
    long = Card(**{**CARD.__dict__, "title": "palabra " * 80})
    image = Image.open(io.BytesIO(draw_card(long))).convert("RGB")
    background = image.getpixel((1190, 300))
    # The right margin stays empty: no line runs into it.
    assert all(
        image.getpixel((x, y)) == background for x in range(1130, 1200) for y in range(0, 630)
    )


def test_the_cache_gives_back_the_same_card_and_ignores_a_corrupt_one(tmp_path):
    first = CardCache(tmp_path)
    drawn = card_files({"es/a/card.png": CARD}, first)
    first.save()
    warm = CardCache(tmp_path)
    assert warm.get(CARD.key()) == drawn["es/a/card.png"]
    warm.save()
    with sqlite3.connect(tmp_path / FOLDER / "cards.sqlite") as db:
        db.execute("UPDATE cards SET value = ?", (b"\x89PNG\r\n\x1a\nnot the card",))
    corrupt = CardCache(tmp_path)
    assert corrupt.get(CARD.key()) is None
    assert card_files({"es/a/card.png": CARD}, corrupt) == drawn


def test_every_advisory_page_links_its_own_card_in_each_language(tmp_path):
    (tmp_path / "one").mkdir()
    project = make_project(tmp_path / "one")
    site = build(project)
    for lang in ("es", "en"):
        card = site / lang / ADV / "card.png"
        assert Image.open(card).size == (1200, 630)
        page = (site / lang / ADV / "index.html").read_text(encoding="utf-8")
        url = f"https://advisories.example.com/{lang}/{ADV}/card.png"
        assert f'<meta property="og:image" content="{url}">' in page
        assert f'<meta name="twitter:image" content="{url}">' in page
        assert re.search(r'<meta property="og:image:alt" content="[^"]+">', page)
    assert (site / "es" / ADV / "card.png").read_bytes() != (
        site / "en" / ADV / "card.png"
    ).read_bytes()
    # A second build (warm card cache) and a build without the cache write the same bytes.
    warm = build(project)
    (tmp_path / "two").mkdir()
    cold = build(make_project(tmp_path / "two"))
    for lang in ("es", "en"):
        cached = (warm / lang / ADV / "card.png").read_bytes()
        assert cached == (cold / lang / ADV / "card.png").read_bytes()
    assert (project / FOLDER / "cards.sqlite").is_file()
