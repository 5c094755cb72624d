"""Every declared property of every :class:`~course_code.activations.Activation` record is
computed and compared with the declaration, and the registry matches the oracle table.

The registry is the single source of truth for the book's property table and plots, so
a wrong ``monotonic=True`` would be printed in the book as a fact. Each test below
computes one property from the record's ``function``/``derivative`` alone -- on a dense
grid, at ±1e6 and ±inf, or with mpmath -- and never reads the property it checks. What
the tests know independently of the code (f'(0), kinks, interior minima, the mpmath
functions) comes from the activation's row in :mod:`oracles`; the first tests here fail
while the registry and that table disagree.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import math
import re
from pathlib import Path

import mpmath as mp
import numpy as np
import oracles
import pytest
from numpy.testing import assert_allclose
from oracles import KERAS_COMPARISONS, ORACLES, Oracle, scalar_kwargs

from course_code import activations as A
from course_code.activations import (
    ACTIVATIONS,
    Activation,
    mean_of_standard_normal,
    property_table,
)

NAMES = list(ACTIVATIONS)
BIB = Path(__file__).resolve().parent.parent / "book" / "references.bib"

#: Dense grid through 0 (step 5e-4) plus far points and the infinities, in order.
GRID = np.linspace(-60.0, 60.0, 240_001)
X_RANGE = np.concatenate([[-np.inf, -1e6], GRID, [1e6, np.inf]])
#: Finer grid for continuity, with points a hair either side of the kink at 0.
X_SMOOTH = np.unique(np.concatenate([np.linspace(-10.0, 10.0, 200_001), [-1e-12, 1e-12]]))


@functools.cache
def values(name: str) -> np.ndarray:
    with np.errstate(under="ignore"):
        return ACTIVATIONS[name](X_RANGE)


@functools.cache
def slopes(name: str) -> np.ndarray:
    return ACTIVATIONS[name].grad(X_RANGE)


def computed_range(name: str) -> tuple[float, float]:
    y = values(name)
    return float(y.min()), float(y.max())


def close(a: float, b: float, tol: float = 1e-7) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= tol * max(1.0, abs(b))


# ------------------------------------------------------------------- the oracle table


def test_every_registry_activation_has_one_oracle_row() -> None:
    missing = sorted(set(ACTIVATIONS) - set(ORACLES))
    stale = sorted(set(ORACLES) - set(ACTIVATIONS))
    assert not missing, f"add a row to tests/oracles.py for {missing}"
    assert not stale, f"tests/oracles.py has rows for {stale}, which the registry lacks"
    assert all(isinstance(row, Oracle) for row in ORACLES.values())


@pytest.mark.parametrize("name", NAMES)
def test_oracle_row_takes_the_records_keyword_arguments(name: str) -> None:
    kwargs, row = dict(ACTIVATIONS[name].kwargs), ORACLES[name]
    for fn in (row.f, row.df):
        inspect.signature(fn).bind(mp.mpf(0), **kwargs)
    for fn in (row.limits, row.derivative_limits, row.kink):
        inspect.signature(fn).bind(**kwargs)
    if row.interior_minimum is not None:
        inspect.signature(row.interior_minimum).bind(**kwargs)
    for variant in row.variants:
        assert set(variant.kwargs) == set(kwargs), f"{name}: variant {dict(variant.kwargs)}"
        assert variant.tests <= {"properties", "accuracy", "keras"}
    for comparison, tol in row.keras.items():
        assert comparison in KERAS_COMPARISONS, f"{name}: unknown comparison {comparison!r}"
        assert tol.reason.strip(), f"{name}: a tolerance exception needs its reason"
        inspect.signature(tol.applies).bind(**kwargs)


@pytest.mark.parametrize("name", NAMES)
def test_oracle_row_agrees_with_itself_at_zero(name: str) -> None:
    """The mpmath f and f' give the row's hand-derived f(0) and f'(0) (TensorFlow's value
    at a kink), so the two halves of a row cannot drift apart."""
    kwargs = dict(ACTIVATIONS[name].kwargs)
    row = ORACLES[name]
    f, df = row.mp_pair(**kwargs)
    assert float(f(mp.mpf(0))) == row.limits(**kwargs)[2]
    assert float(df(mp.mpf(0))) == row.derivative_limits(**kwargs)[2]


def test_oracle_selu_constants_round_to_the_packages() -> None:
    # the oracle's 32-digit constants (Klambauer et al.) and the package's doubles
    assert float(oracles.SELU_ALPHA) == A.SELU_ALPHA
    assert float(oracles.SELU_SCALE) == A.SELU_SCALE


# ----------------------------------------------------------------------- structure


def test_registry_names_are_the_keys_and_public_functions() -> None:
    assert NAMES, "the registry is empty"
    for key, rec in ACTIVATIONS.items():
        assert isinstance(rec, Activation)
        assert rec.name == key
        assert rec.function is getattr(A, key)
        assert rec.derivative is getattr(A, key + "_derivative")
        assert key in A.__all__ and key + "_derivative" in A.__all__


@pytest.mark.parametrize("name", NAMES)
def test_record_kwargs_are_parameters_of_both_functions(name: str) -> None:
    rec = ACTIVATIONS[name]
    for fn in (rec.function, rec.derivative):
        inspect.signature(fn).bind(0.0, **rec.kwargs)  # raises TypeError if one is unknown
    x = np.array([-1.5, 0.25, 2.0])
    assert np.array_equal(rec(x), rec.function(x, **rec.kwargs))
    assert np.array_equal(rec.grad(x), rec.derivative(x, **rec.kwargs))


def test_records_take_keyword_arguments_only() -> None:
    rec = ACTIVATIONS["relu"]
    fields = [getattr(rec, f.name) for f in dataclasses.fields(Activation)]
    with pytest.raises(TypeError):
        Activation(*fields)
    assert (
        Activation(**{f.name: getattr(rec, f.name) for f in dataclasses.fields(Activation)}) == rec
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        rec.name = "other"  # type: ignore[misc]


def test_swish_record_is_silu_with_beta_one() -> None:
    swish, silu = ACTIVATIONS["swish"], ACTIVATIONS["silu"]
    assert dict(swish.kwargs) == {"beta": 1.0}
    x = np.linspace(-30.0, 30.0, 6001)
    assert np.array_equal(swish(x), silu(x))
    assert np.array_equal(swish.grad(x), silu.grad(x))
    assert swish.output_range == silu.output_range


# ---------------------------------------------------------------------- properties


@pytest.mark.parametrize("name", NAMES)
def test_output_range(name: str) -> None:
    lo, hi = ACTIVATIONS[name].output_range
    assert lo < hi
    inf, sup = computed_range(name)
    # a grid misses an interior minimum by ~f''(x*) h^2 / 8 ~ 2e-8 at step 5e-4
    assert close(inf, lo), f"{name}: inf f = {inf!r}, declared {lo!r}"
    assert close(sup, hi), f"{name}: sup f = {sup!r}, declared {hi!r}"


#: Activations whose infimum is a minimum attained at a finite x (declared to 14 digits),
#: according to their oracle rows.
INTERIOR_MINIMUM = [name for name in NAMES if ORACLES[name].interior_minimum is not None]


def test_interior_minima_are_the_ones_listed() -> None:
    interior = []
    for name in NAMES:
        i = int(np.argmin(values(name)))
        if 1 < i < len(X_RANGE) - 2 and values(name)[i] < values(name)[1] - 1e-9:
            interior.append(name)  # strictly below f(-1e6): not a limit at -inf
    assert sorted(interior) == sorted(INTERIOR_MINIMUM)


@pytest.mark.parametrize("name", INTERIOR_MINIMUM)
def test_oracle_minimum_is_stationary(name: str) -> None:
    """The row's (x*, f(x*)) -- a closed form (Lambert W for SiLU/swish) or a root of the
    mpmath f' -- is a stationary point of the mpmath f, and of the NumPy derivative."""
    rec, row = ACTIVATIONS[name], ORACLES[name]
    f, df = row.mp_pair(**rec.kwargs)
    x_star, f_min = row.interior_minimum(**rec.kwargs)
    assert abs(df(x_star)) < mp.mpf(10) ** -35
    assert abs(f(x_star) - f_min) < mp.mpf(10) ** -35
    assert rec.grad(float(x_star)) == pytest.approx(0.0, abs=1e-16)
    # and the grid finds the same minimum (grid step 5e-4)
    assert abs(float(X_RANGE[np.argmin(values(name))]) - float(x_star)) <= 1e-3


