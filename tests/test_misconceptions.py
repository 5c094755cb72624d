"""The misconceptions chapter keeps its promise: every claim is put to a test that asserts.

Each ``##`` section of a notebook in ``book/misconceptions/`` is one claim, and the
chapter page (``index.md``) says what every section holds:

* a MyST label just above the heading, ``(misconception-...)=``, so that other pages can
  link to the section, and the chapter page lists it with ``{ref}``;
* at least one code cell, before the next section, that asserts its outcome
  (``assert`` or ``np.testing.assert_*``): nbval runs it on every test run, natively and
  under a simulated older CPU, so a claim's verdict cannot go stale;
* a "**What is true.**" paragraph that cites a paper (``{cite}``) and links to the page of
  the course that teaches the point (``{doc}``).

The checks read the notebooks' JSON; they do not execute anything (nbval does).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "book" / "misconceptions"
NOTEBOOKS = sorted(CHAPTER.glob("*.ipynb"))

LABEL = re.compile(r"^\((misconception-[a-z0-9-]+)\)=\s*$", re.MULTILINE)
HEADING = re.compile(r"^## (.+)$", re.MULTILINE)
#: ``assert ...`` as a statement, or a call of ``np.testing.assert_*``
ASSERTS = re.compile(r"(^|\s)assert\s|np\.testing\.assert_\w+\(", re.MULTILINE)
CITE = re.compile(r"\{cite(:\w+)?\}`[^`]+`")
DOC = re.compile(r"\{doc\}`[^`]+`")
REF = re.compile(r"\{ref\}`(?:[^`<]*<)?(misconception-[a-z0-9-]+)>?`")
WHAT_IS_TRUE = "**What is true.**"


@dataclass
class Section:
    notebook: str
    heading: str
    label: str | None
    markdown: list[str] = field(default_factory=list)
    code: list[str] = field(default_factory=list)


def code_without_comments(source: str) -> str:
    """The code of a cell with its comments removed (an ``# assert ...`` asserts nothing)."""
    return "\n".join(line.split("#", 1)[0] for line in source.splitlines())


def sections(path: Path) -> list[Section]:
    """The ``##`` sections of a notebook, each with the cells up to the next one."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    found: list[Section] = []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            heading = HEADING.search(source)
            if heading:
                before = source[: heading.start()]
                label = LABEL.search(before)
                found.append(Section(path.name, heading.group(1), label and label.group(1)))
            if found:
                found[-1].markdown.append(source)
        elif cell["cell_type"] == "code" and found:
            found[-1].code.append(code_without_comments(source))
    return found


SECTIONS = [s for path in NOTEBOOKS for s in sections(path)]


def test_the_chapter_has_its_notebooks_and_sections():
    assert [p.name for p in NOTEBOOKS] == ["01_activations.ipynb", "02_training.ipynb"]
    for path in NOTEBOOKS:
        assert sections(path), f"{path.name} has no ## sections"
    assert len(SECTIONS) >= 25  # the 25 claims of the issue, and any added since


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: f"{s.notebook}: {s.heading[:40]}")
def test_every_section_has_an_asserting_code_cell(section: Section):
    assert any(ASSERTS.search(source) for source in section.code), (
        f"{section.notebook}, '{section.heading}': no code cell in this section asserts its "
        "outcome (assert ... or np.testing.assert_...)"
    )


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: f"{s.notebook}: {s.heading[:40]}")
def test_every_section_has_a_label_a_citation_and_a_link(section: Section):
    where = f"{section.notebook}, '{section.heading}'"
    assert section.label, f"{where}: no (misconception-...)= label right above the heading"
    truth = [text for text in section.markdown if WHAT_IS_TRUE in text]
    assert truth, f"{where}: no '{WHAT_IS_TRUE}' paragraph"
    text = "\n".join(truth)
    assert CITE.search(text), f"{where}: 'What is true' cites no paper ({{cite}})"
    assert DOC.search(text), f"{where}: 'What is true' links to no page of the course ({{doc}})"
    assert "**The claim.**" in section.markdown[0], f"{where}: the claim is not stated first"


def test_labels_are_unique_and_the_chapter_page_lists_every_one():
    labels = [s.label for s in SECTIONS]
    assert len(labels) == len(set(labels)), f"labels used twice: {labels}"
    listed = REF.findall((CHAPTER / "index.md").read_text(encoding="utf-8"))
    assert listed == labels, (
        "book/misconceptions/index.md must list every section's label, in order, with {ref}: "
        f"missing {sorted(set(labels) - set(listed))}, unknown {sorted(set(listed) - set(labels))}"
    )


def test_the_section_checks_catch_a_section_without_a_test(tmp_path: Path):
    """The checks themselves: a section whose only code does not assert is caught."""
    nb = {
        "cells": [
            {
                "cell_type": "markdown",
                "source": "(misconception-x)=\n## Claim: x\n\n**The claim.** x",
            },
            {"cell_type": "code", "source": "print(1)  # assert nothing"},
            {"cell_type": "markdown", "source": "**What is true.** {cite}`a` {doc}`b`"},
        ]
    }
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    [section] = sections(path)
    assert section.label == "misconception-x" and len(section.markdown) == 2
    assert not any(ASSERTS.search(source) for source in section.code)
    section.code.append(code_without_comments("np.testing.assert_allclose(a, b)"))
    assert any(ASSERTS.search(source) for source in section.code)
