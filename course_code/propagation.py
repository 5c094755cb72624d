r"""Multilayer perceptrons in NumPy: forward pass, losses, backpropagation, gradient checks.

A fully connected network with layer sizes :math:`n_0, n_1, \dots, n_L` maps a batch
:math:`X` (one sample per **row**, shape :math:`(n, n_0)`) through

.. math::

    A^{(0)} = X, \qquad
    Z^{(l)} = A^{(l-1)} W^{(l)} + \mathbf 1 \mathbf b^{(l)\top}, \qquad
    A^{(l)} = f_l\bigl(Z^{(l)}\bigr), \qquad l = 1, \dots, L,

with :math:`W^{(l)}` of shape :math:`(n_{l-1}, n_l)` -- the layout of a Keras ``Dense``
kernel, so weights copy across unchanged. The hidden activations :math:`f_1, \dots,
f_{L-1}` come from the registry :data:`course_code.activations.ACTIVATIONS`; the output
activation :math:`f_L` is one of :data:`OUTPUTS` and fixes the loss.

Backpropagation is the chain rule, organised by the *error signals*
:math:`\Delta^{(l)} = \partial \mathcal L / \partial Z^{(l)}` (same shape as
:math:`Z^{(l)}`):

.. math::

    \Delta^{(L)} = \frac{\partial \mathcal L}{\partial Z^{(L)}}, \qquad
    \Delta^{(l)} = \bigl(\Delta^{(l+1)} W^{(l+1)\top}\bigr) \odot f_l'\bigl(Z^{(l)}\bigr),

    \frac{\partial \mathcal L}{\partial W^{(l)}} = A^{(l-1)\top} \Delta^{(l)}, \qquad
    \frac{\partial \mathcal L}{\partial \mathbf b^{(l)}} = \Delta^{(l)\top} \mathbf 1 .

Each output activation is paired with the loss whose gradient at the logits
:math:`Z^{(L)}` is simply "prediction minus target" (see :data:`OUTPUTS`), and every
loss is computed from the logits, never from probabilities, so it is finite for every
finite logit (``log(sigmoid(z))`` would be ``log(0) = -inf`` for ``z = -1000``; the
cross-entropy of logits of ``±1e4`` is an exact ``2e4``).

:func:`numerical_gradient` and :func:`relative_error` check backpropagation against
centred finite differences; ``tests/test_propagation.py`` also checks it against
TensorFlow's autodiff and Keras' ``fit``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

from course_code.activations import (
    ACTIVATIONS,
    Activation,
    identity,
    log_softmax,
    sigmoid,
    softmax,
    softplus,
)

__all__ = [
    "INITS",
    "MLP",
    "OUTPUTS",
    "Backprop",
    "OutputLayer",
    "Trace",
    "binary_crossentropy",
    "categorical_crossentropy",
    "mean_squared_error",
    "numerical_gradient",
    "relative_error",
]

Array = NDArray[np.floating]

#: Weight initialisations accepted by :class:`MLP` (biases always start at zero).
INITS: tuple[str, ...] = ("he", "glorot", "normal")

_DTYPES = (np.dtype(np.float32), np.dtype(np.float64))


# ------------------------------------------------------------------------ targets


def _encode_targets(y: ArrayLike, output: str, k: int, n: int, where: str) -> NDArray[np.float64]:
    """Validate labels ``y`` for ``n`` samples and ``k`` outputs of kind ``output``.

    Returns the targets as a float64 matrix of shape ``(n, k)`` (class indices become
    one-hot rows), or raises a ValueError that says what was expected.
    """
    if isinstance(y, (str, bytes)) or y is None:
        raise ValueError(f"{where}: y must be an array of numbers, got {type(y).__name__}")
    try:
        arr = np.asarray(y)
    except (TypeError, ValueError) as exc:  # ragged nested lists
        raise ValueError(f"{where}: y must be an array of numbers ({exc})") from exc
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{where}: y must hold real numbers, got an array of dtype {arr.dtype}")
    if arr.ndim not in (1, 2):
        raise ValueError(f"{where}: y must be 1-D or 2-D, got shape {arr.shape}")
    if arr.shape[0] != n:
        raise ValueError(f"{where}: X has {n} rows but y has {arr.shape[0]}; they must match")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{where}: y must be finite (it contains NaN or inf)")

    if output == "softmax":
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
        bad = (T != 0.0) & (T != 1.0)
        if np.any(bad):
            found = ", ".join(sorted({f"{v:g}" for v in T[bad][:5]}))
            raise ValueError(
                f"{where}: labels for a sigmoid output must be 0 or 1, found {found} "
                "(for labels -1/+1 use (y + 1) // 2)"
            )
    return T


def _check_logits(z: ArrayLike, where: str) -> NDArray[np.float64]:
    if isinstance(z, (str, bytes)) or z is None:
        raise ValueError(f"{where}: logits must be an array of numbers, got {type(z).__name__}")
    arr = np.asarray(z)
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{where}: logits must hold real numbers, got dtype {arr.dtype}")
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise ValueError(
            f"{where}: logits must be 2-D, shape (n_samples, n_outputs); got shape {arr.shape}"
            + (" (use z.reshape(-1, 1) for one output)" if arr.ndim == 1 else "")
        )
    return arr.astype(np.float64)


# ------------------------------------------------------------------ loss kernels
# Each kernel takes float64 logits z (n, k) and targets T (n, k) and returns the loss
# and its gradient dL/dz. They run under errstate: with finite logits nothing
# overflows; a diverged network (inf logits) gives an inf or NaN loss, quietly, as in
# Keras.


def _mse_kernel(
    z: NDArray[np.float64], T: NDArray[np.float64]
) -> tuple[float, NDArray[np.float64]]:
    r = z - T
    return float(np.mean(r * r)), (2.0 / r.size) * r


def _bce_kernel(
    z: NDArray[np.float64], T: NDArray[np.float64]
) -> tuple[float, NDArray[np.float64]]:
    # -y log s(z) - (1-y) log s(-z) = softplus(-z) if y = 1, softplus(z) if y = 0: one
    # softplus of the "wrong-way" logit, exact in both tails. softplus(z) - y z is the
    # same number but cancels to 0 for y = 1, z >> 1 (true value e^-z).
    pos = T == 1.0
    loss = float(np.mean(softplus(np.where(pos, -z, z))))
    # s(z) - 1 cancels for large z; -s(-z) is the same number, to full precision.
    grad = np.where(pos, -sigmoid(-z), sigmoid(z)) / z.size
    return loss, grad


def _ce_kernel(z: NDArray[np.float64], T: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
    n = z.shape[0]
    logp = log_softmax(z, axis=1)  # log1p form: tiny losses keep their precision
    # 0 * log p is 0 even where p underflows (log p = -inf only for non-finite logits)
    loss = -float(np.sum(np.where(T > 0, T * logp, 0.0))) / n
    # p - 1 at the true class of a one-hot row is expm1(log p): no cancellation near p = 1
    grad = np.where(T == 1.0, np.expm1(logp), np.exp(logp) - T) / n
    return loss, grad


# ----------------------------------------------------------------- output layers


@dataclass(frozen=True)
class OutputLayer:
    """An output activation and the loss it is trained with.

    ``loss`` takes the *logits* :math:`Z^{(L)}` (pre-activations of the output layer)
    and targets in any form :class:`MLP` accepts, and returns the mean loss.
    ``keras_loss`` names the matching ``keras.losses`` class, used with
    ``from_logits=True`` on a linear last layer (``MeanSquaredError`` has no such flag:
    its "logits" are the outputs).
    """

    name: str
    activation: Callable[[ArrayLike], Any]
    loss_name: str
    loss: Callable[[ArrayLike, ArrayLike], float]
    loss_formula: str  #: LaTeX of the loss of one sample
    logit_gradient: str  #: LaTeX of dL/dZ for the whole batch (n samples, k outputs)
    keras_loss: str
    kernel: Callable[
        [NDArray[np.float64], NDArray[np.float64]], tuple[float, NDArray[np.float64]]
    ] = field(repr=False)


def _loss(output: str, z: ArrayLike, y: ArrayLike, where: str) -> float:
    z64 = _check_logits(z, where)
    if output == "softmax" and z64.shape[1] < 2:
        raise ValueError(f"{where}: softmax needs at least 2 outputs, got {z64.shape[1]}")
    T = _encode_targets(y, output, z64.shape[1], z64.shape[0], where)
    with np.errstate(over="ignore", invalid="ignore"):
        return OUTPUTS[output].kernel(z64, T)[0]


def mean_squared_error(outputs: ArrayLike, y: ArrayLike) -> float:
    r"""Mean squared error over **all** elements, the loss of an ``identity`` output.

    .. math:: \mathcal L = \frac{1}{nk}\sum_{i=1}^{n}\sum_{j=1}^{k} (z_{ij} - y_{ij})^2,
        \qquad \frac{\partial \mathcal L}{\partial Z} = \frac{2}{nk}(Z - Y)

    This is ``keras.losses.MeanSquaredError``: the mean over the last axis, then over
    the samples. (Some textbooks use :math:`\tfrac{1}{2n}\sum_i \lVert \mathbf z_i -
    \mathbf y_i\rVert^2` instead, to cancel the 2; that only rescales the learning rate.)

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
    return _loss("identity", outputs, y, "mean_squared_error")


