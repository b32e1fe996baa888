"""Property: whatever a record's texts, id, URLs and dates hold, `check` refuses it with a
location and a code, or the built site carries it inert in every output.

CI runs a bounded number of examples; set ADVISORIES_HYPOTHESIS_EXAMPLES for more.
"""

from __future__ import annotations

import json
import os
import shutil
from contextlib import chdir
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import yaml
from conftest import (
    NOW,
    SAMPLE,
    csaf_validate,
    live_markup,
    make_project,
    sample_settings,
    sample_text,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.records.diagnostics import CODES
from generator.records.validate import check_folder

pytestmark = pytest.mark.slow

EXAMPLES = int(os.environ.get("ADVISORIES_HYPOTHESIS_EXAMPLES", "25"))
HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="https://evil.example/i.png" onerror=alert(1)>',
    "<b class=pwn>b</b>",
    "{{ config }}",
    "{% raw %}x{% endraw %}",
    "[x](javascript:alert(1))",
    "![i](https://evil.example/i.png)",
    "*x*{: .pwn onclick=alert(1) }",
    "---\ntitle: pwned\n---",
    "]]><!--",
    "&amp; &#x3c; &lt;",
    "\x7f",
    "\x1b[2J",
    "\x0b",
    "\u2028\u2029",
    "\ufffe",
    "\u202e",
    "\"'`\\",
    "\t\n\n",
]
text = st.lists(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=20),
    ),
    min_size=1,
    max_size=4,
).map("".join)
record_id = st.one_of(
    st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
    st.text(max_size=20),
)
url = st.one_of(
    st.just("https://example.com/advisory"),
    text.map(lambda t: "https://example.com/" + t),
    text.map(lambda t: "https://" + t),
    text,
)
when = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
).map(lambda d: d.astimezone(timezone(timedelta(hours=-12))))

POLICY = sample_settings().policy  # the sample site's laws and contact point
FIELDS = ("title", "summary", "description", "affected", "not_affected")

# Input the text policy accepts: markup and template syntax, any printable character.
ACCEPTED = [h for h in HOSTILE if not any(ord(c) < 32 and c not in "\t\n" for c in h)]
ACCEPTED = [h for h in ACCEPTED if not any(0x7F <= ord(c) <= 0x9F or c == "\ufffe" for c in h)]
accepted_text = st.lists(
    st.one_of(
        st.sampled_from(ACCEPTED),
        st.text(st.characters(exclude_categories=("Cs", "Cc", "Co", "Cn")), max_size=20).filter(
            lambda t: not any(0xFDD0 <= ord(c) <= 0xFDEF for c in t)
        ),
    ),
    min_size=1,
    max_size=4,
).map(lambda parts: "x " + "".join(parts))
accepted_when = st.datetimes(  # after the sample's publication, as an update must be
    min_value=datetime(2025, 11, 28), max_value=datetime(2199, 12, 30), timezones=st.just(UTC)
)
accepted_url = accepted_text.map(lambda t: "https://example.com/" + quote(t, safe=""))


def _record(
    texts: dict[str, str], the_id: str, the_url: str, the_when: datetime, withdrawn: bool
) -> str:
    data = yaml.safe_load(sample_text())
    for name, value in texts.items():
        data[name]["en"] = value
    data["timeline"][0]["text"]["es"] = texts["title"]
    data["recommendations"][0]["en"] = texts["summary"]
    data["faq"][0]["question"]["en"] = texts["affected"]
    data["faq"][0]["answer"]["es"] = texts["description"]
    data["references"][0]["title"]["en"] = texts["not_affected"]
    data["references"][0]["url"] = the_url
    data["updates"] = [
        {
            "date": the_when.isoformat(),
            "status": "resolved",
            "text": {"es": texts["summary"], "en": texts["description"]},
        }
    ]
    data["sms"] = {"es": texts["title"], "en": texts["affected"]}
    if withdrawn:
        data["withdrawn"] = {
            "date": "2026-01-01",
            "reason": {"es": texts["affected"], "en": texts["title"]},
        }
    data["id"] = the_id
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _assert_inert(site: Path) -> None:
    for page in site.rglob("*.html"):
        assert live_markup(page.read_text(encoding="utf-8")) == [], page
    for xml in site.rglob("*.xml"):
        ET.parse(xml)  # well-formed, or this raises
    for data in site.rglob("*.json"):
        json.loads(data.read_text(encoding="utf-8"))
    api = site / "api" / "v1"
    schema = json.loads((api / "schemas" / "advisory.schema.json").read_text())
    for detail in (api / "advisories").glob("*.json"):
        jsonschema.validate(json.loads(detail.read_text()), schema)
    index_schema = json.loads((api / "schemas" / "advisories.schema.json").read_text())
    jsonschema.validate(json.loads((api / "advisories.json").read_text()), index_schema)
    documents = sorted((site / ".well-known" / "csaf" / "white").rglob("*.json"))
    assert documents
    result = csaf_validate(*documents)
    assert result.returncode == 0, result.stdout[-2000:]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("property"), {})


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    texts=st.fixed_dictionaries({name: text for name in FIELDS}),
    the_id=record_id,
    the_url=url,
    the_when=when,
    withdrawn=st.booleans(),
)
def test_any_record_is_refused_with_a_location_or_built_inert(
    project, texts, the_id, the_url, the_when, withdrawn
):
    _check_or_build(project, texts, the_id, the_url, the_when, withdrawn, must_build=False)


@settings(
    max_examples=max(EXAMPLES // 2, 5),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    texts=st.fixed_dictionaries({name: accepted_text for name in FIELDS}),
    the_id=st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,8}){0,2}", fullmatch=True),
    the_url=accepted_url,
    the_when=accepted_when,
    withdrawn=st.booleans(),
)
def test_markup_and_template_syntax_that_check_accepts_is_built_inert(
    project, texts, the_id, the_url, the_when, withdrawn
):
    """Every example builds here, so the inert-output checks always run."""
    _check_or_build(project, texts, the_id, the_url, the_when, withdrawn, must_build=True)


def _check_or_build(
    project: Path,
    texts,
    the_id: str,
    the_url: str,
    the_when: datetime,
    withdrawn: bool,
    *,
    must_build: bool,
) -> None:
    records = project / "advisories"
    shutil.rmtree(records)
    records.mkdir()
    name = (the_id if the_id and "/" not in the_id and "\0" not in the_id else "x")[:100]
    try:
        path = records / f"{name}.yaml"
        path.write_text(_record(texts, the_id, the_url, the_when, withdrawn), encoding="utf-8")
    except (OSError, ValueError):
        path = records / f"{SAMPLE.stem}.yaml"
        path.write_text(_record(texts, the_id, the_url, the_when, withdrawn), encoding="utf-8")
    checked = check_folder(
        records, ["es", "en"], datetime.fromisoformat(NOW), project, policy=POLICY
    )
    errors = [p for p in checked.problems if p.severity == "error"]
    if must_build:
        assert errors == [], [str(p) for p in errors]
    if errors:
        for problem in errors:
            assert problem.line >= 1 and problem.column >= 1 and problem.code in CODES
            assert "\x1b" not in str(problem) and "\n" not in str(problem)
        return
    site = project / "site"
    with chdir(project):
        assert main(["build", "--now", NOW]) == 0
    _assert_inert(site)
