"""Issue 14: served like production. A real nginx, configured by `advisories server-config`,
serves the built site on a loopback port; Chromium loads it with the CSP from the header."""

from __future__ import annotations

import gzip
import re
import urllib.error
import urllib.request

import brotli
import pytest
from conftest import build, chromium_or_skip, make_project, run_cli

from generator.formats.compress import MIN_SIZE, precompressed

ADV = "es/advisories/mixpanel-analytics-2025/"
SECURITY = (
    "content-security-policy",
    "strict-transport-security",
    "x-content-type-options",
    "referrer-policy",
    "permissions-policy",
)


def fetch(url: str, encoding: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding or "identity"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return (
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def _asset(site, kind: str) -> str:
    folder = site / "assets" / kind
    suffix = ".css" if kind == "stylesheets" else ".js"
    return next(p.name for p in sorted(folder.iterdir()) if p.name.endswith(".min" + suffix))


@pytest.mark.parametrize(
    ("path", "content_type", "cache"),
    [
        (ADV, "text/html", "max-age=300"),
        ("en/feed.xml", "application/atom+xml", "max-age=300"),
        (".well-known/security.txt", "text/plain; charset=utf-8", "max-age=300"),
        (".well-known/csaf/provider-metadata.json", "application/json", "max-age=300"),
        ("api/v1/advisories.json", "application/json", "max-age=300"),
    ],
)
def test_every_response_carries_the_security_headers(nginx_site, path, content_type, cache):
    url, _ = nginx_site
    status, headers, _ = fetch(f"{url}/{path}")
    assert status == 200
    assert all(name in headers for name in SECURITY), headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["content-type"].startswith(content_type)
    assert cache in headers["cache-control"]


def test_hashed_assets_are_cached_for_a_year(nginx_site):
    url, site = nginx_site
    for kind in ("stylesheets", "javascripts"):
        status, headers, _ = fetch(f"{url}/assets/{kind}/{_asset(site, kind)}")
        assert status == 200
        assert headers["cache-control"] == "public, max-age=31536000, immutable"
        assert "content-security-policy" in headers


@pytest.mark.parametrize("encoding", ["br", "gzip"])
def test_precompressed_files_are_served_as_they_are(nginx_site, encoding):
    url, site = nginx_site
    if encoding == "br" and "brotli" not in (site.parent / "nginx" / "nginx.conf").read_text():
        pytest.skip("nginx has no brotli_static module here")
    for path in (
        ADV + "index.html",
        "en/sitemap.xml",
        f"assets/javascripts/{_asset(site, 'javascripts')}",
    ):
        assert (site / path).stat().st_size >= MIN_SIZE
        status, headers, body = fetch(f"{url}/{path}", encoding)
        assert status == 200 and headers.get("content-encoding") == encoding, (path, headers)
        suffix = ".br" if encoding == "br" else ".gz"
        assert body == (site / (path + suffix)).read_bytes()
        plain = brotli.decompress(body) if encoding == "br" else gzip.decompress(body)
        assert plain == (site / path).read_bytes()
        assert "accept-encoding" in headers.get("vary", "").lower()
    # A file too small to have twins is served as it is.
    small = ADV + "sitemap.xml"
    status, headers, body = fetch(f"{url}/{small}", encoding)
    assert status == 200 and body == (site / small).read_bytes()
    assert len(body) < MIN_SIZE and not (site / (small + ".gz")).exists()


def test_an_unknown_path_gets_the_bilingual_404_with_status_404(nginx_site):
    url, _ = nginx_site
    status, headers, body = fetch(f"{url}/no/such/page/")
    assert status == 404
    html = body.decode()
    assert 'lang="es"' in html and 'lang="en"' in html
    assert "content-security-policy" in headers


@pytest.mark.browser
def test_chromium_loads_pages_with_the_header_csp_and_no_violation(nginx_site, browser):
    chromium_or_skip()
    url, _ = nginx_site
    page = browser.new_page()
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    for path in (ADV, "en/", "en/faq/", "es/advisories/"):
        response = page.goto(f"{url}/{path}", wait_until="networkidle")
        assert "frame-ancestors" in response.headers["content-security-policy"]
        page.wait_for_function("() => document.readyState === 'complete'")
        page.mouse.move(100, 200)  # the reader acts: Material's script loads and runs
        page.wait_for_function("() => document.documentElement.classList.contains('js')")
        page.wait_for_load_state("networkidle")
    page.close()
    assert violations == []


def test_the_build_writes_headers_for_netlify_and_cloudflare(sample_site):
    headers = (sample_site / "_headers").read_text()
    assert headers.startswith("/*\n  Content-Security-Policy: ")
    assert "frame-ancestors 'none'" in headers
    blocks = headers.split("\n/")
    # No path gets Cache-Control from two rules (both hosts would join the values).
    cache_rules = [b.split("\n")[0] for b in blocks if "Cache-Control" in b]
    assert "*" not in [r.lstrip("/") for r in cache_rules]
    assert "/.well-known/security.txt\n  Content-Type: text/plain; charset=utf-8" in headers


def test_caddy_config_from_the_same_policy(tmp_path):
    project = make_project(tmp_path)
    assert run_cli(project, "build").returncode == 0
    caddy = run_cli(project, "server-config", "caddy", "--listen", ":8080").stdout
    assert caddy.startswith("# Generated") and ":8080 {" in caddy
    assert "precompressed br gzip" in caddy and "frame-ancestors 'none'" in caddy
    assert "rewrite @notfound /404.html" in caddy


def test_one_copy_of_the_theme_and_no_source_maps(sample_site):
    assert not (sample_site / "es" / "assets").exists()
    assert not (sample_site / "en" / "assets").exists()
    assert (sample_site / "assets" / "stylesheets").is_dir()
    assert list(sample_site.rglob("*.map")) == []
    lunr = sorted(p.name for p in (sample_site / "assets/javascripts/lunr").rglob("*.min.js"))
    assert lunr == ["lunr.es.min.js", "lunr.multi.min.js", "lunr.stemmer.support.min.js"]
    for bundle in (sample_site / "assets").rglob("*.min.js"):
        assert "sourceMappingURL" not in bundle.read_text()


def test_every_text_file_but_the_smallest_has_reproducible_precompressed_twins(
    sample_site, tmp_path
):
    texts = [
        p
        for p in sample_site.rglob("*")
        if p.suffix in (".html", ".css", ".js", ".xml", ".json", ".txt") and p.is_file()
    ]
    small = [path for path in texts if path.stat().st_size < MIN_SIZE]
    assert small and len(small) < len(texts)  # each page folder's one-page sitemap is small
    for path in small:
        assert not (path.parent / (path.name + ".gz")).exists()
        assert not (path.parent / (path.name + ".br")).exists()
    for path in set(texts) - set(small):
        assert (
            gzip.decompress((path.parent / (path.name + ".gz")).read_bytes()) == path.read_bytes()
        )
        assert (
            brotli.decompress((path.parent / (path.name + ".br")).read_bytes()) == path.read_bytes()
        )

    first = precompressed({"a.html": b"<p>x</p>" * 100})
    assert first == precompressed({"a.html": b"<p>x</p>" * 100})


def test_theme_bundles_are_compressed_hardest_and_pages_at_cheaper_levels(sample_site):
    # gzip's header says how hard it worked (XFL: 2 for level 9, 0 for 2-8).
    bundle = next((sample_site / "assets/javascripts").glob("bundle.*.min.js"))
    assert (bundle.parent / (bundle.name + ".gz")).read_bytes()[8] == 2
    page = sample_site / ADV / "index.html"
    assert (page.parent / "index.html.gz").read_bytes()[8] == 0
    assert len((page.parent / "index.html.gz").read_bytes()) < page.stat().st_size / 3


def test_project_css_and_js_are_inline_and_page_metadata_is_tidy(sample_site):
    page = (sample_site / ADV / "index.html").read_text()
    assert '<style id="adv-style">' in page and '<script id="adv-script" ' in page
    assert "assets/advisories" not in page
    description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
    assert len(description) <= 160 and description.endswith("…")
    assert '<meta property="og:locale" content="es_ES">' in page
    assert '<meta property="og:locale:alternate" content="en_US">' in page
    image = re.search(r'<meta property="og:image" content="([^"]*)"', page).group(1)
    # An advisory links its own card; other pages the site's default image.
    assert image == f"https://advisories.example.com/es/advisories/{ADV.split('/')[-2]}/card.png"
    home = (sample_site / "es" / "index.html").read_text()
    default = re.search(r'<meta property="og:image" content="([^"]*)"', home).group(1)
    assert default == "https://advisories.example.com/assets/images/og-default.png"
    assert (sample_site / "assets/images/og-default.png").stat().st_size > 1000


def test_the_theme_script_waits_for_the_reader(sample_site):
    """Material's script is not in the page: the inline script loads it on interaction,
    from the one shared copy of the theme."""
    page = (sample_site / ADV / "index.html").read_text()
    assert "<script src=" not in page
    bundle = re.search(r'data-theme-bundle="([^"]+)"', page).group(1)
    assert bundle.startswith("../../../assets/javascripts/bundle.")
    assert (sample_site / ADV / bundle).resolve().is_file()


def test_a_site_with_its_own_scripts_loads_the_theme_script_up_front(tmp_path):
    """Site scripts commonly hook into Material's script, so it must run before them."""
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "extra_javascript: [js/site.js]\n")
    site = build(project)
    page = (site / ADV / "index.html").read_text()
    assert 'data-theme-bundle="' not in page
    bundle = page.index('<script src="../../../assets/javascripts/bundle.')
    assert bundle < page.index("js/site.js") and bundle < page.index('<script id="adv-script">')
