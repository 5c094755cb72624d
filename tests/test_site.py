"""The built site, tested as a reader sees it: in a real (headless) browser.

The book is served from ``_build/html`` on localhost and every page of ``_toc.yml``, the
search page (with results) and the general index are opened in Debian's Chromium,
driven by Playwright (``executable_path``: Playwright's own browser download is never
used). Each page must load without console errors, make **no request to any host but
the site itself** (MathJax is served from the site, see ``book/_ext/offline_site.py``),
show every image with alt text that says what it shows, and have its formulas typeset
by MathJax. Notebook pages must offer a Colab button for the repository in
``_config.yml``; the search page must find "sigmoid".

Accessibility: axe-core (bundled by the ``axe-playwright-python`` package, injected into
the page: nothing is downloaded) audits every page against WCAG 2.1 AA (the tags
``wcag2a``, ``wcag2aa``, ``wcag21a``, ``wcag21aa``); no page may have a serious or
critical violation, in light mode, and in dark mode for a few pages. Figures and
formulas must stay readable in both modes, long output lines must wrap inside their
box, and the search form must be one field with a submit button.
``book/_ext/accessible_site`` holds the fixes these tests ask for.

Screenshots (light and dark) and the full axe report (every impact) are saved to
``_build/browser-test/``.

Chromium comes from the system package manager (``.ci/run`` installs it); where it is
missing the tests are skipped, and say why.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from test_book import toc_files

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "_build" / "browser-test"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # every host but this one fails at once, as it would offline; the request is still
    # seen, and reported, by Visit
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
VIEWPORT = {"width": 1280, "height": 900}

pytestmark = pytest.mark.slow


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base name
        pass


@pytest.fixture(scope="module")
def site(book_build) -> Iterator[str]:
    proc, html = book_build
    if proc.returncode != 0 or not (html / "index.html").exists():
        pytest.fail("the book did not build; see test_book_builds_with_warnings_as_errors")
    handler = functools.partial(QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): browser tests skipped")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            for key in [key for key in _contexts if key[0] == id(browser)]:
                del _contexts[key]
            browser.close()


_contexts: dict[tuple[int, str], object] = {}  # (id of the browser, colour scheme)


def reader(browser, color_scheme: str):
    """The browser context of a reader who prefers ``color_scheme``: one per browser and
    scheme, shared by every page opened in it, like the tabs of one reader's browser.

    Sharing keeps the browser's cache, so the theme's scripts and MathJax are fetched and
    compiled once rather than once per page (all pages: 57 s -> 41 s, measured).
    """
    key = (id(browser), color_scheme)
    if key not in _contexts:
        _contexts[key] = browser.new_context(viewport=VIEWPORT, color_scheme=color_scheme)
    return _contexts[key]


class Visit:
    """One page load, with everything the browser saw.

    The constructor only starts the load, so that many pages load at once; ``settle``
    waits until the page is complete.
    """

    def __init__(self, browser, url: str, color_scheme: str = "light") -> None:
        self.console_errors: list[str] = []
        self.external: list[str] = []
        self.failed: list[str] = []
        self.page = reader(browser, color_scheme).new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(f"page error: {exc}"))
        self.page.on("requestfailed", lambda req: self.failed.append(req.url))
        # the requests still open: Playwright's own "networkidle" state was sometimes
        # never reached with several pages loading at once, though none was open
        self.open_requests: set[object] = set()
        self.last_activity = time.monotonic()
        self.page.on("request", self._opened)
        self.page.on("requestfinished", self._closed)
        self.page.on("requestfailed", self._closed)
        # no page.route() here: routing would turn the browser's cache off
        self.page.on("request", self._leaves_the_site)
        self.response = self.page.goto(url, wait_until="commit")

    def settle(self, quiet: float = 0.5, timeout: float = 120) -> Visit:
        """Wait for the load event, for MathJax, and until no request was open for ``quiet`` s."""
        self.page.wait_for_load_state("load", timeout=timeout * 1000)
        # MathJax typesets asynchronously; wait until it says it is done (if it is there)
        self.page.evaluate(
            "() => window.MathJax && window.MathJax.startup && window.MathJax.startup.promise"
            " ? window.MathJax.startup.promise.then(() => true) : true"
        )
        deadline = time.monotonic() + timeout
        while self.open_requests or time.monotonic() - self.last_activity < quiet:
            if time.monotonic() > deadline:
                pytest.fail(f"{self.page.url}: requests still open after {timeout} s")
            self.page.wait_for_timeout(100)  # lets Playwright deliver the request events
        return self

    def _opened(self, request) -> None:
        self.open_requests.add(request)
        self.last_activity = time.monotonic()

    def _closed(self, request) -> None:
        self.open_requests.discard(request)
        self.last_activity = time.monotonic()

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def _leaves_the_site(self, request) -> None:
        url = request.url
        scheme, host = urlparse(url).scheme, urlparse(url).hostname
        if scheme not in ("data", "blob", "about") and host not in LOCAL_HOSTS:
            self.external.append(url)  # and fails the test below: nothing may leave the site

    def front(self):
        """The page, its tab brought to the front of the reader's window: scrolling, keys
        and screenshots wait for a painted frame, which only the front tab gets at once
        (2-5 s per call otherwise, measured)."""
        self.page.bring_to_front()
        return self.page

    def close(self) -> None:
        self.page.close()


PAGES = toc_files()
NOTEBOOKS = {str(p.relative_to(ROOT).with_suffix("")) for p in (ROOT / "book").rglob("*.ipynb")}
SEARCH = "search.html?q=sigmoid"
SEARCH_RESULTS = "#search-results li, ul.search li"
# every page a reader reaches: the toc, the search page with results, the general index
URLS = {name: f"{name}.html" for name in PAGES} | {"search": SEARCH, "genindex": "genindex.html"}
FIGURE_PAGE = "book/activations/02_step_sigmoid_tanh"  # figures, formulas, a source listing
# Dark mode is audited on a sample: the front page, a notebook page (code, figures,
# formulas), the search results (highlighted terms), the glossary and the bibliography.
DARK_URLS = {
    "book/intro": "book/intro.html",
    FIGURE_PAGE: f"{FIGURE_PAGE}.html",
    "search": SEARCH,
    "book/glossary": "book/glossary.html",
    "book/references": "book/references.html",
}


IN_FLIGHT = 3  # pages loading at once: their waits overlap, their typesetting shares the CPU


def open_all(browser, site: str, urls: dict[str, str], color_scheme: str) -> dict[str, Visit]:
    opened: dict[str, Visit] = {}
    loading: list[str] = []

    def settle_first() -> None:
        name = loading.pop(0)
        opened[name].settle()
        if name == "search":  # the results are built by a script after the page loads
            opened[name].page.wait_for_selector(SEARCH_RESULTS, timeout=60_000)

    for name, url in urls.items():
        if len(loading) == IN_FLIGHT:
            settle_first()
        opened[name] = Visit(browser, f"{site}/{url}", color_scheme)
        loading.append(name)
    while loading:
        settle_first()
    return opened


@pytest.fixture(scope="module")
def visits(browser, site) -> Iterator[dict[str, Visit]]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened = open_all(browser, site, URLS, "light")
    yield opened
    for visit in opened.values():
        visit.close()


@pytest.fixture(scope="module")
def dark_visits(browser, site) -> Iterator[dict[str, Visit]]:
    opened = open_all(browser, site, DARK_URLS, "dark")
    yield opened
    for visit in opened.values():
        visit.close()


def all_visits(visits, dark_visits) -> Iterator[tuple[str, Visit]]:
    yield from visits.items()
    yield from ((f"{name} (dark)", visit) for name, visit in dark_visits.items())


def test_every_page_in_the_toc_loads(visits) -> None:
    assert len(PAGES) > 10
    for name in PAGES:
        visit = visits[name]
        assert visit.response is not None and visit.response.status == 200, name
        assert visit.page.title(), f"{name}: no title"


def test_no_console_errors(visits, dark_visits) -> None:
    errors = {name: v.console_errors for name, v in all_visits(visits, dark_visits)}
    assert {name: e for name, e in errors.items() if e} == {}


def test_no_request_leaves_the_site(visits, dark_visits) -> None:
    seen = dict(all_visits(visits, dark_visits))
    external = {name: v.external for name, v in seen.items() if v.external}
    assert external == {}, "third-party requests (the site must work offline and privately)"
    failed = {name: v.failed for name, v in seen.items() if v.failed}
    assert failed == {}, "requests to the site itself that failed (missing files)"


IMAGES_JS = """() => Array.from(document.images).map(img => ({
    src: img.getAttribute('src'), alt: img.getAttribute('alt'),
    figure: img.closest('.cell_output, figure') !== null,
    loaded: img.complete && img.naturalWidth > 0}))"""
FILE_NAME = re.compile(r"\.(png|jpe?g|gif|svg|webp)\b", re.IGNORECASE)


def alt_text_problem(img: dict) -> str | None:
    """Why an image's alt text does not say what the image shows (None: it does)."""
    alt = " ".join((img["alt"] or "").split())
    if not alt:
        return "no alt text"
    if FILE_NAME.search(alt) or alt == Path(img["src"] or "").stem or len(alt.split()) < 2:
        return f"alt text is a file name or a single word: {alt!r}"
    if img["figure"] and len(alt.split()) < 6:
        return f"a figure's alt text must describe what it shows, not name it: {alt!r}"
    return None


