r"""A multilayer perceptron in NumPy: forward pass, backpropagation, mini-batch SGD.

A fully connected network with layer sizes :math:`n_0, n_1, \dots, n_L` maps a batch
:math:`X` (one sample per **row**, shape :math:`(n, n_0)`) through

.. math::

    A^{(0)} = X, \qquad
    Z^{(l)} = A^{(l-1)} W^{(l)} + \mathbf 1 \mathbf b^{(l)\top}, \qquad
    A^{(l)} = f_l\bigl(Z^{(l)}\bigr), \qquad l = 1, \dots, L,

with :math:`W^{(l)}` of shape :math:`(n_{l-1}, n_l)` -- the layout of a Keras ``Dense``
kernel, so weights copy across unchanged. The hidden activations come from the registry
:data:`course_code.activations.ACTIVATIONS`; the output activation is one of
:data:`course_code.losses.OUTPUTS` and fixes the loss, which is computed from the logits
:math:`Z^{(L)}`.

Backpropagation is the chain rule, organised by the *error signals*
:math:`\Delta^{(l)} = \partial \mathcal L / \partial Z^{(l)}`:

.. math::

    \Delta^{(L)} = \frac{\partial \mathcal L}{\partial Z^{(L)}}, \qquad
    \Delta^{(l)} = \bigl(\Delta^{(l+1)} W^{(l+1)\top}\bigr) \odot f_l'\bigl(Z^{(l)}\bigr),

    \frac{\partial \mathcal L}{\partial W^{(l)}} = A^{(l-1)\top} \Delta^{(l)}, \qquad
    \frac{\partial \mathcal L}{\partial \mathbf b^{(l)}} = \Delta^{(l)\top} \mathbf 1 .

The three methods that do the mathematics, :meth:`MLP._forward`, :meth:`MLP._backward`
and the loop of :meth:`MLP.fit`, come first in the class; checking arguments and
bookkeeping come after them. ``tests/test_propagation.py`` checks the gradients against
finite differences (:mod:`course_code.gradcheck`) and TensorFlow, and whole training runs
against Keras' ``fit``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

from course_code import _validation as check
from course_code.activations import ACTIVATIONS, Activation
from course_code.losses import OUTPUTS, encode_targets
from course_code.optim import Optimizer, get_optimizer

__all__ = ["INITS", "MLP", "Backprop", "Trace"]

Array = NDArray[np.floating]
Gradients = list[tuple[Array, Array]]

#: Weight initialisations accepted by :class:`MLP` (biases always start at zero).
INITS: tuple[str, ...] = ("he", "glorot", "normal")


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
    gradients: Gradients


class MLP:
    r"""A multilayer perceptron (fully connected feed-forward network) in NumPy.

    Parameters
    ----------
    layer_sizes : sequence of int
        :math:`(n_0, n_1, \dots, n_L)`: inputs, hidden layer widths, outputs; at least two
        entries, each >= 1.
    hidden_activation : str or sequence of str, default "relu"
        Name of a registry activation for every hidden layer, or one name per hidden
        layer. Each uses the registry's keyword arguments (``rec.kwargs``) and derivative.
        ``prelu`` keeps its registry slope 0.25 fixed (it is not trained here, unlike
        ``keras.layers.PReLU``).
    output_activation : {"identity", "sigmoid", "softmax"}, default "identity"
        The output activation, which also fixes the loss (see
        :data:`course_code.losses.OUTPUTS`).
    init : {"he", "glorot", "normal"}, default "he"
        Weight initialisation; biases start at 0. Note that Keras' ``Dense`` layers
        default to ``glorot_uniform``, not to He.

        * ``"he"`` (He et al. 2015): :math:`W_{ij} \sim \mathcal N(0, 2/n_\text{in})`,
          a plain normal (Keras' ``he_normal`` truncates at two standard deviations);
        * ``"glorot"`` (Glorot & Bengio 2010): uniform on :math:`[-r, r]`,
          :math:`r = \sqrt{6/(n_\text{in} + n_\text{out})}`, Keras' ``glorot_uniform``;
        * ``"normal"``: :math:`\mathcal N(0, 1)`, too large for deep networks (for the
          "what goes wrong" demonstrations).
    seed : int or None, default 0
        Seed of the network's one random generator, ``numpy.random.default_rng(seed)``:
        it draws the initial weights and then, call after call of :meth:`fit`, the order
        in which the batches visit the data. The same seed gives the same weights and the
        same training run. Weights are drawn in float64 and rounded to ``dtype``, so
        float32 and float64 networks with one seed start at the same point.
    dtype : float32 or float64, default float64
        Dtype of the weights and of every computed array (inputs are converted). Losses
        are computed in float64 from the logits and returned as Python floats.

    Attributes
    ----------
    layer_sizes : tuple of int
    hidden_activations : tuple of str
    output_activation, init : str
    dtype : numpy.dtype

    Examples
    --------
    >>> from course_code.data import xor
    >>> X, y = xor()
    >>> net = MLP([2, 4, 1], hidden_activation="tanh", output_activation="sigmoid", seed=1)
    >>> [(W.shape, b.shape) for W, b in net.weights]
    [((2, 4), (4,)), ((4, 1), (1,))]
    >>> history = net.fit(X, y, epochs=500, batch_size=4, learning_rate=1.0)
    >>> net.classify(X), history["loss"][-1] < 0.05
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
        self.layer_sizes = _layer_sizes(layer_sizes)
        self.hidden_activations = _hidden_names(hidden_activation, len(self.layer_sizes) - 2)
        self._hidden: list[Activation] = [ACTIVATIONS[name] for name in self.hidden_activations]
        self._hidden_fns = [rec.unchecked() for rec in self._hidden]  # (f, f') per layer
        self.output_activation = _output_name(output_activation, self.layer_sizes[-1])
        self._output = OUTPUTS[self.output_activation]
        if not isinstance(init, str):
            raise TypeError(f"MLP: init must be a string, got {type(init).__name__}")
        if init not in INITS:
            raise ValueError(f"MLP: unknown init {init!r}; allowed: {', '.join(INITS)}")
        self.init = init
        self.seed = None if seed is None else check.positive_int(seed, "MLP", "seed", minimum=0)
        self.dtype = check.float_dtype(dtype, "MLP")
        self._rng = np.random.default_rng(seed)
        self._W: list[Array] = []
        self._b: list[Array] = []
        for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True):
            if init == "he":
                W = self._rng.normal(0.0, math.sqrt(2.0 / n_in), size=(n_in, n_out))
            elif init == "glorot":
                r = math.sqrt(6.0 / (n_in + n_out))
                W = self._rng.uniform(-r, r, size=(n_in, n_out))
            else:
                W = self._rng.standard_normal(size=(n_in, n_out))
            self._W.append(W.astype(self.dtype))
            self._b.append(np.zeros(n_out, dtype=self.dtype))

    # ----------------------------------------------------------- the mathematics

    def _forward(self, X: Array, output: bool = True) -> tuple[list[Array], list[Array]]:
        """Pre-activations and activations of every layer (the last activation only when
        ``output``: training needs the logits, not the probabilities)."""
        zs: list[Array] = []
        acts: list[Array] = []
        a = X
        for layer, (W, b) in enumerate(zip(self._W, self._b, strict=True)):
            z = a @ W + b
            zs.append(z)
            if layer < len(self._hidden):
                a = self._hidden_fns[layer][0](z)
                acts.append(a)
            elif output:
                acts.append(self._output.activation(z))
        return zs, acts

    def _backward(
        self, X: Array, zs: list[Array], acts: list[Array], delta: Array
    ) -> tuple[Gradients, list[Array]]:
        """Gradients and error signals of every layer, from the output's error signal."""
        grads: Gradients = []
        deltas: list[Array] = []
        for layer in reversed(range(len(self._W))):
            deltas.insert(0, delta)
            a_prev = X if layer == 0 else acts[layer - 1]
            grads.insert(0, (a_prev.T @ delta, delta.sum(axis=0)))
            if layer > 0:
                delta = (delta @ self._W[layer].T) * self._hidden_fns[layer - 1][1](zs[layer - 1])
        return grads, deltas

    def fit(
        self,
        X: ArrayLike,
        y: ArrayLike,
        *,
        epochs: int = 1,
        batch_size: int = 32,
        optimizer: str | Optimizer = "sgd",
        learning_rate: float | None = None,
        shuffle: bool = True,
        validation_data: tuple[ArrayLike, ArrayLike] | None = None,
    ) -> dict[str, list[float]]:
        r"""Train by mini-batch gradient descent; returns the history.

        Each epoch visits the rows of ``X`` in batches of ``batch_size`` (the last one may
        be smaller), in a fresh random order when ``shuffle``; after each batch the
        optimizer takes one step with the batch's gradients. With the default plain SGD
        that step is :math:`W \leftarrow W - \eta\,\partial\mathcal L_B/\partial W`.
        All arguments after ``y`` are keywords, as in
        ``net.fit(X, y, epochs=20, batch_size=32, learning_rate=0.1)``.

        Parameters
        ----------
        X, y : array_like
            As for :meth:`loss`.
        epochs : int, default 1
        batch_size : int, default 32
            A ``batch_size`` above the number of samples means full-batch gradient descent.
        optimizer : str or course_code.optim.Optimizer, default "sgd"
            A name (``"sgd"``, ``"adam"``, ...; a new optimizer with Keras' defaults and
            ``learning_rate`` if given) or an optimizer object, whose state (momentum,
            moment estimates, step count) lives on in it from one call to the next.
        learning_rate : float, optional
            :math:`\eta > 0` for an optimizer given by name (default: the optimizer's
            own, 0.01 for SGD as in Keras); give it to the object's constructor instead.
        shuffle : bool, default True
            The shuffled order comes from the network's generator (see ``seed``), which
            keeps going from one call to the next, as in Keras: a loop of one-epoch calls
            sees a new order every epoch, and reruns of the same loop are identical.
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
        X_, T = self._data(X, y, "MLP.fit")
        epochs = check.positive_int(epochs, "MLP.fit", "epochs")
        batch_size = check.positive_int(batch_size, "MLP.fit", "batch_size")
        opt = _optimizer(optimizer, learning_rate)
        shuffle = check.flag(shuffle, "MLP.fit", "shuffle")
        val = None if validation_data is None else self._validation_data(validation_data)
        history: dict[str, list[float]] = {"loss": [], **({"val_loss": []} if val else {})}
        variables = self.get_variables()
        step: Callable[[list[Array], list[Array]], None] = opt.apply  # with every check
        n = X_.shape[0]
        kernel, targets = self._output.batch_kernel(T)
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(epochs):
                order = self._rng.permutation(n) if shuffle else slice(None)
                Xe, Te = X_[order], targets[order]
                total = 0.0
                for start in range(0, n, batch_size):
                    xb, tb = Xe[start : start + batch_size], Te[start : start + batch_size]
                    zs, acts = self._forward(xb, output=False)
                    loss, g = kernel(zs[-1].astype(np.float64, copy=False), tb)
                    delta = g.astype(self.dtype, copy=False)
                    grads, _ = self._backward(xb, zs, acts, delta)
                    step([g for pair in grads for g in pair], variables)
                    step = opt._apply_checked  # the same arrays from now on: checked once
                    total += loss * xb.shape[0]
                history["loss"].append(total / n)
                if val:
                    z_val = self._forward(val[0], output=False)[0][-1]
                    history["val_loss"].append(self._loss_and_delta(z_val, val[1])[0])
        return history

    def _loss_and_delta(self, z: Array, T: NDArray[np.float64]) -> tuple[float, Array]:
        """The batch loss and :math:`\\Delta^{(L)}`, computed in float64 from the logits
        (callers run it under ``np.errstate``: a diverged network's inf logits give an
        inf or NaN loss, quietly, as in Keras)."""
        loss, g = self._output.kernel(z.astype(np.float64, copy=False), T)
        return loss, g.astype(self.dtype, copy=False)

    # ------------------------------------------------------------- public passes

    def forward(self, X: ArrayLike) -> Array:
        r"""The network's output :math:`A^{(L)} = f_L(Z^{(L)})` for a batch ``X``.

        Returns an array of shape (n_samples, n_outputs) of ``dtype``: probabilities for
        sigmoid/softmax outputs, raw values for identity.

        >>> net = MLP([2, 3, 2], output_activation="softmax")
        >>> p = net.forward([[1.0, -1.0], [0.5, 2.0]])
        >>> p.shape, np.allclose(p.sum(axis=1), 1.0)
        ((2, 2), True)
        """
        return self._forward(self._inputs(X, "MLP.forward"))[1][-1]

    def logits(self, X: ArrayLike) -> Array:
        """The pre-activations :math:`Z^{(L)}` of the output layer (what the losses take).

        For an identity output they are the outputs themselves.
        """
        return self._forward(self._inputs(X, "MLP.logits"), output=False)[0][-1]

    def forward_trace(self, X: ArrayLike) -> Trace:
        """The forward pass with every intermediate value: a :class:`Trace`.

        >>> net = MLP([2, 2, 1], hidden_activation="relu", output_activation="sigmoid")
        >>> net.weights = [([[1.0, -1.0], [2.0, 0.5]], [0.0, -0.5]), ([[1.0], [-2.0]], [0.25])]
        >>> t = net.forward_trace([[1.0, 1.0]])
        >>> t.pre_activations[0], t.activations[0]      # Z1 = X W1 + b1, A1 = relu(Z1)
        (array([[ 3., -1.]]), array([[3., 0.]]))
        >>> t.pre_activations[1], t.activations[1]      # Z2 = A1 W2 + b2, sigmoid(Z2)
        (array([[3.25]]), array([[0.96267311]]))
        """
        X_ = self._inputs(X, "MLP.forward_trace")
        zs, acts = self._forward(X_)
        return Trace(X_, zs, acts)

    def loss(self, X: ArrayLike, y: ArrayLike) -> float:
        """The mean loss of the batch, from the logits (see :data:`~course_code.losses.OUTPUTS`).

        ``y``: identity output -- targets (n, k), or (n,) if k = 1; sigmoid -- 0/1 labels of
        the same shapes; softmax -- class indices (n,) or one-hot rows (n, k).

        >>> net = MLP([1, 1], output_activation="identity")
        >>> net.weights = [([[2.0]], [1.0])]
        >>> net.loss([[1.0], [2.0]], [3.0, 4.0])          # ((3-3)^2 + (5-4)^2) / 2
        0.5
        """
        X_, T = self._data(X, y, "MLP.loss")
        with np.errstate(over="ignore", invalid="ignore"):
            return self._loss_and_delta(self._forward(X_, output=False)[0][-1], T)[0]

    def gradients(self, X: ArrayLike, y: ArrayLike) -> Gradients:
        r"""Gradients of :meth:`loss` by backpropagation: a list of ``(dW, db)``, shaped
        like :attr:`weights`.

        >>> net = MLP([1, 1], output_activation="identity")
        >>> net.weights = [([[2.0]], [1.0])]
        >>> net.gradients([[1.0], [2.0]], [3.0, 4.0])     # dL/dz = (0, 1); dW = x.T dL/dz
        [(array([[2.]]), array([1.]))]
        """
        return self.backward_trace(X, y).gradients

    def backward_trace(self, X: ArrayLike, y: ArrayLike) -> Backprop:
        """Forward and backward pass with every intermediate value: a :class:`Backprop`
        (the trace, the loss, the error signal of every layer and the gradients)."""
        X_, T = self._data(X, y, "MLP.backward_trace")
        with np.errstate(over="ignore", invalid="ignore"):
            zs, acts = self._forward(X_)
            loss, delta = self._loss_and_delta(zs[-1], T)
            grads, deltas = self._backward(X_, zs, acts, delta)
        return Backprop(Trace(X_, zs, acts), loss, deltas, grads)

    def classify(self, X: ArrayLike) -> NDArray[np.int64]:
        """Predicted class labels: the argmax of the logits for a softmax output, shape
        (n,); for a sigmoid output 1 where the probability exceeds 1/2 (the logit is > 0),
        shape (n,) for one unit, else (n, k).

        (Keras 3 has no such method: there one takes ``argmax`` of ``model.predict``.)

        >>> net = MLP([2, 1], output_activation="sigmoid")
        >>> net.weights = [([[1.0], [-1.0]], [0.0])]
        >>> net.classify([[2.0, 1.0], [1.0, 2.0]])
        array([1, 0])
        """
        if self.output_activation == "identity":
            raise ValueError(
                "MLP.classify: needs a 'sigmoid' or 'softmax' output; this network's output "
                "is 'identity' (use forward for regression)"
            )
        z = self._forward(self._inputs(X, "MLP.classify"), output=False)[0][-1]
        if self.output_activation == "softmax":
            return np.argmax(z, axis=1).astype(np.int64)
        pred = (z > 0).astype(np.int64)
        return pred[:, 0] if pred.shape[1] == 1 else pred

    def accuracy(self, X: ArrayLike, y: ArrayLike) -> float:
        """Fraction of correctly classified samples (of correct labels, for several
        sigmoid units).

        >>> net = MLP([2, 1], output_activation="sigmoid")
        >>> net.weights = [([[1.0], [-1.0]], [0.0])]
        >>> net.accuracy([[2.0, 1.0], [1.0, 2.0]], [1, 1])
        0.5
        """
        pred = self.classify(X)
        T = self._targets(y, pred.shape[0], "MLP.accuracy")
        if self.output_activation == "softmax":
            return float(np.mean(pred == np.argmax(T, axis=1)))
        return float(np.mean(pred.reshape(T.shape) == T))

    # ------------------------------------------------------------------- weights

    @property
    def weights(self) -> Gradients:
        """The weights, as a list of ``(W, b)`` per layer, ``W`` of shape (n_in, n_out).

        Reading returns read-only **copies** (a snapshot: later training does not change
        it, and ``W -= ...`` raises instead of silently doing nothing). Assign a new list
        to change the weights; shapes are checked and the arrays are copied and converted
        to ``dtype``::

            net.weights = [(W - lr * dW, b - lr * db)
                           for (W, b), (dW, db) in zip(net.weights, grads)]
        """
        out = []
        for W, b in zip(self._W, self._b, strict=True):
            Wc, bc = W.copy(), b.copy()
            Wc.flags.writeable = False
            bc.flags.writeable = False
            out.append((Wc, bc))
        return out

    @weights.setter
    def weights(self, value: Sequence[tuple[ArrayLike, ArrayLike]]) -> None:
        where = "MLP.weights"
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            raise TypeError(f"{where}: must be a list of (W, b) pairs, got {type(value).__name__}")
        if len(value) != len(self._W):
            raise ValueError(
                f"{where}: must have {len(self._W)} (W, b) pairs, one per layer, got {len(value)}"
            )
        new = []
        for i, (pair, W0, b0) in enumerate(zip(value, self._W, self._b, strict=True)):
            if not isinstance(pair, Sequence) or len(pair) != 2:
                raise TypeError(f"{where}: item {i} must be a pair (W, b)")
            new.append(self._weight(pair[0], W0.shape, where, f"weights[{i}] W"))
            new.append(self._weight(pair[1], b0.shape, where, f"weights[{i}] b"))
        # into the same arrays, so that an optimizer's state (tied to them) carries over
        for old, checked in zip(self.get_variables(), new, strict=True):
            old[...] = checked

    def get_variables(self) -> list[Array]:
        """The network's own weight arrays ``[W1, b1, W2, b2, ...]`` (not copies): what an
        optimizer updates in place, in the order of :meth:`get_weights`."""
        return [a for pair in zip(self._W, self._b, strict=True) for a in pair]

    def get_weights(self) -> list[Array]:
        """The weights as a flat list ``[W1, b1, W2, b2, ...]`` (copies), the order of
        Keras' ``model.get_weights()`` for a stack of ``Dense`` layers."""
        return [a.copy() for pair in zip(self._W, self._b, strict=True) for a in pair]

    def set_weights(self, weights: Sequence[ArrayLike]) -> None:
        """Set the weights from a flat list ``[W1, b1, W2, b2, ...]``, e.g.
        ``keras_model.get_weights()`` of a stack of ``Dense`` layers."""
        if isinstance(weights, (str, bytes)) or not isinstance(weights, Sequence):
            raise TypeError(
                f"MLP.set_weights: expects a list of arrays, got {type(weights).__name__}"
            )
        if len(weights) != 2 * len(self._W):
            raise ValueError(
                f"MLP.set_weights: needs {2 * len(self._W)} arrays [W1, b1, ...], "
                f"got {len(weights)}"
            )
        self.weights = list(zip(weights[::2], weights[1::2], strict=True))

    def count_params(self) -> int:
        """Number of weights and biases, :math:`\\sum_l (n_{l-1} + 1)\\,n_l`.

        >>> MLP([64, 64, 10]).count_params()
        4810
        """
        return sum(W.size + b.size for W, b in zip(self._W, self._b, strict=True))

    def __repr__(self) -> str:
        names = self.hidden_activations
        hidden = repr(names[0]) if len(set(names)) == 1 else repr(list(names))
        return (
            f"MLP({list(self.layer_sizes)}, hidden_activation={hidden}, "
            f"output_activation={self.output_activation!r}, init={self.init!r}, "
            f"seed={self.seed!r}, dtype={self.dtype.name})"
        )

    # ---------------------------------------------------------------- checking

    def _inputs(self, X: ArrayLike, where: str) -> Array:
        return check.matrix(
            X, where, n_columns=self.layer_sizes[0], columns_are="inputs", dtype=self.dtype
        )

    def _targets(self, y: ArrayLike, n: int, where: str) -> NDArray[np.float64]:
        return encode_targets(y, self.output_activation, self.layer_sizes[-1], n, where)

    def _data(self, X: ArrayLike, y: ArrayLike, where: str) -> tuple[Array, NDArray[np.float64]]:
        X_ = self._inputs(X, where)
        return X_, self._targets(y, X_.shape[0], where)

    def _validation_data(self, data: Any) -> tuple[Array, NDArray[np.float64]]:
        if not isinstance(data, Sequence) or len(data) != 2:
            raise TypeError("MLP.fit: validation_data must be a pair (X_val, y_val)")
        return self._data(data[0], data[1], "MLP.fit validation_data")

    def _weight(self, a: ArrayLike, shape: tuple[int, ...], where: str, name: str) -> Array:
        arr = check.as_real_array(a, where, name)
        if arr.shape != shape:
            raise ValueError(f"{where}: {name} must have shape {shape}, got {arr.shape}")
        with np.errstate(over="ignore"):
            out = np.array(arr, dtype=self.dtype, copy=True)
        if not np.all(np.isfinite(out)):
            raise ValueError(f"{where}: {name} must be finite in {self.dtype.name}")
        return out