@pytest.mark.parametrize("name", INTERIOR_MINIMUM)
def test_declared_minimum_to_fourteen_digits(name: str) -> None:
    rec = ACTIVATIONS[name]
    x_star, f_min = ORACLES[name].interior_minimum(**rec.kwargs)
    declared = rec.output_range[0]
    # declared with 14 decimals, so correct to half a unit in the 14th
    assert abs(mp.mpf(declared) - f_min) <= 5e-15, f"{name}: min {mp.nstr(f_min, 20)} at {x_star}"
    # and the NumPy function never dips below it near x* (by more than that rounding)
    around = float(x_star) + np.linspace(-1e-4, 1e-4, 2001)
    assert np.all(rec(around) >= declared - 5e-15 - 4 * np.spacing(abs(declared)))


@pytest.mark.parametrize("name", NAMES)
def test_changes_sign_at_zero(name: str) -> None:
    rec = ACTIVATIONS[name]
    inf, sup = computed_range(name)
    computed = rec(0.0) == 0.0 and inf < 0.0 < sup
    assert computed == rec.changes_sign_at_zero


@pytest.mark.parametrize("name", NAMES)
def test_monotonic(name: str) -> None:
    rec = ACTIVATIONS[name]
    y = values(name)
    steps = np.diff(y)
    with np.errstate(invalid="ignore"):  # inf - inf between the last two points
        steps = np.where(np.isnan(steps), 0.0, steps)
    # a monotone function, rounded, can still step down by an ulp or two
    with np.errstate(invalid="ignore"):  # spacing(inf) is NaN
        tol = np.nan_to_num(4 * np.spacing(np.abs(y[1:])), nan=0.0)
    non_decreasing = bool(np.all(steps >= -tol))
    assert non_decreasing == rec.monotonic
    if not rec.monotonic:
        assert steps.min() < -1e-6  # a real decrease, not rounding
    # the same verdict from the derivative's sign
    assert bool(np.all(slopes(name) >= 0)) == rec.monotonic


