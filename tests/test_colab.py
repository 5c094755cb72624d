"""Every notebook runs in a Colab-like environment, installing the package as Colab does.

Colab runs Python 3.12 with NumPy, SciPy, Matplotlib, TensorFlow/Keras, scikit-learn,
mpmath (a dependency of the preinstalled SymPy) and a Jupyter kernel already there, and
*nothing else of ours*: no ``course_code``, no MyST-NB, no pytest. This test builds such
an environment (a Python 3.12 virtual environment holding only those packages), copies
each notebook to a temporary folder outside the repository, and runs it top to bottom
with the setup cell's install pointed at a wheel built from this checkout (the
``COURSE_CODE_SOURCE`` variable the setup cell honours). A notebook that needs a package
Colab lacks, a file from the repository, or a package feature the wheel does not ship,
fails here.

The environment is kept in ``.colab-venv/`` (ignored by git) and rebuilt when the list of
packages below changes; building it the first time downloads TensorFlow (a few minutes).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
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

RUNNER = r"""
import json, sys
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
try:
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}).execute()
except CellExecutionError as exc:
    print(str(exc)[-3000:])
    sys.exit(1)
"""


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
    subprocess.run([python, "-m", "venv", str(VENV)], check=True, timeout=300)
    py = VENV / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", *COLAB_PACKAGES],
        check=True,
        timeout=1800,
    )
    marker.write_text(json.dumps(COLAB_PACKAGES))
    return py


def notebooks() -> list[Path]:
    return sorted(
        p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
    )


@pytest.fixture(scope="module")
def colab(tmp_path_factory) -> tuple[Path, str]:
    python = find_python312()
    if python is None:
        pytest.skip(
            "no Python 3.12 found (set COLAB_PYTHON): the Colab-like test needs Colab's Python"
        )
    py = colab_environment(python)
    # The wheel is what `pip install git+<repo>@<ref>` would build from this checkout.
    wheels = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            str(py),
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--disable-pip-version-check",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        timeout=600,
    )
    (wheel,) = wheels.glob("course_code-*.whl")
    # Start every run without course_code, exactly like a fresh Colab runtime.
    subprocess.run([str(py), "-m", "pip", "uninstall", "-q", "-y", "course_code"], timeout=120)
    return py, wheel.as_uri()


def test_the_colab_environment_has_no_course_code_and_no_book_tooling(colab) -> None:
    py, _ = colab
    probe = "import importlib.util as u; print([m for m in ('course_code', 'myst_nb', 'pytest', 'jupyter_book') if u.find_spec(m)])"
    out = subprocess.run(
        [str(py), "-c", probe], capture_output=True, text=True, timeout=120, cwd="/"
    )
    assert out.returncode == 0 and out.stdout.strip() == "[]", out.stdout + out.stderr


@pytest.mark.slow
@pytest.mark.parametrize("notebook", notebooks(), ids=lambda p: str(p.relative_to(ROOT / "book")))
def test_notebook_runs_in_a_colab_like_environment(colab, notebook: Path, tmp_path: Path) -> None:
    py, wheel_uri = colab
    copy = tmp_path / notebook.name  # outside the repository: no course_code/ next to it
    shutil.copy(notebook, copy)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER"))
    }
    env["COURSE_CODE_SOURCE"] = wheel_uri
    env["PATH"] = f"{py.parent}{os.pathsep}{env.get('PATH', '')}"
    proc = subprocess.run(
        [str(py), "-c", RUNNER, str(copy)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env=env,
    )
    assert proc.returncode == 0, (
        f"{notebook.name} failed in the Colab-like environment:\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}"
    )
    # the setup cell installed course_code into the Colab environment (not a path hack)
    where = subprocess.run(
        [str(py), "-c", "import course_code; print(course_code.__file__)"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    assert where.returncode == 0 and where.stdout.strip().startswith(str(VENV)), (
        where.stdout + where.stderr
    )
