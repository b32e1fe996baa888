"""Whether each translation was made from the current source-language text.

For every text of a record, `<id>.l10n.json` beside the record stores, per translated
language, a short fingerprint of the source text and of the translation the last time
someone said "this translation is current" (`advisories l10n done` or an XLIFF import).
A later edit of the source makes the translation *stale*; an empty one is *missing*; a
text never marked is *new*. No git history is needed, the file is small and diffs well,
and nobody edits it by hand.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .advisory import Advisory, text_units
from .text import has_words
from .vocabulary import N_

FORMAT = 1
SUFFIX = ".l10n.json"
CURRENT, STALE, MISSING, NEW = "current", "stale", "missing", "new"
STATE_WORDS = {CURRENT: N_("current"), STALE: N_("stale"), MISSING: N_("missing"), NEW: N_("new")}


def fingerprint(text: str) -> str:
    """12 hex digits of SHA-256 over the text with its spacing normalized: rewrapping a
    paragraph does not make its translation stale."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def state_path(record_path: Path) -> Path:
    return record_path.with_name(record_path.name.rsplit(".", 1)[0] + SUFFIX)


@dataclass(frozen=True)
class TextStatus:
    state: str  # current, stale, missing or new
    since: date | None = None  # when the translation was last marked current


@dataclass(frozen=True)
class TranslationState:
    """The stored marks: language -> dotted path -> (source, target fingerprints, date)."""

    marks: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    tracked: bool = False  # False when the record has no state file yet

    def status(self, a: Advisory, lang: str) -> dict[str, TextStatus]:
        source_lang = a.source_lang
        mine = self.marks.get(lang, {})
        marked_pairs = {(m["source"], m["target"]): m["date"] for m in mine.values()}
        texts_now = [(dotted, texts) for dotted, _, texts in text_units(a)]
        pairs_now = {
            (fingerprint(t.get(source_lang, "")), fingerprint(t.get(lang, "")))
            for _, t in texts_now
        }
        out: dict[str, TextStatus] = {}
        for dotted, texts in texts_now:
            target = texts.get(lang, "")
            if not has_words(target):
                out[dotted] = TextStatus(MISSING)
                continue
            pair = (fingerprint(texts.get(source_lang, "")), fingerprint(target))
            mark = mine.get(dotted)
            if pair in marked_pairs:  # marked as it is now, here or before it moved
                out[dotted] = TextStatus(CURRENT, date.fromisoformat(marked_pairs[pair]))
            elif mark and mark["source"] == pair[0]:  # the translation was edited, not the source
                out[dotted] = TextStatus(CURRENT, date.fromisoformat(mark["date"]))
            elif mark and (mark["source"], mark["target"]) not in pairs_now:
                out[dotted] = TextStatus(STALE, date.fromisoformat(mark["date"]))
            else:  # never marked, or its mark belongs to a text that moved elsewhere
                out[dotted] = TextStatus(NEW)
        return out

    def marked(
        self, a: Advisory, lang: str, today: date, only: str | None = None
    ) -> TranslationState:
        """The state with `lang`'s texts (or one of them) marked current as they are now."""
        marks = {code: dict(paths) for code, paths in self.marks.items()}
        mine = marks.setdefault(lang, {})
        texts_now = text_units(a)
        for dotted, _, texts in texts_now:
            if only and dotted != only and not dotted.startswith(only + "."):
                continue
            if not has_words(texts.get(lang, "")):
                continue
            mine[dotted] = {
                "source": fingerprint(texts.get(a.source_lang, "")),
                "target": fingerprint(texts[lang]),
                "date": today.isoformat(),
            }
        known = {dotted for dotted, _, _ in texts_now}
        marks[lang] = {k: v for k, v in sorted(mine.items()) if k in known}
        return TranslationState(marks, True)


def load_state(record_path: Path) -> TranslationState:
    path = state_path(record_path)
    if not path.is_file():
        return TranslationState()
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return TranslationState()
    return TranslationState(data.get("translations", {}), True)


def save_state(record_path: Path, a: Advisory, state: TranslationState) -> Path:
    path = state_path(record_path)
    data = {"format": FORMAT, "source_lang": a.source_lang, "translations": state.marks}
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
