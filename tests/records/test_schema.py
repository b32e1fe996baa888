"""The published JSON Schema and the validator are generated from one spec: they must agree."""

import json
from datetime import UTC, date, datetime

import jsonschema
import pytest
import yaml
from conftest import ROOT, sample_text

from generator.records.load import load_text
from generator.records.schema import record_schema
from generator.records.validate import validate_document

LANGS = ["es", "en"]
NOW = datetime(2026, 1, 15, tzinfo=UTC)


def as_editor_sees(text: str):
    """YAML editors treat dates as strings; so does this conversion."""

    def fix(value):
        if isinstance(value, dict):
            return {k: fix(v) for k, v in value.items()}
        if isinstance(value, list):
            return [fix(v) for v in value]
        if isinstance(value, date | datetime):
            return value.isoformat()
        return value

    return fix(yaml.safe_load(text))


CASES = {
    "sample": lambda t: t,
    "unknown key": lambda t: t.replace("summary:\n", "sumary:\n"),
    "missing field": lambda t: t.replace("severity: medium\n", ""),
    "missing language": lambda t: t.replace(
        '  en: "Incident at Mixpanel, the API platform\'s analytics vendor"\n', ""
    ),
    "extra language": lambda t: t.replace('  en: "Incident at', '  fr: "x"\n  en: "Incident at'),
    "bad enum": lambda t: t.replace("status: contained", "status: fixed"),
    "bad slug": lambda t: t.replace("id: mixpanel-analytics-2025", "id: Mixpanel_2025"),
    "unknown data class": lambda t: t.replace("  - referrer-urls\n", "  - referers\n"),
    "impossible date": lambda t: t.replace("published: 2025-11-27", 'published: "2025-02-30"'),
    "date with time": lambda t: t.replace(
        "published: 2025-11-27", 'published: "2025-11-27T10:00:00+01:00"'
    ),
    "embargo without offset": lambda t: t.replace(
        "severity: medium\n", 'severity: medium\nembargo: "2026-02-01T09:00:00"\n'
    ),
    "embargo with offset": lambda t: t.replace(
        "severity: medium\n", "severity: medium\nembargo: 2026-02-01T09:00:00+01:00\n"
    ),
    "draft not boolean": lambda t: t.replace(
        "severity: medium\n", 'severity: medium\ndraft: "x"\n'
    ),
    "reference not a url": lambda t: t.replace(
        "https://openai.com/index/mixpanel-incident/", "openai.com"
    ),
    "list expected": lambda t: t.replace(
        "exposed:\n  - names\n  - email-addresses\n  - geographic-locations\n"
        "  - browser-user-agent-details\n  - referrer-urls\n  - account-ids\n",
        "exposed: names\n",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_schema_and_validator_agree(case):
    text = CASES[case](sample_text())
    assert case == "sample" or text != sample_text(), "the mutation did not apply"
    doc, load_problems = load_text(text, "mixpanel-analytics-2025.yaml")
    _, problems = validate_document(doc, LANGS, NOW)
    validator_ok = not [p for p in load_problems + problems if p.severity == "error"]
    schema = record_schema(LANGS)
    checker = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    schema_ok = checker.is_valid(as_editor_sees(text))
    assert validator_ok == schema_ok, (case, [str(p) for p in problems])
    assert validator_ok == (case in ("sample", "embargo with offset"))


def test_published_schema_file_is_up_to_date():
    published = json.loads((ROOT / "schemas" / "advisory.schema.json").read_text())
    assert published == record_schema(LANGS), (
        "run `advisories schema -o schemas/advisory.schema.json`"
    )


def test_every_record_points_editors_at_the_schema():
    for path in (ROOT / "advisories").glob("*.yaml"):
        first = path.read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/advisory.schema.json"
