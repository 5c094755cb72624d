"""The interactive figures in the built site, driven in Chromium as a reader drives them.

Each figure is found on whatever page holds it (``tools/place_figures.py`` decides where),
opened in light and in dark mode, and driven **with the keyboard**: a slider takes
ArrowRight, a list ArrowDown, a button Enter. After every key the SVG must have changed and
the text that says what the figure shows (``aria-live``) must say something new. The
perceptron playground is stepped through the whole run of the perceptron rule on each
data set, and the points it marks as misclassified (the script's own geometry) must be
the points ``course_code`` found misclassified at that step.

Also: no console error and no request leaving the site; axe-core finds no serious or
critical WCAG 2.1 AA violation in any figure, in light and dark mode, after it has been
driven; lines, markers and text keep their contrast in both modes; without JavaScript,
and in print, the static image shows instead. The script and the stylesheet are copied
once into ``_static`` and linked only from pages that hold a figure.

Screenshots of every figure in both modes are saved to ``_build/browser-test/``. This
module reuses the server, browser and page-load helpers of ``tests/test_site.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_site
from test_book import toc_files
from test_site import ARTIFACTS, Visit, axe_report, run_axe

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

site = test_site.site  # the same module-scoped fixtures, collected here too
browser = test_site.browser

DIRECTIVE = re.compile(r"\{interactive-figure\}\s+([\w-]+)")
RENDERED = re.compile(r'<figure class="interactive-figure" id="[^"]+" data-figure="([\w-]+)"')
FIGURES = [
    "activation-explorer",
    "perceptron-playground",
    "softmax-temperature",
    "vanishing-gradients",
    "optimizer-trajectories",
]


def placed() -> set[str]:
    """The figures whose directive is in a page of the toc."""
    names = set()
    for name in toc_files():
        for ext in (".md", ".ipynb"):
            path = ROOT / (name + ext)
            if path.exists():
                names |= set(DIRECTIVE.findall(path.read_text(encoding="utf-8")))
    return names


@pytest.fixture(scope="module")
def pages(book_build) -> dict[str, str]:
    """Figure name -> the page that shows it (path in the site), from the built HTML."""
    proc, html = book_build
    if proc.returncode != 0:
        pytest.fail("the book did not build; see test_book_builds_with_warnings_as_errors")
    found: dict[str, str] = {}
    for path in sorted(html.rglob("*.html")):
        for name in RENDERED.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, path.relative_to(html).as_posix())
    return found


def test_every_placed_figure_is_built(pages) -> None:
    expected = placed()
    if not expected:
        pytest.skip("no page of the toc holds an interactive figure: run tools/place_figures.py")
    assert set(pages) == expected
    assert expected <= set(FIGURES)


def test_script_is_copied_once_and_linked_only_where_needed(book_build, pages) -> None:
    _, html = book_build
    if not pages:
        pytest.skip("no interactive figure in the site")
    assert len(list(html.rglob("interactive-figures.js"))) == 1
    assert (html / "_static" / "interactive-figures.js").exists()
    with_figure = set(pages.values())
    for path in html.rglob("*.html"):
        page = path.relative_to(html).as_posix()
        text = path.read_text(encoding="utf-8")
        linked = "_static/interactive-figures.js" in text
        assert linked == (page in with_figure), page
        assert "cdn" not in " ".join(re.findall(r'<script[^>]*src="([^"]+)"', text)).lower()
    for name in pages:
        data = (html / "_static" / "figures" / f"{name}.js").read_text(encoding="utf-8")
        assert data.startswith("(window.interactiveFigureData")
        assert (html / "_static" / "figures" / f"{name}.png").stat().st_size > 10_000


MODES = ("light", "dark")


@pytest.fixture(scope="module")
def opened(browser, site, pages) -> Iterator[dict[tuple[str, str], Visit]]:
    """Every page that holds a figure, in light and dark mode, keyed by (page, mode)."""
    visits = {}
    for page in sorted(set(pages.values())):
        for mode in MODES:
            visits[page, mode] = Visit(browser, f"{site}/{page}", mode)  # loads side by side
    for visit in visits.values():
        visit.settle()
    yield visits
    for visit in visits.values():
        visit.close()


STATE_JS = """figure => ({
    svg: figure.querySelector('svg.if-plot').innerHTML,
    live: figure.querySelector('.if-live').textContent,
    formula: (figure.querySelector('.if-formula') || {}).textContent || '' })"""


class Driver:
    """Keyboard input to one figure, and what it changed."""

    def __init__(self, visit: Visit, name: str) -> None:
        self.page = visit.front()
        self.figure = self.page.locator(f'figure.interactive-figure[data-figure="{name}"]').first
        self.figure.scroll_into_view_if_needed()
        self.page.wait_for_function(
            "el => el.classList.contains('if-ready')", arg=self.figure.element_handle()
        )
        self.data = self.page.evaluate(f"() => window.interactiveFigureData[{name!r}]")

    def state(self) -> dict[str, str]:
        return self.figure.evaluate(STATE_JS)

    def press(self, selector: str, key: str, nth: int = 0) -> tuple[dict, dict]:
        """Focus the control, press the key; the state before and after."""
        before = self.state()
        control = self.figure.locator(selector).nth(nth)
        control.focus()
        assert control.evaluate("el => el === document.activeElement"), selector
        self.page.keyboard.press(key)
        return before, self.state()

    def changes(self, selector: str, key: str, nth: int = 0) -> dict:
        before, after = self.press(selector, key, nth)
        assert after["svg"] != before["svg"], f"{key} on {selector}: the drawing did not change"
        assert after["live"] != before["live"], f"{key} on {selector}: the text did not change"
        assert "undefined" not in after["live"] and "NaN" not in after["live"], after["live"]
        return after

    def rings(self) -> int:
        """Misclassified points marked in the plot (the legend's sample ring excluded)."""
        return self.figure.evaluate(
            "f => f.querySelectorAll('svg.if-plot circle.if-wrong').length"
            " - f.querySelectorAll('svg.if-plot .if-legend circle.if-wrong').length"
        )


SLIDER = "input[type=range]:visible"


def drive_activation_explorer(d: Driver, full: bool) -> None:
    after = d.changes("select", "ArrowDown")  # sigmoid -> tanh
    assert after["live"].startswith("Hyperbolic tangent"), after["live"]
    if not full:
        return
    d.page.wait_for_function(  # MathJax typesets the new formula
        "f => f.querySelector('.if-formula mjx-container') !== null", arg=d.figure.element_handle()
    )
    d.press("select", "ArrowDown")  # relu
    after = d.changes("select", "ArrowDown")  # leaky ReLU: its slider appears
    assert after["live"].startswith("Leaky ReLU with α = 0.01"), after["live"]
    assert d.figure.locator(SLIDER).count() == 1
    after = d.changes(SLIDER, "ArrowRight")  # alpha 0.01 -> 0.05
    assert "α = 0.05" in after["live"]


def drive_perceptron_playground(d: Driver, full: bool) -> None:
    d.changes(SLIDER, "ArrowRight")  # w1 = 0.1: a line appears
    step = "button:has-text('next mistake')"
    if not full:
        d.changes(step, "Enter")
        return
    for k, ds in enumerate(d.data["datasets"]):
        if k:
            d.changes("select", "ArrowDown")  # the next data set, back at w = 0
        path = ds["path"]
        assert d.rings() == len(path["wrong"][0])
        for update in range(1, len(path["example"]) + 1):
            after = d.changes(step, "Enter") if update < 3 else d.press(step, "Enter")[1]
            # the script's geometry marks exactly the points course_code misclassifies
            assert d.rings() == len(path["wrong"][update]), (ds["name"], update)
            assert f"Update {update}:" in after["live"]
        end = d.press(step, "Enter")[1]["live"]  # at the end, the button says why it stops
        assert ("No mistake left" in end) == ds["converged"], end
        assert ("never stops" in end) != ds["converged"], end
    after = d.changes("button:has-text('Start again')", "Space")
    assert after["live"].startswith("w = (0, 0), b = 0")


def drive_softmax_temperature(d: Driver, full: bool) -> None:
    after = d.changes(SLIDER, "ArrowRight")
    assert after["live"].startswith("T = 1.26"), after["live"]
    d.changes(SLIDER, "ArrowLeft")


def drive_vanishing_gradients(d: Driver, full: bool) -> None:
    after = d.changes(SLIDER, "ArrowRight", nth=0)  # depth 12 -> 16
    assert after["live"].startswith("16 hidden layers"), after["live"]
    after = d.changes(SLIDER, "ArrowRight", nth=1)  # gain 1 -> sqrt(2)
    assert "(He)" in after["live"]


def drive_optimizer_trajectories(d: Driver, full: bool) -> None:
    after = d.changes(SLIDER, "ArrowRight", nth=0)  # learning rate 0.01 -> 0.015
    assert after["live"].startswith("Learning rate 0.015,"), after["live"]
    d.changes(SLIDER, "ArrowRight", nth=1)  # momentum 0 -> 0.5
    if full:
        for _ in range(4):
            d.press(SLIDER, "ArrowRight", nth=0)  # 0.015 -> 0.03
        after = d.changes(SLIDER, "ArrowLeft", nth=1)  # no momentum: gradient descent diverges
        assert "diverged" in after["live"], after["live"]


DRIVE = {
    "activation-explorer": drive_activation_explorer,
    "perceptron-playground": drive_perceptron_playground,
    "softmax-temperature": drive_softmax_temperature,
    "vanishing-gradients": drive_vanishing_gradients,
    "optimizer-trajectories": drive_optimizer_trajectories,
}


@pytest.fixture(scope="module")
def driven(opened, pages) -> dict[tuple[str, str], Visit]:
    """Every figure driven by the keyboard (fully in light mode, one change in dark mode),
    then screenshot; keyed by (figure, mode)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    done = {}
    for name in FIGURES:
        for mode in MODES if name in pages else ():
            visit = opened[pages[name], mode]
            DRIVE[name](Driver(visit, name), full=mode == "light")  # dark: one change
            figure = visit.page.locator(f'figure[data-figure="{name}"]').first
            figure.screenshot(path=str(ARTIFACTS / f"figure-{name}.{mode}.png"))
            done[name, mode] = visit
    return done


@pytest.mark.parametrize("name", FIGURES)
def test_figure_is_driven_by_the_keyboard(driven, name) -> None:
    if not any(key[0] == name for key in driven):
        pytest.skip(f"{name} is not placed on any page (tools/place_figures.py)")
    for mode in ("light", "dark"):
        shot = ARTIFACTS / f"figure-{name}.{mode}.png"
        assert shot.stat().st_size > 10_000


def test_no_console_errors_and_no_request_leaves_the_site(opened, driven) -> None:
    if not driven:
        pytest.skip("no interactive figure in the site")
    assert {k: v.console_errors for k, v in opened.items() if v.console_errors} == {}
    assert {k: v.external for k, v in opened.items() if v.external} == {}
    assert {k: v.failed for k, v in opened.items() if v.failed} == {}


def test_axe_finds_no_serious_violation_in_the_figures(opened, driven) -> None:
    """After the figures were driven; one audit per page and mode, run side by side."""
    if not driven:
        pytest.skip("no interactive figure in the site")
    pages = {f"{page} ({mode})": visit.page for (page, mode), visit in opened.items()}
    problems = axe_report(run_axe(pages, "figure.interactive-figure"), "figures")
    assert problems == [], "WCAG 2.1 AA violations in the figures:\n" + "\n".join(problems)


CONTRAST_JS = """figure => {
    const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => { const f = v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
    let bg = [255, 255, 255];
    for (let e = figure; e; e = e.parentElement) {
        const v = rgb(getComputedStyle(e).backgroundColor);
        if (v.length === 3 || (v.length === 4 && v[3] > 0.5)) { bg = v.slice(0, 3); break; }
    }
    const mix = (c, a) => c.map((v, i) => a * v + (1 - a) * bg[i]);
    const ratio = c => { const [x, y] = [lum(c), lum(bg)].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05); };
    const out = [];
    const svg = figure.querySelector('svg.if-plot');
    svg.querySelectorAll('.if-line, .if-marker, .if-bar, text').forEach(el => {
        const s = getComputedStyle(el);
        const paint = el.matches('.if-line') ? s.stroke : s.fill;
        const alpha = Number(el.matches('.if-line') ? s.strokeOpacity : s.fillOpacity);
        if (!paint.startsWith('rgb')) return;
        out.push({what: el.getAttribute('class') || el.tagName + ': ' + el.textContent,
                  text: el.tagName === 'text', ratio: ratio(mix(rgb(paint).slice(0, 3), alpha))});
    });
    return out;
}"""


def test_lines_markers_and_text_keep_their_contrast_in_both_modes(driven) -> None:
    """WCAG 1.4.11 asks 3:1 of the graphics that carry meaning, 1.4.3 4.5:1 of text."""
    if not driven:
        pytest.skip("no interactive figure in the site")
    problems = []
    for (name, mode), visit in driven.items():
        theme = visit.page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == mode, f"{name}: the page did not follow the reader's {mode} mode"
        figure = visit.page.locator(f'figure[data-figure="{name}"]').first
        for item in figure.evaluate(CONTRAST_JS):
            need = 4.5 if item["text"] else 3.0
            if item["ratio"] < need:
                problems.append(f"{name} ({mode}): {item['what'][:50]} {item['ratio']:.1f}:1")
    assert sorted(set(problems)) == [], "\n".join(sorted(set(problems)))


FALLBACK_JS = """figure => {
    const img = figure.querySelector('img.if-fallback');
    const shown = e => !!e && e.getBoundingClientRect().height > 0;
    return {image: shown(img), loaded: img.complete && img.naturalWidth === 640,
            alt: img.getAttribute('alt'), app: shown(figure.querySelector('.if-app')),
            caption: shown(figure.querySelector('figcaption'))};
}"""


def test_static_image_without_javascript_and_in_print(browser, site, pages, driven) -> None:
    if not pages:
        pytest.skip("no interactive figure in the site")
    name, page = next(iter(pages.items()))
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{site}/{page}", wait_until="load")
        for figure in tab.locator("figure.interactive-figure").all():
            found = figure.evaluate(FALLBACK_JS)
            assert found["image"] and found["loaded"] and found["caption"] and not found["app"]
            assert len(found["alt"].split()) >= 15, found["alt"]
    finally:
        context.close()
    visit = driven[name, "light"]
    visit.page.emulate_media(media="print")
    try:
        found = visit.page.locator(f'figure[data-figure="{name}"]').first.evaluate(FALLBACK_JS)
        assert found["image"] and not found["app"]
    finally:
        visit.page.emulate_media(media="screen")
    found = visit.page.locator(f'figure[data-figure="{name}"]').first.evaluate(FALLBACK_JS)
    assert found["app"] and not found["image"], "with JavaScript the figure replaces the image"


def test_each_figure_names_its_controls_and_describes_itself(driven) -> None:
    """Every control has a visible label; the SVG is named by the live text."""
    if not driven:
        pytest.skip("no interactive figure in the site")
    check = """figure => {
        const problems = [];
        figure.querySelectorAll('input, select').forEach(c => {
            const label = figure.querySelector(`label[for="${c.id}"]`);
            if (!label || !label.textContent.trim()) problems.push(`no label: ${c.outerHTML}`);
        });
        figure.querySelectorAll('button').forEach(b => {
            if (!b.textContent.trim()) problems.push('a button without text'); });
        const svg = figure.querySelector('svg.if-plot');
        const live = document.getElementById(svg.getAttribute('aria-labelledby'));
        if (!live || live.getAttribute('aria-live') !== 'polite' || live.textContent.length < 40)
            problems.push('the SVG is not described by a polite live region');
        return problems;
    }"""
    problems = {}
    for (name, mode), visit in driven.items():
        found = visit.page.locator(f'figure[data-figure="{name}"]').first.evaluate(check)
        if found:
            problems[name, mode] = found
    assert problems == {}


def test_data_files_are_small(book_build, pages) -> None:
    """The data each page loads for its figures (uncompressed), and the script itself."""
    _, html = book_build
    if not pages:
        pytest.skip("no interactive figure in the site")
    sizes = {name: (html / "_static/figures" / f"{name}.js").stat().st_size for name in pages}
    assert max(sizes.values()) < 80_000, sizes
    assert (html / "_static/interactive-figures.js").stat().st_size < 60_000
    report = ARTIFACTS / "figure-sizes.json"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(sizes, indent=1), encoding="utf-8")
