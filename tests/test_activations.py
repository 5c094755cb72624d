"""Unit and property tests for :mod:`course_code.activations`.

They check the numerical contract stated in the docstring of
:mod:`course_code.activations` for every registry record (its function and its
derivative, with the record's own keyword arguments) and for the variants that its
oracle row in :mod:`oracles` adds (other slopes, the tanh GELU, a negative beta, ...):

* quiet: no overflow/invalid/divide for any finite input, in float16/32/64;
* NaN in gives NaN out, ``±inf`` gives the mathematical limit (derived by hand in the
  oracle rows);
* f(0) and f'(0), the latter by TensorFlow's convention at a kink;
* float dtypes are preserved, other real input is promoted like a NumPy ufunc, the
  input is never modified;
* bad input raises a ``TypeError`` that names the function and the offending type;
* derivatives agree with central finite differences, and the functions satisfy known
  identities (``tanh(x) = 2σ(2x) − 1``, ``selu = λ·elu_α``, ...);
* softmax, log_softmax and softmax_jacobian: normalisation, shift invariance, the
  limits at ±inf, agreement with mpmath.

Accuracy in ulps is asserted separately, in ``tests/test_accuracy.py``.
"""

from __future__ import annotations

import functools
import math
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import mpmath as mp
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from oracles import ORACLES, PROPERTIES, cases, scalar_kwargs

from course_code import activations as A
from course_code.activations import ACTIVATIONS, SELU_ALPHA, SELU_SCALE

INF = math.inf
RAISE = {"over": "raise", "invalid": "raise", "divide": "raise"}
FLOATS = [np.float16, np.float32, np.float64]
FLOAT_IDS = ["float16", "float32", "float64"]

# ------------------------------------------------------------------------------ cases


@dataclass(frozen=True)
class Case:
    """One elementwise function with fixed parameters, and what we know about it."""

    id: str
    fn: Callable[..., Any]  #: the public function (its __name__ must appear in errors)
    params: dict = field(default_factory=dict)
    #: (f(-inf), f(+inf), f(0)), derived by hand from the formula -- not from the code
    limits: tuple[float, float, float] = (math.nan, math.nan, math.nan)
    ref: Callable[[mp.mpf], mp.mpf] | None = None  #: mpmath value, for the overflow rule
    derivative: bool = False  #: fn is a derivative (f'(0) follows TensorFlow at a kink)

    def __call__(self, x: Any) -> Any:
        return self.fn(x, **self.params)

    @property
    def array_params(self) -> list[np.ndarray]:
        return [v for v in self.params.values() if isinstance(v, np.ndarray)]

    def out_dtype(self, in_dtype: Any) -> np.dtype:
        """What NumPy's promotion gives: ints/bools become float64, array params join in."""
        base = np.dtype(in_dtype) if np.dtype(in_dtype).kind == "f" else np.dtype(np.float64)
        return np.result_type(base, *[p.dtype for p in self.array_params])

    def out_shape(self, shape: tuple[int, ...]) -> tuple[int, ...]:
        return np.broadcast_shapes(shape, *[p.shape for p in self.array_params])


def _oracle_cases(cid: str, name: str, kwargs: dict) -> list[Case]:
    """The function and the derivative of registry activation ``name`` with ``kwargs``,
    each with the limits and the mpmath reference of its oracle row."""
    rec, oracle = ACTIVATIONS[name], ORACLES[name]
    f_ref, df_ref = oracle.mp_pair(**kwargs)
    scalar = scalar_kwargs(kwargs)
    return [
        Case(cid, rec.function, dict(kwargs), oracle.limits(**scalar), f_ref),
        Case(
            cid + "'",
            rec.derivative,
            dict(kwargs),
            oracle.derivative_limits(**scalar),
            df_ref,
            True,
        ),
    ]


def _prelu_alpha_cases() -> list[Case]:
    # d prelu / d alpha = min(x, 0): -> -inf at -inf, 0 at +inf and at 0. Not a registry
    # function (PReLU's second derivative, for training its slope), so its row is here.
    return [
        Case(cid, A.prelu_alpha_derivative, {"alpha": alpha}, (-INF, 0.0, 0.0), lambda x: min(x, 0))
        for cid, alpha in [
            ("prelu_alpha_derivative", 0.25),
            ("prelu_alpha_derivative(array)", np.array([0.25])),
        ]
    ]


