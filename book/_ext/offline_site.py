"""Make the built site self-contained and clean in the browser.

1. Serve MathJax from the site itself, so the book works without internet.

Sphinx loads MathJax from a CDN by default: a classroom without internet would see raw
LaTeX, and every reader's browser would contact a third party. This extension copies
MathJax 3 from an installed PyPI package (``django-static-mathjax``, static files only,
listed in ``requirements.txt``) into ``_build/html/_static/mathjax``; ``_config.yml``
points ``mathjax_path`` there.

2. Drop duplicate ``<script>`` tags. sphinx-thebe registers its inline configuration
script (``const THEBE_JS_URL = ...``) twice, and the second copy is a JavaScript error
on every page ("Identifier 'THEBE_JS_URL' has already been declared"), which the
browser test (``tests/test_site.py``) reports.

3. Give the colour mode a valid value on a first visit. The page template sets
``<html data-mode>`` from ``localStorage`` or to ``""``, and the theme's script then logs
"Got invalid theme mode: . Resetting to auto." as an error; a one-line inline script,
which runs before the theme's deferred script, sets the mode to ``auto`` instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

MODE_SCRIPT = (
    "if (!document.documentElement.dataset.mode) document.documentElement.dataset.mode = 'auto';"
)


def mathjax_source() -> Path:
    """The folder holding MathJax's ``tex-mml-chtml.js`` in the installed package."""
    try:
        import mathjax  # the import name of django-static-mathjax
    except ImportError as exc:
        raise ExtensionError(
            "offline_site: MathJax is not installed; run pip install -r requirements.txt "
            "(it provides django-static-mathjax)"
        ) from exc
    source = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    if not (source / "tex-mml-chtml.js").exists():
        raise ExtensionError(f"offline_site: no tex-mml-chtml.js in {source}")
    return source


def check_config(app: Sphinx, config: Any) -> None:
    if "://" in config.mathjax_path:
        raise ExtensionError(
            f"offline_site: mathjax_path is a remote URL ({config.mathjax_path}); "
            "set it to mathjax/tex-mml-chtml.js in _config.yml"
        )
    mathjax_source()  # fail early, before the notebooks run, if MathJax is missing


def copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "mathjax"
    shutil.copytree(mathjax_source(), target, dirs_exist_ok=True)


def dedupe_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
    unique = []
    # the same script registered twice differs only in its priority: compare the rest
    for script in sorted(scripts, key=lambda js: getattr(js, "priority", 500)):
        attributes = getattr(script, "attributes", {}) or {}
        filename = getattr(script, "filename", str(script)) or ""
        key = (filename, tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", check_config)
    app.connect("html-page-context", dedupe_scripts, priority=900)  # after every extension
    app.connect("build-finished", copy_mathjax)
    app.add_js_file(None, body=MODE_SCRIPT)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
