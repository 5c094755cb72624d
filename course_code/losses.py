r"""Output layers paired with their losses, every loss computed from the logits.

A network's last layer produces *logits* :math:`Z` (its pre-activations, shape
``(n, k)``: ``n`` samples, ``k`` outputs). The output activation turns them into the
prediction, and each output activation comes with the loss that is the negative
log-likelihood of the targets under the distribution it describes:

============  =========================  ==============================================
output        loss                       :math:`\partial\mathcal L/\partial Z`
============  =========================  ==============================================
identity      mean squared error         :math:`\tfrac{2}{nk}(Z - Y)`
sigmoid       binary cross-entropy       :math:`\tfrac{1}{nk}(\sigma(Z) - Y)`
softmax       categorical cross-entropy  :math:`\tfrac{1}{n}(\operatorname{softmax}(Z) - Y)`
============  =========================  ==============================================

These are the *canonical* pairings (identity–Gaussian, logistic–Bernoulli,
softmax–categorical): in each, the gradient with respect to the logits is "prediction
minus target", divided by the number of terms in the mean. :data:`OUTPUTS` holds the
three pairs as :class:`OutputLoss` records; :class:`course_code.propagation.MLP` and the
Keras twin (:mod:`course_code.keras_propagation`) read them from there.

Every loss takes logits, never probabilities, so it is finite for every finite logit
(``log(sigmoid(-1000))`` is ``log(0) = -inf``; the binary cross-entropy of that logit is
an ordinary 1000), and every loss has its gradient, ``<loss>_gradient``, with the same
arguments. Besides the three pairs: :func:`mean_absolute_error`, :func:`huber` and
:func:`log_cosh` for regression, :func:`hinge` for raw classification scores, and
``label_smoothing`` for the two cross-entropies, each equal to its ``keras.losses``
class with the default reduction (the mean over the batch of the mean over outputs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_code._validation import as_real_array, real_number, zeros_and_ones
from course_code.activations import identity, log_softmax, sigmoid, softmax, softplus

__all__ = [
    "OUTPUTS",
    "OutputLoss",
    "binary_crossentropy",
    "binary_crossentropy_gradient",
    "categorical_crossentropy",
    "categorical_crossentropy_gradient",
    "encode_targets",
    "hinge",
    "hinge_gradient",
    "huber",
    "huber_gradient",
    "log_cosh",
    "log_cosh_gradient",
    "loss_table",
    "mean_absolute_error",
    "mean_absolute_error_gradient",
    "mean_squared_error",
    "mean_squared_error_gradient",
]

F64 = NDArray[np.float64]
#: A loss kernel: float64 logits ``(n, k)`` and targets ``(n, k)`` -> (loss, dL/dlogits).
Kernel = Callable[[F64, F64], tuple[float, F64]]


# ------------------------------------------------------------------------ targets


def encode_targets(
    y: ArrayLike, output: str, k: int, n: int, where: str, rows_of: str = "X"
) -> F64:
    """Check labels ``y`` for ``n`` samples and ``k`` outputs of kind ``output``.

    Returns the targets as a float64 matrix of shape ``(n, k)``: class indices become
    one-hot rows for a softmax output; a vector becomes a column for one output unit.
    ``rows_of`` names the argument whose rows the labels belong to, for the messages.

    >>> encode_targets([2, 0], "softmax", k=3, n=2, where="example")
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    arr = as_real_array(y, where, "y")
    if arr.ndim not in (1, 2):
        raise ValueError(f"{where}: y must be 1-D or 2-D, got shape {arr.shape}")
    if arr.shape[0] != n:
        raise ValueError(
            f"{where}: {rows_of} has {n} rows but y has {arr.shape[0]}; they must match"
        )
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{where}: y must be finite (it contains NaN or inf)")
    if output == "softmax":
        return _softmax_targets(arr, k, n, where)
    if arr.ndim == 1:
        if k != 1:
            raise ValueError(
                f"{where}: y has shape {arr.shape}, but the network has {k} {output} outputs; "
                f"give y the shape ({n}, {k})"
            )
        arr = arr.reshape(n, 1)
    if arr.shape[1] != k:
        raise ValueError(
            f"{where}: y has shape {arr.shape}, but the network has {k} {output} outputs; "
            f"expected shape ({n}, {k})" + (f" or ({n},)" if k == 1 else "")
        )
    T = arr.astype(np.float64)
    if output == "sigmoid":
        zeros_and_ones(T, f"{where}: labels for a sigmoid output must be 0 or 1")
    return T