#: Every registry record and every variant of its oracle row, function and derivative.
CASES = [c for cid, name, kw in cases(PROPERTIES) for c in _oracle_cases(cid, name, kw)]
CASES += _prelu_alpha_cases()
CASE_IDS = [c.id for c in CASES]
#: The cases whose output has the input's shape and whose parameters are all scalars.
SCALAR_CASES = [c for c in CASES if not c.array_params]


def finite_inputs(dtype: Any) -> np.ndarray:
    """Finite inputs from the whole range of ``dtype``: extremes, tails, kinks, clips."""
    fi = np.finfo(dtype)
    mags = [
        float(fi.max),
        float(fi.tiny),
        float(fi.smallest_subnormal),
        0.0,
        1e308,
        1e300,
        1e38,
        1e30,
        1e6,
        65504.0,
        1e4,
        800.0,
        745.0,
        710.0,
        709.0,
        104.0,
        88.7,
        40.0,
        37.0,
        19.0,
        1.2784645428,
        1.0,
        0.7517915247,
        0.5,
        1e-5,
        1e-20,
        1e-300,
        5e-324,
    ]
    with np.errstate(over="ignore", under="ignore"):
        x = np.array(mags + [-m for m in mags], dtype=np.float64).astype(dtype)
    return np.unique(x[np.isfinite(x)])


# -------------------------------------------------------------------- quiet, finite


