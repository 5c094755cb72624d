"""Slow subprocesses that tests need, started before those tests run.

After the native nbval pass, the session's tests run on one core: the unit tests, then
the browser tests (which use both). Two slow steps need nothing from them, the book build
(with warnings as errors, rendering only) and mypy, so ``tests/conftest.py`` starts both
with the first test of ``tests/``, and they run beside the unit tests, on the core that
the Colab-like pass also uses. The test (or fixture) that needs one calls
:func:`book_build` or :func:`mypy` again, which returns the job already running (or
starts it, when the session runs only that test), and waits for :meth:`Job.result`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


class Job:
    """One subprocess, its output kept in files (a pipe could fill up and stall it)."""

    def __init__(self, command: list[str], timeout: float, folder: Path) -> None:
        self.command = command
        self.timeout = timeout
        self.folder = folder
        self._out = (folder / "stdout.txt").open("w+", encoding="utf-8")
        self._err = (folder / "stderr.txt").open("w+", encoding="utf-8")
        self.proc = subprocess.Popen(command, stdout=self._out, stderr=self._err, cwd=ROOT)

    def result(self) -> subprocess.CompletedProcess[str]:
        """Wait for the process, as ``subprocess.run(..., capture_output=True, text=True)``."""
        try:
            self.proc.wait(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise
        self._out.seek(0)
        self._err.seek(0)
        out, err = self._out.read(), self._err.read()
        return subprocess.CompletedProcess(self.command, self.proc.returncode, out, err)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._out.close()
        self._err.close()


_jobs: dict[str, Job] = {}


def which(name: str) -> str | None:
    """An executable of the test environment (next to this Python), else from the PATH."""
    return shutil.which(name, path=str(BIN)) or shutil.which(name)


def tool(name: str) -> str:
    """:func:`which`, or the bare name (the job then fails with the shell's message)."""
    return which(name) or name


def start(name: str, command: list[str], timeout: float, folder: Path | None = None) -> Job:
    """The job called ``name``, started now unless it already runs."""
    if name not in _jobs:
        folder = folder or Path(tempfile.mkdtemp(prefix=f"{name}-"))
        _jobs[name] = Job(command, timeout, folder)
    return _jobs[name]


def book_build(render_only_config) -> Job:
    """``jupyter-book build`` with warnings as errors, rendering the stored outputs.

    ``render_only_config(folder)`` writes the configuration into the output folder and
    returns its path (``tests/conftest.py``); the site lands in ``job.folder/_build/html``.
    """
    if "book" in _jobs:
        return _jobs["book"]
    folder = Path(tempfile.mkdtemp(prefix="book-"))
    config = render_only_config(folder)
    command = [tool("jupyter-book"), "build", str(ROOT), "-W", "-n", "--keep-going"]
    command += ["--config", str(config), "--path-output", str(folder)]
    return start("book", command, timeout=900, folder=folder)


def mypy() -> Job:
    """mypy over ``course_code`` (the settings are in ``pyproject.toml``)."""
    return start("mypy", [tool("mypy"), "--no-incremental"], timeout=600)


def stop_all() -> None:
    """End what still runs (after ``-x`` or Ctrl-C) and delete the output folders."""
    for job in _jobs.values():
        job.stop()
        shutil.rmtree(job.folder, ignore_errors=True)
    _jobs.clear()