def binary_crossentropy(logits: ArrayLike, y: ArrayLike) -> float:
    r"""Binary cross-entropy of a ``sigmoid`` output, from its logits, averaged over all
    elements (``keras.losses.BinaryCrossentropy(from_logits=True)``).

    With :math:`p = \sigma(z)` and a label :math:`y \in \{0, 1\}`,

    .. math::

        \ell(z, y) = -y\log\sigma(z) - (1 - y)\log\sigma(-z)
                   = \operatorname{softplus}\bigl((1 - 2y)\,z\bigr), \qquad
        \frac{\partial \mathcal L}{\partial Z} = \frac{1}{nk}\bigl(\sigma(Z) - Y\bigr).

    Notes
    -----
    The softplus form never takes ``log(0)``: ``log(sigmoid(-1000))`` is ``-inf`` in
    float64 while the loss, 1000, is perfectly representable. For :math:`y = 1` the
    gradient :math:`\sigma(z) - 1` is computed as :math:`-\sigma(-z)`, which keeps its
    precision when :math:`\sigma(z)` rounds to 1.

    Parameters
    ----------
    logits : array_like, shape (n, k)
    y : array_like of 0s and 1s, shape (n, k), or (n,) when k = 1

    Examples
    --------
    >>> round(binary_crossentropy([[0.0], [1000.0], [-1000.0]], [1, 1, 1]), 9)  # (log 2+0+1000)/3
    333.564382394
    """
    return _loss("sigmoid", logits, y, "binary_crossentropy")


