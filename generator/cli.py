"""`advisories`: the command writers and publishers run. A thin layer over the core and MkDocs."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from .build import publish, recover, site_dir_problem, staging_dir
from .formats.forms import FORMS
from .formats.problems import FORMATS
from .records.advisory import RECIPIENTS, RECORD, Advisory
from .records.diagnostics import Problem, UserError, errors, strict
from .records.disk import write_atomic
from .records.messages import install, tr, writer_language
from .records.schema import record_schema
from .records.spec import zone
from .records.text import forbidden_character, id_problem, suggest_id, terminal_safe
from .records.validate import (
    Checked,
    check_files,
    check_folder,
    fact_table,
    translation_report,
)
from .records.vocabulary import GROUPS, TIERS, VOCABULARY
from .settings import Settings, SettingsError, build_now
from .site.i18n import CatalogError, format_when, translations
from .site.render import Renderer

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _error(message: str) -> None:
    """`error: …` on standard error, in the writer's language, safe for the terminal."""
    print(terminal_safe(tr("error: %(message)s", message=message)), file=sys.stderr)


def _write_output(path: Path, data: bytes) -> None:
    """An `-o FILE` output: written whole (temporary file and rename), then named."""
    write_atomic(path, data)
    print(tr("Wrote %(path)s", path=path), file=sys.stderr)


def _settings(config_file: str) -> Settings:
    from .mkdocs.commands import load_site

    return load_site(config_file).settings


def _report_problems(
    s: Settings,
    paths: list[Path],
    now: str | None,
    as_errors: bool,
    sms: bool = False,
    show: bool = True,
) -> tuple[Checked, list[Problem]]:
    when = build_now(now)
    root = Path.cwd()
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if not p.is_dir()]
    checked = check_files(files, s.languages, when, root, s.limits, policy=s.policy)
    for folder in folders:
        more = check_folder(folder, s.languages, when, root, s.limits, s.policy)
        checked = Checked(
            checked.advisories + more.advisories,
            checked.problems + more.problems,
            {**checked.documents, **more.documents},
        )
    found = checked.problems + (_sms_problems(checked, s, when) if sms else [])
    found.sort(key=lambda p: (p.path, p.line, p.column))
    problems = strict(found) if as_errors else found
    if show:
        for problem in problems:
            print(problem, file=sys.stderr)
    return checked, problems


def _sms_advice(text: str) -> str:
    """Which characters make an SMS UCS-2, and the GSM-7 twins of those that have one."""
    from .records.sms import PER_SEGMENT, SINGLE, gsm7_advice

    advice = gsm7_advice(text)
    parts = []
    if advice.replaceable:
        pairs = ", ".join(f"«{c}» → «{r}»" for c, r in advice.replaceable.items())
        parts.append(tr("write %(pairs)s", pairs=pairs))
    if advice.forcing:
        parts.append(
            tr(
                "%(chars)s have no GSM-7 form, so the message stays UCS-2 (%(single)d "
                "characters in one message, %(segment)d per segment when split): use fewer words",
                chars=" ".join(f"«{c}»" for c in advice.forcing),
                single=SINGLE["UCS-2"],
                segment=PER_SEGMENT["UCS-2"],
            )
        )
    return "; ".join(parts) or tr("use fewer words")


def _sms_problems(checked: Checked, s: Settings, now) -> list[Problem]:
    """Every SMS the records can send, measured before anyone runs `notice`."""
    from .formats.notice import sms, sms_events

    out = []
    for a in checked.advisories:
        doc = checked.documents.get(a.path)
        if doc is None:
            continue
        for which, field in sms_events(a):
            for lang in s.languages:
                text, length = sms(a, lang, s, now, which)
                if length.segments <= s.sms_max_segments:
                    continue
                dotted = ".".join(str(k) for k in field)
                out.append(
                    doc.problem(
                        (*field, lang),
                        "sms-too-long",
                        tr(
                            "%(field)s.%(lang)s: the SMS (with its link) needs %(segments)d "
                            "segments, %(encoding)s, %(units)d units; the site allows "
                            "%(limit)d (`sms_max_segments`). Shorten the `sms` text; %(advice)s",
                            field=dotted,
                            lang=lang,
                            segments=length.segments,
                            encoding=length.encoding,
                            units=length.units,
                            limit=s.sms_max_segments,
                            advice=_sms_advice(text),
                        ),
                        "warning",
                    )
                )
    return out


def cmd_check(args: argparse.Namespace) -> int:
    s = _settings(args.config)
    paths = [Path(p) for p in args.paths] or [s.records_dir]
    machine = args.format != "text"
    checked, problems = _report_problems(
        s, paths, args.now, args.strict, sms=True, show=not machine
    )
    if machine:
        return _machine_report(args.format, checked, problems)
    if checked.advisories:
        print("\n" + tr("Translation report:"))
    for a in checked.advisories:
        report = translation_report(a, s.languages)
        parts = []
        for lang, found in report.items():
            missing = [".".join(map(str, k)) for k in found["missing"]]
            same = [".".join(map(str, k)) for k in found["same"]]
            stale = [
                d for d, (state, _) in ((a.l10n or {}).get(lang) or {}).items() if state == "stale"
            ]
            if not missing and not same and not stale:
                parts.append(tr("%(lang)s complete", lang=lang))
                continue
            counts = []
            if missing:
                counts.append(
                    tr("%(count)d missing", count=len(missing)) + f" ({', '.join(missing)})"
                )
            if same:
                counts.append(
                    tr("%(count)d same as %(source)s", count=len(same), source=a.source_lang)
                    + f" ({', '.join(same)})"
                )
            if stale:
                counts.append(tr("%(count)d stale", count=len(stale)) + f" ({', '.join(stale)})")
            parts.append(f"{lang}: " + ", ".join(counts))
        print(terminal_safe(f"  {a.id}: " + "; ".join(parts)))
    if args.facts:
        for a in checked.advisories:
            _print_facts(a, s.languages)
    if args.regimes:
        for a in checked.advisories:
            _print_regimes(a, s)
    print("\n" + _summary(checked, problems))
    return 1 if errors(problems) else 0


