"""Problems found in records, kept with their source position so writers can jump to the line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def strict(problems: list[Problem]) -> list[Problem]:
    """Turn warnings into errors, for `check --strict`."""
    return [Problem(p.path, p.line, p.column, p.message, "error") for p in problems]