def categorical_crossentropy(logits: ArrayLike, y: ArrayLike) -> float:
    r"""Categorical cross-entropy of a ``softmax`` output, from its logits, averaged over
    the samples (``keras.losses.CategoricalCrossentropy(from_logits=True)``, or
    ``SparseCategoricalCrossentropy`` for class indices).

    .. math::

        \ell(\mathbf z, \mathbf y) = -\sum_j y_j \log \operatorname{softmax}(\mathbf z)_j
            = \log\sum_j e^{z_j} - z_c \text{ (one-hot, class } c), \qquad
        \frac{\partial \mathcal L}{\partial Z}
            = \frac{1}{n}\bigl(\operatorname{softmax}(Z) - Y\bigr).

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

    Examples
    --------
    >>> round(categorical_crossentropy([[2.0, 0.0, -1.0]], [0]), 10)
    0.1698460196
    >>> categorical_crossentropy([[1e4, -1e4]], [1])
    20000.0
    """
    return _loss("softmax", logits, y, "categorical_crossentropy")


#: The output activations, each with the loss it is paired with.
OUTPUTS: dict[str, OutputLayer] = {
    "identity": OutputLayer(
        "identity",
        identity,
        "mean squared error",
        mean_squared_error,
        r"\frac1k\sum_j (z_j - y_j)^2",
        r"\frac{2}{nk}(Z - Y)",
        "MeanSquaredError",
        _mse_kernel,
    ),
    "sigmoid": OutputLayer(
        "sigmoid",
        sigmoid,
        "binary cross-entropy",
        binary_crossentropy,
        r"\frac1k\sum_j \operatorname{softplus}\bigl((1 - 2y_j) z_j\bigr)",
        r"\frac{1}{nk}(\sigma(Z) - Y)",
        "BinaryCrossentropy",
        _bce_kernel,
    ),
    "softmax": OutputLayer(
        "softmax",
        softmax,
        "categorical cross-entropy",
        categorical_crossentropy,
        r"\log\sum_j e^{z_j} - \sum_j y_j z_j",
        r"\frac1n(\operatorname{softmax}(Z) - Y)",
        "CategoricalCrossentropy",
        _ce_kernel,
    ),
}


# ------------------------------------------------------------------- the network


class Trace(NamedTuple):
    """Every intermediate value of a forward pass.

    ``pre_activations[l]`` is :math:`Z^{(l+1)}` and ``activations[l]`` is
    :math:`A^{(l+1)} = f_{l+1}(Z^{(l+1)})` (Python counts from 0, the maths from 1);
    ``activations[-1]`` is the network's output and ``pre_activations[-1]`` its logits.
    """

    inputs: Array
    pre_activations: list[Array]
    activations: list[Array]


class Backprop(NamedTuple):
    """Everything backpropagation computes for one batch.

    ``deltas[l]`` is :math:`\\Delta^{(l+1)} = \\partial\\mathcal L / \\partial Z^{(l+1)}`,
    the error signal of layer ``l`` (same shape as ``trace.pre_activations[l]``), and
    ``gradients[l]`` is ``(dW, db)`` of that layer.
    """

    trace: Trace
    loss: float
    deltas: list[Array]
    gradients: list[tuple[Array, Array]]


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


