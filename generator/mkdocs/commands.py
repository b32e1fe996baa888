"""What the CLI asks of MkDocs: load the site's settings, build into a folder, serve a
preview. The CLI itself never imports MkDocs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.commands.serve import serve
from mkdocs.exceptions import MkDocsException

from ..settings import Settings, SettingsError, from_options
from .config import PLUGIN, load, plugin_overrides


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


def build_into(
    config_file: str, site_dir: Path, site_url: str | None, now: str | None
) -> str | None:
    """Build the whole site into `site_dir`; the error message, or None on success."""
    overrides = {"site_url": site_url} if site_url else {}
    config = load(
        config_file, site_dir=str(site_dir), **overrides, **plugin_overrides(config_file, now=now)
    )
    try:
        build(config)
    except MkDocsException as exc:
        return str(exc)
    return None


def serve_preview(
    config_file: str, address: str, *, full: bool, now: str | None, drafts: bool
) -> None:
    serve(
        config_file=config_file,
        dev_addr=address,
        open_in_browser=False,
        build_type="clean" if full else "dirty",
        **plugin_overrides(config_file, now=now, drafts=drafts or None),
    )
