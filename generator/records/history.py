"""Earlier versions of a record, from git: what a reviewer compares today's text with.

Git is only asked for objects (`git show REF:./file`, `git cat-file blob ID`), run in the
record's own folder; a ref that starts with `-` or holds `:` is refused, so it can become
neither an option nor another file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from .diagnostics import UserError
from .messages import tr

# How far back `--since-approval` looks for a committed version matching the approval.
HISTORY_DEPTH = 200
_OBJECT_ID = re.compile(r"[0-9a-f]{40}")


class HistoryError(UserError):
    """The version asked for is not in the repository; the message says what to do."""


def _git(folder: Path, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    if shutil.which("git") is None:
        raise HistoryError(tr("git is not installed; earlier versions come from git"))
    return subprocess.run(
        ["git", "-C", str(folder), *arguments], capture_output=True, check=False, timeout=60
    )


def version_at(record_path: Path, ref: str) -> bytes:
    """The record's bytes as committed at `ref` (a commit, branch or tag)."""
    if not ref or ref.startswith("-") or any(c in ref for c in ":\n\0"):
        raise HistoryError(tr("%(ref)r is not a git commit, branch or tag", ref=ref))
    found = _git(record_path.parent, "show", f"{ref}:./{record_path.name}")
    if found.returncode != 0:
        raise HistoryError(
            tr(
                "%(file)s is not in git at %(ref)s (%(reason)s); name a commit, branch or "
                "tag where it exists, e.g. `--since main`",
                file=record_path.name,
                ref=ref,
                reason=found.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
                or "unknown",
            )
        )
    return found.stdout


def approved_version(
    record_path: Path, blob: str, matches: Callable[[bytes], bool]
) -> bytes | None:
    """The approved bytes: the blob the approval names, else the newest committed version
    whose texts and facts match the approval (`matches`), else None."""
    if _OBJECT_ID.fullmatch(blob):
        found = _git(record_path.parent, "cat-file", "blob", blob)
        if found.returncode == 0:
            return found.stdout
    commits = _git(
        record_path.parent,
        "log",
        f"--max-count={HISTORY_DEPTH}",
        "--format=%H",
        "--",
        record_path.name,
    )
    if commits.returncode != 0:
        return None
    for commit in commits.stdout.decode().split():
        version = _git(record_path.parent, "show", f"{commit}:./{record_path.name}")
        if version.returncode == 0 and matches(version.stdout):
            return version.stdout
    return None


def remember(record_path: Path) -> None:
    """Store the record's bytes in git's object store, so the approved version can be
    shown before it is committed; nothing happens outside a repository."""
    if shutil.which("git") is not None:
        _git(record_path.parent, "hash-object", "-w", "--", record_path.name)