class MLP:
    r"""A multilayer perceptron (fully connected feed-forward network) in NumPy.

    Parameters
    ----------
    layer_sizes : sequence of int
        :math:`(n_0, n_1, \dots, n_L)`: inputs, hidden layer widths, outputs;
        at least two entries, each >= 1.
    hidden_activation : str or sequence of str, default "relu"
        Name of a registry activation (:data:`course_code.activations.ACTIVATIONS`) for
        every hidden layer, or one name per hidden layer. Each uses its registry
        parameters and its registry derivative. ``prelu`` keeps its registry slope
        ``alpha`` fixed (it is not trained here, unlike ``keras.layers.PReLU``).
    output_activation : {"identity", "sigmoid", "softmax"}, default "identity"
        The output activation, which also fixes the loss (see :data:`OUTPUTS`):
        mean squared error, binary cross-entropy or categorical cross-entropy.
    init : {"he", "glorot", "normal"}, default "he"
        Weight initialisation; biases start at 0.

        * ``"he"`` (He et al. 2015): :math:`W_{ij} \sim \mathcal N(0, 2/n_\text{in})`
          -- a plain normal (Keras' ``he_normal`` truncates at two standard deviations);
        * ``"glorot"`` (Glorot & Bengio 2010): uniform on :math:`[-r, r]`,
          :math:`r = \sqrt{6/(n_\text{in} + n_\text{out})}`, as Keras' default
          ``glorot_uniform``;
        * ``"normal"``: :math:`\mathcal N(0, 1)`, too large for deep networks (for the
          "what goes wrong" demonstrations).
    seed : int, default 0
        Seed of ``numpy.random.default_rng`` for the initial weights; the same seed
        gives the same weights. The weights are drawn in float64 and then rounded to
        ``dtype``, so float32 and float64 networks with one seed start at the same point.
    dtype : float32 or float64, default float64
        Dtype of the weights and of every computed array (inputs are converted). Losses
        are computed in float64 from the logits and returned as Python floats.

    Attributes
    ----------
    layer_sizes : tuple of int
    hidden_activations : tuple of str
        One registry name per hidden layer.
    output_activation, init : str
    dtype : numpy.dtype

    Notes
    -----
    Samples are rows: :math:`Z^{(l)} = A^{(l-1)}W^{(l)} + \mathbf b^{(l)}` with
    :math:`W^{(l)}` of shape ``(n_in, n_out)``, Keras' kernel layout, so that
    ``mlp.set_weights(keras_model.get_weights())`` copies a Keras network of ``Dense``
    layers. See the module docstring for the backpropagation equations.

    Examples
    --------
    >>> from course_code.data import xor
    >>> X, y = xor()
    >>> net = MLP([2, 4, 1], hidden_activation="tanh", output_activation="sigmoid", seed=1)
    >>> [(W.shape, b.shape) for W, b in net.params]
    [((2, 4), (4,)), ((4, 1), (1,))]
    >>> history = net.fit(X, y, epochs=500, batch_size=4, learning_rate=1.0)
    >>> net.predict_classes(X), history["loss"][-1] < 0.05
    (array([0, 1, 1, 0]), True)
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        hidden_activation: str | Sequence[str] = "relu",
        output_activation: str = "identity",
        init: str = "he",
        seed: int | None = 0,
        dtype: DTypeLike = np.float64,
    ) -> None:
        if isinstance(layer_sizes, (str, bytes)) or not isinstance(
            layer_sizes, Sequence | np.ndarray
        ):
            raise ValueError(
                f"layer_sizes must be a sequence of whole numbers, got {layer_sizes!r}"
            )
        sizes = list(layer_sizes)
        if len(sizes) < 2 or not all(_is_int(s) and s >= 1 for s in sizes):
            raise ValueError(
                "layer_sizes must list at least two whole numbers >= 1 (inputs, ..., outputs), "
                f"got {layer_sizes!r}"
            )
        self.layer_sizes: tuple[int, ...] = tuple(int(s) for s in sizes)
        n_hidden = len(sizes) - 2

        names = (
            [hidden_activation] * n_hidden
            if isinstance(hidden_activation, str)
            else hidden_activation
        )
        if isinstance(names, (bytes, Activation)) or not isinstance(names, Sequence):
            raise ValueError(
                f"hidden_activation must be a name or a list of names, got {hidden_activation!r}; "
                f"allowed names: {', '.join(ACTIVATIONS)}"
            )
        names = list(names)
        if len(names) != n_hidden:
            raise ValueError(
                f"hidden_activation lists {len(names)} names, but layer_sizes has {n_hidden} "
                "hidden layers"
            )
        for name in names:
            if not isinstance(name, str) or name not in ACTIVATIONS:
                raise ValueError(
                    f"unknown hidden activation {name!r}; allowed: {', '.join(ACTIVATIONS)}"
                )
        if isinstance(hidden_activation, str) and hidden_activation not in ACTIVATIONS:
            raise ValueError(
                f"unknown hidden activation {hidden_activation!r}; "
                f"allowed: {', '.join(ACTIVATIONS)}"
            )
        self.hidden_activations: tuple[str, ...] = tuple(names)
        self._hidden: list[Activation] = [ACTIVATIONS[name] for name in names]

        if output_activation not in OUTPUTS:
            raise ValueError(
                f"unknown output activation {output_activation!r}; allowed: {', '.join(OUTPUTS)} "
                "(each comes with its loss)"
            )
        if output_activation == "softmax" and self.layer_sizes[-1] < 2:
            raise ValueError(
                "a softmax output needs at least 2 units (one unit would always output 1); "
                "for two classes use 1 unit with output_activation='sigmoid'"
            )
        self.output_activation: str = output_activation
        self._output = OUTPUTS[output_activation]

        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; allowed: {', '.join(INITS)}")
        self.init: str = init
        self.seed = seed
        try:
            dt = np.dtype(dtype)
        except TypeError as exc:
            raise ValueError(f"dtype must be float32 or float64, got {dtype!r}") from exc
        if dt not in _DTYPES:
            raise ValueError(f"dtype must be float32 or float64, got {dt}")
        self.dtype: np.dtype = dt

        rng = np.random.default_rng(seed)
        self._W: list[Array] = []
        self._b: list[Array] = []
        for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True):
            if init == "he":
                W = rng.normal(0.0, math.sqrt(2.0 / n_in), size=(n_in, n_out))
            elif init == "glorot":
                r = math.sqrt(6.0 / (n_in + n_out))
                W = rng.uniform(-r, r, size=(n_in, n_out))
            else:
                W = rng.standard_normal(size=(n_in, n_out))
            self._W.append(W.astype(dt))
            self._b.append(np.zeros(n_out, dtype=dt))

    def __repr__(self) -> str:
        hidden = set(self.hidden_activations)
        h = (
            repr(self.hidden_activations[0])
            if len(hidden) == 1
            else repr(list(self.hidden_activations))
        )
        return (
            f"MLP({list(self.layer_sizes)}, hidden_activation={h}, "
            f"output_activation={self.output_activation!r}, init={self.init!r}, "
            f"seed={self.seed!r}, dtype={self.dtype.name})"
        )

    # ------------------------------------------------------------------ parameters

    @property
    def params(self) -> list[tuple[Array, Array]]:
        """The weights, as a list of ``(W, b)`` per layer, ``W`` of shape (n_in, n_out).

        Reading returns read-only **copies** (a snapshot: later training does not change
        it, and ``W -= ...`` raises instead of silently doing nothing). Assign a new list
        to change the weights::

            net.params = [(W - lr * dW, b - lr * db) for (W, b), (dW, db) in zip(net.params, grads)]

        Shapes are checked and the arrays are copied and converted to ``dtype``.
        """
        out = []
        for W, b in zip(self._W, self._b, strict=True):
            Wc, bc = W.copy(), b.copy()
            Wc.flags.writeable = False
            bc.flags.writeable = False
            out.append((Wc, bc))
        return out

    @params.setter
    def params(self, value: Sequence[tuple[ArrayLike, ArrayLike]]) -> None:
        L = len(self._W)
        try:
            pairs = list(value)
        except TypeError as exc:
            raise ValueError(
                f"params must be a list of (W, b) pairs, got {type(value).__name__}"
            ) from exc
        if len(pairs) != L:
            raise ValueError(f"params must have {L} (W, b) pairs, one per layer, got {len(pairs)}")
        new_W, new_b = [], []
        for i, (pair, W0, b0) in enumerate(zip(pairs, self._W, self._b, strict=True)):
            try:
                W, b = pair
            except (TypeError, ValueError) as exc:
                raise ValueError(f"params[{i}] must be a pair (W, b)") from exc
            new_W.append(self._check_param(W, W0.shape, f"params[{i}] W"))
            new_b.append(self._check_param(b, b0.shape, f"params[{i}] b"))
        self._W, self._b = new_W, new_b

    def _check_param(self, a: ArrayLike, shape: tuple[int, ...], what: str) -> Array:
        arr = np.asarray(a)
        if arr.dtype.kind not in "biuf":
            raise ValueError(f"{what} must hold real numbers, got dtype {arr.dtype}")
        if arr.shape != shape:
            raise ValueError(f"{what} must have shape {shape}, got {arr.shape}")
        with np.errstate(over="ignore"):
            out = np.array(arr, dtype=self.dtype, copy=True)
        if not np.all(np.isfinite(out)):
            raise ValueError(f"{what} must be finite in {self.dtype.name}")
        return out

    def get_weights(self) -> list[Array]:
        """The weights as a flat list ``[W1, b1, W2, b2, ...]`` (copies), the order of
        Keras' ``model.get_weights()`` for a stack of ``Dense`` layers."""
        return [a.copy() for pair in zip(self._W, self._b, strict=True) for a in pair]

    def set_weights(self, weights: Sequence[ArrayLike]) -> None:
        """Set the weights from a flat list ``[W1, b1, W2, b2, ...]``, e.g.
        ``keras_model.get_weights()`` of a stack of ``Dense`` layers."""
        weights = list(weights)
        if len(weights) != 2 * len(self._W):
            raise ValueError(
                f"set_weights needs {2 * len(self._W)} arrays [W1, b1, ...], got {len(weights)}"
            )
        self.params = list(zip(weights[::2], weights[1::2], strict=True))

    def count_params(self) -> int:
        """Number of weights and biases, :math:`\\sum_l (n_{l-1} + 1)\\,n_l`.

        >>> MLP([64, 64, 10]).count_params()
        4810
        """
        return sum(W.size + b.size for W, b in zip(self._W, self._b, strict=True))

    # ---------------------------------------------------------------- validation

    def _check_X(self, X: ArrayLike, where: str) -> Array:
        """X as a finite (n, n_0) array of ``dtype``, or a ValueError."""
        if isinstance(X, (str, bytes)) or X is None:
            raise ValueError(f"{where}: X must be a 2-D array of numbers, got {type(X).__name__}")
        try:
            arr = np.asarray(X)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{where}: X must be a 2-D array of numbers ({exc})") from exc
        if arr.dtype.kind not in "biuf":
            raise ValueError(
                f"{where}: X must hold real numbers, got an array of dtype {arr.dtype}"
            )
        n_in = self.layer_sizes[0]
        if arr.ndim != 2:
            raise ValueError(
                f"{where}: X must be 2-D, shape (n_samples, {n_in}); got shape {arr.shape}"
                + (" (use X.reshape(1, -1) for one sample)" if arr.ndim == 1 else "")
            )
        if arr.shape[0] == 0:
            raise ValueError(f"{where}: X has no rows (shape {arr.shape})")
        if arr.shape[1] != n_in:
            raise ValueError(
                f"{where}: X has {arr.shape[1]} features (columns), "
                f"but the network has {n_in} inputs"
            )
        if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
            bad = np.argwhere(~np.isfinite(arr))[0]
            raise ValueError(
                f"{where}: X must be finite; X[{bad[0]}, {bad[1]}] = {arr[tuple(bad)]}"
            )
        with np.errstate(over="ignore"):
            out = arr.astype(self.dtype, copy=False)
        if not np.all(np.isfinite(out)):
            raise ValueError(f"{where}: X has values beyond the range of {self.dtype.name}")
        return out

    def _targets(self, y: ArrayLike, n: int, where: str) -> NDArray[np.float64]:
        return _encode_targets(y, self.output_activation, self.layer_sizes[-1], n, where)

    # ------------------------------------------------------------------ forward

    def _forward(self, X: Array, output: bool = True) -> tuple[list[Array], list[Array]]:
        """Pre-activations and activations of every layer (the last activation only when
        ``output``: training needs the logits, not the probabilities)."""
        zs: list[Array] = []
        acts: list[Array] = []
        a = X
        last = len(self._W) - 1
        for i, (W, b) in enumerate(zip(self._W, self._b, strict=True)):
            z = a @ W + b
            zs.append(z)
            if i < last:
                a = self._hidden[i](z)
                acts.append(a)
            elif output:
                acts.append(self._output.activation(z))
        return zs, acts

    def forward(self, X: ArrayLike) -> Array:
        r"""The network's output :math:`A^{(L)} = f_L(Z^{(L)})` for a batch ``X``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_inputs)

        Returns
        -------
        ndarray, shape (n_samples, n_outputs), of ``dtype``
            Probabilities for sigmoid/softmax outputs, raw values for identity.

        Examples
        --------
        >>> net = MLP([2, 3, 2], output_activation="softmax")
        >>> p = net.forward([[1.0, -1.0], [0.5, 2.0]])
        >>> p.shape, np.allclose(p.sum(axis=1), 1.0)
        ((2, 2), True)
        """
        X = self._check_X(X, "MLP.forward")
        return self._forward(X)[1][-1]

    def logits(self, X: ArrayLike) -> Array:
        """The pre-activations :math:`Z^{(L)}` of the output layer (what the losses take)."""
        X = self._check_X(X, "MLP.logits")
        return self._forward(X, output=False)[0][-1]

    def forward_trace(self, X: ArrayLike) -> Trace:
        """The forward pass with every intermediate value: a :class:`Trace`.

        Examples
        --------
        >>> net = MLP([2, 2, 1], hidden_activation="relu", output_activation="sigmoid")
        >>> net.params = [([[1.0, -1.0], [2.0, 0.5]], [0.0, -0.5]), ([[1.0], [-2.0]], [0.25])]
        >>> t = net.forward_trace([[1.0, 1.0]])
        >>> t.pre_activations[0], t.activations[0]      # Z1 = X W1 + b1, A1 = relu(Z1)
        (array([[ 3., -1.]]), array([[3., 0.]]))
        >>> t.pre_activations[1], t.activations[1]      # Z2 = A1 W2 + b2, sigmoid(Z2)
        (array([[3.25]]), array([[0.96267311]]))
        """
        X = self._check_X(X, "MLP.forward_trace")
        zs, acts = self._forward(X)
        return Trace(X, zs, acts)

    # ----------------------------------------------------------- loss, gradients

    def _loss_grad(self, z: Array, T: NDArray[np.float64]) -> tuple[float, Array]:
        with np.errstate(over="ignore", invalid="ignore"):
            loss, g = self._output.kernel(z.astype(np.float64, copy=False), T)
        return loss, g.astype(self.dtype, copy=False)

    def _backward(
        self, X: Array, zs: list[Array], acts: list[Array], delta: Array
    ) -> tuple[list[tuple[Array, Array]], list[Array]]:
        L = len(self._W)
        grads: list[tuple[Array, Array]] = [None] * L  # type: ignore[list-item]
        deltas: list[Array] = [None] * L  # type: ignore[list-item]
        for i in range(L - 1, -1, -1):
            deltas[i] = delta
            a_prev = X if i == 0 else acts[i - 1]
            grads[i] = (a_prev.T @ delta, delta.sum(axis=0))
            if i > 0:
                delta = (delta @ self._W[i].T) * self._hidden[i - 1].grad(zs[i - 1])
        return grads, deltas

    def loss(self, X: ArrayLike, y: ArrayLike) -> float:
        """The mean loss of the batch, from the logits (see :data:`OUTPUTS`).

        Parameters
        ----------
        X : array_like, shape (n_samples, n_inputs)
        y : array_like
            identity: targets (n, k), or (n,) if k = 1; sigmoid: 0/1 labels of the same
            shapes; softmax: class indices (n,) or one-hot rows (n, k).

        Examples
        --------
        >>> net = MLP([1, 1], output_activation="identity")
        >>> net.params = [([[2.0]], [1.0])]
        >>> net.loss([[1.0], [2.0]], [3.0, 4.0])          # ((3-3)^2 + (5-4)^2) / 2
        0.5
        """
        X = self._check_X(X, "MLP.loss")
        T = self._targets(y, X.shape[0], "MLP.loss")
        zs, _ = self._forward(X, output=False)
        return self._loss_grad(zs[-1], T)[0]

    def gradients(self, X: ArrayLike, y: ArrayLike) -> list[tuple[Array, Array]]:
        r"""Gradients of :meth:`loss` by backpropagation: a list of ``(dW, db)``,
        shaped like :attr:`params`.

        Examples
        --------
        >>> net = MLP([1, 1], output_activation="identity")
        >>> net.params = [([[2.0]], [1.0])]
        >>> net.gradients([[1.0], [2.0]], [3.0, 4.0])     # dL/dz = (0, 1); dW = x.T dL/dz
        [(array([[2.]]), array([1.]))]
        """
        return self.backward_trace(X, y).gradients

    def backward_trace(self, X: ArrayLike, y: ArrayLike) -> Backprop:
        """Forward and backward pass with every intermediate value: a :class:`Backprop`
        (the trace, the loss, the error signal of every layer and the gradients)."""
        X = self._check_X(X, "MLP.backward_trace")
        T = self._targets(y, X.shape[0], "MLP.backward_trace")
        zs, acts = self._forward(X)
        loss, delta = self._loss_grad(zs[-1], T)
        grads, deltas = self._backward(X, zs, acts, delta)
        return Backprop(Trace(X, zs, acts), loss, deltas, grads)

    # ------------------------------------------------------------------ training

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        epochs: int,
        batch_size: int,
        learning_rate: float,
        shuffle: bool = True,
        seed: int | None = 0,
        validation_data: tuple[ArrayLike, ArrayLike] | None = None,
    ) -> dict[str, list[float]]:
        r"""Train by mini-batch stochastic gradient descent; returns the history.

        Each epoch visits the rows of ``X`` in batches of ``batch_size`` (the last one
        may be smaller), in a fresh random order when ``shuffle`` (one
        ``numpy.random.default_rng(seed)`` for the whole run), and after each batch takes
        the plain gradient step :math:`W \leftarrow W - \eta\,\partial\mathcal L_B/\partial W`
        (``keras.optimizers.SGD(learning_rate)`` without momentum).

        Parameters
        ----------
        X, y : array_like
            As for :meth:`loss`.
        epochs, batch_size : int
            At least 1; a ``batch_size`` above the number of samples means full-batch
            gradient descent.
        learning_rate : float
            :math:`\eta > 0`.
        shuffle : bool, default True
        seed : int, default 0
            Seed of the shuffling order.
        validation_data : (X_val, y_val), optional
            Adds ``"val_loss"``: the loss on this set after each epoch.

        Returns
        -------
        dict of lists
            ``"loss"``: for each epoch, the mean of the batch losses weighted by batch
            size, each computed in the forward pass *before* that batch's update -- what
            Keras' ``fit`` reports, not the loss on the training set at the end of the
            epoch. ``"val_loss"`` with ``validation_data``.

        Notes
        -----
        If training diverges (too large a learning rate), losses become ``inf`` or
        ``nan`` and training continues without warnings, as in Keras: check
        ``np.isfinite(history["loss"])``.
        """
        X = self._check_X(X, "MLP.fit")
        T = self._targets(y, X.shape[0], "MLP.fit")
        if not _is_int(epochs) or epochs < 1:
            raise ValueError(f"MLP.fit: epochs must be a whole number >= 1, got {epochs!r}")
        if not _is_int(batch_size) or batch_size < 1:
            raise ValueError(f"MLP.fit: batch_size must be a whole number >= 1, got {batch_size!r}")
        if (
            isinstance(learning_rate, bool)
            or not isinstance(learning_rate, numbers.Real)
            or not (math.isfinite(learning_rate) and learning_rate > 0)
        ):
            raise ValueError(
                f"MLP.fit: learning_rate must be a positive finite number, got {learning_rate!r}"
            )
        lr = float(learning_rate)
        history: dict[str, list[float]] = {"loss": []}
        if validation_data is not None:
            try:
                X_val, y_val = validation_data
            except (TypeError, ValueError) as exc:
                raise ValueError("MLP.fit: validation_data must be a pair (X_val, y_val)") from exc
            X_val = self._check_X(X_val, "MLP.fit validation_data")
            T_val = self._targets(y_val, X_val.shape[0], "MLP.fit validation_data")
            history["val_loss"] = []

        rng = np.random.default_rng(seed)
        n = X.shape[0]
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(int(epochs)):
                if shuffle:
                    order = rng.permutation(n)
                    Xe, Te = X[order], T[order]
                else:
                    Xe, Te = X, T
                total = 0.0
                for start in range(0, n, batch_size):
                    xb = Xe[start : start + batch_size]
                    tb = Te[start : start + batch_size]
                    zs, acts = self._forward(xb, output=False)
                    loss, delta = self._loss_grad(zs[-1], tb)
                    grads, _ = self._backward(xb, zs, acts, delta)
                    for W, b, (dW, db) in zip(self._W, self._b, grads, strict=True):
                        W -= lr * dW
                        b -= lr * db
                    total += loss * xb.shape[0]
                history["loss"].append(total / n)
                if validation_data is not None:
                    z_val = self._forward(X_val, output=False)[0][-1]
                    history["val_loss"].append(self._loss_grad(z_val, T_val)[0])
        return history

    # --------------------------------------------------------------- prediction

    def predict_classes(self, X: ArrayLike) -> NDArray[np.int64]:
        """Predicted classes: the argmax for a softmax output, shape (n,); for a sigmoid
        output 1 where the probability exceeds 1/2 (the logit is > 0), shape (n,) for one
        unit, else (n, k).

        >>> net = MLP([2, 1], output_activation="sigmoid")
        >>> net.params = [([[1.0], [-1.0]], [0.0])]
        >>> net.predict_classes([[2.0, 1.0], [1.0, 2.0]])
        array([1, 0])
        """
        if self.output_activation == "identity":
            raise ValueError(
                "predict_classes needs a 'sigmoid' or 'softmax' output; this network's output "
                "is 'identity' (use forward for regression)"
            )
        z = self._forward(self._check_X(X, "MLP.predict_classes"), output=False)[0][-1]
        if self.output_activation == "softmax":
            return np.argmax(z, axis=1).astype(np.int64)
        pred = (z > 0).astype(np.int64)
        return pred[:, 0] if pred.shape[1] == 1 else pred

    def accuracy(self, X: ArrayLike, y: ArrayLike) -> float:
        """Fraction of correctly classified samples (of correct labels, for several
        sigmoid units).

        >>> net = MLP([2, 1], output_activation="sigmoid")
        >>> net.params = [([[1.0], [-1.0]], [0.0])]
        >>> net.accuracy([[2.0, 1.0], [1.0, 2.0]], [1, 1])
        0.5
        """
        pred = self.predict_classes(X)
        T = self._targets(y, pred.shape[0], "MLP.accuracy")
        if self.output_activation == "softmax":
            return float(np.mean(pred == np.argmax(T, axis=1)))
        return float(np.mean(pred.reshape(T.shape) == T))


