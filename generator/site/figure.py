"""The incident at a glance: an inline SVG of the timeline and the updates on a time axis.

Drawn vertically, so it reads on a 360 px phone as on a desktop: dates left of the axis,
what happened right of it, oldest at the top, the current status at the bottom. Entries
are spaced by their time (a quiet week shows as a longer stretch) but never closer than
two lines of text, and each text is wrapped by an estimate of its width in a sans-serif
face, so no label leaves the figure or overlaps another. No script, no inline style: the
classes are styled by the site's stylesheet. The list below the figure stays the text
alternative; the figure's title says what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from babel.dates import format_date
from markupsafe import Markup, escape

WIDTH = 340
DATE_RIGHT = 84  # dates end here, right-aligned
AXIS = 98
TEXT_LEFT = 112
TEXT_WIDTH = WIDTH - TEXT_LEFT - 6
FONT_SIZE = 12
LINE_HEIGHT = 15
MAX_LINES = 2
ROW = MAX_LINES * LINE_HEIGHT + 12  # the least distance between two entries
STRETCH = 120  # extra height shared out by the time between entries
TOP = 18
# Advance widths of a typical sans-serif face, in em: narrow, wide and the rest.
_NARROW = set("il.,:;'!|()[]{}/\\ ")
_WIDE = set("mwMW@%")


@dataclass(frozen=True)
class FigureEntry:
    when: date | datetime
    text: str  # plain text
    update: bool  # an update to the advisory, not an event of the incident


def _width(text: str) -> float:
    """Estimated width of `text` at FONT_SIZE, a little generous so it never overflows."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.32
        elif char in _WIDE or char.isupper():
            em += 0.86 if char in _WIDE else 0.7
        else:
            em += 0.58
    return em * FONT_SIZE


def _fit(text: str) -> list[str]:
    """At most MAX_LINES lines of whole words within TEXT_WIDTH; an ellipsis when cut."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while _width(word) > TEXT_WIDTH:  # one word wider than a line
            word = word[:-1]
        candidate = f"{current} {word}".strip()
        if _width(candidate) <= TEXT_WIDTH:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == MAX_LINES:
            lines[-1] = _with_ellipsis(lines[-1])
            return lines
    if current:
        lines.append(current)
    return lines


def _with_ellipsis(line: str) -> str:
    while line and _width(line + " …") > TEXT_WIDTH:
        line = line.rsplit(" ", 1)[0] if " " in line else line[:-1]
    return line + " …"


def _moment(when: date | datetime) -> datetime:
    if isinstance(when, datetime):
        return when.astimezone(UTC)
    return datetime(when.year, when.month, when.day, tzinfo=UTC)


def _positions(moments: list[datetime]) -> list[float]:
    """Each entry's height on the axis: at least ROW below the one before, plus its share
    of STRETCH by the time that passed."""
    if not moments:
        return []
    span = (moments[-1] - moments[0]).total_seconds() or 1.0
    out = [float(TOP)]
    for before, now in zip(moments, moments[1:], strict=False):
        out.append(out[-1] + ROW + STRETCH * (now - before).total_seconds() / span)
    return out


def timeline_svg(entries: list[FigureEntry], status_label: str, title: str, lang: str) -> Markup:
    """The figure as inline SVG markup, every text escaped."""
    ordered = sorted(entries, key=lambda e: _moment(e.when))
    ys = _positions([_moment(e.when) for e in ordered])
    status_y = (ys[-1] if ys else TOP) + ROW
    height = status_y + 20
    parts = [
        f'<svg class="adv-figure__svg" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="timeline-figure-title" font-family="sans-serif" '
        f'font-size="{FONT_SIZE}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="timeline-figure-title">{escape(title)}</title>',
    ]
    if ys:
        parts.append(
            f'<line class="adv-figure__axis" x1="{AXIS}" y1="{ys[0]:.1f}" x2="{AXIS}" '
            f'y2="{status_y:.1f}"/>'
        )
    for entry, y in zip(ordered, ys, strict=True):
        day = entry.when.date() if isinstance(entry.when, datetime) else entry.when
        kind = "update" if entry.update else "event"
        marker = (
            f'<rect class="adv-figure__mark adv-figure__mark--update" x="{AXIS - 5}" '
            f'y="{y - 5:.1f}" width="10" height="10" transform="rotate(45 {AXIS} {y:.1f})"/>'
            if entry.update
            else f'<circle class="adv-figure__mark" cx="{AXIS}" cy="{y:.1f}" r="5"/>'
        )
        lines = _fit(entry.text)
        spans = "".join(
            f'<tspan x="{TEXT_LEFT}" dy="{0 if i == 0 else LINE_HEIGHT}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(
            f'<g class="adv-figure__entry adv-figure__entry--{kind}">{marker}'
            f'<text class="adv-figure__date" x="{DATE_RIGHT}" y="{y + 4:.1f}" '
            f'text-anchor="end">{escape(format_date(day, "medium", locale=lang))}</text>'
            f'<text class="adv-figure__text" x="{TEXT_LEFT}" y="{y + 4:.1f}">{spans}</text></g>'
        )
    parts.append(
        f'<circle class="adv-figure__mark adv-figure__mark--now" cx="{AXIS}" '
        f'cy="{status_y:.1f}" r="6"/>'
        f'<text class="adv-figure__status" x="{TEXT_LEFT}" y="{status_y + 4:.1f}">'
        f"{escape(status_label)}</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))
