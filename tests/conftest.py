"""Shared pytest set-up for the course's tests.

Two things must happen before any test module is imported:

* ``tests/`` goes on ``sys.path``, so that the helper modules next to the tests
  (``accuracy``, ``oracles``, ``early``) import as plain modules -- ``tests/`` is deliberately
  not a package;
* TensorFlow is silenced. Its C++ log level and oneDNN notice are read once, when
  TensorFlow is first imported, so the variables are set here, before any test (or
  ``keras`` itself) imports it. ``setdefault`` leaves a value the caller chose alone,
  e.g. ``TF_CPP_MIN_LOG_LEVEL=0`` when debugging.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from course_code.notebook import TF_ENVIRONMENT  # noqa: E402 - numpy only: TF not loaded yet

for _key, _value in TF_ENVIRONMENT.items():
    os.environ.setdefault(_key, _value)

_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)

ROOT = Path(_TESTS_DIR).parent

import early  # noqa: E402 - a module next to this file: needs the sys.path entry above


def colab_items(items: list[pytest.Item]) -> list[pytest.Item]:
    """The tests of the Colab-like nbval pass (``tests/test_colab.py``) among ``items``."""
    return [item for item in items if item.path.name == "test_colab.py"]


def needs_the_book(item: pytest.Item) -> bool:
    return "book_build" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the session by when each test's inputs are ready, keeping each module whole:

    1. the notebooks (nbval), the doctests and the unit tests;
    2. the modules with a test of the built book (the build, the browser tests): the
       build runs in the background during the unit tests (:func:`pytest_runtest_setup`),
       and the browser tests, which use both cores, end the session's own chain;
    3. the Colab-like pass, reported last: it runs in the background from the start
       (:func:`pytest_collection_finish`), so its results are the last ready.
    """
    colab = set(colab_items(items))
    book_modules = {item.path for item in items if needs_the_book(item)}
    items.sort(key=lambda item: 2 if item in colab else int(item.path in book_modules))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the Colab-like pass in the background if any of its tests is to run: building
    its environment is mostly a download, and its kernels run on one thread each, so it
    overlaps the rest of the session on a two-core machine."""
    items = colab_items(session.items)
    if items and not session.config.option.collectonly:
        items[0].module.start_pass(session.items)


_early_started = False


def pytest_runtest_setup(item: pytest.Item) -> None:
    """With the first test of ``tests/`` (a hook of this file sees no other: the notebooks
    and the doctests have run), start the book build and mypy in the background if a
    selected test needs them (``tests/early.py``): they run beside the unit tests, which
    use one core, and the modules that need the built book come after those."""
    global _early_started
    if _early_started:
        return
    _early_started = True
    items = item.session.items
    if any(needs_the_book(i) for i in items):
        early.book_build(render_only_config)
    if any(i.name == "test_mypy_is_clean" for i in items):
        early.mypy()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop what is left of the Colab-like pass and of the background jobs (after ``-x``,
    or Ctrl-C)."""
    items = colab_items(getattr(session, "items", []))
    if items:
        items[0].module.stop_pass()
    early.stop_all()


def render_only_config(folder: Path) -> Path:
    """A copy of ``_config.yml`` that renders the stored outputs instead of executing.

    The test run executes every notebook twice already (nbval here, nbval again in the
    Colab-like environment, ``tests/test_colab.py``), and nbval has compared each stored
    output with a fresh run, so the build renders what nbval verified. The README's
    build command keeps ``execute_notebooks: force`` (the published site is built
    fresh). What a render-only build leaves out: the execution-time table
    (``book/execution_times.md``) has its header row only, since no notebook ran.

    The copy lives outside the repository; Jupyter Book resolves ``local_extensions``
    against the config file's folder, so their paths become absolute.
    """
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["execute"]["execute_notebooks"] = "off"
    extensions = config.get("sphinx", {}).get("local_extensions") or {}
    for name, path in extensions.items():
        extensions[name] = str((ROOT / path).resolve())
    path = folder / "_config.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def book_build() -> tuple[subprocess.CompletedProcess, Path]:
    """Build the book once per test session, with warnings as errors, rendering the
    notebooks' stored outputs (see :func:`render_only_config`).

    The build starts in the background with the first test of ``tests/``
    (:func:`pytest_runtest_setup`); this waits for it. Returns the finished process (its
    log and return code) and the ``_build/html`` folder; the build test asserts on the
    first, the browser test reads the second.
    """
    job = early.book_build(render_only_config)
    return job.result(), job.folder / "_build" / "html"
