"""The one call every notebook makes first: :func:`setup`.

It must run *before* TensorFlow is imported: TensorFlow reads its logging and oneDNN
settings from the environment once, at import, and otherwise greets the reader with a
wall of log lines on stderr (which nbval would also compare). A script that imports
Keras first gets TensorFlow's defaults (oneDNN on), which round sums differently: its
float32 numbers can differ from the book's in the last digits.

:data:`TF_ENVIRONMENT` is the one place those settings are written; the tests
(``tests/conftest.py``) and the tools import it from here.
"""

from __future__ import annotations

import os
import random
import sys
import warnings
from typing import Any

import numpy as np

#: Environment that keeps TensorFlow quiet and its results reproducible, and picks Keras'
#: TensorFlow backend (the book's float64 comparisons need it).
TF_ENVIRONMENT = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # no C++ info/warning lines on stderr
    "TF_ENABLE_ONEDNN_OPTS": "0",  # oneDNN reorders float sums: results drift in the last bits
    "KERAS_BACKEND": "tensorflow",
}


def in_colab() -> bool:
    """True inside Google Colab."""
    return "google.colab" in sys.modules


def setup(seed: int = 0, *, keras: bool = False, precision: int = 4) -> None:
    """Seed every generator, quieten TensorFlow, fix print precision and plot style.

    Parameters
    ----------
    seed : int
        Seed for Python's ``random``, NumPy's legacy global generator and, with
        ``keras=True`` or when Keras is already imported, Keras/TensorFlow.
    keras : bool
        Import Keras (TensorFlow backend) now, after the environment is set, and make
        TensorFlow's ops deterministic.
    precision : int
        Digits NumPy prints after the decimal point.

    Notes
    -----
    NumPy then prints 4 decimals and suppresses small numbers, so an array holding
    ``1e-6`` prints as ``0.``; print small numbers with ``f"{x:.1e}"`` (or
    :func:`below`).

    Examples
    --------
    >>> saved = np.get_printoptions()
    >>> setup(seed=1)
    >>> np.array([1 / 3])
    array([0.3333])
    >>> np.set_printoptions(**saved)
    """
    for key, value in TF_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    if os.environ["KERAS_BACKEND"] != "tensorflow":
        raise RuntimeError(
            f"setup: the book runs Keras on the TensorFlow backend, but KERAS_BACKEND is "
            f"{os.environ['KERAS_BACKEND']!r}; unset it (or set it to 'tensorflow') and restart"
        )
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - seeds legacy code paths too; new code uses default_rng
    np.set_printoptions(precision=precision, suppress=True, floatmode="maxprec")
    warnings.filterwarnings("ignore", message="Jupyter is migrating its paths")
    if keras or "tensorflow" in sys.modules or "keras" in sys.modules:
        seed_keras(seed)
    from course_code import plotting

    plotting.use_style()


def seed_keras(seed: int = 0) -> None:
    """Seed Keras/TensorFlow and make TensorFlow's ops deterministic (imports Keras)."""
    import keras
    import tensorflow as tf

    from course_code.keras_activations import require_tensorflow

    require_tensorflow("setup")
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def below(value: float, floor: float = 1e-15) -> str:
    """Format a measured error, writing ``< floor`` for anything smaller.

    Differences of a few ulp come from the platform's math library and can change from
    one CPU to another; printing them as ``< 1e-15`` keeps a notebook's output the same
    on every machine (and under nbval) while still showing the size of a real error.

    >>> below(3e-17), below(2.5e-9)
    ('< 1e-15', '2.5e-09')
    """
    value = float(value)
    return f"< {floor:.0e}" if value < floor else f"{value:.1e}"


#: The prefix MyST-NB gives the MIME types of a value glued with ``display=False``.
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, value: Any, display: bool = True) -> None:
    """``myst_nb.glue`` where MyST-NB is installed (the book build); elsewhere (Colab has
    no MyST-NB) the same output, written with IPython alone.

    A notebook must run unchanged on Colab, and its outputs must not depend on whether the
    book's tooling is installed: the Colab-like nbval pass (``tests/test_colab.py``)
    compares them with the stored ones, which MyST-NB wrote. So the fallback emits what
    ``myst_nb.glue`` emits: the value's display data, under MIME types prefixed with
    :data:`GLUE_PREFIX` when ``display`` is False (hidden on the page, read by
    ``{glue:text}``), with the ``scrapbook`` metadata that names it.
    """
    if isinstance(value, np.generic):
        # a Python number: {glue:text}`name:.2f` formats the stored text, which for a NumPy
        # scalar would read "np.float64(...)" (NumPy 2's repr) and fail to parse
        value = value.item()
    try:
        from myst_nb import glue as myst_glue  # type: ignore[import-untyped]
    except ImportError:
        from IPython.core.formatters import format_display_data
        from IPython.display import display as show

        bundle, metadata = format_display_data(value)
        prefix = "" if display else GLUE_PREFIX
        metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
        show({prefix + mime: data for mime, data in bundle.items()}, raw=True, metadata=metadata)
        return
    myst_glue(name, value, display=display)
