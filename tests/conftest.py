"""Shared pytest set-up for the course's tests.

Two things must happen before any test module is imported:

* ``tests/`` goes on ``sys.path``, so that the helper modules next to the tests
  (``accuracy``, ``oracles``) import as plain modules -- ``tests/`` is deliberately
  not a package;
* TensorFlow is silenced. Its C++ log level and oneDNN notice are read once, when
  TensorFlow is first imported, so the variables are set here, before any test (or
  ``keras`` itself) imports it. ``setdefault`` leaves a value the caller chose alone,
  e.g. ``TF_CPP_MIN_LOG_LEVEL=0`` when debugging.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)

ROOT = Path(_TESTS_DIR).parent


@pytest.fixture(scope="session")
def book_build(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """Build the book once per test session, with warnings as errors.

    Returns the finished process (its log and return code) and the ``_build/html``
    folder; the build test asserts on the first, the browser test reads the second.
    """
    out = tmp_path_factory.mktemp("book")
    jb = shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) or "jupyter-book"
    proc = subprocess.run(
        [jb, "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=1800,
    )
    return proc, out / "_build" / "html"
