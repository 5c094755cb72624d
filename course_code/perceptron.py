r"""Rosenblatt's perceptron, and the quantities of Novikoff's convergence theorem.

The perceptron (Rosenblatt 1958) is a single threshold unit,

.. math:: \hat y = H(\mathbf w^\top \mathbf x + b), \qquad H(z) = 1 \text{ if } z \ge 0 \text{ else } 0,

trained online: for each example in turn, on a mistake,
:math:`\mathbf w \leftarrow \mathbf w + \eta (y - \hat y)\mathbf x` and
:math:`b \leftarrow b + \eta (y - \hat y)`. It is a class because a trained perceptron
has state (its weights); :func:`course_code.activations.step` is the threshold.

Novikoff (1962): if some unit vector :math:`\mathbf u` separates the data with margin
:math:`\gamma > 0` (in the augmented space where the bias is one more weight on a
constant input 1), and every augmented input has norm at most :math:`R`, the perceptron
started at zero makes at most :math:`(R/\gamma)^2` updates in total, whatever the
learning rate and the order of the examples. :func:`margin` and :func:`novikoff_bound`
compute these quantities for a given separator.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_code.activations import step

__all__ = ["Perceptron", "augment", "margin", "novikoff_bound"]


def _check_X(X: ArrayLike, where: str, n_features: int | None = None) -> NDArray[np.float64]:
    """X as a finite float64 matrix of shape (n_samples, n_features), or a ValueError."""
    if isinstance(X, (str, bytes)) or X is None:
        raise ValueError(f"{where}: X must be a 2-D array of numbers, got {type(X).__name__}")
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: X must be a 2-D array of numbers ({exc})") from exc
    if arr.ndim != 2:
        raise ValueError(
            f"{where}: X must be 2-D, shape (n_samples, n_features); got shape {arr.shape}"
            + (" (use X.reshape(-1, 1) for a single feature)" if arr.ndim == 1 else "")
        )
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{where}: X is empty (shape {arr.shape})")
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(
            f"{where}: X must be finite; X[{bad[0]}, {bad[1]}] = {arr[tuple(bad)]}"
        )
    if n_features is not None and arr.shape[1] != n_features:
        raise ValueError(
            f"{where}: X has {arr.shape[1]} features, but the perceptron was fitted on {n_features}"
        )
    return arr


def _check_y(y: ArrayLike, n_samples: int, where: str) -> NDArray[np.float64]:
    """y as a float64 vector of 0s and 1s of length ``n_samples``, or a ValueError."""
    try:
        arr = np.asarray(y, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: y must be labels 0 and 1 ({exc})") from exc
    if arr.ndim != 1:
        raise ValueError(f"{where}: y must be 1-D, one label per row of X; got shape {arr.shape}")
    if arr.shape[0] != n_samples:
        raise ValueError(
            f"{where}: X has {n_samples} rows but y has {arr.shape[0]} labels; they must match"
        )
    bad = ~np.isin(arr, (0.0, 1.0))
    if np.any(bad):
        values = sorted({str(v) for v in np.asarray(y).ravel()[bad][:5]})
        raise ValueError(
            f"{where}: labels must be 0 or 1, found {', '.join(values)} "
            "(for labels -1/+1 use (y + 1) // 2)"
        )
    return arr


def augment(X: ArrayLike) -> NDArray[np.float64]:
    """Append a constant 1 to every row, so that the bias becomes one more weight.

    >>> augment([[2.0, 3.0]])
    array([[2., 3., 1.]])
    """
    arr = _check_X(X, "augment")
    return np.hstack([arr, np.ones((arr.shape[0], 1))])


def margin(X: ArrayLike, y: ArrayLike, weights: ArrayLike, bias: float) -> float:
    r"""Margin of the separator ``(weights, bias)`` on the data, in the augmented space.

    :math:`\gamma = \min_i t_i\,(\mathbf w^\top \mathbf x_i + b) / \lVert(\mathbf w, b)\rVert`
    with :math:`t_i = 2y_i - 1 \in \{-1, +1\}`. Positive exactly when the separator
    classifies every point correctly with none on the boundary.

    >>> round(margin([[0.0, 0.0], [2.0, 2.0]], [0, 1], weights=[1.0, 1.0], bias=-2.0), 4)
    0.8165
    """
    Xa = augment(X)
    t = 2.0 * _check_y(y, Xa.shape[0], "margin") - 1.0
    u = np.append(np.asarray(weights, dtype=np.float64), float(bias))
    if u.shape != (Xa.shape[1],):
        raise ValueError(f"margin: weights must have {Xa.shape[1] - 1} entries, got {u.size - 1}")
    norm = np.linalg.norm(u)
    if norm == 0:
        raise ValueError("margin: the separator (weights, bias) is all zeros")
    return float(np.min(t * (Xa @ u)) / norm)


def novikoff_bound(X: ArrayLike, y: ArrayLike, weights: ArrayLike, bias: float) -> float:
    r""":math:`(R/\gamma)^2`: Novikoff's bound on the perceptron's total number of updates.

    :math:`R` is the largest norm of an augmented input :math:`(\mathbf x_i, 1)`,
    :math:`\gamma` the :func:`margin` of the separator you supply (any separator gives a
    valid bound; the one with the largest margin gives the tightest). Raises
    ``ValueError`` if ``(weights, bias)`` does not separate the data.

    >>> round(novikoff_bound([[0.0, 0.0], [2.0, 2.0]], [0, 1], weights=[1.0, 1.0], bias=-2.0), 9)
    13.5
    """
    gamma = margin(X, y, weights, bias)
    if gamma <= 0:
        raise ValueError(f"novikoff_bound: the separator does not separate the data (margin {gamma:.3g})")
    R = float(np.max(np.linalg.norm(augment(X), axis=1)))
    return (R / gamma) ** 2


class Perceptron:
    r"""Rosenblatt's perceptron: a step unit trained online with the perceptron rule.

    Parameters
    ----------
    learning_rate : float, default 1.0
        :math:`\eta > 0`. Starting from zero weights it only scales ``weights_`` and
        ``bias_``: predictions and ``errors_`` are the same for every :math:`\eta`.
    max_epochs : int, default 100
        Passes over the data at most; training stops earlier after the first epoch
        without a mistake.
    shuffle : bool, default False
        Visit the examples in a new random order each epoch.
    seed : int or None
        Seed of the shuffling order (``numpy.random.default_rng(seed)``).

    Attributes
    ----------
    weights_ : ndarray, shape (n_features,)
    bias_ : float
    errors_ : list of int
        Number of updates (mistakes) in each epoch.
    converged_ : bool
        True once an epoch made no mistake.
    history_ : list of (ndarray, float)
        ``(weights, bias)`` at the start and after every epoch, for drawing how the
        decision boundary moves.

    Examples
    --------
    >>> from course_code.data import logic_gate
    >>> X, y = logic_gate("AND")
    >>> p = Perceptron().fit(X, y)
    >>> p.predict(X), p.errors_, p.converged_
    (array([0, 0, 0, 1]), [2, 3, 3, 2, 1, 0], True)
    """

    def __init__(
        self,
        learning_rate: float = 1.0,
        max_epochs: int = 100,
        shuffle: bool = False,
        seed: int | None = None,
    ) -> None:
        if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float, np.number)):
            raise ValueError(f"learning_rate must be a positive number, got {learning_rate!r}")
        if not (math.isfinite(learning_rate) and learning_rate > 0):
            raise ValueError(f"learning_rate must be a positive finite number, got {learning_rate!r}")
        if isinstance(max_epochs, bool) or not isinstance(max_epochs, (int, np.integer)) or max_epochs < 1:
            raise ValueError(f"max_epochs must be a whole number >= 1, got {max_epochs!r}")
        self.learning_rate = float(learning_rate)
        self.max_epochs = int(max_epochs)
        self.shuffle = bool(shuffle)
        self.seed = seed

    def __repr__(self) -> str:
        return (
            f"Perceptron(learning_rate={self.learning_rate}, max_epochs={self.max_epochs}, "
            f"shuffle={self.shuffle}, seed={self.seed})"
        )

    def fit(self, X: ArrayLike, y: ArrayLike) -> Perceptron:
        """Train on ``X`` (n_samples, n_features) and labels ``y`` in {0, 1}; returns self."""
        X = _check_X(X, "Perceptron.fit")
        y = _check_y(y, X.shape[0], "Perceptron.fit")
        rng = np.random.default_rng(self.seed)
        eta = self.learning_rate
        # Started at zero, the weights are always eta times those of a run with eta = 1
        # (every update adds eta * (+-x)), and the prediction only looks at the sign of
        # the score. So the rule runs on the eta = 1 weights v, c and reports eta * v,
        # eta * c: ties (score exactly 0, common with integer inputs) are then decided
        # the same way for every eta instead of by the rounding of eta * x.
        v = np.zeros(X.shape[1])
        c = 0.0
        self.errors_: list[int] = []
        self.history_: list[tuple[NDArray[np.float64], float]] = [(eta * v, eta * c)]
        self.converged_ = False
        for _ in range(self.max_epochs):
            order = rng.permutation(X.shape[0]) if self.shuffle else range(X.shape[0])
            mistakes = 0
            for i in order:
                y_hat = step(X[i] @ v + c)
                if y_hat != y[i]:  # a correct prediction changes nothing
                    v += (y[i] - y_hat) * X[i]
                    c += y[i] - y_hat
                    mistakes += 1
            self.errors_.append(mistakes)
            self.history_.append((eta * v, eta * c))
            if mistakes == 0:
                self.converged_ = True
                break
        self._v, self._c = v, float(c)
        self.weights_ = eta * v
        self.bias_ = float(eta * c)
        return self

    def _fitted(self, where: str) -> None:
        if not hasattr(self, "weights_"):
            raise ValueError(f"{where}: this Perceptron is not fitted yet; call fit(X, y) first")

    def decision_function(self, X: ArrayLike) -> NDArray[np.float64]:
        r"""The score :math:`\mathbf w^\top \mathbf x + b` of every row of ``X``."""
        self._fitted("Perceptron.decision_function")
        X = _check_X(X, "Perceptron.decision_function", self.weights_.size)
        return self.learning_rate * (X @ self._v + self._c)

    def predict(self, X: ArrayLike) -> NDArray[np.int64]:
        """Class 0 or 1 for every row of ``X``: the step of the score (1 when it is >= 0)."""
        self._fitted("Perceptron.predict")
        X = _check_X(X, "Perceptron.predict", self.weights_.size)
        return step(X @ self._v + self._c).astype(np.int64)  # the sign of the score

    @property
    def n_updates_(self) -> int:
        """Total number of updates (mistakes) made during training."""
        self._fitted("Perceptron.n_updates_")
        return int(sum(self.errors_))

    def get_params(self) -> dict[str, Any]:
        """The constructor's parameters, e.g. to build an identical untrained copy."""
        return {
            "learning_rate": self.learning_rate,
            "max_epochs": self.max_epochs,
            "shuffle": self.shuffle,
            "seed": self.seed,
        }
