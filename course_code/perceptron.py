r"""Rosenblatt's perceptron, and the quantities of Novikoff's convergence theorem.

The perceptron (Rosenblatt 1958) is a single threshold unit,

.. math::

    \hat y = H(\mathbf w^\top \mathbf x + b), \qquad
    H(z) = 1 \text{ if } z \ge 0 \text{ else } 0,

trained online: for each example in turn, on a mistake,
:math:`\mathbf w \leftarrow \mathbf w + \eta (y - \hat y)\mathbf x` and
:math:`b \leftarrow b + \eta (y - \hat y)`. It is a class because a trained perceptron
has state (its weights); :func:`course_code.activations.step` is the threshold.

The rule is stochastic (sub)gradient descent, one example at a time, on the *perceptron
criterion* :math:`E(\mathbf v) = \sum_i \max(0, -t_i\,\mathbf v^\top\tilde{\mathbf x}_i)`
(Bishop 2006, section 4.1.7), a hinge-type loss that is not differentiable at its kink.

Two margins appear in the course, and this module computes both for a separator
``(weights, bias)``:

* the **geometric margin** :func:`geometric_margin`, the smallest signed distance of a
  point from the line, :math:`\min_i t_i(\mathbf w^\top\mathbf x_i + b)/\lVert\mathbf w\rVert`;
* the **augmented margin** :func:`augmented_margin`, the same in the augmented space where
  the bias is one more weight on a constant input 1,
  :math:`\min_i t_i(\mathbf w^\top\mathbf x_i + b)/\lVert(\mathbf w, b)\rVert`.

Novikoff (1962): if some unit vector :math:`\mathbf u` separates the data with
augmented margin :math:`\gamma > 0`, and every augmented input has norm at most
:math:`R`, the perceptron started at zero makes at most :math:`(R/\gamma)^2` updates in
total, whatever the learning rate and the order of the examples (:func:`novikoff_bound`).
A wide margin guarantees a small *bound*; how many updates a run actually makes also
depends on the order of the examples.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_code import _validation as check
from course_code.activations import step

__all__ = [
    "Perceptron",
    "UpdatePath",
    "augment",
    "augmented_margin",
    "geometric_margin",
    "novikoff_bound",
    "update_path",
]


def _check_X(X: ArrayLike, where: str, n_features: int | None = None) -> NDArray[np.float64]:
    """X as a finite float64 matrix of shape (n_samples, n_features), or an error."""
    return check.matrix(X, where, n_columns=n_features)


def _check_y(y: ArrayLike, n_samples: int, where: str) -> NDArray[np.float64]:
    """y as a float64 vector of 0s and 1s of length ``n_samples``, or an error."""
    return check.labels01(y, n_samples, where)


def augment(X: ArrayLike) -> NDArray[np.float64]:
    """Append a constant 1 to every row, so that the bias becomes one more weight.

    >>> augment([[2.0, 3.0]])
    array([[2., 3., 1.]])
    """
    return _augmented(X, "augment")


def _augmented(X: ArrayLike, where: str) -> NDArray[np.float64]:
    arr = _check_X(X, where)
    return np.hstack([arr, np.ones((arr.shape[0], 1))])


def _separator(
    X: ArrayLike, y: ArrayLike, weights: ArrayLike, bias: float, where: str
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Augmented inputs, labels as -1/+1, and the augmented separator (w, b)."""
    Xa = _augmented(X, where)
    t = 2.0 * _check_y(y, Xa.shape[0], where) - 1.0
    w = check.as_real_array(weights, where, "weights").astype(np.float64).ravel()
    if w.size != Xa.shape[1] - 1:
        raise ValueError(f"{where}: weights must have {Xa.shape[1] - 1} entries, got {w.size}")
    b = check.real_number(bias, where, "bias")
    return Xa, t, np.append(w, b)


def augmented_margin(X: ArrayLike, y: ArrayLike, weights: ArrayLike, bias: float) -> float:
    r"""Augmented margin of the separator ``(weights, bias)``: the margin of Novikoff's theorem.

    :math:`\gamma = \min_i t_i\,(\mathbf w^\top \mathbf x_i + b) / \lVert(\mathbf w, b)\rVert`
    with :math:`t_i = 2y_i - 1 \in \{-1, +1\}`: the distances of the augmented points
    :math:`(\mathbf x_i, 1)` from the hyperplane through the origin with normal
    :math:`(\mathbf w, b)`. Positive exactly when the separator classifies every point
    correctly with none on the boundary. For a separating line it is smaller than the
    :func:`geometric_margin` whenever :math:`b \ne 0` (its norm includes the bias).

    >>> round(augmented_margin([[0.0, 0.0], [2.0, 2.0]], [0, 1], weights=[1.0, 1.0], bias=-2.0), 4)
    0.8165
    """
    return _augmented_margin(X, y, weights, bias, "augmented_margin")


def _augmented_margin(
    X: ArrayLike, y: ArrayLike, weights: ArrayLike, bias: float, where: str
) -> float:
    Xa, t, u = _separator(X, y, weights, bias, where)
    norm = np.linalg.norm(u)
    if norm == 0:
        raise ValueError(f"{where}: the separator (weights, bias) is all zeros")
    return float(np.min(t * (Xa @ u)) / norm)


