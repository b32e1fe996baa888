"""Social cards: the picture a link preview shows, one per advisory and language.

A 1200×630 PNG (the size Open Graph and X/Twitter large cards use) with the site's name,
the title, the status, the severity and the dates, drawn with Pillow in DejaVu Sans (shipped
with the package: every accented letter, the same bytes on every machine). The bytes depend
only on the texts and the tool, so a card is cached by the SHA-256 of what it shows.
"""

from __future__ import annotations

import functools
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import PIL
from babel.support import Translations
from PIL import Image, ImageDraw, ImageFont

from .. import __version__
from ..settings import Settings
from ..site.localize import AdvisoryView, card_path
from ..store import ByteStore

SIZE = (1200, 630)
FONTS = Path(__file__).parent / "fonts"
_MARGIN = 72
_BACKGROUND = (16, 30, 56)
_TEXT = (255, 255, 255)
_MUTED = (196, 206, 224)
# Severity colours, as on the pages' badges; each keeps white text readable.
_SEVERITY = {
    "low": (46, 125, 50),
    "medium": (176, 110, 0),
    "high": (200, 80, 0),
    "critical": (183, 28, 28),
}
_STATUS = (55, 71, 102)


@dataclass(frozen=True)
class Card:
    """What a card shows, already in the page's language."""

    site_name: str
    title: str
    status: str
    severity: str  # the severity id, for the colour
    severity_label: str
    dates: str  # "Published 27 November 2025 · Updated 1 December 2025"

    def key(self) -> str:
        parts = (__version__, PIL.__version__, _drawing_digest(), *map(str, self.__dict__.values()))
        return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _font_files() -> tuple[Path, Path]:
    return FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"


@functools.cache
def _drawing_digest() -> str:
    """The fonts and this module: a change to how cards are drawn, even between two
    releases, makes every cached card stale."""
    sources = (*_font_files(), Path(__file__))
    return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()


@functools.cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_font_files()[bold]), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """Whole words within `width` pixels, at most `lines` lines, an ellipsis when cut."""
    out: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines:
            break
    else:
        if current:
            out.append(current)
        return out
    last = out[-1]
    while last and font.getlength(last + " …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    out[-1] = last + " …"
    return out


# The card is drawn in 8-bit indices into a palette of four 64-step ramps, one per
# pair of colours that meet (a text colour over what is under it). Anti-aliased text
# blends the two ends of its ramp, so the indices are already the PNG's palette: no
# quantizing, which took more time than drawing and compressing together.
_STEPS = 64
_RAMPS = ("muted", "title", "status", "severity")


def _ramp(name: str) -> tuple[int, int]:
    """The first and last palette index of a ramp: the colour under, the text's colour."""
    first = _RAMPS.index(name) * _STEPS
    return first, first + _STEPS - 1


@functools.cache
def _palette(severity_colour: tuple[int, int, int]) -> tuple[int, ...]:
    """The card's 256 colours; one palette per severity colour, made once (making it
    was a sixth of drawing a card)."""
    ends = {
        "muted": (_BACKGROUND, _MUTED),
        "title": (_BACKGROUND, _TEXT),
        "status": (_STATUS, _TEXT),
        "severity": (severity_colour, _TEXT),
    }
    out: list[int] = []
    for name in _RAMPS:
        under, over = ends[name]
        for step in range(_STEPS):
            out.extend(
                round(a + (b - a) * step / (_STEPS - 1)) for a, b in zip(under, over, strict=True)
            )
    return tuple(out)


def _muted_line(draw: ImageDraw.ImageDraw, y: int, text: str, size: int) -> None:
    """One line of muted text; its box is first filled with the muted ramp's start, the
    same colour as the background, so the anti-aliasing blends along that ramp."""
    under, over = _ramp("muted")
    font = _font(size)
    left, top, right, bottom = draw.textbbox((_MARGIN, y), text, font=font)
    draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), fill=under)
    draw.text((_MARGIN, y), text, font=font, fill=over)


def _badge(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, ramp: str) -> int:
    """A rounded label; returns where the next one may start."""
    under, over = _ramp(ramp)
    font = _font(30, bold=True)
    width = int(font.getlength(text))
    draw.rounded_rectangle((x, y, x + width + 40, y + 52), radius=26, fill=under)
    draw.text((x + 20, y + 26), text, font=font, fill=over, anchor="lm")
    return x + width + 40 + 18


def draw_card(card: Card) -> bytes:
    image = Image.new("L", SIZE, _ramp("title")[0])
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 16, SIZE[1]), fill=_ramp("severity")[0])
    width = SIZE[0] - 2 * _MARGIN
    site = _wrap(card.site_name, _font(32), width, 1)
    _muted_line(draw, 64, site[0] if site else "", 32)
    title_font = _font(60, bold=True)
    y = 140
    for line in _wrap(card.title, title_font, width, 3):
        draw.text((_MARGIN, y), line, font=title_font, fill=_ramp("title")[1])
        y += 74
    x = _badge(draw, _MARGIN, 440, card.status, "status")
    _badge(draw, x, 440, card.severity_label, "severity")
    dates = _wrap(card.dates, _font(28), width, 1)
    _muted_line(draw, 540, dates[0] if dates else "", 28)
    image.putpalette(_palette(_SEVERITY.get(card.severity, _STATUS)))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=3)
    return out.getvalue()


def advisory_cards(
    views: list[AdvisoryView], lang: str, s: Settings, t: Translations
) -> dict[str, Card]:
    """The card of each advisory page of one language, by its path in the site."""
    out = {}
    for v in views:
        dates = f"{t.gettext('Published')}: {v.published.label}"
        if v.last_modified.iso != v.published.iso:
            dates += f" · {t.gettext('Last updated')}: {v.last_modified.label}"
        out[card_path(v)] = Card(
            site_name=s.site_name.get(lang, ""),
            title=v.title,
            status=v.status_label,
            severity=v.severity,
            severity_label=t.gettext("Severity: %(severity)s") % {"severity": v.severity_label},
            dates=dates,
        )
    return out


def card_files(cards: dict[str, Card], store: ByteStore | None = None) -> dict[str, bytes]:
    """`{path: png}` for `{path: card}`; cards the store has are not drawn again, the
    others are drawn on both cores (Pillow draws and compresses without the GIL)."""
    out: dict[str, bytes] = {}
    missing: list[tuple[str, Card, str]] = []
    for path, card in cards.items():
        key = card.key()
        found = store.get(key) if store else None
        if found is None:
            missing.append((path, card, key))
        else:
            out[path] = found
    with ThreadPoolExecutor(max_workers=2) as pool:
        drawn = list(pool.map(lambda item: draw_card(item[1]), missing))
    for (path, _, key), png in zip(missing, drawn, strict=True):
        out[path] = png
        if store:
            store.put(key, png)
    return dict(sorted(out.items()))
