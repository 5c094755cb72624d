"""Shared pytest set-up for the course's tests.

Two things must happen before any test module is imported:

* ``tests/`` goes on ``sys.path``, so that the helper modules next to the tests
  (``accuracy``, ``reference``) import as plain modules -- ``tests/`` is deliberately
  not a package;
* TensorFlow is silenced. Its C++ log level and oneDNN notice are read once, when
  TensorFlow is first imported, so the variables are set here, before any test (or
  ``keras`` itself) imports it. ``setdefault`` leaves a value the caller chose alone,
  e.g. ``TF_CPP_MIN_LOG_LEVEL=0`` when debugging.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

_TESTS_DIR = str(Path(__file__).resolve().parent)
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)
