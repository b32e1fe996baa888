"""Turn loaded documents into Advisory objects, collecting every problem at once.

Rules follow Go vulndb's linter: field first, what was found, how to fix it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple, dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from .. import __version__
from ..parallel import in_parallel
from ..store import ByteStore
from .advisory import RECORD, Advisory, Entry, text_units
from .approvals import approval_bytes_on_disk, approval_problems
from .deadlines import deadline_problems, posting_problems
from .diagnostics import Problem
from .facts import Fact, Mismatch, compare, describe, extract
from .load import (
    DEFAULT_LIMITS,
    Document,
    Key,
    Limits,
    ParseCache,
    RememberedParse,
    display_path,
    load_file,
    scan_records,
)
from .messages import catalog_fingerprint, tr
from .plain_language import PlainLanguage, text_problems
from .regimes import LegalDefaults, applicable, contact_domain_problems, regime_problems
from .spec import Ctx
from .text import has_words
from .translations import (
    STALE,
    StateFileError,
    TranslationState,
    load_state,
    state_bytes_on_disk,
    state_path,
)


@dataclass
class Checked:
    advisories: list[Advisory]
    problems: list[Problem]
    documents: dict[str, Document]


def _day(when: date | datetime) -> date:
    return when.date() if isinstance(when, datetime) else when


def validate_document(
    doc: Document, langs: list[str], now: datetime, timezone: str | None = None
) -> tuple[Advisory | None, list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(doc.data, dict):
        problems.append(
            doc.problem(
                (),
                "not-a-map",
                "a record must be a map of fields (`id: ...`, "
                "`title: ...`); run `advisories new <id>` for a template",
            )
        )
        return None, problems
    ctx = Ctx(doc, langs, doc.data.get("draft") is True, problems, timezone)
    parsed = RECORD.parse(doc.data, (), ctx)
    stem = Path(doc.path).name.removesuffix(".yaml").removesuffix(".yml")
    record_id = doc.data.get("id")
    if isinstance(record_id, str) and record_id != stem:
        ctx.error(
            ("id",),
            "id-mismatch",
            tr(
                "id: `%(id)s` does not match the file name `%(stem)s`; rename the file to "
                "`%(id)s.yaml` or set `id: %(stem)s`",
                id=record_id,
                stem=stem,
            ),
        )
    if parsed is None:
        return None, problems
    for name in ("faq", "references", "updates"):
        parsed.setdefault(name, ())
    advisory = Advisory(path=doc.path, **parsed)
    _warnings(advisory, ctx, now)
    return advisory, problems


def _out_of_order(entries: tuple[Entry, ...]) -> int | None:
    for i in range(1, len(entries)):
        if _day(entries[i].when) < _day(entries[i - 1].when):
            return i
    return None


def _clock_problems(
    a: Advisory, doc: Document, now: datetime, legal: LegalDefaults
) -> list[Problem]:
    """The checks that depend on the clock, kept out of the per-record cache."""
    return (
        _embargo_passed(a, doc, now)
        + _future_events(a, doc, now)
        + deadline_problems(a, doc, applicable(a, legal), now)
    )


def _future_events(a: Advisory, doc: Document, now: datetime) -> list[Problem]:
    """An update or withdrawal dated after now would be published as if it had happened."""
    dated: list[tuple[Key, date | datetime]] = [
        (("updates", i, "date"), u.when) for i, u in enumerate(a.updates)
    ]
    if a.withdrawn:
        dated.append((("withdrawn", "date"), a.withdrawn.when))
    out = []
    for key, when in dated:
        future = when > now if isinstance(when, datetime) else when > now.date()
        if future:
            out.append(
                doc.problem(
                    key,
                    "future-update",
                    tr(
                        "%(field)s: %(when)s is later than now (%(now)s), yet it would be "
                        "published now; fix the date, or hold the entry back (`embargo:` or "
                        "leave it out) until it happens",
                        field=".".join(str(k) for k in key[:-1]) + ".date",
                        when=when.isoformat(),
                        now=now.isoformat(timespec="minutes"),
                    ),
                    "warning",
                )
            )
    return out


def _embargo_passed(a: Advisory, doc: Document, now: datetime) -> list[Problem]:
    if not (a.embargo and a.embargo <= now and not a.draft):
        return []
    return [
        doc.problem(
            ("embargo",),
            "embargo-passed",
            tr(
                "embargo: %(embargo)s has passed, so the advisory is published; remove the line "
                "once it is live",
                embargo=a.embargo.isoformat(),
            ),
            "warning",
        )
    ]


def _warnings(a: Advisory, ctx: Ctx, now: datetime) -> None:
    for name in ("timeline", "updates"):
        i = _out_of_order(getattr(a, name))
        if i is not None:
            ctx.warn(
                (name, i, "date"),
                "out-of-order",
                tr(
                    "%(field)s[%(index)d].date: earlier than the entry before it; list entries "
                    "oldest first",
                    field=name,
                    index=i,
                ),
            )
    for i, update in enumerate(a.updates):
        if _day(update.when) < a.published:
            ctx.error(
                ("updates", i, "date"),
                "before-published",
                tr(
                    "updates[%(index)d].date: %(day)s is before the advisory was published "
                    "(%(published)s); an update comes after publication, so fix the date",
                    index=i,
                    day=_day(update.when),
                    published=a.published,
                ),
            )
    if a.withdrawn and a.withdrawn.when < a.published:
        ctx.error(
            ("withdrawn", "date"),
            "before-published",
            tr(
                "withdrawn.date: %(day)s is before the advisory was published (%(published)s); "
                "fix the date",
                day=a.withdrawn.when,
                published=a.published,
            ),
        )
    if a.embargo and a.published < a.embargo.date():
        ctx.warn(
            ("published",),
            "published-before-embargo",
            tr(
                "published: %(published)s is before the embargo lifts (%(embargo)s), so the "
                "page would say it was published before it went live; set `published: "
                "%(day)s`",
                published=a.published,
                embargo=a.embargo.isoformat(),
                day=a.embargo.date(),
            ),
        )
    if a.updated and a.updated < a.published:
        ctx.warn(
            ("updated",),
            "updated-before-published",
            tr(
                "updated: %(updated)s is before published %(published)s; fix one of the two dates",
                updated=a.updated,
                published=a.published,
            ),
        )


def translation_report(a: Advisory, langs: list[str]) -> dict[str, dict]:
    """Per language: texts still empty, and texts identical to the source language's."""
    texts_by_key = [(key, texts) for _, key, texts in text_units(a)]
    report: dict[str, dict] = {}
    for lang in langs:
        missing, same = [], []
        for key, texts in texts_by_key:
            if not texts.get(lang):
                missing.append(key)
            elif (
                lang != a.source_lang
                and texts[lang] == texts.get(a.source_lang)
                and len(texts[lang].split()) >= 3
            ):
                same.append(key)
        report[lang] = {"missing": missing, "same": same}
    return report


