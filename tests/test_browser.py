"""The built site in Debian's Chromium, served on localhost: what a reader actually gets."""

import time

import pytest
from conftest import make_project
from test_cli import _draft_record, _serve, _wait, stop_with_ctrl_c

pytestmark = pytest.mark.browser

ADV = "advisories/mixpanel-analytics-2025/"
PAGES = ["", "advisories/", ADV, "faq/"]


@pytest.fixture
def page(browser):
    context = browser.new_context()
    p = context.new_page()
    yield p
    context.close()


def test_language_switcher_lands_on_the_same_advisory(page, served):
    page.goto(f"{served}/es/{ADV}")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text().startswith("Incidente en Mixpanel")
    page.hover(".md-header__option .md-select")
    page.click('a.md-select__link[hreflang="en"]')
    page.wait_for_url(f"**/en/{ADV}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Incident at Mixpanel")


def test_root_lets_the_reader_pick_a_language(page, served):
    page.goto(f"{served}/")
    page.click("text=Read in English")
    page.wait_for_url("**/en/")
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_no_request_leaves_the_site_and_no_csp_violation(page, served, lang):
    requests, console = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: console.append(m.text))
    for path in PAGES:
        page.goto(f"{served}/{lang}/{path}", wait_until="networkidle")
        page.fill(".md-search__input", "datos")
        page.wait_for_timeout(300)
    assert requests and all(u.startswith(served) or u.startswith("data:") for u in requests), [
        u for u in requests if not u.startswith(served)
    ]
    assert not [m for m in console if "Content Security Policy" in m], console


def _search(page, served, lang, query):
    """Type like a reader (Material listens to key events) and read the result links."""
    page.goto(f"{served}/{lang}/", wait_until="networkidle")
    page.click(".md-search__input")
    page.keyboard.type(query, delay=20)
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim() !== ''"
        " && !document.querySelector('.md-search-result__meta').textContent.includes('...')"
    )
    page.wait_for_timeout(400)
    return page.locator(".md-search-result__item a").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )


def test_search_finds_spanish_words_only_on_the_spanish_site(page, served):
    es_hits = _search(page, served, "es", "atacante")
    assert any(ADV in h for h in es_hits)
    assert _search(page, served, "en", "atacante") == []
    en_hits = _search(page, served, "en", "attacker")
    assert any(ADV in h for h in en_hits)
    assert all("/en/" in h or not h.startswith("http") for h in en_hits)


def test_spanish_search_matches_inflections_by_prefix(page, served):
    # "provee" is a prefix of "proveedor" and "proveedores"; "vulnerad" of "vulnerados".
    assert any(ADV in h for h in _search(page, served, "es", "provee"))
    assert any(ADV in h for h in _search(page, served, "es", "vulnerad"))


def test_repeated_blocks_stay_out_of_the_search_index(page, served):
    # The contact box is on every advisory; indexing it would bury real results.
    # "answer" appears on the page only in that box ("do not answer it").
    assert not any(ADV in h for h in _search(page, served, "en", "answer"))


def test_reads_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False)
    p = context.new_page()
    p.goto(f"{served}/es/{ADV}")
    assert p.locator(".adv-summary").is_visible()
    assert p.locator(".adv-col--no").first.is_visible()
    p.click("#faq-1 summary")
    assert p.locator("#faq-1 .adv-faq__answer").is_visible()
    assert p.locator(".adv-timeline li").count() == 4
    context.close()


def test_fits_a_360_pixel_phone(browser, served):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    p = context.new_page()
    p.goto(f"{served}/es/{ADV}")
    assert p.evaluate("document.documentElement.scrollWidth") <= 360
    boxes = p.locator(".adv-affected .adv-col").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().left)"
    )
    assert boxes[0] == boxes[1], "the two columns stack on a phone"
    for lang in ("es", "en"):  # the site name fits the header, not cut to "Avisos de se…"
        p.goto(f"{served}/{lang}/{ADV}")
        name = p.locator(".md-header__topic:first-child .md-ellipsis")
        width, full, height, full_height = name.evaluate(
            "e => [e.clientWidth, e.scrollWidth, e.clientHeight, e.scrollHeight]"
        )
        assert full <= width and full_height <= height, (lang, width, full)
    context.close()


