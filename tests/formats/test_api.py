import json

import jsonschema

from generator.formats.api import api_files, schemas
from generator.records.advisory import RECORD, SEVERITIES, STATUSES


def test_index_detail_and_schemas_validate_each_other(settings, advisory, catalogs):
    files = api_files([advisory], settings, catalogs, "2026-01-15T12:00:00+00:00")
    assert set(files) == {
        "api/v1/advisories.json",
        f"api/v1/advisories/{advisory.id}.json",
        "api/v1/schemas/advisories.schema.json",
        "api/v1/schemas/advisory.schema.json",
    }
    loaded = {path: json.loads(data) for path, data in files.items()}
    checker = jsonschema.FormatChecker()
    jsonschema.validate(
        loaded["api/v1/advisories.json"],
        loaded["api/v1/schemas/advisories.schema.json"],
        format_checker=checker,
    )
    jsonschema.validate(
        loaded[f"api/v1/advisories/{advisory.id}.json"],
        loaded["api/v1/schemas/advisory.schema.json"],
        format_checker=checker,
    )


def test_schemas_are_generated_from_the_record_spec(settings):
    detail = schemas(settings.languages)["advisory.schema.json"]
    # What readers see: a withdrawn advisory says so in the API, as on its page.
    assert detail["properties"]["status"]["enum"] == [*STATUSES, "withdrawn"]
    assert detail["properties"]["severity"]["enum"] == list(SEVERITIES)
    assert detail["properties"]["id"]["pattern"] == RECORD.fields["id"].spec.schema([])["pattern"]
    # A field of the record spec reaches the API schema without being written twice.
    assert detail["properties"]["timeline"]["items"]["required"] == ["date", "text"]


def test_a_detail_that_drifts_from_the_schema_is_rejected(settings, advisory, catalogs):
    files = api_files([advisory], settings, catalogs, "x")
    detail = json.loads(files[f"api/v1/advisories/{advisory.id}.json"])
    detail["status"] = "closed"
    schema = json.loads(files["api/v1/schemas/advisory.schema.json"])
    try:
        jsonschema.validate(detail, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("a status outside the spec passed the published schema")
