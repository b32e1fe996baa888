"""Theme folders MkDocs can list quickly.

Every MkDocs build lists every file of every theme folder to find the static files it
copies, and filters out hidden paths only afterwards. Material's `.icons` holds some
14,000 SVGs that are never copied (only included by templates), so that listing was a
quarter of a preview rebuild and a few tenths of a second of each language build. A
linked copy of such a folder has the same tree, each file a symbolic link to the
original, and each hidden folder one link: Jinja's listing does not follow links to
folders, while a template still includes `.icons/…` through the link.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path


def walkable(theme_dirs: list[str], cache_folder: Path) -> list[str]:
    """`theme_dirs` with each folder that has a hidden folder replaced by its linked copy
    under `cache_folder`; a folder whose copy cannot be made stays as it is."""
    return [_linked_copy(Path(folder), cache_folder) or folder for folder in theme_dirs]


def _linked_copy(folder: Path, cache_folder: Path) -> str | None:
    entries = _visible_tree(folder)
    if entries is None or not any(hidden for _, hidden, _ in entries):
        return None
    # Named by the folder and the exact list of its visible paths: a theme upgrade, or a
    # file added to an overrides folder during `serve`, gives a new copy. A file's edits
    # need none, since the copy links to it.
    listing = repr((str(folder.resolve()), entries)).encode()
    copy = cache_folder / hashlib.sha256(listing).hexdigest()[:32]
    if copy.is_dir():
        return str(copy)
    with contextlib.suppress(OSError):
        cache_folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".copy-", dir=cache_folder))
        try:
            _link_tree(folder, staging, entries)
            staging.rename(copy)  # whole or not at all; a concurrent build may have won
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return str(copy) if copy.is_dir() else None


def _visible_tree(folder: Path) -> list[tuple[str, bool, bool]] | None:
    """(relative path, is a hidden folder, is a folder) of everything under `folder`,
    without entering hidden folders; None when it cannot be read."""
    entries: list[tuple[str, bool, bool]] = []
    try:
        for current, folders, files in os.walk(folder, onerror=_raise):
            relative = Path(current).relative_to(folder)
            folders.sort()
            for name in folders:
                entries.append(((relative / name).as_posix(), name.startswith("."), True))
            folders[:] = [name for name in folders if not name.startswith(".")]
            entries.extend(((relative / name).as_posix(), False, False) for name in sorted(files))
    except OSError:
        return None
    return entries


def _raise(error: OSError) -> None:
    raise error


def _link_tree(folder: Path, copy: Path, entries: list[tuple[str, bool, bool]]) -> None:
    original = folder.resolve()
    for relative, hidden, is_folder in entries:
        target = copy / relative
        if is_folder and not hidden:
            target.mkdir()
        else:
            target.symlink_to(original / relative, target_is_directory=is_folder)
