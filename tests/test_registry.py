"""Every declared property of every :class:`~course_code.activations.Activation` record is
computed and compared with the declaration.

The registry is the single source of truth for the book's property table and plots, so
a wrong ``monotonic=True`` would be printed in the book as a fact. Each test below
computes one property from the record's ``function``/``derivative`` alone -- on a dense
grid, at ±1e6 and ±inf, or with mpmath -- and never reads the property it checks.
"""

from __future__ import annotations

import functools
import inspect
import math
import re
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest
from numpy.testing import assert_allclose
from reference import references

from course_code import activations as A
from course_code.activations import ACTIVATIONS, SELU_SCALE, Activation, property_table

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
def test_record_params_are_parameters_of_both_functions(name: str) -> None:
    rec = ACTIVATIONS[name]
    for fn in (rec.function, rec.derivative):
        inspect.signature(fn).bind(0.0, **rec.params)  # raises TypeError if one is unknown
    x = np.array([-1.5, 0.25, 2.0])
    assert np.array_equal(rec(x), rec.function(x, **rec.params))
    assert np.array_equal(rec.grad(x), rec.derivative(x, **rec.params))


# ---------------------------------------------------------------------- properties


@pytest.mark.parametrize("name", NAMES)
def test_output_range(name: str) -> None:
    lo, hi = ACTIVATIONS[name].output_range
    assert lo < hi
    inf, sup = computed_range(name)
    # a grid misses an interior minimum by ~f''(x*) h^2 / 8 ~ 2e-8 at step 5e-4
    assert close(inf, lo), f"{name}: inf f = {inf!r}, declared {lo!r}"
    assert close(sup, hi), f"{name}: sup f = {sup!r}, declared {hi!r}"


#: Activations whose infimum is a minimum attained at a finite x (declared to 14 digits).
INTERIOR_MINIMUM = ["gelu", "silu"]


def test_interior_minima_are_the_ones_listed() -> None:
    interior = []
    for name in NAMES:
        i = int(np.argmin(values(name)))
        if 1 < i < len(X_RANGE) - 2 and values(name)[i] < values(name)[1] - 1e-9:
            interior.append(name)  # strictly below f(-1e6): not a limit at -inf
    assert sorted(interior) == sorted(INTERIOR_MINIMUM)


@pytest.mark.parametrize("name", INTERIOR_MINIMUM)
def test_declared_minimum_to_fourteen_digits(name: str) -> None:
    rec = ACTIVATIONS[name]
    f, df = references(name, **rec.params)
    x0 = float(X_RANGE[np.argmin(values(name))])
    with mp.workdps(40):
        x_star = mp.findroot(df, mp.mpf(x0))  # f'(x*) = 0, refined from the grid minimum
        f_min = f(x_star)
    declared = rec.output_range[0]
    # declared with 14 decimals, so correct to half a unit in the 14th
    assert abs(mp.mpf(declared) - f_min) <= 5e-15, f"{name}: min {mp.nstr(f_min, 20)} at {x_star}"
    # and the NumPy function never dips below it near x* (by more than that rounding)
    around = float(x_star) + np.linspace(-1e-4, 1e-4, 2001)
    assert np.all(rec(around) >= declared - 5e-15 - 4 * np.spacing(abs(declared)))


def test_silu_minimum_closed_form() -> None:
    # x sigma(x) is stationary where 1 + x sigma(-x) = 0, i.e. x = -1 - W(1/e) (Lambert W),
    # and the minimum value there is -W(1/e): a check independent of any root finder.
    with mp.workdps(40):
        w = mp.lambertw(mp.exp(-1)).real
        x_star = -1 - w
        assert abs(x_star * (1 / (1 + mp.exp(-x_star))) + w) < mp.mpf(10) ** -35
    assert abs(ACTIVATIONS["silu"].output_range[0] - float(-w)) <= 5e-15
    assert A.silu_derivative(float(x_star)) == pytest.approx(0.0, abs=1e-16)


@pytest.mark.parametrize("name", NAMES)
def test_zero_centred(name: str) -> None:
    rec = ACTIVATIONS[name]
    inf, sup = computed_range(name)
    computed = rec(0.0) == 0.0 and inf < 0.0 < sup
    assert computed == rec.zero_centred


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
    # independent of the declarations: these five have a corner (or a jump) at 0
    kinked = {name for name in NAMES if not computed_smooth(name)}
    assert kinked == {"step", "relu", "leaky_relu", "prelu", "selu"} & set(NAMES)


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


# ------------------------------------------------------------------ property table

#: f'(0) by hand, with TensorFlow's values at the kinks (see the module docstring).
DERIVATIVE_AT_ZERO = {
    "step": lambda: 0.0,
    "identity": lambda: 1.0,
    "sigmoid": lambda: 0.25,
    "tanh": lambda: 1.0,
    "relu": lambda: 0.0,
    "leaky_relu": lambda alpha: alpha,
    "prelu": lambda alpha: 0.0,
    "elu": lambda alpha: alpha,
    "selu": lambda: SELU_SCALE,
    "softplus": lambda: 0.5,
    "gelu": lambda approximate: 0.5,
    "silu": lambda: 0.5,
}

COLUMNS = [
    "activation",
    "f(x)",
    "range",
    "zero-centred",
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
    assert row["zero-centred"] == yes_no[rec.zero_centred]
    assert row["monotonic"] == yes_no[rec.monotonic]
    assert row["smooth (C¹)"] == yes_no[rec.smooth]
    assert row["range"] == f"${rec.range_latex}$"
    assert row["f(x)"] == f"${rec.formula}$"
    assert row["Keras"] == (rec.keras_name or "—")
    assert row["saturates"] != ""
    # the printed slope at 0 is the derivative there, to its 6 printed digits
    expected = DERIVATIVE_AT_ZERO[name](**rec.params)
    assert float(row["f'(0)"]) == pytest.approx(expected, rel=1e-6, abs=0)
    assert float(row["f'(0)"]) == float(f"{float(rec.grad(0.0)):.6g}")
