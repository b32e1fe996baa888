"""Lighthouse (mobile profile) on the advisory page in each language, behind the nginx
configuration `advisories server-config nginx` prints (precompressed files, real headers).

Usage: python scripts/lighthouse.py [RUNS]   (installs Lighthouse from npm into .cache/ once)
Prints the median of RUNS runs (default 3) of performance, accessibility, best-practices and
SEO per page, and the audits that lost points.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from nginx_runner import BROTLI_MODULE, free_port, start_nginx

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "lighthouse"
LIGHTHOUSE = CACHE / "node_modules" / ".bin" / "lighthouse"
PAGES = ["es/advisories/mixpanel-analytics-2025/", "en/advisories/mixpanel-analytics-2025/"]
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def _advisories(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, check=True, capture_output=True
    )
    return result.stdout.decode()


def _lighthouse(url: str, flags: str, env: dict[str, str], attempts: int = 3) -> dict:
    """One Lighthouse report. Lighthouse now and then loses its Chrome connection and
    exits 1; such a run is retried (and said so), never scored."""
    for attempt in range(1, attempts + 1):
        out = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                "--output-path=stdout",
                "--quiet",
                f"--chrome-flags={flags}",
                "--form-factor=mobile",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if out.returncode == 0:
            return json.loads(out.stdout)
        print(f"    lighthouse failed (attempt {attempt}): {out.stderr.strip()[-300:]}")
    raise SystemExit(f"lighthouse failed {attempts} times on {url}")


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    if not LIGHTHOUSE.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(CACHE), "lighthouse@13"], check=True
        )
    work = Path(tempfile.mkdtemp())
    site = work / "site"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    _advisories("build", "--site-dir", str(site), "--site-url", url)
    brotli = [] if BROTLI_MODULE.exists() else ["--no-brotli"]
    config = _advisories(
        "server-config", "nginx", "--root", str(site), "--listen", f"127.0.0.1:{port}", *brotli
    )
    nginx = start_nginx(config, work / "nginx", port)
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    flags = (
        "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update --disable-sync --no-first-run"
    )
    print(f"{'page (median of ' + str(runs) + ')':<46} perf  a11y  best  seo")
    worst = 100
    try:
        for page in PAGES:
            reports = []
            for _ in range(runs):
                reports.append(_lighthouse(url + page, flags, env))
            scores = [
                round(statistics.median(100 * r["categories"][c]["score"] for r in reports))
                for c in CATEGORIES
            ]
            worst = min(worst, *scores)
            print(f"{page:<46} " + "  ".join(f"{s:>4}" for s in scores))
            report = reports[-1]
            for cat in CATEGORIES:
                for ref in report["categories"][cat]["auditRefs"]:
                    audit = report["audits"][ref["id"]]
                    if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                        print(f"    {cat}: {audit['id']} ({audit['score']}): {audit['title']}")
            metrics = report["audits"]
            print(
                "    LCP {:.2f} s, TBT {:.0f} ms, CLS {:.3f}, transfer {:.0f} KB".format(
                    metrics["largest-contentful-paint"]["numericValue"] / 1000,
                    metrics["total-blocking-time"]["numericValue"],
                    metrics["cumulative-layout-shift"]["numericValue"],
                    metrics["total-byte-weight"]["numericValue"] / 1024,
                )
            )
    finally:
        nginx.terminate()
        nginx.wait(10)
        shutil.rmtree(work)
    return 0 if worst == 100 else 1


if __name__ == "__main__":
    sys.exit(main())
