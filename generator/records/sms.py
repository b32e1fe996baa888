"""SMS length as carriers count it (3GPP TS 23.038).

A message is GSM-7 while every character is in the GSM 03.38 alphabet; characters of its
extension table take two septets. One character outside it switches the whole message to
UCS-2 (UTF-16 code units). Long messages are split into segments that carry a header, and
an escape pair or a surrogate pair is never split across two segments.
"""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
SINGLE = {"GSM-7": 160, "UCS-2": 70}
PER_SEGMENT = {"GSM-7": 153, "UCS-2": 67}


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets, or UTF-16 code units
    segments: int


def measure(text: str) -> SmsLength:
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text):
        encoding = "GSM-7"
        sizes = [2 if c in GSM7_EXTENSION else 1 for c in text]
    else:
        encoding = "UCS-2"
        sizes = [2 if ord(c) > 0xFFFF else 1 for c in text]
    units = sum(sizes)
    if units <= SINGLE[encoding]:
        return SmsLength(encoding, units, 1 if text else 0)
    segments, used = 1, 0
    for size in sizes:  # pack greedily; a pair stays in one segment
        if used + size > PER_SEGMENT[encoding]:
            segments, used = segments + 1, 0
        used += size
    return SmsLength(encoding, units, segments)


# Typographic characters with a GSM-7 twin that reads the same. Accented vowels such as
# á í ó ú have none that is acceptable in Spanish (writing "a" for "á" is a spelling
# mistake), so they are named as what makes the message UCS-2 instead.
GSM7_REPLACEMENTS = {
    "\u2019": "'",
    "\u2018": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2022": "-",
}


@dataclass(frozen=True)
class Gsm7Advice:
    replaceable: dict[str, str]  # character found -> its GSM-7 twin
    forcing: tuple[str, ...]  # characters without one: they keep the message UCS-2


def gsm7_advice(text: str) -> Gsm7Advice:
    """What keeps `text` out of GSM-7, split into what can be replaced and what cannot."""
    outside = sorted({c for c in text if c not in GSM7_BASIC and c not in GSM7_EXTENSION})
    return Gsm7Advice(
        {c: GSM7_REPLACEMENTS[c] for c in outside if c in GSM7_REPLACEMENTS},
        tuple(c for c in outside if c not in GSM7_REPLACEMENTS),
    )
