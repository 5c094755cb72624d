"""Measure the activations' error in ulps against the mpmath references.

Used by ``tests/test_accuracy.py`` (which asserts the bounds) and runnable on its own
to print the worst error per function::

    python tests/accuracy.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import mpmath as mp
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from oracles import ACCURACY, ORACLES, cases  # noqa: E402

from course_code import activations as A  # noqa: E402

ULP_BOUND = 8.0

#: (label, registry name, keyword arguments): every registry record with its own keyword
#: arguments, plus the variants that the oracle rows (``tests/oracles.py``) mark for it.
CASES: list[tuple[str, str, dict]] = cases(ACCURACY)


def numpy_pair(name: str):
    rec = A.ACTIVATIONS[name]
    return rec.function, rec.derivative


def sample_points(dtype: type) -> np.ndarray:
    """Inputs covering the whole float range: the tails, the centre, the roots."""
    rng = np.random.default_rng(20261122)
    fi = np.finfo(dtype)
    lo_exp, hi_exp = (-310, 308.2) if dtype == np.float64 else (-45, 38.5)
    big = 745.0 if dtype == np.float64 else 104.0
    mags = np.logspace(lo_exp, hi_exp, 301)
    parts = [
        rng.uniform(-50, 50, 301),
        rng.uniform(-big, big, 201),
        rng.uniform(-2.5, 0.5, 101),  # the roots of gelu' and silu' lie here
        np.linspace(-4.0, -0.2, 383),  # gelu' cancels badly on all of this interval
        mags,
        -mags,
        [fi.tiny, -fi.tiny, fi.max, -fi.max, fi.smallest_subnormal, -fi.smallest_subnormal],
        [-0.7517915247, -1.2784645428, -38.0, 37.0, 19.0, 40.0, -40.0, 88.7, -87.3, 709.0, -708.0],
    ]
    x = np.concatenate([np.asarray(p, dtype=np.float64) for p in parts]).astype(dtype)
    return np.unique(x[np.isfinite(x) & (x != 0)])


@dataclass
class Result:
    worst_ulp: float  #: largest error in ulps where the true value is a normal float
    worst_x: float
    worst_share: float  #: largest error as a share of its allowance (<= 1 passes)
    failures: list[str]  #: points over the bound (8 ulp + 2 x condition number)
    checked: int


def _mpf(v) -> mp.mpf:
    return mp.mpf(float(v))


def measure(fn, ref, dref2, dtype: type, xs: np.ndarray) -> Result:
    """Compare ``fn(xs)`` with ``ref``; ``dref2`` is ref's derivative (for the allowance)."""
    fi = np.finfo(dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        got = fn(xs)
    assert got.dtype == dtype, f"dtype {got.dtype} != {dtype}"
    worst, worst_x, share, failures, checked = 0.0, float("nan"), 0.0, [], 0
    for x, g in zip(xs, got, strict=True):
        X = _mpf(x)
        Y = ref(X)
        aY = abs(Y)
        with np.errstate(over="ignore"):
            rounded = dtype(float(Y))
        if np.isinf(rounded):
            if not (np.isinf(g) and np.sign(g) == mp.sign(Y)) and not abs(g) >= fi.max * 0.99:
                failures.append(f"x={x!r}: true {mp.nstr(Y, 8)} overflows, got {g!r}")
            continue
        if aY < fi.tiny:  # subnormal or zero: flushing to 0 is fine
            if abs(_mpf(g) - Y) > fi.tiny:
                failures.append(f"x={x!r}: true {mp.nstr(Y, 8)} (subnormal), got {g!r}")
            continue
        checked += 1
        with np.errstate(over="ignore"):  # the ulp of the largest float is 2**971
            ulp = float(np.spacing(np.abs(rounded)))
        ulp = ulp if np.isfinite(ulp) else 2.0 ** (fi.maxexp - fi.nmant - 1)
        err = float(abs(_mpf(g) - Y)) / ulp if np.isfinite(g) else float("inf")
        if err > worst:
            worst, worst_x = err, float(x)
        allowance = ULP_BOUND
        if err > ULP_BOUND / 2:  # the condition number costs an mpmath derivative
            allowance += 2 * float(abs(X * dref2(X) / Y))
        share = max(share, err / allowance)
        if err > allowance:
            failures.append(
                f"x={x!r}: {err:.1f} ulp > allowance {allowance:.3g}"
                f" (true {mp.nstr(Y, 17)}, got {g!r})"
            )
    return Result(worst, worst_x, share, failures, checked)


def measure_case(label: str, name: str, params: dict, which: str, dtype: type) -> Result:
    f, df = numpy_pair(name)
    ref, dref = ORACLES[name].mp_pair(**params)
    xs = sample_points(dtype)
    if which == "f":
        return measure(lambda x: f(x, **params), ref, dref, dtype, xs)
    # the derivative: its own derivative (for the allowance) by mpmath's differentiation
    return measure(lambda x: df(x, **params), dref, lambda X: mp.diff(dref, X), dtype, xs)


def main() -> None:
    print("Error in ulps against mpmath (50 digits); 'share' = error / allowance, where")
    print(f"allowance = {ULP_BOUND:g} ulp + 2 x condition number; share <= 1 passes.\n")
    head = f"{'function':24s} {'dtype':8s} {'f: ulp':>9s} {'at x':>10s} {'share':>6s}"
    print(head + f" {'f′: ulp':>9s} {'at x':>10s} {'share':>6s}")
    for label, name, params in CASES:
        for dtype in (np.float64, np.float32):
            rf = measure_case(label, name, params, "f", dtype)
            rd = measure_case(label, name, params, "d", dtype)
            print(
                f"{label:24s} {np.dtype(dtype).name:8s}"
                f" {rf.worst_ulp:9.3g} {rf.worst_x:10.4g} {rf.worst_share:6.2f}"
                f" {rd.worst_ulp:9.3g} {rd.worst_x:10.4g} {rd.worst_share:6.2f}"
                + ("" if not (rf.failures or rd.failures) else "  FAIL")
            )


if __name__ == "__main__":
    main()
