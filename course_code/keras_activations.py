"""The activations of :mod:`course_code.activations`, written in ``keras.ops``.

Same names, same parameters, same values at the kinks: these run on any Keras 3 backend
(TensorFlow here), on CPU or GPU, and Keras differentiates them for you, so there are no
``*_derivative`` functions. ``tests/test_keras_parity.py`` proves each one equal to
both the built-in Keras activation (:func:`builtin`) and the NumPy version, values and
gradients.

Importing this module imports Keras; :mod:`course_code` itself never does, so the NumPy
half of the course works without TensorFlow.

The one trainable activation, :class:`PReLU`, is a layer: its slope ``alpha`` is a
weight that the optimiser updates like any other.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import keras
from keras import ops

from course_code.activations import SELU_ALPHA, SELU_SCALE

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
    "builtin",
    "BUILTIN_DEFAULTS",
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
    return ops.where(x > 0, x, alpha * ops.expm1(ops.minimum(x, 0.0)))


def selu(x: Tensor) -> Tensor:
    """lambda * (x for x >= 0, alpha (e^x - 1) otherwise); gradient lambda at 0."""
    x = ops.convert_to_tensor(x)
    return SELU_SCALE * ops.where(x >= 0, x, SELU_ALPHA * ops.expm1(ops.minimum(x, 0.0)))


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
        u = math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)
        return 0.5 * x * (1.0 + ops.tanh(u))
    return 0.5 * x * (1.0 + ops.erf(x * math.sqrt(0.5)))


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

    Parameters
    ----------
    alpha_initializer : float
        Starting slope (He et al. start at 0.25).
    shared_axes : sequence of int, optional
        Axes (1 = the first non-batch axis) along which one slope is shared; by default
        every feature has its own slope, as in ``keras.layers.PReLU``.
    """

    def __init__(
        self, alpha_initializer: float = 0.25, shared_axes: Sequence[int] | None = None, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.alpha_initializer = float(alpha_initializer)
        self.shared_axes = tuple(shared_axes or ())

    def build(self, input_shape: tuple[int | None, ...]) -> None:
        shape = list(input_shape[1:])
        for axis in self.shared_axes:
            shape[axis - 1] = 1
        if any(d is None for d in shape):
            raise ValueError(
                f"PReLU needs known feature dimensions, got input shape {input_shape}; "
                "share the unknown axes with shared_axes=..."
            )
        self.alpha = self.add_weight(
            shape=tuple(shape),
            initializer=keras.initializers.Constant(self.alpha_initializer),
            name="alpha",
        )

    def call(self, inputs: Tensor) -> Tensor:
        return prelu(inputs, ops.cast(self.alpha, inputs.dtype))

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "alpha_initializer": self.alpha_initializer,
            "shared_axes": list(self.shared_axes),
        }


#: Keras' own default parameters, which differ from the course's and from each other
#: (keras.activations.leaky_relu: 0.2; keras.layers.LeakyReLU: 0.3; PyTorch: 0.01;
#: keras.ops.gelu: approximate=True; keras.activations.gelu: approximate=False).
BUILTIN_DEFAULTS: dict[str, dict[str, Any]] = {
    "keras.activations.leaky_relu": {"negative_slope": 0.2},
    "keras.layers.LeakyReLU": {"negative_slope": 0.3},
    "keras.activations.gelu": {"approximate": False},
    "keras.ops.gelu": {"approximate": True},
    "keras.activations.elu": {"alpha": 1.0},
}


def builtin(name: str, **params: Any) -> Callable[[Tensor], Tensor]:
    """Keras' built-in version of the registry activation ``name``, with every parameter
    passed explicitly (never Keras' own default, see :data:`BUILTIN_DEFAULTS`).

    ``prelu`` gives a new ``keras.layers.PReLU`` layer whose slopes all start at the float
    ``alpha``; ``step`` has no Keras counterpart.

    >>> import numpy as np
    >>> f = builtin("leaky_relu", alpha=0.01)
    >>> np.asarray(f(np.array([-2.0, 3.0])))
    array([-0.02,  3.  ])
    """
    A = keras.activations
    if name == "step":
        raise ValueError("Keras has no step activation: its gradient is 0 everywhere")
    if name == "identity":
        return A.linear
    if name in ("sigmoid", "tanh", "relu", "selu", "softplus", "silu"):
        return getattr(A, name)
    if name == "leaky_relu":
        alpha = params.get("alpha", 0.01)
        return lambda x: A.leaky_relu(x, negative_slope=alpha)
    if name == "elu":
        alpha = params.get("alpha", 1.0)
        return lambda x: A.elu(x, alpha=alpha)
    if name == "gelu":
        approximate = params.get("approximate", False)
        return lambda x: A.gelu(x, approximate=approximate)
    if name == "swish":
        beta = params.get("beta", 1.0)
        return lambda x: A.silu(beta * x) / beta
    if name == "prelu":
        alpha = float(params.get("alpha", 0.25))
        return keras.layers.PReLU(alpha_initializer=keras.initializers.Constant(alpha))
    if name in ("softmax", "log_softmax"):
        axis = params.get("axis", -1)
        return lambda x: getattr(A, name)(x, axis=axis)
    raise ValueError(f"builtin() knows no activation {name!r}")


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
    import tensorflow as tf

    xt = tf.constant(x, dtype=dtype)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = f(xt)
    g = tape.gradient(y, xt)
    return None if g is None else g.numpy()