def _machine_report(kind: str, checked: Checked, problems: list[Problem]) -> int:
    """The problems alone on standard output, in a format tools read; the count on
    standard error."""
    from .formats.problems import problems_github, problems_json, problems_sarif

    if kind == "json":
        sys.stdout.write(problems_json(problems, len(checked.documents)))
    elif kind == "github":
        sys.stdout.write(problems_github(problems))
    else:
        sys.stdout.write(problems_sarif(problems))
    print(_summary(checked, problems), file=sys.stderr)
    return 1 if errors(problems) else 0


def _summary(checked: Checked, problems: list[Problem]) -> str:
    n_err = len(errors(problems))
    return tr(
        "%(records)d record(s) checked: %(errors)d error(s), %(warnings)d warning(s)",
        records=len(checked.documents),
        errors=n_err,
        warnings=len(problems) - n_err,
    )


def _print_regimes(a: Advisory, s: Settings) -> None:
    """`check --regimes`: each element each applicable law asks for, and whether it is met."""
    from .records.regimes import applicable, checklist

    laws = ", ".join(applicable(a, s.policy.legal))
    print("\n" + tr("Notice checklist for %(id)s (%(laws)s):", id=a.id, laws=laws))
    rows = [
        (
            tr("ok") if met else tr("MISSING"),
            element.regime,
            tr(element.article),
            tr(element.element)
            + ("" if met else "  " + tr("(add `%(field)s`)", field=element.field)),
        )
        for element, met in checklist(a, s.policy.legal)
    ]
    # Columns as wide as their longest entry in the writer's language.
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    widths[0] = max(len(tr("ok")), len(tr("MISSING")))
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print(terminal_safe("  " + "  ".join([*cells, row[3]])))
    _print_readability(a, s)


def _print_readability(a: Advisory, s: Settings) -> None:
    """Each long text's readability score per language, against the site's minimum."""
    from .records.readability import score

    minimums = s.policy.language.min_readability
    lines = []
    for dotted, _, texts in a.units:
        for lang in s.languages:
            measured = score(texts.get(lang, ""), lang)
            if measured is None:
                continue
            low = lang in minimums and measured.value < minimums[lang]
            flag = tr("below %(minimum)s", minimum=minimums[lang]) if low else ""
            lines.append(f"  {lang} {dotted:<24} {measured.formula} {measured.value:>5}  {flag}")
    if lines:
        print(tr("Readability (0-100, higher is easier):"))
        for line in lines:
            print(terminal_safe(line.rstrip()))


def _print_facts(a: Advisory, langs: list[str]) -> None:
    """`check --facts`: what each language of each text states, kind by kind."""
    print("\n" + tr("Facts stated in %(id)s:", id=a.id))
    for dotted, _, facts in fact_table(a, langs):
        if not any(facts.values()):
            continue
        print(f"  {dotted}")
        for lang in langs:
            listed = ", ".join(f"{tr(f.kind)} {f.value}" for f in facts[lang]) or "-"
            print(terminal_safe(f"    {lang}: {listed}"))


