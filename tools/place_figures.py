"""Place the interactive figures in the notebooks that teach their ideas.

Each figure is one markdown cell holding the ``interactive-figure`` directive
(``book/_ext/interactive_figures``, written with a colon fence) and its caption,
inserted at the end of the section that an *anchor* names: the first markdown cell
containing one of the anchor phrases (case-insensitive; a heading or a phrase of the
text). The section ends before the next markdown cell holding a heading of the same or a
higher level, so the figure follows the section's last cell (its plot, its check) and
precedes the next section. Where that cell opens with text that still belongs to the
section (commentary on the last output, then the next heading), the cell is split at the
heading, so that the figure comes after the commentary: the split is recorded in the
second part's metadata (``{"interactive_figure_split": {"figure": <name>, "joined_by":
"\\n\\n"}}``) and undone, restoring the cell exactly, whenever the figure is removed or
placed again.

Idempotent: a figure's cell carries the metadata ``{"interactive_figure": <name>}`` and
the cell id ``figure-<name>``; running the script again removes the cell and inserts it
afresh where the anchor now points, with the caption written here. A notebook that
changes no cell is not rewritten. A notebook that does not exist is skipped, with a
message (the optimization chapter may come later); an anchor that matches no cell is an
error, so that a renamed heading does not silently drop a figure.

Usage, from the repository root::

    python tools/place_figures.py            # insert or update every figure
    python tools/place_figures.py --check    # exit 1 if a notebook would change
    python tools/place_figures.py --remove   # take the figure cells out again
    python tools/place_figures.py --root DIR # the same on a copy of the book

Only markdown cells change (the figure's, and a split one): no output, so nbval and the
notebook's execution time are untouched (the figures are computed when the book is built).
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
METADATA_KEY = "interactive_figure"
SPLIT_KEY = "interactive_figure_split"
HEADING = re.compile(r"^(#{1,6})\s+\S", re.MULTILINE)


@dataclass(frozen=True)
class Placement:
    figure: str  #: the figure's name (book/_ext/interactive_figures/figures.py)
    notebook: str  #: path from the repository root
    anchors: tuple[str, ...]  #: phrases that find the section, tried in order
    caption: str  #: what the figure shows and what to try (MyST markdown)


PLACEMENTS = [
    Placement(
        "activation-explorer",
        "book/activations/06_choosing.ipynb",
        # after the property table: the explorer shows every registry activation
        ("Every activation at a glance", "property table"),
        "**Try it.** Pick any activation of the registry and follow its derivative $f'$ "
        "(dashed) to the shaded regions where $|f'(x)| < 10^{-2}$: there a unit passes almost "
        "no gradient back. The sigmoid and tanh flatten on both sides, ReLU for every negative "
        "input, the step function everywhere. Leaky ReLU, PReLU, ELU and swish have a "
        "parameter: move it and watch the flat region grow, shrink or disappear. The formulas "
        "are the registry's, and every curve is computed by `course_code.activations` on each "
        "build of the book.",
    ),
    Placement(
        "perceptron-playground",
        "book/perceptron/02_learning.ipynb",
        # after the rule is stated (and shown to move the score the right way)
        ("## The rule", "perceptron rule"),
        "**Try it.** Move $w_1$, $w_2$ and $b$ to place the line yourself: the shaded side is "
        "where the unit fires (a score of exactly 0 counts as class 1), and dashed rings mark "
        "the misclassified points. Then press **Apply the rule to the next mistake** to step "
        "through Rosenblatt's algorithm from $\\mathbf w = \\mathbf 0$, $b = 0$, one update at a "
        "time, as `course_code.perceptron.update_path` runs it; the text under the plot names "
        "each update. The bar counts the updates against Novikoff's bound $(R/\\gamma)^2$ for "
        "the widest-margin separator of the data ({doc}`03_convergence`). On XOR the mistakes "
        "never stop.",
    ),
    Placement(
        "softmax-temperature",
        "book/activations/05_softmax.ipynb",
        # the section that introduces the temperature
        ("**temperature**", "temperature"),
        "**Try it.** Move the temperature $T$: $\\operatorname{softmax}(x / T)$ of the logits "
        "above sharpens towards the largest logit as $T$ falls and flattens towards the "
        "uniform $1/4$ as $T$ grows. Under the bars, the *soft maximum* "
        "$T \\log\\sum_j e^{x_j / T}$ always lies between $\\max_j x_j$ and "
        "$\\max_j x_j + T \\ln 4$, so it meets the maximum as $T \\to 0$. The values come from "
        "`course_code.activations.softmax` and `log_softmax`.",
    ),
    Placement(
        "vanishing-gradients",
        "book/propagation/06_vanishing_exploding.ipynb",
        # after the first measurement (gradient norms per layer, three initialisations)
        ("## One factor per layer", "gradient norm"),
        "**Try it.** Change the depth and the scale of the initial weights, "
        "$\\mathcal N(0, g^2/n_\\text{in})$: gain $g = 1$ is LeCun's choice (Glorot's for "
        'square layers), $\\sqrt 2$ He\'s, and 8 the standard normal of `init="normal"` for '
        "these 64-unit layers, so with 12 hidden layers those two gains give the He and normal "
        "curves measured above. Watch the sigmoid's gradient shrink towards the input, tanh's "
        "grow towards it at large gains, and ReLU's stay level while the gain moves it up or "
        "down. Each curve is `MLP.backward_trace` on the same 256 digits, computed on each "
        "build of the book.",
    ),
    Placement(
        "optimizer-trajectories",
        "book/optimization/03_momentum.ipynb",
        # after the heavy ball's first run through the ravine
        ("## The heavy ball", "heavy ball"),
        "**Try it.** The same ravine (curvatures 1 and 100, turned by 30°) and the same 100 "
        "steps from $(-4, -1.5)$, for any learning rate and momentum of `course_code.optim.SGD`. "
        "Without momentum, learning rates above $2/100$ make the steep direction diverge, and "
        "below it the path crawls along the valley floor. Add momentum and watch it carry the "
        "steps along the valley, then overshoot and spiral as $\\mu$ nears 1; the dashed path is "
        "the same learning rate without momentum.",
    ),
]


WIDTH = 90  #: the notebooks' markdown is wrapped at about this width


def wrap(text: str) -> str:
    """``text`` in lines of at most 90 characters, never breaking inside ``$...$`` or
    inline code."""
    keep = re.compile(r"\$[^$]+\$|`[^`]+`")
    protected = keep.sub(lambda m: m.group(0).replace(" ", "\0"), text)
    lines = textwrap.wrap(protected, WIDTH, break_long_words=False, break_on_hyphens=False)
    return "\n".join(line.replace("\0", " ") for line in lines)


def cell_source(placement: Placement) -> str:
    # A colon fence (MyST's colon_fence, on in _config.yml), not backticks: in Jupyter and
    # Colab, which know no directives, the caption then reads as text, not as code.
    return f":::{{interactive-figure}} {placement.figure}\n{wrap(placement.caption)}\n:::"


def headings(text: str) -> list[int]:
    """The levels of the markdown headings in ``text`` (outside fenced code)."""
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    return [len(m.group(1)) for m in HEADING.finditer(text)]


def section_end(cells: list, anchors: tuple[str, ...]) -> tuple[int, int]:
    """Where the anchor's section ends: (index of the cell holding the next heading of the
    section's level or higher, or len(cells); that level)."""
    for phrase in anchors:
        for i, cell in enumerate(cells):
            if cell.cell_type != "markdown" or phrase.lower() not in cell.source.lower():
                continue
            level = section_level(cells, i, phrase)
            for j in range(i + 1, len(cells)):
                if cells[j].cell_type == "markdown" and any(
                    h <= level for h in headings(cells[j].source)
                ):
                    return j, level
            return len(cells), level
    raise LookupError(f"no markdown cell contains any of {anchors!r}")


