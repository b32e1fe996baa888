"""Lighthouse (mobile profile) on the advisory page in each language, served with gzip.

Usage: python scripts/lighthouse.py   (installs Lighthouse from npm into .cache/ once)
Prints performance, accessibility, best-practices and SEO scores per page.
"""

from __future__ import annotations

import gzip
import http.server
import json
import mimetypes
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "lighthouse"
LIGHTHOUSE = CACHE / "node_modules" / ".bin" / "lighthouse"
PAGES = ["es/advisories/mixpanel-analytics-2025/", "en/advisories/mixpanel-analytics-2025/"]
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as a publisher would configure one: gzip and cache headers."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        else:
            status = 200
        body = path.read_bytes()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.send_response(status)
        if kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            self.send_header("Content-Encoding", "gzip")
        self.send_header(
            "Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else "")
        )
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def main() -> int:
    if not LIGHTHOUSE.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(CACHE), "lighthouse@13"], check=True
        )
    work = Path(tempfile.mkdtemp())
    site = work / "site"
    site.mkdir()
    handler = lambda *a: GzipHandler(*a, directory=str(site))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site-dir", str(site), "--site-url", url],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    flags = (
        "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
        "--disable-component-update --disable-sync --no-first-run"
    )
    print(f"{'page':<46} perf  a11y  best  seo")
    worst = 100
    for page in PAGES:
        out = subprocess.run(
            [
                str(LIGHTHOUSE),
                url + page,
                "--output=json",
                "--output-path=stdout",
                "--quiet",
                f"--chrome-flags={flags}",
                "--form-factor=mobile",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(out.stdout)
        scores = [
            round(100 * report["categories"][c]["score"])
            for c in ("performance", "accessibility", "best-practices", "seo")
        ]
        worst = min(worst, *scores[1:], scores[0] + 5)
        print(f"{page:<46} " + "  ".join(f"{s:>4}" for s in scores))
        for cat in ("accessibility", "best-practices", "seo", "performance"):
            for ref in report["categories"][cat]["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                    print(f"    {cat}: {audit['id']} ({audit['score']}): {audit['title']}")
    server.shutdown()
    shutil.rmtree(work)
    return 0 if worst == 100 else 1


if __name__ == "__main__":
    sys.exit(main())