def translation_warnings(a: Advisory, doc: Document, langs: list[str]) -> list[Problem]:
    out = []
    for lang, found in translation_report(a, langs).items():
        for key in found["same"]:
            dotted = ".".join(str(k) for k in key)
            out.append(
                doc.problem(
                    (*key, lang),
                    "same-as-source",
                    tr(
                        "%(field)s.%(lang)s: identical to the `%(source)s` text; translate it",
                        field=dotted,
                        lang=lang,
                        source=a.source_lang,
                    ),
                    "warning",
                )
            )
    return out


def fact_table(a: Advisory, langs: list[str]) -> list[tuple[str, Key, dict[str, list[Fact]]]]:
    """Per text of a record (dotted name, key path), the facts each language states."""
    year = a.published.year
    return [
        (
            dotted,
            key,
            {lang: extract(texts.get(lang, ""), lang, tuple(langs), year) for lang in langs},
        )
        for dotted, key, texts in text_units(a)
    ]


def fact_warnings(a: Advisory, doc: Document, langs: list[str]) -> list[Problem]:
    """A translation that states another date, number, address or code than its original."""
    out = []
    source = a.source_lang
    texts_by_name = {dotted: texts for dotted, _, texts in text_units(a)}
    for dotted, key, facts in fact_table(a, langs):
        for lang in langs:
            if lang == source or not facts[lang] and not facts[source]:
                continue
            if not has_words(texts_by_name[dotted].get(lang, "")):
                continue  # an empty translation is reported once, as missing
            for mismatch in compare(facts[source], facts[lang]):
                out.append(
                    doc.problem(
                        (*key, lang),
                        "fact-mismatch",
                        _mismatch_message(dotted, lang, source, mismatch),
                        "warning",
                    )
                )
    return out