def _softmax_targets(arr: NDArray[Any], k: int, n: int, where: str) -> F64:
    if arr.ndim == 1 or arr.shape[1] == 1:
        # class indices 0 .. k-1, as for keras.losses.SparseCategoricalCrossentropy
        idx = arr.reshape(-1)
        if arr.dtype.kind == "f" and np.any(idx != np.round(idx)):
            raise ValueError(
                f"{where}: class indices for a softmax output must be whole numbers "
                f"0..{k - 1}, found {idx[idx != np.round(idx)][0]}"
            )
        bad = (idx < 0) | (idx >= k)
        if np.any(bad):
            raise ValueError(
                f"{where}: class index {idx[bad][0]} does not fit a softmax output with "
                f"{k} units; allowed class indices are 0..{k - 1}"
            )
        T = np.zeros((n, k))
        T[np.arange(n), idx.astype(np.intp)] = 1.0
        return T
    if arr.shape[1] != k:
        raise ValueError(
            f"{where}: y has shape {arr.shape}, but the softmax output has {k} units; "
            f"give class indices of shape ({n},) or one-hot rows of shape ({n}, {k})"
        )
    T = arr.astype(np.float64)
    if np.any(T < 0) or not np.allclose(T.sum(axis=1), 1.0, rtol=0, atol=1e-6):
        raise ValueError(
            f"{where}: targets of shape ({n}, {k}) for a softmax output must be one-hot "
            "rows (or probability rows: non-negative, summing to 1)"
        )
    return T


def _logits(z: ArrayLike, where: str, name: str = "logits") -> F64:
    arr = as_real_array(z, where, name)
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise ValueError(
            f"{where}: {name} must be 2-D, shape (n_samples, n_outputs); got shape {arr.shape}"
            + (" (use z.reshape(-1, 1) for one output)" if arr.ndim == 1 else "")
        )
    return arr.astype(np.float64)


# ------------------------------------------------------------------ loss kernels
# Each kernel takes float64 logits z (n, k) and targets T (n, k) and returns the loss
# and its gradient dL/dz. With finite logits nothing overflows; a diverged network (inf
# logits) gives an inf or NaN loss, quietly, as in Keras (the callers use errstate).


def _mse_kernel(z: F64, T: F64) -> tuple[float, F64]:
    r = z - T
    return float(np.mean(r * r)), (2.0 / r.size) * r


def _bce_kernel(z: F64, T: F64) -> tuple[float, F64]:
    # -y log s(z) - (1-y) log s(-z) = y softplus(-z) + (1-y) softplus(z). For a hard label
    # only one term is left, a softplus of the "wrong-way" logit, exact in both tails
    # (softplus(z) - y z is the same number but cancels to 0 for y = 1, z >> 1). The
    # where() keeps 0 * inf out for a diverged (infinite) logit.
    loss = np.where(T > 0, T * softplus(-z), 0.0) + np.where(T < 1, (1 - T) * softplus(z), 0.0)
    # sigma(z) - y, written so that y = 1 gives -sigma(-z): no cancellation when sigma(z)
    # rounds to 1
    grad = np.where(T > 0, -T * sigmoid(-z), 0.0) + np.where(T < 1, (1 - T) * sigmoid(z), 0.0)
    return float(np.mean(loss)), grad / z.size


def _hard_classes(T: F64) -> NDArray[np.intp] | None:
    """The class of each one-hot row of ``T``, or None if some row is soft (smoothed)."""
    classes = T.argmax(axis=1)
    return classes if np.all(T[np.arange(T.shape[0]), classes] == 1.0) else None


