"""Facts a text states, and whether a translation states the same ones.

A translation can be current and still wrong: a date, a count, a domain or an address
copied wrongly tells one language's readers a different story. For every translatable
text we extract dates (in the forms writers use, month names from Babel's locale data),
numbers (either language's separators, through Babel's `parse_decimal`), percentages and
amounts, URLs, domains, e-mail addresses, phone numbers and inline code, then compare the
translation's facts with the source-language text's.

translate-toolkit's `numbers` and `urls` checks were tried first: they compare digit runs
literally ("1.000" against "1,000" fails) and do not see bare domains, so they are not used.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

import phonenumbers
from babel.core import get_global
from babel.dates import get_date_format, get_month_names
from babel.numbers import NumberFormatError, parse_decimal

from .vocabulary import N_

KINDS = ("date", "number", "url", "domain", "email", "phone", "code")
# The kinds as messages name them (msgids for the writer's language).
KIND_WORDS = (
    N_("date"),
    N_("number"),
    N_("url"),
    N_("domain"),
    N_("email"),
    N_("phone"),
    N_("code"),
)


@dataclass(frozen=True, order=True)
class Fact:
    kind: str
    value: str  # normalized: ISO date, decimal with unit, lower-case domain, E.164 phone
    token: str = field(default="", compare=False)  # as written: identical tokens agree

    def __str__(self) -> str:
        return self.value


@cache
def _months(languages: tuple[str, ...]) -> dict[str, int]:
    """Month names and abbreviations of every site language, lower case, without dots."""
    names: dict[str, int] = {}
    for lang in languages:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, locale=lang).items():
                    names[name.lower().rstrip(".")] = number
    names.pop("", None)
    return names


@cache
def _day_first(lang: str) -> bool:
    """Whether this language writes 25/11/2025 (day first) or 11/25/2025."""
    pattern = get_date_format("short", locale=lang).pattern.lower()
    return pattern.index("d") < pattern.index("m")


_DIGIT = re.compile(r"\d")
_CODE = re.compile(r"`+([^`]+?)`+")
_URL = re.compile(r"https?://[^\s<>()\"'`]+[^\s<>()\"'`.,;:!?]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DOMAIN = re.compile(r"\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\b", re.I)
_PHONE = re.compile(r"(?<![\w.,])\+?\d[\d ()-]{6,}\d(?![\w.,]*\d)")
_VERSION = re.compile(
    r"(?<![\w.])(?:\d{1,3}(?:\.\d{1,3}){3}|(?<=[vV])\d+(?:\.\d+){1,3}|\d+(?:\.\d+){3,})(?![\w.]*\d)"
    r"|(?<=versión )\d+(?:\.\d+)+|(?<=version )\d+(?:\.\d+)+",
    re.I,
)
_NUMERIC_DATE = re.compile(r"\b(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})\b")
_NUMBER = re.compile(
    r"(?P<before>[$€£]\s?)?(?P<number>\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?)"
    r"(?P<after>\s?(?:%|€|\$|£|USD|EUR|GBP)(?![\w]))?"
)


@cache
def _date_patterns(languages: tuple[str, ...]) -> list[re.Pattern[str]]:
    months = _months(languages)
    names = "|".join(sorted((re.escape(m) for m in months), key=len, reverse=True))
    return [
        # 25 de noviembre de 2025 / 25 November 2025 / 25 Nov. 2025 / el 25 de noviembre
        re.compile(
            rf"\b(?P<day>\d{{1,2}})(?:º|st|nd|rd|th)?\s+(?:de\s+)?(?P<month>{names})\.?"
            rf"(?:,?\s+(?:de\s+|del\s+)?(?P<year>\d{{4}}))?\b",
            re.I,
        ),
        # November 25, 2025 / Nov. 25 / noviembre 25
        re.compile(
            rf"\b(?P<month>{names})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:,?\s+(?P<year>\d{{4}}))?\b",
            re.I,
        ),
    ]


@lru_cache(maxsize=131072)
def extract(text: str, lang: str, languages: tuple[str, ...], default_year: int) -> list[Fact]:
    """Every fact `text` states, in a normal form that does not depend on the language.
    Cached: `serve` checks every record again on each save, and most texts did not change."""
    facts: list[Fact] = []
    rest = text

    def take(pattern: re.Pattern[str], kind: str, normal) -> None:
        """Record each fact the pattern finds and blank it out for the later patterns."""
        nonlocal rest
        pieces, last = [], 0
        for match in pattern.finditer(rest):
            value = normal(match)
            if value:
                facts.append(Fact(kind, value, " ".join(match.group(0).split())))
                pieces += [rest[last : match.start()], " "]
                last = match.end()
        if pieces:
            rest = "".join(pieces) + rest[last:]

    # Each kind needs a character most texts lack: most patterns never run.
    if "`" in rest:
        take(_CODE, "code", lambda m: m.group(1).strip())
    if _DIGIT.search(rest):
        # Versions (2.4.1, v10.0.3) and IPv4 addresses are exact strings, never dates.
        take(_VERSION, "code", lambda m: m.group(0))
    if "://" in rest:
        take(_URL, "url", lambda m: m.group(0).rstrip("/"))
    if "@" in rest:
        take(_EMAIL, "email", lambda m: m.group(0).lower())
    if "." in rest:
        take(_DOMAIN, "domain", lambda m: m.group(0).lower() if not m.group(0)[0].isdigit() else "")
    if _DIGIT.search(rest):
        months = _months(languages)
        for pattern in _date_patterns(languages):
            take(pattern, "date", lambda m: _named_date(m, months, default_year))
        take(_NUMERIC_DATE, "date", lambda m: _numeric_date(m, lang))
        take(_PHONE, "phone", lambda m: _phone(m.group(0), lang, languages))
        take(_NUMBER, "number", lambda m: _number(m, lang))
    return sorted(facts)


def _named_date(match: re.Match[str], months: dict[str, int], default_year: int) -> str:
    month = months.get(match.group("month").lower().rstrip("."))
    year = int(match.group("year") or default_year)
    try:
        return date(year, month or 0, int(match.group("day"))).isoformat()
    except ValueError:
        return ""


def _numeric_date(match: re.Match[str], lang: str) -> str:
    first, second, third = (int(g) for g in match.groups())
    if first > 31:  # 2025-11-25
        year, month, day = first, second, third
    elif first > 12 or (second <= 12 and _day_first(lang)):
        day, month, year = first, second, third
    else:
        month, day, year = first, second, third
    if year < 100:
        year += 2000
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return ""


@cache
def _region(lang: str) -> str | None:
    """The country a language's numbers are most likely from (es → ES, en → US)."""
    from babel import Locale

    return (
        Locale.parse(lang).territory
        or Locale.parse(get_global("likely_subtags").get(lang, lang)).territory
    )