def _mismatch_message(dotted: str, lang: str, source: str, mismatch: Mismatch) -> str:
    def listed(facts: tuple[Fact, ...]) -> str:
        return ", ".join(describe(f, lang) for f in facts)

    values = {
        "lang": lang,
        "field": dotted,
        "source": source,
        "theirs": listed(mismatch.translation),
        "ours": listed(mismatch.source),
        "kind": tr(mismatch.kind),
    }
    if mismatch.source and mismatch.translation:
        return tr(
            "%(lang)s %(field)s says %(theirs)s where the %(source)s original says %(ours)s; "
            "make both languages state the same %(kind)s",
            **values,
        )
    if mismatch.source:
        return tr(
            "%(lang)s %(field)s does not state %(ours)s, which the %(source)s original states; "
            "make both languages state the same %(kind)s",
            **values,
        )
    return tr(
        "%(lang)s %(field)s states %(theirs)s, which the %(source)s original does not; make "
        "both languages state the same %(kind)s",
        **values,
    )


def language_problems(
    a: Advisory, doc: Document, langs: list[str], rules: PlainLanguage
) -> list[Problem]:
    out = []
    for _, key, texts in text_units(a):
        for lang in langs:
            out += text_problems(texts.get(lang, ""), lang, key, doc, rules)
    return out


class RememberedFindings:
    """The findings of a record's text checks as an earlier build found them: whether each
    translation states its original's facts, and the plain-language rules. They are the
    slowest per-record checks (facts are extracted and syllables counted word by word)
    and depend only on the record's text, the site's rules and the messages' language,
    never on `now`: an entry holds the digest of those and is used only for the same
    digest."""

    KINDS = ("facts", "plain_language")

    def __init__(self, stored: bytes | None, langs: list[str], policy: Policy) -> None:
        self.stored = stored
        self.langs = langs
        self.policy = policy
        self.new: bytes | None = None  # what to store when the stored entry did not fit
        self.found: dict[str, list[Problem]] | None = None

    def _digest(self, doc: Document) -> str:
        made_from = [
            __version__,
            catalog_fingerprint(),
            doc.path,
            self.langs,
            repr(self.policy.language),
            self.policy.timezone,  # a date without an offset is read in it
        ]
        return hashlib.sha256(
            json.dumps(made_from).encode() + b"\0" + doc.source.encode()
        ).hexdigest()

    def facts(self, advisory: Advisory, doc: Document) -> list[Problem]:
        return self._findings(advisory, doc)["facts"]

    def plain_language(self, advisory: Advisory, doc: Document) -> list[Problem]:
        return self._findings(advisory, doc)["plain_language"]

    def _findings(self, advisory: Advisory, doc: Document) -> dict[str, list[Problem]]:
        if self.found is not None:
            return self.found
        digest = self._digest(doc)
        self.found = _decoded_findings(self.stored, digest, self.KINDS)
        if self.found is None:
            self.found = {
                "facts": fact_warnings(advisory, doc, self.langs),
                "plain_language": language_problems(
                    advisory, doc, self.langs, self.policy.language
                ),
            }
            rows = {kind: [astuple(p) for p in found] for kind, found in self.found.items()}
            self.new = json.dumps([digest, rows]).encode()
        return self.found


def _decoded_findings(
    stored: bytes | None, digest: str, kinds: tuple[str, ...]
) -> dict[str, list[Problem]] | None:
    if stored is None:
        return None
    try:
        made_from, rows = json.loads(stored)
        if made_from != digest or sorted(rows) != sorted(kinds):
            return None
        return {kind: [Problem(*row) for row in rows[kind]] for kind in kinds}
    except (ValueError, TypeError, AttributeError):  # an entry that does not read is not there
        return None


@dataclass(frozen=True)
class Policy:
    """Site rules a record is checked against beyond its own shape."""

    legal: LegalDefaults = LegalDefaults()
    language: PlainLanguage = PlainLanguage()
    stale_translations: str = "warning"  # or "error": a stale translation blocks the build
    timezone: str | None = None  # IANA zone for times written without an offset
    require_approval: bool = False  # publish only records whose approval is current


DEFAULT_POLICY = Policy()