def _ce_kernel(z: F64, T: F64) -> tuple[float, F64]:
    classes = _hard_classes(T)
    if classes is None:  # soft targets (label smoothing): general form
        logp = log_softmax(z, axis=1)
        # 0 * log p is 0 even where p underflows (log p = -inf only for non-finite logits)
        loss = -float(np.sum(np.where(T > 0, T * logp, 0.0))) / z.shape[0]
        return loss, (np.exp(logp) - T) / z.shape[0]
    return _ce_hard_kernel(z, classes)


def _ce_hard_kernel(z: F64, classes: NDArray[np.intp]) -> tuple[float, F64]:
    """The cross-entropy kernel for one-hot targets given by their classes (MLP.fit finds
    them once per call instead of once per batch)."""
    n = z.shape[0]
    rows = np.arange(n)
    # One-hot rows, the common case, in one pass: shifted logits s = z - max (exp(s) <= 1),
    # the sum of exp(s) without the maximum's own 1, added back with log1p so that a loss
    # close to 0 keeps its relative precision; p - y is exp(s) / sum except at the true
    # class, where p - 1 = expm1(log p) does not cancel when p is close to 1.
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    top = shifted == 0.0
    rest = (e - top).sum(axis=1) + (top.sum(axis=1) - 1)  # all but one tie go back in
    log_total = np.log1p(rest)  # log of sum_j exp(s_j)
    logp_true = shifted[rows, classes] - log_total
    grad = e / (1.0 + rest)[:, None]
    grad[rows, classes] = np.expm1(logp_true)
    return -float(logp_true.sum()) / n, grad / n


# ----------------------------------------------------------------- the records


@dataclass(frozen=True, kw_only=True)
class OutputLoss:
    """An output activation paired with the loss it is trained with.

    ``kernel`` computes the loss and its gradient from float64 logits and encoded targets
    (see :func:`encode_targets`); ``keras_loss`` names the matching ``keras.losses`` class,
    used with ``from_logits=True`` on a linear last layer (``MeanSquaredError`` has no such
    flag: its "logits" are the outputs).
    """

    name: str  #: the output activation, as named in ``MLP(output_activation=...)``
    activation: Callable[[ArrayLike], NDArray[np.floating]]
    loss_name: str
    loss_formula: str  #: LaTeX of the loss of one sample, from its logits z and target y
    logit_gradient: str  #: LaTeX of dL/dZ for the whole batch (n samples, k outputs)
    keras_loss: str
    kernel: Kernel = field(repr=False)

    def loss(self, logits: ArrayLike, y: ArrayLike) -> float:
        """The mean loss of a batch, from its logits."""
        return self.evaluate(logits, y, f"OUTPUTS[{self.name!r}].loss")[0]

    def gradient(self, logits: ArrayLike, y: ArrayLike) -> F64:
        """:math:`\\partial\\mathcal L/\\partial Z`, shaped like the logits."""
        return self.evaluate(logits, y, f"OUTPUTS[{self.name!r}].gradient")[1]

    def evaluate(
        self,
        logits: ArrayLike,
        y: ArrayLike,
        where: str,
        label_smoothing: float = 0.0,
        name: str = "logits",
    ) -> tuple[float, F64]:
        """Check the arguments (errors name ``where``), then return the loss and its gradient.

        ``label_smoothing`` (cross-entropies only) moves the targets towards the uniform
        distribution, as Keras does: :math:`y(1 - \\epsilon) + \\epsilon/2` for a sigmoid
        output, :math:`y(1 - \\epsilon) + \\epsilon/k` for a softmax over :math:`k` classes.
        """
        z = _logits(logits, where, name)
        if self.name == "softmax" and z.shape[1] < 2:
            raise ValueError(f"{where}: softmax needs at least 2 outputs, got {z.shape[1]}")
        T = encode_targets(y, self.name, z.shape[1], z.shape[0], where, rows_of=name)
        eps = real_number(label_smoothing, where, "label_smoothing", nonnegative=True)
        if eps > 1:
            raise ValueError(f"{where}: label_smoothing must be in [0, 1], got {label_smoothing!r}")
        if eps:
            if self.name == "identity":
                raise ValueError(f"{where}: label_smoothing applies to the cross-entropies only")
            T = T * (1.0 - eps) + eps / (2 if self.name == "sigmoid" else z.shape[1])
        with np.errstate(over="ignore", invalid="ignore"):
            return self.kernel(z, T)

    def batch_kernel(self, T: F64) -> tuple[Callable[[F64, Any], tuple[float, F64]], Any]:
        """The kernel to call batch after batch on rows of encoded targets ``T``, and the
        per-row targets it takes: for one-hot softmax targets, their classes, found once
        here instead of once per batch (``MLP.fit``); otherwise ``kernel`` and ``T``."""
        if self.kernel is _ce_kernel:
            classes = _hard_classes(T)
            if classes is not None:
                return _ce_hard_kernel, classes
        return self.kernel, T


