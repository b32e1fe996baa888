"""The text policy: which characters, ids, URLs and dates a record may hold.

Every output (HTML, YAML front matter, XML, JSON, CSV, terminal, email) must be able to
carry what passes here, so the rules live in one place and each returns a message that
says what is wrong and how to fix it, or None.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from urllib.parse import urlsplit

from .messages import tr

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_LENGTH = 64
# Names the site itself uses next to advisory pages, in URLs or in file names.
RESERVED_IDS = frozenset(
    {"index", "feed", "search", "assets", "api", "sitemap", "404", "faq", "schemas", "well-known"}
)
FIRST_YEAR, LAST_YEAR = 1970, 2199
MAX_URL_LENGTH = 2000

# What a terminal could act on: C0 and C1 controls and DEL, and the bidirectional
# overrides and isolates, which can make text read differently from what it holds.
_TERMINAL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
    )
    + "]"
)


def forbidden_character(text: str) -> str | None:
    """The first character no output can carry safely, described for a writer."""
    match = _FORBIDDEN.search(text)
    if match:
        index, char = match.start(), match.group()
        code = ord(char)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            what = tr("a control character")
        elif 0xD800 <= code <= 0xDFFF:
            what = tr("half of a surrogate pair")
        else:
            what = tr("a Unicode noncharacter")
        return tr(
            "%(what)s %(char)s at position %(position)d",
            what=what,
            char=describe_character(char),
            position=index + 1,
        )
    return None


def has_words(text: str) -> bool:
    """A text must show the reader something: not only spaces, Markdown marks or a link
    target (every output, CSAF notes included, needs a non-empty text)."""
    shown = re.sub(r"\]\([^)]*\)", "]", text)
    return any(char.isalnum() for char in shown)


def describe_character(char: str) -> str:
    """`U+007F (DELETE)`: the code point, and its name where Unicode gives one."""
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(ord(char), "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


def id_problem(value: str) -> str | None:
    """Why `value` cannot be an advisory id (a URL segment and a file name), or None."""
    if len(value) > MAX_ID_LENGTH:
        return tr(
            "is %(length)d characters long; keep it to %(max)d at most",
            length=len(value),
            max=MAX_ID_LENGTH,
        )
    if not SLUG.fullmatch(value):
        return tr("may hold only lowercase letters a-z, digits and single hyphens between them")
    if value in RESERVED_IDS:
        return tr(
            "is a name the site itself uses; add a word, e.g. `%(id)s-incident-2025`", id=value
        )
    return None


def suggest_id(value: object) -> str:
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_ID_LENGTH].strip("-")
    return slug if slug and slug not in RESERVED_IDS else "vendor-breach-2025"


# RFC 3986 characters, minus those no output takes raw (`"<>\^`{|}` and spaces are not in it).
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def url_problem(url: str) -> str | None:
    """Why a reference URL cannot go into every output as it is, or None."""
    if len(url) > MAX_URL_LENGTH:
        return tr(
            "is %(length)d characters long; links longer than %(max)d break feeds",
            length=len(url),
            max=MAX_URL_LENGTH,
        )
    bad = forbidden_character(url)
    if bad or any(c.isspace() for c in url):
        return tr("contains a space, line break or control character; remove it")
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return tr("is not a valid address; copy it again from the browser's address bar")
    if not url.isascii():
        return tr("contains non-ASCII characters; write %(ascii)s instead", ascii=_ascii_form(url))
    if not _URL_CHARS.fullmatch(url):
        return tr('contains characters such as `"`, `<`, `>` or `{`; percent-encode them')
    if parts.username is not None or parts.password is not None:
        return tr("contains a user name or password; remove the part before `@`")
    if not host or "." not in host or host.startswith(".") or host.endswith(".."):
        return tr("has no valid host name; write it as https://example.com/...")
    if not re.fullmatch(r"[a-z0-9.-]+", host):
        return tr("has an invalid host name")
    return None


def _ascii_form(url: str) -> str:
    """The same URL with an IDNA host and a percent-encoded rest, for the fix in a message."""
    from urllib.parse import quote

    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return "the address in ASCII (punycode host, percent-encoded path)"
    rest = quote(url.split(parts.netloc, 1)[1], safe="/?#[]@!$&'()*+,;=%:~")
    return f"`{parts.scheme}://{host}{rest}`"


def date_problem(when: date | datetime) -> str | None:
    """Dates outside this range overflow some output (UTC conversion, RFC 3339, CSAF)."""
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        return tr(
            "the year %(year)d is outside %(first)d-%(last)d; check the date",
            year=when.year,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    return None


def terminal_safe(text: str) -> str:
    """Text for a terminal or CI log: control characters shown as escapes, never acted on."""
    return _TERMINAL_CONTROLS.sub(lambda found: repr(found.group())[1:-1], text)
