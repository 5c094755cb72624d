"""The one call every notebook makes first, :func:`course_code.notebook.setup`.

``setup`` changes process-wide state (seeds, print options, the plot style, Keras' seed
and TensorFlow's determinism when Keras is loaded); the fixture below puts all of it back,
and Keras is kept out of it, so that the rest of the session runs as before.
"""

from __future__ import annotations

import os
import random
import sys

import matplotlib
import numpy as np
import pytest

from course_code import notebook


@pytest.fixture
def isolated(monkeypatch):
    """Run setup() without lasting effects; returns the seeds it handed to seed_keras."""
    keras_seeds: list[int] = []
    monkeypatch.setattr(notebook, "seed_keras", keras_seeds.append)
    printing = np.get_printoptions()
    state = random.getstate(), np.random.get_state()  # noqa: NPY002 - setup seeds the legacy API
    with matplotlib.rc_context():
        yield keras_seeds
    np.set_printoptions(**printing)
    random.setstate(state[0])
    np.random.set_state(state[1])  # noqa: NPY002


@pytest.mark.parametrize("backend", ["jax", "torch", "numpy"])
def test_setup_refuses_another_keras_backend(monkeypatch, isolated, backend: str) -> None:
    # The check reads the environment before anything is imported: no other backend is
    # imported (nor needs to be installed) to see it fail.
    monkeypatch.setenv("KERAS_BACKEND", backend)
    before = set(sys.modules)
    with pytest.raises(RuntimeError, match=f"setup: .*KERAS_BACKEND is '{backend}'"):
        notebook.setup()
    assert not {"jax", "torch"} & (set(sys.modules) - before)
    assert isolated == []  # it stopped before touching Keras


def test_setup_picks_tensorflow_when_the_backend_is_unset(monkeypatch, isolated) -> None:
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    notebook.setup(seed=3)
    assert os.environ["KERAS_BACKEND"] == "tensorflow"
    assert np.get_printoptions()["precision"] == 4


def test_setup_seeds_python_numpy_and_a_loaded_keras(monkeypatch, isolated) -> None:
    monkeypatch.setenv("KERAS_BACKEND", "tensorflow")
    notebook.setup(seed=7)
    first = random.random(), np.random.random()  # noqa: NPY002
    notebook.setup(seed=7)
    assert (random.random(), np.random.random()) == first  # noqa: NPY002
    # Keras is seeded when asked for, or when it is already imported (as in this session)
    notebook.setup(seed=5, keras=True)
    loaded = "keras" in sys.modules or "tensorflow" in sys.modules
    assert isolated == ([7, 7, 5] if loaded else [5])


def test_below_hides_platform_noise() -> None:
    assert notebook.below(3e-17) == "< 1e-15"
    assert notebook.below(2.5e-9) == "2.5e-09"
    assert notebook.below(1e-9, floor=1e-8) == "< 1e-08"