def test_every_image_loads_and_says_what_it_shows(visits) -> None:
    counted, problems = 0, []
    for name, visit in visits.items():
        for img in visit.page.evaluate(IMAGES_JS):
            counted += 1
            if not img["loaded"]:
                problems.append(f"{name}: image did not load: {img['src']}")
            problem = alt_text_problem(img)
            if problem:
                problems.append(f"{name}: {img['src']}: {problem}")
    assert problems == []
    assert counted >= 30, f"only {counted} images on the whole site"


TEXT_WITHOUT_CODE_JS = """() => {
    const body = document.querySelector('main') || document.body;
    const copy = body.cloneNode(true);
    copy.querySelectorAll('pre, code, script, style, mjx-assistive-mml').forEach(e => e.remove());
    return copy.innerText;
}"""


def test_formulas_are_typeset(visits) -> None:
    pages_with_math, problems = 0, []
    for name in PAGES:
        visit = visits[name]
        has_math = visit.page.evaluate("() => document.querySelector('.math, div.math') !== null")
        if not has_math:
            continue
        pages_with_math += 1
        typeset = visit.page.evaluate("() => document.querySelectorAll('mjx-container').length")
        if typeset == 0:
            problems.append(f"{name}: math on the page but MathJax rendered nothing")
        text = visit.page.evaluate(TEXT_WITHOUT_CODE_JS)
        for raw in ("\\frac", "\\sigma", "\\mathbf", "\\lVert", "\\tfrac", "$$"):
            at = text.find(raw)
            if at >= 0:
                snippet = text[max(0, at - 60) : at + 60]
                problems.append(f"{name}: raw LaTeX {raw!r} in the text: ...{snippet!r}")
    assert problems == []
    assert pages_with_math >= 10


