"""Real builds with MkDocs: the whole bilingual site, leaks, escaping, failure safety."""

import hashlib
import json
import re
from pathlib import Path

from conftest import build, make_project, run_cli, sample_text

ADV = "advisories/mixpanel-analytics-2025/index.html"
SITE_URL = "https://advisories.example.com/"


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_both_languages_are_built_with_right_lang_and_dates(sample_site):
    es, en = read(sample_site, f"es/{ADV}"), read(sample_site, f"en/{ADV}")
    assert '<html lang="es"' in es and '<html lang="en"' in en
    assert "27 de noviembre de 2025" in es and "November 27, 2025" in en
    assert "¿Me afecta?" in es and "Am I affected?" in en
    assert "Incidente en Mixpanel" in es and "Incident at Mixpanel" in en
    assert "Incident at Mixpanel" not in es


def test_pages_link_their_twins_with_absolute_hreflang(sample_site):
    es = read(sample_site, f"es/{ADV}")
    for lang in ("es", "en"):
        link = (
            f'<link rel="alternate" hreflang="{lang}" '
            f'href="{SITE_URL}{lang}/advisories/mixpanel-analytics-2025/">'
        )
        assert link in es
    assert f'<link rel="canonical" href="{SITE_URL}es/advisories/mixpanel-analytics-2025/">' in es
    # The language switcher keeps the reader on the same advisory, even without JavaScript.
    assert 'href="../../../en/advisories/mixpanel-analytics-2025/" hreflang="en"' in es


def test_root_offers_both_languages(sample_site):
    root = read(sample_site, "index.html")
    assert 'href="es/"' in root and 'href="en/"' in root
    assert "sitemapindex" in read(sample_site, "sitemap.xml")


def test_index_and_faq_pages(sample_site):
    index = read(sample_site, "es/advisories/index.html")
    assert 'href="../advisories/mixpanel-analytics-2025/"' in index
    assert "1 aviso publicado." in index
    faq = read(sample_site, "en/faq/index.html")
    assert "Do I need to change my password or rotate my API keys?" in faq
    assert '"@type":"FAQPage"' in faq


def test_search_index_is_per_language(sample_site):
    es = json.loads(read(sample_site, "es/search/search_index.json"))
    en = json.loads(read(sample_site, "en/search/search_index.json"))
    assert es["config"]["lang"] == ["es"] and en["config"]["lang"] == ["en"]
    assert es["config"]["pipeline"] == ["trimmer", "stopWordFilter"]
    es_text = json.dumps(es, ensure_ascii=False)
    en_text = json.dumps(en, ensure_ascii=False)
    assert "Un atacante entró" in es_text and "Un atacante entró" not in en_text
    assert "An attacker got into" in en_text and "An attacker got into" not in es_text
    # Repeated or long blocks stay out: the contact box, the timeline, the description.
    assert "@openai.com" not in en_text and "25 November" not in en_text


def test_no_third_party_resources(sample_site):
    external = re.compile(r'(?:src|href)="(https?:)?//(?!advisories\.example\.com)[^"]+"')
    for page in sample_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe|source)\b[^>]*>", html):
            assert not external.search(tag), f"{page}: {tag}"
    css = "".join(p.read_text() for p in sample_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def _all_text(site: Path) -> str:
    return "\n".join(
        p.read_bytes().decode("utf-8", "replace")
        for p in site.rglob("*")
        if p.is_file() and not p.name.endswith(".gz")
    )


def _variant(new_id: str, marker: str, extra: str) -> str:
    text = sample_text().replace("mixpanel-analytics-2025", new_id)
    text = text.replace("Incidente en Mixpanel", f"Incidente {marker}")
    text = text.replace("Incident at Mixpanel", f"Incident {marker}")
    return text.replace("severity: medium\n", f"severity: medium\n{extra}")


def test_drafts_and_embargoed_records_appear_nowhere(tmp_path):
    records = {
        "mixpanel-analytics-2025.yaml": sample_text(),
        "secret-draft.yaml": _variant("secret-draft", "Zanzibarquux", "draft: true\n"),
        "secret-embargo.yaml": _variant(
            "secret-embargo", "Quetzalfrob", "embargo: 2026-06-01T09:00:00+02:00\n"
        ),
    }
    project = make_project(tmp_path, records)
    # A preview option left in mkdocs.yml must not leak drafts into a published build.
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - advisories:\n", "  - advisories:\n      drafts: true\n")
    )
    site = build(project)
    everything = _all_text(site)
    for secret in ("secret-draft", "secret-embargo", "Zanzibarquux", "Quetzalfrob"):
        assert secret not in everything
    assert "mixpanel-analytics-2025" in read(site, "es/sitemap.xml")


def test_embargo_lifts_at_its_time(tmp_path):
    records = {
        "lifted.yaml": _variant("lifted", "Quetzalfrob", "embargo: 2026-01-15T12:00:00+00:00\n")
    }
    site = build(make_project(tmp_path, records))
    assert "Incident Quetzalfrob" in read(site, "en/advisories/lifted/index.html")


def test_record_text_is_escaped_never_markup_or_template(tmp_path):
    hostile = (
        sample_text()
        .replace(
            '  en: "Incident at Mixpanel, the API platform\'s analytics vendor"',
            '  en: "<script>alert(1)</script> {{ 7*7 }} {% raw %} &amp; \\" x"',
        )
        .replace(
            '      en: "Mixpanel hands us the affected dataset for analysis."',
            '      en: "<img src=x onerror=alert(2)> [click](javascript:alert(3)) *ok*"',
        )
    )
    site = build(make_project(tmp_path, {"mixpanel-analytics-2025.yaml": hostile}))
    page = read(site, f"en/{ADV}")
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% raw %} &amp;amp;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert 'href="javascript:' not in page and "<em>ok</em>" in page
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert title.startswith("&lt;script&gt;")
    description = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert description and "<" not in description.group(1)


