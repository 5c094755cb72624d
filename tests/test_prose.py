"""Every number the book states in words is produced by code that CI runs.

A notebook's outputs are checked by nbval (twice: natively and under a simulated older
CPU), so a number that a cell prints is a checked number. Prose is not executed: a
number typed into a markdown cell, or into the code of a solution dropdown, can go stale
without any test noticing. The rule (README, "Contributing"):

* a decimal number in a notebook's prose is either glued from a cell
  (``course_code.notebook.glue`` + ``{glue:text}``) or appears verbatim in the notebook's
  executed code or outputs (printed by a cell, or written in a cell that asserts it);
* in the code blocks of solution dropdowns, which do not run, the same holds for numbers
  in comments (``# 0.2425``): inputs such as ``bias=-1.5`` are code, not claims;
* no prose speaks of "the machine that built this book": a measured claim is measured on
  every build.

Integers (layer sizes, epochs, counts) are left to review; decimals are where stale
measurements hide.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(
    p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
)

#: A decimal number with a point, not part of a name, a version or a LaTeX sub/superscript.
DECIMAL = re.compile(r"(?<![\w.^_{\\])(\d+\.\d+)(?![\w.])")
FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)
GLUE = re.compile(r"\{glue:?\w*\}`[^`]*`")
STALE = re.compile(r"(machine that built this book|when this book was built)", re.IGNORECASE)


def executed_text(nb: dict) -> str:
    """All code and all text outputs of a notebook: what nbval checks."""
    parts = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        parts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            for mime, value in out.get("data", {}).items():
                if mime.startswith("text/"):
                    parts.append("".join(value))
    return "\n".join(parts)


def claimed_numbers(markdown: str) -> list[str]:
    """Decimals stated in prose, and in the comments of fenced code blocks."""
    markdown = GLUE.sub("", markdown)
    numbers = []
    for block in FENCE.findall(markdown):
        for line in block.splitlines():
            if "#" in line:
                numbers += DECIMAL.findall(line.split("#", 1)[1])
    numbers += DECIMAL.findall(FENCE.sub("", markdown))
    return numbers


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT / "book")))
def test_every_decimal_in_the_prose_is_produced_by_code(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    haystack = executed_text(nb)
    unchecked = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "markdown":
            continue
        source = "".join(cell["source"])
        unchecked += [(i, n) for n in claimed_numbers(source) if n not in haystack]
        assert not STALE.search(source), f"cell {i}: a measurement from one build, not every build"
    assert not unchecked, (
        f"decimals in the prose of {path.name} that no cell prints or writes "
        f"(cell index, number): {unchecked}; glue them, print them, or assert them in a cell"
    )
