"""The second core: work forked into a child comes back as if it had run here."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import threading

import pytest
from conftest import NOW, ROOT, make_project, sample_text, site_digests
from mkdocs.exceptions import PluginError

from generator.cache import FOLDER
from generator.parallel import Forked, WorkerFailed, in_parallel, second_core_available
from generator.records.validate import _SPLIT_AT
from generator.site.localize import CARD_NAME

# Whether a build may fork depends on the cores and on the threads running. The test
# process may run threads of other tests (servers, the browser), so `in_parallel` is tried
# in a fresh interpreter, and `Forked`, which always forks, is tried here.
two_cores = len(os.sched_getaffinity(0)) > 1
needs_two_cores = pytest.mark.skipif(not two_cores, reason="one core: a build forks nothing")


def _fresh(code: str) -> str:
    """What a fresh, single-threaded interpreter prints running `code`."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@needs_two_cores
def test_the_second_part_runs_in_another_process_and_its_value_comes_back():
    out = _fresh(
        """
        import os
        from generator.parallel import in_parallel
        print(os.getpid(), *in_parallel(os.getpid, os.getpid))
        """
    )
    here, first, second = out.split()
    assert first == here and second != here


@needs_two_cores
def test_the_child_never_runs_its_parents_cleanup():
    """A `finally` around the fork (the CLI's deletes its staging folder) runs once."""
    out = _fresh(
        """
        import os
        from generator.parallel import in_parallel
        try:
            print("result", *in_parallel(lambda: 1, lambda: 2), flush=True)
        finally:
            print("cleanup", os.getpid(), flush=True)
        """
    )
    lines = out.splitlines()
    assert lines[0] == "result 1 2"
    assert sum(line.startswith("cleanup") for line in lines) == 1


@needs_two_cores
def test_a_failure_here_stops_the_child():
    out = _fresh(
        """
        import os, threading
        from generator.parallel import in_parallel
        started = os.pipe()

        def slow():
            os.write(started[1], b"x")
            threading.Event().wait(60)

        def fails():
            os.read(started[0], 1)  # the child is running
            raise ValueError("the parent's part failed")

        try:
            in_parallel(fails, slow)
        except ValueError:
            try:
                os.wait()
            except ChildProcessError:
                print("no child left")
        """
    )
    assert out.strip() == "no child left"


def test_a_value_comes_back_from_the_child():
    child = Forked(lambda: ("from the child", os.getpid()))
    text, pid = child.result()
    assert text == "from the child" and pid not in (os.getpid(), 0)


def test_an_error_in_the_child_is_raised_here_with_its_type_and_message():
    def fails() -> None:
        raise PluginError("advisories: en/index.md: broken island")

    with pytest.raises(PluginError, match="broken island"):
        Forked(fails).result()


def test_an_error_that_cannot_travel_is_described():
    class Unpicklable(Exception):
        def __reduce__(self):
            raise TypeError("no")

    def fails() -> None:
        raise Unpicklable("the reason")

    with pytest.raises(WorkerFailed, match="Unpicklable: the reason"):
        Forked(fails).result()


def test_a_child_that_dies_without_a_result_is_a_failure_not_a_hang():
    with pytest.raises(WorkerFailed, match="without its result"):
        Forked(lambda: os._exit(3)).result()


def test_when_no_process_can_be_forked_this_one_does_both(monkeypatch):
    """A process limit cannot be reached as root, so the refusal is simulated."""

    def refuse() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    monkeypatch.setattr("generator.parallel.second_core_available", lambda: True)
    before = len(os.listdir("/proc/self/fd"))
    assert in_parallel(os.getpid, os.getpid) == [os.getpid(), os.getpid()]
    assert len(os.listdir("/proc/self/fd")) == before  # the pipe was closed


def test_with_another_thread_running_nothing_is_forked():
    """A lock held by another thread would stay held in a child: run both parts here."""
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not second_core_available()
        assert in_parallel(os.getpid, os.getpid) == [os.getpid(), os.getpid()]
    finally:
        stop.set()
        other.join()


def _one_core() -> None:
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _many_records(tmp_path, broken: bool = False):
    """Enough records that their checks are split between the two processes."""
    records = {
        f"incident-{n:02d}.yaml": sample_text()
        .replace("mixpanel-analytics-2025", f"incident-{n:02d}")
        .replace("Incidente en Mixpanel", f"Incidente {n:02d} en Mixpanel")
        .replace("Incident at Mixpanel", f"Incident {n:02d} at Mixpanel")
        for n in range(_SPLIT_AT + 2)
    }
    if broken:  # one error near the end, in the child's half
        records["incident-17.yaml"] = records["incident-17.yaml"].replace(
            "status: contained", "status: contaned"
        )
    return make_project(tmp_path, records)


def _build(project, *, cores: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "build", "--now", NOW],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        preexec_fn=_one_core if cores == "one" else None,
        timeout=600,
    )


@needs_two_cores
@pytest.mark.slow
def test_a_build_on_two_cores_writes_the_bytes_and_messages_of_one_on_one_core(tmp_path):
    project = _many_records(tmp_path)
    both = _build(project, cores="two")
    assert both.returncode == 0, both.stderr
    on_two = site_digests(project / "site")
    # Both processes stored what they made into the same cache files.
    cards = 2 * (_SPLIT_AT + 2)
    assert _rows(project / FOLDER / "cards.sqlite", "cards") == cards
    assert _rows(project / FOLDER / "compressed.sqlite", "twins") >= cards
    shutil.rmtree(project / "site")
    shutil.rmtree(project / ".cache")
    one = _build(project, cores="one")
    assert one.returncode == 0, one.stderr
    assert site_digests(project / "site") == on_two
    assert len([p for p in on_two if p.endswith("/" + CARD_NAME)]) == cards
    assert _problem_lines(one.stderr) == _problem_lines(both.stderr)


@needs_two_cores
def test_an_error_found_by_the_other_process_stops_the_build(tmp_path):
    project = _many_records(tmp_path, broken=True)
    result = _build(project, cores="two")
    assert result.returncode == 1
    assert "incident-17.yaml" in result.stderr and "[bad-choice]" in result.stderr
    assert not (project / "site").exists()


def _rows(database, table: str) -> int:
    with contextlib.closing(sqlite3.connect(database)) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ".yaml:" in line]
