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
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .advisory import Advisory, text_units
from .diagnostics import Problem, UserError
from .disk import NotRegular, read_regular, write_atomic
from .load import undecodable_position
from .messages import tr
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


class StateFileError(UserError):
    """The state file cannot be trusted; its problem says where and how to fix it."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


_FINGERPRINT = re.compile(r"[0-9a-f]{12}")


def _state_problem(path: str, line: int, column: int, message: str) -> StateFileError:
    return StateFileError(Problem(path, line, column, message, "bad-l10n-state"))


def _marks(data: object, path: str) -> dict[str, dict[str, dict[str, str]]]:
    """The marks of a parsed state file, or the first thing wrong with its shape."""
    redo = tr(
        "; restore it from version control (`git checkout -- %(path)s`), or delete it and "
        "mark the checked translations again with `advisories l10n done`",
        path=path,
    )
    translations = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(translations, dict):
        raise _state_problem(path, 1, 1, tr("no `translations` map") + redo)
    for lang, texts in translations.items():
        if not isinstance(texts, dict):
            raise _state_problem(path, 1, 1, tr("`%(lang)s` is not a map", lang=lang) + redo)
        for dotted, mark in texts.items():
            try:
                valid = (
                    isinstance(mark, dict)
                    and all(
                        isinstance(mark.get(k), str) and _FINGERPRINT.fullmatch(mark[k])
                        for k in ("source", "target")
                    )
                    and isinstance(mark.get("date"), str)
                    and date.fromisoformat(mark["date"]) is not None
                )
            except ValueError:
                valid = False
            if not valid:
                raise _state_problem(
                    path,
                    1,
                    1,
                    tr(
                        "the mark of `%(lang)s` `%(field)s` is not {source, target, date}",
                        lang=lang,
                        field=dotted,
                    )
                    + redo,
                )
    return translations


def load_state(record_path: Path, display: str | None = None) -> TranslationState:
    """The stored marks. A state file that cannot be read is an error, never an empty
    state: ignoring it would publish stale translations and let the next `l10n done`
    drop every other mark."""
    path = state_path(record_path)
    shown = display or str(path)
    try:
        raw = read_regular(path)
    except NotRegular:
        raise _state_problem(
            shown,
            1,
            1,
            tr(
                "is a link or not a regular file; replace it with the regular file "
                "`advisories l10n done` writes",
            ),
        ) from None
    if raw is None:
        return TranslationState()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = undecodable_position(raw, exc)
        raise _state_problem(
            shown, line, column, tr("the file is not UTF-8; restore it from version control")
        ) from None
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        conflict = re.search(r"^(<{7}|={7}|>{7})", text, re.M)
        if conflict:
            line = text.count("\n", 0, conflict.start()) + 1
            raise _state_problem(
                shown,
                line,
                1,
                tr(
                    "a git merge conflict was left in the file; keep both sides' marks as one "
                    "JSON map (or take one side: `git checkout --theirs %(path)s`), then run "
                    "`advisories l10n status`",
                    path=shown,
                ),
            ) from None
        raise _state_problem(
            shown,
            exc.lineno,
            exc.colno,
            tr(
                "not valid JSON (%(reason)s); restore it from version control",
                reason=exc.msg,
            ),
        ) from None
    return TranslationState(_marks(data, shown), True)


def state_bytes_on_disk(record_path: Path) -> bytes | None:
    """The state file's bytes as they are now (a cache key: a same-size save within one
    timestamp tick still counts as a change)."""
    try:
        return state_path(record_path).read_bytes()
    except OSError:
        return None


def state_bytes(a: Advisory, state: TranslationState) -> bytes:
    data = {"format": FORMAT, "source_lang": a.source_lang, "translations": state.marks}
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def save_state(record_path: Path, a: Advisory, state: TranslationState) -> Path:
    path = state_path(record_path)
    write_atomic(path, state_bytes(a, state))
    return path