def _optimizer(optimizer: Any, learning_rate: Any) -> Optimizer:
    if isinstance(optimizer, Optimizer):
        if learning_rate is not None:
            raise ValueError(
                "MLP.fit: give learning_rate to the optimizer's constructor, not to fit, when "
                f"optimizer is an object ({type(optimizer).__name__})"
            )
        return optimizer
    if not isinstance(optimizer, str):
        raise TypeError(
            f"MLP.fit: optimizer must be a name or an Optimizer, got {type(optimizer).__name__}"
        )
    if learning_rate is None:
        return get_optimizer(optimizer)
    lr = check.real_number(learning_rate, "MLP.fit", "learning_rate", positive=True)
    return get_optimizer(optimizer, learning_rate=lr)


def _layer_sizes(layer_sizes: Any) -> tuple[int, ...]:
    if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Sequence | np.ndarray):
        raise TypeError(
            f"MLP: layer_sizes must be a sequence of whole numbers, got {layer_sizes!r}"
        )
    sizes = [check.positive_int(s, "MLP", f"layer_sizes[{i}]") for i, s in enumerate(layer_sizes)]
    if len(sizes) < 2:
        raise ValueError(
            f"MLP: layer_sizes must list at least two sizes (inputs, ..., outputs), got {sizes}"
        )
    return tuple(sizes)