@pytest.mark.parametrize("dtype", FLOATS, ids=FLOAT_IDS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_no_floating_point_errors_for_finite_input(case: Case, dtype: type) -> None:
    x = finite_inputs(dtype)
    with np.errstate(**RAISE):  # raises FloatingPointError on any overflow/invalid/divide
        got = case(x)
    out = np.dtype(case.out_dtype(dtype))
    assert got.dtype == out
    assert got.shape == case.out_shape(x.shape)
    got = np.broadcast_to(got, case.out_shape(x.shape))
    x = np.broadcast_to(x, got.shape)
    # A finite input has a finite output, unless the true value (mpmath) lies beyond the
    # largest float of the output dtype: then inf of the right sign is the correct rounding.
    fmax = mp.mpf(float(np.finfo(out).max))
    for xi, gi in zip(x.ravel(), got.ravel(), strict=True):
        true = case.ref(mp.mpf(float(xi)))
        if abs(true) > fmax:
            assert np.isinf(gi) or abs(float(gi)) >= float(fmax) * 0.99, (xi, gi)
            assert np.sign(gi) == mp.sign(true)
        else:
            assert np.isfinite(gi), f"{case.id}({xi!r}) = {gi!r}, true value {mp.nstr(true, 8)}"


@pytest.mark.parametrize("case", SCALAR_CASES, ids=[c.id for c in SCALAR_CASES])
def test_float16_is_the_rounded_true_value(case: Case) -> None:
    """float16 is computed in float64 and rounded once, so it is within 1 ulp of the truth."""
    x = finite_inputs(np.float16)
    with np.errstate(**RAISE):
        got = case(x)
    for xi, gi in zip(x, got, strict=True):
        true = case.ref(mp.mpf(float(xi)))
        if xi == 0 or abs(true) < np.finfo(np.float16).tiny or abs(true) > 65504:
            # kinks follow TensorFlow's convention (tested separately); subnormal or
            # overflowing values are covered by the test above
            continue
        ulp = mp.mpf(2) ** (int(mp.floor(mp.log(abs(true), 2))) - 10)  # float16: 10-bit mantissa
        assert abs(mp.mpf(float(gi)) - true) <= ulp, f"{case.id}({xi!r}) = {gi!r}"


# ------------------------------------------------------------------------- NaN, ±inf


@pytest.mark.parametrize("dtype", FLOATS, ids=FLOAT_IDS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_nan_in_nan_out(case: Case, dtype: type) -> None:
    x = np.array([np.nan, 1.0, np.nan, -1.0], dtype=dtype)
    with np.errstate(**RAISE):
        got = np.broadcast_to(case(x), case.out_shape(x.shape))
    assert np.all(np.isnan(got[..., [0, 2]]))
    assert not np.any(np.isnan(got[..., [1, 3]]))  # NaN does not leak to its neighbours


@pytest.mark.parametrize("dtype", FLOATS, ids=FLOAT_IDS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_infinities_give_the_mathematical_limit(case: Case, dtype: type) -> None:
    lo, hi, _ = case.limits
    x = np.array([-np.inf, np.inf], dtype=dtype)
    with np.errstate(**RAISE):
        got = np.broadcast_to(case(x), case.out_shape(x.shape))
    # the limits are rounded to the output dtype first (selu(-inf) = -lambda*alpha, say)
    out = case.out_dtype(dtype)
    expected = np.broadcast_to(np.array([lo, hi]).astype(out), got.shape)
    assert_array_equal(got, expected, err_msg=f"{case.id} at (-inf, +inf)")


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_value_at_zero(case: Case) -> None:
    """f(0): the derivatives' values at kinks are TensorFlow's (see the module docs)."""
    with np.errstate(**RAISE):
        got = np.asarray(case(np.array([0.0, -0.0])))
    assert_allclose(got, case.limits[2], rtol=4e-16, atol=0)


@pytest.mark.parametrize(
    ("fn", "expected"),
    [
        # the limits the book shows, spelled out once more as plain calls
        (lambda: A.silu(-np.inf), 0.0),
        (lambda: A.gelu(-np.inf), 0.0),
        (lambda: A.gelu(-np.inf, approximate=True), 0.0),
        (lambda: A.sigmoid_derivative(np.inf), 0.0),
        (lambda: A.sigmoid_derivative(-np.inf), 0.0),
        (lambda: A.sigmoid(np.inf), 1.0),
        (lambda: A.sigmoid(-np.inf), 0.0),
        (lambda: A.gelu_derivative(-np.inf), 0.0),
        (lambda: A.gelu_derivative(np.inf), 1.0),
        (lambda: A.selu(-np.inf), -SELU_SCALE * SELU_ALPHA),
        (lambda: A.elu(-np.inf, alpha=0.5), -0.5),
    ],
    ids=[
        "silu(-inf)",
        "gelu(-inf)",
        "gelu_tanh(-inf)",
        "sigmoid'(inf)",
        "sigmoid'(-inf)",
        "sigmoid(inf)",
        "sigmoid(-inf)",
        "gelu'(-inf)",
        "gelu'(inf)",
        "selu(-inf)",
        "elu_0.5(-inf)",
    ],
)
def test_required_limits(fn: Callable[[], Any], expected: float) -> None:
    with np.errstate(**RAISE):
        assert fn() == expected


# ------------------------------------------------------------------ types and dtypes


@pytest.mark.parametrize("dtype", FLOATS, ids=FLOAT_IDS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_float_dtype_is_preserved(case: Case, dtype: type) -> None:
    x = np.linspace(-3.0, 3.0, 7).astype(dtype)
    got = case(x)
    assert isinstance(got, np.ndarray)
    assert got.dtype == case.out_dtype(dtype)
    assert got.shape == case.out_shape(x.shape)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8, np.bool_])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_integer_and_bool_input_is_promoted_to_float64(case: Case, dtype: type) -> None:
    if dtype is np.bool_:
        x = np.array([False, True, True, False])
    elif np.dtype(dtype).kind == "u":
        x = np.array([0, 2, 5, 255], dtype=dtype)
    else:
        x = np.array([-3, 0, 2, 5], dtype=dtype)
    got = case(x)
    assert got.dtype == np.float64  # like a ufunc: np.sin(int array) is float64
    assert_array_equal(got, case(x.astype(np.float64)))


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_lists_and_python_scalars_are_accepted(case: Case) -> None:
    flat = [-2.0, -0.5, 0.0, 1.5]
    nested = [[-2.0, -0.5], [0.0, 1.5]]
    ref = case(np.array(flat))
    assert_array_equal(case(flat), ref)
    assert_array_equal(case(nested), np.reshape(ref, case.out_shape((2, 2))))
    assert_array_equal(case([-2, 0, 3]), case(np.array([-2.0, 0.0, 3.0])))  # ints in a list
    for scalar in (-0.5, 2, True):
        got = case(scalar)
        assert np.asarray(got).dtype == case.out_dtype(np.asarray(scalar).dtype)
        assert_array_equal(got, case(np.array(float(scalar))))


@pytest.mark.parametrize(
    "x",
    [0.5, np.float32(0.5), np.float16(-0.5), np.array(0.5), np.array(-2.0, dtype=np.float32)],
    ids=["python-float", "np.float32", "np.float16", "0d-float64", "0d-float32"],
)
@pytest.mark.parametrize("case", SCALAR_CASES, ids=[c.id for c in SCALAR_CASES])
def test_zero_dimensional_input_gives_a_scalar(case: Case, x: Any) -> None:
    got = case(x)
    assert np.ndim(got) == 0
    assert isinstance(got, np.floating)  # a NumPy scalar, as ufuncs return, not a 0-d array
    assert got.dtype == np.asarray(x).dtype
    assert got == case(np.array([x]))[0]


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_input_is_never_modified(case: Case, dtype: type) -> None:
    x = np.array([-np.inf, -800.0, -1.0, -0.0, 0.0, 1e-30, 2.5, 800.0, np.inf, np.nan], dtype=dtype)
    before = x.copy()
    with np.errstate(all="ignore"):  # quietness at ±inf has its own test; this one is about x
        got = case(x)
    assert_array_equal(x, before)
    # nor may the result be a view of it: writing to the output must not reach the input
    assert not np.shares_memory(got, x)


BAD_INPUTS = [
    ("abc", "str"),
    (b"1.0", "bytes"),
    (None, "NoneType"),
    (np.array([1, "a"], dtype=object), "object"),
    (np.array([1.0, 2.0], dtype=object), "object"),  # numbers, but still an object array
    (1 + 2j, "complex"),
    (np.array([1.0, 2j]), "complex"),
    (["a", "b"], "list"),
    ([[1.0, 2.0], [3.0]], "list"),  # ragged
    (np.array(["2020-01-01"], dtype="datetime64[D]"), "datetime64"),
]
BAD_IDS = [
    "str",
    "bytes",
    "None",
    "object-mixed",
    "object-floats",
    "complex",
    "complex-array",
    "list-of-str",
    "ragged-list",
    "datetime64",
]


@pytest.mark.parametrize(("bad", "type_name"), BAD_INPUTS, ids=BAD_IDS)
@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_bad_input_raises_type_error_naming_function_and_type(
    case: Case, bad: Any, type_name: str
) -> None:
    with pytest.raises(TypeError) as info:
        case(bad)
    message = str(info.value)
    assert message.startswith(f"{case.fn.__name__}:")
    assert type_name in message


BAD_PARAMS = [
    (A.gelu, {"approximate": "yes"}, TypeError),
    (A.gelu, {"approximate": 1}, TypeError),  # only a real bool is unambiguous
    (A.gelu, {"approximate": None}, TypeError),
    (A.gelu_derivative, {"approximate": "no"}, TypeError),
    (A.leaky_relu, {"alpha": "0.1"}, TypeError),
    (A.leaky_relu, {"alpha": None}, TypeError),
    (A.leaky_relu, {"alpha": 0.1j}, TypeError),
    (A.leaky_relu, {"alpha": math.nan}, ValueError),
    (A.leaky_relu_derivative, {"alpha": math.inf}, ValueError),
    (A.elu, {"alpha": "1"}, TypeError),
    (A.elu_derivative, {"alpha": -math.inf}, ValueError),
    (A.swish, {"beta": "1"}, TypeError),
    (A.swish, {"beta": math.nan}, ValueError),
    (A.swish_derivative, {"beta": [1.0]}, TypeError),
    (A.prelu, {"alpha": "0.25"}, TypeError),
    (A.prelu, {"alpha": np.array(["a"])}, TypeError),
    (A.prelu, {"alpha": np.array([0.25, np.nan])}, ValueError),
    (A.prelu_derivative, {"alpha": np.array([np.inf])}, ValueError),
    (A.prelu_alpha_derivative, {"alpha": None}, TypeError),
]


@pytest.mark.parametrize(
    ("fn", "params", "error"), BAD_PARAMS, ids=[f"{f.__name__}-{p}" for f, p, _ in BAD_PARAMS]
)
def test_bad_parameters_are_rejected(fn: Callable[..., Any], params: dict, error: type) -> None:
    with pytest.raises(error) as info:
        fn(np.array([-1.0, 0.0, 1.0]), **params)
    assert str(info.value).startswith(f"{fn.__name__}:")


# ----------------------------------------------------------- derivatives, identities

#: (id, f, f') with keyword arguments bound: the registry records and their variants.
PAIRS = [
    (cid, functools.partial(rec.function, **kw), functools.partial(rec.derivative, **kw))
    for cid, name, kw in cases(PROPERTIES)
    for rec in [ACTIVATIONS[name]]
]


def _away_from_zero(rng: np.random.Generator, lo: float, hi: float, n: int) -> np.ndarray:
    x = rng.uniform(lo, hi, n)
    return x[np.abs(x) > 1e-3]  # every kink of these functions is at 0


@pytest.mark.parametrize(("cid", "f", "df"), PAIRS, ids=[p[0] for p in PAIRS])
def test_derivative_matches_central_difference(cid: str, f: Callable, df: Callable) -> None:
    rng = np.random.default_rng(zlib.crc32(cid.encode()))  # stable across runs, unlike hash()
    x = np.concatenate(
        [_away_from_zero(rng, -4.0, 4.0, 200), _away_from_zero(rng, -30.0, 30.0, 100)]
    )
    # h ~ cbrt(eps) * scale balances the O(h^2) truncation against rounding: both ~1e-11
    h = 1e-5 * np.maximum(1.0, np.abs(x))
    fd = (f(x + h) - f(x - h)) / (2 * h)
    assert_allclose(df(x), fd, rtol=1e-6, atol=1e-9, err_msg=cid)


def test_tanh_is_a_rescaled_sigmoid() -> None:
    x = np.linspace(-20.0, 20.0, 4001)
    # 2 sigma(2x) - 1 has an absolute rounding error of ~1 ulp of 1 (the subtraction), so
    # the comparison is in units of eps rather than relative near 0.
    assert_allclose(A.tanh(x), 2 * A.sigmoid(2 * x) - 1, rtol=0, atol=4 * np.finfo(float).eps)
    assert_allclose(A.tanh_derivative(x), 4 * A.sigmoid_derivative(2 * x), rtol=8e-16, atol=0)


def test_sigmoid_symmetry() -> None:
    x = np.linspace(-30.0, 30.0, 6001)
    assert_allclose(A.sigmoid(-x), 1 - A.sigmoid(x), rtol=0, atol=2 * np.finfo(float).eps)
    # sigma' is even, exactly
    assert_array_equal(A.sigmoid_derivative(-x), A.sigmoid_derivative(x))


def test_sigmoid_derivative_peaks_at_a_quarter_at_zero() -> None:
    x = np.linspace(-10.0, 10.0, 20001)  # contains 0.0 exactly
    d = A.sigmoid_derivative(x)
    assert d.max() == 0.25
    assert x[np.argmax(d)] == 0.0
    assert np.all(d[x != 0] < 0.25)


def test_softplus_derivative_is_sigmoid() -> None:
    x = np.linspace(-50.0, 50.0, 2001)
    assert_allclose(A.softplus_derivative(x), A.sigmoid(x), rtol=2e-16, atol=0)


@pytest.mark.parametrize("x_range", [(-10.0, 10.0), (-750.0, 750.0)])
def test_silu_is_swish_with_beta_one(x_range: tuple[float, float]) -> None:
    x = np.linspace(*x_range, 3001)
    assert_allclose(A.silu(x), A.swish(x, beta=1.0), rtol=2e-16, atol=0)
    assert_allclose(A.silu_derivative(x), A.swish_derivative(x, beta=1.0), rtol=2e-16, atol=0)


def test_selu_is_scaled_elu() -> None:
    x = np.linspace(-50.0, 50.0, 2000)  # even count: 0 is not on the grid (see below)
    assert_allclose(A.selu(x), SELU_SCALE * A.elu(x, alpha=SELU_ALPHA), rtol=4e-16, atol=0)
    # away from 0; at 0 TensorFlow's selu' takes the positive branch but elu' the negative
    assert_allclose(
        A.selu_derivative(x), SELU_SCALE * A.elu_derivative(x, alpha=SELU_ALPHA), rtol=4e-16, atol=0
    )
    assert A.selu_derivative(0.0) == SELU_SCALE
    assert A.elu_derivative(0.0, alpha=SELU_ALPHA) == SELU_ALPHA


def test_step_fires_at_the_threshold() -> None:
    assert A.step(0.0) == 1.0
    assert A.step(-0.0) == 1.0
    assert A.step(-5e-324) == 0.0
    assert A.step(5e-324) == 1.0


DERIVATIVE_CASES = [c for c in CASES if c.derivative]


@pytest.mark.parametrize("case", DERIVATIVE_CASES, ids=[c.id for c in DERIVATIVE_CASES])
def test_derivative_at_zero_is_tensorflows(case: Case) -> None:
    """f'(0) exactly, as a Python float and as -0.0: at a kink the value TensorFlow's
    gradient returns there (the oracle row's f'(0); measured in test_keras_parity.py)."""
    expected = case.limits[2]
    assert np.all(case(0.0) == expected), case.id
    assert np.all(case(-0.0) == expected), case.id


def test_selu_constants_are_klambauers_closed_forms() -> None:
    """Klambauer et al. (2017), eq. 14: the fixed point (mean 0, variance 1) of SELU."""
    with mp.workdps(50):
        e, pi = mp.e, mp.pi
        c1 = mp.erfc(1 / mp.sqrt(2))
        alpha = -mp.sqrt(2 / pi) / (c1 * mp.exp(mp.mpf(1) / 2) - 1)
        lam = (
            (1 - mp.sqrt(e) * c1)
            * mp.sqrt(2 * pi)
            / mp.sqrt(
                2 * mp.erfc(mp.sqrt(2)) * e**2
                + pi * c1**2 * e
                - 2 * (2 + pi) * c1 * mp.sqrt(e)
                + pi
                + 2
            )
        )
        assert SELU_ALPHA == float(alpha)  # correctly rounded to double precision
        assert SELU_SCALE == float(lam)

        # ...and, independently of the closed forms, they are the fixed point they claim:
        # for x ~ N(0, 1), selu(x) has mean 0 and variance 1.
        def selu(x: mp.mpf) -> mp.mpf:
            return lam * (x if x > 0 else alpha * mp.expm1(x))

        mean = mp.quad(lambda x: selu(x) * mp.npdf(x), [-mp.inf, 0, mp.inf])
        second = mp.quad(lambda x: selu(x) ** 2 * mp.npdf(x), [-mp.inf, 0, mp.inf])
        assert abs(mean) < mp.mpf(10) ** -40
        assert abs(second - 1) < mp.mpf(10) ** -40


# ---------------------------------------------------------------------------- PReLU


def test_prelu_broadcasts_a_per_channel_alpha() -> None:
    x = np.array([[-2.0, 0.0, 3.0], [4.0, -8.0, -1.0]])
    alpha = np.array([0.1, 0.2, 0.3])
    expected = np.array([[-0.2, 0.0, 3.0], [4.0, -1.6, -0.3]])  # by hand, column by column
    assert_allclose(A.prelu(x, alpha), expected, rtol=1e-15)
    assert_array_equal(A.prelu_derivative(x, alpha), [[0.1, 0.0, 1.0], [1.0, 0.2, 0.3]])


@pytest.mark.parametrize(
    ("x_shape", "alpha_shape"), [((2, 3), (3,)), ((3,), (2, 3)), ((4, 1), (1, 5)), ((2, 3), ())]
)
def test_prelu_alpha_derivative_is_min_x_zero_broadcast(
    x_shape: tuple[int, ...], alpha_shape: tuple[int, ...]
) -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=x_shape)
    alpha = rng.uniform(0.05, 0.5, size=alpha_shape)
    got = A.prelu_alpha_derivative(x, alpha)
    shape = np.broadcast_shapes(x_shape, alpha_shape)
    assert got.shape == shape
    assert_array_equal(got, np.broadcast_to(np.minimum(x, 0.0), shape))
    # prelu is linear in alpha, so a central difference in alpha is exact up to rounding;
    # out[i] depends only on its own alpha entry, so perturbing all of alpha at once
    # measures every elementwise partial derivative together.
    h = 1e-3
    fd = (A.prelu(x, alpha + h) - A.prelu(x, alpha - h)) / (2 * h)
    assert_allclose(got, fd, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(
    ("x_dtype", "alpha", "expected"),
    [
        (np.float32, 0.25, np.float32),  # a Python float does not promote (NEP 50)
        (np.float32, np.array([0.25], dtype=np.float32), np.float32),
        (np.float32, np.array([0.25]), np.float64),  # a float64 array does
        (np.float16, np.array([0.25], dtype=np.float32), np.float32),
    ],
)
def test_prelu_dtype_follows_numpy_promotion(x_dtype: type, alpha: Any, expected: type) -> None:
    x = np.array([-1.0, 2.0], dtype=x_dtype)
    assert expected == np.result_type(x, alpha)  # what a ufunc would do with the same operands
    for fn in (A.prelu, A.prelu_derivative, A.prelu_alpha_derivative):
        assert fn(x, alpha).dtype == expected


# -------------------------------------------------------------------------- softmax

SOFTMAX_FNS = [A.softmax, A.log_softmax, A.softmax_jacobian]


def _mp_softmax(row: np.ndarray) -> list[mp.mpf]:
    with mp.workdps(50):
        e = [mp.exp(mp.mpf(float(v))) for v in row]
        s = mp.fsum(e)
        return [v / s for v in e]


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_rows_sum_to_one(axis: int) -> None:
    x = np.random.default_rng(1).normal(scale=3.0, size=(5, 7))
    p = A.softmax(x, axis=axis)
    assert p.shape == x.shape
    assert np.all(p > 0)
    assert_allclose(p.sum(axis=axis), 1.0, rtol=0, atol=4 * np.finfo(float).eps)
    assert_allclose(np.exp(A.log_softmax(x, axis=axis)).sum(axis=axis), 1.0, rtol=1e-14)


def test_softmax_matches_mpmath() -> None:
    x = np.random.default_rng(2).normal(scale=5.0, size=(5, 7))
    p = A.softmax(x)
    logp = A.log_softmax(x)
    for row, prow, lrow in zip(x, p, logp, strict=True):
        true = _mp_softmax(row)
        assert_allclose(prow, [float(t) for t in true], rtol=1e-14)
        assert_allclose(lrow, [float(mp.log(t)) for t in true], rtol=1e-14)


@pytest.mark.parametrize("shift", [-1000.0, -0.5, 3.0, 1000.0])
def test_softmax_is_invariant_to_adding_a_constant(shift: float) -> None:
    x = np.random.default_rng(3).normal(size=(5, 7))
    assert_allclose(A.softmax(x + shift), A.softmax(x), rtol=1e-12)
    assert_allclose(A.log_softmax(x + shift), A.log_softmax(x), rtol=1e-12, atol=1e-12)
    assert_allclose(A.softmax_jacobian(x + shift), A.softmax_jacobian(x), rtol=1e-11, atol=1e-15)


def test_softmax_extremes() -> None:
    with np.errstate(**RAISE):
        assert_array_equal(A.softmax([1000.0, 1000.0]), [0.5, 0.5])  # naive exp overflows
        assert_array_equal(A.softmax([-1000.0, -1000.0]), [0.5, 0.5])  # naive 0/0
        assert_array_equal(A.softmax([0.0, -np.inf, 1.0])[1], 0.0)  # exactly 0, not tiny
        assert_array_equal(A.softmax([np.inf, 0.0, -3.0]), [1.0, 0.0, 0.0])  # the one-hot limit
        assert_array_equal(A.log_softmax([0.0, -1000.0]), [0.0, -1000.0])
        assert A.log_softmax([0.0, -np.inf])[1] == -np.inf
        assert np.all(np.isnan(A.softmax([-np.inf, -np.inf])))  # 0/0: no limit to give
        assert np.all(np.isnan(A.softmax([np.nan, 0.0])))  # NaN poisons its whole row


def test_log_softmax_is_log_of_softmax() -> None:
    x = np.random.default_rng(4).uniform(-20.0, 20.0, size=(6, 5))
    assert_allclose(A.log_softmax(x), np.log(A.softmax(x)), rtol=1e-13, atol=1e-15)


def test_log_softmax_is_accurate_against_mpmath() -> None:
    # Tiny log-probabilities (a confident, correct class) are where log(sum exp) rounds to
    # 0; the log1p form keeps them within the course's bound like every other entry:
    # 8 ulp plus twice the condition number sum_j |x_j d f_i/d x_j| / |f_i| (the error
    # that rounding the inputs alone would cause), with d f_i / d x_j = [i = j] - p_j.
    rows = [[40.0, 0.0, 0.0], [30.0, 29.0, -5.0], [700.0, -700.0, 0.0], [1e-3, 0.0, -1e-3]]
    rows += np.random.default_rng(9).normal(scale=15.0, size=(40, 5)).tolist()
    eps = np.finfo(np.float64).eps
    worst_share, checked = 0.0, 0
    with mp.workdps(50):
        for row in rows:
            got = A.log_softmax(np.array(row))
            xs = [mp.mpf(v) for v in row]
            lse = mp.log(mp.fsum(mp.exp(v) for v in xs))
            p = [mp.exp(v - lse) for v in xs]
            for i, g in enumerate(got):
                true = xs[i] - lse
                if abs(true) < np.finfo(np.float64).tiny:
                    continue  # underflows: nothing to measure in ulps
                cond = mp.fsum(abs(xs[j] * ((i == j) - p[j])) for j in range(len(xs))) / abs(true)
                error_ulp = abs((mp.mpf(float(g)) - true) / true) / eps
                worst_share = max(worst_share, float(error_ulp / (8 + 2 * cond)))
                checked += 1
    assert checked > 150
    assert worst_share <= 1.0, worst_share


@pytest.mark.parametrize("fn", SOFTMAX_FNS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", FLOATS, ids=FLOAT_IDS)
def test_softmax_family_preserves_dtype(fn: Callable[..., Any], dtype: type) -> None:
    x = np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 50.0]], dtype=dtype)
    assert fn(x).dtype == dtype
    assert fn(x.astype(np.int32)).dtype == np.float64
    assert fn([1, 2, 3]).dtype == np.float64


