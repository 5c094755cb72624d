"""The style rules the suite enforces: ruff (lint and format) on the whole repository,
notebooks included, and mypy on ``course_code``.

The settings live in ``pyproject.toml`` (``[tool.ruff]``, ``[tool.mypy]``). To fix what
these tests report: ``ruff check --fix .``, ``ruff format .`` and the messages of
``mypy``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import early
import pytest

ROOT = Path(__file__).resolve().parent.parent


def tool(name: str) -> str:
    found = early.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed (it is in requirements.txt)")
    return found


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)


def test_ruff_check_is_clean() -> None:
    proc = run(tool("ruff"), "check", "--no-cache", ".")
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


def test_ruff_format_is_clean() -> None:
    proc = run(tool("ruff"), "format", "--check", "--no-cache", ".")
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]


def test_mypy_is_clean() -> None:
    tool("mypy")  # installed?
    proc = early.mypy().result()  # started in the background by tests/conftest.py
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
