"""The advisory record: its typed model and the spec that checks it.

`RECORD` is the single source of truth for a record's fields: `validate` walks it,
`schema` and the JSON API's schemas are generated from it, and `advisories new`
comments its template with the fields' docs. Statuses and severities live here too,
with the English msgids of their labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from functools import cached_property
from typing import Any

from .load import Key
from .messages import tr
from .spec import (
    BoolSpec,
    ChoiceSpec,
    CountSpec,
    Ctx,
    EmailSpec,
    Field,
    LangSpec,
    LineSpec,
    ListSpec,
    ObjectSpec,
    PhoneSpec,
    SlugSpec,
    Spec,
    Texts,
    TextSpec,
    UrlSpec,
    When,
    WhenSpec,
    did_you_mean,
    field_name,
    found,
    texts_example,
)
from .vocabulary import N_, TIERS, VOCABULARY

# Where the response stands, and how serious it is for readers: value -> label msgid.
STATUSES = {
    "investigating": N_("Investigating"),
    "contained": N_("Contained"),
    "resolved": N_("Resolved"),
}
SEVERITIES = {
    "low": N_("Low"),
    "medium": N_("Medium"),
    "high": N_("High"),
    "critical": N_("Critical"),
}
# Breach-notice laws the checklist knows (records/regimes.py holds their rules).
REGIMES = {
    "gdpr": "GDPR Art. 34",
    "es-aepd": "AEPD (Spain)",
    "us-ca": "California Civ. Code 1798.82",
    "br-lgpd": "LGPD Art. 48 and Res. CD/ANPD 15/2024",
    "mx": "Mexico, LFPDPPP (2025) art. 19 and its Reglamento arts. 64-65",
    "nis2": "NIS2 Directive (EU) 2022/2555 Art. 23",
}
# Who a record says was notified (`notified:`), as the deadline table names them.
RECIPIENTS = {
    "authority": N_("the data-protection authority"),
    "individuals": N_("the people affected"),
    "attorney_general": N_("the Attorney General"),
    "csirt": N_("the CSIRT or competent authority"),
}
WITHDRAWN = "withdrawn"  # the state a withdrawn advisory shows instead of its status
WITHDRAWN_LABEL = N_("Withdrawn")
# Statuses under which an incident is still going on (the active-incident banner).
ACTIVE_STATUSES = ("investigating", "contained")


@dataclass(frozen=True)
class Entry:
    """A dated line: a timeline event or a revision of the advisory."""

    when: When
    text: Texts


@dataclass(frozen=True)
class Update:
    """A dated revision; `status` or `severity`, when given, become the current ones."""

    when: When
    text: Texts
    status: str | None = None
    severity: str | None = None
    sms: Texts | None = None  # the update's text message; else its headline


@dataclass(frozen=True)
class Withdrawal:
    when: date
    reason: Texts


@dataclass(frozen=True)
class Occurred:
    """When the breach happened: a day, or a range; `estimated` when it is not known exactly."""

    start: date
    end: date | None = None
    estimated: bool = False


@dataclass(frozen=True)
class Delay:
    """Whether notice was delayed (by law enforcement or otherwise), and why."""

    law_enforcement: bool
    reason: Texts | None = None


@dataclass(frozen=True)
class Scale:
    """Approximate numbers for the authority (GDPR Art. 33(3)(a))."""

    people: int | None = None
    records: int | None = None


@dataclass(frozen=True)
class Notification:
    """One notification sent: when, and the recipient's case or reference number."""

    at: datetime
    reference: str | None = None


@dataclass(frozen=True)
class ContactPoint:
    """Who readers and regulators reach: the DPO or another contact point."""

    name: Texts
    email: str | None = None
    phone: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class FaqItem:
    question: Texts
    answer: Texts


@dataclass(frozen=True)
class Reference:
    url: str
    title: Texts


@dataclass(frozen=True)
class DataClass:
    """A vocabulary id, or labels written in the record for a class the vocabulary lacks."""

    id: str | None
    labels: Texts | None = None

    @property
    def tier(self) -> int | None:
        return VOCABULARY[self.id].tier if self.id else None


