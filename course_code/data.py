"""Small datasets that need no download: logic gates, XOR, two moons, digits.

Keras' dataset loaders fetch files at run time; the book is built offline, so every
dataset here is either written out in full or shipped with scikit-learn.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from course_code import _validation as check

__all__ = ["GATES", "logic_gate", "xor", "moons", "digits", "separable"]

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
    if not isinstance(name, str):
        raise TypeError(f"logic_gate: name must be a gate's name, got {type(name).__name__}")
    key = name.upper()
    if key not in GATES:
        raise ValueError(f"logic_gate: unknown gate name {name!r}; choose one of {sorted(GATES)}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, np.array(GATES[key], dtype=np.float64)


def xor() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The XOR truth table: the smallest problem no linear model can solve."""
    return logic_gate("XOR")


def separable(
    n_samples: int = 100, margin: float = 0.1, seed: int = 0
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]:
    r"""Linearly separable 2-D points with a known separator and a guaranteed margin.

    Draws a random line :math:`\mathbf w^\top \mathbf x + b = 0` through the square
    :math:`[-1, 1]^2` (with :math:`\lVert(\mathbf w, b)\rVert = 1`), then uniform
    points in the square, keeping only those whose margin
    :math:`|\mathbf w^\top \mathbf x + b|` is at least ``margin``. Labels are 1 on the
    positive side. This is the margin of the perceptron's convergence theorem, measured
    with the bias folded into the weights (see :func:`course_code.perceptron.augmented_margin`).

    Returns ``X`` (n_samples, 2), ``y`` (n_samples,), ``w`` (2,) and ``b``.

    >>> X, y, w, b = separable(50, margin=0.2, seed=1)
    >>> X.shape, bool(np.all((X @ w + b) * (2 * y - 1) >= 0.2)), round(float(w @ w + b * b), 12)
    ((50, 2), True, 1.0)
    """
    n_samples = check.positive_int(n_samples, "separable", "n_samples", minimum=2)
    margin = check.real_number(margin, "separable", "margin")
    if not 0 < margin < 0.5:
        raise ValueError(f"separable: margin must be in (0, 0.5), got {margin}")
    seed = check.positive_int(seed, "separable", "seed", minimum=0)
    rng = np.random.default_rng(seed)
    theta = rng.uniform(0, 2 * np.pi)
    u = np.array([np.cos(theta), np.sin(theta), rng.uniform(-0.3, 0.3)])
    u /= np.linalg.norm(u)
    w, b = u[:2], float(u[2])
    kept: list[NDArray[np.float64]] = []
    while sum(len(k) for k in kept) < n_samples:
        candidates = rng.uniform(-1, 1, size=(4 * n_samples, 2))
        kept.append(candidates[np.abs(candidates @ w + b) >= margin])
    X = np.concatenate(kept)[:n_samples]
    y = (X @ w + b > 0).astype(np.float64)
    return X, y, w, b


def moons(
    n_samples: int = 400, noise: float = 0.15, seed: int = 0
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """scikit-learn's two interleaving half-moons, labels as float 0/1.

    >>> X, y = moons(10)
    >>> X.shape, y.shape, sorted(set(y.tolist()))
    ((10, 2), (10,), [0.0, 1.0])
    """
    from sklearn.datasets import make_moons

    n_samples = check.positive_int(n_samples, "moons", "n_samples")
    noise = check.nonnegative(noise, "moons", "noise")
    seed = check.positive_int(seed, "moons", "seed", minimum=0)
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

    test_size = check.real_number(test_size, "digits", "test_size")
    if not 0 < test_size < 1:
        raise ValueError(f"digits: test_size must be a fraction in (0, 1), got {test_size}")
    seed = check.positive_int(seed, "digits", "seed", minimum=0)

    bunch = load_digits()
    X = (bunch.data / 16.0).astype(np.float32)
    y = bunch.target.astype(np.int64)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=test_size, random_state=seed, stratify=y
    )
    return X_train, X_test, y_train, y_test
