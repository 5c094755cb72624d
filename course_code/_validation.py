"""One home for checking arguments, so that every function of the package fails alike.

The convention is NumPy's: a :class:`TypeError` when the argument is the wrong *kind* of
object (a string where numbers are expected, a float where a whole number is needed), a
:class:`ValueError` when it is the right kind with a wrong *value* or *shape* (a negative
learning rate, a 1-D array where a matrix is needed, NaN in the data). Every message
starts with the function (``where``) and names the argument, so that a learner reading a
traceback knows which call and which argument to look at::

    MLP.fit: epochs must be a whole number >= 1, got 0
    Perceptron.fit: X must be 2-D, shape (n_samples, n_features); got shape (4,)

These helpers are private to the package: the public functions call them first and keep
their own code about the mathematics.
"""

from __future__ import annotations

import math
import numbers
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

__all__ = [
    "as_real_array",
    "flag",
    "float_dtype",
    "labels01",
    "zeros_and_ones",
    "matrix",
    "nonnegative",
    "positive",
    "positive_int",
    "real_number",
    "unit_interval",
]


def as_real_array(value: Any, where: str, name: str) -> NDArray[Any]:
    """``np.asarray(value)`` if it holds real numbers (bool, int or float), else TypeError.

    Strings, ``None``, complex numbers, object arrays and ragged nested lists are the wrong
    kind of object; empty or non-finite arrays are left to the caller, which knows what
    values it needs.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(
            f"{where}: {name} must be an array of real numbers, got {type(value).__name__}"
        )
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged nested lists and the like
        raise TypeError(
            f"{where}: {name} must be an array of real numbers, got a ragged "
            f"{type(value).__name__} ({exc})"
        ) from exc
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"{where}: {name} must hold real numbers, got dtype {arr.dtype} "
            f"(from {type(value).__name__})"
        )
    return arr


def matrix(
    value: ArrayLike,
    where: str,
    name: str = "X",
    *,
    n_columns: int | None = None,
    columns_are: str = "features",
    dtype: DTypeLike = np.float64,
) -> NDArray[Any]:
    """A finite, non-empty 2-D array of ``dtype`` (one sample per row), or an error.

    ``n_columns`` fixes the number of columns (the model's inputs); ``columns_are`` names
    them in the message.
    """
    arr = as_real_array(value, where, name)
    if arr.ndim != 2:
        hint = " (use .reshape(1, -1) for one sample)" if arr.ndim == 1 else ""
        raise ValueError(
            f"{where}: {name} must be 2-D, shape (n_samples, n_{columns_are}); "
            f"got shape {arr.shape}{hint}"
        )
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{where}: {name} is empty (shape {arr.shape})")
    if n_columns is not None and arr.shape[1] != n_columns:
        raise ValueError(
            f"{where}: {name} has {arr.shape[1]} {columns_are} (columns), expected {n_columns}"
        )
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(
            f"{where}: {name} must be finite; {name}[{bad[0]}, {bad[1]}] = {arr[tuple(bad)]}"
        )
    with np.errstate(over="ignore"):
        out = arr.astype(dtype, copy=False)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{where}: {name} has values beyond the range of {np.dtype(dtype).name}")
    return out


def labels01(value: ArrayLike, n_samples: int, where: str, name: str = "y") -> NDArray[np.float64]:
    """Labels 0 and 1, one per sample, as a float64 vector, or an error."""
    arr = as_real_array(value, where, name)
    if arr.ndim != 1:
        raise ValueError(
            f"{where}: {name} must be 1-D, one label per row of X; got shape {arr.shape}"
        )
    if arr.shape[0] != n_samples:
        raise ValueError(
            f"{where}: X has {n_samples} rows but {name} has {arr.shape[0]} labels; they must match"
        )
    return zeros_and_ones(arr.astype(np.float64), f"{where}: {name} must hold labels 0 or 1")


def zeros_and_ones(labels: NDArray[np.float64], rule: str) -> NDArray[np.float64]:
    """``labels`` if every value is 0 or 1; else a ValueError that states ``rule`` (which
    names the function) and the first wrong values."""
    bad = (labels != 0.0) & (labels != 1.0)
    if np.any(bad):
        found = ", ".join(sorted({f"{v:g}" for v in labels[bad][:5]}))
        raise ValueError(f"{rule}, found {found} (for labels -1/+1 use (y + 1) // 2)")
    return labels


def positive_int(value: Any, where: str, name: str, minimum: int = 1) -> int:
    """A whole number >= ``minimum`` (bools are not numbers here), or an error."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{where}: {name} must be a whole number, got {type(value).__name__} {value!r}"
        )
    if value < minimum:
        raise ValueError(f"{where}: {name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def real_number(
    value: Any,
    where: str,
    name: str,
    *,
    positive: bool = False,
    nonnegative: bool = False,
    below_one: bool = False,
) -> float:
    """A finite real number (optionally > 0, >= 0 or in [0, 1)), or an error.

    ``below_one`` asks for a value in [0, 1), the range of a decay rate or momentum.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{where}: {name} must be a real number, got {type(value).__name__} {value!r}"
        )
    out = float(value)
    if not math.isfinite(out):
        raise ValueError(f"{where}: {name} must be finite, got {value!r}")
    if positive and not out > 0:
        raise ValueError(f"{where}: {name} must be > 0, got {value!r}")
    if (nonnegative or below_one) and out < 0:
        raise ValueError(f"{where}: {name} must be >= 0, got {value!r}")
    if below_one and not out < 1:
        raise ValueError(f"{where}: {name} must be in [0, 1), got {value!r}")
    return out


def float_dtype(value: DTypeLike, where: str, name: str = "dtype") -> np.dtype[Any]:
    """float32 or float64, or an error."""
    try:
        dt = np.dtype(value)
    except TypeError as exc:
        raise TypeError(f"{where}: {name} must be float32 or float64, got {value!r}") from exc
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise ValueError(f"{where}: {name} must be float32 or float64, got {dt}")
    return dt


def positive(value: Any, where: str, name: str) -> float:
    """A finite real number > 0 (a step, a learning rate in most places, an epsilon)."""
    return real_number(value, where, name, positive=True)


def nonnegative(value: Any, where: str, name: str) -> float:
    """A finite real number >= 0 (a learning rate that may reach 0, a decay)."""
    return real_number(value, where, name, nonnegative=True)


def unit_interval(value: Any, where: str, name: str) -> float:
    """A real number in [0, 1): a decay rate or a momentum coefficient."""
    return real_number(value, where, name, below_one=True)


def flag(value: Any, where: str, name: str) -> bool:
    """``True`` or ``False`` (NumPy's ``np.bool_`` too); a TypeError for anything else,
    since ``flag=1`` or ``flag="no"`` would otherwise silently mean True."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{where}: {name} must be True or False, got {type(value).__name__}")
    return bool(value)