@dataclass(frozen=True)
class Advisory:
    id: str
    source_lang: str
    published: date
    status: str
    severity: str
    title: Texts
    summary: Texts
    description: Texts
    affected: Texts
    not_affected: Texts
    timeline: tuple[Entry, ...]
    exposed: tuple[DataClass, ...]
    not_exposed: tuple[DataClass, ...]
    recommendations: tuple[Texts, ...]
    faq: tuple[FaqItem, ...]
    references: tuple[Reference, ...]
    updates: tuple[Update, ...]
    path: str
    updated: date | None = None
    draft: bool = False
    embargo: datetime | None = None
    withdrawn: Withdrawal | None = None
    sms: Texts | None = None
    occurred: Occurred | None = None
    consequences: Texts | None = None
    measures: Texts | None = None
    safeguards: Texts | None = None
    delay: Delay | None = None
    contact_point: ContactPoint | None = None
    regimes: tuple[str, ...] | None = None
    identity_protection: Texts | None = None
    scale: Scale | None = None
    # When the organisation became aware of the breach: the legal clock starts here.
    discovered: datetime | None = None
    # Recipient kind -> the notifications sent to it, oldest first.
    notified: Mapping[str, tuple[Notification, ...]] | None = None
    # Per language, per dotted text name: its translation state ("stale", "missing", ...)
    # and the day it was last marked current; filled from the record's .l10n.json.
    l10n: Mapping[str, Mapping[str, tuple[str, date | None]]] | None = None
    # Where the site requires legal approval: "approved", "changed" or "unapproved"
    # (from the record's .approval.json); None where it does not.
    approval: str | None = None

    @property
    def last_modified(self) -> date:
        days = [self.published, self.updated, *(_day(u.when) for u in self.updates)]
        if self.withdrawn:
            days.append(self.withdrawn.when)
        return max(d for d in days if d)

    @property
    def current_status(self) -> str:
        """The last status an update set, else the record's."""
        return next((u.status for u in reversed(self.updates) if u.status), self.status)

    @property
    def current_severity(self) -> str:
        return next((u.severity for u in reversed(self.updates) if u.severity), self.severity)

    @cached_property
    def units(self) -> list[tuple[str, Key, Texts]]:
        """`text_units(self)`, computed on first use (the record never changes)."""
        return _text_units(self)

    @property
    def state(self) -> str:
        """What readers see: `withdrawn`, or the current status."""
        return WITHDRAWN if self.withdrawn else self.current_status

    def active(self, now: datetime, within_days: int) -> bool:
        """Still going on and recently touched: shown in the active-incident banner."""
        recent = (now.date() - self.last_modified).days <= within_days
        return self.state in ACTIVE_STATUSES and recent

    def visible(self, now: datetime, drafts: bool = False) -> bool:
        """Drafts and future embargoes are never published; `drafts` is the preview's opt-in."""
        if drafts:
            return True
        return not self.draft and not self.embargoed(now)

    def embargoed(self, now: datetime) -> bool:
        return self.embargo is not None and self.embargo > now


class DataClassSpec(Spec):
    doc = N_(
        "A data-class id from the vocabulary (see `advisories classes`), or a map with a "
        "label per language for a class the vocabulary lacks."
    )

    def parse(self, value: Any, key: Key, ctx: Ctx) -> DataClass | None:
        if isinstance(value, dict):
            labels = TextSpec("").parse(value, key, ctx)
            return DataClass(None, labels) if labels is not None else None
        if isinstance(value, str) and value in VOCABULARY:
            return DataClass(value)
        ctx.error(
            key,
            "unknown-data-class",
            tr(
                "%(field)s: unknown data class %(found)s%(hint)s; run `advisories classes` for "
                "the list, or write a map with a label per language",
                field=field_name(key),
                found=found(value),
                hint=_class_hint(str(value)),
            ),
        )
        return None

    def schema(self, langs: list[str]) -> dict[str, Any]:
        return {
            "description": self.doc,
            "anyOf": [{"type": "string", "enum": sorted(VOCABULARY)}, TextSpec("").schema(langs)],
        }

    def published_schema(self, langs: list[str]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["id", "tier", "label"],
            "properties": {
                "id": {"anyOf": [{"type": "string", "enum": sorted(VOCABULARY)}, {"type": "null"}]},
                "tier": {"anyOf": [{"type": "integer", "enum": sorted(TIERS)}, {"type": "null"}]},
                "label": TextSpec("").schema(langs),
            },
        }


def _class_hint(word: str) -> str:
    """`phone` -> phone-numbers: whole words of an id count, not only spelling distance."""
    word = word.strip().lower().rstrip("s")
    by_word = [i for i in VOCABULARY if word and any(p.rstrip("s") == word for p in i.split("-"))]
    if by_word:
        return tr("; did you mean %(words)s?", words=" / ".join(f"`{i}`" for i in by_word[:3]))
    return did_you_mean(word, list(VOCABULARY))


def _day(when: When) -> date:
    return when.date() if isinstance(when, datetime) else when


def _entry(date: When, text: Texts) -> Entry:
    return Entry(date, text)


def _update(
    date: When,
    text: Texts,
    status: str | None = None,
    severity: str | None = None,
    sms: Texts | None = None,
) -> Update:
    return Update(date, text, status, severity, sms)


def _withdrawal(date: date, reason: Texts) -> Withdrawal:
    return Withdrawal(date, reason)


