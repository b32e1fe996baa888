"""Translations coming back from translators' tools, applied as plan → check → write.

An exchange file is hostile input like a record: it may name any language, any path, any
text. Nothing is written until every record it touches has been changed in memory and
passed every check with its new translation state; then every file is written in full
beside its target and renamed into place (`disk.write_all`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .advisory import Advisory, text_units
from .diagnostics import UserError, errors
from .disk import check_writable
from .load import RECORD_SUFFIXES, Limits, display_path, load_text
from .messages import tr
from .translations import TranslationState, fingerprint, load_state, state_bytes, state_path
from .validate import Policy, check_files, record_checks, validate_document
from .writeback import with_texts

# XLIFF 1.2 target states that say the text is not a finished translation yet.
UNFINISHED_STATES = frozenset(
    {
        "new",
        "needs-translation",
        "needs-adaptation",
        "needs-l10n",
        "needs-review-translation",
        "needs-review-adaptation",
        "needs-review-l10n",
    }
)


@dataclass(frozen=True)
class Unit:
    """One text as a translator returned it."""

    record: str  # the record's path, as the export wrote it (`original`)
    lang: str  # the target language of its <file>
    name: str  # dotted path of the text
    source: str
    target: str
    state: str = ""  # the target's XLIFF state; "" when the tool wrote none
    line: int = 0  # where the unit starts in the exchange file


class ImportRefused(UserError):
    """The exchange file cannot be applied; nothing was written."""


@dataclass
class RecordPlan:
    path: Path
    changed_texts: int = 0
    marked: int = 0
    files: dict[Path, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Site:
    """What the importer needs to know of the site."""

    records_dir: Path
    languages: list[str]
    limits: Limits
    policy: Policy


def _refuse(where: str, message: str) -> ImportRefused:
    return ImportRefused(f"{where}: {message} " + tr("Nothing was imported; no file was changed."))


def _record_path(original: str, exchange: str, site: Site, root: Path) -> Path:
    """Only a record file inside the records folder, however the path is spelled."""
    path = (root / original).resolve() if original else root
    inside = path.is_relative_to(site.records_dir.resolve())
    if not original or not inside or path.suffix not in RECORD_SUFFIXES:
        raise _refuse(
            exchange,
            tr(
                "`original=%(original)s` is not a record in %(folder)s; an import only "
                "writes advisory records of this site",
                original=original,
                folder=display_path(site.records_dir, root),
            ),
        )
    check_writable(root / original)
    check_writable(state_path(root / original))
    return path


def plan_import(
    units: list[Unit], exchange: str, site: Site, now: datetime, root: Path
) -> list[RecordPlan]:
    """Every change the file asks for, checked; raises ImportRefused at the first reason
    not to write anything."""
    by_record: dict[Path, list[Unit]] = {}
    for unit in units:
        by_record.setdefault(_record_path(unit.record, exchange, site, root), []).append(unit)
    plans = []
    for path, record_units in sorted(by_record.items()):
        plans.append(_plan_record(path, record_units, exchange, site, now, root))
    return plans


def _plan_record(
    path: Path, units: list[Unit], exchange: str, site: Site, now: datetime, root: Path
) -> RecordPlan:
    shown = display_path(path, root)
    checked = check_files([path], site.languages, now, root, site.limits, policy=site.policy)
    # A stale translation (an error where the site says so) is what an import may fix:
    # whether it still blocks is decided by the check of the record as it would be.
    blocking = [p for p in errors(checked.problems) if p.code != "stale-translation"]
    if not checked.advisories or blocking:
        raise _refuse(
            shown,
            tr("the record has errors as it is; fix them (`advisories check`) before importing."),
        )
    a = checked.advisories[0]
    state = load_state(path, display_path(state_path(path), root))
    source_text = path.read_text(encoding="utf-8")
    text = source_text
    plan = RecordPlan(path)
    langs = sorted({u.lang for u in units})
    for lang in langs:
        if lang not in site.languages or lang == a.source_lang:
            raise _refuse(
                exchange,
                tr(
                    "target-language `%(lang)s` for %(record)s: the translation must be in one "
                    "of the site's languages other than the record's original "
                    "(`%(source)s`): %(choices)s",
                    lang=lang,
                    record=shown,
                    source=a.source_lang,
                    choices=", ".join(x for x in site.languages if x != a.source_lang),
                ),
            )
    current = {dotted: (key, texts) for dotted, key, texts in text_units(a)}
    finished: dict[str, set[str]] = {lang: set() for lang in langs}
    for lang in langs:
        changes: dict[tuple, str] = {}
        for unit in (u for u in units if u.lang == lang):
            where = f"{exchange}:{unit.line}" if unit.line else exchange
            if unit.name not in current:
                raise _refuse(
                    where,
                    tr(
                        "%(record)s has no text `%(field)s`; the file was exported from "
                        "another version of the record. Export again.",
                        record=shown,
                        field=unit.name,
                    ),
                )
            key, texts = current[unit.name]
            if " ".join(unit.source.split()) != " ".join(texts.get(a.source_lang, "").split()):
                raise _refuse(
                    where,
                    tr(
                        "the %(source)s text of `%(field)s` changed since this file was "
                        "exported (stale export); export again and translate the new text.",
                        source=a.source_lang,
                        field=unit.name,
                    ),
                )
            target = unit.target.strip()
            if not target:
                continue
            if target != texts.get(lang, "").strip():
                changes[key] = target
            if unit.state not in UNFINISHED_STATES:
                finished[lang].add(unit.name)
        if changes:
            text = with_texts(text, lang, changes)
            plan.changed_texts += len(changes)
    if len(text.encode("utf-8")) > site.limits.max_bytes:
        raise _refuse(
            shown,
            tr(
                "with these translations the record would be %(size)d bytes, over the limit "
                "of %(limit)d (`max_record_bytes`).",
                size=len(text.encode("utf-8")),
                limit=site.limits.max_bytes,
            ),
        )
    doc, load_problems = load_text(text, shown, site.limits)
    if doc.data is None:
        raise _refuse(shown, _listing(load_problems))
    # The record's shape first, for the texts to mark; then every check once, with the
    # marks this import makes (a translation it brings up to date is not stale).
    advisory, problems = validate_document(doc, site.languages, now, site.policy.timezone)
    if advisory is None:
        raise _refuse(shown, _listing(load_problems + problems))
    new_state = _marked(state, advisory, finished, now.date())
    advisory, problems = record_checks(doc, path, site.languages, now, site.policy, new_state)
    if advisory is None or errors(load_problems + problems):
        raise _refuse(shown, _listing(load_problems + problems))
    if text != source_text:
        plan.files[path] = text.encode("utf-8")
    if new_state.marks != state.marks:
        plan.files[state_path(path)] = state_bytes(advisory, new_state)
        plan.marked = sum(
            1
            for lang, marks in new_state.marks.items()
            for dotted, mark in marks.items()
            if state.marks.get(lang, {}).get(dotted) != mark
        )
    return plan


def _marked(
    state: TranslationState, a: Advisory, finished: dict[str, set[str]], today: date
) -> TranslationState:
    """Mark only the finished texts whose stored mark is not already theirs: an untouched
    round trip changes no date, and a text the tool says still needs work stays stale."""
    texts = {dotted: t for dotted, _, t in text_units(a)}
    for lang, names in finished.items():
        for name in sorted(names):
            pair = (
                fingerprint(texts[name].get(a.source_lang, "")),
                fingerprint(texts[name].get(lang, "")),
            )
            mark = state.marks.get(lang, {}).get(name)
            if not mark or (mark["source"], mark["target"]) != pair:
                state = state.marked(a, lang, today, name)
    return state


def _listing(problems: list) -> str:
    shown = errors(problems)
    return (
        tr("the imported text would make the record invalid:")
        + "\n"
        + "\n".join(str(p) for p in shown)
    )
