"""The README's pictures, regenerated from the sample: the Spanish advisory on a phone,
its timeline figure on a desktop and its social card (Debian's chromium, Playwright).

Usage: python scripts/readme_images.py   (writes .github/readme/*.png)
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".github" / "readme"
PAGE = "es/advisories/mixpanel-analytics-2025/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        site.mkdir()
        advisories = [sys.executable, "-m", "generator"]
        subprocess.run(
            [*advisories, "build", "--site-dir", str(site), "--site-url", url],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            phone = browser.new_page(viewport={"width": 360, "height": 780}, device_scale_factor=2)
            phone.goto(url + PAGE, wait_until="networkidle")
            phone.screenshot(path=str(OUT / "advisory-phone.png"))
            desktop = browser.new_page(viewport={"width": 1366, "height": 900})
            desktop.goto(url + PAGE, wait_until="networkidle")
            desktop.locator(".adv-figure").screenshot(path=str(OUT / "timeline-figure.png"))
            browser.close()
        server.shutdown()
        shutil.copy(site / PAGE / "card.png", OUT / "social-card.png")
    print(f"wrote {', '.join(sorted(p.name for p in OUT.glob('*.png')))} in {OUT}")


if __name__ == "__main__":
    main()
