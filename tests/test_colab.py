"""nbval a second time: every notebook in a Colab-like environment, on a simulated older CPU.

The first nbval pass (pytest's default options) runs the notebooks natively: this
checkout, the test environment, the machine's own SIMD level (AVX2 or AVX-512 on any
recent x86-64 machine). This second pass runs nbval over a copy of each notebook with the
kernel somewhere else, and so proves three things with one execution:

* **a clean install.** Colab runs Python 3.12 with NumPy, SciPy, Matplotlib,
  TensorFlow/Keras, scikit-learn, mpmath (a dependency of the preinstalled SymPy) and a
  Jupyter kernel already there, and *nothing else of ours*: no ``course_code``, no MyST-NB,
  no pytest. The kernel runs in such an environment (``.colab-venv/``, below), on a copy
  of the notebook outside the repository, and its setup cell installs the package as it
  does on Colab, from a wheel of this checkout (the ``COURSE_CODE_SOURCE`` variable the
  setup cell honours) instead of the release tag. A notebook that needs a package Colab
  lacks, a file from the repository, or a package file the wheel does not ship fails here.
* **the Python and package versions.** Colab's Python, and the newest releases of the
  packages above, not those of ``requirements.txt``.
* **outputs that do not depend on the CPU.** On x86-64 Linux the kernel runs with NumPy
  and oneDNN capped at x86-64-v2 (SSE4.2, no AVX: below every x86-64 machine of the last
  decade) and one thread (:data:`SIMULATED_CPU`). SIMD paths and thread counts change
  the low bits of results, and a chaotic computation turns them into a different printed
  count; such an output fails one of the two passes. ``OPENBLAS_CORETYPE`` and
  ``OPENBLAS_L2_SIZE`` stay as the machine sets them: some machines set them because
  older OpenBLAS builds compute wrong results there. On other platforms the pass runs at
  the machine's own SIMD level, with one thread (the test of the cap says so, skipped).

Each notebook is its own test, with nbval's report as the failure message; it also fails
a notebook that takes more than :data:`TIME_LIMIT_S` seconds (the course's budget is half
that, on two quiet cores: ``tools/run_notebooks.py``). The time is measured here rather
than in the first pass because this run is the harder one (one thread, and the install
included, as on Colab), and as CPU time: the CPU seconds of nbval, the kernel and pip,
which is the run's time on one quiet core, and which other work on the machine does not
inflate (wall times are reported beside them).

The pass runs in the background from the moment the tests are collected
(:class:`ColabPass`, started by ``tests/conftest.py``): nbval itself (the driver) runs
from the test environment, one process per notebook, one notebook at a time. Its
download and its notebooks overlap the rest of the session on the other core, the native
nbval pass and the unit tests included; the tests below only collect the results, and are
reported last.

The environment is kept in ``.colab-venv/`` (ignored by git) and rebuilt when the list of
packages below changes; building it the first time downloads TensorFlow (a few minutes).
"""

from __future__ import annotations

import glob
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".colab-venv"

#: What Colab preinstalls that the notebooks rely on (not our requirements.txt).
COLAB_PACKAGES = [
    "numpy",
    "scipy",
    "matplotlib",
    "tensorflow-cpu"
    if sys.platform == "linux" and os.uname().machine == "x86_64"
    else "tensorflow",
    "keras",
    "scikit-learn",
    "mpmath",
    "ipykernel",
    "nbclient",
    "nbformat",
]

#: One thread for every library that would start several: each kernel then uses one
#: core, so two notebooks run side by side on two cores without slowing each other.
ONE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
}

#: The simulated CPU (x86-64 Linux only): NumPy's ufunc loops and oneDNN's kernels at
#: x86-64-v2, no rebuild needed. NumPy >= 2.4 calls this level X86_V2, its baseline:
#: nothing is dispatched above it (test_the_kernel_runs_on_the_simulated_cpu checks that);
#: older NumPy reads the feature list. The oneDNN cap matters only where a notebook turns
#: oneDNN on: ``setup()`` turns TensorFlow's use of it off (TF_ENABLE_ONEDNN_OPTS=0).
SIMULATED_CPU = {
    "NPY_ENABLE_CPU_FEATURES": "SSE SSE2 SSE3 SSSE3 SSE41 POPCNT SSE42",
    "ONEDNN_MAX_CPU_ISA": "SSE41",
    **ONE_THREAD,
}