def test_notebook_pages_open_in_colab_from_the_configured_repository(visits) -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = urlparse(config["repository"]["url"]).path.strip("/")
    branch = config["repository"]["branch"]
    for name in sorted(NOTEBOOKS):
        hrefs = visits[name].page.evaluate(
            "() => Array.from(document.querySelectorAll('a[href*=\"colab.research.google.com\"]'))"
            ".map(a => a.href)"
        )
        expected = f"https://colab.research.google.com/github/{repo}/blob/{branch}/{name}.ipynb"
        assert expected in hrefs, f"{name}: Colab links {hrefs}, expected {expected}"


def test_search_finds_sigmoid(visits) -> None:
    results = visits["search"].page.evaluate(
        f"() => Array.from(document.querySelectorAll('{SEARCH_RESULTS}')).map(li => li.innerText)"
    )
    assert any("sigmoid" in r.lower() for r in results), results[:5]


# --- accessibility: axe-core -----------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "resultTypes": ["violations"],
    # axe would otherwise fetch every stylesheet again and resolve the theme's
    # @import against the page instead of the stylesheet: a 404 in the console
    "preload": False,
}
# Syntax highlighting wraps every token of every code cell in a span, thousands per page,
# and axe's colour-contrast rule computes the colours of each: most of the audit's time. A
# token's colour comes from its class, its background from what encloses it (the input or
# output box, a highlighted line), so the rule checks the first span of each class in
# each setting and skips the repeats (marked here, left out by the rule's selector):
# every colour pair on the page is still checked, in a third of the time. Every other
# rule sees every element.
SAMPLE_CODE_SPANS_JS = """() => {
    const seen = new Set();
    document.querySelectorAll('div.highlight pre span').forEach(span => {
        const box = span.closest('.cell_output') ? 'output' : 'input';
        const key = [box, span.parentElement.className, span.className].join(' / ');
        if (seen.has(key)) span.setAttribute('data-axe-repeat', '');
        else seen.add(key);
    });
    axe.configure({rules: [{id: 'color-contrast', selector: '*:not([data-axe-repeat])'}]});
}"""
# axe.run does most of its work before it returns its promise, and Playwright's evaluate
# waits for that: started from a timer, the audits of several pages run side by side,
# each in its own renderer process (92 s -> 74 s for the 36 pages of the site on two
# cores, measured).
START_AXE_JS = """([selector, options]) => { window.__axe = new Promise(resolve => setTimeout(
    () => resolve(axe.run(selector || document, options)), 0)); }"""
