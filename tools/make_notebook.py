"""Write a book notebook from a list of cells, with the standard first cell.

Stamp the repository URL and branch from ``_config.yml`` into the first cell of every
notebook (after changing them there)::

    python tools/make_notebook.py --stamp

For authors who draft a notebook as code::

    from tools.make_notebook import md, code, write
    write("book/activations/07_new.ipynb", [md("# Title"), code("x = 1", alt="...")])

The first code cell (Colab install guard + ``setup``) is added for you, so every
notebook starts the same way. Outputs are filled in by ``tools/run_notebooks.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent


def repository() -> tuple[str, str]:
    """(url, branch) from ``_config.yml``, the one place they are written."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return config["repository"]["url"], config["repository"]["branch"]


#: The environment variable that points the setup cell at another copy of the package
#: (a pip requirement URL such as ``file:///path/to/course_code-0.1.0-py3-none-any.whl``);
#: the Colab-like test (``tests/test_colab.py``) uses it to install the local checkout.
SOURCE_VARIABLE = "COURSE_CODE_SOURCE"


def setup_cell(keras: bool = True) -> Any:
    url, ref = repository()
    source = (
        "# On Colab, install the course's companion package from the book's repository\n"
        "# (pinned ref; NumPy, TensorFlow and Keras are already there and stay as they are).\n"
        f"# {SOURCE_VARIABLE}, if set, names another source (the Colab-like test uses it).\n"
        "import os\n"
        "import sys\n"
        "\n"
        f'if "google.colab" in sys.modules or "{SOURCE_VARIABLE}" in os.environ:\n'
        f'    source = os.environ.get("{SOURCE_VARIABLE}", "git+{url}@{ref}")\n'
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
    """Rewrite every notebook's setup cell from ``_config.yml``; returns the changed files."""
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
