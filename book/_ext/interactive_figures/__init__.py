"""Interactive figures, computed with ``course_code`` when the book is built.

A notebook's markdown cell (or a page) places a figure with the ``interactive-figure``
directive; its body is the caption (say what to try), ``:alt:`` the text alternative of
the static image (each figure has a default)::

    ```{interactive-figure} activation-explorer
    :alt: Line plot of the sigmoid and its derivative ...

    Pick an activation and move its parameter: ...
    ```

The figure names are those of :data:`figures.FIGURES`. At the end of the build this
extension runs each used figure's builder (``figures.py``: small functions that call
``course_code``) and writes into the site

* ``_static/figures/<name>.js``: the data, compact JSON (4 significant digits) assigned to
  ``window.interactiveFigureData[name]``, a script rather than a ``.json`` file so that
  the figures also work from ``file://``, where browsers refuse ``fetch``;
* ``_static/figures/<name>.png``: the same figure's first state drawn by Matplotlib, shown
  in print and when JavaScript is off (with the alt text), hidden once the script runs.

``static/interactive-figures.js`` (hand-written, no library: it only draws, builds the
labelled native controls and updates an ``aria-live`` text that says what the figure
shows) and ``static/interactive-figures.css`` are copied once into ``_static`` and
linked only from pages that hold a figure. Nothing is cached between builds: the data
and images are computed afresh each time (a few seconds; the log says how long).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from . import figures

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
JS_FILE = "interactive-figures.js"
CSS_FILE = "interactive-figures.css"
DATA_DIR = "figures"  # under _static
GLOBAL = "interactiveFigureData"
IMAGE_SIZE = (6.4, 3.6)  # inches at 100 dpi: 640 x 360 pixels

logger = logging.getLogger(__name__)


class interactive_figure(nodes.General, nodes.Element):  # noqa: N801 - docutils' naming
    """The figure: the static image, the place the script fills, and the caption."""


class interactive_figure_caption(nodes.General, nodes.Element):  # noqa: N801
    """The caption (the directive's body), rendered as ``<figcaption>``."""


class InteractiveFigure(SphinxDirective):
    """``interactive-figure <name>``, with ``:alt:`` and the caption as its body."""

    required_arguments = 1
    has_content = True
    option_spec = {"alt": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        if name not in figures.FIGURES:
            raise self.error(
                f"interactive-figure: unknown figure {name!r}; known: {', '.join(figures.FIGURES)}"
            )
        alt = " ".join(self.options.get("alt", "").split()) or figures.FIGURES[name].alt
        serial = self.env.new_serialno("interactive-figure")
        node = interactive_figure(figure=name, alt=alt, uid=f"if-{name}-{serial}")
        self.set_source_info(node)
        if name == "activation-explorer":
            node += formula_paragraph()
        if self.content:
            caption = interactive_figure_caption()
            self.state.nested_parse(self.content, self.content_offset, caption)
            node += caption
        used: dict[str, set[str]] = getattr(self.env, "interactive_figures", {})
        used.setdefault(self.env.docname, set()).add(name)
        self.env.interactive_figures = used  # type: ignore[attr-defined]
        return [node]


def formula_paragraph() -> nodes.paragraph:
    """The first activation's formula, as a math node: the page then loads MathJax, which
    the script asks to typeset the formula of each activation the reader picks."""
    from course_code.activations import ACTIVATIONS

    rec = ACTIVATIONS[figures.EXPLORER_INITIAL]
    tex = f"f(x) = {rec.formula}, \\qquad f'(x) = {rec.derivative_formula}"
    return nodes.paragraph("", "", nodes.math(tex, tex), classes=["if-formula"])


# ------------------------------------------------------------------------ HTML output


def visit_figure_html(self: Any, node: interactive_figure) -> None:
    name, uid = node["figure"], node["uid"]
    page = self.builder.get_target_uri(self.builder.current_docname)
    image = relative_uri(page, f"_static/{DATA_DIR}/{name}.png")
    alt = self.attval(node["alt"])
    width, height = (round(100 * v) for v in IMAGE_SIZE)
    self.body.append(
        f'<figure class="interactive-figure" id="{uid}" data-figure="{name}">\n'
        f'<img class="if-fallback" src="{image}" alt="{alt}" width="{width}" height="{height}">\n'
        '<div class="if-app"></div>\n'
    )


def depart_figure_html(self: Any, node: interactive_figure) -> None:
    self.body.append("</figure>\n")


def visit_caption_html(self: Any, node: interactive_figure_caption) -> None:
    self.body.append('<figcaption class="if-caption">\n')


def depart_caption_html(self: Any, node: interactive_figure_caption) -> None:
    self.body.append("</figcaption>\n")


def skip(self: Any, node: nodes.Node) -> None:
    raise nodes.SkipNode


# ------------------------------------------------------------------- assets and data


def add_static_path(app: Sphinx, config: Any) -> None:
    config.html_static_path.append(str(STATIC))


def link_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The script, the stylesheet and the data of its figures, on pages that have one."""
    names = sorted(getattr(app.env, "interactive_figures", {}).get(pagename, ()))
    if not names:
        return
    app.add_css_file(CSS_FILE)
    app.add_js_file(JS_FILE, loading_method="defer")
    for name in names:
        app.add_js_file(f"{DATA_DIR}/{name}.js", loading_method="defer")


def write_figures(app: Sphinx, exception: Exception | None) -> None:
    """Compute every used figure's data with course_code; write it and its static image."""
    if exception is not None or app.builder.format != "html":
        return
    used = getattr(app.env, "interactive_figures", {})
    names = sorted(set().union(*used.values())) if used else []
    if not names:
        return
    target = Path(app.outdir) / "_static" / DATA_DIR
    target.mkdir(parents=True, exist_ok=True)
    start, cpu = time.perf_counter(), time.process_time()
    sizes = []
    for name in names:
        data = figures.build(name)
        script = (
            f"(window.{GLOBAL} = window.{GLOBAL} || {{}})[{name!r}] = {figures.encode(data)};\n"
        )
        (target / f"{name}.js").write_text(script, encoding="utf-8")
        save_image(name, data, target / f"{name}.png")
        sizes.append(f"{name} {len(script.encode()) / 1000:.0f} kB")
    logger.info(
        f"interactive_figures: {len(names)} figures computed and drawn in "
        f"{time.perf_counter() - start:.1f} s ({time.process_time() - cpu:.1f} s CPU); "
        f"data: {', '.join(sizes)}"
    )


def save_image(name: str, data: dict[str, Any], path: Path) -> None:
    """The figure's first state, drawn with Matplotlib in the book's style."""
    import matplotlib as mpl
    from matplotlib.figure import Figure

    from course_code.plotting import use_style

    with mpl.rc_context():  # the book's style, without touching the build's own settings
        use_style()
        fig = Figure(figsize=IMAGE_SIZE, dpi=100, layout="constrained")
        figures.FIGURES[name].draw(fig, data)
        # no software version in the file: the same data always gives the same bytes
        fig.savefig(path, dpi=100, metadata={"Software": None})


# ----------------------------------------------------------- environment bookkeeping


def purge_doc(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, "interactive_figures", {}).pop(docname, None)


def merge_info(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    used = getattr(env, "interactive_figures", {})
    for docname, names in getattr(other, "interactive_figures", {}).items():
        if docname in docnames:
            used.setdefault(docname, set()).update(names)
    env.interactive_figures = used


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        interactive_figure,
        html=(visit_figure_html, depart_figure_html),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_node(
        interactive_figure_caption,
        html=(visit_caption_html, depart_caption_html),
        latex=(skip, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("interactive-figure", InteractiveFigure)
    app.connect("config-inited", add_static_path)
    app.connect("html-page-context", link_assets)
    app.connect("env-purge-doc", purge_doc)
    app.connect("env-merge-info", merge_info)
    app.connect("build-finished", write_figures)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