AXE_VIOLATIONS_JS = """() => window.__axe.then(r => r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ')) })))"""
BLOCKING = ("serious", "critical")


def axe_script() -> str:
    sync_playwright = pytest.importorskip(
        "axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed"
    )
    return sync_playwright.Axe().axe_script  # axe.min.js as shipped in the package


def run_axe(pages: dict[str, object], selector: str | None = None) -> dict[str, list[dict]]:
    """axe's violations on each page (or on the parts ``selector`` picks).

    The audits are started in every page before the first result is awaited, so that
    they run side by side on a machine with more than one core.
    """
    script = axe_script()
    for page in pages.values():
        page.evaluate(script)
        page.evaluate(SAMPLE_CODE_SPANS_JS)
        page.evaluate(START_AXE_JS, [selector, AXE_OPTIONS])
    return {name: page.evaluate(AXE_VIOLATIONS_JS) for name, page in pages.items()}


def axe_report(results: dict[str, list[dict]], label: str) -> list[str]:
    """One line per blocking violation: page, rule, impact, offending selectors."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{label}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    lines = []
    for name, violations in results.items():
        for v in violations:
            if v["impact"] in BLOCKING:
                nodes = "; ".join(v["nodes"][:8]) + (" ..." if len(v["nodes"]) > 8 else "")
                lines.append(f"{name}: {v['id']} ({v['impact']}: {v['help']}) at {nodes}")
    return lines


@pytest.fixture(scope="module")
def axe_light(visits) -> dict[str, list[dict]]:
    return run_axe({name: visit.page for name, visit in visits.items()})


def test_axe_finds_no_serious_wcag_violation_on_any_page(axe_light) -> None:
    assert len(axe_light) == len(URLS)
    problems = axe_report(axe_light, "light")
    assert problems == [], "WCAG 2.1 AA violations:\n" + "\n".join(problems)


def test_axe_finds_no_serious_wcag_violation_in_dark_mode(dark_visits) -> None:
    for name, visit in dark_visits.items():
        theme = visit.page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == "dark", f"{name}: the page did not follow the reader's dark mode"
    highlighted = "() => document.querySelectorAll('span.highlighted').length"
    assert dark_visits["search"].page.evaluate(highlighted) > 0, "no highlighted search term"
    results = run_axe({name: visit.page for name, visit in dark_visits.items()})
    problems = axe_report(results, "dark")
    assert problems == [], "WCAG 2.1 AA violations in dark mode:\n" + "\n".join(problems)


def test_search_dialog_is_accessible_and_submits(browser, site) -> None:
    visit = Visit(browser, f"{site}/book/intro.html").settle()
    try:
        page = visit.front()
        page.keyboard.press("Control+k")
        page.wait_for_selector("#pst-search-dialog[open]")
        results = run_axe({"book/intro (search dialog)": page}, "#pst-search-dialog")
        problems = axe_report(results, "search-dialog")
        assert problems == [], "\n".join(problems)
        page.keyboard.type("softmax")
        page.click("#pst-search-dialog button[type=submit]")
        page.wait_for_url("**/search.html?q=softmax*")
        page.wait_for_selector(SEARCH_RESULTS, timeout=30_000)
        assert visit.console_errors == [] and visit.external == []
    finally:
        visit.close()


PAGE_STRUCTURE_JS = """() => {
    const counts = {};
    document.querySelectorAll('[id]').forEach(e => { counts[e.id] = (counts[e.id] || 0) + 1; });
    const shown = e => { const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
    return {
        duplicate_ids: Object.keys(counts).filter(id => counts[id] > 1),
        empty_headings: Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
            .filter(h => !h.textContent.trim()).map(h => h.outerHTML.slice(0, 80)),
        forms_without_submit: Array.from(document.querySelectorAll('form'))
            .filter(f => !f.querySelector('[type=submit]')).map(f => f.className),
        search_fields_shown: Array.from(document.querySelectorAll(
            'input[type=search], .search-button-field')).filter(shown).length,
    };
}"""


def test_page_structure(visits) -> None:
    """No duplicate ids or empty headings; each search form can be submitted; one search field.

    The search page itself shows its own field besides the sidebar's button.
    """
    problems = []
    for name, visit in visits.items():
        found = visit.page.evaluate(PAGE_STRUCTURE_JS)
        expected_fields = 2 if name == "search" else 1
        for key in ("duplicate_ids", "empty_headings", "forms_without_submit"):
            if found[key]:
                problems.append(f"{name}: {key}: {found[key]}")
        if found["search_fields_shown"] != expected_fields:
            problems.append(f"{name}: {found['search_fields_shown']} search fields shown")
    assert problems == []


# --- reading: dark mode, long lines, screenshots ---------------------------------------

READABILITY_JS = """() => {
    const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const luminance = c => { const [r, g, b] = rgb(c).slice(0, 3).map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
    const background = el => {  // the first opaque background from the element outwards
        for (let e = el; e; e = e.parentElement) {
            const c = getComputedStyle(e).backgroundColor, v = rgb(c);
            if (v.length === 3 || (v.length === 4 && v[3] > 0.5)) return c;
        }
        return 'rgb(255, 255, 255)';
    };
    const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05); };
    const article = document.querySelector('.bd-article') || document.body;
    return {
        page: luminance(background(article)),
        figures: Array.from(article.querySelectorAll('img')).map(img =>
            ({src: img.getAttribute('src'), background: luminance(background(img))})),
        formulas: Array.from(article.querySelectorAll('mjx-container')).map(m =>
            ({tex: (m.closest('.math') || m).textContent.slice(0, 40),
              contrast: contrast(getComputedStyle(m).color, background(m))})),
    };
}"""


def test_figures_and_formulas_are_readable_in_light_and_dark_mode(visits, dark_visits) -> None:
    """Figures (black axes on white) sit on a light card; formulas have the text's contrast."""
    problems, figures, formulas = [], 0, 0
    for name, visit in all_visits(visits, dark_visits):
        found = visit.page.evaluate(READABILITY_JS)
        dark = name.endswith("(dark)")
        if dark != (found["page"] < 0.1):
            problems.append(f"{name}: page background luminance {found['page']:.2f}")
        for img in found["figures"]:
            figures += dark
            if img["background"] < 0.4:
                problems.append(f"{name}: {img['src']} on a dark background")
        for formula in found["formulas"]:
            formulas += dark
            if formula["contrast"] < 4.5:
                problems.append(f"{name}: formula {formula['tex']!r}: {formula['contrast']:.1f}:1")
    assert problems == []
    assert figures >= 3 and formulas >= 20, "the dark-mode sample has too few figures or formulas"


