"""Readability scores: syllables counted by pyphen's dictionaries, each word once, in a
cache that stays bounded however many words a site's records use."""

from __future__ import annotations

from generator.records.readability import _hyphenator, _syllables, score


def test_a_word_is_counted_once_and_pyphen_keeps_no_copy():
    word = "zuzinumatopelica"  # made up, as the benchmark's records are
    assert _syllables(word, "es") == len(_hyphenator("es").positions(word)) + 1
    _hyphenator("es").hd.cache.pop(word, None)
    _syllables.cache_clear()
    _syllables(word, "es")
    assert word not in _hyphenator("es").hd.cache
    assert _syllables.cache_info().currsize == 1


def test_scores_do_not_depend_on_what_was_counted_before():
    text = " ".join(["Los datos de perfil de algunas cuentas quedaron expuestos."] * 6)
    first = score(text, "es")
    _syllables.cache_clear()
    assert score(text, "es") == first is not None
