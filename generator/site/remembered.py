"""Views and advisory pages an earlier build made, used again for an unchanged record.

Localizing a record (its Markdown texts, dates, timeline figure) and rendering its page are
most of what a language costs once finished pages are reused. A view depends only on the
record, the language, the site's catalog for it and whether the record is embargoed now
(what `localize` reads), so its key is the digest of those; an advisory page adds the
site's settings and templates. Entries are JSON, read back by the views' own type hints:
a stored value can never turn plain text into markup, and one that does not fit the types
is not used.
"""

from __future__ import annotations

import functools
import hashlib
import json
import types
import typing
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import datetime
from typing import Any

from babel.support import Translations
from markupsafe import Markup

from .. import __version__
from ..records.advisory import Advisory
from ..records.messages import fingerprint
from ..settings import Settings
from ..store import ByteStore
from .localize import AdvisoryView, localize
from .render import TEMPLATES


class DoesNotFit(ValueError):
    """A stored value that is not of the type it is read as."""


def encoded(value: Any) -> Any:
    """Plain JSON values for a tree of dataclasses, lists and dicts of text."""
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: encoded(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, list | tuple):
        return [encoded(item) for item in value]
    if isinstance(value, dict):
        return {key: encoded(item) for key, item in value.items()}
    return str(value) if isinstance(value, Markup) else value


def decoded(hint: Any, data: Any) -> Any:
    """`data` read as `hint`, the type a view declares; anything else is `DoesNotFit`."""
    return _decoder(hint)(data)


Decoder = Callable[[Any], Any]


@functools.cache
def _decoder(hint: Any) -> Decoder:
    """A reader for one type, made once: working out a type's shape on every value was
    most of reading a warm build's views back."""
    origin = typing.get_origin(hint)
    arguments = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        if type(None) not in arguments:
            raise DoesNotFit(f"cannot read {hint!r}")
        (other,) = [argument for argument in arguments if argument is not type(None)]
        return functools.partial(_optional, _decoder(other))
    if hint is Any:  # free-form metadata: plain JSON values, never markup
        return _as_is
    if hint is Markup:
        return _markup
    if hint in (str, bool, int):
        return functools.partial(_checked, hint)
    if origin is list:
        return functools.partial(_list, _decoder(arguments[0]))
    if origin is tuple and arguments[1:] == (Ellipsis,):
        return functools.partial(_tuple, _decoder(arguments[0]))
    if origin is dict:
        return functools.partial(_dict, _decoder(arguments[1]))
    if isinstance(hint, type) and is_dataclass(hint):
        hints = _field_types(hint)
        readers = {name: _decoder(kind) for name, kind in hints.items()}
        return functools.partial(_dataclass, hint, readers)
    raise DoesNotFit(f"cannot read {hint!r}")


def _optional(read: Decoder, data: Any) -> Any:
    return None if data is None else read(data)


def _as_is(data: Any) -> Any:
    return data


def _markup(data: Any) -> Markup:
    return Markup(_checked(str, data))


def _list(read: Decoder, data: Any) -> list:
    return [read(item) for item in _checked(list, data)]


def _tuple(read: Decoder, data: Any) -> tuple:
    return tuple(read(item) for item in _checked(list, data))


def _dict(read: Decoder, data: Any) -> dict:
    return {_checked(str, key): read(item) for key, item in _checked(dict, data).items()}


def _dataclass(kind: type, readers: dict[str, Decoder], data: Any) -> Any:
    values = _checked(dict, data)
    if values.keys() != readers.keys():
        raise DoesNotFit(f"{kind.__name__} fields")
    return kind(**{name: read(values[name]) for name, read in readers.items()})


@functools.cache
def _field_types(kind: type) -> dict[str, Any]:
    """A dataclass's fields and their types (resolving them is slow; they never change)."""
    hints = typing.get_type_hints(kind)
    return {field.name: hints[field.name] for field in fields(kind)}


def _checked(kind: type, data: Any) -> Any:
    # bool is an int in Python; a stored true is not a count
    if not isinstance(data, kind) or (kind is int and isinstance(data, bool)):
        raise DoesNotFit(f"expected {kind.__name__}")
    return data


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class RememberedViews:
    """One language's views and advisory pages, from the store where it has them."""

    def __init__(
        self, store: ByteStore, lang: str, t: Translations, settings: Settings, now: datetime
    ) -> None:
        self.store = store
        self.lang = lang
        self.t = t
        self.now = now
        self.shared = _digest(__version__, lang, fingerprint(t))
        template_bytes = sorted(
            (path.name, path.read_bytes()) for path in TEMPLATES.iterdir() if path.is_file()
        )
        self.page_shared = _digest(self.shared, repr(settings), template_bytes)
        self.keys: dict[int, str] = {}  # id of a view -> the key it was found or made under

    def _load(self, key: str, hint: Any) -> Any:
        blob = self.store.get(key)
        if blob is None:
            return None
        try:
            return decoded(hint, json.loads(blob))
        except (DoesNotFit, ValueError, TypeError):
            return None

    def _keep(self, key: str, value: Any, hint: Any) -> None:
        """Store `value` when it reads back equal (metadata could hold what JSON cannot)."""
        try:
            text = json.dumps(encoded(value), ensure_ascii=False)
            if decoded(hint, json.loads(text)) != value:
                return
        except (DoesNotFit, ValueError, TypeError):
            return
        self.store.put(key, text.encode())

    def view(self, advisory: Advisory) -> AdvisoryView:
        key = _digest(self.shared, advisory.embargoed(self.now), repr(advisory))
        view = self._load(key, AdvisoryView)
        if view is None:
            view = localize(advisory, self.lang, self.t, self.now)
            self._keep(key, view, AdvisoryView)
        self.keys[id(view)] = key
        return view

    def page(self, view: AdvisoryView, render: Callable[[AdvisoryView], Any], hint: Any) -> Any:
        """The page `render` makes of `view` (a `PageSource`, read back as `hint`)."""
        key = _digest(self.page_shared, self.keys[id(view)])
        page = self._load(key, hint)
        if page is None:
            page = render(view)
            self._keep(key, page, hint)
        return page
