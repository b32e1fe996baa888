"""The text policy: one module decides what ids, texts, URLs and dates may hold."""

import pytest

from generator.records.text import (
    MAX_ID_LENGTH,
    RESERVED_IDS,
    date_problem,
    forbidden_character,
    id_problem,
    suggest_id,
    terminal_safe,
    url_problem,
)


@pytest.mark.parametrize(
    "text",
    [
        "\x00",
        "\x08",
        "\x0b",
        "\x0c",
        "\r",
        "\x1b",
        "\x7f",
        "\x80",
        "\x9f",
        "\ufffe",
        "\ufdd0",
        "\U0010ffff",
    ],
)
def test_control_characters_and_noncharacters_are_named(text):
    found = forbidden_character("ok " + text)
    assert found and f"U+{ord(text):04X}" in found and "position 4" in found


@pytest.mark.parametrize("text", ["tab\tand\nnewline", "ñ á € 😀", "<b>{{x}}</b>", "\u200b", ""])
def test_printable_text_markup_and_emoji_pass(text):
    assert forbidden_character(text) is None


@pytest.mark.parametrize(
    "value",
    ["a" * (MAX_ID_LENGTH + 1), "abc\n", "Abc", "a_b", "a--b", "-a", "a-", "ñu", "", *RESERVED_IDS],
)
def test_ids_refused(value):
    assert id_problem(value)


@pytest.mark.parametrize("value", ["a", "vendor-breach-2025", "a" * MAX_ID_LENGTH, "404-page"])
def test_ids_accepted(value):
    assert id_problem(value) is None


def test_suggested_ids_are_valid():
    for value in ("Mixpanel_2025", "Ñandú breach!", "index", "x" * 300, "\n"):
        assert id_problem(suggest_id(value)) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://exämple.com/",
        "https://example.com/ñ",
        'https://example.com/a"b',
        "https://example.com/<x>",
        "https://example.com/{x}",
        "https://example.com/a b",
        "https://example.com/a\n",
        "https://example.com/\x01",
        "https://u:p@example.com/",
        "https://localhost/",
        "https://example.com:99999/",
        "https://" + "a" * 2000 + ".com/",
    ],
)
def test_urls_no_output_can_carry_are_refused(url):
    assert url_problem(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/",
        "https://xn--exmple-cua.com/%C3%B1?q=1#top",
        "https://sub.example.co.uk/a_(b)/c;d=e",
    ],
)
def test_ascii_urls_pass(url):
    assert url_problem(url) is None


def test_years_every_output_can_write():
    from datetime import date

    assert date_problem(date(2025, 11, 27)) is None
    assert date_problem(date(9999, 12, 31)) and date_problem(date(1, 1, 1))


def test_terminal_output_shows_escapes_not_effects():
    assert terminal_safe("a\x1b[2Jb\nc\u202ed") == "a\\x1b[2Jb\\nc\\u202ed"


@pytest.mark.parametrize("text", ["\t\n\n", "**", "[](https://example.com/)", " — ", "``"])
def test_texts_without_words_count_as_empty(text):
    from generator.records.text import has_words

    assert not has_words(text)


@pytest.mark.parametrize("text", ["a", "[link](https://x.com/)", "2025", "数据", "`code`"])
def test_texts_with_words(text):
    from generator.records.text import has_words

    assert has_words(text)
