"""The Keras twin of a :class:`course_code.propagation.MLP`, and Keras training helpers.

Importing this module imports Keras (TensorFlow backend). The notebooks and
``tests/test_propagation.py`` use it to build a Keras model that computes exactly what a
NumPy ``MLP`` computes, so that forward passes, gradients (``tf.GradientTape``) and whole
training runs (``model.fit``) can be compared number for number.

Two traps of Keras' float64 mode, which :func:`float64` switches on:

* ``model.predict``, ``fit`` and ``evaluate`` called *outside* the ``with`` block convert
  their inputs to the global float type, float32, while the model still reports float64
  weights: the results then carry float32 errors (about 1e-8). Call them inside.
* An optimizer or a loss created outside the block computes in float32.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import keras
import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_code.keras_activations import builtin, require_tensorflow
from course_code.losses import OUTPUTS
from course_code.propagation import MLP

__all__ = [
    "float64",
    "fit_full_batch",
    "keras_gradients",
    "keras_loss",
    "keras_mlp",
    "probabilities",
]


@contextlib.contextmanager
def float64() -> Iterator[None]:
    """Build (and run) Keras objects in float64 inside the ``with`` block, then restore
    the global settings.

    Both settings are needed: layers take their dtype from the global dtype policy, the
    optimiser and losses from ``floatx``; the policy is cached once created, so it is
    set explicitly. Needs the TensorFlow backend (see the module docstring for traps).
    """
    require_tensorflow("float64")
    floatx, policy = keras.config.floatx(), keras.config.dtype_policy()
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    try:
        yield
    finally:
        keras.config.set_floatx(floatx)
        keras.config.set_dtype_policy(policy)


def keras_mlp(net: MLP) -> keras.Sequential:
    """A ``keras.Sequential`` of ``Dense`` layers holding ``net``'s current weights.

    Each hidden ``Dense`` layer is linear and followed by the Keras built-in activation
    layer of the registry activation (:func:`course_code.keras_activations.builtin`,
    every parameter explicit); the last ``Dense`` layer is **linear**: its outputs are
    the logits, to be paired with :func:`keras_loss`, which applies the output activation
    itself (``from_logits=True``). Call it inside :func:`float64` for a float64 model.
    """
    layers: list[Any] = [keras.Input((net.layer_sizes[0],))]
    for width, name in zip(net.layer_sizes[1:-1], net.hidden_activations, strict=True):
        layers += [keras.layers.Dense(width), builtin(name)]
    layers.append(keras.layers.Dense(net.layer_sizes[-1]))
    model = keras.Sequential(layers)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for layer, (W, b) in zip(dense, net.weights, strict=True):
        layer.set_weights([W, b])
    return model


def keras_loss(output_activation: str, sparse: bool = False) -> keras.losses.Loss:
    """The Keras loss paired with an ``MLP`` output activation, taking logits.

    The class is the record's ``keras_loss`` (:data:`course_code.losses.OUTPUTS`), with
    ``from_logits=True`` for the cross-entropies; ``sparse=True`` gives the categorical
    cross-entropy for integer class labels (``SparseCategoricalCrossentropy``).
    """
    if output_activation not in OUTPUTS:
        raise ValueError(
            f"keras_loss: unknown output activation {output_activation!r}; "
            f"allowed: {', '.join(OUTPUTS)}"
        )
    rec = OUTPUTS[output_activation]
    if rec.name == "identity":
        return getattr(keras.losses, rec.keras_loss)()
    name = f"Sparse{rec.keras_loss}" if sparse and rec.name == "softmax" else rec.keras_loss
    return getattr(keras.losses, name)(from_logits=True)


def keras_gradients(
    net: MLP, X: ArrayLike, y: ArrayLike
) -> list[tuple[NDArray[Any], NDArray[Any]]]:
    """TensorFlow's gradients of the Keras twin's loss, shaped like ``net.weights``.

    The twin (:func:`keras_mlp`) is built in ``net``'s dtype (float64 inside
    :func:`float64`, float32 otherwise), ``tf.GradientTape`` records its forward pass and
    :func:`keras_loss` (class labels for a softmax output), and the gradients of every
    kernel and bias come back as NumPy ``(dW, db)`` pairs.
    """
    import tensorflow as tf

    context = float64() if net.dtype == np.float64 else contextlib.nullcontext()
    with context:
        model = keras_mlp(net)
        dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
        variables = [v for layer in dense for v in (layer.kernel, layer.bias)]
        loss_fn = keras_loss(net.output_activation, sparse=True)
        X_ = np.asarray(X, dtype=net.dtype)
        with tf.GradientTape() as tape:
            loss = loss_fn(np.asarray(y), model(X_))
        grads = [g.numpy() for g in tape.gradient(loss, variables)]
    return list(zip(grads[::2], grads[1::2], strict=True))


def fit_full_batch(
    model: keras.Model,
    X: ArrayLike,
    y: ArrayLike,
    *,
    steps: int,
    optimizer: keras.optimizers.Optimizer,
    loss: keras.losses.Loss,
    block: int | None = None,
) -> NDArray[np.float64]:
    """Compile ``model`` and take ``steps`` full-batch gradient steps on ``(X, y)``.

    Keras pays a fixed bookkeeping cost per epoch, so instead of ``steps`` one-batch
    epochs ``fit`` gets a ``tf.data`` dataset that repeats the whole batch: ``steps /
    block`` epochs of ``block`` identical batches, the same updates in a fraction of the
    time.

    Returns the mean loss of each block of ``block`` steps (one value if ``block`` is
    None), as Keras' history reports it: the loss of each step computed before its update.
    """
    import tensorflow as tf

    block = steps if block is None else block
    if steps % block:
        raise ValueError(f"fit_full_batch: steps ({steps}) must be a multiple of block ({block})")
    model.compile(optimizer=optimizer, loss=loss)
    floatx = keras.config.floatx()
    y_ = np.asarray(y, dtype=floatx)
    full_batch = (np.asarray(X, dtype=floatx), y_[:, None] if y_.ndim == 1 else y_)
    dataset = tf.data.Dataset.from_tensors(full_batch).repeat(block)
    # shuffle=False: Keras cannot shuffle a dataset (it warns if asked to), and there is
    # nothing to shuffle here, every step sees the same batch
    history = model.fit(dataset, epochs=steps // block, shuffle=False, verbose=0)
    return np.array(history.history["loss"])


def probabilities(model: keras.Model, X: ArrayLike, output: str = "sigmoid") -> NDArray[Any]:
    """Probabilities from a model whose last layer is linear (its outputs are logits).

    ``keras.ops.sigmoid`` (``output="sigmoid"``) or ``keras.ops.softmax`` of
    ``model(X)``: the documented call for inputs that fit one batch (``model.predict``
    splits into batches and is meant for large datasets). Returns a NumPy array of shape
    ``(n, units)``.
    """
    if output not in ("sigmoid", "softmax"):
        raise ValueError(f"probabilities: output must be 'sigmoid' or 'softmax', got {output!r}")
    logits = model(np.asarray(X, dtype=keras.config.floatx()))
    p = keras.ops.sigmoid(logits) if output == "sigmoid" else keras.ops.softmax(logits)
    return keras.ops.convert_to_numpy(p)
