"""What the tests know about each registry activation, independently of ``course_code``:
one oracle row per activation, and every test reads from here.

A row of :data:`ORACLES` holds, for the activation of the same name in
:data:`course_code.activations.ACTIVATIONS`:

* ``f`` and ``df``: the function and its derivative in mpmath (50 significant digits, an
  unbounded exponent), as functions of ``x`` and the record's keyword arguments. They are
  the plain mathematical definitions, so the cancellations and overflows that the NumPy
  code designs around cannot happen here; where a definition would still cancel
  (``1 - sigma`` for large x) it is written with ``sigma(-x)``, an exact identity. At a
  kink ``df`` returns the value TensorFlow's gradient returns there;
* ``limits`` and ``derivative_limits``: ``(f(-inf), f(+inf), f(0))`` and the same for
  ``f'``, derived by hand from the formula, with ``f'(0)`` by TensorFlow's convention;
* ``kink``: the order of the lowest derivative that jumps at 0 (0: ``f`` itself, 1: ``f'``,
  2: ``f''``), ``None`` where the function is smooth (finite differences that straddle a
  kink average the two one-sided slopes);
* ``interior_minimum``: ``(x*, f(x*))`` where the infimum of ``f`` is a minimum at a
  finite ``x*``, computed without the NumPy code;
* ``variants``: the keyword arguments the tests cover besides the record's, and which
  test modules cover them;
* ``keras``: the Keras parity tolerances that differ from the default, each with the
  reason (the comparisons are named in :data:`KERAS_COMPARISONS`).

Adding an activation to the registry means adding its row here; ``tests/test_registry.py``
fails while the registry and this table disagree on the names.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import mpmath as mp
import numpy as np

from course_code.activations import ACTIVATIONS

mp.mp.dps = 50

INF = math.inf
#: SELU's constants as 32 digits (Klambauer et al. 2017, eq. 14); the tests prove that the
#: package's doubles are these numbers correctly rounded.
SELU_ALPHA = mp.mpf("1.6732632423543772848170429916717")
SELU_SCALE = mp.mpf("1.0507009873554804934193349852946")
#: -lambda * alpha, the limit of selu at -inf, for the two *double* constants the NumPy code
#: multiplies: the product of those doubles correctly rounded (one ulp below the rounding of
#: the 32-digit product).
SELU_FLOOR = -(float(SELU_SCALE) * float(SELU_ALPHA))
C_TANH = mp.sqrt(2 / mp.pi)
K_TANH = mp.mpf(0.044715)

Ref = Callable[[mp.mpf], mp.mpf]

#: The test modules that a variant can be covered by: the properties of
#: ``tests/test_activations.py`` (every variant), the ulp bounds of ``tests/test_accuracy.py``
#: (50-digit references at ~2000 points: the costly one) and the Keras parity of
#: ``tests/test_keras_parity.py``.
PROPERTIES, ACCURACY, KERAS = "properties", "accuracy", "keras"

#: The Keras parity comparisons whose tolerance a row may change (the defaults live in the
#: test modules, next to the comparison).
KERAS_COMPARISONS = {
    "ops_float64_values": "course_code.keras_activations vs NumPy, float64 values "
    "(default rtol 1e-12, atol 1e-15)",
    "ops_float32_gradients": "course_code.keras_activations' TensorFlow gradient vs the NumPy "
    "derivative, float32 (default rtol 1e-5, atol 1e-6)",
    "builtin_gradient_at_zero": "TensorFlow's gradient of the Keras built-in at x = 0 vs the "
    "NumPy derivative there (default: equal)",
    "mlp_twin": "an MLP's logits, loss and backprop gradients vs its Keras twin's, as the "
    "relative error of course_code.gradcheck (default 1e-10)",
}


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Variant:
    """Keyword arguments to test besides the record's, and the test modules that do."""

    kwargs: Mapping[str, Any]
    tests: frozenset[str] = frozenset({PROPERTIES})


