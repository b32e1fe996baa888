"""The second core: a forked process does one part of a build while this one does another.

Fork rather than spawn, because the child starts with everything this process has already
loaded and checked (records, catalogs, templates) and repeats none of it; only its result
comes back, pickled through a pipe. A process is forked only while it runs a single
thread (a `serve` preview has server threads, and a lock held by one of them would stay
held in the child), and never where there is no fork or no second core: there the work
simply runs in this process, with the same result.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

Result = TypeVar("Result")


def second_core_available() -> bool:
    """Fork only where it helps and is safe: a second core this process may use (as
    `taskset` or a container's CPU set allow), and no other thread."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return hasattr(os, "fork") and (cores or 1) > 1 and threading.active_count() == 1


class WorkerFailed(RuntimeError):
    """The child ended without a result (killed, or its result could not be sent)."""


class Forked(Generic[Result]):
    """`work()` running in a child process; `result()` waits for it and returns its value
    or raises its exception here, as if it had run in this process."""

    def __init__(self, work: Callable[[], Result]) -> None:
        sys.stdout.flush()  # what is buffered now must not be printed twice
        sys.stderr.flush()
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
        if pid == 0:
            os.close(read_end)
            _run_child(work, write_end)  # never returns
        os.close(write_end)
        self.pid = pid
        self.read_end = read_end

    def result(self) -> Result:
        with os.fdopen(self.read_end, "rb") as pipe:
            self.read_end = -1
            try:
                # Unpickled as it is read: a large result and the bytes it came in are
                # never in memory together (at 10,000 advisories, 170 MB at the peak).
                received: tuple[bool, Any] | None = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):
                received = None
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        if received is None:
            raise WorkerFailed(f"a build process ended without its result (status {status})")
        succeeded, value = received
        if succeeded:
            return value
        raise value

    def cancel(self) -> None:
        """Stop the child, if it still runs, when this process gives up on the build."""
        if self.pid:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = 0
        if self.read_end >= 0:
            os.close(self.read_end)
            self.read_end = -1


def _run_child(work: Callable[[], object], write_end: int) -> None:
    """Run `work`, send what came of it, and leave by `os._exit`: the child must never
    return into its parent's code (its `finally` blocks would delete the parent's files)."""
    status = 0
    try:
        try:
            payload = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # every failure, Ctrl+C included, goes back
            status = 1
            payload = _failure(exc)
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(payload)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(status)


def _failure(exc: BaseException) -> bytes:
    """The exception itself when it survives a round trip through pickle, else one that
    carries its type and message."""
    try:
        payload = pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(payload)
    except Exception:  # one that cannot travel is described instead
        payload = pickle.dumps((False, WorkerFailed(f"{type(exc).__name__}: {exc}")))
    return payload


def in_parallel(first: Callable[[], Result], second: Callable[[], Result]) -> list[Result]:
    """`[first(), second()]`, with `second` on the other core when one is free."""
    if not second_core_available():
        return [first(), second()]
    try:
        other = Forked(second)
    except OSError:  # no process to spare (a process limit): this one does both
        return [first(), second()]
    try:
        return [first(), other.result()]
    except BaseException:
        other.cancel()
        raise