@pytest.mark.parametrize("fn", SOFTMAX_FNS, ids=lambda f: f.__name__)
def test_softmax_family_does_not_modify_input(fn: Callable[..., Any]) -> None:
    x = np.array([[1.0, -np.inf, 3.0], [np.inf, 0.0, 50.0]])
    before = x.copy()
    got = fn(x)
    assert_array_equal(x, before)
    assert not np.shares_memory(got, x)


@pytest.mark.parametrize(("bad", "type_name"), BAD_INPUTS, ids=BAD_IDS)
@pytest.mark.parametrize("fn", SOFTMAX_FNS, ids=lambda f: f.__name__)
def test_softmax_family_bad_input(fn: Callable[..., Any], bad: Any, type_name: str) -> None:
    with pytest.raises(TypeError) as info:
        fn(bad)
    assert str(info.value).startswith(f"{fn.__name__}:")
    assert type_name in str(info.value)


@pytest.mark.parametrize("fn", SOFTMAX_FNS, ids=lambda f: f.__name__)
def test_softmax_family_rejects_a_scalar(fn: Callable[..., Any]) -> None:
    with pytest.raises(ValueError, match=fn.__name__):
        fn(1.0)


def test_softmax_jacobian_shape_and_formula() -> None:
    x = np.random.default_rng(5).normal(size=(4, 3))
    jac = A.softmax_jacobian(x)
    assert jac.shape == (4, 3, 3)
    p = A.softmax(x)
    for b in range(4):
        expected = np.diag(p[b]) - np.outer(p[b], p[b])  # p_i (delta_ij - p_j)
        assert_allclose(jac[b], expected, rtol=1e-14, atol=1e-16)
        assert_allclose(jac[b], A.softmax_jacobian(x[b]), rtol=0, atol=0)
    assert_allclose(jac, np.swapaxes(jac, -1, -2), rtol=0, atol=0)  # symmetric
    # each row sums to 0: the probabilities always sum to 1, whatever x_j does
    assert_allclose(jac.sum(axis=-1), 0.0, atol=4 * np.finfo(float).eps)