OVERFLOWING_OUTPUTS_JS = """() => Array.from(document.querySelectorAll('.cell_output pre'))
    .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
    .map(pre => pre.textContent.split('\\n').reduce((a, b) => a.length >= b.length ? a : b))"""


def test_long_output_lines_wrap_inside_the_box(visits) -> None:
    overflowing = {}
    for name in sorted(NOTEBOOKS):
        lines = visits[name].page.evaluate(OVERFLOWING_OUTPUTS_JS)
        if lines:
            overflowing[name] = [line[:100] for line in lines]
    assert overflowing == {}, "output lines that run past the right edge of their box"
    # a printed source listing, whose docstring lines are longer than the box is wide
    listing = visits[FIGURE_PAGE].front().locator(".cell_output pre", has_text='"""').first
    target = ARTIFACTS / "wrapped-source-listing.png"
    listing.screenshot(path=str(target))
    assert target.stat().st_size > 5_000


SCREENSHOTS = {  # file stem: (page, what to scroll to the top of the window, or None)
    "intro": ("book/intro", None),
    "notebook-formulas": (FIGURE_PAGE, "div.math"),
    "notebook-figure": (FIGURE_PAGE, ".cell_output img"),
}


SCROLL_TO_JS = """selector => {
    if (!selector) { window.scrollTo(0, 0); return; }
    document.querySelector(selector).scrollIntoView();
    window.scrollBy(0, -250);
}"""


def test_screenshots_in_light_and_dark_mode(visits, dark_visits) -> None:
    shots = []
    for mode, opened in (("light", visits), ("dark", dark_visits)):
        for stem, (name, selector) in SCREENSHOTS.items():
            page = opened[name].front()
            page.evaluate(SCROLL_TO_JS, selector)
            shots.append(ARTIFACTS / f"{stem}.{mode}.png")
            page.screenshot(path=str(shots[-1]))
    assert all(shot.stat().st_size > 10_000 for shot in shots)