class WithdrawalSpec(ObjectSpec):
    """A map with the day and the reason; a bare date (the old form) gets the new form."""

    def parse(self, value: Any, key: Key, ctx: Ctx) -> Withdrawal | None:
        if not isinstance(value, dict):
            example = texts_example(ctx.langs)
            ctx.error(
                key,
                "wrong-type",
                tr(
                    "withdrawn: found %(found)s; readers need the reason too, so write it as "
                    "`withdrawn: {date: 2025-12-01, reason: {%(example)s}}` (or as indented "
                    "`date:` and `reason:` lines)",
                    found=found(value),
                    example=example,
                ),
            )
            return None
        return super().parse(value, key, ctx)


def _reference(url: str, title: Texts) -> Reference:
    return Reference(url, title)


CONTACT_FIELDS = {
    "name": Field(TextSpec("Name or role, e.g. Data Protection Officer.")),
    "email": Field(EmailSpec(), False),
    "phone": Field(PhoneSpec(), False),
    "url": Field(UrlSpec(), False),
}

TIMELINE_ENTRY = ObjectSpec(
    "A dated event.",
    _entry,
    {
        "date": Field(WhenSpec("Day of the event, or a time with its zone for an exact time.")),
        "text": Field(TextSpec("What happened then.")),
    },
)
UPDATE_ENTRY = ObjectSpec(
    "A revision of this advisory (the first publication is not one).",
    _update,
    {
        "date": Field(WhenSpec("When the advisory was revised.")),
        "text": Field(TextSpec("What changed in the advisory.")),
        "status": Field(
            ChoiceSpec("The status from this update on, if it changed.", tuple(STATUSES)), False
        ),
        "severity": Field(
            ChoiceSpec("The severity from this update on, if it changed.", tuple(SEVERITIES)),
            False,
        ),
        "sms": Field(
            TextSpec(
                "This update's text message, without the link (it is added); else its headline."
            ),
            False,
        ),
    },
)

NOTIFICATION = ObjectSpec(
    "A notification sent.",
    Notification,
    {
        "at": Field(WhenSpec("When it was sent, with its zone.", time_only=True)),
        "reference": Field(LineSpec("The recipient's case or reference number."), False),
    },
)