def cmd_build(args: argparse.Namespace) -> int:
    from .mkdocs.commands import build_into, load_site

    build_now(args.now)  # a wrong --now is refused before anything is built
    site = load_site(args.config, now=args.now)
    s = site.settings
    target = Path(args.site_dir or site.site_dir).resolve()
    unsafe = site_dir_problem(target, s, site.docs_dir)
    if unsafe:
        print(
            tr(
                "error: %(problem)s; a build replaces its output folder, so nothing was "
                "touched. Choose a separate folder such as `site`.",
                problem=unsafe,
            ),
            file=sys.stderr,
        )
        return 2
    recover(target)
    staging = staging_dir(target)
    try:
        published = target if target.is_dir() else None
        result = build_into(args.config, staging, args.site_url, args.now, published)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if errors(result.problems):
        shutil.rmtree(staging, ignore_errors=True)
        print(
            tr(
                "error: %(count)d error(s) in advisory records; nothing was built and the "
                "site was not changed.",
                count=len(errors(result.problems)),
            ),
            file=sys.stderr,
        )
        return 1
    if result.failure:
        shutil.rmtree(staging, ignore_errors=True)
        _error(result.failure)
        print(tr("The site was not changed."), file=sys.stderr)
        return 1
    publish(staging, target)
    print(tr("Site written to %(path)s", path=target))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .mkdocs.commands import serve_preview

    address = args.dev_addr or "127.0.0.1:8000"
    print(tr("Preview at %(url)s (Ctrl+C stops it)", url=f"http://{address}/"), flush=True)
    serve_preview(args.config, address, full=args.full, now=args.now, drafts=args.drafts)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    s = _settings(args.config)
    problem = id_problem(args.id)
    if problem:
        print(
            terminal_safe(
                tr(
                    "error: the id %(id)r %(problem)s; for example `%(example)s`",
                    id=args.id,
                    problem=problem,
                    example=suggest_id(args.id),
                )
            ),
            file=sys.stderr,
        )
        return 2
    path = s.records_dir / f"{args.id}.yaml"
    taken = [p for p in (path, s.records_dir / f"{args.id}.yml") if os.path.lexists(p)]
    if taken:
        print(
            tr("error: %(path)s already exists; pick another id or edit that file", path=taken[0]),
            file=sys.stderr,
        )
        return 2
    schema = os.path.relpath(s.root / "schemas" / "advisory.schema.json", s.records_dir)
    # Comments in the writer's language, the site's default language otherwise.
    lang = writer_language(s.languages) or s.default_language
    catalog = translations(s.locales_dir, lang)
    text = (
        Renderer(s)
        .env(lang)
        .get_template("new.yaml.j2")
        .render(
            id=args.id,
            langs=s.languages,
            today=build_now(args.now).date().isoformat(),
            path=os.path.relpath(path),
            schema_path=schema,
            guide=os.path.relpath(s.root / "docs" / lang / "writers-guide.md"),
            doc=lambda name: catalog.gettext(RECORD.fields[name].spec.doc),
            choices=lambda name: RECORD.fields[name].spec.choices,
        )
    )
    s.records_dir.mkdir(parents=True, exist_ok=True)
    # O_EXCL: never follow a link planted at this name, never replace a file.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(text)
    print(tr("Wrote %(path)s: fill in the texts, then run `advisories check %(path)s`", path=path))
    print(
        tr(
            "Published as %(name)s, mail from @%(domain)s: if that is not your organisation, "
            "set `organization: {name, domain, email_from}` in mkdocs.yml first.",
            name=s.organization,
            domain=s.mail_domain,
        )
    )
    return 0


