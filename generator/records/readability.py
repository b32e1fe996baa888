"""How easy a text is to read, measured: Fernández-Huerta for Spanish, Flesch reading ease
for English (both about 0-100, higher is easier; 60-70 is plain language for most adults).

Both formulas weigh the average sentence length in words and the average word length in
syllables. Syllables are counted by pyphen's hyphenation dictionaries (shipped with it, the
ones LibreOffice uses): each possible hyphen splits a syllable. That undercounts a little
at word edges, the same for every text, which is what a threshold needs. A text shorter
than MIN_WORDS gets no score: a formula over two sentences says little.

- Flesch (1948): 206.835 - 1.015 x words per sentence - 84.6 x syllables per word.
- Fernández-Huerta (1959), in the corrected form used in Spanish readability work since
  Law (2011): 206.84 - 1.02 x words per sentence - 60 x syllables per word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

import pyphen

MIN_WORDS = 30
# Per language: the formula's name as messages show it, and its three coefficients
# (base, per word in a sentence, per syllable in a word).
FORMULAS = {
    "es": ("Fernández-Huerta", 206.84, 1.02, 60.0),
    "en": ("Flesch reading ease", 206.835, 1.015, 84.6),
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n\s*\n")


@dataclass(frozen=True)
class Score:
    formula: str
    value: float


@cache
def _hyphenator(lang: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=lang)


@lru_cache(maxsize=65536)
def _syllables(word: str, lang: str) -> int:
    """Hyphenation is slow pure Python and a site's vocabulary repeats: one count per word,
    kept here, in a bounded cache. Pyphen keeps every word it ever hyphenated in its own
    dictionary (half a gigabyte after checking 10,000 records of made-up words), so the
    word leaves that one at once."""
    hyphenator = _hyphenator(lang)
    count = len(hyphenator.positions(word)) + 1
    hyphenator.hd.cache.pop(word.lower(), None)
    return count


def score(text: str, lang: str) -> Score | None:
    formula = FORMULAS.get(lang)
    words = _WORD.findall(text)
    if formula is None or len(words) < MIN_WORDS:
        return None
    name, base, per_word, per_syllable = formula
    # A "sentence" of one or two words (a heading, a list label) is not a sentence.
    sentences = max(1, sum(len(_WORD.findall(s)) > 2 for s in _SENTENCE_END.split(text)))
    syllables = sum(_syllables(word.lower(), lang) for word in words)
    value = base - per_word * len(words) / sentences - per_syllable * syllables / len(words)
    return Score(name, round(value, 1))