def _translation_state(
    a: Advisory,
    path: Path,
    doc: Document,
    langs: list[str],
    policy: Policy,
    state: TranslationState | None = None,
) -> tuple[Advisory, list[Problem]]:
    """Attach each text's translation state; a stale translation is a warning at its
    position (an error where the site says stale translations block publication).
    `state` stands in for the file when checking a change before it is written."""
    if state is None:
        try:
            state = load_state(path, str(state_path(Path(doc.path))))
        except StateFileError as exc:
            return a, [exc.problem]
    if not state.tracked:
        return a, []
    statuses = {lang: state.status(a, lang) for lang in langs if lang != a.source_lang}
    out = []
    keys = {dotted: key for dotted, key, _ in text_units(a)}
    for lang, by_text in statuses.items():
        for dotted, status in by_text.items():
            if status.state != STALE:
                continue
            since = tr(" (marked current on %(date)s)", date=status.since) if status.since else ""
            out.append(
                doc.problem(
                    (*keys[dotted], lang),
                    "stale-translation",
                    tr(
                        "%(lang)s %(field)s: the %(source)s original changed after this "
                        "translation was made%(since)s; update it, then run `advisories l10n "
                        "done %(id)s --lang %(lang)s --field %(field)s`",
                        lang=lang,
                        field=dotted,
                        source=a.source_lang,
                        since=since,
                        id=a.id,
                    ),
                    policy.stale_translations,
                )
            )
    l10n = {
        lang: {dotted: (s.state, s.since) for dotted, s in by_text.items()}
        for lang, by_text in statuses.items()
    }
    return replace(a, l10n=l10n), out


class RecordCache:
    """What `serve` keeps between rebuilds, in one place and keyed by content: each
    record's parse (by its bytes) and checks (by that parse, its translation state's
    bytes and the site's rules), one entry per file. An unchanged record gives the same
    objects back, so later stages can reuse what they made from them."""

    def __init__(self) -> None:
        self.parsed: ParseCache = {}
        self.checked: dict[str, tuple[tuple, Document, Advisory | None, list[Problem]]] = {}

    def checks(
        self, doc: Document, path: Path, langs: list[str], now: datetime, policy: Policy
    ) -> tuple[Advisory | None, list[Problem]]:
        key = (
            state_bytes_on_disk(path),
            approval_bytes_on_disk(path),
            tuple(langs),
            repr(policy),
        )
        cached = self.checked.get(str(path))
        if cached is not None and cached[0] == key and cached[1] is doc:
            return cached[2], cached[3]
        advisory, problems = record_checks(doc, path, langs, now, policy)
        self.checked[str(path)] = (key, doc, advisory, problems)
        return advisory, problems


def record_checks(
    doc: Document,
    path: Path,
    langs: list[str],
    now: datetime,
    policy: Policy,
    state: TranslationState | None = None,
    remembered: RememberedFindings | None = None,
) -> tuple[Advisory | None, list[Problem]]:
    """Every per-record check but the clock's; `remembered` may give the text checks'
    findings an earlier build made."""
    advisory, problems = validate_document(doc, langs, now, policy.timezone)
    if advisory is not None:
        advisory, stale = _translation_state(advisory, path, doc, langs, policy, state)
        problems += stale
        problems += translation_warnings(advisory, doc, langs)
        problems += (
            remembered.facts(advisory, doc) if remembered else fact_warnings(advisory, doc, langs)
        )
        problems += regime_problems(advisory, doc, policy.legal)
        problems += contact_domain_problems(advisory, doc, policy.legal)
        problems += posting_problems(advisory, doc, applicable(advisory, policy.legal))
        problems += (
            remembered.plain_language(advisory, doc)
            if remembered
            else language_problems(advisory, doc, langs, policy.language)
        )
        if policy.require_approval:
            approval, unapproved = approval_problems(advisory, doc, path)
            advisory = replace(advisory, approval=approval)
            # A draft is not published: it may wait for approval (a broken file may not).
            problems += [p for p in unapproved if not advisory.draft or p.code == "bad-approval"]
    return advisory, problems


class FileChecks(NamedTuple):
    """What one file's checks leave for the rules across files: its own problems, its id
    and where that is written, its advisory with the clock's problems when it holds one,
    its document when the caller keeps them, and its text findings to remember when they
    were found anew. A build keeps no document: at 10,000 records they were most of the
    memory, and a second process would send them all back."""

    display: str
    problems: list[Problem]
    doc: Document | None = None
    record_id: str | None = None
    id_at: tuple[int, int] = (1, 1)
    advisory: Advisory | None = None
    clock: list[Problem] = []
    findings: bytes | None = None
    parse: bytes | None = None


