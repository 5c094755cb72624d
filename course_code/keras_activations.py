"""The activations of :mod:`course_code.activations`, written in ``keras.ops``.

Same names, same parameters, same values at the kinks, and Keras differentiates them
for you, so there are no ``*_derivative`` functions. ``tests/test_keras_parity.py``
proves each one equal to both the built-in Keras activation (:func:`builtin`) and the
NumPy version, values and gradients.

The course runs Keras on the **TensorFlow backend**, and its float64 comparisons need
it: since Keras 3.12, ``keras.ops`` compute float64 inputs in float32 on every backend
but TensorFlow, and the values at the kinks in the book's tables are TensorFlow's
gradient conventions, not Keras'. :func:`tf_gradient` and
:func:`course_code.keras_propagation.float64` say so in an error on another backend.

Importing this module imports Keras; :mod:`course_code` itself never does, so the NumPy
half of the course works without TensorFlow.

The one trainable activation, :class:`PReLU`, is a layer: its slope ``alpha`` is a
weight that the optimiser updates like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import keras
import numpy as np
from keras import ops

from course_code.activations import (
    _GELU_TANH_COEF,
    _SQRT_2_OVER_PI,
    ACTIVATIONS,
    SELU_ALPHA,
    SELU_SCALE,
)

__all__ = [
    "step",
    "identity",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "prelu",
    "elu",
    "selu",
    "softplus",
    "gelu",
    "silu",
    "swish",
    "softmax",
    "log_softmax",
    "PReLU",
    "ScaledSiLU",
    "gelu_tanh",
    "builtin",
    "BUILTIN_DEFAULTS",
    "require_tensorflow",
    "tf_gradient",
]

Tensor = Any


def _minus_abs(x: Tensor) -> Tensor:
    # -|x| whose gradient at 0 is -1: TensorFlow's abs has gradient sign(0) = 0 there,
    # which would make sigmoid'(0) and softplus'(0) come out wrong.
    return ops.where(x >= 0, -x, x)


def step(x: Tensor) -> Tensor:
    """Heaviside step, 1 for x >= 0 (gradient 0 everywhere: it cannot be trained)."""
    x = ops.convert_to_tensor(x)
    return ops.cast(x >= 0, x.dtype)


def identity(x: Tensor) -> Tensor:
    """The identity (Keras calls it ``linear``)."""
    return ops.convert_to_tensor(x)


def sigmoid(x: Tensor) -> Tensor:
    r""":math:`\sigma(x) = 1/(1 + e^{-x})`, from :math:`e = e^{-|x|}` on both sides.

    :math:`1/(1 + e)` for x >= 0 and :math:`e/(1 + e)` for x < 0: neither branch can
    overflow, so neither value nor gradient turns into inf or NaN, and the negative tail
    keeps its relative precision (1 - σ(-x) would round it to 0).
    """
    x = ops.convert_to_tensor(x)
    e = ops.exp(_minus_abs(x))
    return ops.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def tanh(x: Tensor) -> Tensor:
    """Hyperbolic tangent."""
    return ops.tanh(x)


def relu(x: Tensor) -> Tensor:
    """max(0, x); gradient 0 at x = 0, as TensorFlow defines it."""
    x = ops.convert_to_tensor(x)
    return ops.where(x > 0, x, ops.zeros_like(x))


def leaky_relu(x: Tensor, alpha: float = 0.01) -> Tensor:
    """x for x > 0, alpha * x otherwise; gradient alpha at x = 0 (TensorFlow's choice).

    ``alpha`` stays a Python float, so it takes x's dtype: unlike
    ``keras.activations.leaky_relu``, a slope of 0.1 is not first rounded to float32.
    """
    x = ops.convert_to_tensor(x)
    return ops.where(x > 0, x, alpha * x)


def prelu(x: Tensor, alpha: Tensor) -> Tensor:
    """x for x > 0, alpha * x otherwise, with alpha broadcast against x.

    Written as relu(x) - alpha * relu(-x), like ``keras.layers.PReLU``, so the gradient
    at x = 0 is 0 (not alpha, as for :func:`leaky_relu`).
    """
    x = ops.convert_to_tensor(x)
    return relu(x) - alpha * relu(-x)


def elu(x: Tensor, alpha: float = 1.0) -> Tensor:
    """x for x > 0, alpha (e^x - 1) otherwise; gradient alpha at 0 (the negative branch).

    expm1 keeps the precision of small negative x; taking it of min(x, 0) keeps the
    unused branch finite, so its gradient cannot turn into NaN.
    """
    x = ops.convert_to_tensor(x)
    # where(x > 0, 0, x), not minimum(x, 0): JAX splits minimum's gradient at a tie, which
    # would make elu'(0) = alpha / 2 there
    return ops.where(x > 0, x, alpha * ops.expm1(ops.where(x > 0, 0.0, x)))


def selu(x: Tensor) -> Tensor:
    """lambda * (x for x >= 0, alpha (e^x - 1) otherwise); gradient lambda at 0."""
    x = ops.convert_to_tensor(x)
    return SELU_SCALE * ops.where(x >= 0, x, SELU_ALPHA * ops.expm1(ops.where(x >= 0, 0.0, x)))


def softplus(x: Tensor) -> Tensor:
    """log(1 + e^x) = max(x, 0) + log1p(e^-|x|): no overflow, no lost tail; gradient 1/2 at 0."""
    x = ops.convert_to_tensor(x)
    # max(x, 0) with gradient 1 at 0, so that with -|x|'s -1 the slope there is 1/2
    return ops.where(x >= 0, x, ops.zeros_like(x)) + ops.log1p(ops.exp(_minus_abs(x)))


def gelu(x: Tensor, approximate: bool = False) -> Tensor:
    r""":math:`x\,\Phi(x)`; the tanh approximation when ``approximate`` is True.

    The default matches ``keras.activations.gelu`` (exact); ``keras.ops.gelu`` defaults to
    the approximation, so pass ``approximate`` explicitly there.
    """
    x = ops.convert_to_tensor(x)
    if approximate:
        u = _SQRT_2_OVER_PI * (x + _GELU_TANH_COEF * x * x * x)
        return 0.5 * x * (1.0 + ops.tanh(u))
    return 0.5 * x * (1.0 + ops.erf(x * 0.7071067811865476))  # x / sqrt(2)


def swish(x: Tensor, beta: float = 1.0) -> Tensor:
    r""":math:`x\,\sigma(\beta x)`."""
    x = ops.convert_to_tensor(x)
    return x * sigmoid(beta * x)


def silu(x: Tensor) -> Tensor:
    r""":math:`x\,\sigma(x)`, swish with :math:`\beta = 1`."""
    return swish(x, 1.0)


def softmax(x: Tensor, axis: int = -1) -> Tensor:
    """exp(x_i - max x) / sum_j exp(x_j - max x): the shift prevents overflow."""
    x = ops.convert_to_tensor(x)
    e = ops.exp(x - ops.stop_gradient(ops.max(x, axis=axis, keepdims=True)))
    return e / ops.sum(e, axis=axis, keepdims=True)


def log_softmax(x: Tensor, axis: int = -1) -> Tensor:
    """x_i - logsumexp(x)."""
    x = ops.convert_to_tensor(x)
    return x - ops.logsumexp(x, axis=axis, keepdims=True)


@keras.saving.register_keras_serializable(package="course_code")
class PReLU(keras.layers.Layer):
    """Parametric ReLU (He et al. 2015): a layer whose negative slope is learned.

    The same arguments as ``keras.layers.PReLU``, but the slopes start at He et al.'s
    0.25 instead of Keras' 0.

    Parameters
    ----------
    alpha_initializer : float, str or keras.initializers.Initializer, default 0.25
        A float is the starting slope of every feature; anything else is handed to
        ``keras.initializers.get`` (``"zeros"``, ``keras.initializers.Constant(0.1)``, ...).
    alpha_regularizer, alpha_constraint : optional
        As for ``keras.layers.PReLU`` (e.g. ``keras.constraints.NonNeg()``).
    shared_axes : sequence of int, optional
        Axes (1 = the first non-batch axis) along which one slope is shared; by default
        every feature has its own slope, as in ``keras.layers.PReLU``.
    """

    def __init__(
        self,
        alpha_initializer: Any = 0.25,
        alpha_regularizer: Any = None,
        alpha_constraint: Any = None,
        shared_axes: Sequence[int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if isinstance(alpha_initializer, (int, float)) and not isinstance(alpha_initializer, bool):
            # a NumPy float64 constant: Keras would route a Python float through float32
            alpha_initializer = keras.initializers.Constant(np.float64(alpha_initializer))
        self.alpha_initializer = keras.initializers.get(alpha_initializer)
        self.alpha_regularizer = keras.regularizers.get(alpha_regularizer)
        self.alpha_constraint = keras.constraints.get(alpha_constraint)
        axes = tuple(int(a) for a in (shared_axes or ()))
        if any(a < 1 for a in axes):
            raise ValueError(
                f"PReLU: shared_axes counts from 1 (the first axis after the batch axis), "
                f"got {list(axes)}; the batch axis 0 cannot share a slope"
            )
        self.shared_axes = axes

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        if any(a >= len(input_shape) for a in self.shared_axes):
            raise ValueError(
                f"PReLU: shared_axes {list(self.shared_axes)} do not fit inputs of shape "
                f"{input_shape}"
            )
        shape = list(input_shape[1:])
        for axis in self.shared_axes:
            shape[axis - 1] = 1
        if any(d is None for d in shape):
            raise ValueError(
                f"PReLU: needs known feature dimensions, got input shape {input_shape}; "
                "share the unknown axes with shared_axes=..."
            )
        self.alpha = self.add_weight(
            shape=tuple(shape),
            initializer=self.alpha_initializer,
            regularizer=self.alpha_regularizer,
            constraint=self.alpha_constraint,
            name="alpha",
        )
        axes = {i: input_shape[i] for i in range(1, len(input_shape)) if i not in self.shared_axes}
        self.input_spec = keras.InputSpec(ndim=len(input_shape), axes=axes)

    def call(self, inputs: Tensor) -> Tensor:
        return prelu(inputs, ops.cast(self.alpha, inputs.dtype))

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return input_shape

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "alpha_initializer": keras.initializers.serialize(self.alpha_initializer),
            "alpha_regularizer": keras.regularizers.serialize(self.alpha_regularizer),
            "alpha_constraint": keras.constraints.serialize(self.alpha_constraint),
            "shared_axes": list(self.shared_axes),
        }


@keras.saving.register_keras_serializable(package="course_code")
def gelu_tanh(x: Tensor) -> Tensor:
    """``keras.activations.gelu(x, approximate=True)`` as a named, saveable function."""
    return keras.activations.gelu(x, approximate=True)


@keras.saving.register_keras_serializable(package="course_code")
class ScaledSiLU(keras.layers.Layer):
    """Swish with a fixed ``beta``, built from Keras' SiLU: ``silu(beta * x) / beta``.

    Keras' ``silu``/``swish`` has no ``beta``; this layer adds it and saves it.
    """

    def __init__(self, beta: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if beta == 0:
            raise ValueError("ScaledSiLU: beta must not be 0 (swish with beta = 0 is x / 2)")
        self.beta = float(beta)

    def call(self, inputs: Tensor) -> Tensor:
        return keras.activations.silu(self.beta * inputs) / self.beta

    def compute_output_shape(self, input_shape: tuple[int | None, ...]) -> tuple[int | None, ...]:
        return input_shape

    def get_config(self) -> dict[str, Any]:
        return {**super().get_config(), "beta": self.beta}


#: Keras' own default parameters, which differ from the course's and from each other
#: (read from the installed Keras, not typed): ``keras.activations.leaky_relu`` and
#: ``keras.layers.LeakyReLU`` default to different slopes (0.2 and 0.3; PyTorch: 0.01),
#: ``keras.ops.gelu`` to the tanh approximation and ``keras.activations.gelu`` to the
#: exact form, ``keras.layers.PReLU`` to slopes of 0.
def _keras_default(obj: Callable[..., Any], parameter: str) -> Any:
    import inspect

    return inspect.signature(obj).parameters[parameter].default


BUILTIN_DEFAULTS: dict[str, dict[str, Any]] = {
    "keras.activations.leaky_relu": {
        "negative_slope": _keras_default(keras.activations.leaky_relu, "negative_slope")
    },
    "keras.layers.LeakyReLU": {
        "negative_slope": _keras_default(keras.layers.LeakyReLU, "negative_slope")
    },
    "keras.activations.gelu": {
        "approximate": _keras_default(keras.activations.gelu, "approximate")
    },
    "keras.ops.gelu": {"approximate": _keras_default(keras.ops.gelu, "approximate")},
    "keras.activations.elu": {"alpha": _keras_default(keras.activations.elu, "alpha")},
    "keras.layers.PReLU": {
        "alpha_initializer": _keras_default(keras.layers.PReLU, "alpha_initializer")
    },
}

#: How the course's keyword arguments are called in Keras' layer for the same activation.
_KERAS_LAYER = {
    "leaky_relu": (keras.layers.LeakyReLU, {"alpha": "negative_slope"}),
    "elu": (keras.layers.ELU, {}),
}


def builtin(name: str, dtype: str | None = None, **kwargs: Any) -> keras.layers.Layer:
    """Keras' built-in version of the registry activation ``name``, as a layer, with
    every parameter passed explicitly.

    Parameters default to the registry record's (``ACTIVATIONS[name].kwargs``), never to
    Keras' own defaults, which differ (see :data:`BUILTIN_DEFAULTS`). The result is a
    layer (``keras.layers.Activation``, ``LeakyReLU``, ``ELU``, ``PReLU``, ...) that a
    saved model can load again; put it after a linear ``Dense`` layer. ``dtype`` is the
    layer's dtype policy (``"float64"`` for the book's exact comparisons). ``step`` has
    no Keras counterpart. (Softmax is not in the registry: use
    ``keras.layers.Softmax`` or ``keras.activations.softmax`` directly.)

    >>> import numpy as np
    >>> layer = builtin("leaky_relu", dtype="float64")
    >>> type(layer).__name__, np.asarray(layer(np.array([-2.0, 3.0])))
    ('LeakyReLU', array([-0.02,  3.  ]))
    """
    options = {"dtype": dtype} if dtype is not None else {}
    if name not in ACTIVATIONS:
        raise ValueError(f"builtin: unknown activation {name!r}; allowed: {', '.join(ACTIVATIONS)}")
    rec = ACTIVATIONS[name]
    unknown = set(kwargs) - set(rec.kwargs)
    if unknown:
        raise TypeError(
            f"builtin: {name} takes {sorted(rec.kwargs) or 'no'} parameters, got {sorted(unknown)}"
        )
    params = {**rec.kwargs, **kwargs}
    if rec.keras_name is None:
        raise ValueError(f"builtin: Keras has no {name} activation (its gradient is 0 everywhere)")
    if name in _KERAS_LAYER:
        layer_class, renames = _KERAS_LAYER[name]
        return layer_class(**{renames.get(k, k): float(v) for k, v in params.items()}, **options)
    if name == "prelu":
        alpha = keras.initializers.Constant(np.float64(params["alpha"]))  # not via float32
        return keras.layers.PReLU(alpha_initializer=alpha, **options)
    if name == "gelu":
        return keras.layers.Activation(gelu_tanh if params["approximate"] else "gelu", **options)
    if name == "swish" and params["beta"] != 1.0:
        return ScaledSiLU(beta=params["beta"], **options)
    return keras.layers.Activation(rec.keras_name, **options)


def require_tensorflow(where: str) -> None:
    """Raise a clear error unless Keras runs on the TensorFlow backend.

    The course's float64 checks and TensorFlow's gradient conventions need it (see the
    module docstring); on another backend the comparisons would fail obscurely.
    """
    backend = keras.config.backend()
    if backend != "tensorflow":
        raise RuntimeError(
            f"{where}: needs Keras' TensorFlow backend, but Keras runs on {backend!r} "
            "(KERAS_BACKEND is set before Keras is imported; the book's setup() sets it to "
            "'tensorflow' when it is not set)"
        )


def tf_gradient(f: Callable[[Tensor], Tensor], x: Any, dtype: str = "float64") -> Any:
    """The elementwise derivative of ``f`` at ``x``, as TensorFlow's autodiff computes it.

    Records ``f`` on a ``tf.GradientTape`` and returns d(sum f)/dx as a NumPy array;
    for an elementwise ``f`` that is f'(x) at every point. Returns ``None`` when
    TensorFlow finds no differentiable path from the output back to ``x`` (a step built
    from a comparison, say): it does not even report zeros. Needs the TensorFlow backend.

    >>> import numpy as np
    >>> tf_gradient(sigmoid, np.array([0.0, 1.0]))
    array([0.25      , 0.19661193])
    """
    require_tensorflow("tf_gradient")
    import tensorflow as tf

    xt = tf.constant(x, dtype=dtype)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = f(xt)
    g = tape.gradient(y, xt)
    return None if g is None else g.numpy()
