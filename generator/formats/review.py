"""What changed in a record, as a page a reviewer reads without git: per field and
language, the words removed and added."""

from __future__ import annotations

from dataclasses import dataclass

from ..records.changes import Change, word_diff
from ..settings import Settings
from ..site.render import Renderer


@dataclass(frozen=True)
class FieldChange:
    field: str
    lang: str | None
    runs: list[tuple[str, str]]  # ("same" | "removed" | "added", text)


def field_changes(changes: list[Change]) -> list[FieldChange]:
    """Each change as runs of words: a text as its word diff, a fact as before and after."""
    out = []
    for change in changes:
        before, after = change.before or "", change.after or ""
        if change.lang is None:
            arrow = [("same", " → ")] if before and after else []
            runs = [("removed", before)] * bool(before) + arrow + [("added", after)] * bool(after)
        else:
            runs = word_diff(before, after)
        out.append(FieldChange(change.field, change.lang, runs))
    return out


def review_html(
    advisory_id: str, since: str, changes: list[Change], lang: str, s: Settings
) -> bytes:
    """A standalone page (no script, no request), in the reviewer's language."""
    page = Renderer(s).render(
        "review.html.j2", lang, id=advisory_id, since=since, changes=field_changes(changes)
    )
    return page.encode("utf-8")