@dataclass(frozen=True, kw_only=True)
class Tolerance:
    """A Keras parity tolerance that differs from the default, and why."""

    rtol: float
    atol: float = 0.0
    reason: str
    #: for which keyword arguments the exception holds (all, by default)
    applies: Callable[..., bool] = lambda **kwargs: True


def _smooth(**kwargs: Any) -> int | None:
    return None


@dataclass(frozen=True, kw_only=True)
class Oracle:
    """Everything the tests know about one activation (see the module docstring)."""

    f: Callable[..., mp.mpf]
    df: Callable[..., mp.mpf]
    limits: Callable[..., tuple[float, float, float]]
    derivative_limits: Callable[..., tuple[float, float, float]]
    kink: Callable[..., int | None] = _smooth
    interior_minimum: Callable[..., tuple[mp.mpf, mp.mpf]] | None = None
    variants: tuple[Variant, ...] = ()
    keras: Mapping[str, Tolerance] = field(default_factory=dict)

    def mp_pair(self, **kwargs: Any) -> tuple[Ref, Ref]:
        """``(f, f')`` in mpmath with these keyword arguments bound (taken as the exact
        binary values the NumPy code receives; a one-slope array as its scalar)."""
        kw = {k: _as_mp(v) for k, v in kwargs.items()}
        return (lambda x: self.f(x, **kw)), (lambda x: self.df(x, **kw))


