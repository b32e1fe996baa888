"""generator/formats/compress.py: twins, and what a store may and may not give them."""

from __future__ import annotations

import brotli

from generator.formats.compress import BUNDLES, MIN_SIZE, PAGES, Levels, precompressed, twins

PAGE = b"<p>un aviso</p>\n" * 200


class Store:
    """A TwinStore in memory that hands out whatever it was given."""

    def __init__(self, pairs: dict[tuple[bytes, Levels], tuple[bytes, bytes]]) -> None:
        self.pairs = pairs
        self.put_calls: list[tuple[bytes, Levels]] = []

    def get(self, data: bytes, levels: Levels) -> tuple[bytes, bytes] | None:
        return self.pairs.get((data, levels))

    def put(self, data: bytes, levels: Levels, pair: tuple[bytes, bytes]) -> None:
        self.put_calls.append((data, levels))
        self.pairs[data, levels] = pair


def test_a_stored_pair_that_gives_the_file_back_is_used_as_it_is():
    made = twins(PAGE, PAGES)
    store = Store({(PAGE, PAGES): made})
    assert precompressed({"es/index.html": PAGE}, store) == {
        "es/index.html.gz": made[0],
        "es/index.html.br": made[1],
    }
    assert store.put_calls == []


def test_a_planted_or_broken_pair_is_never_used_and_is_replaced():
    made = twins(PAGE, PAGES)
    for planted in ((made[0], brotli.compress(b"planted")), (b"x", b"y")):
        store = Store({(PAGE, PAGES): planted})
        out = precompressed({"es/index.html": PAGE}, store)
        assert (out["es/index.html.gz"], out["es/index.html.br"]) == made
        assert store.put_calls == [(PAGE, PAGES)]
        assert store.pairs[PAGE, PAGES] == made


def test_levels_follow_the_path_and_small_or_binary_files_get_no_twins():
    files = {
        "assets/javascripts/bundle.js": PAGE,
        "es/index.html": PAGE,
        "es/x/sitemap.xml": b"<urlset/>" * (MIN_SIZE // 10),
        "es/x/card.png": PAGE,
    }
    out = precompressed(files)
    assert sorted(out) == [
        "assets/javascripts/bundle.js.br",
        "assets/javascripts/bundle.js.gz",
        "es/index.html.br",
        "es/index.html.gz",
    ]
    assert (out["assets/javascripts/bundle.js.gz"], out["assets/javascripts/bundle.js.br"]) == (
        twins(PAGE, BUNDLES)
    )
    assert (out["es/index.html.gz"], out["es/index.html.br"]) == twins(PAGE, PAGES)