def cmd_notice(args: argparse.Namespace) -> int:
    from .formats import notice as notices

    s = _settings(args.config)
    now = build_now(args.now)
    checked = check_folder(s.records_dir, s.languages, now, Path.cwd(), s.limits, s.policy)
    found = [a for a in checked.advisories if a.id == args.id]
    if not found:
        ids = ", ".join(sorted(a.id for a in checked.advisories)) or "none"
        print(
            terminal_safe(
                tr(
                    "error: no valid advisory `%(id)s`; valid ids: %(ids)s. Run `advisories "
                    "check` to see problems.",
                    id=args.id,
                    ids=ids,
                )
            ),
            file=sys.stderr,
        )
        return 1
    a = found[0]
    if not a.visible(now):
        print(
            tr(
                "warning: `%(id)s` is not published yet (draft or embargo); its link will "
                "not work until it is.",
                id=a.id,
            ),
            file=sys.stderr,
        )
    lang = args.lang or s.default_language
    if lang not in s.languages:
        print(
            tr(
                "error: --lang %(lang)s: use one of %(langs)s",
                lang=lang,
                langs=", ".join(s.languages),
            ),
            file=sys.stderr,
        )
        return 2
    try:
        if args.form:
            from .formats import forms

            form = forms.build_form(a, args.form, lang, s, now)
            fmt = args.format or "text"
            if fmt == "pdf":
                output: str | bytes = forms.form_pdf(form, s)
            elif fmt == "html":
                output = forms.form_html(form, s)
            else:
                output = forms.form_text(form)
        elif args.channel == "email":
            output = notices.email(a, lang, s, now, args.update)
        elif args.channel == "sms":
            text, length = notices.sms(a, lang, s, now, args.update)
            limit = args.max_segments or s.sms_max_segments
            print(
                tr(
                    "%(encoding)s, %(units)d units, %(segments)d segment(s) (limit %(limit)d)",
                    encoding=length.encoding,
                    units=length.units,
                    segments=length.segments,
                    limit=limit,
                ),
                file=sys.stderr,
            )
            if length.segments > limit:
                print(
                    terminal_safe(
                        tr(
                            "error: the SMS needs %(segments)d segments, more than %(limit)d; "
                            "shorten the `sms` text of this event or raise --max-segments; "
                            "%(advice)s",
                            segments=length.segments,
                            limit=limit,
                            advice=_sms_advice(text),
                        )
                    ),
                    file=sys.stderr,
                )
                return 1
            output = text + "\n"
        elif args.channel == "web":
            output = notices.web(a, lang, s, now, args.update, args.format or "html")
        else:
            output = notices.notice(a, lang, args.format or "text", s, now, args.update)
    except UserError as exc:
        _error(str(exc))
        return 2
    data = output if isinstance(output, bytes) else output.encode("utf-8")
    if args.output:
        _write_output(Path(args.output), data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    """Embargoes still to lift: what a scheduled build will publish, and when."""
    s = _settings(args.config)
    now = build_now(args.now)
    checked = check_folder(s.records_dir, s.languages, now, Path.cwd(), s.limits, s.policy)
    pending = sorted(
        (a.embargo, a.id, a.draft)
        for a in checked.advisories
        if a.embargo is not None and a.embargoed(now)
    )
    if args.json:
        rows = [{"id": i, "lifts": when.isoformat(), "draft": draft} for when, i, draft in pending]
        print(json.dumps({"now": now.isoformat(), "pending": rows}, indent=2))
        return 0
    if not pending:
        print(tr("No embargo is pending."))
    for when, record_id, draft in pending:
        note = "  " + tr("(still a draft: it will not go live until `draft: true` is removed)")
        print(f"{when.isoformat()}  {record_id}{note if draft else ''}")
    return 0


def _writer_zone(given: str | None, s: Settings) -> tzinfo:
    """`--tz`, else the site's `timezone`, else this machine's zone."""
    name = given or s.policy.timezone
    if name:
        found = zone(name)
        if found is None:
            raise SettingsError(
                tr("--tz %(zone)r: unknown zone; use an IANA name such as Europe/Madrid", zone=name)
            )
        return found
    return datetime.now().astimezone().tzinfo or UTC


def cmd_clock(args: argparse.Namespace) -> int:
    """The legal clock per advisory and regime: each obligation, when it is due, what was
    sent; in the writer's zone and language."""
    from babel.dates import format_timedelta

    from .records.deadlines import CALENDAR_NAMES, clocks
    from .records.regimes import applicable

    s = _settings(args.config)
    now = build_now(args.now)
    here = _writer_zone(args.tz, s)
    lang = writer_language(s.languages) or "en"
    checked = check_folder(s.records_dir, s.languages, now, Path.cwd(), s.limits, s.policy)
    by_id = _by_id(checked, [args.id] if args.id else [])
    rows = [
        (a, clock)
        for a in ([by_id[args.id]] if args.id else sorted(by_id.values(), key=lambda a: a.id))
        for clock in clocks(a, applicable(a, s.policy.legal), now)
    ]
    overdue = any(c.state == "overdue" and not c.rule.condition for _, c in rows)
    if args.json:
        data = [
            {
                "id": a.id,
                "regime": c.rule.regime,
                "recipient": c.rule.recipient,
                "obligation": c.rule.what,
                "due": c.due.astimezone(here).isoformat() if c.due else None,
                "article": c.rule.article,
                "notified": c.sent.at.astimezone(here).isoformat() if c.sent else None,
                "reference": c.sent.reference if c.sent else None,
                "state": c.state,
                "period": c.rule.period,
                "unit": c.rule.unit if c.rule.period is not None else None,
                "calendar": CALENDAR_NAMES.get(c.rule.calendar or ""),
                "condition": c.rule.condition,
            }
            for a, c in rows
        ]
        moment = now.astimezone(here).isoformat(timespec="seconds")
        print(json.dumps({"now": moment, "obligations": data}, indent=2))
        return 1 if overdue else 0

    def when(moment: datetime) -> str:
        return format_when(moment.astimezone(here), lang)

    states = {
        "met": tr("sent on time"),
        "late": tr("sent late"),
        "overdue": tr("OVERDUE"),
        "near": tr("due within a day"),
        "pending": tr("pending"),
        "no-deadline": tr("no fixed deadline"),
        "not-started": tr("not counted yet"),
    }
    current = None
    for a, c in rows:
        if a.id != current:
            current = a.id
            found = when(a.discovered) if a.discovered else tr("unknown: add `discovered`")
            print(terminal_safe(f"{a.id}: " + tr("discovered %(when)s", when=found)))
        rule = c.rule
        line = f"  {rule.regime:<8} {tr(RECIPIENTS[rule.recipient])}, {tr(rule.what)} "
        line += f"({rule.article}): {states[c.state]}"
        if c.due:
            left = format_timedelta(c.due - now, add_direction=True, locale=lang)
            line += "; " + tr("due %(due)s (%(left)s)", due=when(c.due), left=left)
        elif rule.unclear:
            line += "; " + tr(rule.unclear)
        if c.sent:
            reference = f", {c.sent.reference}" if c.sent.reference else ""
            line += "; " + tr("sent %(when)s", when=when(c.sent.at)) + reference
        if rule.calendar:
            line += "; " + tr("calendar: %(name)s", name=CALENDAR_NAMES[rule.calendar])
        if rule.condition:
            line += f" ({tr(rule.condition)})"
        print(terminal_safe(line))
    if not rows:
        print(tr("No obligation: the records' regimes set no deadline."))
    return 1 if overdue else 0


def cmd_server_config(args: argparse.Namespace) -> int:
    """An nginx server block or a Caddyfile for the built site, from the same header policy
    as the `_headers` file the build writes."""
    from urllib.parse import urlsplit

    from .formats.serving import HeaderPolicy, caddyfile, nginx_config
    from .mkdocs.commands import load_site
    from .site.harden import script_hashes

    site = load_site(args.config)
    root = Path(args.root or site.site_dir).resolve()
    pages = sorted(root.rglob("*.html"))
    if not pages:
        print(
            tr("error: %(path)s has no built pages; run `advisories build` first", path=root),
            file=sys.stderr,
        )
        return 2
    hashes = sorted({h for page in pages for h in script_hashes(page.read_text(encoding="utf-8"))})
    policy = HeaderPolicy(tuple(hashes), tuple(site.settings.languages))
    if args.server == "nginx":
        sys.stdout.write(
            nginx_config(policy, str(root), args.listen or "80", brotli=not args.no_brotli)
        )
    else:
        host = urlsplit(site.settings.site_url).hostname or "localhost"
        sys.stdout.write(caddyfile(policy, str(root), args.listen or host))
    return 0


def _by_id(checked: Checked, ids: list[str]) -> dict[str, Advisory]:
    """The checked advisories by id; an id with no valid record is refused, after the
    errors of its file."""
    by_id = {a.id: a for a in checked.advisories}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        for problem in errors(checked.problems):
            if Path(problem.path).name.split(".")[0] in unknown:
                print(problem, file=sys.stderr)
        raise SettingsError(
            tr(
                "no valid advisory %(id)s; run `advisories check` to see problems",
                id=", ".join(unknown),
            )
        )
    return by_id


def _records(s: Settings, ids: list[str], now: str | None = None) -> list[tuple[Path, Advisory]]:
    checked = check_folder(
        s.records_dir, s.languages, build_now(now), Path.cwd(), s.limits, s.policy
    )
    by_id = _by_id(checked, ids)
    return [(Path(by_id[i].path).resolve(), by_id[i]) for i in (ids or sorted(by_id))]


def _record_named(s: Settings, record_id: str, now: datetime) -> tuple[Path, Advisory, Checked]:
    """One record by id, checked with the whole folder (a duplicate id is found too)."""
    checked = check_folder(s.records_dir, s.languages, now, Path.cwd(), s.limits, s.policy)
    found = _by_id(checked, [record_id])[record_id]
    return Path(found.path).resolve(), found, checked


def _approver(given: str | None) -> str:
    """Who approves: `--by`, else git's user.name, else the login name."""
    import getpass
    import subprocess

    name = given
    if name is None and shutil.which("git"):
        asked = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, check=False
        )
        name = asked.stdout.strip() or None
    name = name if name is not None else getpass.getuser()
    bad = forbidden_character(name)
    if not name.strip() or bad or "\n" in name or "\t" in name or len(name) > 200:
        raise SettingsError(
            tr(
                "--by %(name)r: give the approver's name in at most 200 characters, on one "
                'line, e.g. --by "Ana Pérez (Legal)"',
                name=name,
            )
        )
    return name.strip()


