"""JSON Schema of a record, generated from the same spec the validator walks."""

from __future__ import annotations

from typing import Any

from .advisory import RECORD


def record_schema(languages: list[str]) -> dict[str, Any]:
    schema = RECORD.schema(languages)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Security advisory record",
        **schema,
    }