#: NumPy's names for the features of x86-64-v2 (its group, and the old feature names).
X86_64_V2 = {"X86_V2", "SSE", "SSE2", "SSE3", "SSSE3", "SSE41", "POPCNT", "SSE42"}

#: CPU seconds a notebook may take (nbval, kernel and pip; the install included) before
#: its test fails.
TIME_LIMIT_S = 60.0

#: Notebooks run at the same time (each kernel on one thread). One: the session's own
#: chain (nbval native, then the unit tests) is single-threaded and takes about as long
#: as the whole pass, so on two cores each keeps one core busy from start to end; with
#: two at a time the pass ended first and left a core idle (measured: README, "What it
#: costs").
WORKERS = 1

#: Wall seconds after which a notebook's nbval run is ended (a hung kernel); generous, so
#: that a busy machine does not end a run that is within the CPU-time limit.
WALL_TIMEOUT_S = 600

#: What the setup cell prints while installing the package: IPython's ``%pip`` says it,
#: whatever pip did. The stored notebook has no output there (outside Colab the cell
#: installs nothing), so the copies expect exactly this line; anything else pip prints
#: (a warning, a conflict) still fails the cell.
PIP_NOTE = "Note: you may need to restart the kernel to use updated packages.\n"

KERNEL_NAME = "colab-like"
INSTALLED_KERNEL_NAME = "colab-like-installed"  # course_code already installed

SIMULATES_CPU = sys.platform == "linux" and platform.machine() == "x86_64"