def heading_offset(text: str, level: int) -> int:
    """Where the first heading of ``level`` or higher starts in ``text`` (outside fences)."""
    offset, fenced = 0, False
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = HEADING.match(line)
        if not fenced and match and len(match.group(1)) <= level:
            return offset
        offset += len(line)
    return len(text)


def split_before_heading(cells: list, index: int, level: int, figure: str) -> int:
    """Split cell ``index`` where its heading starts, if text precedes it; return the
    index the figure goes to (between the two parts)."""
    cell = cells[index]
    at = heading_offset(cell.source, level)
    head = cell.source[:at].rstrip()
    if not head:
        return index
    second = nbformat.v4.new_markdown_cell(cell.source[at:])
    second.id = f"{cell.id}-{figure}"[:64]
    second.metadata[SPLIT_KEY] = {"figure": figure, "joined_by": cell.source[len(head) : at]}
    cell.source = head
    cells.insert(index + 1, second)
    return index + 1


def unsplit(cells: list, figure: str) -> None:
    """Undo the splits made for ``figure``: each second part joins its first again."""
    for i in reversed(range(1, len(cells))):
        split = cells[i].metadata.get(SPLIT_KEY)
        if isinstance(split, dict) and split.get("figure") == figure:
            cells[i - 1].source += split["joined_by"] + cells[i].source
            del cells[i]


