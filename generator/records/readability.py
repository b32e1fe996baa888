"""How easy a text is to read, measured: Fernández-Huerta for Spanish, Flesch reading ease
for English (both 0-100, higher is easier; 60-70 is plain language for most adults).

Scores come from textstat, pinned to 0.7.3: it counts syllables with pyphen's bundled
hyphenation dictionaries. Later releases fetch NLTK's pronunciation dictionary from the
network for English, which a build must never do. A text shorter than MIN_WORDS gets no
score: a formula over two sentences says little.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import textstat

MIN_WORDS = 30
# Per language: the formula's name as messages show it, and the textstat function.
FORMULAS = {
    "es": ("Fernández-Huerta", "fernandez_huerta"),
    "en": ("Flesch reading ease", "flesch_reading_ease"),
}
_LOCK = threading.Lock()  # textstat keeps the language in module state


@dataclass(frozen=True)
class Score:
    formula: str
    value: float


def score(text: str, lang: str) -> Score | None:
    formula = FORMULAS.get(lang)
    if formula is None or len(text.split()) < MIN_WORDS:
        return None
    name, function = formula
    with _LOCK:
        textstat.set_lang(lang)
        value = getattr(textstat, function)(text)
    return Score(name, round(float(value), 1))