# ------------------------------------------------------------ public loss functions


def mean_squared_error(outputs: ArrayLike, y: ArrayLike) -> float:
    r"""Mean squared error over **all** elements, the loss of an ``identity`` output.

    .. math:: \mathcal L = \frac{1}{nk}\sum_{i=1}^{n}\sum_{j=1}^{k} (z_{ij} - y_{ij})^2

    This is ``keras.losses.MeanSquaredError``: the mean over the last axis, then over the
    samples. (Some textbooks put :math:`\tfrac12` in front to cancel the 2 of the
    gradient; that only rescales the learning rate.)

    Parameters
    ----------
    outputs : array_like, shape (n, k)
        Network outputs (for the identity, the logits are the outputs).
    y : array_like, shape (n, k), or (n,) when k = 1

    Examples
    --------
    >>> mean_squared_error([[1.0, 2.0], [3.0, 4.0]], [[1.0, 0.0], [3.0, 5.0]])
    1.25
    """
    return OUTPUTS["identity"].evaluate(outputs, y, "mean_squared_error", name="outputs")[0]


def mean_squared_error_gradient(outputs: ArrayLike, y: ArrayLike) -> F64:
    r""":math:`\partial\mathcal L/\partial Z = \tfrac{2}{nk}(Z - Y)` for :func:`mean_squared_error`.

    >>> mean_squared_error_gradient([[1.0, 2.0], [3.0, 4.0]], [[1.0, 0.0], [3.0, 5.0]])
    array([[ 0. ,  1. ],
           [ 0. , -0.5]])
    """
    return OUTPUTS["identity"].evaluate(outputs, y, "mean_squared_error_gradient", name="outputs")[
        1
    ]


def binary_crossentropy(logits: ArrayLike, y: ArrayLike, label_smoothing: float = 0.0) -> float:
    r"""Binary cross-entropy of a ``sigmoid`` output, from its logits, averaged over all
    elements (``keras.losses.BinaryCrossentropy(from_logits=True)``).

    With :math:`p = \sigma(z)` and a label :math:`y \in \{0, 1\}`,

    .. math::

        \ell(z, y) = -y\log\sigma(z) - (1 - y)\log\sigma(-z)
                   = \operatorname{softplus}\bigl((1 - 2y)\,z\bigr).

    Notes
    -----
    The softplus form never takes ``log(0)``: ``log(sigmoid(-1000))`` is ``-inf`` in
    float64 while the loss, 1000, is perfectly representable.

    Parameters
    ----------
    logits : array_like, shape (n, k)
    y : array_like of 0s and 1s, shape (n, k), or (n,) when k = 1
    label_smoothing : float in [0, 1], default 0
        Trains on the targets :math:`y(1 - \epsilon) + \epsilon/2` instead of 0 and 1
        (``keras.losses.BinaryCrossentropy(label_smoothing=...)``).

    Examples
    --------
    >>> round(binary_crossentropy([[0.0], [1000.0], [-1000.0]], [1, 1, 1]), 9)  # (log 2+0+1000)/3
    333.564382394
    """
    return OUTPUTS["sigmoid"].evaluate(logits, y, "binary_crossentropy", label_smoothing)[0]


