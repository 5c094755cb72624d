"""The book builds with warnings as errors, and the README's commands stay true."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def toc_files() -> list[str]:
    """Every document named in ``_toc.yml``, in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections", []))
            walk(entry.get("chapters", []))

    for part in toc.get("parts", []):
        walk(part["chapters"])
    return files


def test_every_toc_entry_exists_and_every_notebook_is_in_the_toc():
    files = toc_files()
    for name in files:
        assert any((ROOT / (name + ext)).exists() for ext in (".md", ".ipynb")), name
    notebooks = {str(p.relative_to(ROOT).with_suffix("")) for p in (ROOT / "book").rglob("*.ipynb")}
    notebooks = {n for n in notebooks if ".ipynb_checkpoints" not in n}
    assert notebooks, "no notebooks found under book/"
    assert notebooks <= set(files), f"notebooks missing from _toc.yml: {notebooks - set(files)}"


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]["version"]


def test_the_package_version_is_written_once():
    import course_code

    assert course_code.__version__ == project_version()


def test_every_notebook_installs_the_release_tag_of_this_version():
    """The setup cell installs ``git+<url>@v<version>``: an immutable tag made from
    ``pyproject.toml``'s version (``tools/make_notebook.py --stamp`` writes it), never a
    branch, so that a notebook keeps running against the code it was written for."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    url = re.escape(f"git+{config['repository']['url']}@")
    for path in sorted((ROOT / "book").rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        first = next(c for c in nb["cells"] if c["cell_type"] == "code")
        source = "".join(first["source"])
        refs = re.findall(url + r'([^"\s]+)"', source)
        assert refs == [f"v{project_version()}"], (
            f"{path.name}: the setup cell installs {refs}, not the tag v{project_version()}; "
            "run python tools/make_notebook.py --stamp"
        )
        assert "setup(" in source and "hide-input" in first["metadata"].get("tags", [])


def test_each_run_of_prints_is_one_committed_output():
    """tools/run_notebooks.py joins consecutive stream outputs: where the kernel cut a
    cell's prints depends on timing, and the site would show the pieces as separate blocks."""
    for path in sorted((ROOT / "book").rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            kinds = [(o["output_type"], o.get("name")) for o in cell.get("outputs", [])]
            split = [
                a for a, b in zip(kinds, kinds[1:], strict=False) if a == b and a[0] == "stream"
            ]
            assert not split, f"{path.name} cell {i}: run python tools/run_notebooks.py"


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text)


def test_ci_runs_exactly_the_readme_test_command():
    commands = readme_commands()
    assert len(commands) == 2, commands
    build, test = commands
    assert build.endswith("jupyter-book build .")
    assert test.endswith("&& pytest")
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci_lines


@pytest.mark.slow
def test_book_builds_with_warnings_as_errors(book_build):
    proc, html = book_build
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log[-6000:]
    # it renders the stored outputs that nbval has compared with a fresh run (book_build)
    assert "Executing notebook" not in log
    assert (html / "index.html").exists()
    for name in toc_files():
        page = html / (name + ".html")
        assert page.exists(), f"{page} missing"
        text = page.read_text(encoding="utf-8")
        assert "Traceback (most recent call last)" not in text, f"{name}: a traceback on the page"
    # every notebook page shows its figures as files with alt text
    for nb in (ROOT / "book").rglob("*.ipynb"):
        text = (html / nb.relative_to(ROOT).with_suffix(".html")).read_text(encoding="utf-8")
        for img in re.findall(r"<img [^>]*>", text):
            alt = re.search(r'alt="([^"]*)"', img)
            # without cell metadata MyST-NB falls back to the image's file name
            ok = alt and alt.group(1).strip() and not alt.group(1).endswith((".png", ".svg"))
            assert ok, f"{nb.name}: image without alt text: {img[:160]}"