def test_print_hides_navigation_opens_answers_and_shows_links(page, served):
    page.goto(f"{served}/en/{ADV}")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    height = page.locator("#faq-2 .adv-faq__answer").evaluate(
        "e => e.getBoundingClientRect().height"
    )
    assert height > 0
    after = page.locator(".adv-references a").evaluate(
        "e => getComputedStyle(e, '::after').content"
    )
    assert "attr(href)" in after or "https://" in after


def test_faq_answer_opens_from_its_anchor(page, served):
    page.goto(f"{served}/en/{ADV}#faq-3")
    assert page.locator("#faq-3").evaluate("e => e.open")
    assert not page.locator("#faq-1").evaluate("e => e.open")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_page_declares_its_language(page, served, lang):
    for path in [*PAGES, "contact/", "about/"]:
        page.goto(f"{served}/{lang}/{path}")
        assert page.locator("html").get_attribute("lang") == lang, path


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_accessibility_violations(page, served, lang, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{served}/{lang}/{path}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_headings_are_in_order(page, served):
    page.goto(f"{served}/es/{ADV}")
    levels = page.locator("article h1, article h2, article h3").evaluate_all(
        "els => els.map(e => Number(e.tagName[1]))"
    )
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_advisory_pages_log_no_errors(page, served):
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    for lang in ("es", "en"):
        page.goto(f"{served}/{lang}/{ADV}", wait_until="networkidle")
        page.mouse.move(200, 300)  # the theme's script loads and runs
        page.wait_for_function("() => document.documentElement.classList.contains('js')")
        page.wait_for_load_state("networkidle")
    assert errors == []


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_theme_script_waits_for_the_first_interaction(browser, served, phone):
    """No theme JavaScript runs before the reader acts (a slow phone shows the page
    sooner); search is offered all along and works once the reader acts."""
    options = {"viewport": {"width": 360, "height": 740}, "has_touch": True} if phone else {}
    context = browser.new_context(**options)
    page = context.new_page()
    scripts, errors = [], []
    page.on("request", lambda r: r.resource_type == "script" and scripts.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{served}/en/{ADV}", wait_until="networkidle")
    page.wait_for_timeout(500)
    assert scripts == [] and "no-js" in page.locator("html").get_attribute("class")
    search = 'label.md-header__button[for="__search"]' if phone else ".md-search__input"
    assert page.locator(search).is_visible()
    if phone:
        box = page.locator("h1").bounding_box()
        page.touchscreen.tap(box["x"] + 5, box["y"] + 5)
    else:
        page.mouse.move(300, 300)
    page.wait_for_function("() => document.documentElement.classList.contains('js')")
    assert len([u for u in scripts if "/assets/javascripts/bundle." in u]) == 1
    page.click(search)
    if phone:
        page.click(".md-search__input")
    page.keyboard.type("attacker", delay=20)
    page.wait_for_selector(f'.md-search-result__item a[href*="{ADV}"]')
    assert errors == []
    context.close()


def test_language_switch_keeps_the_section(page, served):
    page.goto(f"{served}/es/{ADV}#timeline")
    page.hover(".md-header__option .md-select")
    page.click('a.md-select__link[hreflang="en"]')
    page.wait_for_url(f"**/en/{ADV}#timeline")


def test_one_click_from_the_index_to_each_advisory(page, served):
    page.goto(f"{served}/en/advisories/")
    page.click(".adv-list__title a")
    page.wait_for_url(f"**/en/{ADV}")
    assert page.locator("h1").inner_text().startswith("Incident at Mixpanel")


def test_the_preview_reloads_by_itself_after_a_save(browser, tmp_path):
    """`serve` injects a live-reload script; the preview CSP lets it run, so the open page
    shows an edit without the writer touching the browser."""
    project = make_project(tmp_path, {"draft-one.yaml": _draft_record("Preview title")})
    proc, url = _serve(project, "--drafts")
    try:
        page_url = f"{url}/en/advisories/draft-one/"
        _wait(page_url, lambda status, body: status == 200)
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if "Security Policy" in m.text else None)
        page.goto(page_url)
        assert "Preview title" in page.title()
        (project / "advisories" / "draft-one.yaml").write_text(_draft_record("Edited title"))
        # Polled from outside: page-side evaluation would itself need 'unsafe-eval'.
        deadline = time.monotonic() + 60
        while "Edited title" not in page.title() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "Edited title" in page.title()
        assert errors == []
        page.close()
    finally:
        stop_with_ctrl_c(proc, project)


@pytest.fixture(scope="module")
def lifecycle_site(tmp_path_factory):
    """The sample with a status update, so the figure holds both kinds of entry."""
    from conftest import build, serve, with_lifecycle

    project = make_project(
        tmp_path_factory.mktemp("figure"), {"mixpanel-analytics-2025.yaml": with_lifecycle()}
    )
    (project / "site").mkdir()
    url, server = serve(project / "site")
    build(project, "--site-url", f"{url}/")
    yield url
    server.shutdown()


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


@pytest.mark.parametrize("width", [360, 1366])
@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_timeline_figure_fits_the_screen_and_no_label_overlaps(
    browser, lifecycle_site, width, lang
):
    """Issue 22: every timeline entry and update on the axis, readable at 360 px."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{lifecycle_site}/{lang}/{ADV}")
    figure = page.locator(".adv-figure svg")
    figure.scroll_into_view_if_needed()
    timeline = page.locator("ol.adv-timeline > li").count()
    updates = page.locator("ol.adv-updates > li").count()
    assert updates == 1
    assert page.locator(".adv-figure__entry").count() == timeline + updates
    assert page.locator(".adv-figure__entry--update").count() == updates
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes = page.locator(".adv-figure svg text").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,"
        " text: e.textContent}; })"
    )
    svg_box = figure.evaluate("e => e.getBoundingClientRect().toJSON()")
    assert len(boxes) == 2 * (timeline + updates) + 1  # a date and a text each, the status
    for box in boxes:
        assert box["left"] >= 0 and box["right"] <= width, box
        assert svg_box["left"] <= box["left"] and box["right"] <= svg_box["right"] + 0.5, box
    for i, first in enumerate(boxes):
        for second in boxes[i + 1 :]:
            assert not _overlap(first, second), (first, second)
    font = page.locator(".adv-figure__text").first.evaluate(
        "e => e.getBoundingClientRect().height / e.querySelectorAll('tspan').length"
    )
    assert font >= 11  # a line of text at least 11 px high, even on a phone
    name = figure.get_attribute("aria-labelledby")
    assert page.locator(f"#{name}").text_content().count(":") >= 1
    context.close()


def test_an_advisory_prints_without_navigation_with_links_and_the_figure(
    browser, lifecycle_site, tmp_path
):
    """Issue 22: Chromium's print to PDF, read back with pdftotext."""
    import shutil
    import subprocess

    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{lifecycle_site}/en/{ADV}", wait_until="networkidle")
    pdf = tmp_path / "advisory.pdf"
    page.pdf(path=str(pdf), format="A4")
    context.close()
    assert shutil.which("pdftotext"), "poppler-utils is installed by scripts/test.sh"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Incident at Mixpanel" in flat
    assert "Now: Resolved" in flat  # the figure's status line is printed
    # Each link's address follows it in parentheses (a long one may wrap).
    assert "(https://openai.com/index/mixpanel-incident/)" in "".join(text.split())
    for navigation in ("Skip to content", "Español", "Search"):
        assert navigation not in flat, navigation
