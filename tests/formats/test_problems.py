"""Issue 21: `check --format json|github|sarif`: the same problems, for machines. SARIF is
validated against the SARIF 2.1.0 schema; GitHub lines parse back as workflow commands."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import NOW, ROOT, make_project, run_cli, sample_text
from hypothesis import given
from hypothesis import strategies as st

from generator.formats.problems import problems_github
from generator.records.diagnostics import CODES, Problem
from generator.records.text import terminal_safe

SARIF_SCHEMA = ROOT / ".cache/sarif/package/lib/schemas/sarif-2.1.0-rtm.5.json"
# A key a writer could paste: commas, colons, percent signs and GitHub's own command syntax.
HOSTILE_KEY = '"tit,le: 100%%0A::error file=x::forged"'
# GitHub's grammar: ::level key=value,key=value::message, one command per line.
COMMAND = re.compile(r"::(error|warning) file=([^,:]*),line=(\d+),col=(\d+),title=([^,:]*)::(.*)")


def _unescape(text: str) -> str:
    for escaped, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, char)
    return text


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """One record with an error, a warning and a field name that tries to forge a command."""
    record = (
        sample_text()
        .replace("severity: medium\n", f"severity: mediun\n{HOSTILE_KEY}: 1\n")
        .replace("https://", "http://", 1)
    )
    return make_project(
        tmp_path_factory.mktemp("formats"), {"mixpanel-analytics-2025.yaml": record}
    )


def _check(project: Path, kind: str):
    result = run_cli(project, "check", "--format", kind, "--now", NOW)
    assert result.returncode == 1  # errors fail the check whatever the format
    assert "record(s) checked: 2 error(s)" in result.stderr
    return result


def test_json_lists_every_problem_with_its_position_and_code(project):
    report = json.loads(_check(project, "json").stdout)
    assert report["records"] == 1 and report["errors"] == 2 and report["warnings"] >= 1
    codes = {p["code"] for p in report["problems"]}
    assert {"bad-choice", "unknown-field"} <= codes
    for found in report["problems"]:
        assert found["path"] == "advisories/mixpanel-analytics-2025.yaml"
        assert found["line"] >= 1 and found["column"] >= 1
        assert found["severity"] in ("error", "warning") and found["code"] in CODES


def test_github_lines_are_workflow_commands_at_the_same_positions(project):
    lines = _check(project, "github").stdout.splitlines()
    report = json.loads(_check(project, "json").stdout)["problems"]
    assert len(lines) == len(report)  # a record's text never starts a second command
    for line, expected in zip(lines, report, strict=True):
        match = COMMAND.fullmatch(line)
        assert match, line
        level, path, row, column, title, message = match.groups()
        assert (level, _unescape(path), int(row), int(column)) == (
            expected["severity"],
            expected["path"],
            expected["line"],
            expected["column"],
        )
        assert _unescape(title) == f"advisories {expected['code']}"
        assert _unescape(message) == terminal_safe(expected["message"])


def test_sarif_is_valid_sarif_2_1_0(project):
    if not SARIF_SCHEMA.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SARIF_SCHEMA} missing: scripts/test.sh fetches it")
        pytest.skip("the SARIF schema is fetched by scripts/test.sh")
    log = json.loads(_check(project, "sarif").stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    run = log["runs"][0]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rules == list(CODES)
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["bad-choice"] == "error" and levels["insecure-url"] == "warning"
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {
            "uri": "advisories/mixpanel-analytics-2025.yaml",
            "uriBaseId": "%SRCROOT%",
        }
        assert location["region"]["startLine"] >= 1


def test_a_clean_record_gives_an_empty_report_and_exit_0(tmp_path):
    project = make_project(tmp_path)
    for kind in ("json", "github", "sarif"):
        result = run_cli(project, "check", "--format", kind, "--now", NOW)
        assert result.returncode == 0, result.stderr
    assert run_cli(project, "check", "--format", "github", "--now", NOW).stdout == ""


@given(path=st.text(min_size=1, max_size=40), message=st.text(max_size=120))
def test_any_text_makes_exactly_one_command_that_parses_back(path, message):
    problem = Problem(path, 3, 7, message, "bad-choice")
    output = problems_github([problem])
    assert output.endswith("\n") and output.count("\n") == 1
    match = COMMAND.fullmatch(output[:-1])
    assert match, output
    assert _unescape(match.group(2)) == terminal_safe(path)
    assert _unescape(match.group(6)) == terminal_safe(message)