def computed_smooth(name: str) -> bool:
    """C^1: f and f' have no jump between neighbours of a fine grid (incl. ±1e-12)."""
    rec = ACTIVATIONS[name]
    f, d = rec(X_SMOOTH), rec.grad(X_SMOOTH)
    # neighbours are <= 1e-4 apart, so a continuous f' with |f''| <= 1 moves by <= 1e-4
    continuous = np.max(np.abs(np.diff(f))) < 1e-2 and abs(rec(1e-12) - rec(-1e-12)) < 1e-9
    c1 = np.max(np.abs(np.diff(d))) < 1e-2 and abs(rec.grad(1e-12) - rec.grad(-1e-12)) < 1e-9
    return bool(continuous and c1)


@pytest.mark.parametrize("name", NAMES)
def test_smooth(name: str) -> None:
    assert computed_smooth(name) == ACTIVATIONS[name].smooth


def test_the_kinked_activations_are_detected() -> None:
    # independent of the declarations: the rows whose f or f' jumps at 0 (a corner or a
    # step) are the ones that are not C^1
    kinked = {name for name in NAMES if not computed_smooth(name)}
    expected = set()
    for name in NAMES:
        order = ORACLES[name].kink(**ACTIVATIONS[name].kwargs)
        if order is not None and order <= 1:
            expected.add(name)
    assert kinked == expected


def computed_saturation(name: str) -> str:
    rec = ACTIVATIONS[name]

    def settles(sign: float) -> bool:
        # a finite limit: nothing left to change between 1e3 and 1e6, and that is f(±inf)
        far, farther, limit = rec(np.array([1e3, 1e6, np.inf]) * sign)
        return bool(np.isfinite(limit) and close(far, farther, 1e-12) and farther == limit)

    neg, pos = settles(-1.0), settles(1.0)
    return {(True, True): "both", (True, False): "negative", (False, True): "positive"}.get(
        (neg, pos), "none"
    )