def _phone(text: str, lang: str, languages: tuple[str, ...]) -> str:
    """The number in E.164 when `phonenumbers` calls it valid (international form, or
    national in the text's or another site language's country); "" otherwise, so a
    figure such as "12 500 000" stays a number."""
    digits = re.sub(r"\D", "", text)
    if not 8 <= len(digits) <= 15:
        return ""
    regions = [None] if text.startswith("+") else []
    regions += [_region(code) for code in (lang, *languages)]
    for region in regions:
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return ""


def _number(match: re.Match[str], lang: str) -> str:
    token = match.group("number").replace("\u00a0", " ").replace("\u202f", " ")
    value = _parse_number(token, lang)
    if value is None:
        return ""
    unit = (match.group("before") or match.group("after") or "").strip()
    unit = {"$": "USD", "€": "EUR", "£": "GBP"}.get(unit, unit)
    text = format(value.normalize(), "f")
    return f"{text} {unit}".strip()


def _parse_number(token: str, lang: str) -> Decimal | None:
    """`1.234,5` in Spanish and `1,234.5` in English are the same number; a lone group
    (`1.000` in either language) is read as a thousands group, as writers mean it."""
    compact = token.replace(" ", "")
    if re.fullmatch(r"\d{1,3}([.,])\d{3}(\1\d{3})*", compact):
        return Decimal(re.sub(r"[.,]", "", compact))
    try:
        return parse_decimal(compact, locale=lang, strict=False)
    except (NumberFormatError, InvalidOperation):
        return None


@dataclass(frozen=True)
class Mismatch:
    kind: str
    source: tuple[Fact, ...]  # facts of this kind only the original states
    translation: tuple[Fact, ...]  # facts of this kind only the translation states


def compare(source: list[Fact], translation: list[Fact]) -> list[Mismatch]:
    """Per kind, what one text states and the other does not (order does not matter).
    A token written identically in both texts agrees whatever it was read as: copied
    verbatim, it cannot state two different facts."""
    same = Counter(f.token for f in source) & Counter(f.token for f in translation)
    source, translation = _without(source, same), _without(translation, same)
    out = []
    for kind in KINDS:
        mine = Counter(f for f in source if f.kind == kind)
        theirs = Counter(f for f in translation if f.kind == kind)
        only_source = tuple(sorted((mine - theirs).elements()))
        only_translation = tuple(sorted((theirs - mine).elements()))
        if only_source or only_translation:
            out.append(Mismatch(kind, only_source, only_translation))
    return out


def _without(facts: list[Fact], tokens: Counter[str]) -> list[Fact]:
    left = Counter(tokens)
    kept = []
    for fact in facts:
        if left[fact.token] > 0:
            left[fact.token] -= 1
        else:
            kept.append(fact)
    return kept


def describe(value: Fact, lang: str) -> str:
    """A fact as a reader of `lang` would write it: dates spelled out."""
    if value.kind == "date":
        from babel.dates import format_date

        return format_date(date.fromisoformat(value.value), "long", locale=lang)
    return value.value
