"""Linked copies of theme folders: MkDocs lists the same theme files, templates still
include hidden ones, and a copy never stands for a folder whose files changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import material

from generator.mkdocs.theme_dirs import walkable

MATERIAL = Path(material.__file__).parent / "templates"


def _theme(folder: Path) -> Path:
    (folder / ".icons" / "set").mkdir(parents=True)
    (folder / ".icons" / "set" / "bell.svg").write_text("<svg>bell</svg>")
    (folder / "assets").mkdir()
    (folder / "assets" / "site.css").write_text("body{}")
    (folder / "main.html").write_text('{% include ".icons/set/bell.svg" %}')
    return folder


def _listed(folder: str) -> list[str]:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder)).list_templates()


def test_a_copy_lists_every_visible_file_and_still_includes_hidden_ones(tmp_path):
    theme = _theme(tmp_path / "theme")
    [copy] = walkable([str(theme)], tmp_path / "cache")
    assert copy != str(theme)
    assert _listed(copy) == ["assets/site.css", "main.html"]
    assert ".icons/set/bell.svg" in _listed(str(theme))
    page = jinja2.Environment(loader=jinja2.FileSystemLoader(copy)).get_template("main.html")
    assert page.render() == "<svg>bell</svg>"


def test_materials_copy_lists_what_material_lists_but_its_icons(tmp_path):
    [copy] = walkable([str(MATERIAL)], tmp_path / "cache")
    original = [name for name in _listed(str(MATERIAL)) if not name.startswith(".")]
    assert _listed(copy) == original
    assert (Path(copy) / ".icons" / "material" / "translate.svg").is_file()


def test_a_folder_without_hidden_folders_stays_itself(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "main.html").write_text("x")
    assert walkable([str(plain)], tmp_path / "cache") == [str(plain)]


def test_a_file_added_to_the_theme_gets_a_new_copy_and_edits_show_at_once(tmp_path):
    theme = _theme(tmp_path / "theme")
    [first] = walkable([str(theme)], tmp_path / "cache")
    (theme / "assets" / "site.css").write_text("body{color:red}")
    assert walkable([str(theme)], tmp_path / "cache") == [first]
    assert (Path(first) / "assets" / "site.css").read_text() == "body{color:red}"
    (theme / "assets" / "extra.js").write_text("")
    [second] = walkable([str(theme)], tmp_path / "cache")
    assert second != first and "assets/extra.js" in _listed(second)


def test_without_a_writable_cache_the_theme_folder_is_used_as_it_is(tmp_path):
    theme = _theme(tmp_path / "theme")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go")
    assert walkable([str(theme)], blocked / "theme") == [str(theme)]


def test_removing_a_copy_never_touches_the_theme(tmp_path):
    theme = _theme(tmp_path / "theme")
    walkable([str(theme)], tmp_path / "cache")
    shutil.rmtree(tmp_path / "cache")
    assert (theme / ".icons" / "set" / "bell.svg").read_text() == "<svg>bell</svg>"
    assert (theme / "main.html").is_file()
