r"""Activation functions and their derivatives, in NumPy.

Every elementwise activation ``f`` comes with ``f_derivative``, which takes the same
parameters and returns :math:`f'(x)`. All of them follow the same numerical contract:

* **accurate everywhere** -- within a few units in the last place (ulp) of the true
  value wherever that value is a normal float, in float32 and float64, tails included;
  the formulas are chosen so that nothing overflows or cancels (``expm1`` for ELU,
  ``logaddexp`` for softplus, ``exp(-|x|)`` for the logistic function and its slope);
* **quiet** -- no overflow/invalid/divide warnings for any finite input, NaN in gives
  NaN out, and ``±inf`` gives the mathematical limit;
* **dtype-preserving** -- float16/float32/float64 in, the same dtype out; float32 is
  computed in float32 (at float32 speed, a few float32 ulp), everything else in float64;
  Python scalars, lists, ints and bools are accepted and promoted to float64; the input
  is never modified;
* **fast** -- within about 2x of the fastest NumPy/SciPy one-liner for the same function
  (``python tools/benchmark_activations.py`` prints the table), by working on
  cache-sized blocks and avoiding full-size ``np.where``;
* **strict about types** -- strings, ``None``, complex numbers and object arrays raise
  a :class:`TypeError` that names the function and the offending type.

At a kink the derivative is the value TensorFlow's gradient returns there (measured in
``tests/test_keras_parity.py``): ``relu'(0) = 0``, ``leaky_relu'(0) = alpha``,
``prelu'(0) = 0`` (Keras builds PReLU from two ReLUs), ``elu'(0) = alpha`` and
``selu'(0) = scale``.

The registry :data:`ACTIVATIONS` holds one :class:`Activation` record per function; the
tests, the plots and the property table of the book are all generated from it.

The one-line functions (``sigmoid``, ``relu``, ...) are *kernels* written for arrays of
float32 or float64 (:data:`Floats`); the decorator that turns them into public functions
checks and converts the input first, so they accept anything array-like.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import erfcx, ndtr

from course_code import _validation as check

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "SELU_ALPHA",
    "SELU_SCALE",
    "elu",
    "elu_derivative",
    "gelu",
    "gelu_derivative",
    "identity",
    "identity_derivative",
    "leaky_relu",
    "leaky_relu_derivative",
    "log_softmax",
    "prelu",
    "prelu_alpha_derivative",
    "prelu_derivative",
    "mean_of_standard_normal",
    "property_table",
    "relu",
    "relu_derivative",
    "selu",
    "selu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "silu",
    "silu_derivative",
    "softmax",
    "softmax_jacobian",
    "softplus",
    "softplus_derivative",
    "step",
    "step_derivative",
    "swish",
    "swish_derivative",
    "tanh",
    "tanh_derivative",
]

#: What the kernels compute with: float32 or float64 arrays (see :func:`_apply`).
Floats = NDArray[np.floating]

#: SELU's alpha and scale (Klambauer et al. 2017, eq. 14), to full double precision.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_GELU_TANH_COEF = 0.044715

# Beyond these |x| every function below has reached its limit in float64 (the true
# value is 0, 1, or x itself to the last bit), so inputs are clipped there: this keeps
# inf * 0 and x**3 overflow out of the arithmetic and makes f(±inf) the exact limit.
_GAUSS_CLIP = 40.0  # Phi(-40) ~ 4e-350 and phi(40) ~ 1e-349: both underflow to 0
_LOGISTIC_CLIP = 800.0  # exp(-800) underflows to 0


# ---------------------------------------------------------------------------- helpers


def _as_real_array(x: ArrayLike, fname: str) -> NDArray[np.floating]:
    """Validate ``x`` (a TypeError names ``fname`` and the bad type) and return it as a
    floating-point array: ints and bools become float64 (never a view to write to)."""
    arr = check.as_real_array(x, fname, "x")
    return arr if arr.dtype.kind == "f" else arr.astype(np.float64)


def _real_scalar(value: Any, pname: str, fname: str) -> float:
    """Validate a scalar parameter such as ``alpha`` or ``beta``: a finite real number."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    return check.real_number(value, fname, pname)


def _finish(result: NDArray[np.floating], dtype: np.dtype) -> Any:
    out = np.asarray(result)
    if out.dtype != dtype:
        # Casting can only overflow when the true result is beyond the range of ``dtype``
        # (selu(65504) in float16, say), and then inf is the correctly rounded answer.
        with np.errstate(over="ignore"):
            out = out.astype(dtype)
    return out[()] if out.ndim == 0 else out


#: Large inputs go through a kernel in blocks of this many elements (256 kB of float32,
#: 512 kB of float64). A kernel makes several passes (np.abs, np.exp, a division, ...),
#: each with its own temporary array: on a block these stay in the CPU's cache, while
#: full-size ones go through main memory (and are often handed back to the operating
#: system and faulted in again at the next call). Blocks make the kernels 1.5-2x faster.
_BLOCK = 1 << 16


def _apply(
    fname: str,
    kernel: Callable[[NDArray[np.floating]], NDArray[np.floating]],
    x: ArrayLike,
    param: Any = None,
    *,
    blocks: bool = True,
) -> Any:
    """Validate ``x``, run ``kernel`` on it, return the result in the input's float dtype.

    float32 input is computed in float32, at float32 speed: every kernel is accurate to a
    few float32 ulp there, or moves to float64 itself where it would not be (GELU).
    Everything else (float16, float64, ints, bools) is computed in float64. The kernel
    gets a read-only view when ``x`` is already an array of that dtype: it must return a
    new array, and can never change the caller's. With ``blocks``, large inputs go
    through the kernel in blocks of ``_BLOCK`` elements (not for PReLU's kernels with an
    array ``alpha``, whose output can be larger than ``x``); a kernel that is a single
    pass over ``x`` (relu, say) is faster without them, which would only add a copy.

    ``param`` is an array parameter (PReLU's alpha) whose dtype joins the promotion;
    Python scalars do not promote (NEP 50), so float32 ``x`` with ``alpha=0.25`` stays
    float32.
    """
    arr = _as_real_array(x, fname)
    dtype = arr.dtype
    if param is not None and not isinstance(param, float):
        dtype = np.result_type(dtype, np.asarray(param).dtype)
    z = arr.astype(_work_dtype(dtype), copy=False)
    if z is arr:
        z = arr.view()
        z.flags.writeable = False
    if not blocks or z.size <= _BLOCK or not (param is None or isinstance(param, float)):
        return _finish(kernel(z), dtype)
    flat = z.reshape(-1)  # a view, unless z is not contiguous
    out = np.empty(z.shape, dtype=dtype)
    out_flat = out.reshape(-1)
    for start in range(0, z.size, _BLOCK):
        block = kernel(flat[start : start + _BLOCK])
        with np.errstate(over="ignore"):  # as in _finish
            out_flat[start : start + _BLOCK] = block
    return out


