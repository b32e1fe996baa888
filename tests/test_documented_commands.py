"""Issue 19 (item 9): every `advisories` command the README and the guides show works as
written, on the sample. Placeholders (`<id>`, `LANG`, `[optional]`, `a|b`) take the
sample's values; a command that would keep running (`serve`) is parsed, not started."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NOW, ROOT, make_project, run_cli

ID = "mixpanel-analytics-2025"
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*/*.md"))]
PLACEHOLDERS = {
    "<id>": ID,
    "<id>.yaml": f"{ID}.yaml",
    "LANG": "en",
    "FILE": "out.file",
    "N": "1",
    "DIR": "site-elsewhere",
    "URL": "https://advisories.example.com/",
    "T": NOW,
    "ADDR:PORT": "127.0.0.1:8000",
    "PATH...": f"advisories/{ID}.yaml",
    "F": "title",
    "GIT_REF": "HEAD",
    "NAME": "Ana Legal",
    # The guides' worked examples stand for the sample record.
    "vendor-breach-2026": ID,
    "fallo-proveedor-2026": ID,
    "advisories/vendor-breach-2026.yaml": f"advisories/{ID}.yaml",
    "advisories/fallo-proveedor-2026.yaml": f"advisories/{ID}.yaml",
}


def _commands() -> list[tuple[str, str]]:
    """(where, command) for every `advisories …` in a fenced block or an inline span."""
    found: list[tuple[str, str]] = []
    for document in DOCUMENTS:
        text = document.read_text(encoding="utf-8")
        name = document.relative_to(ROOT).as_posix()
        for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
            for line in block.splitlines():
                for part in re.split(r"&&|;", line.split(" # ")[0]):
                    words = part.strip()
                    match = re.search(r"(?:^|/)advisories (.*)", words)
                    if match and not words.startswith(("advisories/", "#")):
                        found.append((name, "advisories " + match.group(1)))
        prose = re.sub(r"```.*?```", "", text, flags=re.S)
        for span in re.findall(r"`(advisories [^`]+)`", prose):
            found.append((name, " ".join(span.replace("\\|", "|").split())))
    return sorted(set(found))


def _concrete(command: str, project: Path) -> list[str]:
    """One runnable command: options in brackets dropped, first alternative taken."""
    command = command.split(" > ")[0].split(" 2>")[0]
    command = re.sub(r"\[[^\[\]]*\]", "", command)
    command = re.sub(r"\[[^\[\]]*\]", "", command)  # nested brackets
    words = []
    for word in shlex.split(command)[1:]:
        word = word.split("|")[0] if "|" in word and not word.startswith("|") else word
        word = PLACEHOLDERS.get(word, word)
        words.append(word.replace("/var/www/advisories/site", str(project / "site")))
    return words


COMMANDS = _commands()


def test_the_documents_show_commands():
    assert len(COMMANDS) > 20


GIT_ENV = {
    "GIT_AUTHOR_NAME": "Writer",
    "GIT_AUTHOR_EMAIL": "writer@example.com",
    "GIT_COMMITTER_NAME": "Writer",
    "GIT_COMMITTER_EMAIL": "writer@example.com",
}


def prepare(project: Path, advisories: list[str]) -> None:
    """The sample as a writer's repository holds it: its translation state, an approval
    (for `diff`), all committed (for `--since GIT_REF`)."""
    state = ROOT / "advisories" / f"{ID}.l10n.json"
    (project / "advisories" / state.name).write_bytes(state.read_bytes())
    env = {**os.environ, **GIT_ENV, "NO_MKDOCS_2_WARNING": "1"}
    for command in (
        ["git", "init", "-q"],
        [*advisories, "approve", ID, "--by", "Ana Legal", "--now", NOW],
        ["git", "add", "-A"],
        ["git", "commit", "-q", "-m", "sample"],
    ):
        subprocess.run(command, cwd=project, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    made = make_project(tmp_path_factory.mktemp("documented"))
    prepare(made, [sys.executable, "-m", "generator"])
    result = run_cli(made, "build", "--now", NOW)
    assert result.returncode == 0, result.stderr
    return made


@pytest.mark.parametrize(("where", "command"), COMMANDS)
def test_every_documented_command_works_as_written(project, where, command):
    from generator.cli import _parse

    words = _concrete(command, project)
    if words[:1] == ["new"]:  # a fresh id each time: `new` refuses an existing one
        words[1:] = [f"documented-{abs(hash((where, command))) % 10**8}"]
    args = _parse(words)  # argparse exits with 2 on an unknown option
    assert args.command == words[0]
    if words[0] in ("serve",):
        return  # it would run until stopped; parsing it is what the document promises
    if words[:2] == ["l10n", "import"]:
        export = run_cli(project, "l10n", "export", "--lang", "en", "-o", words[2], ID)
        assert export.returncode == 0, export.stderr
    result = run_cli(project, *words, env={"LANG": "en_US.UTF-8", "LANGUAGE": ""})
    assert "Traceback" not in result.stderr, f"{where}: {command}\n{result.stderr}"
    assert result.returncode == 0, f"{where}: {command}\n{result.stderr}"
    if words[0] == "new":  # the other commands run on the sample alone
        written = project / "advisories" / f"{words[1]}.yaml"
        assert written.is_file()
        written.unlink()
