"""Speed and size at scale: build N synthetic advisories and print the figures.

Usage: python benchmarks/build.py [N ...] [--preview N] [--huge N]
(default: 100 400 1600, preview 400)

Per N: build seconds, seconds per advisory, peak memory, site size, advisory page
HTML size, search index size per language, the plain MkDocs-Material lower bound
built from the same pages as static Markdown, our wall-time and CPU-time ratios to it
(a build uses a second core, plain MkDocs one), time(4N)/time(N), and a warm rebuild.
Not part of the test run; numbers depend on the machine, ratios much less.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.records.advisory import SEVERITIES, STATUSES  # noqa: E402
from generator.records.regimes import CREDIT_BUREAU_CLASSES  # noqa: E402
from generator.records.vocabulary import VOCABULARY  # noqa: E402

NOW = "2026-01-15T12:00:00+00:00"
# `advisories build` of the project it runs in, with the benchmark's clock.
BUILD = [sys.executable, "-m", "generator", "build", "--now", NOW]
WORDS_ES = [
    "proveedor",
    "acceso",
    "datos",
    "cuenta",
    "sistema",
    "incidente",
    "seguridad",
    "revisión",
    "clientes",
    "correo",
    "registro",
    "servidor",
    "analítica",
    "usuarios",
    "investigación",
    "contraseñas",
    "equipo",
    "medidas",
    "plataforma",
    "aviso",
    "riesgo",
    "ataque",
    "credenciales",
    "copia",
]
WORDS_EN = [
    "vendor",
    "access",
    "data",
    "account",
    "system",
    "incident",
    "security",
    "review",
    "customers",
    "email",
    "log",
    "server",
    "analytics",
    "users",
    "investigation",
    "passwords",
    "team",
    "measures",
    "platform",
    "notice",
    "risk",
    "attack",
    "credentials",
    "backup",
]


def pseudo_word(rng: random.Random) -> str:
    """Names, products and rare terms: words found in one advisory only."""
    return "".join(rng.choice("bcdfglmnprstvz") + rng.choice("aeiou") for _ in range(4))


def sentence(rng: random.Random, words: list[str], n: int) -> str:
    text = " ".join(
        pseudo_word(rng) if rng.random() < 0.25 else rng.choice(words) for _ in range(n)
    )
    return text[0].upper() + text[1:] + "."


def text(rng: random.Random, sentences: int, paragraphs: int = 1) -> dict[str, str]:
    seed = rng.random()
    out = {}
    for lang, words in (("es", WORDS_ES), ("en", WORDS_EN)):
        r = random.Random(seed)
        out[lang] = "\n\n".join(
            " ".join(sentence(r, words, r.randint(8, 20)) for _ in range(sentences))
            for _ in range(paragraphs)
        )
    return out


def record(i: int, rng: random.Random) -> dict:
    published = date(2016, 1, 1) + timedelta(days=rng.randint(0, 3600))
    classes = rng.sample(sorted(VOCABULARY), rng.randint(4, 12))
    split = rng.randint(1, len(classes) - 1)
    return {
        "id": f"adv-{i:05d}",
        "source_lang": rng.choice(["es", "en"]),
        "published": published,
        "status": rng.choice(list(STATUSES)),
        "severity": rng.choice(list(SEVERITIES)),
        "title": text(rng, 1),
        "summary": text(rng, rng.randint(2, 3)),
        "description": text(rng, rng.randint(2, 5), rng.randint(1, 4)),
        "occurred": {"from": published - timedelta(days=12), "estimated": True},
        "consequences": text(rng, rng.randint(1, 2)),
        "measures": text(rng, rng.randint(1, 2)),
        "delay": {"law_enforcement": False},
        "affected": text(rng, rng.randint(1, 2)),
        "not_affected": text(rng, rng.randint(1, 2)),
        "timeline": [
            {"date": published - timedelta(days=10 - k), "text": text(rng, 1)}
            for k in range(rng.randint(2, 8))
        ],
        "exposed": classes[:split],
        "not_exposed": classes[split:],
        "recommendations": [text(rng, 1) for _ in range(rng.randint(2, 6))],
        "faq": [
            {"question": text(rng, 1), "answer": text(rng, rng.randint(1, 3))}
            for _ in range(rng.randint(0, 6))
        ],
        "references": [
            {"url": f"https://example.org/{i}/{k}", "title": text(rng, 1)}
            for k in range(rng.randint(0, 3))
        ],
        "updates": [
            {"date": published + timedelta(days=k), "text": text(rng, 1)}
            for k in range(rng.randint(1, 4))
        ],
        # As a real record carries them: the clock's start and what was sent when.
        "discovered": f"{published - timedelta(days=2)}T10:00:00+00:00",
        "notified": {
            "authority": [{"at": f"{published - timedelta(days=1)}T10:00:00+00:00"}],
            "individuals": [{"at": f"{published}T08:00:00+00:00"}],
            "attorney_general": [{"at": f"{published + timedelta(days=5)}T08:00:00+00:00"}],
        },
        **(
            {"identity_protection": text(rng, 1)}
            if CREDIT_BUREAU_CLASSES & set(classes[:split])
            else {}
        ),
    }


def make_project(folder: Path, n: int) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for name in ("docs", "locales"):
        shutil.copytree(ROOT / name, folder / name)
    records = folder / "advisories"
    records.mkdir()
    for i in range(n):
        data = record(i, random.Random(i))  # record i is the same whatever N is
        (records / f"{data['id']}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return folder


def recall(project: Path, lang: str = "es", sample: int = 200) -> tuple[float, float]:
    """What the lean search index costs: the share of distinctive summary words and of
    description words (7+ letters) found in the advisory's own index entries."""
    index = json.loads((project / "site" / lang / "search" / "search_index.json").read_text())
    tokens: dict[str, set[str]] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        words = re.findall(r"\w+", (doc["title"] + " " + doc["text"]).lower())
        tokens.setdefault(page, set()).update(words)
    scores = []
    for field in ("summary", "description"):
        found = total = 0
        for path in sorted((project / "advisories").glob("*.yaml"))[:sample]:
            data = yaml.safe_load(path.read_text())
            have = tokens.get(f"advisories/{data['id']}/", set())
            for word in set(re.findall(r"\w{7,}", data[field][lang].lower())):
                total += 1
                found += word in have
        scores.append(100 * found / max(total, 1))
    return scores[0], scores[1]