def binary_crossentropy_gradient(
    logits: ArrayLike, y: ArrayLike, label_smoothing: float = 0.0
) -> F64:
    r""":math:`\tfrac{1}{nk}(\sigma(Z) - Y)` for :func:`binary_crossentropy`.

    For :math:`y = 1` the difference :math:`\sigma(z) - 1` is computed as
    :math:`-\sigma(-z)`, which keeps its precision when :math:`\sigma(z)` rounds to 1.

    >>> binary_crossentropy_gradient([[0.0], [40.0]], [1, 1])
    array([[-2.50000000e-01],
           [-2.12417713e-18]])
    """
    return OUTPUTS["sigmoid"].evaluate(logits, y, "binary_crossentropy_gradient", label_smoothing)[
        1
    ]


def categorical_crossentropy(
    logits: ArrayLike, y: ArrayLike, label_smoothing: float = 0.0
) -> float:
    r"""Categorical cross-entropy of a ``softmax`` output, from its logits, averaged over
    the samples (``keras.losses.CategoricalCrossentropy(from_logits=True)``, or
    ``SparseCategoricalCrossentropy`` for class indices).

    .. math::

        \ell(\mathbf z, \mathbf y) = -\sum_j y_j \log \operatorname{softmax}(\mathbf z)_j
            = \log\sum_j e^{z_j} - z_c \text{ (one-hot, class } c).

    Notes
    -----
    The log-sum-exp is evaluated as :math:`m + \operatorname{log1p}(\sum_{j \ne j^*}
    e^{z_j - m})` with :math:`m = z_{j^*} = \max_j z_j`: no exp can overflow, and a loss
    close to 0 keeps its relative precision.

    Parameters
    ----------
    logits : array_like, shape (n, k), k >= 2
    y : array_like
        Class indices in ``0..k-1``, shape (n,), or one-hot (or probability) rows,
        shape (n, k).
    label_smoothing : float in [0, 1], default 0
        Trains on the rows :math:`\mathbf y(1 - \epsilon) + \epsilon/k` (Szegedy et al.
        2016; ``keras.losses.CategoricalCrossentropy(label_smoothing=...)``).

    Examples
    --------
    >>> round(categorical_crossentropy([[2.0, 0.0, -1.0]], [0]), 10)
    0.1698460196
    >>> categorical_crossentropy([[1e4, -1e4]], [1])
    20000.0
    """
    return OUTPUTS["softmax"].evaluate(logits, y, "categorical_crossentropy", label_smoothing)[0]


def categorical_crossentropy_gradient(
    logits: ArrayLike, y: ArrayLike, label_smoothing: float = 0.0
) -> F64:
    r""":math:`\tfrac1n(\operatorname{softmax}(Z) - Y)` for :func:`categorical_crossentropy`.

    >>> categorical_crossentropy_gradient([[0.0, 0.0]], [1])
    array([[ 0.5, -0.5]])
    """
    return OUTPUTS["softmax"].evaluate(
        logits, y, "categorical_crossentropy_gradient", label_smoothing
    )[1]


# ----------------------------------------------------- more regression and margin losses


def _residuals(outputs: ArrayLike, y: ArrayLike, where: str) -> F64:
    """``outputs - y`` in float64, after checking both like :func:`mean_squared_error` does."""
    z = _logits(outputs, where, "outputs")
    return z - encode_targets(y, "identity", z.shape[1], z.shape[0], where, rows_of="outputs")


def mean_absolute_error(outputs: ArrayLike, y: ArrayLike) -> float:
    r"""Mean absolute error, :math:`\frac{1}{nk}\sum_{ij} |z_{ij} - y_{ij}|`
    (``keras.losses.MeanAbsoluteError``).

    Its minimiser is the median of the targets, not their mean: one wild target moves it
    little (see :func:`huber` for a compromise).

    >>> mean_absolute_error([[1.0], [2.0], [10.0]], [1.0, 1.0, 1.0])
    3.3333333333333335
    """
    return float(np.mean(np.abs(_residuals(outputs, y, "mean_absolute_error"))))


