"""Re-execute the book's notebooks in place and report each one's wall time.

Run after changing a notebook or ``course_code``, then commit the new outputs::

    python tools/run_notebooks.py                 # every notebook under book/
    python tools/run_notebooks.py book/activations/05_softmax.ipynb

nbval (in the test suite) then proves that a fresh run prints the same outputs.
Exits non-zero if a notebook fails or takes longer than the 60 s budget.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 60.0


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    env_before = dict(os.environ)
    os.environ.update({"TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0"})
    try:
        start = time.perf_counter()
        NotebookClient(
            nb,
            timeout=300,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
        elapsed = time.perf_counter() - start
    finally:
        os.environ.clear()
        os.environ.update(env_before)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "book").rglob("*.ipynb"))
    paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    slow = []
    for path in paths:
        elapsed = run(path)
        print(f"{elapsed:6.1f} s  {path.relative_to(ROOT)}", flush=True)
        if elapsed > BUDGET_S:
            slow.append(path.name)
    if slow:
        print(f"over the {BUDGET_S:.0f} s budget: {', '.join(slow)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
