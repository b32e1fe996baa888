"""Record problems for machines: JSON, GitHub workflow commands and SARIF 2.1.0.

`advisories check --format github` makes each problem an annotation on the pull request's
line; `--format sarif` feeds code-scanning tools. Messages stay in the writer's language;
codes and positions are the same in every format.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..records.diagnostics import CODES, Problem
from ..records.text import terminal_safe

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FORMATS = ("text", "json", "github", "sarif")


def _record(problem: Problem) -> dict[str, object]:
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "severity": problem.severity,
        "code": problem.code,
        "message": problem.message,
    }


def problems_json(problems: list[Problem], records: int) -> str:
    found = [_record(p) for p in problems]
    errors = sum(p.severity == "error" for p in problems)
    summary = {"records": records, "errors": errors, "warnings": len(problems) - errors}
    return json.dumps({**summary, "problems": found}, ensure_ascii=False, indent=1) + "\n"


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message: a record's text cannot end the
    command early or start another one on a new line."""
    return terminal_safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def problems_github(problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        properties = ",".join(
            f"{name}={_escape_property(str(value))}"
            for name, value in (
                ("file", p.path),
                ("line", p.line),
                ("col", p.column),
                ("title", f"advisories {p.code}"),
            )
        )
        lines.append(f"::{p.severity} {properties}::{_escape_data(p.message)}\n")
    return "".join(lines)


def _artifact(path: str) -> dict[str, str]:
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(Path(path).as_posix()), "uriBaseId": "%SRCROOT%"}


def problems_sarif(problems: list[Problem]) -> str:
    """One run of the `advisories` tool: every code is a rule, every problem a result at
    its line and column (counted in code points, as the YAML reader counts)."""
    codes = list(CODES)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "advisories",
                        "version": __version__,
                        "rules": [
                            {"id": code, "shortDescription": {"text": CODES[code]}}
                            for code in codes
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [
                    {
                        "ruleId": p.code,
                        "ruleIndex": codes.index(p.code),
                        "level": p.severity,
                        "message": {"text": p.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": _artifact(p.path),
                                    "region": {"startLine": p.line, "startColumn": p.column},
                                }
                            }
                        ],
                    }
                    for p in problems
                ],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=1) + "\n"
