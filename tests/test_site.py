"""The built site, tested as a reader sees it: in a real (headless) browser.

The book is served from ``_build/html`` on localhost and every page of ``_toc.yml`` is
opened in Debian's Chromium, driven by Playwright (``executable_path``: Playwright's
own browser download is never used). Each page must load without console errors, show
every image with non-empty alt text, have its formulas typeset by MathJax (no raw LaTeX
left in the text), and make **no request to any host but the site itself** (MathJax is
served from the site, see ``book/_ext/offline_site.py``). Notebook pages must offer
a Colab button for the repository in ``_config.yml``; the search page must find
"sigmoid". Screenshots of two pages are saved to ``_build/browser-test/``.

Chromium comes from the system package manager (``.ci/run`` installs it); where it is
missing the tests are skipped, and say why.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
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
]

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
            browser.close()


class Visit:
    """One page load, with everything the browser saw."""

    def __init__(self, browser, url: str) -> None:
        self.console_errors: list[str] = []
        self.external: list[str] = []
        self.failed: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.console_errors.append(f"page error: {exc}"))
        self.page.on("requestfailed", lambda req: self.failed.append(req.url))
        self.page.route("**/*", self._route)
        self.response = self.page.goto(url, wait_until="load")
        # MathJax typesets asynchronously; wait until it says it is done (if it is there)
        self.page.evaluate(
            "() => window.MathJax && window.MathJax.startup && window.MathJax.startup.promise"
            " ? window.MathJax.startup.promise.then(() => true) : true"
        )
        self.page.wait_for_load_state("networkidle")

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def _route(self, route) -> None:
        url = route.request.url
        scheme, host = urlparse(url).scheme, urlparse(url).hostname
        if scheme in ("data", "blob", "about") or host in LOCAL_HOSTS:
            route.continue_()
        else:
            self.external.append(url)
            route.abort()  # and fail the test below: nothing may leave the site

    def close(self) -> None:
        self.page.close()


PAGES = toc_files()
NOTEBOOKS = {str(p.relative_to(ROOT).with_suffix("")) for p in (ROOT / "book").rglob("*.ipynb")}


@pytest.fixture(scope="module")
def visits(browser, site) -> Iterator[dict[str, Visit]]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    opened: dict[str, Visit] = {}
    for name in PAGES:
        opened[name] = Visit(browser, f"{site}/{name}.html")
    yield opened
    for visit in opened.values():
        visit.close()


def test_every_page_in_the_toc_loads(visits) -> None:
    assert len(visits) == len(PAGES) > 10
    for name, visit in visits.items():
        assert visit.response is not None and visit.response.status == 200, name
        assert visit.page.title(), f"{name}: no title"


def test_no_console_errors(visits) -> None:
    errors = {name: v.console_errors for name, v in visits.items() if v.console_errors}
    assert errors == {}


def test_no_request_leaves_the_site(visits) -> None:
    external = {name: v.external for name, v in visits.items() if v.external}
    assert external == {}, "third-party requests (the site must work offline and privately)"
    failed = {name: v.failed for name, v in visits.items() if v.failed}
    assert failed == {}, "requests to the site itself that failed (missing files)"


IMAGES_JS = """() => Array.from(document.images).map(img => ({
    src: img.getAttribute('src'), alt: img.getAttribute('alt'),
    loaded: img.complete && img.naturalWidth > 0}))"""


def test_every_image_loads_and_has_alt_text(visits) -> None:
    counted = 0
    for name, visit in visits.items():
        for img in visit.page.evaluate(IMAGES_JS):
            counted += 1
            assert img["loaded"], f"{name}: image did not load: {img['src']}"
            alt = (img["alt"] or "").strip()
            assert alt and not alt.endswith((".png", ".svg")), f"{name}: no alt text: {img['src']}"
    assert counted >= 30, f"only {counted} images on the whole site"


TEXT_WITHOUT_CODE_JS = """() => {
    const body = document.querySelector('main') || document.body;
    const copy = body.cloneNode(true);
    copy.querySelectorAll('pre, code, script, style, mjx-assistive-mml').forEach(e => e.remove());
    return copy.innerText;
}"""


def test_formulas_are_typeset(visits) -> None:
    pages_with_math, problems = 0, []
    for name, visit in visits.items():
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
                problems.append(
                    f"{name}: raw LaTeX {raw!r} in the text: ...{text[max(0, at - 60) : at + 60]!r}"
                )
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


def test_search_finds_sigmoid(browser, site) -> None:
    visit = Visit(browser, f"{site}/search.html?q=sigmoid")
    try:
        visit.page.wait_for_selector("#search-results li, ul.search li", timeout=30_000)
        results = visit.page.evaluate(
            "() => Array.from(document.querySelectorAll('#search-results li, ul.search li'))"
            ".map(li => li.innerText)"
        )
        assert any("sigmoid" in r.lower() for r in results), results[:5]
        assert visit.external == [] and visit.console_errors == []
    finally:
        visit.close()


def test_screenshots_of_two_pages(visits) -> None:
    for name in ("book/activations/02_step_sigmoid_tanh", "book/perceptron/03_convergence"):
        target = ARTIFACTS / (name.replace("/", "__") + ".png")
        visits[name].page.screenshot(path=str(target), full_page=False)
        assert target.stat().st_size > 10_000
