"""The plugin's options in mkdocs.yml, and how the CLI hands its own options to a build.

Defaults of site settings live in `generator.settings`; options here default to None so
that one place decides. Run options (`--now`, `--drafts`) reach the plugin as plugin
options in the loaded config, never through environment variables.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import yaml_load

PLUGIN = "advisories"


class AdvisoriesConfig(Config):
    records = c.Optional(c.Type(str))
    locales = c.Optional(c.Type(str))
    languages = c.Optional(c.ListOfItems(c.Type(str)))
    default_language = c.Optional(c.Type(str))
    nav = c.ListOfItems(c.Type(str), default=["index.md", "advisories/index.md", "faq.md"])
    site_name = c.Optional(c.Type(dict))
    organization = c.Optional(c.Type((str, dict)))
    contact_notice = c.Optional(c.Type(dict))
    security_contacts = c.Optional(c.ListOfItems(c.Type(str)))
    policy_url = c.Optional(c.Type(str))
    csaf_namespace = c.Optional(c.Type(str))
    max_record_bytes = c.Optional(c.Type(int))
    active_days = c.Optional(c.Type(int))
    email_from = c.Optional(c.Type(str))
    sms_max_segments = c.Optional(c.Type(int))
    regimes = c.Optional(c.ListOfItems(c.Type(str)))
    contact_point = c.Optional(c.Type(dict))
    downplaying_phrases = c.Optional(c.Type(dict))
    max_sentence_words = c.Optional(c.Type(int))
    min_readability = c.Optional(c.Type(dict))
    og_image = c.Optional(c.Type(str))
    stale_translations = c.Optional(c.Type(str))
    timezone = c.Optional(c.Type(str))
    require_approval = c.Optional(c.Type(bool))
    # Run options: set by `advisories build/serve` in the loaded config, or in mkdocs.yml.
    drafts = c.Type(bool, default=False)
    now = c.Optional(c.Type((str, datetime)))
    # `advisories build` prints the records' problems itself, in its own format, from the
    # one check the plugin makes (`AdvisoriesPlugin.problems`); plain `mkdocs` logs them.
    log_problems = c.Type(bool, default=True)
    # `advisories build` names the site the build will replace: its unchanged files are
    # hard-linked into the new one instead of written again.
    published_site = c.Optional(c.Type(str))


def plugin_overrides(config_file: str | Path, **options: Any) -> dict[str, Any]:
    """`load_config` keyword arguments that set advisories plugin options in-process:
    mkdocs.yml's plugin list as it is now, with `options` merged into ours. MkDocs takes
    the list apart while validating it, so each load needs a fresh one (and a fresh read
    picks up edits to mkdocs.yml during `serve`)."""
    with open(config_file, "rb") as stream:
        raw = yaml_load(stream) or {}
    plugins = raw.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: value} for name, value in plugins.items()]
    merged: list[Any] = []
    for entry in plugins:
        name = _plugin_name(entry)
        if name == PLUGIN:
            current = {} if isinstance(entry, str) else dict(entry[name] or {})
            entry = {name: {**current, **{k: v for k, v in options.items() if v is not None}}}
        merged.append(entry)
    return {"plugins": merged}


def preview_plugins(config_file: str | Path, **options: Any) -> list[Any]:
    """mkdocs.yml's plugins for the incremental preview's builds: ours with `options`
    merged in, every other one as written, search left out. Material's search keeps one
    dirty-reload index per plugin instance, which MkDocs shares across the language
    builds, so it would mix languages (`serve --full` has search)."""
    return [
        entry
        for entry in plugin_overrides(config_file, **options)["plugins"]
        if _plugin_name(entry).split("/")[-1] != "search"
    ]


def _plugin_name(entry: str | dict[str, Any]) -> str:
    """The name of a `plugins:` entry: `- search` or `- search: {options}`."""
    return entry if isinstance(entry, str) else next(iter(entry))


def load(config_file: str, **overrides: Any) -> MkDocsConfig:
    return load_config(config_file=config_file, **overrides)
