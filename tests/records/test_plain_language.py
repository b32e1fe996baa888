"""The downplaying rule: a text is searched phrase by phrase only when it holds the phrase's
longest word, and that shortcut never hides a phrase the full search finds."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.records.load import load_text
from generator.records.plain_language import (
    DOWNPLAYING,
    INTENSIFIERS,
    PlainLanguage,
    _phrase_pattern,
    text_problems,
)

EXTRA = {"es": ("todo_va bien",), "en": ("all is well", "no*risk")}
RULES = PlainLanguage(extra_phrases=EXTRA)


def _found(text: str, lang: str) -> set[str]:
    """The phrases `text_problems` reports, by their words as written."""
    doc, problems = load_text(f"title:\n  {lang}: x\n", "x.yaml")
    assert not problems
    return {
        problem.message.split("«")[1].split("»")[0]
        for problem in text_problems(text, lang, ("title",), doc, RULES)
        if problem.code == "downplays-risk"
    }


def _every_phrase(text: str, lang: str) -> set[str]:
    """The same, without the shortcut: every phrase's pattern over the whole text."""
    return {
        " ".join(found.group(0).split())
        for phrase in RULES.phrases(lang)
        if phrase.split() and (found := _phrase_pattern(phrase, lang).search(text))
    }


def _pieces(lang: str) -> st.SearchStrategy[str]:
    words = [word for phrase in RULES.phrases(lang) for word in phrase.split()]
    words += [word for filler in INTENSIFIERS[lang] for word in filler.split()]
    cased = st.sampled_from(words).flatmap(
        lambda word: st.sampled_from(
            [
                word,
                word.upper(),
                word.title(),
                word.upper().replace("I", "İ"),
                word.replace("s", "ſ"),
            ]
        )
    )
    return st.one_of(cased, st.sampled_from([" ", "  ", "*", "_", "`", "\n", ".", "x", "İ", "ſ"]))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["es", "en"]).flatmap(
        lambda lang: st.tuples(st.just(lang), st.lists(_pieces(lang), max_size=30).map("".join))
    )
)
@example(("es", "Hay RİESGO CERO."))
@example(("en", "NO RIſK TO YOU."))
def test_the_shortcut_finds_what_searching_every_phrase_finds(case: tuple[str, str]):
    lang, text = case
    assert _found(text, lang) == _every_phrase(text, lang)


def test_a_capital_dotted_i_or_long_s_does_not_hide_a_phrase():
    # `str.lower` turns «İ» into two characters, so a search of the lowered text (the
    # shortcut before) missed these; the phrase's own case-insensitive pattern matches.
    assert _found("Hay RİESGO CERO.", "es") == {"RİESGO CERO"}
    assert _found("NO RIſK TO YOU.", "en") == {"NO RIſK TO YOU"}


def test_each_shipped_phrase_is_found_on_its_own():
    for lang, phrases in DOWNPLAYING.items():
        for phrase in phrases:
            assert _found(f"Hoy. {phrase.upper()}.", lang), (lang, phrase)