def find_python312() -> str | None:
    """A working Python 3.12: ``$COLAB_PYTHON``, ``python3.12`` on the PATH, or pyenv's."""
    candidates = [os.environ.get("COLAB_PYTHON"), shutil.which("python3.12")]
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted(glob.glob(str(pyenv_root / "versions" / "3.12*" / "bin" / "python3.12")))
    for candidate in candidates:
        if not candidate:
            continue
        try:
            out = subprocess.run(
                [candidate, "-c", "import sys, venv; print(sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out.returncode == 0 and out.stdout.strip() == "(3, 12)":
            return candidate
    return None


def colab_environment(python: str) -> Path:
    """The Colab-like virtual environment (built once, rebuilt if the package list changes)."""
    marker = VENV / "packages.json"
    if marker.exists() and json.loads(marker.read_text()) == COLAB_PACKAGES:
        return VENV / "bin" / "python"
    shutil.rmtree(VENV, ignore_errors=True)
    env = clean_environment()
    subprocess.run([python, "-m", "venv", str(VENV)], check=True, timeout=300, env=env)
    py = VENV / "bin" / "python"
    subprocess.run(
        # --no-compile: byte-compiling every module of TensorFlow and the others at install
        # time costs 45 s of CPU (measured); the first notebook compiles, once, what it imports
        [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-compile"]
        + COLAB_PACKAGES,
        check=True,
        timeout=1800,
        env=env,
    )
    marker.write_text(json.dumps(COLAB_PACKAGES))
    return py


def notebooks() -> list[Path]:
    return sorted(
        p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


def clean_environment() -> dict[str, str]:
    """This process's environment without what would leak into a Colab-like kernel: our
    interpreter and paths, Jupyter's paths, and TensorFlow/Keras/NumPy settings (the
    setup cell must make its own, as on Colab)."""
    leaks = ("PYTHON", "VIRTUAL_ENV", "JUPYTER", "TF_", "KERAS_", "NPY_", "ONEDNN_")
    return {k: v for k, v in os.environ.items() if not k.startswith(leaks)}


@dataclass
class Colab:
    """The Colab-like environment, ready for the pass: its Python, the Jupyter data folder
    holding the kernelspec of its kernel and the kernel's extra environment, and which of
    our packages the environment held before the first notebook ran (none, if clean)."""

    python: Path
    jupyter_path: Path
    kernel_env: dict[str, str]
    preinstalled: list[str]


#: Packages a fresh Colab runtime lacks (ours, and the book's tooling).
NOT_ON_COLAB = ("course_code", "myst_nb", "pytest", "jupyter_book")


def prepare(folder: Path) -> Colab | None:
    """Build (or reuse) the environment, a wheel of this checkout and the kernelspec;
    None without a Python 3.12."""
    python = find_python312()
    if python is None:
        return None
    py = colab_environment(python)
    env = clean_environment()
    # The wheel is what `pip install git+<repo>@<tag>` would build from this checkout.
    wheels = folder / "wheel"
    subprocess.run(
        [str(py), "-m", "pip", "wheel", "-q", "--no-deps", "--disable-pip-version-check"]
        + ["-w", str(wheels), str(ROOT)],
        check=True,
        timeout=600,
        env=env,
    )
    (wheel,) = wheels.glob("course_code-*.whl")
    # Start without course_code, exactly like a fresh Colab runtime.
    pip_uninstall = [str(py), "-m", "pip", "uninstall", "-q", "-y", "course_code"]
    subprocess.run(pip_uninstall, timeout=120, env=env, capture_output=True)
    probe = "import importlib.util as u, json; "
    probe += f"print(json.dumps([m for m in {NOT_ON_COLAB} if u.find_spec(m)]))"
    found = subprocess.run(
        [str(py), "-c", probe], capture_output=True, text=True, timeout=120, cwd="/", env=env
    )
    found.check_returncode()
    kernel_env = {
        "COURSE_CODE_SOURCE": wheel.as_uri(),
        # %pip and any subprocess of the kernel find the environment's tools first
        "PATH": f"{py.parent}{os.pathsep}{os.environ.get('PATH', '')}",
        **(SIMULATED_CPU if SIMULATES_CPU else ONE_THREAD),
    }
    # Two kernels: the first notebook's setup cell installs the wheel (COURSE_CODE_SOURCE
    # set, as on Colab); the others' find it installed and skip %pip (2 s of CPU each),
    # as outside Colab. The setup cells are the same in every notebook (tests/test_book.py).
    installed_env = {k: v for k, v in kernel_env.items() if k != "COURSE_CODE_SOURCE"}
    for name, env_of_kernel in ((KERNEL_NAME, kernel_env), (INSTALLED_KERNEL_NAME, installed_env)):
        spec = folder / "jupyter" / "kernels" / name
        spec.mkdir(parents=True)
        kernelspec = {
            "argv": [str(py), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (Colab-like)",
            "language": "python",
            "env": env_of_kernel,
        }
        (spec / "kernel.json").write_text(json.dumps(kernelspec, indent=1), encoding="utf-8")
    return Colab(py, folder / "jupyter", kernel_env, json.loads(found.stdout))


@dataclass
class NotebookRun:
    """One notebook's nbval run in the Colab-like kernel."""

    wall: float  # seconds
    cpu: float  # CPU seconds of nbval, the kernel and pip: the time on one quiet core
    returncode: int
    failures: list[str]
    log: str


def expect_the_pip_note(copy: Path) -> list[int]:
    """Give the copy's setup cell the one line ``%pip`` prints (:data:`PIP_NOTE`).

    Returns the notebook's index of each code cell (nbval's "Cell k" is the k-th code cell).
    """
    nb = json.loads(copy.read_text(encoding="utf-8"))
    code = [i for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code"]
    first = nb["cells"][code[0]]
    assert not first["outputs"], f"{copy.name}: the stored setup cell has output"
    first["outputs"] = [{"output_type": "stream", "name": "stdout", "text": [PIP_NOTE]}]
    copy.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return code


def run_nbval(
    colab: Colab, notebook: Path, folder: Path, running: set, install: bool = True
) -> NotebookRun:
    """nbval over a copy of ``notebook`` in ``folder``, with the Colab-like kernel.

    The nbval process is in ``running`` while it runs (:meth:`ColabPass.stop` ends it).
    Its CPU time includes the kernel's and pip's: nbval waits for the kernel it started,
    and the kernel for pip.
    """
    copy = folder / notebook.name  # outside the repository: no course_code/ next to it
    shutil.copy(notebook, copy)
    if install:
        code_cells = expect_the_pip_note(copy)
    else:
        nb = json.loads(copy.read_text(encoding="utf-8"))
        code_cells = [i for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code"]
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")  # not ours
    report, log = folder / "report.xml", folder / "nbval.log"
    env = {**clean_environment(), "JUPYTER_PATH": str(colab.jupyter_path)}
    command = [sys.executable, "-m", "pytest", copy.name, "-c", "pytest.ini", "--rootdir", "."]
    command += ["-p", "no:cacheprovider", "--color=no", "-vv", "--junitxml", str(report)]
    kernel = KERNEL_NAME if install else INSTALLED_KERNEL_NAME
    command += ["--nbval", "--nbval-kernel-name", kernel]
    command += ["--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg")]
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=folder, env=env)
        running.add(proc)
        watchdog = threading.Timer(WALL_TIMEOUT_S, proc.kill)
        watchdog.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            watchdog.cancel()
            running.discard(proc)
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    wall = time.perf_counter() - start
    failures = []
    if report.exists():
        for case in ET.parse(report).getroot().iter("testcase"):
            name = case.get("name", "")
            if re.fullmatch(r"Cell \d+", name):
                name += f" (cell {code_cells[int(name.split()[1])]} of the notebook)"
            for problem in [*case.iter("failure"), *case.iter("error")]:
                failures.append(f"{name}: {problem.text or problem.get('message')}")
    cpu = usage.ru_utime + usage.ru_stime
    return NotebookRun(wall, cpu, proc.returncode, failures, log.read_text(encoding="utf-8"))


class ColabPass:
    """The whole second pass, running in the background from the moment the tests are collected
    (``tests/conftest.py`` starts it): the environment is built, then the first notebook
    runs alone (its setup cell installs the wheel into the clean environment), then the
    others :data:`WORKERS` at a time, in a kernel without ``COURSE_CODE_SOURCE`` (their
    setup cells, the same as the first's, skip ``%pip``: it is installed). Its download and
    its notebooks thus overlap the rest of the session, the native nbval pass and the unit
    tests included, which keeps both cores of a two-core machine busy; the tests below
    only collect the results. Times are judged by CPU time, which other work on the
    machine does not inflate.
    """

    def __init__(self, notebooks: list[Path]) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="colab-pass-"))
        self._pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="colab-pass")
        self._running: set[subprocess.Popen] = set()
        self._stopped = False
        self.colab = self._pool.submit(prepare, self.folder)
        self.runs: dict[Path, Future] = {}
        first = None
        for notebook in notebooks:
            self.runs[notebook] = self._pool.submit(self._run, notebook, first)
            first = first or self.runs[notebook]

    def _run(self, notebook: Path, first: Future | None) -> NotebookRun | None:
        colab = self.colab.result()
        if first is not None:
            wait([first])
        if colab is None or self._stopped:
            return None
        folder = Path(tempfile.mkdtemp(prefix=f"{notebook.stem}-", dir=self.folder))
        return run_nbval(colab, notebook, folder, self._running, install=first is None)

    def stop(self) -> None:
        """Cancel what has not started, end what runs (each kernel follows its nbval
        process), and delete the copies."""
        self._stopped = True
        self._pool.shutdown(wait=False, cancel_futures=True)
        for proc in list(self._running):
            proc.kill()
        self._pool.shutdown(wait=True)
        shutil.rmtree(self.folder, ignore_errors=True)


_pass: ColabPass | None = None


def start_pass(items: list[pytest.Item]) -> ColabPass:
    """Start the pass over the notebooks whose tests are among ``items`` (once)."""
    global _pass
    if _pass is None:
        _pass = ColabPass(
            [
                item.callspec.params["notebook"]
                for item in items
                if getattr(item, "originalname", None) == "test_notebook_passes_nbval_in_colab"
            ]
        )
    return _pass


def stop_pass() -> None:
    global _pass
    if _pass is not None:
        _pass.stop()
        _pass = None


@pytest.fixture(scope="module")
def colab_pass(request) -> ColabPass:
    return start_pass(request.session.items)


@pytest.fixture(scope="module")
def colab(colab_pass: ColabPass) -> Colab:
    colab = colab_pass.colab.result()
    if colab is None:
        pytest.skip(
            "no Python 3.12 found (set COLAB_PYTHON): the Colab-like test needs Colab's Python"
        )
    return colab


def test_the_colab_environment_had_no_course_code_and_no_book_tooling(colab: Colab) -> None:
    """Before the first notebook ran, as in a fresh Colab runtime."""
    assert colab.preinstalled == [], colab.preinstalled


NUMPY_PROBE = """
import json
import numpy as np
from numpy._core._multiarray_umath import __cpu_baseline__, __cpu_dispatch__, __cpu_features__
print(json.dumps({
    "baseline": list(__cpu_baseline__),
    "dispatched": [f for f in __cpu_dispatch__ if __cpu_features__.get(f)],
}))
"""


def numpy_levels(colab: Colab, env: dict[str, str]) -> dict[str, list[str]]:
    out = subprocess.run(
        [str(colab.python), "-c", NUMPY_PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
        env=env,
        check=True,
    )
    return json.loads(out.stdout)


def test_the_kernel_runs_on_the_simulated_cpu(colab: Colab) -> None:
    """NumPy in the kernel's environment dispatches nothing above x86-64-v2 (a variable
    NumPy ignored would otherwise leave the pass at the machine's own level)."""
    if not SIMULATES_CPU:
        pytest.skip(
            f"{sys.platform}/{platform.machine()} is not x86-64 Linux: the second nbval pass "
            "runs at this machine's own SIMD level (one thread), and proves no CPU independence"
        )
    simulated = numpy_levels(colab, {**clean_environment(), **colab.kernel_env})
    assert set(simulated["baseline"] + simulated["dispatched"]) <= X86_64_V2, simulated
    native = numpy_levels(colab, clean_environment())
    if not set(native["dispatched"]) - X86_64_V2:
        pytest.skip(f"this machine is itself at x86-64-v2 ({native}): the pass is a native one")


@pytest.mark.slow
@pytest.mark.parametrize("notebook", notebooks(), ids=lambda p: str(p.relative_to(ROOT / "book")))
def test_notebook_passes_nbval_in_colab(colab: Colab, colab_pass: ColabPass, notebook: Path):
    run = colab_pass.runs[notebook].result()
    print(f"{run.cpu:5.1f} s CPU, {run.wall:5.1f} s wall  {notebook.relative_to(ROOT)}")
    problems = []
    if run.returncode < 0:
        problems.append(
            f"nbval was ended by signal {-run.returncode} after {run.wall:.0f} s:\n"
            + run.log[-3000:]
        )
    elif run.returncode != 0:
        details = "\n\n".join(run.failures) or run.log[-4000:]
        cpu = "on the simulated CPU " if SIMULATES_CPU else ""
        problems.append(
            f"nbval in the Colab-like kernel {cpu}failed (in its diffs, + marks the stored "
            f"output and - this run's):\n{details}"
        )
    if run.cpu > TIME_LIMIT_S:
        problems.append(
            f"took {run.cpu:.0f} s of CPU time ({run.wall:.0f} s wall), over the "
            f"{TIME_LIMIT_S:.0f} s limit"
        )
    if problems:
        pytest.fail(f"{notebook.name}: " + "\n".join(problems), pytrace=False)


def test_the_setup_cell_installed_the_wheel_into_the_colab_environment(
    colab: Colab, colab_pass: ColabPass
) -> None:
    """The package came from the setup cell's install (not a path hack)."""
    if not colab_pass.runs:
        pytest.skip("no notebook ran")
    next(iter(colab_pass.runs.values())).result()
    where = subprocess.run(
        [str(colab.python), "-c", "import course_code; print(course_code.__file__)"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
        env=clean_environment(),
    )
    assert where.returncode == 0 and where.stdout.strip().startswith(str(VENV)), (
        where.stdout + where.stderr
    )