def geometric_margin(X: ArrayLike, y: ArrayLike, weights: ArrayLike, bias: float) -> float:
    r"""Geometric margin of the line ``(weights, bias)``: the smallest signed distance of a
    point from it, :math:`\min_i t_i\,(\mathbf w^\top \mathbf x_i + b) / \lVert\mathbf w\rVert`.

    Negative when some point is on the wrong side.

    >>> round(geometric_margin([[0.0, 0.0], [2.0, 2.0]], [0, 1], weights=[1.0, 1.0], bias=-2.0), 4)
    1.4142
    """
    Xa, t, u = _separator(X, y, weights, bias, "geometric_margin")
    norm = np.linalg.norm(u[:-1])
    if norm == 0:
        raise ValueError("geometric_margin: the weights are all zeros (no line)")
    return float(np.min(t * (Xa @ u)) / norm)


def novikoff_bound(X: ArrayLike, y: ArrayLike, weights: ArrayLike, bias: float) -> float:
    r""":math:`(R/\gamma)^2`: Novikoff's bound on the perceptron's total number of updates.

    :math:`R` is the largest norm of an augmented input :math:`(\mathbf x_i, 1)`,
    :math:`\gamma` the :func:`augmented_margin` of the separator you supply (any separator gives a
    valid bound; the one with the largest margin gives the tightest). Raises
    ``ValueError`` if ``(weights, bias)`` does not separate the data.

    >>> round(novikoff_bound([[0.0, 0.0], [2.0, 2.0]], [0, 1], weights=[1.0, 1.0], bias=-2.0), 9)
    13.5
    """
    gamma = _augmented_margin(X, y, weights, bias, "novikoff_bound")
    if gamma <= 0:
        raise ValueError(
            f"novikoff_bound: the separator does not separate the data (margin {gamma:.3g})"
        )
    R = float(np.max(np.linalg.norm(_augmented(X, "novikoff_bound"), axis=1)))
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
    n_updates_ : int
        Total number of updates, the sum of ``errors_``.
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
        self.learning_rate = check.real_number(
            learning_rate, "Perceptron", "learning_rate", positive=True
        )
        self.max_epochs = check.positive_int(max_epochs, "Perceptron", "max_epochs")
        self.shuffle = check.flag(shuffle, "Perceptron", "shuffle")
        self.seed = _seed(seed, "Perceptron")

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


def _seed(seed: Any, where: str) -> int | None:
    """None or a whole number >= 0, the seeds ``numpy.random.default_rng`` takes here."""
    if seed is None:
        return None
    return check.positive_int(seed, where, "seed", minimum=0)


class UpdatePath(NamedTuple):
    r"""The states of a perceptron run, one per update (see :func:`update_path`).

    ``weights[k]`` and ``biases[k]`` are :math:`(\mathbf w, b)` after ``k`` updates (row 0
    is the zero start); ``examples[k]`` is the index of the example that caused update
    ``k + 1``; ``converged`` says whether the last state classifies every example.
    """

    weights: NDArray[np.float64]
    biases: NDArray[np.float64]
    examples: NDArray[np.int64]
    converged: bool


def update_path(X: ArrayLike, y: ArrayLike, max_updates: int = 1000) -> UpdatePath:
    r"""Every state of Rosenblatt's rule, one per update: the run, step by step.

    The same run as ``Perceptron(learning_rate=1.0).fit(X, y)``: weights start at zero,
    the examples are visited in order, epoch after epoch, and each mistake updates
    :math:`\mathbf w \leftarrow \mathbf w + (y - \hat y)\,\mathbf x`,
    :math:`b \leftarrow b + (y - \hat y)`. It stops when a whole epoch makes no mistake,
    or after ``max_updates`` updates (data no line separates, such as XOR, never stop).
    With another learning rate :math:`\eta` every state is :math:`\eta` times these.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,)
        Labels 0 or 1.
    max_updates : int, default 1000
        The most updates recorded.

    Returns
    -------
    UpdatePath
        ``weights`` (k + 1, n_features), ``biases`` (k + 1,), ``examples`` (k,) and
        ``converged``, for the k updates made.

    Examples
    --------
    >>> from course_code.data import logic_gate
    >>> path = update_path(*logic_gate("AND"))
    >>> path.examples[:4]  # epoch 1: (0, 0) fires, (1, 1) stays silent; epoch 2: ...
    array([0, 3, 0, 1])
    >>> path.weights[2], path.biases[2]  # after the first epoch's two updates
    (array([1., 1.]), np.float64(0.0))
    >>> len(path.examples), path.weights[-1], path.biases[-1], path.converged
    (11, array([2., 1.]), np.float64(-3.0), True)
    """
    X = _check_X(X, "update_path")
    y = _check_y(y, X.shape[0], "update_path")
    max_updates = check.positive_int(max_updates, "update_path", "max_updates", minimum=0)
    v, c = np.zeros(X.shape[1]), 0.0
    weights, biases, examples = [v.copy()], [c], list[int]()
    clean_epoch = False
    while not clean_epoch and len(examples) < max_updates:
        clean_epoch = True
        for i in range(X.shape[0]):
            y_hat = step(X[i] @ v + c)
            if y_hat != y[i]:  # a mistake: the rule's update, recorded
                v += (y[i] - y_hat) * X[i]
                c += float(y[i] - y_hat)
                weights.append(v.copy())
                biases.append(c)
                examples.append(i)
                clean_epoch = False
                if len(examples) == max_updates:
                    break
    converged = bool(np.all(step(X @ v + c) == y))
    return UpdatePath(
        weights=np.array(weights),
        biases=np.array(biases),
        examples=np.array(examples, dtype=np.int64),
        converged=converged,
    )
