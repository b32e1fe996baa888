"""Plain language (GDPR Art. 34(2), AEPD guidance): phrases that play the risk down,
sentences too long to read on a phone, and a readability score below the site's minimum.
All are warnings at the text's position."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from .diagnostics import Problem
from .load import Document, Key
from .messages import tr
from .readability import score

# Shipped phrases, per language; a site adds its own with `downplaying_phrases`.
DOWNPLAYING: dict[str, tuple[str, ...]] = {
    "es": (
        "no corre riesgo",
        "no corres riesgo",
        "no corren riesgo",
        "no hay ningún riesgo",
        "no existe ningún riesgo",
        "no existe riesgo",
        "sin ningún riesgo",
        "riesgo cero",
        "no debe preocuparse",
        "no debes preocuparte",
        "no tiene de qué preocuparse",
        "no tienes de qué preocuparte",
        "totalmente seguro",
    ),
    "en": (
        "there is no risk",
        "no risk to you",
        "you are not at risk",
        "you are at no risk",
        "nothing to worry about",
        "no need to worry",
        "zero risk",
        "completely safe",
        "no cause for concern",
    ),
}
MAX_SENTENCE_WORDS = 40


@dataclass(frozen=True)
class PlainLanguage:
    extra_phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_sentence_words: int = MAX_SENTENCE_WORDS
    # Per language, the lowest readability score a text may have (`min_readability`).
    min_readability: dict[str, float] = field(default_factory=dict)

    def phrases(self, lang: str) -> tuple[str, ...]:
        return DOWNPLAYING.get(lang, ()) + self.extra_phrases.get(lang, ())


# Words that may stand inside a shipped phrase without changing what it says:
# "no corren ningún riesgo" downplays as much as "no corren riesgo".
INTENSIFIERS = {
    "es": ("ningún", "ningun", "ninguna", "ningún tipo de", "el menor", "absolutamente", "gran"),
    "en": ("any", "real", "absolutely", "whatsoever", "at all"),
}
_GAP = r"[\s*_`]+"


@cache
def _phrase_pattern(phrase: str, lang: str) -> re.Pattern[str]:
    fillers = "|".join(re.escape(w).replace(r"\ ", _GAP) for w in INTENSIFIERS.get(lang, ()))
    gap = rf"(?:{_GAP}(?:{fillers}))?{_GAP}" if fillers else _GAP
    body = gap.join(re.escape(word) for word in phrase.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", re.I)


@cache
def _anchor(phrase: str) -> re.Pattern[str]:
    """The phrase's longest word, matched the way the phrase is: a text without it cannot
    hold the phrase, and a literal is found far quicker than the phrase's pattern, whose
    look-behind and gaps are tried at every character. Case-insensitive under `re`'s
    folding, not `str.lower`'s: «RİESGO» matches «riesgo» under `re.I`, but its
    `lower()` does not contain it."""
    return re.compile(re.escape(max(phrase.split(), key=len)), re.I)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n\s*\n", text) if s.strip()]


def text_problems(
    text: str, lang: str, key: Key, doc: Document, rules: PlainLanguage
) -> list[Problem]:
    where = ".".join(str(k) for k in key)
    out = []
    for phrase in rules.phrases(lang):
        if not phrase.split() or not _anchor(phrase).search(text):
            continue
        pattern = _phrase_pattern(phrase, lang)
        found = pattern.search(text)
        if found:
            problem = doc.problem(
                (*key, lang),
                "downplays-risk",
                tr(
                    "%(field)s.%(lang)s: «%(phrase)s» plays the risk down, which the AEPD "
                    "warns against; say what the risk is and what reduces it",
                    field=where,
                    lang=lang,
                    phrase=" ".join(found.group(0).split()),
                ),
                "warning",
            )
            where_written = doc.locate((*key, lang), pattern)
            out.append(
                replace(problem, line=where_written[0], column=where_written[1])
                if where_written
                else problem
            )
    minimum = rules.min_readability.get(lang)
    measured = score(text, lang) if minimum is not None else None
    if measured is not None and minimum is not None and measured.value < minimum:
        out.append(
            doc.problem(
                (*key, lang),
                "hard-to-read",
                tr(
                    "%(field)s.%(lang)s: %(formula)s score %(score)s, below the site's "
                    "minimum of %(minimum)s (`min_readability`); shorter sentences and "
                    "everyday words raise it",
                    field=where,
                    lang=lang,
                    formula=measured.formula,
                    score=measured.value,
                    minimum=f"{minimum:g}",
                ),
                "warning",
            )
        )
    for sentence in _sentences(text):
        words = len(sentence.split())
        if words > rules.max_sentence_words:
            out.append(
                doc.problem(
                    (*key, lang),
                    "long-sentence",
                    tr(
                        "%(field)s.%(lang)s: a sentence of %(words)d words (more than %(max)d) "
                        "starts «%(start)s…»; split it so it reads on a phone",
                        field=where,
                        lang=lang,
                        words=words,
                        max=rules.max_sentence_words,
                        start=" ".join(sentence.split()[:6]),
                    ),
                    "warning",
                )
            )
    return out
