"""Argument checks shared by the optimizers and the schedules (private).

Each helper returns the value in the form the caller stores (a Python ``float`` or
``bool``) or raises: ``TypeError`` for the wrong kind of object, ``ValueError`` for a
wrong value. ``where`` names the function or class, ``name`` the argument, so that every
message says which call and which argument are wrong.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def real(value: object, where: str, name: str) -> float:
    """``value`` as a float; a TypeError unless it is a real number (``bool`` is not)."""
    # bool is an int subclass, so True would silently mean 1.0: almost always a slip
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{where}: {name} must be a real number, got {type(value).__name__}")
    return float(value)


def finite(value: object, where: str, name: str) -> float:
    """A finite real number."""
    x = real(value, where, name)
    if not math.isfinite(x):
        raise ValueError(f"{where}: {name} must be finite, got {x}")
    return x


def non_negative(value: object, where: str, name: str) -> float:
    """A finite real number >= 0."""
    x = finite(value, where, name)
    if x < 0:
        raise ValueError(f"{where}: {name} must be >= 0, got {x}")
    return x


def positive(value: object, where: str, name: str) -> float:
    """A finite real number > 0."""
    x = finite(value, where, name)
    if x <= 0:
        raise ValueError(f"{where}: {name} must be > 0, got {x}")
    return x


def unit_interval(value: object, where: str, name: str) -> float:
    """A real number in [0, 1): a decay rate or momentum coefficient."""
    x = real(value, where, name)
    if not 0.0 <= x < 1.0:  # also rejects NaN
        raise ValueError(f"{where}: {name} must be in [0, 1), got {x}")
    return x


def flag(value: object, where: str, name: str) -> bool:
    """A ``bool`` (NumPy's ``np.bool_`` too); a TypeError for anything else."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{where}: {name} must be True or False, got {type(value).__name__}")
    return bool(value)
