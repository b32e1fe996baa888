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
from typing import Any

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


_VALUES = ""  # the key of a pattern's values in a trie node: no letter is empty


@cache
def _trie(lang: str) -> dict[str, Any]:
    """pyphen's patterns for `lang` as a trie of letters. pyphen looks up every slice of a
    word up to its longest pattern, one new string each; walking the trie from each letter
    stops where no pattern goes on, after two or three letters for most words."""
    root: dict[str, Any] = {}
    for pattern, found in _hyphenator(lang).hd.patterns.items():
        node = root
        for letter in pattern:
            node = node.setdefault(letter, {})
        node[_VALUES] = found
    return root


@lru_cache(maxsize=65536)
def _syllables(word: str, lang: str) -> int:
    """One more than the hyphenation points pyphen finds in `word` (Liang's method over
    its patterns, with pyphen's two letters kept at each end), counted here: pyphen's own
    method was a fifth of checking a record, and it keeps every word it ever hyphenated
    (half a gigabyte after checking 10,000 records of made-up words). A site's vocabulary
    repeats, so each count is kept, in a bounded cache."""
    hyphenator = _hyphenator(lang)
    trie = _trie(lang)
    dotted = f".{word.lower()}."
    points = [0] * (len(dotted) + 1)
    for start in range(len(dotted) - 1):
        node = trie
        for letter in dotted[start:]:
            node = node.get(letter)
            if node is None:
                break
            found = node.get(_VALUES)
            if found:
                offset, values = found
                for at, value in enumerate(values, start + offset):
                    if value > points[at]:
                        points[at] = value
    # Point i splits the word after its (i - 1)th letter; pyphen keeps those at least
    # `left` letters from the start and `right` from the end.
    last = len(word) - hyphenator.right + 1
    return 1 + sum(points[at] % 2 for at in range(hyphenator.left + 1, last + 1))


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
