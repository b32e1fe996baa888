"""`advisories`: the command writers and publishers run. A thin layer over the core and MkDocs."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Problem, errors, strict
from .i18n import CatalogError
from .model import RECORD, SLUG
from .notice import notice
from .render import Renderer
from .schema import record_schema
from .settings import Settings, SettingsError, build_now, from_options
from .validate import Checked, check_files, record_paths, translation_report
from .vocabulary import GROUPS, TIERS, VOCABULARY

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _load(config_file: str) -> tuple[MkDocsConfig, Settings]:
    from mkdocs.config import load_config

    config = load_config(config_file=config_file)
    plugin = config.plugins.get("advisories")
    if plugin is None:
        raise SettingsError(f"{config_file}: add `- advisories` under `plugins:`")
    root = Path(config.config_file_path).parent
    return config, from_options(root, config.site_url, dict(plugin.config))


def _settings(config_file: str) -> Settings:
    return _load(config_file)[1]


def _report_problems(
    s: Settings, paths: list[Path], now: str | None, as_errors: bool
) -> tuple[Checked, list[Problem]]:
    expanded = [q for p in paths for q in (record_paths(p) if p.is_dir() else [p])]
    checked = check_files(expanded, s.languages, build_now(now), Path.cwd())
    problems = strict(checked.problems) if as_errors else checked.problems
    for problem in problems:
        print(problem, file=sys.stderr)
    return checked, problems


def cmd_check(args: argparse.Namespace) -> int:
    s = _settings(args.config)
    paths = [Path(p) for p in args.paths] or [s.records_dir]
    checked, problems = _report_problems(s, paths, args.now, args.strict)
    if checked.advisories:
        print("\nTranslation report:")
    for a in checked.advisories:
        report = translation_report(a, s.languages)
        parts = []
        for lang, found in report.items():
            missing = [".".join(map(str, k)) for k in found["missing"]]
            same = [".".join(map(str, k)) for k in found["same"]]
            if not missing and not same:
                parts.append(f"{lang} complete")
                continue
            text = f"{lang}: {len(missing)} missing" + (
                f" ({', '.join(missing)})" if missing else ""
            )
            if same:
                text += f", {len(same)} same as {a.source_lang} ({', '.join(same)})"
            parts.append(text)
        print(f"  {a.id}: " + "; ".join(parts))
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    print(f"\n{len(checked.documents)} record(s) checked: {n_err} error(s), {n_warn} warning(s)")
    return 1 if n_err else 0


def _swap(built: Path, target: Path) -> None:
    """Replace the old site only once the new one is complete."""
    old = target.with_name(f".site-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    built.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def cmd_build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    if args.now:
        os.environ["ADVISORIES_NOW"] = args.now
    config, s = _load(args.config)
    _, problems = _report_problems(s, [s.records_dir], args.now, False)
    if errors(problems):
        print(
            f"error: {len(errors(problems))} error(s) in advisory records; nothing was "
            "built and the site was not changed.",
            file=sys.stderr,
        )
        return 1
    target = Path(args.site_dir or config.site_dir).resolve()
    staging = target.with_name(f".site-build-{os.getpid()}")
    overrides = {"site_url": args.site_url} if args.site_url else {}
    config = load_config(config_file=args.config, site_dir=str(staging), **overrides)
    try:
        build(config)
    except MkDocsException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"error: {exc}\nThe site was not changed.", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)
    print(f"Site written to {target}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    if args.drafts:
        os.environ["ADVISORIES_DRAFTS"] = "true"
    if args.now:
        os.environ["ADVISORIES_NOW"] = args.now
    serve(
        config_file=args.config,
        dev_addr=args.dev_addr,
        open_in_browser=False,
        build_type="clean" if args.full else "dirty",
    )
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    s = _settings(args.config)
    if not SLUG.match(args.id):
        print(
            f"error: `{args.id}` is not a valid id: use lowercase letters, digits and "
            "hyphens, e.g. vendor-breach-2025",
            file=sys.stderr,
        )
        return 2
    path = s.records_dir / f"{args.id}.yaml"
    if path.exists() or (s.records_dir / f"{args.id}.yml").exists():
        print(f"error: {path} already exists; pick another id or edit that file", file=sys.stderr)
        return 2
    schema = os.path.relpath(s.root / "schemas" / "advisory.schema.json", s.records_dir)
    text = (
        Renderer(s)
        .env(s.default_language)
        .get_template("new.yaml.j2")
        .render(
            id=args.id,
            langs=s.languages,
            today=build_now(args.now).date().isoformat(),
            path=os.path.relpath(path),
            schema_path=schema,
            doc=lambda name: RECORD.fields[name].spec.doc,
        )
    )
    s.records_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"Wrote {path}: fill in the texts, then run `advisories check {path}`")
    return 0


def cmd_notice(args: argparse.Namespace) -> int:
    s = _settings(args.config)
    now = build_now(args.now)
    checked = check_files(record_paths(s.records_dir), s.languages, now, Path.cwd())
    found = [a for a in checked.advisories if a.id == args.id]
    if not found:
        ids = ", ".join(sorted(a.id for a in checked.advisories)) or "none"
        print(
            f"error: no valid advisory `{args.id}`; valid ids: {ids}. Run `advisories "
            "check` to see problems.",
            file=sys.stderr,
        )
        return 1
    a = found[0]
    if not a.visible(now):
        print(
            f"warning: `{a.id}` is not published yet (draft or embargo); its link will "
            "not work until it is.",
            file=sys.stderr,
        )
    lang = args.lang or s.default_language
    if lang not in s.languages:
        print(f"error: --lang {lang}: use one of {', '.join(s.languages)}", file=sys.stderr)
        return 2
    sys.stdout.write(notice(a, lang, args.format, s, now))
    return 0


def cmd_classes(args: argparse.Namespace) -> int:
    for group, title in GROUPS.items():
        print(f"{title}:")
        for info in VOCABULARY.values():
            if info.group == group:
                print(f"  {info.id:<32} {info.label}  [{TIERS[info.tier]}]")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    s = _settings(args.config)
    text = json.dumps(record_schema(s.languages), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
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
            "-o",
            pot,
            str(package),
        ],
        "update": ["update", "-i", pot, "-d", str(s.locales_dir), "--no-fuzzy-matching"],
        "compile": ["compile", "-d", str(s.locales_dir), "--statistics"],
        "init": ["init", "-i", pot, "-d", str(s.locales_dir), "-l", args.lang or ""],
    }
    if args.action == "init" and not args.lang:
        print("error: `advisories i18n init` needs a language code, e.g. pt", file=sys.stderr)
        return 2
    CommandLineInterface().run(["pybabel", *commands[args.action]])
    return 0


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
    c.set_defaults(run=cmd_check)

    n = sub.add_parser("new", help="write a new record template")
    n.add_argument("id", help="URL name, e.g. vendor-breach-2025")
    n.add_argument("--now", help=argparse.SUPPRESS)
    n.set_defaults(run=cmd_new)

    no = sub.add_parser("notice", help="print a notice for email or SMS")
    no.add_argument("id", help="advisory id")
    no.add_argument("--lang", default=None, help="language (default: the site's default)")
    no.add_argument("--format", choices=["text", "markdown"], default="text")
    no.add_argument("--now", help=argparse.SUPPRESS)
    no.set_defaults(run=cmd_notice)

    sub.add_parser("classes", help="list the data-class vocabulary").set_defaults(run=cmd_classes)

    sc = sub.add_parser("schema", help="print the JSON Schema of a record")
    sc.add_argument("-o", "--output", help="write to this file")
    sc.set_defaults(run=cmd_schema)

    i = sub.add_parser("i18n", help="gettext catalog workflow (wraps pybabel)")
    i.add_argument("action", choices=["extract", "update", "compile", "init"])
    i.add_argument("lang", nargs="?", help="language code, for init")
    i.set_defaults(run=cmd_i18n)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (SettingsError, CatalogError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