def mean_absolute_error_gradient(outputs: ArrayLike, y: ArrayLike) -> F64:
    r""":math:`\operatorname{sign}(Z - Y)/(nk)`, with 0 where the residual is 0 (TensorFlow's
    gradient of ``abs`` at 0).

    >>> mean_absolute_error_gradient([[1.0], [2.0], [10.0]], [1.0, 1.0, 1.0])
    array([[0.        ],
           [0.33333333],
           [0.33333333]])
    """
    r = _residuals(outputs, y, "mean_absolute_error_gradient")
    return np.sign(r) / r.size


def huber(outputs: ArrayLike, y: ArrayLike, delta: float = 1.0) -> float:
    r"""Huber's loss (Huber 1964): quadratic for small residuals, linear for large ones.

    .. math::

        \ell(r) = \begin{cases} \tfrac12 r^2 & |r| \le \delta \\
        \delta\,(|r| - \tfrac12\delta) & |r| > \delta \end{cases},
        \qquad r = z - y,

    averaged over all elements (``keras.losses.Huber(delta)``). Squared error near the
    fit, absolute error for outliers: their gradient is capped at :math:`\delta`.

    >>> huber([[0.5], [3.0]], [0.0, 0.0])  # (0.125 + (3 - 0.5)) / 2
    1.3125
    """
    d = real_number(delta, "huber", "delta", positive=True)
    a = np.abs(_residuals(outputs, y, "huber"))
    return float(np.mean(np.where(a <= d, 0.5 * a * a, d * (a - 0.5 * d))))


def huber_gradient(outputs: ArrayLike, y: ArrayLike, delta: float = 1.0) -> F64:
    r""":math:`\operatorname{clip}(Z - Y, -\delta, \delta)/(nk)` for :func:`huber`.

    >>> huber_gradient([[0.5], [3.0]], [0.0, 0.0])
    array([[0.25],
           [0.5 ]])
    """
    d = real_number(delta, "huber_gradient", "delta", positive=True)
    r = _residuals(outputs, y, "huber_gradient")
    return np.clip(r, -d, d) / r.size


def log_cosh(outputs: ArrayLike, y: ArrayLike) -> float:
    r"""Mean of :math:`\log\cosh(z - y)` (``keras.losses.LogCosh``): about :math:`r^2/2` for
    small residuals and :math:`|r| - \log 2` for large ones, smooth everywhere.

    Computed as :math:`|r| + \operatorname{log1p}(e^{-2|r|}) - \log 2`, which neither
    overflows (``cosh(1000)`` is inf in float64) nor loses the small values. (Keras
    rounds :math:`\log 2` to float32 here, an error of 1.9e-9 per element in
    float64.)

    >>> round(log_cosh([[1.0], [1000.0]], [0.0, 0.0]), 9)  # (0.433781 + 999.306853) / 2
    499.870316825
    """
    a = np.abs(_residuals(outputs, y, "log_cosh"))
    return float(np.mean(a + np.log1p(np.exp(-2.0 * a)) - np.log(2.0)))


def log_cosh_gradient(outputs: ArrayLike, y: ArrayLike) -> F64:
    r""":math:`\tanh(Z - Y)/(nk)` for :func:`log_cosh`.

    >>> log_cosh_gradient([[0.0], [1000.0]], [0.0, 0.0])
    array([[0. ],
           [0.5]])
    """
    r = _residuals(outputs, y, "log_cosh_gradient")
    return np.tanh(r) / r.size


