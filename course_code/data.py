"""Small datasets that need no download: logic gates, XOR, two moons, digits.

Keras' dataset loaders fetch files at run time; the book is built offline, so every
dataset here is either written out in full or shipped with scikit-learn.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["GATES", "logic_gate", "xor", "moons", "digits"]

#: Truth tables of the two-input gates, outputs in the order of the rows of ``inputs``.
GATES: dict[str, tuple[int, int, int, int]] = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XOR": (0, 1, 1, 0),
}


def logic_gate(name: str) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Inputs (4, 2) and targets (4,) of a two-input logic gate.

    >>> X, y = logic_gate("AND")
    >>> X.tolist(), y.tolist()
    ([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 0.0, 0.0, 1.0])
    """
    key = str(name).upper()
    if key not in GATES:
        raise ValueError(f"unknown gate {name!r}; choose one of {sorted(GATES)}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(GATES[key], dtype=np.float64)


def xor() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The XOR truth table: the smallest problem no linear model can solve."""
    return logic_gate("XOR")


def moons(
    n_samples: int = 400, noise: float = 0.15, seed: int = 0
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """scikit-learn's two interleaving half-moons, labels as float 0/1.

    >>> X, y = moons(10)
    >>> X.shape, y.shape, sorted(set(y.tolist()))
    ((10, 2), (10,), [0.0, 1.0])
    """
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    return X.astype(np.float64), y.astype(np.float64)


def digits(
    test_size: float = 0.25, seed: int = 0
) -> tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.int64], NDArray[np.int64]]:
    """scikit-learn's 8x8 handwritten digits (1797 images, shipped with the package),
    pixels scaled to [0, 1], split into a stratified train and test set.

    Returns ``X_train, X_test, y_train, y_test`` with X of shape (n, 64).

    >>> X_train, X_test, y_train, y_test = digits()
    >>> X_train.shape, X_test.shape, float(X_train.max())
    ((1347, 64), (450, 64), 1.0)
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    bunch = load_digits()
    X = (bunch.data / 16.0).astype(np.float32)
    y = bunch.target.astype(np.int64)
    return tuple(
        train_test_split(X, y, test_size=test_size, random_state=seed, stratify=y)
    )  # type: ignore[return-value]