def test_softmax_jacobian_matches_central_difference() -> None:
    x = np.random.default_rng(6).normal(scale=2.0, size=5)
    h = 1e-6
    fd = np.empty((5, 5))
    for j in range(5):
        step_j = np.zeros(5)
        step_j[j] = h
        fd[:, j] = (A.softmax(x + step_j) - A.softmax(x - step_j)) / (2 * h)  # dp_i / dx_j
    assert_allclose(A.softmax_jacobian(x), fd, rtol=1e-6, atol=1e-10)


def test_softmax_jacobian_diagonal_is_accurate_near_one_hot() -> None:
    # p_0 = 1 - 2e-40/(1+2e-40) rounds to 1, so a naive p(1 - p) gives exactly 0 there.
    x = np.array([40.0, 0.0, 0.0])
    jac = A.softmax_jacobian(x)
    with mp.workdps(50):
        p = _mp_softmax(x)
        expected = [[p[i] * ((1 if i == j else 0) - p[j]) for j in range(3)] for i in range(3)]
        expected = np.array([[float(v) for v in row] for row in expected])
    assert expected[0, 0] > 0
    assert_allclose(jac, expected, rtol=1e-14, atol=0)


@pytest.mark.parametrize("name", list(A.ACTIVATIONS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_unchecked_pair_gives_the_checked_results_to_the_last_bit(name, dtype) -> None:
    """``Activation.unchecked`` (MLP's fast path) changes the speed, never a bit."""
    rec = A.ACTIVATIONS[name]
    f, d = rec.unchecked()
    rng = np.random.default_rng(0)
    for size in (7, A._BLOCK + 3):  # one block, and beyond (the checked path)
        z = (rng.standard_normal(size) * 30).astype(dtype)
        z[:4] = [0.0, np.inf, -np.inf, np.nan]
        for fast, checked in ((f, rec), (d, rec.grad)):
            got, want = fast(z), checked(z)
            assert got.dtype == want.dtype == dtype
            np.testing.assert_array_equal(got, want)
