"""The MkDocs adapter's contract with MkDocs: event order and what it takes from config."""

from generator.mkdocs.config import PLUGIN, plugin_overrides
from generator.mkdocs.plugin import AdvisoriesPlugin


def test_hardening_runs_after_every_other_plugin():
    for event in ("on_post_page", "on_post_template"):
        assert getattr(AdvisoriesPlugin, event).mkdocs_priority == -100


def test_run_options_travel_in_the_config_and_mkdocs_yml_is_read_again(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - search\n  - advisories:\n      records: r\n")
    entries = plugin_overrides(config, now="2030-01-01T00:00:00+00:00", drafts=True)["plugins"]
    assert entries == [
        "search",
        {PLUGIN: {"records": "r", "now": "2030-01-01T00:00:00+00:00", "drafts": True}},
    ]
    config.write_text(config.read_text().replace("records: r", "records: other"))
    again = plugin_overrides(config, now="2030-01-01T00:00:00+00:00")["plugins"]
    assert again[1] == {PLUGIN: {"records": "other", "now": "2030-01-01T00:00:00+00:00"}}