# --------------------------------------------------------------- gradient checking


def numerical_gradient(
    f: Callable[[NDArray[np.float64]], float], x: ArrayLike, h: float = 1e-5
) -> NDArray[np.float64]:
    r"""Gradient of a scalar function by centred differences, one coordinate at a time.

    .. math:: \frac{\partial f}{\partial x_i} \approx
        \frac{f(\mathbf x + h\mathbf e_i) - f(\mathbf x - h\mathbf e_i)}{2h}

    The error is :math:`O(h^2)` from truncation plus about
    :math:`\varepsilon |f| / h` from rounding; :math:`h = 10^{-5}` balances the two in
    float64 (relative errors around 1e-10 for smooth ``f``). It is a float64 tool: in
    float32 the rounding term alone is about 1e-2 relative. Near a kink (ReLU at 0) the
    formula averages the two one-sided slopes, and disagrees with any backprop value.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` (a fresh float64 copy on every call) and returns
        a number.
    x : array_like
        Point at which to differentiate; not modified.
    h : float, default 1e-5
        Step, > 0. The difference is divided by the step actually taken,
        :math:`(x_i + h) - (x_i - h)` in floating point.

    Returns
    -------
    ndarray of float64, shaped like ``x``

    Examples
    --------
    >>> g = numerical_gradient(lambda v: float(np.sum(v ** 3)), np.array([1.0, 2.0]))
    >>> np.round(g, 8)
    array([ 3., 12.])
    """
    if not callable(f):
        raise ValueError(f"numerical_gradient: f must be callable, got {type(f).__name__}")
    if isinstance(h, bool) or not isinstance(h, numbers.Real) or not (math.isfinite(h) and h > 0):
        raise ValueError(f"numerical_gradient: h must be a positive finite number, got {h!r}")
    try:
        x0 = np.array(x, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"numerical_gradient: x must be an array of numbers ({exc})") from exc
    grad = np.empty_like(x0)
    flat = x0.reshape(-1)
    gflat = grad.reshape(-1)
    for i in range(flat.size):
        xi = flat[i]
        up, down = xi + h, xi - h
        xp = flat.copy()
        xp[i] = up
        xm = flat.copy()
        xm[i] = down
        gflat[i] = (float(f(xp.reshape(x0.shape))) - float(f(xm.reshape(x0.shape)))) / (up - down)
    return grad


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    r"""Relative error of two arrays, :math:`\max_i |a_i - b_i| / \max_i (|a_i| + |b_i|)`.

    One scale for the whole array, so tiny entries (say, gradients that are nearly zero)
    do not blow the error up; both arrays all zero give 0 (the denominator is at least
    the smallest normal float). NaN anywhere gives NaN.

    Examples
    --------
    >>> print(f"{relative_error([1.0, 2.0], [1.0, 2.0 + 4e-9]):.1e}")
    1.0e-09
    >>> relative_error([0.0, 0.0], [0.0, 0.0])
    0.0
    """
    try:
        a_ = np.asarray(a, dtype=np.float64)
        b_ = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"relative_error: a and b must be arrays of numbers ({exc})") from exc
    if a_.shape != b_.shape:
        raise ValueError(f"relative_error: a has shape {a_.shape} but b has shape {b_.shape}")
    if a_.size == 0:
        raise ValueError("relative_error: a and b are empty")
    num = np.max(np.abs(a_ - b_))
    den = max(float(np.max(np.abs(a_) + np.abs(b_))), np.finfo(np.float64).tiny)
    return float(num / den) if not np.isnan(den) else math.nan