def _hinge_margins(scores: ArrayLike, y: ArrayLike, where: str) -> tuple[F64, F64]:
    """Scores and labels as -1/+1 (0/1 labels are converted, as Keras does)."""
    z = _logits(scores, where, "scores")
    t = encode_targets(y, "identity", z.shape[1], z.shape[0], where, rows_of="scores")
    if np.all((t == 0) | (t == 1)):
        t = 2.0 * t - 1.0
    elif not np.all((t == -1) | (t == 1)):
        found = ", ".join(sorted({f"{v:g}" for v in t[(t != -1) & (t != 1)][:5]}))
        raise ValueError(f"{where}: labels must be all -1/+1 or all 0/1, found {found}")
    return z, t


def hinge(scores: ArrayLike, y: ArrayLike) -> float:
    r"""Hinge loss of raw scores, :math:`\frac{1}{nk}\sum \max(0, 1 - t\,z)` with labels
    :math:`t \in \{-1, +1\}` (``keras.losses.Hinge``; labels 0/1 are converted to -1/+1).

    The loss of support vector machines: zero for a point on the right side with margin
    at least 1, linear otherwise. The perceptron criterion is the same without the 1.

    >>> hinge([[2.0], [0.5], [-1.0]], [1, 1, 1])  # (0 + 0.5 + 2) / 3
    0.8333333333333334
    """
    z, t = _hinge_margins(scores, y, "hinge")
    return float(np.mean(np.maximum(1.0 - t * z, 0.0)))


def hinge_gradient(scores: ArrayLike, y: ArrayLike) -> F64:
    r""":math:`-t\,[1 - t z \ge 0]/(nk)` for :func:`hinge`; at the kink :math:`t z = 1` it is
    :math:`-t/(nk)`, the branch TensorFlow's ``maximum`` takes at a tie.

    >>> hinge_gradient([[2.0], [0.5], [-1.0]], [1, 1, 1])
    array([[ 0.        ],
           [-0.33333333],
           [-0.33333333]])
    """
    z, t = _hinge_margins(scores, y, "hinge_gradient")
    return np.where(1.0 - t * z >= 0.0, -t, 0.0) / z.size


#: The output activations, each with the loss it is paired with.
OUTPUTS: dict[str, OutputLoss] = {
    rec.name: rec
    for rec in (
        OutputLoss(
            name="identity",
            activation=identity,
            loss_name="mean squared error",
            loss_formula=r"\frac1k\sum_j (z_j - y_j)^2",
            logit_gradient=r"\frac{2}{nk}(Z - Y)",
            keras_loss="MeanSquaredError",
            kernel=_mse_kernel,
        ),
        OutputLoss(
            name="sigmoid",
            activation=sigmoid,
            loss_name="binary cross-entropy",
            loss_formula=r"\frac1k\sum_j \operatorname{softplus}\bigl((1 - 2y_j)\,z_j\bigr)",
            logit_gradient=r"\frac{1}{nk}(\sigma(Z) - Y)",
            keras_loss="BinaryCrossentropy",
            kernel=_bce_kernel,
        ),
        OutputLoss(
            name="softmax",
            activation=softmax,
            loss_name="categorical cross-entropy",
            loss_formula=r"\log\sum_j e^{z_j} - \sum_j y_j z_j",
            logit_gradient=r"\frac1n(\operatorname{softmax}(Z) - Y)",
            keras_loss="CategoricalCrossentropy",
            kernel=_ce_kernel,
        ),
    )
}


def loss_table() -> str:
    """The three pairs as a Markdown table, for the book (generated, not typed).

    >>> print(loss_table().splitlines()[1])
    |---|---|---|---|---|
    """
    header = ["output activation", "loss", "loss of one sample", r"$\partial\mathcal L/\partial Z$"]
    lines = ["| " + " | ".join([*header, "Keras loss"]) + " |", "|---|---|---|---|---|"]
    for rec in OUTPUTS.values():
        flag = "" if rec.name == "identity" else "(from_logits=True)"
        lines.append(
            f"| {rec.name} | {rec.loss_name} | ${rec.loss_formula}$ | ${rec.logit_gradient}$ "
            f"| `keras.losses.{rec.keras_loss}{flag or '()'}` |"
        )
    return "\n".join(lines)
