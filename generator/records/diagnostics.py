"""Problems found in records, kept with their source position so writers can jump to the line.

Each problem carries a stable code beside its message: tests, CI scripts and the writers'
guide refer to codes, so a message can be reworded without breaking anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from .messages import tr
from .text import terminal_safe
from .vocabulary import N_

Severity = Literal["error", "warning"]
# The words a problem line starts with, in the writer's language.
SEVERITY_WORDS = (N_("error"), N_("warning"))


class UserError(Exception):
    """Something the user can fix (a setting, an option, a file they named); its message
    says what and how. Kept apart from ValueError so a bug is never shown as a user's
    mistake."""


# Every code a check can report, with what it means; the writers' guide lists the same.
CODES: dict[str, str] = {
    "yaml-syntax": "the file is not valid YAML",
    "not-utf8": "the file is not saved as UTF-8",
    "empty-file": "the file holds nothing",
    "file-too-large": "the file is larger than the configured limit",
    "too-deep": "lists and maps are nested deeper than the limit",
    "alias-limit": "YAML aliases expand to more values than the limit",
    "not-a-file": "something under the records folder is not a regular file",
    "unreadable-file": "the file cannot be read",
    "duplicate-key": "the same key appears twice in one map",
    "forbidden-tag": "a YAML tag such as !!python is used",
    "unreadable-value": "a value cannot be read (for example an impossible date)",
    "not-a-map": "the record, or a part of it, is not a map of fields",
    "unknown-field": "a field name the record does not have",
    "missing-field": "a required field is absent",
    "empty-value": "a field is present but has no value",
    "wrong-type": "a value has the wrong kind (text, list, map, yes/no)",
    "missing-translation": "a text lacks one of the site's languages",
    "unknown-language": "a text has a language the site does not have",
    "empty-text": "a text is empty",
    "bad-character": "a text holds a control character or noncharacter",
    "bad-choice": "a value is not one of the allowed words",
    "bad-id": "the id is not a valid URL name",
    "id-mismatch": "the id differs from the file name",
    "duplicate-id": "two records have the same id",
    "bad-date": "a date cannot be read or does not exist",
    "date-out-of-range": "a date's year is outside the range every output can write",
    "date-not-time": "a timestamp was expected, or a date without a time",
    "naive-time": "a time has no time zone",
    "zone-applied": "a time without zone took the site's time zone",
    "published-before-embargo": "the publication date is before the embargo lifts",
    "bad-url": "a link is not a valid https address",
    "insecure-url": "a link uses http instead of https",
    "unknown-data-class": "a data class is not in the vocabulary",
    "too-few-items": "a list needs more items",
    "out-of-order": "dated entries are not oldest first",
    "updated-before-published": "the updated date is before the published date",
    "before-published": "an update or the withdrawal is dated before the publication",
    "embargo-passed": "the embargo time has passed",
    "stale-translation": "the original text changed after its translation was made",
    "same-as-source": "a translation is identical to the original",
    "regime-element-missing": "a notice law that applies needs a field the record lacks",
    "downplays-risk": "a phrase plays the risk down",
    "long-sentence": "a sentence is too long to read on a phone",
    "fact-mismatch": "a translation states another date, number, address or code than the original",
    "contact-domain-mismatch": "a contact e-mail is at another domain than the site's organization",
    "future-update": "an update or the withdrawal is dated after the build's time",
    "sms-too-long": "the SMS text needs more segments than the site allows",
    "bad-l10n-state": "the translation-state file beside the record cannot be read",
    "not-approved": "the site requires approval and the record has none",
    "changed-since-approval": "a text or fact changed after the record was approved",
    "bad-approval": "the approval file beside the record cannot be read",
    "discovered-missing": "the record does not say when the breach was discovered",
    "deadline-near": "a legal notification deadline is less than a day away",
    "deadline-passed": "a legal notification deadline passed and nothing was notified",
    "notified-late": "a notification was sent after its deadline and the delay has no reason",
    "posting-too-short": "the advisory is withdrawn before a law's minimum posting time",
    "hard-to-read": "a text's readability score is below the site's minimum",
}


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    code: str
    severity: Severity = "error"

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered problem code {self.code!r}")

    def __str__(self) -> str:
        """One line, safe to print: a record cannot move the cursor or fake a log line."""
        return terminal_safe(
            f"{self.path}:{self.line}:{self.column}: {tr(self.severity)}: {self.message} "
            f"[{self.code}]"
        )


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def strict(problems: list[Problem]) -> list[Problem]:
    """Turn warnings into errors, for `check --strict`."""
    return [replace(p, severity="error") for p in problems]