def cmd_approve(args: argparse.Namespace) -> int:
    """Legal's sign-off: the fingerprints of what is published now, with who and when."""
    from .records.approvals import (
        AWAITING_APPROVAL,
        ApprovalFileError,
        approve,
        differences,
        load_approval,
        save_approval,
    )
    from .records.history import remember

    s = _settings(args.config)
    when = build_now(args.now) if args.now else datetime.now(UTC)
    if s.policy.timezone:
        when = when.astimezone(zone(s.policy.timezone))
    path, a, checked = _record_named(s, args.id, when)
    blocking = [
        p for p in errors(checked.problems) if p.path == a.path and p.code not in AWAITING_APPROVAL
    ]
    if blocking:
        for problem in blocking:
            print(problem, file=sys.stderr)
        _error(
            tr(
                "%(id)s has %(count)d error(s); fix them first, so that what legal approves "
                "is what the site can publish",
                id=a.id,
                count=len(blocking),
            )
        )
        return 1
    by = _approver(args.by)
    try:
        previous = load_approval(path)
    except ApprovalFileError:
        previous = None  # approving again is the fix the error suggests
    if previous is not None:
        changed = differences(previous, a)
        if not changed:
            print(
                terminal_safe(
                    tr(
                        "%(id)s is already approved (by %(by)s on %(at)s) and nothing changed "
                        "since",
                        id=a.id,
                        by=previous.by,
                        at=previous.at,
                    )
                )
            )
            return 0
        names = ", ".join(d.field + (f".{d.lang}" if d.lang else "") for d in changed)
        print(terminal_safe(tr("Changed since the last approval: %(fields)s", fields=names)))
    approval = approve(a, path.read_bytes(), by, when)
    written = save_approval(path, approval)
    remember(path)
    print(
        terminal_safe(
            tr(
                "Approved %(id)s by %(by)s at %(at)s: %(texts)d texts in %(langs)s and "
                "%(facts)d facts, in %(file)s. Commit it together with the record.",
                id=a.id,
                by=by,
                at=approval.at,
                texts=sum(len(t) for t in approval.texts.values()),
                langs=", ".join(approval.texts),
                facts=len(approval.facts),
                file=os.path.relpath(written),
            )
        )
    )
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """What changed in a record since its approval or a git ref, word by word."""
    from .formats.review import field_changes, review_html
    from .records.approvals import differences, load_approval
    from .records.changes import compare, published
    from .records.history import HistoryError, approved_version, version_at
    from .records.load import load_text
    from .records.validate import validate_document

    s = _settings(args.config)
    now = build_now(None)
    path, a, _ = _record_named(s, args.id, now)

    def parse(data: bytes, label: str) -> Advisory | None:
        doc, _ = load_text(data.decode("utf-8", "replace").removeprefix("\ufeff"), label)
        if doc.data is None:
            return None
        return validate_document(doc, s.languages, now, s.policy.timezone)[0]

    if args.since:
        old_bytes = version_at(path, args.since)
        since = tr("Since %(ref)s", ref=args.since)
    else:
        approval = load_approval(path)
        if approval is None:
            raise HistoryError(
                tr(
                    "%(id)s has no approval yet; compare with a git ref instead: "
                    "`advisories diff %(id)s --since main`",
                    id=a.id,
                )
            )

        def matches(data: bytes) -> bool:
            old = parse(data, a.path)
            return old is not None and not differences(approval, old)

        found = approved_version(path, approval.blob, matches)
        if found is None:
            raise HistoryError(
                tr(
                    "the version of %(id)s approved by %(by)s on %(at)s is not in this git "
                    "repository; commit a record together with its approval, or compare with "
                    "a git ref: `advisories diff %(id)s --since main`",
                    id=a.id,
                    by=approval.by,
                    at=approval.at,
                )
            )
        old_bytes = found
        since = tr("Since the approval by %(by)s on %(at)s", by=approval.by, at=approval.at)
    old = parse(old_bytes, a.path)
    if old is None:
        raise HistoryError(tr("that version of %(id)s is not a valid record", id=a.id))
    changes = compare(published(old), published(a))
    if args.html:
        # The page speaks as the terminal does: the writer's language, else English.
        lang = writer_language(s.languages) or ("en" if "en" in s.languages else s.default_language)
        _write_output(Path(args.html), review_html(a.id, since, changes, lang, s))
    print(terminal_safe(f"{a.id}: {since}"))
    if not changes:
        print(tr("No text or fact changed."))
    markers = {"removed": ("[-", "-]"), "added": ("{+", "+}"), "same": ("", "")}
    for change in field_changes(changes):
        print("\n" + terminal_safe(change.field + (f" [{change.lang}]" if change.lang else "")))
        words = "".join(markers[kind][0] + text + markers[kind][1] for kind, text in change.runs)
        for line in words.splitlines() or [""]:
            print("  " + terminal_safe(line))
    return 0


