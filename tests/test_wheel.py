"""What users install: the built wheel, in a fresh virtual environment, without `-e`.

An editable install reads templates and theme files from the work tree, so it hides
package data missing from the wheel; this test installs the wheel and builds the sample.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOW, ROOT, make_project

pytestmark = pytest.mark.slow


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(
        args,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def test_the_wheel_installs_whole_and_builds_the_sample(tmp_path):
    source = tmp_path / "src"
    tracked = _run(["git", "ls-files", "-z"], ROOT).stdout.split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), "."], source
    )
    wheel = next(tmp_path.glob("advisories-*.whl"))
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], tmp_path)
    _run([str(venv / "bin" / "pip"), "install", "-q", str(wheel)], tmp_path)

    (tmp_path / "project").mkdir()
    project = make_project(tmp_path / "project")
    shutil.rmtree(source)  # nothing can be read from a work tree now
    _run([str(venv / "bin" / "advisories"), "build", "--now", NOW], project)
    site = project / "site"
    for lang in ("es", "en"):
        page = (site / lang / "advisories" / "mixpanel-analytics-2025" / "index.html").read_text()
        # the project stylesheet and script are inlined from package data
        style = page.split('<style id="adv-style">', 1)[1].split("</style>", 1)[0]
        opening, script = re.search(
            r'<script id="adv-script"([^>]*)>(.*?)</script>', page, re.S
        ).groups()
        assert ".adv-badge" in style and "addEventListener" in script
        # the theme's script, loaded on the reader's first interaction, is in the site
        bundle = re.search(r'data-theme-bundle="([^"]+)"', opening).group(1)
        assert (site / lang / "advisories" / "mixpanel-analytics-2025" / bundle).resolve().is_file()
        assert "stylesheets/main." in page  # the theme's own stylesheet
        assert (site / "assets" / "images" / "og-default.png").exists()
        assert f'href="https://advisories.example.com/{lang}/feed.xml"' in page
        assert (site / lang / "404.html").exists()
        # the social card is drawn with the fonts the wheel ships
        assert (site / lang / "advisories" / "mixpanel-analytics-2025" / "card.png").is_file()
    not_found = (site / "404.html").read_text()
    assert 'lang="es"' in not_found and 'lang="en"' in not_found
    babel_cfg = _run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import generator, pathlib; print((pathlib.Path(generator.__file__).parent"
            " / 'babel.cfg').is_file())",
        ],
        tmp_path,
    )
    assert babel_cfg.stdout.strip() == "True"
    _every_documented_command(venv, project)


def _every_documented_command(venv: Path, project: Path) -> None:
    """Issue 19: the wheel alone, no extras, runs every command the README and guides
    show (ruamel.yaml for `l10n import`, tzdata, MarkupSafe… are its own dependencies).
    PDF is the one documented extra: without it the command says how to add it."""
    from test_documented_commands import COMMANDS, ID, _concrete, prepare

    binary = str(venv / "bin" / "advisories")
    prepare(project, [binary])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LANG": "en_US.UTF-8", "LANGUAGE": ""}
    failures = []
    for where, command in COMMANDS:
        words = _concrete(command, project)
        if words[0] == "serve":
            continue  # runs until stopped; its parsing is tested with the editable install
        if words[0] == "new":
            words[1:] = [f"wheel-{abs(hash((where, command))) % 10**8}"]
        if words[:2] == ["l10n", "import"]:
            subprocess.run(
                [binary, "l10n", "export", "--lang", "en", "-o", words[2], ID],
                cwd=project,
                env=env,
                check=True,
                capture_output=True,
            )
        result = subprocess.run(
            [binary, *words], cwd=project, env=env, capture_output=True, text=True, timeout=300
        )
        if words[0] == "new":
            (project / "advisories" / f"{words[1]}.yaml").unlink(missing_ok=True)
        pdf_extra = "pdf" in words and "advisories[pdf]" in result.stderr
        if "Traceback" in result.stderr or (result.returncode != 0 and not pdf_extra):
            failures.append(f"{where}: {' '.join(words)} -> {result.returncode}\n{result.stderr}")
    assert not failures, "\n".join(failures)