# From this many records on, half of them are checked on the other core (a fork costs a
# few milliseconds; one record's checks about ten).
_SPLIT_AT = 16


def check_files(
    paths: list[Path],
    langs: list[str],
    now: datetime,
    root: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
    problems: list[Problem] | None = None,
    policy: Policy = DEFAULT_POLICY,
    cache: RecordCache | None = None,
    findings: ByteStore | None = None,
    keep_documents: bool = True,
    parses: ByteStore | None = None,
) -> Checked:
    """Load and validate records, including cross-record rules such as unique ids.
    `problems` may carry what scanning the folder found already; `findings` and `parses`
    hold what earlier builds found and parsed (read and written here, never in a second
    process)."""
    advisories: list[Advisory] = []
    problems = list(problems or [])
    documents: dict[str, Document] = {}
    seen: dict[str, tuple[str, int]] = {}  # id -> where it is first written

    ordered = sorted(paths)

    def kept_in(store: ByteStore | None) -> dict[Path, bytes | None]:
        """What `store` holds for each file, read here: its connection stays in this process."""
        if store is None:
            return {}
        return {path: store.get(display_path(path, root)) for path in ordered}

    stored, parsed = kept_in(findings), kept_in(parses)

    def one_file(path: Path) -> FileChecks:
        display = display_path(path, root)
        parse = RememberedParse(parsed.get(path)) if parses is not None else None
        doc, load_problems = load_file(
            path, display, limits, cache.parsed if cache else None, parse
        )
        kept = doc if keep_documents else None
        new_parse = parse.new if parse else None
        if doc.data is None:
            return FileChecks(display, load_problems, kept, parse=new_parse)
        remembered = None
        if cache:
            advisory, record_problems = cache.checks(doc, path, langs, now, policy)
        else:
            remembered = RememberedFindings(stored.get(path), langs, policy)
            advisory, record_problems = record_checks(
                doc, path, langs, now, policy, remembered=remembered
            )
        record_id = doc.data.get("id") if isinstance(doc.data, dict) else None
        return FileChecks(
            display,
            load_problems + record_problems,
            kept,
            record_id if isinstance(record_id, str) else None,
            doc.at(("id",)),
            advisory,
            _clock_problems(advisory, doc, now, policy.legal) if advisory else [],
            remembered.new if remembered else None,
            new_parse,
        )

    if cache is None and len(ordered) >= _SPLIT_AT:
        # Each file's checks stand alone; the rules across files run below, in order.
        half = len(ordered) // 2
        first, second = in_parallel(
            lambda: [one_file(path) for path in ordered[:half]],
            lambda: [one_file(path) for path in ordered[half:]],
        )
        each_file = first + second
    else:
        each_file = [one_file(path) for path in ordered]
    for checks in each_file:
        if findings is not None and checks.findings is not None:
            findings.put(checks.display, checks.findings)
        if parses is not None and checks.parse is not None:
            parses.put(checks.display, checks.parse)
        if checks.doc is not None:
            documents[checks.display] = checks.doc
        problems += checks.problems
        if checks.record_id is not None:
            if checks.record_id in seen:
                first_path, first_line = seen[checks.record_id]
                message = tr(
                    "id: `%(id)s` is already used by %(path)s:%(line)d; give each "
                    "advisory its own id",
                    id=checks.record_id,
                    path=first_path,
                    line=first_line,
                )
                problems.append(Problem(checks.display, *checks.id_at, message, "duplicate-id"))
                continue
            seen[checks.record_id] = (checks.display, checks.id_at[0])
        if checks.advisory is not None:
            problems += checks.clock
            advisories.append(checks.advisory)
    problems.sort(key=lambda p: (p.path, p.line, p.column))
    return Checked(advisories, problems, documents)


def check_folder(
    records_dir: Path,
    langs: list[str],
    now: datetime,
    root: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
    policy: Policy = DEFAULT_POLICY,
    cache: RecordCache | None = None,
    findings: ByteStore | None = None,
    keep_documents: bool = True,
    parses: ByteStore | None = None,
) -> Checked:
    """Every record of a folder; entries that are not regular files are reported, never read."""
    paths, problems = scan_records(records_dir, root)
    return check_files(
        paths, langs, now, root, limits, problems, policy, cache, findings, keep_documents, parses
    )
