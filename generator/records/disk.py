"""Writing a user's files: whole or not at all, and never through a link.

A record or its translation state is rewritten by writing a temporary file beside it and
renaming it over the old one, so a full disk or a killed process leaves the old file as
it was. A link planted at the name is refused rather than followed: the write could
otherwise replace a file anywhere the user can write.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from .diagnostics import UserError
from .messages import tr


class UnsafeWrite(UserError):
    """The target is a link or not a regular file."""


class NotRegular(UserError):
    """A file kept beside a record is a link, a folder or a device."""


def read_regular(path: Path) -> bytes | None:
    """The bytes of a file kept beside a record, or None when there is none. A link or
    anything but a regular file is refused (NotRegular), never followed."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise NotRegular(str(path))
    return path.read_bytes()


def check_writable(path: Path) -> None:
    """Refuse before anything is written: a link, a folder or a device at `path`."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeWrite(
            tr(
                "%(path)s is a symbolic link; refusing to write through it. Replace it with "
                "a regular file",
                path=path,
            )
        )
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeWrite(tr("%(path)s is not a regular file; refusing to write it", path=path))


class Staged:
    """A file written in full beside its target, put in place by `commit`."""

    def __init__(self, path: Path, data: bytes) -> None:
        check_writable(path)
        self.path = path
        self.temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
        descriptor = os.open(self.temporary, flags, mode)
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        except BaseException:
            self.discard()
            raise

    def commit(self) -> None:
        check_writable(self.path)
        os.replace(self.temporary, self.path)

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.temporary)


def write_all(files: dict[Path, bytes]) -> None:
    """Every file written in full first, then all renamed into place: a full disk stops
    the import before any file changed."""
    staged: list[Staged] = []
    try:
        for path, data in files.items():
            staged.append(Staged(path, data))
    except BaseException:
        for done in staged:
            done.discard()
        raise
    for done in staged:
        done.commit()


def write_atomic(path: Path, data: bytes) -> None:
    write_all({path: data})