def section_level(cells: list, index: int, phrase: str) -> int:
    """The level of the section holding ``phrase`` in cell ``index``: the last heading at
    or before the phrase (in that cell or an earlier one); 1 if there is none."""
    before = cells[index].source[: cells[index].source.lower().index(phrase.lower())]
    line_end = cells[index].source.find("\n", len(before))
    upto = cells[index].source[: line_end if line_end >= 0 else None]  # the phrase's line
    for text in [upto] + [c.source for c in reversed(cells[:index]) if c.cell_type == "markdown"]:
        levels = headings(text)
        if levels:
            return levels[-1]
    return 1


def place(
    placement: Placement, root: Path = ROOT, remove: bool = False
) -> tuple[str, nbformat.NotebookNode | None]:
    """What placing one figure does to its notebook: (message, new notebook or None)."""
    path = root / placement.notebook
    if not path.exists():
        return f"skipped {placement.figure}: {placement.notebook} does not exist (yet)", None
    nb = nbformat.read(path, as_version=4)
    before = nbformat.writes(nb)
    ours = [
        i
        for i, c in enumerate(nb.cells)
        if c.metadata.get(METADATA_KEY) == placement.figure
        or f"{{interactive-figure}} {placement.figure}" in c.source
    ]
    for i in reversed(ours):
        del nb.cells[i]
    unsplit(nb.cells, placement.figure)
    if not remove:
        where, level = section_end(nb.cells, placement.anchors)
        if where < len(nb.cells):
            where = split_before_heading(nb.cells, where, level, placement.figure)
        cell = nbformat.v4.new_markdown_cell(cell_source(placement))
        cell.id = f"figure-{placement.figure}"
        cell.metadata[METADATA_KEY] = placement.figure
        nb.cells.insert(where, cell)
    if nbformat.writes(nb) == before:
        return f"unchanged {placement.notebook} ({placement.figure})", None
    verb = "removed" if remove else ("updated" if ours else "inserted")
    return f"{verb} {placement.figure} in {placement.notebook}", nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a notebook would change")
    parser.add_argument("--remove", action="store_true", help="remove the figure cells")
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's root folder")
    args = parser.parse_args(argv)
    changed = 0
    for placement in PLACEMENTS:
        try:
            message, nb = place(placement, args.root, remove=args.remove)
        except LookupError as exc:
            print(f"error {placement.figure} in {placement.notebook}: {exc}", file=sys.stderr)
            return 2
        print(message)
        if nb is not None:
            changed += 1
            if not args.check:
                nbformat.write(nb, args.root / placement.notebook)
    if args.check and changed:
        print(f"{changed} notebook(s) would change; run python tools/place_figures.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
