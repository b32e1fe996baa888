"""Legal sign-off: what was approved, by whom and when, and what changed since.

`advisories approve <id>` writes `<id>.approval.json` beside the record: a fingerprint of
every published text in every language and of every fact (see `changes.published`), who
approved and when, and the git blob id of the approved file (so `advisories diff
--since-approval` can show the approved words once that version is committed). No text
is stored: the file is small, sorted and diffs well. With `require_approval: true` in
mkdocs.yml a build refuses a record whose texts or facts differ from their approval.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .advisory import Advisory
from .changes import Published, published
from .diagnostics import Problem, UserError
from .disk import NotRegular, read_regular, write_atomic
from .load import Document, undecodable_position
from .messages import tr
from .spec import Key

FORMAT = 1
SUFFIX = ".approval.json"
APPROVED, CHANGED, UNAPPROVED = "approved", "changed", "unapproved"
# The problems of a record waiting for sign-off (the draft preview shows them as a banner).
AWAITING_APPROVAL = ("not-approved", "changed-since-approval")
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")


def fingerprint(text: str) -> str:
    """128 bits of SHA-256 over the text with its spacing normalized inside paragraphs
    (rewrapping a line is no change; a new paragraph is). 128 bits: nobody can write a
    second text with the same fingerprint."""
    paragraphs = re.split(r"\n[ \t]*\n\s*", text.strip())
    normalized = "\n\n".join(" ".join(p.split()) for p in paragraphs)
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:32]


def approval_path(record_path: Path) -> Path:
    return record_path.with_name(record_path.name.rsplit(".", 1)[0] + SUFFIX)


def approval_bytes_on_disk(record_path: Path) -> bytes | None:
    """The approval file's bytes as they are now (a cache key, like the state file's)."""
    try:
        return approval_path(record_path).read_bytes()
    except OSError:
        return None


def git_blob_id(data: bytes) -> str:
    """The id git gives these bytes as a file (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass(frozen=True)
class Approval:
    by: str
    at: str  # ISO 8601 with offset
    blob: str  # git blob id of the approved record file
    texts: dict[str, dict[str, str]]  # language -> dotted name -> fingerprint
    facts: dict[str, str]  # dotted name -> fingerprint


def fingerprints(record: Published) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    texts = {
        lang: {name: fingerprint(text) for name, text in sorted(by_name.items())}
        for lang, by_name in sorted(record.texts.items())
    }
    facts = {name: fingerprint(value) for name, value in sorted(record.facts.items())}
    return texts, facts


def approve(a: Advisory, record_bytes: bytes, by: str, at: datetime) -> Approval:
    texts, facts = fingerprints(published(a))
    return Approval(by, at.isoformat(timespec="seconds"), git_blob_id(record_bytes), texts, facts)


def approval_bytes(approval: Approval) -> bytes:
    data = {
        "format": FORMAT,
        "approved": {"by": approval.by, "at": approval.at, "blob": approval.blob},
        "texts": approval.texts,
        "facts": approval.facts,
    }
    return (json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()


def save_approval(record_path: Path, approval: Approval) -> Path:
    path = approval_path(record_path)
    write_atomic(path, approval_bytes(approval))
    return path


class ApprovalFileError(UserError):
    """The approval file cannot be trusted; its problem says where and how to fix it."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _bad(shown: str, line: int, column: int, what: str) -> ApprovalFileError:
    return ApprovalFileError(
        Problem(
            shown,
            line,
            column,
            tr(
                "%(what)s; restore it from version control, or approve the record again "
                "with `advisories approve`",
                what=what,
            ),
            "bad-approval",
        )
    )


def _fingerprint_map(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(k, str) and isinstance(v, str) and _FINGERPRINT.fullmatch(v)
        for k, v in value.items()
    )


def load_approval(record_path: Path, shown: str | None = None) -> Approval | None:
    """The stored approval, None when there is none. A file that cannot be read is an
    error: treating it as absent would hide a sign-off, treating it as valid would
    publish what nobody approved."""
    path = approval_path(record_path)
    shown = shown or str(path)
    try:
        raw = read_regular(path)
    except NotRegular:
        raise _bad(shown, 1, 1, tr("is a link or not a regular file")) from None
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line, column = undecodable_position(raw, exc)
        raise _bad(shown, line, column, tr("the file is not UTF-8")) from None
    except json.JSONDecodeError as exc:
        reason = tr("not valid JSON (%(reason)s)", reason=exc.msg)
        raise _bad(shown, exc.lineno, exc.colno, reason) from None
    approved = data.get("approved") if isinstance(data, dict) else None
    if (
        not isinstance(approved, dict)
        or not all(isinstance(approved.get(k), str) for k in ("by", "at", "blob"))
        or not isinstance(data.get("texts"), dict)
        or not all(_fingerprint_map(v) for v in data["texts"].values())
        or not _fingerprint_map(data.get("facts"))
    ):
        raise _bad(shown, 1, 1, tr("the file is not an approval `advisories approve` writes"))
    return Approval(approved["by"], approved["at"], approved["blob"], data["texts"], data["facts"])


@dataclass(frozen=True)
class Difference:
    """A field whose fingerprint differs from the approved one."""

    field: str
    lang: str | None  # None for a fact
    kind: str  # "changed", "added" or "removed"
    key: Key  # where to point in the record (its nearest ancestor when removed)


def differences(approval: Approval, a: Advisory) -> list[Difference]:
    record = published(a)
    texts, facts = fingerprints(record)
    out = _differ(approval.facts, facts, None, record)
    for lang in sorted(set(approval.texts) | set(texts)):
        out += _differ(approval.texts.get(lang, {}), texts.get(lang, {}), lang, record)
    return out


def _parent_key(name: str) -> Key:
    """The key path a removed field had, from its dotted name."""
    return tuple(int(part) if part.isdigit() else part for part in name.split("."))


def _differ(
    approved: dict[str, str], now: dict[str, str], lang: str | None, record: Published
) -> list[Difference]:
    out = []
    for name, value in now.items():
        if approved.get(name) != value:
            kind = "changed" if name in approved else "added"
            out.append(Difference(name, lang, kind, record.keys[name]))
    for name in approved:
        if name not in now:
            out.append(Difference(name, lang, "removed", _parent_key(name)))
    return out


def approval_problems(a: Advisory, doc: Document, record_path: Path) -> tuple[str, list[Problem]]:
    """The record's approval state, and an error for each field that changed since its
    approval (or one for a record never approved)."""
    shown = str(approval_path(Path(doc.path)))
    try:
        approval = load_approval(record_path, shown)
    except ApprovalFileError as exc:
        return UNAPPROVED, [exc.problem]
    if approval is None:
        return UNAPPROVED, [
            doc.problem(
                ("id",),
                "not-approved",
                tr(
                    "this site publishes only approved records (`require_approval: true`) "
                    "and %(id)s has no approval; once legal has read it, run `advisories "
                    "approve %(id)s --by NAME`",
                    id=a.id,
                ),
            )
        ]
    out = []
    for found in differences(approval, a):
        what = found.field + (f".{found.lang}" if found.lang else "")
        reason = {
            "changed": tr("changed since"),
            "added": tr("added after"),
            "removed": tr("removed after"),
        }[found.kind]
        out.append(
            doc.problem(
                (*found.key, found.lang) if found.lang and found.kind != "removed" else found.key,
                "changed-since-approval",
                tr(
                    "%(field)s: %(reason)s the approval by %(by)s on %(at)s; show the change "
                    "with `advisories diff %(id)s --since-approval`, and once legal agrees run "
                    "`advisories approve %(id)s`",
                    field=what,
                    reason=reason,
                    by=approval.by,
                    at=approval.at,
                    id=a.id,
                ),
            )
        )
    return (CHANGED if out else APPROVED), out
