"""The Keras twin of a :class:`course_code.propagation.MLP`: same layers, same weights.

Importing this module imports Keras. The notebooks and ``tests/test_propagation.py``
use it to build a Keras model that computes exactly what a NumPy ``MLP`` computes, so
that forward passes, gradients (``tf.GradientTape``) and whole training runs
(``model.fit``) can be compared number for number.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

import keras

from course_code.activations import ACTIVATIONS
from course_code.keras_activations import builtin
from course_code.propagation import MLP

__all__ = ["float64", "keras_mlp", "keras_loss"]


@contextlib.contextmanager
def float64() -> Iterator[None]:
    """Build (and run) Keras objects in float64 inside the ``with`` block, then restore
    the global settings.

    Both settings are needed: layers take their dtype from the global dtype policy, the
    optimiser and losses from ``floatx``; the policy is cached once created, so it is
    set explicitly.
    """
    floatx, policy = keras.config.floatx(), keras.config.dtype_policy()
    keras.config.set_floatx("float64")
    keras.config.set_dtype_policy("float64")
    try:
        yield
    finally:
        keras.config.set_floatx(floatx)
        keras.config.set_dtype_policy(policy)


def keras_mlp(net: MLP, activation: Callable[[str], Any] | None = None) -> keras.Sequential:
    """A ``keras.Sequential`` of ``Dense`` layers holding ``net``'s current weights.

    Hidden layers use the Keras built-in activation with the registry's parameters
    passed explicitly (``activation(name)`` overrides how one is built); the last
    ``Dense`` layer is **linear**: its outputs are the logits, to be paired with
    :func:`keras_loss`, which applies the output activation itself (``from_logits=True``).
    Call it inside :func:`float64` for a float64 model.
    """
    layers: list[Any] = [keras.Input((net.layer_sizes[0],))]
    for width, name in zip(net.layer_sizes[1:-1], net.hidden_activations, strict=True):
        layers.append(keras.layers.Dense(width))
        act = activation(name) if activation else builtin(name, **ACTIVATIONS[name].params)
        layers.append(act if isinstance(act, keras.layers.Layer) else keras.layers.Activation(act))
    layers.append(keras.layers.Dense(net.layer_sizes[-1]))
    model = keras.Sequential(layers)
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    for layer, (W, b) in zip(dense, net.params, strict=True):
        layer.set_weights([W, b])
    return model


def keras_loss(output_activation: str, sparse: bool = False) -> keras.losses.Loss:
    """The Keras loss that matches an ``MLP``'s output activation, taking logits.

    ``identity`` → mean squared error, ``sigmoid`` → binary cross-entropy, ``softmax`` →
    categorical cross-entropy (``sparse=True``: integer class labels instead of one-hot).
    """
    if output_activation == "identity":
        return keras.losses.MeanSquaredError()
    if output_activation == "sigmoid":
        return keras.losses.BinaryCrossentropy(from_logits=True)
    if output_activation == "softmax":
        if sparse:
            return keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        return keras.losses.CategoricalCrossentropy(from_logits=True)
    raise ValueError(
        f"unknown output activation {output_activation!r}; allowed: identity, sigmoid, softmax"
    )