def timed(cmd: list[str], cwd: Path) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (bytes) and CPU seconds (user + system, its own processes
    included) of one command, measured from its own rusage."""
    start = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Standard error goes to a file: a pipe nobody reads until the end fills up (64 KiB of
    # warnings from thousands of records) and stalls the build.
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if status != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{errors.read().decode()[-3000:]}")
    return seconds, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime


# Work folders are deleted when every figure is taken: on this machine's disk, deleting a
# few hundred megabytes slows the file writes of the next seconds, and that would be
# charged to whichever build came next.
_WORK: list[Path] = []


def work_folder(prefix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    _WORK.append(folder)
    return folder


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def plain_mkdocs(project: Path, site: Path) -> tuple[float, float]:
    """The lower bound: the same pages as static Markdown in a plain Material build, one
    language after the other (wall and CPU seconds)."""
    plain = project / "plain"
    total = cpu = 0.0
    for lang in ("es", "en"):
        docs = plain / lang / "docs"
        shutil.copytree(project / "docs" / lang, docs)
        src = project / "sources" / lang
        shutil.copytree(src, docs, dirs_exist_ok=True)
        config = yaml.safe_load((project / "mkdocs.yml").read_text().split("plugins:")[0])
        config.update(
            {
                "site_name": "plain",
                "docs_dir": "docs",
                "site_dir": "site",
                "site_url": f"https://advisories.example.com/{lang}/",
                "theme": {**config["theme"], "language": lang},
                "plugins": [{"search": {"pipeline": ["trimmer", "stopWordFilter"]}}],
                "nav": ["index.md", "advisories/index.md", "faq.md"],
            }
        )
        (plain / lang / "mkdocs.yml").write_text(yaml.safe_dump(config))
        seconds, _, used = timed([sys.executable, "-m", "mkdocs", "build", "-q"], plain / lang)
        total += seconds
        cpu += used
    return total, cpu


def dump_sources(project: Path) -> None:
    """Write the page sources our generator emits, for the plain-MkDocs baseline."""
    from datetime import datetime

    from generator.records.validate import check_folder
    from generator.settings import from_options
    from generator.site.pages import language_site
    from generator.site.render import Renderer

    options = yaml.safe_load(
        re.sub(r"!ENV \[[^\]]*\]", "null", (project / "mkdocs.yml").read_text())
    )
    plugin = next(p["advisories"] for p in options["plugins"] if "advisories" in p)
    s = from_options(project, options["site_url"], plugin)
    now = datetime.fromisoformat(NOW)
    checked = check_folder(s.records_dir, s.languages, now, project)
    renderer = Renderer(s)
    for lang in s.languages:
        for name, page in language_site(checked.advisories, lang, s, renderer, now).pages.items():
            path = project / "sources" / lang / name
            path.parent.mkdir(parents=True, exist_ok=True)
            front = yaml.safe_dump({"title": page.meta["title"]}) if "title" in page.meta else ""
            path.write_text(f"---\n{front}---\n{page.markdown}" if front else page.markdown)


def measure(n: int) -> dict[str, float]:
    work = work_folder(f"bench-{n}-")
    project = make_project(work, n)
    seconds, peak, cpu = timed(BUILD, project)
    if not (project / "site").is_dir():
        raise SystemExit(f"the build of {n} synthetic advisories failed; run it by hand")
    site = project / "site"
    page = site / "en" / "advisories" / "adv-00000" / "index.html"
    # A second build with the cache warm and one record edited, as a scheduled
    # publish after a writer's fix would run.
    record = project / "advisories" / "adv-00000.yaml"
    record.write_text(record.read_text().replace("title:\n  es: ", "title:\n  es: Editado ", 1))
    warm, _, _ = timed(BUILD, project)
    summary_recall, body_recall = recall(project)
    dump_sources(project)
    baseline, baseline_cpu = plain_mkdocs(project, site)
    return {
        "n": n,
        "seconds": seconds,
        "warm": warm,
        "per_adv": seconds / n,
        "peak_mib": peak / 2**20,
        "site_mb": size(site) / 1e6,
        "page_kb": page.stat().st_size / 1e3,
        "search_es_kb": (site / "es/search/search_index.json").stat().st_size / 1e3,
        "search_en_kb": (site / "en/search/search_index.json").stat().st_size / 1e3,
        "baseline": baseline,
        "cpu_ratio": cpu / baseline_cpu,
        "recall": (summary_recall, body_recall),
    }


def preview(n: int, edits: int = 3) -> dict[str, list[float]]:
    """Seconds from saving an edited record to the page open in Chromium showing it, with
    `advisories serve` live reload, one figure per edit: editing the English title (only
    the English pages change) and the Spanish one (the source language: the English
    pages change too, with a stale-translation note)."""
    from playwright.sync_api import sync_playwright

    work = work_folder("bench-serve-")
    project = make_project(work, n)
    # The English texts of the edited record are recorded as current translations, so
    # a Spanish edit makes them stale and the English pages change too.
    subprocess.run(
        [sys.executable, "-m", "generator", "l10n", "done", "adv-00007", "--lang", "en"],
        cwd=project,
        check=True,
        capture_output=True,
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        try:
            with urllib.request.urlopen(f"{base}/en/advisories/adv-00007/", timeout=5) as r:
                return "adv-00007" in r.read().decode()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    try:
        deadline = time.monotonic() + 600
        while not ready() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # let the watcher settle after the first build
        figures: dict[str, list[float]] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page()
            path = project / "advisories" / "adv-00007.yaml"
            for lang in ("en", "es"):
                page.goto(f"{base}/{lang}/advisories/adv-00007/")
                figures[lang] = []
                for edit in range(edits):
                    title = f"Edited title {edit} for the preview benchmark ({lang})"
                    data = yaml.safe_load(path.read_text())
                    data["title"][lang] = title
                    start = time.monotonic()
                    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
                    while title not in page.title():  # polled: the page reloads by itself
                        if time.monotonic() - start > 120:
                            break
                        time.sleep(0.02)
                    figures[lang].append(time.monotonic() - start)
                    time.sleep(1)
            browser.close()
        return figures
    finally:
        proc.terminate()
        proc.wait(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 400, 1600])
    parser.add_argument(
        "--preview", type=int, default=400, help="advisories for the serve measurement (0 to skip)"
    )
    parser.add_argument(
        "--huge", type=int, default=0, help="also build this many (e.g. 10000): seconds, peak"
    )
    args = parser.parse_args()
    try:
        report(args)
    finally:
        for folder in _WORK:
            shutil.rmtree(folder, ignore_errors=True)


def huge_build(n: int) -> tuple[float, int, float]:
    """A cold `advisories build` of `n` synthetic advisories: seconds, peak RSS, CPU."""
    project = make_project(work_folder(f"bench-{n}-"), n)
    return timed(BUILD, project)


def report(args: argparse.Namespace) -> None:
    rows = []
    print(
        f"{'N':>6} {'build s':>8} {'s/adv':>7} {'peak MiB':>9} {'site MB':>8} "
        f"{'page KB':>8} {'idx es KB':>9} {'idx en KB':>9} {'KB/adv/lang':>11} "
        f"{'plain s':>8} {'ours/plain':>10} {'cpu/plain':>9} {'t(N)/t(N/4)':>11} "
        f"{'warm s':>7} {'warm/cold':>9}",
        flush=True,
    )
    for n in args.sizes:
        r = measure(n)
        rows.append(r)
        previous = next((p for p in rows if p["n"] * 4 == n), None)
        ratio = f"{r['seconds'] / previous['seconds']:.2f}" if previous else "-"
        per = max(r["search_es_kb"], r["search_en_kb"]) / n
        print(
            f"{n:>6} {r['seconds']:>8.2f} {r['per_adv']:>7.4f} {r['peak_mib']:>9.0f} "
            f"{r['site_mb']:>8.1f} {r['page_kb']:>8.1f} {r['search_es_kb']:>9.0f} "
            f"{r['search_en_kb']:>9.0f} {per:>11.2f} {r['baseline']:>8.2f} "
            f"{r['seconds'] / r['baseline']:>10.2f} {r['cpu_ratio']:>9.2f} {ratio:>11} "
            f"{r['warm']:>7.2f} "
            f"{r['warm'] / r['seconds']:>9.2f}",
            flush=True,
        )
    if args.huge:
        # A quarter of it first, for how the time grows: t(N)/t(N/4) is 4 when linear.
        quarter, _, _ = huge_build(args.huge // 4)
        seconds, peak, _ = huge_build(args.huge)
        print(
            f"N={args.huge}: build {seconds:.1f} s, peak memory {peak / 2**20:.0f} MiB; "
            f"N={args.huge // 4}: {quarter:.1f} s; t(N)/t(N/4) {seconds / quarter:.2f}"
        )
    last = rows[-1]["recall"]
    print(
        f"search recall (es, words of 7+ letters found in the advisory's own index "
        f"entries): summary {last[0]:.0f}%, description {last[1]:.0f}%"
    )
    if args.preview:
        figures = preview(args.preview)
        for lang, what in (
            ("en", "English title edited"),
            ("es", "Spanish title edited (the English pages turn stale)"),
        ):
            print(
                f"preview: edit-to-visible in Chromium with the page open, {args.preview} "
                f"advisories under `advisories serve`, {what}: "
                + ", ".join(f"{f:.2f}" for f in figures[lang])
                + f" s (median {statistics.median(figures[lang]):.2f} s)"
            )


if __name__ == "__main__":
    main()