def cmd_l10n(args: argparse.Namespace) -> int:
    """Translation state per text: status, done, and XLIFF exchange with translators."""
    from .records.translations import STATE_WORDS, load_state, save_state

    s = _settings(args.config)
    if args.action == "import":
        return _l10n_import(s, Path(args.target))
    ids = [args.target, *args.ids] if args.target else list(args.ids)
    records = _records(s, ids)
    langs = [args.lang] if args.lang else s.languages
    if args.action == "status":
        for path, a in records:
            state = load_state(path)
            print(a.id + " " + tr("(original: %(lang)s)", lang=a.source_lang))
            if not state.tracked:
                print(
                    "  "
                    + tr(
                        "no translation state yet: run `advisories l10n done %(id)s --lang LANG` "
                        "once the translation is checked",
                        id=a.id,
                    )
                )
            for lang in langs:
                if lang == a.source_lang:
                    continue
                for dotted, status in state.status(a, lang).items():
                    since = f" ({status.since})" if status.since else ""
                    word = tr(STATE_WORDS[status.state])
                    print(terminal_safe(f"  {lang} {dotted:<28} {word}{since}"))
        return 0
    if args.action == "done":
        if not args.lang or len(records) != 1:
            print(tr("error: `advisories l10n done <id> --lang LANG [--field F]`"), file=sys.stderr)
            return 2
        path, a = records[0]
        state = load_state(path).marked(a, args.lang, build_now(None).date(), args.field)
        written = save_state(path, a, state)
        print(
            tr(
                "Marked the %(lang)s translation of %(id)s as current in %(file)s",
                lang=args.lang,
                id=a.id,
                file=os.path.relpath(written),
            )
        )
        return 0
    from .formats.xliff import export

    if not args.lang:
        print(tr("error: `advisories l10n export --lang LANG [-o FILE] [ids]`"), file=sys.stderr)
        return 2
    data = export([(os.path.relpath(path), a, load_state(path)) for path, a in records], args.lang)
    if args.output:
        _write_output(Path(args.output), data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _l10n_import(s: Settings, xliff_path: Path) -> int:
    """Plan every change, check each record as it would be, then write them all."""
    from .formats.xliff import read
    from .records.disk import write_all
    from .records.importing import Site, plan_import

    try:
        units = read(xliff_path.read_bytes(), str(xliff_path))
        if not units:
            raise UserError(
                tr("%(file)s holds no translation units; nothing to import", file=xliff_path)
            )
        site = Site(s.records_dir, s.languages, s.limits, s.policy)
        plans = plan_import(units, str(xliff_path), site, build_now(None), Path.cwd())
    except UserError as exc:
        _error(str(exc))
        return 1
    write_all({path: data for plan in plans for path, data in plan.files.items()})
    for plan in plans:
        print(
            terminal_safe(
                tr(
                    "%(path)s: %(texts)d text(s) updated, %(marked)d translation(s) marked current",
                    path=os.path.relpath(plan.path),
                    texts=plan.changed_texts,
                    marked=plan.marked,
                )
            )
        )
    return 0


def cmd_classes(args: argparse.Namespace) -> int:
    """Every id with its label in each site language, so writers of either language can
    pick the right one."""
    s = _settings(args.config)
    catalogs = {lang: translations(s.locales_dir, lang) for lang in s.languages}

    def labels(msgid: str) -> str:
        return " / ".join(catalogs[lang].gettext(msgid) for lang in s.languages)

    for group, title in GROUPS.items():
        print(f"{labels(title)}:")
        for info in VOCABULARY.values():
            if info.group == group:
                print(f"  {info.id:<32} {labels(info.label)}  [{labels(TIERS[info.tier])}]")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    s = _settings(args.config)
    text = json.dumps(record_schema(s.languages), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        write_atomic(Path(args.output), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def cmd_i18n(args: argparse.Namespace) -> int:
    from babel.messages.frontend import CommandLineInterface

    s = _settings(args.config)
    pot = str(s.locales_dir / "messages.pot")
    package = Path(__file__).parent
    commands = {
        "extract": [
            "extract",
            "-F",
            str(package / "babel.cfg"),
            "--no-location",
            "--sort-output",
            "--omit-header",
            "--width",
            "100",
            "-k",
            "tr",
            "-o",
            pot,
            str(package),
        ],
        "update": [
            *("update", "-i", pot, "-d", str(s.locales_dir)),
            *("--no-fuzzy-matching", "--width", "100"),
        ],
        "compile": ["compile", "-d", str(s.locales_dir), "--statistics"],
        "init": ["init", "-i", pot, "-d", str(s.locales_dir), "-l", args.lang or ""],
    }
    if args.action == "init" and not args.lang:
        print(tr("error: `advisories i18n init` needs a language code, e.g. pt"), file=sys.stderr)
        return 2
    CommandLineInterface().run(["pybabel", *commands[args.action]])
    if args.action == "extract":
        _add_field_docs(Path(pot))
    return 0


def _add_field_docs(pot: Path) -> None:
    """The record's field docs (the `new` template's comments) join the template: they are
    data in the spec, which pybabel's source scan does not see."""
    from babel.messages.pofile import read_po, write_po

    from .records.spec import all_docs

    with pot.open("rb") as stream:
        catalog = read_po(stream)
    from .records.regimes import CHECKLIST

    for doc in [
        *all_docs(RECORD),
        *(e.element for e in CHECKLIST),
        *(e.article for e in CHECKLIST),
    ]:
        if doc and doc not in catalog:
            catalog.add(doc)
    with pot.open("wb") as stream:
        write_po(
            stream, catalog, omit_header=True, sort_output=True, include_lineno=False, width=100
        )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="advisories", description=__doc__)
    p.add_argument("-f", "--config", default="mkdocs.yml", help="site configuration file")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the whole multilingual site")
    b.add_argument("--site-dir", help="output folder (default: site_dir of mkdocs.yml)")
    b.add_argument("--now", help="the build's time, e.g. 2025-11-27T12:00:00+00:00")
    b.add_argument("--site-url", help="public address of the site (default: mkdocs.yml)")
    b.set_defaults(run=cmd_build)

    s = sub.add_parser("serve", help="preview with live reload")
    s.add_argument("--drafts", action="store_true", help="show drafts and embargoed records")
    s.add_argument("--now", help="pretend it is this time (embargo preview)")
    s.add_argument(
        "--full",
        action="store_true",
        help="rebuild every page on each change, "
        "with search (default: only the pages an edit touches, without search)",
    )
    s.add_argument("-a", "--dev-addr", default=None, help="IP:PORT to serve on")
    s.set_defaults(run=cmd_serve)

    c = sub.add_parser("check", help="validate records; build nothing")
    c.add_argument("paths", nargs="*", help="record files or folders (default: all)")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    c.add_argument("--now", help="time used to judge embargoes")
    c.add_argument(
        "--facts", action="store_true", help="print the dates, numbers and addresses per text"
    )
    c.add_argument(
        "--regimes", action="store_true", help="print each notice law's checklist per record"
    )
    c.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="problems as text (default), JSON, GitHub workflow commands or SARIF 2.1.0",
    )
    c.set_defaults(run=cmd_check)

    n = sub.add_parser("new", help="write a new record template")
    n.add_argument("id", help="URL name, e.g. vendor-breach-2025")
    n.add_argument("--now", help=argparse.SUPPRESS)
    n.set_defaults(run=cmd_new)

    no = sub.add_parser("notice", help="print a notice for email or SMS")
    no.add_argument("id", help="advisory id")
    no.add_argument("--lang", default=None, help="language (default: the site's default)")
    no.add_argument(
        "--channel",
        choices=["text", "email", "sms", "web"],
        default="text",
        help="text (default), email (.eml with text and HTML parts), sms, web (a banner)",
    )
    no.add_argument(
        "--format",
        choices=["text", "markdown", "html", "pdf"],
        default=None,
        help="text or markdown for --channel text; html or markdown for --channel web; "
        "text, html or pdf for --form",
    )
    no.add_argument(
        "--form",
        choices=FORMS,
        default=None,
        help="a formal notice: the California form, the GDPR/AEPD letter to people, or the "
        "GDPR notification to the supervisory authority",
    )
    no.add_argument(
        "--update",
        default="latest",
        help="which event: latest (default), first, or an update's number (1 = oldest)",
    )
    no.add_argument("--max-segments", type=int, default=None, help="SMS segment limit")
    no.add_argument("-o", "--output", help="write to this file instead of standard output")
    no.add_argument("--now", help=argparse.SUPPRESS)
    no.set_defaults(run=cmd_notice)

    sc = sub.add_parser("schedule", help="list embargoes still to lift (text or --json)")
    sc.add_argument("--json", action="store_true", help="machine-readable output")
    sc.add_argument("--now", help=argparse.SUPPRESS)
    sc.set_defaults(run=cmd_schedule)

    ck = sub.add_parser("clock", help="legal deadlines per advisory and regime")
    ck.add_argument("id", nargs="?", help="one advisory (default: all)")
    ck.add_argument("--json", action="store_true", help="machine-readable output")
    ck.add_argument("--tz", help="show times in this zone (default: the site's, else yours)")
    ck.add_argument("--now", help="pretend it is this time")
    ck.set_defaults(run=cmd_clock)

    sv = sub.add_parser("server-config", help="print an nginx server block or a Caddyfile")
    sv.add_argument("server", choices=["nginx", "caddy"])
    sv.add_argument("--root", help="the built site folder (default: site_dir of mkdocs.yml)")
    sv.add_argument("--listen", help="ADDR:PORT (nginx default 80; Caddy: the site's host)")
    sv.add_argument("--no-brotli", action="store_true", help="nginx without brotli_static")
    sv.set_defaults(run=cmd_server_config)

    ap = sub.add_parser("approve", help="record legal's approval of a record as it is now")
    ap.add_argument("id", help="advisory id")
    ap.add_argument("--by", help="who approves (default: git's user.name)")
    ap.add_argument("--now", help=argparse.SUPPRESS)
    ap.set_defaults(run=cmd_approve)

    df = sub.add_parser("diff", help="what changed in a record, word by word")
    df.add_argument("id", help="advisory id")
    since = df.add_mutually_exclusive_group()
    since.add_argument(
        "--since-approval",
        action="store_true",
        help="compare with the approved version (the default)",
    )
    since.add_argument("--since", metavar="GIT_REF", help="compare with the record at a git ref")
    df.add_argument("--html", metavar="FILE", help="also write the diff as an HTML page")
    df.set_defaults(run=cmd_diff)

    lz = sub.add_parser("l10n", help="translation state and XLIFF exchange")
    lz.add_argument("action", choices=["status", "done", "export", "import"])
    lz.add_argument(
        "target", nargs="?", help="advisory id (status, done, export) or XLIFF file (import)"
    )
    lz.add_argument("ids", nargs="*", help="more advisory ids")
    lz.add_argument("--lang", help="the translation's language")
    lz.add_argument("--field", help="done: only this text, e.g. summary or timeline.0.text")
    lz.add_argument("-o", "--output", help="export: write to this file")
    lz.set_defaults(run=cmd_l10n)

    sub.add_parser("classes", help="list the data-class vocabulary").set_defaults(run=cmd_classes)

    sc = sub.add_parser("schema", help="print the JSON Schema of a record")
    sc.add_argument("-o", "--output", help="write to this file")
    sc.set_defaults(run=cmd_schema)

    i = sub.add_parser("i18n", help="gettext catalog workflow (wraps pybabel)")
    i.add_argument("action", choices=["extract", "update", "compile", "init"])
    i.add_argument("lang", nargs="?", help="language code, for init")
    i.set_defaults(run=cmd_i18n)
    return p


def _install_writer_language(config_file: str) -> None:
    """Messages in the writer's language (LANGUAGE/LC_ALL/LANG), from the site's catalogs."""
    locales = Path(config_file).resolve().parent / "locales"
    available = sorted(p.name for p in locales.iterdir() if p.is_dir()) if locales.is_dir() else []
    lang = writer_language(available)
    if lang:
        with contextlib.suppress(CatalogError):
            install(translations(locales, lang))


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """argparse gives `l10n export` its ids before it reads the options, so `export --lang
    en -o F id` would be refused: ids after the options join the list."""
    command_line = parser()
    args, extra = command_line.parse_known_args(argv)
    if extra and args.command == "l10n" and not any(word.startswith("-") for word in extra):
        args.ids = [*args.ids, *extra] if args.target else extra[1:]
        args.target = args.target or extra[0]
    elif extra:
        command_line.error(tr("unrecognized arguments: %(words)s", words=" ".join(extra)))
    return args


def _source_date_epoch() -> None:
    """An empty SOURCE_DATE_EPOCH means unset (reproducible-builds.org); a wrong one is
    refused before MkDocs, which reads it too, can fail on it."""
    if "SOURCE_DATE_EPOCH" in os.environ and not os.environ["SOURCE_DATE_EPOCH"].strip():
        del os.environ["SOURCE_DATE_EPOCH"]
    build_now(None)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    _install_writer_language(args.config)
    try:
        _source_date_epoch()
        return int(args.run(args))
    except UserError as exc:
        _error(str(exc))
        return 2
    except BrokenPipeError:  # `advisories l10n status | head`: the reader has had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # a full disk, a read-only folder: the user's to fix, not a bug
        print(
            terminal_safe(
                tr(
                    "error: cannot write or read %(file)s: %(reason)s; free space or choose a "
                    "folder you can write to. Nothing was published.",
                    file=exc.filename or "a file",
                    reason=exc.strerror or str(exc),
                )
            ),
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
