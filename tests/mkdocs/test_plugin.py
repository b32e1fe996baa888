"""The MkDocs adapter's contract with MkDocs: event order and what it takes from config."""

from generator.mkdocs.config import PLUGIN, plugin_overrides
from generator.mkdocs.plugin import AdvisoriesPlugin


def test_hardening_runs_after_every_other_plugin():
    for event in ("on_post_page", "on_post_template"):
        assert getattr(AdvisoriesPlugin, event).mkdocs_priority == -100


def test_run_options_travel_in_the_config_and_survive_repeated_loads(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - search\n  - advisories:\n      records: r\n")
    overrides = plugin_overrides(config, now="2030-01-01T00:00:00+00:00", drafts=True)
    for _ in range(3):  # `serve` reloads the config with the same arguments on every change
        entries = list(overrides["plugins"])
        assert entries[0] == "search"
        assert entries[1] == {
            PLUGIN: {"records": "r", "now": "2030-01-01T00:00:00+00:00", "drafts": True}
        }
        entries[1].popitem()  # what MkDocs does to the list it validates