def _work_dtype(dtype: np.dtype) -> type[np.floating]:
    """float32 for float32, float64 for everything else."""
    return np.float32 if dtype == np.float32 else np.float64


def _elementwise(
    func: Callable[[NDArray[np.floating]], NDArray[np.floating]], blocks: bool = True
) -> Callable[[ArrayLike], Any]:
    """Turn a kernel without parameters into a public activation."""

    @functools.wraps(func)
    def wrapper(x: ArrayLike) -> Any:
        return _apply(func.__name__, func, x, blocks=blocks)

    return wrapper


def _one_pass(
    func: Callable[[NDArray[np.floating]], NDArray[np.floating]],
) -> Callable[[ArrayLike], Any]:
    """:func:`_elementwise` for a kernel that is a single pass over ``x``: no blocks."""
    return _elementwise(func, blocks=False)


def _keep_nan(x: Floats, y: Floats) -> Floats:
    """``y``, but NaN wherever ``x`` is NaN (for piecewise-constant results).

    ``y`` must be a new array: it is changed in place, and only if ``x`` has a NaN.
    ``max`` propagates NaN, so it tells whether there is one in a single read of ``x``;
    a masked write over the whole array would cost more than most kernels.
    """
    if x.size and np.isnan(x.max()):
        np.copyto(y, np.nan, where=np.isnan(x))
    return y


def _logistic_parts(x: Floats) -> tuple[Floats, Floats]:
    """Return ``e = exp(-|x|)`` and ``1 + e``; exp never sees a positive argument."""
    e = np.exp(-np.abs(x))
    return e, 1.0 + e


def _sigmoid64(x: Floats) -> Floats:
    e, d = _logistic_parts(x)
    # 1/(1 + e) for x >= 0 and e/(1 + e) for x < 0: the numerator is 1 or e. As
    # 0 <= e <= 1, it is max(e, 1) = 1 or max(e, 0) = e, with x >= 0 as 1 or 0: one
    # pass over the data, where np.where(x >= 0, 1.0, e) would cost several
    return np.maximum(e, x >= 0) / d


def _logistic_slope64(x: Floats) -> Floats:
    # sigma'(x) = sigma(x) * sigma(-x) = e / (1 + e)^2 with e = exp(-|x|): both factors
    # are computed directly, so there is no 1 - sigma(x) to cancel in the tails.
    e, d = _logistic_parts(x)
    return e / (d * d)