def test_failed_build_publishes_nothing_and_keeps_the_old_site(tmp_path):
    project = make_project(tmp_path)
    site = build(project)
    before = hashlib.sha256(read(site, f"es/{ADV}").encode()).hexdigest()
    broken = sample_text().replace("status: contained", "status: contaned")
    (project / "advisories" / "mixpanel-analytics-2025.yaml").write_text(broken)
    result = run_cli(project, "build", "--now", "2026-01-15T12:00:00+00:00")
    assert result.returncode == 1
    assert "advisories/mixpanel-analytics-2025.yaml:6:9: error: status" in result.stderr
    assert hashlib.sha256(read(site, f"es/{ADV}").encode()).hexdigest() == before
    assert not list(tmp_path.glob(".site-*"))


def test_plain_mkdocs_build_fails_before_touching_the_site(tmp_path):
    import subprocess
    import sys

    project = make_project(tmp_path)
    site = build(project)
    (project / "advisories" / "mixpanel-analytics-2025.yaml").write_text("id: [\n")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "advisories/mixpanel-analytics-2025.yaml:2:1: error: YAML syntax error" in (
        result.stdout + result.stderr
    )
    assert (site / "es" / ADV).exists()


def test_advisory_page_size_does_not_grow_with_the_number_of_advisories(tmp_path):
    def page_size(n: int) -> int:
        records = {
            f"adv-{i:03d}.yaml": sample_text().replace("mixpanel-analytics-2025", f"adv-{i:03d}")
            for i in range(n)
        }
        site = build(make_project(tmp_path / str(n), records))
        return len(read(site, "en/advisories/adv-000/index.html"))

    (tmp_path / "2").mkdir()
    (tmp_path / "40").mkdir()
    assert page_size(40) == page_size(2)


def _meta(html: str, attr: str, name: str) -> str:
    match = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)
    assert match, name
    return match.group(1)


def test_sharing_and_search_engine_metadata(sample_site):
    html = read(sample_site, f"es/{ADV}")
    description = _meta(html, "name", "description")
    assert description.startswith("Un atacante entró en sistemas de Mixpanel")
    assert _meta(html, "property", "og:description") == description
    assert _meta(html, "property", "og:title").startswith("Incidente en Mixpanel")
    assert _meta(html, "property", "og:type") == "article"
    assert _meta(html, "property", "og:url") == f"{SITE_URL}es/advisories/mixpanel-analytics-2025/"
    assert _meta(html, "property", "og:locale") == "es_ES"
    assert _meta(html, "name", "twitter:card") == "summary_large_image"
    assert f'hreflang="x-default" href="{SITE_URL}es/advisories/mixpanel-analytics-2025/"' in html
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert ld["@type"] == "Article" and ld["inLanguage"] == "es"
    assert ld["datePublished"] == "2025-11-27"
    faq = read(sample_site, "en/faq/index.html")
    faq_ld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', faq).group(1)
    )
    assert faq_ld["@type"] == "FAQPage" and len(faq_ld["mainEntity"]) == 4


def test_sitemap_per_language_lists_alternates(sample_site):
    sitemap = read(sample_site, "en/sitemap.xml")
    assert f"<loc>{SITE_URL}en/advisories/mixpanel-analytics-2025/</loc>" in sitemap
    assert (
        '<xhtml:link rel="alternate" hreflang="es" '
        f'href="{SITE_URL}es/advisories/mixpanel-analytics-2025/"/>'
    ) in sitemap
    assert "<lastmod>2025-11-27</lastmod>" in sitemap
    root = read(sample_site, "sitemap.xml")
    assert f"<loc>{SITE_URL}es/sitemap.xml</loc>" in root
    assert f"Sitemap: {SITE_URL}en/sitemap.xml" in read(sample_site, "robots.txt")


def test_not_found_pages_in_both_languages(sample_site):
    root = read(sample_site, "404.html")
    assert '<div lang="es">' in root and '<div lang="en">' in root
    assert "Página no encontrada" in root and "Page not found" in root
    en = read(sample_site, "en/404.html")
    assert '<html lang="en"' in en and "Page not found" in en and "Página" not in en


def test_content_security_policy_allows_no_inline_script_but_the_themes(sample_site):
    html = read(sample_site, f"en/{ADV}")
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    assert csp and html.index("Content-Security-Policy") < html.index("<script")
    script_src = re.search(r"script-src ([^;]*)", csp.group(1)).group(1)
    assert "'unsafe-inline'" not in script_src and "sha256-" in script_src
    assert "default-src 'self'" in csp.group(1)


def test_contact_notice_is_on_every_advisory(sample_site):
    assert "nunca** te pediremos" not in read(sample_site, f"es/{ADV}")
    assert "<strong>nunca</strong> te pediremos tu contraseña" in read(sample_site, f"es/{ADV}")
    assert "we will <strong>never</strong> ask" in read(sample_site, f"en/{ADV}")


def test_builds_with_a_fixed_now_are_reproducible(tmp_path):
    import time

    env = {"SOURCE_DATE_EPOCH": "1768478400"}  # 2026-01-15T12:00:00Z
    sites = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        project = make_project(tmp_path / name)
        result = run_cli(project, "build", env=env)
        assert result.returncode == 0, result.stderr
        sites.append(project / "site")
        time.sleep(1.1)  # a different wall-clock second for the second build
    files = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    for rel in files:
        assert (sites[0] / rel).read_bytes() == (sites[1] / rel).read_bytes(), rel
    assert "Expires: 2026-07-14T12:00:00Z" in (sites[0] / ".well-known/security.txt").read_text()
