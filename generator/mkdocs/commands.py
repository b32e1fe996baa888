"""What the CLI asks of MkDocs: load the site's settings, build into a folder, serve a
preview. The CLI itself never imports MkDocs."""

from __future__ import annotations

import contextlib
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from ..records.diagnostics import Problem
from ..settings import Settings, SettingsError, from_options
from .config import PLUGIN, load, plugin_overrides, preview_plugins


@dataclass(frozen=True)
class Site:
    """A loaded mkdocs.yml: the core's settings plus the folders MkDocs would use."""

    settings: Settings
    site_dir: Path
    docs_dir: Path


def load_site(config_file: str, now: str | None = None) -> Site:
    config = load(config_file, **plugin_overrides(config_file, now=now))
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise SettingsError(f"{config_file}: add `- {PLUGIN}` under `plugins:`")
    root = Path(config.config_file_path).parent
    settings = from_options(root, config.site_url, dict(plugin.config))
    return Site(settings, Path(config.site_dir), Path(config.docs_dir))


@dataclass(frozen=True)
class BuildResult:
    failure: str | None  # MkDocs' error message, None when the site was built
    problems: list[Problem]  # what the one check of the records found


def build_into(
    config_file: str,
    site_dir: Path,
    site_url: str | None,
    now: str | None,
    published: Path | None = None,
) -> BuildResult:
    """Build the whole site into `site_dir`, taking unchanged files from `published`.
    The records are checked once, by the plugin; the caller prints what it found."""
    overrides = {"site_url": site_url} if site_url else {}
    options = plugin_overrides(
        config_file,
        now=now,
        log_problems=False,
        published_site=str(published) if published else None,
    )
    config = load(config_file, site_dir=str(site_dir), **overrides, **options)
    plugin = config.plugins.get(PLUGIN)
    try:
        build(config)
    except MkDocsException as exc:
        failure: str | None = str(exc)
    else:
        failure = None
    return BuildResult(failure, getattr(plugin, "problems", []))


# How often the preview looks for saved files. MkDocs' `serve` polls every 0.5 s, half
# the time a writer waits between saving and seeing; polling ~1,000 files every 0.1 s
# costs a few milliseconds.
WATCH_INTERVAL = 0.1


def serve_preview(
    config_file: str, address: str, *, full: bool, now: str | None, drafts: bool
) -> None:
    """MkDocs' `serve`, built from its own parts with a quicker watcher: a temporary site
    folder, a first build, then a rebuild and a browser reload on every save."""
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")

    def get_config() -> MkDocsConfig:
        options = {"now": now, "drafts": drafts or None}
        if full:
            plugins = plugin_overrides(config_file, **options)["plugins"]
        else:  # the incremental preview has no search, in the root build either
            plugins = preview_plugins(config_file, **options)
        return load(config_file, site_dir=site_dir, dev_addr=address, plugins=plugins)

    config = get_config()
    config.plugins.on_startup(command="build" if full else "serve", dirty=not full)
    host, port = config.dev_addr

    def builder(loaded: MkDocsConfig | None = None) -> None:
        current = loaded or get_config()
        current.site_url = server.url
        build(current, serve_url=None if full else server.url, dirty=not full)

    server = LiveReloadServer(
        builder=builder,
        host=host,
        port=port,
        root=site_dir,
        mount_path=urlsplit(config.site_url or "/").path,
        polling_interval=WATCH_INTERVAL,
    )
    server.error_handler = lambda code: _error_page(Path(site_dir), code)
    # After it sees a change, MkDocs waits until none has come for `build_delay` (0.1 s),
    # in case a save is several writes; an editor's writes come within milliseconds.
    server.build_delay = 0.025
    try:
        with _stopped_as_by_ctrl_c():
            _serve(server, builder, config)
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def _serve(server: LiveReloadServer, builder: Callable[..., None], config: MkDocsConfig) -> None:
    builder(config)
    server.watch(config.docs_dir)
    server.watch(config.config_file_path)
    server = config.plugins.on_serve(server, config=config, builder=builder)
    for path in config.watch:
        server.watch(path)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


@contextlib.contextmanager
def _stopped_as_by_ctrl_c() -> Iterator[None]:
    """A preview stopped by SIGTERM (a container's, a service manager's or `kill`'s stop)
    or SIGHUP (its terminal closed) cleans up as after Ctrl+C: before, each such stop
    left its temporary site and page folders behind. Signals reach only the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    stops = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {stop: signal.signal(stop, interrupt) for stop in stops}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
