"""Write a book notebook from a list of cells, with the standard first cell.

Stamp the install reference into the first cell of every notebook: the repository URL
from ``_config.yml`` and the release tag ``v<version>`` made from ``pyproject.toml``'s
version (run it after changing either)::

    python tools/make_notebook.py --stamp

A tag, not a branch: a notebook from an old copy of the book then installs the package
it was written against, not whatever the branch holds today. Publishing a version means
pushing that tag (README, "Publishing your own copy").

For authors who draft a notebook as code::

    from tools.make_notebook import md, code, write
    write("book/activations/07_new.ipynb", [md("# Title"), code("x = 1", alt="...")])

The first code cell (Colab install guard + ``setup``) is added for you, so every
notebook starts the same way. Outputs are filled in by ``tools/run_notebooks.py``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent


def repository_url() -> str:
    """The repository URL from ``_config.yml``, the one place it is written."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"]


def release_tag() -> str:
    """``v`` + the package version in ``pyproject.toml`` (e.g. ``v0.1.0``): the git tag
    of the release that the notebooks install."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        return "v" + tomllib.load(f)["project"]["version"]


def install_ref() -> str:
    """The pip source the setup cell installs on Colab: ``git+<url>@v<version>``."""
    return f"git+{repository_url()}@{release_tag()}"


#: The environment variable that points the setup cell at another copy of the package
#: (a pip requirement URL such as ``file:///path/to/course_code-0.1.0-py3-none-any.whl``);
#: the Colab-like test (``tests/test_colab.py``) uses it to install the local checkout.
SOURCE_VARIABLE = "COURSE_CODE_SOURCE"


def setup_cell(keras: bool = True) -> Any:
    """The first code cell: install ``course_code`` on Colab, then call ``setup``.

    The source is written as ``ruff format`` writes it (line length 100): the install
    reference gets a line of its own, so no call has to be wrapped around a long URL.
    """
    source = (
        "# On Colab, install the course's companion package from the book's repository at the\n"
        "# release this notebook was written for; NumPy, TensorFlow and Keras are already there\n"
        f"# and stay as they are. {SOURCE_VARIABLE}, if set, names another source (tests).\n"
        "import os\n"
        "import sys\n"
        "\n"
        f'COURSE_CODE = "{install_ref()}"\n'
        f'if "google.colab" in sys.modules or "{SOURCE_VARIABLE}" in os.environ:\n'
        f'    source = os.environ.get("{SOURCE_VARIABLE}", COURSE_CODE)\n'
        '    get_ipython().run_line_magic("pip", f\'install -q "course_code @ {source}"\')\n'
        "\n"
        "from course_code.notebook import setup\n"
        "\n"
        f"setup(seed=0{', keras=True' if keras else ''})"
    )
    return nbformat.v4.new_code_cell(source, metadata={"tags": ["hide-input"]})


def md(source: str) -> Any:
    return nbformat.v4.new_markdown_cell(source.strip("\n"))


def code(source: str, alt: str | None = None, tags: list[str] | None = None) -> Any:
    """A code cell; ``alt`` is the alt text of the figure it draws."""
    metadata: dict[str, Any] = {}
    if alt:
        metadata["mystnb"] = {"image": {"alt": alt}}
    if tags:
        metadata["tags"] = tags
    return nbformat.v4.new_code_cell(source.strip("\n"), metadata=metadata)


def write(path: str | Path, cells: list[Any], keras: bool = True) -> Path:
    """Write the notebook: the first markdown cell (the title), then the setup cell."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    first = 1 if cells and cells[0].cell_type == "markdown" else 0
    nb.cells = cells[:first] + [setup_cell(keras)] + cells[first:]
    path = ROOT / path
    nbformat.write(nb, path)
    return path


def stamp() -> list[Path]:
    """Rewrite every notebook's setup cell (:func:`setup_cell`); returns the changed files."""
    changed = []
    for path in sorted((ROOT / "book").rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cell = next(c for c in nb.cells if c.cell_type == "code")
        new = setup_cell(keras="keras=True" in cell.source).source
        if cell.source != new:
            cell.source = new
            nbformat.write(nb, path)
            changed.append(path)
    return changed


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--stamp"]:
        sys.exit("usage: python tools/make_notebook.py --stamp")
    for path in stamp():
        print(f"stamped {path.relative_to(ROOT)}")