RECORD = ObjectSpec(
    "A security advisory, with each text in every site language.",
    dict,
    {
        "id": Field(SlugSpec()),
        "source_lang": Field(LangSpec()),
        "published": Field(WhenSpec("Day the advisory is first published.", date_only=True)),
        "updated": Field(WhenSpec("Day of the last substantive change.", date_only=True), False),
        "status": Field(ChoiceSpec("Where the response stands.", tuple(STATUSES))),
        "severity": Field(
            ChoiceSpec("How serious the incident is for readers.", tuple(SEVERITIES))
        ),
        "draft": Field(BoolSpec("true keeps the advisory out of the published site."), False),
        "embargo": Field(
            WhenSpec("Not published before this time (with its zone or offset).", time_only=True),
            False,
        ),
        "withdrawn": Field(
            WithdrawalSpec(
                "Day the advisory was withdrawn and why (it stays online, marked so).",
                _withdrawal,
                {
                    "date": Field(WhenSpec("Day of the withdrawal.", date_only=True)),
                    "reason": Field(TextSpec("Why the advisory was withdrawn.")),
                },
            ),
            False,
        ),
        "title": Field(TextSpec("Short headline.")),
        "summary": Field(TextSpec("Two or three sentences: what happened and what it means.")),
        "sms": Field(
            TextSpec("A text message of one line, without the link (it is added); else the title."),
            False,
        ),
        "description": Field(TextSpec("What happened, in a few paragraphs.")),
        "occurred": Field(
            ObjectSpec(
                "When the breach happened: `from` (and `to` for a range); `estimated: true` "
                "when the dates are an estimate.",
                Occurred,
                {
                    "from": Field(WhenSpec("First day of the breach.", date_only=True)),
                    "to": Field(WhenSpec("Last day, for a range.", date_only=True), False),
                    "estimated": Field(BoolSpec("true when the dates are an estimate."), False),
                },
                renames={"from": "start", "to": "end"},
            ),
            False,
        ),
        "consequences": Field(
            TextSpec("The likely consequences for the people affected (GDPR Art. 33(3)(c))."),
            False,
        ),
        "measures": Field(
            TextSpec("What we are doing: measures taken or planned, mitigation included."), False
        ),
        "safeguards": Field(
            TextSpec("Technical and security measures that protected the data (LGPD Art. 48)."),
            False,
        ),
        "delay": Field(
            ObjectSpec(
                "Whether notice was delayed: `law_enforcement: true/false`, and a `reason` "
                "if it was delayed at all.",
                Delay,
                {
                    "law_enforcement": Field(
                        BoolSpec("true when law enforcement asked to delay the notice.")
                    ),
                    "reason": Field(TextSpec("Why notice was delayed."), False),
                },
            ),
            False,
        ),
        "contact_point": Field(
            ObjectSpec(
                "Who to contact about this breach (the DPO); overrides the site's.",
                ContactPoint,
                CONTACT_FIELDS,
            ),
            False,
        ),
        "regimes": Field(
            ListSpec(
                "Laws this notice must satisfy, instead of the site's list "
                f"({', '.join(REGIMES)}).",
                ChoiceSpec("A regime.", tuple(REGIMES)),
            ),
            False,
        ),
        "identity_protection": Field(
            TextSpec(
                "California 1798.82(d)(2)(G): if you were the source of the breach and social "
                "security, licence or ID numbers were exposed, your free offer of identity-theft "
                "prevention and mitigation services (at least 12 months) and how to enrol."
            ),
            False,
        ),
        "scale": Field(
            ObjectSpec(
                "Approximate numbers for the authority (GDPR Art. 33(3)(a)): `people` "
                "affected and personal-data `records` concerned.",
                Scale,
                {
                    "people": Field(CountSpec("Approximate number of people affected."), False),
                    "records": Field(
                        CountSpec("Approximate number of personal-data records concerned."),
                        False,
                    ),
                },
            ),
            False,
        ),
        "discovered": Field(
            WhenSpec(
                "When you became aware of the breach, with its zone: the legal deadlines "
                "count from here.",
                time_only=True,
            ),
            False,
        ),
        "notified": Field(
            ObjectSpec(
                "Who was notified and when: "
                + ", ".join(f"`{kind}`" for kind in RECIPIENTS)
                + "; each a list of `{at: timestamp, reference: case number}`.",
                dict,
                {
                    kind: Field(ListSpec(f"Notifications sent to {kind}.", NOTIFICATION), False)
                    for kind in RECIPIENTS
                },
            ),
            False,
        ),
        "affected": Field(TextSpec("Who is affected.")),
        "not_affected": Field(TextSpec("Who is not affected.")),
        "timeline": Field(ListSpec("Dated events, oldest first.", TIMELINE_ENTRY, min_items=1)),
        "exposed": Field(ListSpec("Data classes that were exposed.", DataClassSpec())),
        "not_exposed": Field(ListSpec("Data classes that were NOT exposed.", DataClassSpec())),
        "recommendations": Field(
            ListSpec(
                "What readers should do now, one step per item.", TextSpec("One step."), min_items=1
            )
        ),
        "faq": Field(
            ListSpec(
                "Questions readers ask.",
                ObjectSpec(
                    "A question and its answer.",
                    FaqItem,
                    {
                        "question": Field(TextSpec("The question.")),
                        "answer": Field(TextSpec("The answer.")),
                    },
                ),
            ),
            False,
        ),
        "references": Field(
            ListSpec(
                "Sources readers can check.",
                ObjectSpec(
                    "A link.",
                    _reference,
                    {"url": Field(UrlSpec()), "title": Field(TextSpec("Link text."))},
                ),
            ),
            False,
        ),
        "updates": Field(
            ListSpec("Revision history of this advisory, oldest first.", UPDATE_ENTRY), False
        ),
    },
)


def newest_first(advisories: Iterable[Advisory]) -> list[Advisory]:
    """The order of every list of advisories: index pages, feeds and the API."""
    return sorted(advisories, key=lambda a: (a.published, a.last_modified, a.id), reverse=True)


def iter_texts(a: Advisory) -> Iterator[tuple[Key, Texts]]:
    """Every human text of a record with its key path, for the translation report."""

    def walk(value: object, key: Key) -> Iterator[tuple[Key, Texts]]:
        if isinstance(value, dict):
            yield key, value
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                yield from walk(item, (*key, i))
        elif hasattr(value, "__dataclass_fields__"):
            for f in fields(value):  # type: ignore[arg-type]
                if f.name not in _NOT_TEXT:
                    yield from walk(getattr(value, f.name), (*key, _yaml_name(f.name)))

    yield from walk(a, ())


_NOT_TEXT = {"l10n", "path", "approval", "notified"}


def _yaml_name(field_name: str) -> str:
    return {"when": "date", "labels": "", "start": "from", "end": "to"}.get(field_name, field_name)


def text_units(a: Advisory) -> list[tuple[str, Key, Texts]]:
    """Every translatable text: its dotted name (as messages show it), its key path in the
    YAML, and its texts. The one walk that checks, translation state and XLIFF share,
    made once per record (the checks ask for it half a dozen times)."""
    return a.units


def _text_units(a: Advisory) -> list[tuple[str, Key, Texts]]:
    out = []
    for key, texts in iter_texts(a):
        clean = tuple(k for k in key if k != "")
        out.append((".".join(str(k) for k in clean), clean, texts))
    return out