@pytest.mark.parametrize("name", NAMES)
def test_saturates(name: str) -> None:
    rec = ACTIVATIONS[name]
    assert computed_saturation(name) == rec.saturates
    # where f saturates its slope vanishes; where it does not, the slope stays away from 0
    for sign, side in ((-1.0, "negative"), (1.0, "positive")):
        saturated = rec.saturates == "both" or rec.saturates == side
        slope = abs(float(rec.grad(sign * 1e3)))
        grows = abs(float(rec(sign * 1e6))) >= 1e3
        if saturated:
            assert slope <= 1e-12 and not grows
        else:
            assert slope >= 1e-3 and grows


@pytest.mark.parametrize("name", NAMES)
def test_derivative_is_the_slope_of_the_function(name: str) -> None:
    rec = ACTIVATIONS[name]
    x = np.linspace(-8.0, 8.0, 1600)  # even count: 0 (every kink) is 0.005 from the grid
    h = 1e-5
    fd = (rec(x + h) - rec(x - h)) / (2 * h)
    assert_allclose(rec.grad(x), fd, rtol=1e-6, atol=1e-9)


# ---------------------------------------------------------------- names, references


KERAS_NAMED = [n for n in NAMES if ACTIVATIONS[n].keras_name is not None]


@pytest.mark.parametrize("name", KERAS_NAMED)
def test_keras_name_exists(name: str) -> None:
    import keras  # here, not at the top: TensorFlow takes seconds to load

    kname = ACTIVATIONS[name].keras_name
    activation = getattr(keras.activations, kname, None)
    layer = getattr(keras.layers, kname, None)
    assert callable(activation) or (
        inspect.isclass(layer) and issubclass(layer, keras.layers.Layer)
    ), f"{name}: keras.activations.{kname} / keras.layers.{kname} does not exist"


def bib_keys() -> set[str]:
    return set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", BIB.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", NAMES)
def test_reference_is_in_the_bibliography(name: str) -> None:
    if not BIB.exists():
        pytest.skip(f"{BIB} does not exist yet (it is written with the book chapter)")
    assert ACTIVATIONS[name].reference in bib_keys()


def test_silu_and_swish_credit_the_papers_that_named_them() -> None:
    # SiLU was named in the GELU paper; swish (with its beta) by Ramachandran et al.
    assert ACTIVATIONS["silu"].reference == "hendrycks2016"
    assert ACTIVATIONS["swish"].reference == "ramachandran2017"


# --------------------------------------------------------- mean for normal input


#: Gauss-Legendre nodes and weights on [-1, 1], for the means below.
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(64)


@functools.cache
def mp_mean_of_standard_normal(name: str) -> float:
    """E[f(Z)], Z ~ N(0, 1), independently of the package (which integrates the NumPy f
    with scipy.integrate.quad): 64-point Gauss-Legendre on [-12, 0] and on [0, 12] (the
    kinks are at 0) of the oracle's mpmath f times the normal density. Beyond |z| = 12
    the density is below 1e-32, so the truncated tails are far below the tolerance."""
    f, _ = ORACLES[name].mp_pair(**scalar_kwargs(ACTIVATIONS[name].kwargs))
    terms = []
    with mp.workdps(20):
        for lo, hi in ((-12.0, 0.0), (0.0, 12.0)):
            half = (hi - lo) / 2
            for node, weight in zip(half * _GL_NODES + (lo + hi) / 2, _GL_WEIGHTS, strict=True):
                z = mp.mpf(float(node))
                terms.append(float(f(z) * mp.npdf(z)) * weight * half)
    return math.fsum(terms)


@pytest.mark.parametrize("name", NAMES)
def test_mean_of_standard_normal_matches_mpmath(name: str) -> None:
    expected = mp_mean_of_standard_normal(name)
    assert mean_of_standard_normal(name) == pytest.approx(expected, rel=1e-9, abs=1e-12)


_S = 1 / math.sqrt(2 * math.pi)  # E[max(Z, 0)] = phi(0)