def scalar_kwargs(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments with every array replaced by its first entry (the oracles
    are scalar; an array slope is tested with all entries equal)."""
    return {
        k: float(np.asarray(v).ravel()[0]) if isinstance(v, np.ndarray) else v
        for k, v in kwargs.items()
    }


def _as_mp(value: Any) -> Any:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return mp.mpf(float(np.asarray(value).ravel()[0]))


# ------------------------------------------------------------------- mpmath helpers


def sig(x: mp.mpf) -> mp.mpf:
    return 1 / (1 + mp.exp(-x))


def ncdf(x: mp.mpf) -> mp.mpf:
    # mpmath's erfc overflows its own series test for |x| ~ 1e17; beyond |x| = 1e3,
    # Phi(x) is 0 or 1 to ~2e5 digits, so those are the exact values at 50 digits.
    if abs(x) > 1000:
        return mp.mpf(1 if x > 0 else 0)
    return mp.ncdf(x)


def npdf(x: mp.mpf) -> mp.mpf:
    return mp.mpf(0) if abs(x) > 1000 else mp.npdf(x)


def _gelu_u(x: mp.mpf) -> mp.mpf:
    return C_TANH * (x + K_TANH * x**3)


def _gelu(x: mp.mpf, approximate: bool) -> mp.mpf:
    # tanh form: 1 + tanh(u) = 2 sigma(2u) exactly
    return x * sig(2 * _gelu_u(x)) if approximate else x * ncdf(x)


def _gelu_derivative(x: mp.mpf, approximate: bool) -> mp.mpf:
    if not approximate:
        return ncdf(x) + x * npdf(x)
    t = 2 * _gelu_u(x)
    dt = 2 * C_TANH * (1 + 3 * K_TANH * x**2)
    s = sig(t)  # sigma(-t), not 1 - s, which would cancel for large t
    return s + x * dt * s * sig(-t)


def _swish(x: mp.mpf, beta: mp.mpf) -> mp.mpf:
    return x * sig(beta * x)


def _swish_derivative(x: mp.mpf, beta: mp.mpf) -> mp.mpf:
    s = sig(beta * x)  # sigma(-beta x), not 1 - s, which would cancel for large beta x
    return s + beta * x * s * sig(-beta * x)


def _swish_minimum(beta: float = 1.0) -> tuple[mp.mpf, mp.mpf]:
    # x sigma(beta x) is stationary where 1 + beta x sigma(-beta x) = 0, i.e.
    # beta x = -1 - W(1/e) (Lambert W), and the minimum there is -W(1/e) / beta (beta > 0):
    # a closed form, independent of any root finder.
    if not beta > 0:
        raise ValueError(f"swish has no minimum for beta = {beta}")
    w = mp.lambertw(mp.exp(-1)).real
    return (-1 - w) / beta, -w / beta


def _gelu_minimum(approximate: bool = False) -> tuple[mp.mpf, mp.mpf]:
    # the root of f' near -0.75 (Phi(x) + x phi(x) = 0 for the exact form)
    x_star = mp.findroot(lambda x: _gelu_derivative(x, approximate), mp.mpf(-0.75))
    return x_star, _gelu(x_star, approximate)


def _slope_limit(alpha: float) -> float:
    """lim_{x->-inf} alpha*x: -inf for alpha > 0, +inf for alpha < 0, 0 for alpha = 0."""
    return -INF if alpha > 0 else (INF if alpha < 0 else 0.0)


def _swish_limits(beta: float = 1.0) -> tuple[float, float, float]:
    # x sigma(beta x): for beta > 0 sigma -> 0 faster than x grows at -inf; for beta < 0
    # that happens at +inf instead; beta = 0 is x/2.
    if beta > 0:
        return (0.0, INF, 0.0)
    if beta < 0:
        return (-INF, 0.0, 0.0)
    return (-INF, INF, 0.0)


def _swish_derivative_limits(beta: float = 1.0) -> tuple[float, float, float]:
    # sigma(bx)(1 + bx sigma(-bx)): the bx sigma(-bx) term -> 0 on both sides (b != 0).
    if beta > 0:
        return (0.0, 1.0, 0.5)
    if beta < 0:
        return (1.0, 0.0, 0.5)
    return (0.5, 0.5, 0.5)


_ONE = mp.mpf(1)
_ZERO = mp.mpf(0)

#: keras.activations.leaky_relu and keras.layers.LeakyReLU hand the slope to TensorFlow's
#: LeakyRelu op, whose ``alpha`` attribute is a 32-bit float: 0.01 becomes
#: 0.009999999776482582 (2.2e-8 relative), in float64 too.
_LEAKY_SLOPE_IS_FLOAT32 = (
    "Keras' leaky ReLU hands the slope to TensorFlow's LeakyRelu op, whose alpha attribute is "
    "a 32-bit float: 0.01 becomes 0.009999999776 (2.2e-8 relative), in float64 too"
)

# ----------------------------------------------------------------------------- rows


class _Rows(dict[str, Oracle]):
    """The table; a missing row is an error that says where to add it."""

    def __missing__(self, name: str) -> Oracle:
        raise KeyError(
            f"{name!r} is in the registry but has no oracle row: add one to ORACLES in "
            "tests/oracles.py (see its docstring)"
        )


_TABLE: dict[str, Oracle] = {
    "step": Oracle(
        f=lambda x: mp.mpf(1 if x >= 0 else 0),
        df=lambda x: _ZERO,
        limits=lambda: (0.0, 1.0, 1.0),  # H(0) = 1 is the course's convention
        derivative_limits=lambda: (0.0, 0.0, 0.0),
        kink=lambda: 0,
    ),
    "identity": Oracle(
        f=lambda x: x,
        df=lambda x: _ONE,
        limits=lambda: (-INF, INF, 0.0),
        derivative_limits=lambda: (1.0, 1.0, 1.0),
    ),
    "sigmoid": Oracle(
        f=sig,
        df=lambda x: sig(x) * sig(-x),
        limits=lambda: (0.0, 1.0, 0.5),
        derivative_limits=lambda: (0.0, 0.0, 0.25),
    ),
    "tanh": Oracle(
        f=mp.tanh,
        df=lambda x: mp.sech(x) ** 2,
        limits=lambda: (-1.0, 1.0, 0.0),
        derivative_limits=lambda: (0.0, 0.0, 1.0),
    ),
    "relu": Oracle(
        f=lambda x: max(x, _ZERO),
        df=lambda x: mp.mpf(1 if x > 0 else 0),  # TensorFlow: relu'(0) = 0
        limits=lambda: (0.0, INF, 0.0),
        derivative_limits=lambda: (0.0, 1.0, 0.0),
        kink=lambda: 1,
    ),
    "leaky_relu": Oracle(
        f=lambda x, alpha: x if x > 0 else alpha * x,
        df=lambda x, alpha: _ONE if x > 0 else alpha,  # TensorFlow: alpha at 0
        limits=lambda alpha: (_slope_limit(alpha), INF, 0.0),
        derivative_limits=lambda alpha: (alpha, 1.0, alpha),
        kink=lambda alpha: None if alpha == 1 else 1,
        variants=(
            Variant({"alpha": 0.2}, frozenset({PROPERTIES, ACCURACY, KERAS})),  # Keras' default
            Variant({"alpha": 0.3}),  # keras.layers.LeakyReLU's default
            Variant({"alpha": 0.0}),  # ReLU, written as a leaky ReLU
            # exact in float32, so Keras' float32 slope equals it: the kink convention
            # (alpha, not 0 or 1) is asserted exactly with it
            Variant({"alpha": 0.25}, frozenset({KERAS})),
        ),
        keras={
            "builtin_gradient_at_zero": Tolerance(
                rtol=1e-6,
                reason=_LEAKY_SLOPE_IS_FLOAT32
                + "; so the gradient at 0 equals NumPy's alpha only within tolerance",
                applies=lambda alpha: float(np.float32(alpha)) != alpha,
            ),
            "mlp_twin": Tolerance(
                rtol=1e-7,
                reason=_LEAKY_SLOPE_IS_FLOAT32
                + "; the keras.ops rewrite (an exact slope) is checked at the default",
                applies=lambda alpha: float(np.float32(alpha)) != alpha,
            ),
        },
    ),
    "prelu": Oracle(
        f=lambda x, alpha: x if x > 0 else alpha * x,
        # Keras builds PReLU from two ReLUs, whose gradient at 0 is 0: so prelu'(0) = 0
        df=lambda x, alpha: _ONE if x > 0 else (alpha if x < 0 else _ZERO),
        limits=lambda alpha: (_slope_limit(alpha), INF, 0.0),
        derivative_limits=lambda alpha: (alpha, 1.0, 0.0),
        kink=lambda alpha: 1,  # even at alpha = 1: f'(0) = 0 by TensorFlow's convention
        variants=(Variant({"alpha": np.array([0.25])}), Variant({"alpha": 0.0})),
    ),
    "elu": Oracle(
        f=lambda x, alpha: x if x > 0 else alpha * mp.expm1(x),
        df=lambda x, alpha: _ONE if x > 0 else alpha * mp.exp(x),  # TF: negative branch at 0
        limits=lambda alpha: (-alpha, INF, 0.0),  # alpha (e^x - 1) -> -alpha
        derivative_limits=lambda alpha: (0.0, 1.0, alpha),
        # with alpha = 1 the slopes meet at 0, but f'' jumps from 1 to 0 there
        kink=lambda alpha: 2 if alpha == 1 else 1,
        variants=(
            Variant({"alpha": 0.5}, frozenset({PROPERTIES, ACCURACY, KERAS})),
            Variant({"alpha": 2.0}),
        ),
    ),
    "selu": Oracle(
        f=lambda x: SELU_SCALE * (x if x > 0 else SELU_ALPHA * mp.expm1(x)),
        # TensorFlow takes the positive branch at 0
        df=lambda x: SELU_SCALE * (_ONE if x >= 0 else SELU_ALPHA * mp.exp(x)),
        limits=lambda: (SELU_FLOOR, INF, 0.0),
        derivative_limits=lambda: (0.0, float(SELU_SCALE), float(SELU_SCALE)),
        kink=lambda: 1,
    ),
    "softplus": Oracle(
        f=lambda x: mp.log1p(mp.exp(x)),
        df=sig,
        limits=lambda: (0.0, INF, math.log(2.0)),
        derivative_limits=lambda: (0.0, 1.0, 0.5),
    ),
    "gelu": Oracle(
        f=_gelu,
        df=_gelu_derivative,
        # x Phi(x): Phi decays like a Gaussian, so the product -> 0 at -inf (also the tanh form)
        limits=lambda approximate: (0.0, INF, 0.0),
        derivative_limits=lambda approximate: (0.0, 1.0, 0.5),
        interior_minimum=_gelu_minimum,
        variants=(Variant({"approximate": True}, frozenset({PROPERTIES, ACCURACY, KERAS})),),
        keras={
            "ops_float64_values": Tolerance(
                rtol=1e-12,
                atol=1e-14,
                reason="keras_activations.gelu computes x/2 (1 + erf(x/sqrt 2)) (or 1 + tanh(u)), "
                "which cancels for x < -3: an absolute error of a few ulp of 1 times |x|/2 "
                "(measured 2.8e-15 on [-8, 8], tanh form), while NumPy's erfc-based gelu keeps "
                "a few ulp; 1e-14 is 4 |x|max eps with margin",
            ),
            "ops_float32_gradients": Tolerance(
                rtol=1e-5,
                atol=1e-5,
                reason="TensorFlow differentiates tanh as 1 - tanh(u)^2, which in float32 is off "
                "by ~1 ulp of 1 (1.2e-7) once tanh(u) is near +-1, and the chain rule multiplies "
                "that by x u'(x) (up to ~50 at |x| = 8): measured 4.1e-6 absolute",
                applies=lambda approximate: approximate,
            ),
            "mlp_twin": Tolerance(
                rtol=1e-6, reason="keras.activations.gelu carries float32 constants"
            ),
        },
    ),
    "silu": Oracle(
        f=lambda x: _swish(x, _ONE),
        df=lambda x: _swish_derivative(x, _ONE),
        limits=lambda: _swish_limits(1.0),
        derivative_limits=lambda: _swish_derivative_limits(1.0),
        interior_minimum=lambda: _swish_minimum(1.0),
    ),
    "swish": Oracle(
        f=_swish,
        df=_swish_derivative,
        limits=_swish_limits,
        derivative_limits=_swish_derivative_limits,
        interior_minimum=_swish_minimum,
        variants=(
            Variant({"beta": 1.5}, frozenset({PROPERTIES, ACCURACY, KERAS})),
            Variant({"beta": 0.5}, frozenset({PROPERTIES, ACCURACY, KERAS})),
            Variant({"beta": -1.0}),  # the mirror image: saturates at +inf instead
        ),
    ),
}

#: One row per registry activation.
ORACLES: dict[str, Oracle] = _Rows(_TABLE)


# --------------------------------------------------------------------------- queries


def label(name: str, kwargs: Mapping[str, Any]) -> str:
    """A test id: ``name`` for the record's own keyword arguments, else ``name(k=v, ...)``."""
    own = ACTIVATIONS[name].kwargs
    if not any(isinstance(v, np.ndarray) for v in kwargs.values()) and dict(kwargs) == dict(own):
        return name
    shown = ", ".join(
        f"{k}=array"
        if isinstance(v, np.ndarray)
        else f"{k}={v:g}"
        if isinstance(v, float)
        else f"{k}={v}"
        for k, v in kwargs.items()
    )
    return f"{name}({shown})"


def cases(test: str) -> list[tuple[str, str, dict[str, Any]]]:
    """``(label, name, kwargs)``: every registry record with its own keyword arguments,
    then every variant that ``test`` (one of PROPERTIES, ACCURACY, KERAS) covers."""
    out = [(name, name, dict(rec.kwargs)) for name, rec in ACTIVATIONS.items()]
    for name, oracle in ORACLES.items():
        out += [
            (label(name, v.kwargs), name, dict(v.kwargs))
            for v in oracle.variants
            if test in v.tests
        ]
    return out


def keras_tolerance(
    name: str, kwargs: Mapping[str, Any], comparison: str, default: dict[str, float]
) -> dict[str, float]:
    """``{"rtol": ..., "atol": ...}`` for ``comparison`` of activation ``name``: the row's
    exception where it applies to these keyword arguments, else ``default``."""
    assert comparison in KERAS_COMPARISONS, comparison
    tol = ORACLES[name].keras.get(comparison)
    if tol is None or not tol.applies(**scalar_kwargs(kwargs)):
        return dict(default)
    return {"rtol": tol.rtol, "atol": tol.atol}
