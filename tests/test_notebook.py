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


def test_glue_without_myst_nb_writes_what_myst_nb_writes(monkeypatch) -> None:
    """On Colab (no MyST-NB) a glued value produces the same output as in the book build,
    so that the Colab-like nbval pass sees the stored outputs."""
    import builtins

    myst_glue = pytest.importorskip("myst_nb.ext.glue")
    shown = []

    def record(*args, **kwargs):
        shown.append((args, kwargs))

    monkeypatch.setattr(myst_glue, "ipy_display", record)  # what MyST-NB writes
    myst_glue.glue("x", 0.25, display=False)
    monkeypatch.setattr("IPython.display.display", record)  # what the fallback writes
    real_import = builtins.__import__

    def no_myst_nb(name, *args, **kwargs):
        if name.startswith("myst_nb"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_myst_nb)
    notebook.glue("x", 0.25, display=False)
    assert len(shown) == 2 and shown[0] == shown[1]
    (bundle,), kwargs = shown[1]
    assert bundle == {notebook.GLUE_PREFIX + "text/plain": "0.25"}
    assert kwargs["metadata"]["scrapbook"] == {"name": "x", "mime_prefix": notebook.GLUE_PREFIX}


def test_glue_stores_numpy_scalars_as_python_numbers(monkeypatch) -> None:
    """``{glue:text}`name:.2f``` parses the stored text as a number: NumPy 2 writes a
    scalar as "np.float64(0.25)", which the book build rejects with a warning."""
    myst_glue = pytest.importorskip("myst_nb.ext.glue")
    shown = []
    monkeypatch.setattr(myst_glue, "ipy_display", lambda *a, **k: shown.append(a[0]))
    notebook.glue("x", np.float64(0.25), display=False)
    notebook.glue("n", np.int64(3), display=False)
    assert [b[notebook.GLUE_PREFIX + "text/plain"] for b in shown] == ["0.25", "3"]