#: Closed forms (independent of any quadrature), as functions of the record's keyword
#: arguments, for the activations that have one; the rest are checked against mpmath above.
MEAN_CLOSED_FORMS = {
    "step": lambda: 0.5,
    "identity": lambda: 0.0,
    "sigmoid": lambda: 0.5,  # sigma(z) - 1/2 is odd
    "tanh": lambda: 0.0,  # odd
    "relu": lambda: _S,
    "leaky_relu": lambda alpha: (1 - alpha) * _S,  # relu(z) - alpha relu(-z)
    "prelu": lambda alpha: (1 - alpha) * _S,
    "gelu": lambda approximate: 1 / (2 * math.sqrt(math.pi)),  # E[Z Phi(Z)] = E[phi(Z)] (Stein)
    # E[Z; Z > 0] + alpha (E[e^Z; Z < 0] - P(Z < 0)), with E[e^Z; Z < 0] = e^(1/2) Phi(-1)
    "elu": lambda alpha: _S + alpha * (math.exp(0.5) * 0.5 * math.erfc(1 / math.sqrt(2)) - 0.5),
    "selu": lambda: 0.0,  # its constants are chosen for mean 0 (Klambauer et al. 2017)
}


@pytest.mark.parametrize("name", [n for n in MEAN_CLOSED_FORMS if n in ACTIVATIONS])
def test_mean_of_standard_normal_closed_forms(name: str) -> None:
    rec = ACTIVATIONS[name]
    if name == "gelu":
        assert rec.kwargs == {"approximate": False}  # the closed form is the exact GELU's
    expected = MEAN_CLOSED_FORMS[name](**rec.kwargs)
    assert mean_of_standard_normal(name) == pytest.approx(expected, rel=1e-9, abs=1e-12)


# ------------------------------------------------------------------ property table

COLUMNS = [
    "activation",
    "f(x)",
    "f′(x)",
    "range",
    "f(0) = 0, both signs",
    "E[f(Z)], Z ~ N(0, 1)",
    "monotonic",
    "smooth (C¹)",
    "saturates",
    "f'(0)",
    "Keras",
]


def test_property_table_has_one_row_per_activation() -> None:
    rows = property_table()
    assert [row["activation"] for row in rows] == [ACTIVATIONS[n].title for n in NAMES]
    for row in rows:
        assert list(row) == COLUMNS
    subset = property_table(["tanh", "relu"])
    assert [row["activation"] for row in subset] == [
        ACTIVATIONS["tanh"].title,
        ACTIVATIONS["relu"].title,
    ]


@pytest.mark.parametrize("name", NAMES)
def test_property_table_row(name: str) -> None:
    rec = ACTIVATIONS[name]
    (row,) = property_table([name])
    yes_no = {True: "yes", False: "no"}
    assert row["f(0) = 0, both signs"] == yes_no[rec.changes_sign_at_zero]
    assert row["monotonic"] == yes_no[rec.monotonic]
    assert row["smooth (C¹)"] == yes_no[rec.smooth]
    assert row["range"] == f"${rec.range_latex}$"
    assert row["f(x)"] == f"${rec.formula}$"
    assert row["f′(x)"] == f"${rec.derivative_formula}$"
    assert row["Keras"] == (rec.keras_name or "—")
    assert row["saturates"] != ""
    # the printed slope at 0 is the derivative there (TensorFlow's value at a kink, from
    # the oracle row), to its 6 printed digits
    expected = ORACLES[name].derivative_limits(**rec.kwargs)[2]
    assert float(row["f'(0)"]) == pytest.approx(expected, rel=1e-6, abs=0)
    assert float(row["f'(0)"]) == float(f"{float(rec.grad(0.0)):.6g}")
    # the printed mean for standard-normal input, to its 3 printed decimals ("0.000", never
    # "-0.000", when it rounds to zero)
    mean = mp_mean_of_standard_normal(name)
    printed = row["E[f(Z)], Z ~ N(0, 1)"]
    assert printed == (f"{mean:.3f}" if abs(mean) >= 5e-4 else "0.000")
    assert float(printed) == pytest.approx(mean, abs=5e-4)
