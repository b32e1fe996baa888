"""Issue 20: views and advisory pages are remembered between builds as JSON read back by
the views' own types, so a stored entry gives back exactly the view it stands for, and
none can turn text into markup."""

from __future__ import annotations

import dataclasses
import json
import typing

import pytest
from conftest import FIXED_NOW, plant_rows
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from markupsafe import Markup

from generator.cache import FOLDER, ViewCache
from generator.site.localize import AdvisoryView, localize
from generator.site.pages import PageSource, language_site
from generator.site.remembered import DoesNotFit, decoded, encoded
from generator.site.render import Renderer


def _markup_fields(view: AdvisoryView) -> dict[str, bool]:
    """Per field, whether it holds markup (a `Markup`), walking into lists."""

    def is_markup(value: object) -> bool:
        if isinstance(value, list):
            return all(is_markup(item) for item in value) and bool(value)
        return isinstance(value, Markup)

    return {f.name: is_markup(getattr(view, f.name)) for f in dataclasses.fields(view)}


def _round_trip(view: AdvisoryView) -> AdvisoryView:
    return decoded(AdvisoryView, json.loads(json.dumps(encoded(view))))


def test_a_view_reads_back_equal_and_of_the_same_types(views):
    for view in views.values():
        back = _round_trip(view)
        assert back == view
        assert _markup_fields(back) == _markup_fields(view)


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    str.strip
)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TEXT, summary=TEXT, answer=TEXT)
def test_any_record_text_reads_back_as_what_it_was(advisory, catalogs, title, summary, answer):
    """Markup, template syntax, quotes or any other character in a record's text: the view
    read back is the view made, and plain text stays plain text."""
    faq = tuple(
        dataclasses.replace(item, answer={**item.answer, "es": answer}) for item in advisory.faq
    )
    changed = dataclasses.replace(
        advisory,
        title={**advisory.title, "es": title},
        summary={**advisory.summary, "es": summary},
        faq=faq,
    )
    view = localize(changed, "es", catalogs["es"], FIXED_NOW)
    back = _round_trip(view)
    assert back == view
    assert type(back.title) is str
    assert _markup_fields(back) == _markup_fields(view)


@pytest.mark.parametrize(
    ("hint", "data"),
    [
        (str, 3),
        (int, True),
        (list[str], "a"),
        (dict[str, str], ["a"]),
        (AdvisoryView, {"id": "x"}),
        (typing.Optional[str], 1),  # noqa: UP045 - the spelling a view could use
        (str | None, ["a"]),
        (tuple[str, ...], "a"),
        (tuple[int, ...], ["1"]),
        (set[str], ["a"]),  # a type no view declares
        (int | str, 1),  # nor a choice of two
    ],
    ids=repr,
)
def test_a_stored_value_of_another_type_does_not_fit(hint, data):
    with pytest.raises(DoesNotFit):
        decoded(hint, data)


def test_plain_text_is_never_read_back_as_markup():
    assert type(decoded(str, "<script>alert(1)</script>")) is str
    assert type(decoded(Markup, "<em>x</em>")) is Markup


def test_a_language_site_from_the_store_is_the_one_made_without(tmp_path, settings, advisory):
    renderer = Renderer(settings)
    fresh = language_site([advisory], "es", settings, renderer, FIXED_NOW)
    first_store = ViewCache(tmp_path)
    stored = language_site([advisory], "es", settings, renderer, FIXED_NOW, store=first_store)
    first_store.save()
    warm_store = ViewCache(tmp_path)
    warm = language_site([advisory], "es", settings, renderer, FIXED_NOW, store=warm_store)
    assert fresh.views == stored.views == warm.views
    assert fresh.pages == stored.pages == warm.pages
    assert all(isinstance(page, PageSource) for page in warm.pages.values())


def _plant_titles(root, title: object) -> None:
    """Every stored view's title replaced by `title`."""

    def change(value: bytes) -> bytes | None:
        entry = json.loads(value)
        if not (isinstance(entry, dict) and "title" in entry):
            return None
        return json.dumps({**entry, "title": title}).encode()

    plant_rows(root / FOLDER / "views.sqlite", "views", change)


def test_a_stored_view_is_used_only_when_it_fits_its_type(tmp_path, settings, advisory):
    renderer = Renderer(settings)
    fresh = language_site([advisory], "en", settings, renderer, FIXED_NOW)
    store = ViewCache(tmp_path)
    language_site([advisory], "en", settings, renderer, FIXED_NOW, store=store)
    store.save()

    _plant_titles(tmp_path, "planted title")  # fits: read back as it is
    planted = language_site(
        [advisory], "en", settings, renderer, FIXED_NOW, store=ViewCache(tmp_path)
    )
    assert planted.views[0].title == "planted title"

    _plant_titles(tmp_path, ["not", "a", "title"])  # does not fit: made again
    again = language_site(
        [advisory], "en", settings, renderer, FIXED_NOW, store=ViewCache(tmp_path)
    )
    assert again.views == fresh.views
