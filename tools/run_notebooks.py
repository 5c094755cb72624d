"""Re-execute the book's notebooks in place and report each one's wall time.

Run after changing a notebook or ``course_code``, then commit the new outputs::

    python tools/run_notebooks.py                 # every notebook under book/
    python tools/run_notebooks.py book/activations/05_softmax.ipynb

nbval (in the test suite) then proves that a fresh run prints the same outputs.

The time budget (course-design.md): a notebook runs top to bottom in under 30 s on two
quiet CPU cores, and the median notebook in under 15 s; the script warns when a run is
over either. A notebook over 60 s fails the test suite (``tests/test_colab.py``), and
makes this script exit non-zero, as does a notebook that raises.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import nbformat
from encrypted_kernels import encrypt_kernel_transport
from nbclient import NotebookClient

from course_code.notebook import TF_ENVIRONMENT

ROOT = Path(__file__).resolve().parent.parent
#: Seconds per notebook, and for the median notebook, on two quiet CPU cores.
BUDGET_S, MEDIAN_BUDGET_S = 30.0, 15.0
#: Over this, a notebook fails the tests (tests/test_colab.py has the same limit).
LIMIT_S = 60.0


def run(path: Path) -> float:
    """Execute the notebook at ``path`` in place; returns its wall time in seconds."""
    nb = nbformat.read(path, as_version=4)
    env_before = dict(os.environ)
    os.environ.update(TF_ENVIRONMENT)  # the kernel inherits them; setup() sets them too
    try:
        start = time.perf_counter()
        resources = {"metadata": {"path": str(path.parent)}}
        NotebookClient(
            nb, timeout=300, kernel_name="python3", resources=resources, record_timing=False
        ).execute()
        elapsed = time.perf_counter() - start
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.write(nb, path)
    return elapsed


def coalesce_streams(outputs: list) -> list:
    """Join consecutive stream outputs of the same stream into one, as a reader sees them.

    How a cell's prints are cut into stream outputs depends on when the kernel flushes
    (on timing), so a committed notebook keeps one output per run of prints.
    """
    joined: list = []
    for out in outputs:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and out.get("output_type") == prev.get("output_type") == "stream"
            and out.get("name") == prev.get("name")
        ):
            prev["text"] = "".join(prev["text"]) + "".join(out["text"])
        else:
            joined.append(out)
    return joined


def main(argv: list[str]) -> int:
    encrypt_kernel_transport()  # no "running over TCP without encryption" from each kernel
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "book").rglob("*.ipynb"))
    paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    times = {}
    for path in paths:
        times[path] = elapsed = run(path)
        flag = " over the limit" if elapsed > LIMIT_S else " over budget" * (elapsed > BUDGET_S)
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"{elapsed:6.1f} s  {name}{flag}", flush=True)
    median = statistics.median(times.values())
    print(f"{median:6.1f} s  median of {len(times)}, {sum(times.values()):.0f} s in all")
    if median > MEDIAN_BUDGET_S:
        print(f"warning: the median is over the {MEDIAN_BUDGET_S:.0f} s budget", file=sys.stderr)
    over_budget = [p.name for p, t in times.items() if BUDGET_S < t <= LIMIT_S]
    if over_budget:
        print(
            f"warning: over the {BUDGET_S:.0f} s budget: {', '.join(over_budget)}", file=sys.stderr
        )
    over_limit = [p.name for p, t in times.items() if t > LIMIT_S]
    if over_limit:
        print(f"over the {LIMIT_S:.0f} s limit: {', '.join(over_limit)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
