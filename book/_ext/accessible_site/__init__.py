"""Make the built site pass a WCAG 2.1 AA audit, in light and dark mode.

``tests/test_site.py`` runs axe-core over every page; this extension fixes what the
theme stack (Jupyter Book 1, sphinx-book-theme on pydata-sphinx-theme, Sphinx's HTML
writer) gets wrong, without changing what a page says:

1. The sidebar's expand/collapse toggles (``<summary>`` elements holding only a chevron
   icon) get an accessible name, "Pages in <chapter>": a screen reader announced them
   as an unnamed control (axe ``summary-name``, serious, on every page).
2. The bibliography's entries are marked ``role="listitem"`` instead of the deprecated
   ``doc-biblioentry``: a browser that no longer knows the old role sees the list's
   links as its children (axe ``aria-required-children``, critical, and
   ``aria-deprecated-role``).
3. The search form gets a submit button (``templates/components/search-field.html``,
   the theme's form plus one button): without one, a reader who does not know to
   press Enter, or whose on-screen keyboard has no Enter key, cannot search.
4. Pages without a document title (the general index) get their title in the
   print-only heading, which was otherwise an empty ``<h1>``.
5. ``static/accessible_site.css``: long lines of cell outputs wrap inside the output
   box, and search-term highlights keep the text's colour (the link colour on the
   highlight had a contrast of 2.1:1 in dark mode).

Dark mode needs nothing more: pydata-sphinx-theme (0.17) already shows output figures
on a light card and MathJax draws formulas in the text's colour; the browser test checks
both, so a theme upgrade that drops either fails it.

``_config.yml`` sets ``navbar_persistent: []``: pydata-sphinx-theme 0.17 otherwise adds a
header bar holding a second search field above the sidebar's one.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.locale import _

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"
CSS_FILE = "accessible_site.css"


def add_paths(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC))
    # The theme includes the search form as "../components/search-field.html", which
    # Sphinx resolves against each templates_path entry; the second entry serves that
    # spelling, the first the plain "components/search-field.html".
    config.templates_path[:0] = [str(TEMPLATES), str(TEMPLATES / "components")]


def label_toggles(soup: Any) -> None:
    """Name each sidebar ``<summary>`` that holds only the chevron icon.

    The toggle follows the chapter's link (``li > a.reference`` then ``li > details >
    summary``, see pydata_sphinx_theme.toctree.add_collapse_checkboxes); the summary of
    a part caption already holds the caption's text and is left alone.
    """
    for summary in soup.select("li > details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item is not None else None
        title = " ".join(link.get_text().split()) if link is not None else ""
        summary["aria-label"] = f"Pages in {title}" if title else "Pages in this chapter"


def wrap_toctree(generate: Callable[..., Any]) -> Callable[..., Any]:
    def generate_labelled(*args: Any, **kwargs: Any) -> Any:
        soup = generate(*args, **kwargs)
        if hasattr(soup, "select"):  # kind="sidebar" and "raw" both return a soup
            label_toggles(soup)
        return soup

    return generate_labelled


def fix_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    generate = context.get("generate_toctree_html")
    if generate is not None and not getattr(generate, "labels_toggles", False):
        labelled = wrap_toctree(generate)
        labelled.labels_toggles = True  # type: ignore[attr-defined]
        context["generate_toctree_html"] = labelled
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        # docutils writes the DPUB-ARIA 1.0 role; DPUB-ARIA 1.1 deprecates it for listitem
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')
    if not context.get("pagetitle"):
        # sphinx-book-theme prints {{ pagetitle }} in an <h1> for print; the general index
        # sets its title inside its template only, so that heading came out empty
        title = context.get("title") or (_("Index") if pagename == "genindex" else "")
        if title:
            context["pagetitle"] = html.unescape(str(title))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", add_paths)
    # after pydata-sphinx-theme (500) has put generate_toctree_html into the context
    app.connect("html-page-context", fix_page, priority=800)
    app.add_css_file(CSS_FILE, priority=900)  # after the theme's own stylesheets
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