def _exp_half_square(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """exp(-x^2/2), with x^2 split so that its rounding error (x^2/2 ulp, ~800 ulp at
    |x| = 40) does not reach the exponent. ``x`` must be clipped to |x| <= 40."""
    c = 134217729.0 * x  # Veltkamp split: hi has 26 significant bits, hi*hi is exact
    hi = c - (c - x)
    lo = x - hi
    return np.exp(-0.5 * hi * hi) * np.exp(-0.5 * lo * (2.0 * hi + lo))


def _on_subset(
    out: NDArray[np.float64],
    mask: NDArray[np.bool_],
    func: Callable[[NDArray[np.float64]], NDArray[np.float64]],
    x: NDArray[np.float64],
) -> None:
    """``out[mask] = func(x[mask])``, for a new array ``out`` of x's shape.

    Through flat indices, which NumPy gathers and scatters several times faster than a
    boolean mask; ``func`` only ever sees the elements it is meant for.
    """
    idx = np.flatnonzero(mask)
    if idx.size:
        np.put(out, idx, func(np.take(x, idx)))


#: Below this, Phi(x) comes from erfcx rather than ndtr: ndtr rounds x/sqrt 2 and then
#: squares it inside exp, which costs about x^2 ulp (7 ulp at x = -2, 1800 at x = -35).
_NDTR_TAIL = -1.5


def _gauss_cdf_tail(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Phi(x) = erfcx(-x/sqrt 2) exp(-x^2/2) / 2 for -40 <= x < 0, to a few ulp: the
    scaled erfcx is well-conditioned, and exp gets x^2 without its rounding error."""
    return 0.5 * erfcx(x * -math.sqrt(0.5)) * _exp_half_square(x)


def _gauss_cdf(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Phi(x) to a few ulp, for x >= -40: ndtr, except in the left tail."""
    out = np.empty_like(x)
    tail = x < _NDTR_TAIL
    _on_subset(out, ~tail, ndtr, x)  # NaN goes here too, and stays NaN
    _on_subset(out, tail, _gauss_cdf_tail, x)
    return out


# ---------------------------------------------------------------- elementwise functions


@_one_pass
def step(x: Floats) -> Floats:
    r"""Heaviside step function, with :math:`H(0) = 1`.

    .. math:: H(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}

    The value at 0 is a convention; this course uses 1 (the unit "fires" on the
    threshold), which is also ``np.heaviside(x, 1)``.

    Examples
    --------
    >>> step([-2.0, 0.0, 3.0])
    array([0., 1., 1.])
    """
    # the comparison and a cast, which is several times faster than np.heaviside
    return _keep_nan(x, (x >= 0).astype(x.dtype))


@_one_pass
def step_derivative(x: Floats) -> Floats:
    """Derivative of :func:`step`: 0 everywhere (undefined at 0; 0 is returned there).

    That the slope is zero almost everywhere is why a step unit cannot be trained by
    gradient descent.

    >>> step_derivative([-1.0, 0.0, 1.0])
    array([0., 0., 0.])
    """
    return _keep_nan(x, np.zeros_like(x))


@_one_pass
def identity(x: Floats) -> Floats:
    """The identity, :math:`f(x) = x` ("no activation", Keras' ``linear``).

    A copy is returned, so changing the output never changes the input.

    >>> identity([-1.5, 2.0])
    array([-1.5,  2. ])
    """
    return x.copy()


@_one_pass
def identity_derivative(x: Floats) -> Floats:
    """Derivative of :func:`identity`: 1 everywhere.

    >>> identity_derivative([-1.5, 2.0])
    array([1., 1.])
    """
    return _keep_nan(x, np.ones_like(x))


@_elementwise
def sigmoid(x: Floats) -> Floats:
    r"""Logistic sigmoid, :math:`\sigma(x) = 1 / (1 + e^{-x})`.

    Notes
    -----
    The textbook formula overflows in ``exp(-x)`` for ``x < -709``. Here ``exp`` only
    ever sees ``-|x|``: :math:`\sigma(x) = 1/(1+e^{-x})` for :math:`x \ge 0` and
    :math:`e^{x}/(1+e^{x})` for :math:`x < 0`, both accurate to a few ulp.

    Examples
    --------
    >>> sigmoid([-1000.0, 0.0, 1000.0])
    array([0. , 0.5, 1. ])
    """
    return _sigmoid64(x)


@_elementwise
def sigmoid_derivative(x: Floats) -> Floats:
    r""":math:`\sigma'(x) = \sigma(x)\,\sigma(-x)`, at most 1/4 (at 0).

    Notes
    -----
    The common form :math:`\sigma(1 - \sigma)` returns exactly 0 once :math:`\sigma`
    rounds to 1 (``x > 37`` in float64), although the true value is still
    :math:`e^{-x}` (``sigma'(40) = 4.25e-18``). This computes
    :math:`e/(1+e)^2` with :math:`e = e^{-|x|}`, accurate in both tails.

    Examples
    --------
    >>> float(sigmoid_derivative(0.0))
    0.25
    >>> print(f"{sigmoid_derivative(40.0):.4e}")
    4.2484e-18
    """
    return _logistic_slope64(x)


@_one_pass
def tanh(x: Floats) -> Floats:
    r"""Hyperbolic tangent, :math:`\tanh(x) = 2\sigma(2x) - 1`, range (-1, 1).

    >>> tanh([0.0, 1.0])
    array([0.        , 0.76159416])
    """
    return np.tanh(x)


@_elementwise
def tanh_derivative(x: Floats) -> Floats:
    r""":math:`\tanh'(x) = 1 - \tanh^2(x) = 4\sigma'(2x)`.

    Notes
    -----
    :math:`1 - \tanh^2 x` is exactly 0 once :math:`\tanh x` rounds to 1 (``|x| > 19``
    in float64); :math:`4\sigma'(2x) = \operatorname{sech}^2 x` keeps full relative
    precision (``tanh'(20) = 1.7e-17``).

    >>> float(tanh_derivative(0.0))
    1.0
    >>> print(f"{tanh_derivative(20.0):.4e}")
    1.6993e-17
    """
    # clipped so that 2x cannot overflow; sech^2 has underflowed to 0 long before
    return 4.0 * _logistic_slope64(2.0 * np.clip(x, -_LOGISTIC_CLIP, _LOGISTIC_CLIP))


@_one_pass
def relu(x: Floats) -> Floats:
    r"""Rectified linear unit, :math:`\max(0, x)` (Nair & Hinton 2010).

    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    return np.maximum(x, 0.0)


@_one_pass
def relu_derivative(x: Floats) -> Floats:
    """1 for ``x > 0``, else 0 -- including 0 at the kink, as TensorFlow defines it.

    >>> relu_derivative([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    return _keep_nan(x, (x > 0).astype(x.dtype))


def _check_alpha(alpha: Any, fname: str) -> float:
    return _real_scalar(alpha, "alpha", fname)


def _leaky_kernel(alpha: Any) -> Callable[[NDArray[np.floating]], NDArray[np.floating]]:
    def kernel(z: NDArray[np.floating]) -> NDArray[np.floating]:
        if isinstance(alpha, float) and 0.0 < alpha <= 1.0:
            # the usual case: alpha*x >= x exactly where x <= 0, so max picks the branch
            return np.maximum(z, alpha * z)
        if isinstance(alpha, float) and alpha == 0.0:
            return np.maximum(z, 0.0)  # not max(x, 0 * x): 0 * -inf is NaN
        # Any other slope (negative, above 1, or one per channel). |alpha| > 1 can push
        # alpha*x past the float range; inf is then the right answer. alpha = 0 at
        # x = -inf would give 0 * inf = NaN; the limit there is 0.
        a = np.asarray(alpha, dtype=z.dtype)
        with np.errstate(over="ignore", invalid="ignore"):
            negative = np.where(np.isinf(z) & (a == 0), 0.0, a * z)
        return np.where(z > 0, z, negative)

    return kernel


def _leaky_derivative_kernel(
    alpha: Any, *, zero_at_zero: bool
) -> Callable[[NDArray[np.floating]], NDArray[np.floating]]:
    def kernel(z: NDArray[np.floating]) -> NDArray[np.floating]:
        # 1 on x > 0 plus alpha on x < 0 (or x <= 0): each mask is 0 or 1, so the sum
        # is exactly 1 or alpha, without np.where's slow pass; NaN is in neither mask.
        a = np.asarray(alpha, dtype=z.dtype)
        negative = z < 0 if zero_at_zero else z <= 0
        return _keep_nan(z, (z > 0) + a * negative)

    return kernel


def leaky_relu(x: ArrayLike, alpha: float = 0.01) -> Any:
    r"""Leaky ReLU (Maas et al. 2013): :math:`x` for :math:`x > 0`, else :math:`\alpha x`.

    Parameters
    ----------
    x : array_like
    alpha : float, default 0.01
        Slope for negative inputs. 0.01 is the value of Maas et al. and PyTorch's
        default; **Keras differs**: ``keras.activations.leaky_relu`` defaults to 0.2
        and ``keras.layers.LeakyReLU`` to 0.3. Always pass it explicitly.

    >>> leaky_relu([-100.0, 0.0, 2.0])
    array([-1.,  0.,  2.])
    """
    a = _check_alpha(alpha, "leaky_relu")
    return _apply("leaky_relu", _leaky_kernel(a), x)


def leaky_relu_derivative(x: ArrayLike, alpha: float = 0.01) -> Any:
    r"""1 for :math:`x > 0`, else :math:`\alpha` -- also at 0, as TensorFlow defines it.

    >>> leaky_relu_derivative([-1.0, 0.0, 1.0], alpha=0.2)
    array([0.2, 0.2, 1. ])
    """
    a = _check_alpha(alpha, "leaky_relu_derivative")
    return _apply("leaky_relu_derivative", _leaky_derivative_kernel(a, zero_at_zero=False), x)


def _prelu_alpha(alpha: Any, fname: str) -> Any:
    if isinstance(alpha, (int, float)) and not isinstance(alpha, bool):
        return _check_alpha(alpha, fname)
    arr = check.as_real_array(alpha, fname, "alpha")
    arr = arr if arr.dtype.kind == "f" else arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{fname}: alpha must be finite")
    return arr


def prelu(x: ArrayLike, alpha: ArrayLike) -> Any:
    r"""Parametric ReLU (He et al. 2015): :math:`x` for :math:`x > 0`, else :math:`\alpha x`.

    ``alpha`` is learned; it may be a scalar or an array broadcast against ``x`` (one
    slope per channel, say). He et al. initialise it at 0.25.

    >>> prelu([[-1.0, 2.0], [-4.0, -8.0]], alpha=[0.5, 0.25])
    array([[-0.5,  2. ],
           [-2. , -2. ]])
    """
    a = _prelu_alpha(alpha, "prelu")
    return _apply("prelu", _leaky_kernel(a), x, a)


def prelu_derivative(x: ArrayLike, alpha: ArrayLike) -> Any:
    r"""Derivative of :func:`prelu` with respect to ``x``.

    1 for :math:`x > 0`, :math:`\alpha` for :math:`x < 0`, and **0 at** :math:`x = 0`:
    ``keras.layers.PReLU`` computes :math:`\mathrm{relu}(x) - \alpha\,\mathrm{relu}(-x)`
    and TensorFlow's :math:`\mathrm{relu}'(0) = 0` zeroes both terms -- unlike
    ``leaky_relu``, whose TensorFlow gradient at 0 is :math:`\alpha`.

    >>> prelu_derivative([-1.0, 0.0, 1.0], alpha=0.25)
    array([0.25, 0.  , 1.  ])
    """
    a = _prelu_alpha(alpha, "prelu_derivative")
    return _apply("prelu_derivative", _leaky_derivative_kernel(a, zero_at_zero=True), x, a)


def prelu_alpha_derivative(x: ArrayLike, alpha: ArrayLike) -> Any:
    r"""Derivative of :func:`prelu` with respect to ``alpha``: :math:`\min(x, 0)`.

    Returned elementwise, with the broadcast shape of ``x`` and ``alpha``; for a slope
    shared across some axes, the gradient of a loss is the sum over those axes.

    >>> prelu_alpha_derivative([-3.0, 0.0, 2.0], alpha=0.25)
    array([-3.,  0.,  0.])
    """
    a = _prelu_alpha(alpha, "prelu_alpha_derivative")
    shape = np.shape(a)
    return _apply(
        "prelu_alpha_derivative",
        lambda z: np.broadcast_to(np.minimum(z, 0.0), np.broadcast_shapes(z.shape, shape)),
        x,
        a,
        blocks=False,
    )


def _elu_kernel(
    alpha: float, scale: float
) -> Callable[[NDArray[np.floating]], NDArray[np.floating]]:
    def kernel(z: NDArray[np.floating]) -> NDArray[np.floating]:
        # scale * (max(x, 0) + alpha * expm1(min(x, 0))): for every x one of the two
        # terms is exactly 0, so this is the piecewise formula without np.where
        with np.errstate(over="ignore"):  # scale * x beyond the float range is inf
            positive = scale * np.maximum(z, 0.0)
        return positive + (scale * alpha) * np.expm1(np.minimum(z, 0.0))

    return kernel


def _elu_derivative_kernel(
    alpha: float, scale: float, *, positive_at_zero: bool
) -> Callable[[NDArray[np.floating]], NDArray[np.floating]]:
    def kernel(z: NDArray[np.floating]) -> NDArray[np.floating]:
        pos = z >= 0 if positive_at_zero else z > 0
        # NaN is not in pos, so it takes the second branch and stays NaN
        return np.where(pos, scale, (scale * alpha) * np.exp(np.minimum(z, 0.0)))

    return kernel


def elu(x: ArrayLike, alpha: float = 1.0) -> Any:
    r"""Exponential linear unit (Clevert et al. 2016).

    .. math:: \mathrm{elu}(x) = \begin{cases} x & x > 0 \\ \alpha(e^{x} - 1) & x \le 0 \end{cases}

    ``expm1`` keeps full relative precision for small negative ``x``, where
    ``exp(x) - 1`` cancels.

    >>> elu([-1000.0, -1e-20, 2.0])
    array([-1.e+00, -1.e-20,  2.e+00])
    """
    a = _check_alpha(alpha, "elu")
    return _apply("elu", _elu_kernel(a, 1.0), x)


def elu_derivative(x: ArrayLike, alpha: float = 1.0) -> Any:
    r"""1 for :math:`x > 0`, else :math:`\alpha e^{x}`; :math:`\alpha` at 0, as in TensorFlow.

    >>> elu_derivative([-1.0, 0.0, 1.0], alpha=2.0)
    array([0.73575888, 2.        , 1.        ])
    """
    a = _check_alpha(alpha, "elu_derivative")
    return _apply("elu_derivative", _elu_derivative_kernel(a, 1.0, positive_at_zero=False), x)


def selu(x: ArrayLike) -> Any:
    r"""Scaled ELU (Klambauer et al. 2017): :math:`\lambda\,\mathrm{elu}(x, \alpha)`.

    With :data:`SELU_ALPHA` :math:`\approx 1.6733` and :data:`SELU_SCALE`
    :math:`\approx 1.0507`, activations of a suitably initialised network converge to
    zero mean and unit variance ("self-normalising").

    >>> selu([-1000.0, 0.0, 1.0])
    array([-1.75809934,  0.        ,  1.05070099])
    """
    return _apply("selu", _elu_kernel(SELU_ALPHA, SELU_SCALE), x)


def selu_derivative(x: ArrayLike) -> Any:
    r""":math:`\lambda` for :math:`x \ge 0` (TensorFlow takes the positive branch at 0),
    :math:`\lambda\alpha e^{x}` for :math:`x < 0`.

    >>> selu_derivative([-1.0, 0.0, 1.0])
    array([0.6467686 , 1.05070099, 1.05070099])
    """
    kernel = _elu_derivative_kernel(SELU_ALPHA, SELU_SCALE, positive_at_zero=True)
    return _apply("selu_derivative", kernel, x)


@_elementwise
def softplus(x: Floats) -> Floats:
    r"""Softplus, :math:`\log(1 + e^{x})`, a smooth ReLU (Dugas et al. 2001).

    Computed as :math:`\max(x, 0) + \log(1 + e^{-|x|})` (``log1p``): no overflow for
    large ``x`` (where the naive form returns inf) and full precision for very
    negative ``x`` (where the naive form returns 0).

    >>> softplus([-1000.0, 0.0, 1000.0])
    array([0.00000000e+00, 6.93147181e-01, 1.00000000e+03])
    """
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


@_elementwise
def softplus_derivative(x: Floats) -> Floats:
    r""":math:`\mathrm{softplus}'(x) = \sigma(x)`.

    >>> float(softplus_derivative(0.0))
    0.5
    """
    return _sigmoid64(x)


def _check_approximate(approximate: Any, fname: str) -> bool:
    return check.flag(approximate, fname, "approximate")


def _gelu_tanh_arg(x: NDArray[np.floating]) -> NDArray[np.floating]:
    # 2u with u = sqrt(2/pi) (x + 0.044715 x^3) = sqrt(2/pi) x (1 + 0.044715 x^2);
    # 1 + tanh(u) = 2 sigma(2u). |x| <= 40 keeps x^3 finite; beyond it sigma(2u) is
    # already exactly 0 or 1.
    xc = np.clip(x, -_GAUSS_CLIP, _GAUSS_CLIP)
    return (2.0 * _SQRT_2_OVER_PI) * xc * (1.0 + _GELU_TANH_COEF * (xc * xc))


def _gelu_kernel(approx: bool) -> Callable[[NDArray[np.floating]], NDArray[np.floating]]:
    def kernel(x: NDArray[np.floating]) -> NDArray[np.floating]:
        # Below -40 the true value underflows to -0; clipping the factor x there avoids
        # -inf * 0 while leaving every representable result unchanged.
        if approx:
            xc = np.maximum(x, -_GAUSS_CLIP)
            return xc * _sigmoid64(_gelu_tanh_arg(xc))
        # Always in float64: in float32, Phi(x) is subnormal (and imprecise) on
        # -14 < x < -13 where x Phi(x) is not, and ndtr computes in float64 anyway.
        xc = np.maximum(x.astype(np.float64, copy=False), -_GAUSS_CLIP)
        # ndtr's error in the left tail is far below a float32 ulp
        return xc * (_gauss_cdf(xc) if x.dtype == np.float64 else ndtr(xc))

    return kernel


#: gelu'(x) = Phi(x) + x phi(x) is 0 at x = -0.7518 (hi + lo, from mpmath.findroot at
#: 40 digits), and its two terms cancel on either side of it: hundreds of ulp in
#: float64 near the root. On this window it is computed without the cancellation.
_GELU_DERIVATIVE_ROOT = (-0.7517915246935645, 1.4956759177009883e-17)
_GELU_ROOT_WINDOW = (_NDTR_TAIL, -0.4)
#: Gauss-Legendre nodes and weights on [-1, 1]: 8 of them integrate the window's
#: integrand (an entire function) to well below an ulp (7 just do, 6 miss by 3000 ulp).
_GAUSS_LEGENDRE = np.polynomial.legendre.leggauss(8)


def _gelu_derivative_near_root(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Phi(x) + x phi(x) for x in the root window, as the integral of its derivative
    phi(t) (2 - t^2) from the root r to x, by Gauss-Legendre quadrature.

    Nothing cancels: the integrand is positive on (-sqrt 2, sqrt 2), which holds the
    root, and h = x - r is computed to full relative precision (x - hi is exact on the
    window, by Sterbenz's lemma), so the result keeps its relative precision however
    close x is to r: within 4 ulp of mpmath on the whole window.
    """
    hi, lo = _GELU_DERIVATIVE_ROOT
    h = (x - hi) - lo
    total = np.zeros_like(x)
    for node, weight in zip(*_GAUSS_LEGENDRE, strict=True):
        t = hi + (0.5 * (1.0 + node)) * h  # the node mapped from [-1, 1] onto [r, x]
        total += weight * (np.exp(-0.5 * t * t) * (2.0 - t * t))
    return (0.5 * _INV_SQRT_2PI) * h * total


def _gelu_derivative_tail(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Phi(x) + x phi(x) for -40 <= x < -1.5, with Phi from erfcx (see _gauss_cdf_tail)."""
    return (0.5 * erfcx(x * -math.sqrt(0.5)) + x * _INV_SQRT_2PI) * _exp_half_square(x)


def _gelu_derivative_direct(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Phi(x) + x phi(x) where neither term is in trouble: x >= -0.4, or any x when the
    result is rounded to float32 (float64's errors are far below a float32 ulp)."""
    return ndtr(x) + x * np.exp(-0.5 * x * x) * _INV_SQRT_2PI


def _logistic_pair(x: NDArray[np.floating]) -> tuple[NDArray[np.floating], NDArray[np.floating]]:
    """sigma(x) and sigma(-x), from a single exp (see _sigmoid64)."""
    e, d = _logistic_parts(x)
    return np.maximum(e, x >= 0) / d, np.maximum(e, x <= 0) / d


def _gelu_derivative_kernel(approx: bool) -> Callable[[NDArray[np.floating]], NDArray[np.floating]]:
    def kernel(x: NDArray[np.floating]) -> NDArray[np.floating]:
        if approx:
            xc = np.clip(x, -_GAUSS_CLIP, _GAUSS_CLIP)
            t_slope = (2.0 * _SQRT_2_OVER_PI) * (1.0 + (3.0 * _GELU_TANH_COEF) * (xc * xc))
            t = _gelu_tanh_arg(xc)
            e, d = _logistic_parts(t)
            # sigma(t) + x t' sigma'(t) with sigma' = e / (1 + e)^2; near the root at
            # x = -0.75 this sum loses less than the product sigma(t) (1 + x t' sigma(-t))
            return np.maximum(e, t >= 0) / d + xc * t_slope * e / d / d
        xc = np.clip(x.astype(np.float64, copy=False), -_GAUSS_CLIP, _GAUSS_CLIP)
        if x.dtype != np.float64:
            return _gelu_derivative_direct(xc)
        out = np.empty_like(xc)
        tail = xc < _NDTR_TAIL
        near = (xc >= _GELU_ROOT_WINDOW[0]) & (xc < _GELU_ROOT_WINDOW[1])
        _on_subset(out, ~(tail | near), _gelu_derivative_direct, xc)  # NaN included
        _on_subset(out, tail, _gelu_derivative_tail, xc)
        _on_subset(out, near, _gelu_derivative_near_root, xc)
        return out

    return kernel


def gelu(x: ArrayLike, approximate: bool = False) -> Any:
    r"""Gaussian error linear unit (Hendrycks & Gimpel 2016), :math:`x\,\Phi(x)`.

    Parameters
    ----------
    x : array_like
    approximate : bool, default False
        False: the exact form :math:`x\Phi(x) = \tfrac{x}{2}(1 + \operatorname{erf}(x/\sqrt2))`.
        True: the tanh approximation
        :math:`\tfrac{x}{2}\bigl(1 + \tanh\bigl(\sqrt{2/\pi}\,(x + 0.044715x^3)\bigr)\bigr)`.
        They differ by up to about 4.7e-4. Keras disagrees with itself here:
        ``keras.activations.gelu`` defaults to the exact form, ``keras.ops.gelu`` to
        the approximation.

    Notes
    -----
    In the left tail (:math:`x < -1.5`),
    :math:`\Phi(x) = \tfrac12\operatorname{erfcx}(-x/\sqrt2)\,e^{-x^2/2}`
    (``scipy.special.erfcx``), accurate in the far negative tail where
    :math:`\tfrac12(1 + \operatorname{erf})` cancels to 0; the tanh form is evaluated as
    :math:`x\,\sigma(2u)`.

    >>> gelu([-1.0, 0.0, 1.0])
    array([-0.15865525,  0.        ,  0.84134475])
    >>> gelu([-1.0, 0.0, 1.0], approximate=True)
    array([-0.15880801,  0.        ,  0.84119199])
    """
    return _apply("gelu", _gelu_kernel(_check_approximate(approximate, "gelu")), x)


def gelu_derivative(x: ArrayLike, approximate: bool = False) -> Any:
    r"""Derivative of :func:`gelu`.

    Exact form: :math:`\Phi(x) + x\,\varphi(x)`, with :math:`\varphi` the standard normal
    density. Tanh form: :math:`\sigma(2u)\,(1 + 2x\,u'(x)\,\sigma(-2u))` with
    :math:`u = \sqrt{2/\pi}(x + 0.044715x^3)`.

    >>> gelu_derivative([-1.0, 0.0, 1.0])
    array([-0.08331547,  0.5       ,  1.08331547])
    """
    approx = _check_approximate(approximate, "gelu_derivative")
    return _apply("gelu_derivative", _gelu_derivative_kernel(approx), x)


def _scaled_clip(x: NDArray[np.floating], beta: float) -> NDArray[np.floating]:
    """beta * x with x clipped where sigma(beta * x) is already exactly 0 or 1."""
    if beta == 0.0:
        return np.zeros_like(x)
    lim = _LOGISTIC_CLIP / abs(beta)
    return beta * np.clip(x, -lim, lim)


def _swish_kernel(beta: float) -> Callable[[NDArray[np.floating]], NDArray[np.floating]]:
    lim = _LOGISTIC_CLIP / abs(beta) if beta else math.inf

    def kernel(z: NDArray[np.floating]) -> NDArray[np.floating]:
        t = _scaled_clip(z, beta)
        # Beyond -lim (for beta > 0; +lim for beta < 0) sigma(t) is exactly 0 and the
        # true value is below the smallest subnormal; clipping the factor x on that
        # side keeps x = -inf from giving inf * 0 = NaN.
        factor = np.maximum(z, -lim) if beta > 0 else np.minimum(z, lim)
        return factor * _sigmoid64(t)

    return kernel


def _swish_derivative_kernel(beta: float) -> Callable[[NDArray[np.floating]], NDArray[np.floating]]:
    def kernel(z: NDArray[np.floating]) -> NDArray[np.floating]:
        t = _scaled_clip(z, beta)
        s, s_neg = _logistic_pair(t)
        return s * (1.0 + t * s_neg)  # with t = beta x

    return kernel


def swish(x: ArrayLike, beta: float = 1.0) -> Any:
    r"""Swish (Ramachandran et al. 2017), :math:`x\,\sigma(\beta x)`; ``beta=1`` is SiLU.

    >>> swish([-1.0, 0.0, 1.0], beta=2.0)
    array([-0.11920292,  0.        ,  0.88079708])
    """
    return _apply("swish", _swish_kernel(_real_scalar(beta, "beta", "swish")), x)


def swish_derivative(x: ArrayLike, beta: float = 1.0) -> Any:
    r""":math:`\sigma(\beta x)\,\bigl(1 + \beta x\,\sigma(-\beta x)\bigr)`.

    >>> swish_derivative([0.0], beta=2.0)
    array([0.5])
    """
    b = _real_scalar(beta, "beta", "swish_derivative")
    return _apply("swish_derivative", _swish_derivative_kernel(b), x)


def silu(x: ArrayLike) -> Any:
    r"""Sigmoid linear unit, :math:`x\,\sigma(x)`: named in the GELU paper (Hendrycks &
    Gimpel 2016), used by Elfwing et al. (2018), rediscovered as swish with beta = 1.

    >>> silu([-1.0, 0.0, 1.0])
    array([-0.26894142,  0.        ,  0.73105858])
    """
    return _apply("silu", _swish_kernel(1.0), x)


def silu_derivative(x: ArrayLike) -> Any:
    r""":math:`\sigma(x)\,(1 + x\,\sigma(-x))`.

    >>> silu_derivative([0.0])
    array([0.5])
    """
    return _apply("silu_derivative", _swish_derivative_kernel(1.0), x)


# --------------------------------------------------------------------- vector functions


def _shifted_logits(x: ArrayLike, axis: int, fname: str) -> tuple[NDArray[np.floating], np.dtype]:
    """Return ``z = x - max(x)`` along ``axis`` (so ``exp(z) <= 1``), and the dtype.

    A row whose maximum is +inf becomes 0 at its +inf entries and -inf elsewhere (the
    limit of softmax is one-hot there); a row of only -inf stays -inf (undefined: NaN).
    float32 is computed in float32, everything else in float64 (as in ``_apply``).
    """
    arr = _as_real_array(x, fname)
    if arr.ndim == 0:
        raise ValueError(f"{fname}: x must be an array with at least one axis, got a scalar")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{fname}: axis must be a whole number, got {type(axis).__name__}")
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"{fname}: axis {axis} is out of range for x with {arr.ndim} axes")
    z = arr.astype(_work_dtype(arr.dtype), copy=False)
    m = z.max(axis=axis, keepdims=True)  # methods: less overhead on a small batch
    all_finite = np.isfinite(m).all()  # usually: then no np.where is needed
    # x - max can overflow to -inf only when the true value exp(x - max) is 0 anyway.
    with np.errstate(over="ignore"):
        shifted = z - (m if all_finite else np.where(np.isfinite(m), m, 0.0))
    if not all_finite and (m == np.inf).any():
        one_hot = np.where(z == np.inf, z.dtype.type(0.0), z.dtype.type(-np.inf))
        shifted = np.where(m == np.inf, one_hot, shifted)
    return shifted, arr.dtype  # shifted is a new array, never a view of x


def softmax(x: ArrayLike, axis: int = -1) -> Any:
    r"""Softmax along ``axis``: :math:`p_i = e^{x_i} / \sum_j e^{x_j}` (Bridle 1990).

    The maximum is subtracted first, which changes nothing mathematically (softmax is
    invariant to adding a constant) but keeps every ``exp`` at most 1.

    >>> softmax([1000.0, 1000.0])
    array([0.5, 0.5])
    >>> softmax([0.0, -np.inf])
    array([1., 0.])
    """
    z, dtype = _shifted_logits(x, axis, "softmax")
    e = np.exp(z)
    s = np.sum(e, axis=axis, keepdims=True)
    return _finish(e / np.where(s == 0.0, np.nan, s), dtype)


def log_softmax(x: ArrayLike, axis: int = -1) -> Any:
    r""":math:`\log \mathrm{softmax}(x)_i = x_i - \log\sum_j e^{x_j}` (log-sum-exp).

    After subtracting the maximum, the maximum's own term of the sum is exactly 1, so the
    sum is computed *without* it and added with ``log1p``: a log-probability close to 0
    keeps its full relative precision (``log(1 + 1e-20)`` is 0 in float64,
    ``log1p(1e-20)`` is 1e-20), which matters for the cross-entropy of a confident,
    correct prediction.

    >>> log_softmax([0.0, -1000.0])
    array([    0., -1000.])
    >>> float(-log_softmax([40.0, 0.0, 0.0])[0])  # 2 exp(-40), not 0
    8.496708510583178e-18
    """
    z, dtype = _shifted_logits(x, axis, "log_softmax")
    top = z == 0.0  # the maximum's own entries (ties included): exp(0) = 1 exactly
    e = np.exp(z)
    np.subtract(e, top, out=e)  # leave their 1s out: 1 - 1 = 0 exactly, the rest unchanged
    ties = top.sum(axis=axis, keepdims=True)
    rest = e.sum(axis=axis, keepdims=True) + (ties - 1)  # all but one tie go back in
    undefined = ties == 0  # a row of only -inf (or with a NaN, which is NaN anyway)
    # z is a new array of our own: subtracting in place saves a full-size temporary
    return _finish(np.subtract(z, np.log1p(np.where(undefined, np.nan, rest)), out=z), dtype)


def softmax_jacobian(x: ArrayLike) -> Any:
    r"""Jacobian of :func:`softmax` over the last axis: shape ``(..., n)`` → ``(..., n, n)``.

    :math:`J_{ij} = \partial p_i / \partial x_j = p_i(\delta_{ij} - p_j)`.

    The diagonal :math:`p_i(1 - p_i)` is computed as :math:`p_i \sum_{j \ne i} p_j`, so
    it keeps its precision when :math:`p_i` is close to 1.

    >>> softmax_jacobian([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    z, dtype = _shifted_logits(x, -1, "softmax_jacobian")
    e = np.exp(z)
    s = np.sum(e, axis=-1, keepdims=True)
    s = np.where(s == 0.0, np.nan, s)
    p = e / s
    n = z.shape[-1]
    off = ~np.eye(n, dtype=bool)
    rest = np.sum(np.where(off, e[..., None, :], 0.0), axis=-1) / s  # sum_{j != i} p_j
    jac = -p[..., :, None] * p[..., None, :]
    diag = np.arange(n)
    jac[..., diag, diag] = p * rest
    return _finish(jac, dtype)


# ----------------------------------------------------------------------------- registry


@dataclass(frozen=True, kw_only=True)
class Activation:
    """One activation function with everything the book says about it.

    The declared properties (``output_range``, ``changes_sign_at_zero``, ``monotonic``,
    ``smooth``, ``saturates``) are checked by ``tests/test_registry.py``, which computes
    each of them from ``function`` and ``derivative``; the book's property table
    (:func:`property_table`) and plots are generated from the records.
    """

    name: str
    title: str
    function: Callable[..., Any]
    derivative: Callable[..., Any]
    formula: str  #: LaTeX of f(x)
    derivative_formula: str  #: LaTeX of f'(x)
    output_range: tuple[float, float]  #: (inf, sup) of f over the reals
    range_latex: str
    changes_sign_at_zero: bool  #: f(0) = 0 and f takes both signs
    monotonic: bool  #: non-decreasing over the reals
    smooth: bool  #: continuously differentiable (C^1) with these keyword arguments
    saturates: str  #: where f tends to a finite limit: "both", "negative" or "none"
    keras_name: str | None  #: the built-in Keras activation (or layer) to compare with
    reference: str  #: bibliography key of the paper that introduced or named it
    kwargs: Mapping[str, Any] = field(default_factory=dict)  #: arguments of f and f'

    def __call__(self, x: ArrayLike) -> Any:
        return self.function(x, **self.kwargs)

    def grad(self, x: ArrayLike) -> Any:
        """The derivative with this record's keyword arguments."""
        return self.derivative(x, **self.kwargs)

    def unchecked(self) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
        """``(f, f')`` for float32 or float64 arrays that need no checks (``MLP``'s own).

        Where the record has no keyword arguments, an array of at most ``_BLOCK`` elements
        goes straight to the kernel behind ``function`` or ``derivative`` (kept by
        ``functools.wraps``), which is what the checked call runs on it: the same result
        to the last bit, without the checks' cost on a small batch. Anything else goes
        through the checked functions.
        """
        f, d = (getattr(fn, "__wrapped__", None) for fn in (self.function, self.derivative))
        if self.kwargs or f is None or d is None:
            return self, self.grad

        def fast(kernel: Callable[[Any], Any], checked: Callable[[Any], Any]) -> Any:
            return lambda z: kernel(z) if z.size <= _BLOCK else checked(z)

        return fast(f, self.function), fast(d, self.derivative)


_RECORDS = [
    Activation(
        name="step",
        title="Step (Heaviside)",
        function=step,
        derivative=step_derivative,
        formula=r"H(x) = \begin{cases}1 & x \ge 0\\ 0 & x < 0\end{cases}",
        derivative_formula=r"0 \;(x \ne 0)",
        output_range=(0.0, 1.0),
        range_latex=r"\{0, 1\}",
        changes_sign_at_zero=False,
        monotonic=True,
        smooth=False,
        saturates="both",
        keras_name=None,
        reference="mcculloch1943",
    ),
    Activation(
        name="identity",
        title="Identity (linear)",
        function=identity,
        derivative=identity_derivative,
        formula=r"x",
        derivative_formula=r"1",
        output_range=(-math.inf, math.inf),
        range_latex=r"(-\infty, \infty)",
        changes_sign_at_zero=True,
        monotonic=True,
        smooth=True,
        saturates="none",
        keras_name="linear",
        reference="rosenblatt1958",
    ),
    Activation(
        name="sigmoid",
        title="Sigmoid (logistic)",
        function=sigmoid,
        derivative=sigmoid_derivative,
        formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivative_formula=r"\sigma(x)\,\sigma(-x) = \sigma(x)(1 - \sigma(x))",
        output_range=(0.0, 1.0),
        range_latex=r"(0, 1)",
        changes_sign_at_zero=False,
        monotonic=True,
        smooth=True,
        saturates="both",
        keras_name="sigmoid",
        reference="rumelhart1986",
    ),
    Activation(
        name="tanh",
        title="Hyperbolic tangent",
        function=tanh,
        derivative=tanh_derivative,
        formula=r"\tanh x = 2\sigma(2x) - 1",
        derivative_formula=r"1 - \tanh^2 x = 4\sigma'(2x)",
        output_range=(-1.0, 1.0),
        range_latex=r"(-1, 1)",
        changes_sign_at_zero=True,
        monotonic=True,
        smooth=True,
        saturates="both",
        keras_name="tanh",
        reference="lecun1998",
    ),
    Activation(
        name="relu",
        title="ReLU",
        function=relu,
        derivative=relu_derivative,
        formula=r"\max(0, x)",
        derivative_formula=r"\begin{cases}1 & x > 0\\ 0 & x \le 0\end{cases}",
        output_range=(0.0, math.inf),
        range_latex=r"[0, \infty)",
        changes_sign_at_zero=False,
        monotonic=True,
        smooth=False,
        saturates="negative",
        keras_name="relu",
        reference="nair2010",
    ),
    Activation(
        name="leaky_relu",
        title="Leaky ReLU",
        function=leaky_relu,
        derivative=leaky_relu_derivative,
        formula=r"\begin{cases}x & x > 0\\ \alpha x & x \le 0\end{cases}",
        derivative_formula=r"\begin{cases}1 & x > 0\\ \alpha & x \le 0\end{cases}",
        output_range=(-math.inf, math.inf),
        range_latex=r"(-\infty, \infty)",
        changes_sign_at_zero=True,
        monotonic=True,
        smooth=False,
        saturates="none",
        keras_name="leaky_relu",
        reference="maas2013",
        kwargs={"alpha": 0.01},
    ),
    Activation(
        name="prelu",
        title="Parametric ReLU",
        function=prelu,
        derivative=prelu_derivative,
        formula=r"\begin{cases}x & x > 0\\ \alpha x & x \le 0\end{cases},\ \alpha \text{ learned}",
        derivative_formula=r"\begin{cases}1 & x > 0\\ 0 & x = 0\\ \alpha & x < 0\end{cases}",
        output_range=(-math.inf, math.inf),
        range_latex=r"(-\infty, \infty)",
        changes_sign_at_zero=True,
        monotonic=True,
        smooth=False,
        saturates="none",
        keras_name="PReLU",
        reference="he2015",
        kwargs={"alpha": 0.25},
    ),
    Activation(
        name="elu",
        title="ELU",
        function=elu,
        derivative=elu_derivative,
        formula=r"\begin{cases}x & x > 0\\ \alpha(e^{x} - 1) & x \le 0\end{cases}",
        derivative_formula=r"\begin{cases}1 & x > 0\\ \alpha e^{x} & x \le 0\end{cases}",
        output_range=(-1.0, math.inf),
        range_latex=r"(-\alpha, \infty)",
        changes_sign_at_zero=True,
        monotonic=True,
        smooth=True,
        saturates="negative",
        keras_name="elu",
        reference="clevert2016",
        kwargs={"alpha": 1.0},
    ),
    Activation(
        name="selu",
        title="SELU",
        function=selu,
        derivative=selu_derivative,
        formula=r"\lambda\begin{cases}x & x > 0\\ \alpha(e^{x} - 1) & x \le 0\end{cases}",
        derivative_formula=r"\lambda\begin{cases}1 & x \ge 0\\ \alpha e^{x} & x < 0\end{cases}",
        output_range=(-SELU_SCALE * SELU_ALPHA, math.inf),
        range_latex=r"(-\lambda\alpha, \infty)",
        changes_sign_at_zero=True,
        monotonic=True,
        smooth=False,
        saturates="negative",
        keras_name="selu",
        reference="klambauer2017",
    ),
    Activation(
        name="softplus",
        title="Softplus",
        function=softplus,
        derivative=softplus_derivative,
        formula=r"\log(1 + e^{x})",
        derivative_formula=r"\sigma(x)",
        output_range=(0.0, math.inf),
        range_latex=r"(0, \infty)",
        changes_sign_at_zero=False,
        monotonic=True,
        smooth=True,
        saturates="negative",
        keras_name="softplus",
        reference="dugas2001",
    ),
    Activation(
        name="gelu",
        title="GELU",
        function=gelu,
        derivative=gelu_derivative,
        formula=r"x\,\Phi(x) = \frac{x}{2}\left(1 + \operatorname{erf}\frac{x}{\sqrt 2}\right)",
        derivative_formula=r"\Phi(x) + x\,\varphi(x)",
        output_range=(-0.16997120747990, math.inf),
        range_latex=r"[\approx -0.170, \infty)",
        changes_sign_at_zero=True,
        monotonic=False,
        smooth=True,
        saturates="negative",
        keras_name="gelu",
        reference="hendrycks2016",
        kwargs={"approximate": False},
    ),
    Activation(
        name="silu",
        title="SiLU",
        function=silu,
        derivative=silu_derivative,
        formula=r"x\,\sigma(x)",
        derivative_formula=r"\sigma(x)\,(1 + x\,\sigma(-x))",
        output_range=(-0.27846454276107, math.inf),
        range_latex=r"[\approx -0.278, \infty)",
        changes_sign_at_zero=True,
        monotonic=False,
        smooth=True,
        saturates="negative",
        keras_name="silu",
        # named in the GELU paper; Elfwing et al. (2018) used it for reinforcement learning
        reference="hendrycks2016",
    ),
    Activation(
        name="swish",
        title="Swish",
        function=swish,
        derivative=swish_derivative,
        formula=r"x\,\sigma(\beta x)",
        derivative_formula=r"\sigma(\beta x)\,(1 + \beta x\,\sigma(-\beta x))",
        # with the record's beta = 1 it is SiLU; for beta > 0 the minimum is SiLU's / beta
        output_range=(-0.27846454276107, math.inf),
        range_latex=r"[\approx -0.278/\beta, \infty)",
        changes_sign_at_zero=True,
        monotonic=False,
        smooth=True,
        saturates="negative",
        keras_name="silu",
        reference="ramachandran2017",
        kwargs={"beta": 1.0},
    ),
]

#: The registry: activation name -> :class:`Activation` record.
ACTIVATIONS: dict[str, Activation] = {rec.name: rec for rec in _RECORDS}


def _record(name: Any, where: str, argument: str) -> Activation:
    """The registry record called ``name``, or an error that names ``where``."""
    if not isinstance(name, str):
        raise TypeError(f"{where}: {argument} must hold activation names, got {name!r}")
    if name not in ACTIVATIONS:
        raise ValueError(
            f"{where}: unknown activation {name!r} in {argument}; known: {', '.join(ACTIVATIONS)}"
        )
    return ACTIVATIONS[name]


def mean_of_standard_normal(name: str) -> float:
    r""":math:`\mathbb E[f(Z)]` for :math:`Z \sim \mathcal N(0, 1)`: the mean output of
    activation ``name`` (with its registry keyword arguments) for standard-normal input.

    This is what "zero-centred" should mean for a hidden layer: ReLU's outputs have mean
    :math:`1/\sqrt{2\pi} \approx 0.399` whatever the sign convention at 0. Integrated with
    ``scipy.integrate.quad`` on each side of 0, where the kinks are.

    >>> round(mean_of_standard_normal("relu"), 6), round(1 / math.sqrt(2 * math.pi), 6)
    (0.398942, 0.398942)
    """
    from scipy.integrate import quad

    rec = _record(name, "mean_of_standard_normal", "name")

    def weighted(z: float) -> float:
        return float(rec(z)) * math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)

    return float(quad(weighted, -math.inf, 0.0)[0] + quad(weighted, 0.0, math.inf)[0])


def property_table(names: list[str] | None = None) -> list[dict[str, str]]:
    """Rows of the book's property table, one per activation, computed from the registry.

    The derivative at 0 and the mean output for standard-normal input are evaluated,
    not declared.

    >>> row = property_table(["relu"])[0]
    >>> row["f'(0)"], row["Keras"], row["E[f(Z)], Z ~ N(0, 1)"]
    ('0', 'relu', '0.399')
    """
    if isinstance(names, (str, bytes)):
        raise TypeError(f"property_table: names must be a list of activation names, got {names!r}")
    rows = []
    for name in names or list(ACTIVATIONS):
        rec = _record(name, "property_table", "names")
        d0 = float(rec.grad(0.0))
        mean = mean_of_standard_normal(name)
        rows.append(
            {
                "activation": rec.title,
                "f(x)": f"${rec.formula}$",
                "f′(x)": f"${rec.derivative_formula}$",
                "range": f"${rec.range_latex}$",
                "f(0) = 0, both signs": "yes" if rec.changes_sign_at_zero else "no",
                "E[f(Z)], Z ~ N(0, 1)": f"{mean + 0.0:.3f}" if abs(mean) >= 5e-4 else "0.000",
                "monotonic": "yes" if rec.monotonic else "no",
                "smooth (C¹)": "yes" if rec.smooth else "no",
                "saturates": {"both": "both sides", "negative": "x → −∞", "none": "no"}[
                    rec.saturates
                ],
                "f'(0)": f"{d0:.6g}",
                "Keras": rec.keras_name or "—",
            }
        )
    return rows