def _hidden_names(hidden_activation: Any, n_hidden: int) -> tuple[str, ...]:
    names = (
        [hidden_activation] * n_hidden if isinstance(hidden_activation, str) else hidden_activation
    )
    if not isinstance(names, Sequence) or isinstance(names, bytes):
        raise TypeError(
            f"MLP: hidden_activation must be a name or a list of names, got "
            f"{type(hidden_activation).__name__}; allowed names: {', '.join(ACTIVATIONS)}"
        )
    if len(names) != n_hidden:
        raise ValueError(
            f"MLP: hidden_activation lists {len(names)} names, but layer_sizes has {n_hidden} "
            "hidden layers"
        )
    for name in [hidden_activation] if isinstance(hidden_activation, str) else names:
        if not isinstance(name, str):
            raise TypeError(f"MLP: hidden_activation names must be strings, got {name!r}")
        if name not in ACTIVATIONS:
            raise ValueError(
                f"MLP: unknown hidden activation {name!r}; allowed: {', '.join(ACTIVATIONS)}"
            )
    return tuple(names)


def _output_name(output_activation: Any, n_outputs: int) -> str:
    if not isinstance(output_activation, str):
        raise TypeError(
            f"MLP: output_activation must be a string, got {type(output_activation).__name__}"
        )
    if output_activation not in OUTPUTS:
        raise ValueError(
            f"MLP: unknown output activation {output_activation!r}; allowed: "
            f"{', '.join(OUTPUTS)} (each comes with its loss)"
        )
    if output_activation == "softmax" and n_outputs < 2:
        raise ValueError(
            "MLP: a softmax output needs at least 2 units (one unit would always output 1); "
            "for two classes use 1 unit with output_activation='sigmoid'"
        )
    return output_activation
