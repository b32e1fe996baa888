"""Readability scores: syllables counted over pyphen's dictionaries, each word once, in a
cache that stays bounded however many words a site's records use."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.records.readability import _hyphenator, _syllables, score

# Words as `score` finds them: letters of any script, lowercased, sometimes with the
# letters the Spanish and English patterns know best.
WORDS = st.text(
    st.one_of(
        st.sampled_from("aábcdeéfghiíjklmnñoópqrstuúüvwxyz'’"), st.characters(categories=["L"])
    ),
    min_size=1,
    max_size=30,
).map(str.lower)


def _pyphen_count(word: str, lang: str) -> int:
    hyphenator = _hyphenator(lang)
    count = len(hyphenator.positions(word)) + 1
    hyphenator.hd.cache.pop(word.lower(), None)
    return count


@settings(max_examples=400, deadline=None)
@given(word=WORDS, lang=st.sampled_from(["es", "en"]))
def test_syllables_are_pyphens_count(word, lang):
    _syllables.cache_clear()
    assert _syllables(word, lang) == _pyphen_count(word, lang)


def test_a_word_is_counted_once_and_pyphen_keeps_no_copy():
    word = "zuzinumatopelica"  # made up, as the benchmark's records are
    _syllables.cache_clear()
    assert _syllables(word, "es") == 8
    assert word not in _hyphenator("es").hd.cache
    _syllables(word, "es")
    assert _syllables.cache_info().currsize == 1


def test_scores_do_not_depend_on_what_was_counted_before():
    text = " ".join(["Los datos de perfil de algunas cuentas quedaron expuestos."] * 6)
    first = score(text, "es")
    _syllables.cache_clear()
    assert score(text, "es") == first is not None
