"""Time course_code's activations against the fastest NumPy/SciPy one-liner for each.

For every activation, derivative, softmax and log_softmax, and for float32 and float64,
this times ``course_code.activations`` and a set of *baseline* one-liners for the same
mathematical function on the same 10**6-element input, and prints the best time of
each, the fastest baseline and the ratio course_code / baseline::

    python tools/benchmark_activations.py               # both dtypes, 7 repeats
    python tools/benchmark_activations.py --dtype float32 --only sigmoid softmax

The input is a realistic mix with tails: 98 % standard normal times 5, 1 % uniform on
[-800, 800] (where exp under- and overflows, in both dtypes) and 1 % of magnitudes
log-uniform between 1e-30 and 1e30, with random signs. softmax and log_softmax see the
same numbers shaped (100000, 10) -- a batch of 10-class logits, as in the course's MLP --
and, on a second row, (1000, 1000).

The baselines (see ``BASELINES``) are the library one-liners of the issue (``expit``,
``np.tanh``, ``np.logaddexp``, ``ndtr``, ``scipy.special.softmax``, ...) together with
the textbook formulas the book warns against (``1 / (1 + exp(-x))``,
``s * (1 - s)``, ...). Each is run under ``np.errstate(all="ignore")``: many of them
overflow, warn, return 0 where the true value is a normal float, or give NaN at ±inf,
so they are not *correct* implementations of the course's contract -- only the speed to
aim for. The ratio is taken against the fastest of them on this machine, in this run.

Timing: each callable runs ``--number`` times per repeat, and the best of ``--repeat``
repeats is kept (the minimum is the least noisy estimate on a shared machine). The
repeats of course_code and of its baselines are interleaved, so a burst of load from
elsewhere hits both. The clock is the process's CPU time by default (``--clock cpu``):
on a machine shared with other jobs, wall time also counts the time this process
waited for a core, which has nothing to do with the code; ``--clock wall`` measures
wall time instead (all the code timed here runs on one thread). This is a benchmark,
not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import math
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.special as sc  # noqa: E402

from course_code import activations as A  # noqa: E402

N = 1_000_000
SQRT_HALF = math.sqrt(0.5)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
C = A._SQRT_2_OVER_PI  # the tanh-form GELU's sqrt(2/pi)
K = A._GELU_TANH_COEF  # ... and its 0.044715
SA, SS = A.SELU_ALPHA, A.SELU_SCALE


def make_input(dtype: Any, n: int = N, seed: int = 0) -> np.ndarray:
    """The benchmark input: mostly 5 * N(0, 1), with 1 % far tails and 1 % extreme magnitudes."""
    rng = np.random.default_rng(seed)
    x = 5.0 * rng.standard_normal(n)
    idx = rng.permutation(n)
    k = n // 100
    x[idx[:k]] = rng.uniform(-800.0, 800.0, k)
    x[idx[k : 2 * k]] = rng.choice([-1.0, 1.0], k) * 10.0 ** rng.uniform(-30.0, 30.0, k)
    return x.astype(dtype)


def _c(x: np.ndarray, v: float) -> np.generic:
    """A constant in x's dtype, so that a baseline never promotes float32 to float64."""
    return x.dtype.type(v)


def _gelu_tanh(x: np.ndarray) -> np.ndarray:
    # x * x * x rather than x**3, which goes through the much slower np.power
    return 0.5 * x * (1 + np.tanh(C * (x + K * (x * x * x))))


def _gelu_tanh_derivative(x: np.ndarray) -> np.ndarray:
    t = np.tanh(C * (x + K * (x * x * x)))
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * C * (1 + 3 * K * x * x)


#: name -> (course_code callable, {baseline expression: callable}). Every baseline
#: keeps the input's dtype; the constants go through ``_c`` for that reason.
BASELINES: dict[str, tuple[Callable[[np.ndarray], Any], dict[str, Callable[[np.ndarray], Any]]]] = {
    "step": (
        A.step,
        {
            "np.heaviside(x, 1)": lambda x: np.heaviside(x, _c(x, 1)),
            "(x >= 0).astype(x.dtype)": lambda x: (x >= 0).astype(x.dtype),
        },
    ),
    "step'": (A.step_derivative, {"np.zeros_like(x)": np.zeros_like}),
    "identity": (A.identity, {"x.copy()": lambda x: x.copy()}),
    "identity'": (A.identity_derivative, {"np.ones_like(x)": np.ones_like}),
    "sigmoid": (
        A.sigmoid,
        {
            "expit(x)": sc.expit,
            "1 / (1 + np.exp(-x))": lambda x: 1 / (1 + np.exp(-x)),
        },
    ),
    "sigmoid'": (
        A.sigmoid_derivative,
        {
            "(s := expit(x)) * (1 - s)": lambda x: (s := sc.expit(x)) * (1 - s),
            "(e := np.exp(-x)) / (1 + e)**2": lambda x: (e := np.exp(-x)) / (1 + e) ** 2,
        },
    ),
    "tanh": (A.tanh, {"np.tanh(x)": np.tanh}),
    "tanh'": (A.tanh_derivative, {"1 - np.tanh(x)**2": lambda x: 1 - np.tanh(x) ** 2}),
    "relu": (A.relu, {"np.maximum(x, 0)": lambda x: np.maximum(x, _c(x, 0))}),
    "relu'": (A.relu_derivative, {"(x > 0).astype(x.dtype)": lambda x: (x > 0).astype(x.dtype)}),
    "leaky_relu": (
        A.leaky_relu,
        {
            "np.where(x > 0, x, 0.01 * x)": lambda x: np.where(x > 0, x, _c(x, 0.01) * x),
            "np.maximum(x, 0.01 * x)": lambda x: np.maximum(x, _c(x, 0.01) * x),
        },
    ),
    "leaky_relu'": (
        A.leaky_relu_derivative,
        {"np.where(x > 0, 1, 0.01)": lambda x: np.where(x > 0, _c(x, 1), _c(x, 0.01))},
    ),
    "prelu": (
        lambda x: A.prelu(x, 0.25),
        {
            "np.where(x > 0, x, 0.25 * x)": lambda x: np.where(x > 0, x, _c(x, 0.25) * x),
            "np.maximum(x, 0.25 * x)": lambda x: np.maximum(x, _c(x, 0.25) * x),
        },
    ),
    "prelu'": (
        lambda x: A.prelu_derivative(x, 0.25),
        {
            "np.where(x > 0, 1, 0.25 * (x < 0))": lambda x: np.where(
                x > 0, _c(x, 1), _c(x, 0.25) * (x < 0)
            )
        },
    ),
    "prelu_alpha'": (
        lambda x: A.prelu_alpha_derivative(x, 0.25),
        {"np.minimum(x, 0)": lambda x: np.minimum(x, _c(x, 0))},
    ),
    "elu": (
        A.elu,
        {"np.where(x > 0, x, np.expm1(x))": lambda x: np.where(x > 0, x, np.expm1(x))},
    ),
    "elu'": (
        A.elu_derivative,
        {"np.where(x > 0, 1, np.exp(x))": lambda x: np.where(x > 0, _c(x, 1), np.exp(x))},
    ),
    "selu": (
        A.selu,
        {
            "S * np.where(x > 0, x, A * np.expm1(x))": lambda x: (
                _c(x, SS) * np.where(x > 0, x, _c(x, SA) * np.expm1(x))
            )
        },
    ),
    "selu'": (
        A.selu_derivative,
        {
            "np.where(x >= 0, S, S * A * np.exp(x))": lambda x: np.where(
                x >= 0, _c(x, SS), _c(x, SS * SA) * np.exp(x)
            )
        },
    ),
    "softplus": (
        A.softplus,
        {
            "np.logaddexp(0, x)": lambda x: np.logaddexp(_c(x, 0), x),
            "np.log1p(np.exp(x))": lambda x: np.log1p(np.exp(x)),
        },
    ),
    "softplus'": (A.softplus_derivative, {"expit(x)": sc.expit}),
    "gelu": (
        A.gelu,
        {
            "x * ndtr(x)": lambda x: x * sc.ndtr(x),
            "0.5 * x * (1 + erf(x / sqrt 2))": lambda x: (
                _c(x, 0.5) * x * (1 + sc.erf(x * _c(x, SQRT_HALF)))
            ),
        },
    ),
    "gelu'": (
        A.gelu_derivative,
        {
            "ndtr(x) + x * exp(-x*x/2) / sqrt(2 pi)": lambda x: (
                sc.ndtr(x) + x * np.exp(_c(x, -0.5) * x * x) * _c(x, INV_SQRT_2PI)
            )
        },
    ),
    "gelu_tanh": (
        lambda x: A.gelu(x, approximate=True),
        {"0.5 x (1 + tanh(c (x + k x^3)))": _gelu_tanh},
    ),
    "gelu_tanh'": (
        lambda x: A.gelu_derivative(x, approximate=True),
        {"t = tanh(u); (1 + t)/2 + x (1 - t^2) u'/2": _gelu_tanh_derivative},
    ),
    "silu": (A.silu, {"x * expit(x)": lambda x: x * sc.expit(x)}),
    "silu'": (
        A.silu_derivative,
        {"(s := expit(x)) * (1 + x * (1 - s))": lambda x: (s := sc.expit(x)) * (1 + x * (1 - s))},
    ),
    "swish(1.5)": (
        lambda x: A.swish(x, beta=1.5),
        {"x * expit(1.5 * x)": lambda x: x * sc.expit(_c(x, 1.5) * x)},
    ),
    "swish'(1.5)": (
        lambda x: A.swish_derivative(x, beta=1.5),
        {
            "s * (1 + b x (1 - s)), s = expit(b x)": lambda x: (
                (s := sc.expit(_c(x, 1.5) * x)) * (1 + _c(x, 1.5) * x * (1 - s))
            )
        },
    ),
    "softmax": (
        A.softmax,
        {
            "scipy.special.softmax(x, axis=-1)": lambda x: sc.softmax(x, axis=-1),
            "e = exp(x - max); e / sum(e)": lambda x: (
                (e := np.exp(x - x.max(axis=-1, keepdims=True))) / e.sum(axis=-1, keepdims=True)
            ),
        },
    ),
    "log_softmax": (
        A.log_softmax,
        {
            "scipy.special.log_softmax(x, axis=-1)": lambda x: sc.log_softmax(x, axis=-1),
            "z = x - max; z - log(sum(exp(z)))": lambda x: (
                (z := x - x.max(axis=-1, keepdims=True))
                - np.log(np.exp(z).sum(axis=-1, keepdims=True))
            ),
        },
    ),
}


def softmax_shapes(n: int) -> list[tuple[int, int]]:
    """The shapes softmax and log_softmax are given (same numbers, reshaped): a batch of
    10-class logits, and a square-ish matrix."""
    side = math.isqrt(n)
    return [(n // 10, 10), (side, n // side)]


CLOCKS = {"cpu": time.process_time, "wall": time.perf_counter}
clock = CLOCKS["cpu"]


def best_time(fn: Callable[[], Any], number: int) -> float:
    start = clock()
    for _ in range(number):
        fn()
    return (clock() - start) / number


def time_group(
    ours: Callable[[], Any], baselines: dict[str, Callable[[], Any]], repeat: int, number: int
) -> tuple[float, dict[str, float]]:
    """Best time of ``ours`` and of each baseline, with the repeats interleaved."""
    best_ours = math.inf
    best = dict.fromkeys(baselines, math.inf)
    ours()  # warm-up: first-call allocations, lazy imports
    with np.errstate(all="ignore"):
        for fn in baselines.values():
            fn()
    for _ in range(repeat):
        best_ours = min(best_ours, best_time(ours, number))
        with np.errstate(all="ignore"):
            for label, fn in baselines.items():
                best[label] = min(best[label], best_time(fn, number))
    return best_ours, best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dtype", choices=["float32", "float64", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=7, help="repeats; the best is kept")
    parser.add_argument("--number", type=int, default=3, help="calls per repeat")
    parser.add_argument("--only", nargs="*", help="names of the rows to run (default: all)")
    parser.add_argument("--all-baselines", action="store_true", help="print every baseline")
    parser.add_argument("--clock", choices=list(CLOCKS), default="cpu", help="what to time")
    parser.add_argument("--size", type=int, default=N, help="elements (default 10**6)")
    args = parser.parse_args()
    global clock
    clock = CLOCKS[args.clock]
    dtypes = ["float32", "float64"] if args.dtype == "both" else [args.dtype]
    names = args.only or list(BASELINES)
    unknown = set(names) - set(BASELINES)
    if unknown:
        parser.error(f"unknown names {sorted(unknown)}; known: {list(BASELINES)}")

    print(
        f"NumPy {np.__version__}, SciPy {scipy.__version__}, Python {platform.python_version()},"
        f" {platform.machine()}; {args.clock} time, best of {args.repeat} x {args.number} calls,"
        f" {args.size:,} elements"
    )
    head = (
        f"{'function':20s} {'dtype':8s} {'course_code':>12s} {'baseline':>10s} {'ratio':>6s}"
        "  fastest baseline"
    )
    ratios: dict[str, list[float]] = {d: [] for d in dtypes}
    for dtype in dtypes:
        print()
        print(head)
        x = make_input(dtype, args.size)
        for name in names:
            ours, baselines = BASELINES[name]
            shapes = softmax_shapes(x.size) if name in ("softmax", "log_softmax") else [x.shape]
            for shape in shapes:
                xs = x[: math.prod(shape)].reshape(shape)
                t_ours, t_base = time_group(
                    lambda xs=xs, ours=ours: ours(xs),
                    {k: (lambda xs=xs, f=f: f(xs)) for k, f in baselines.items()},
                    args.repeat,
                    args.number,
                )
                label, t_best = min(t_base.items(), key=lambda kv: kv[1])
                ratio = t_ours / t_best
                ratios[dtype].append(ratio)
                row = name if len(shapes) == 1 else f"{name}{shape[0]}x{shape[1]}"
                print(
                    f"{row:20s} {dtype:8s} {t_ours * 1e3:10.2f}ms {t_best * 1e3:8.2f}ms"
                    f" {ratio:6.2f}  {label}"
                )
                if args.all_baselines:
                    for other, t in t_base.items():
                        if other != label:
                            print(f"{'':20s} {'':8s} {'':>12s} {t * 1e3:8.2f}ms {'':6s}  {other}")
    print()
    for dtype, rs in ratios.items():
        print(
            f"{dtype}: worst ratio {max(rs):.2f},"
            f" geometric mean {math.exp(np.mean(np.log(rs))):.2f},"
            f" {sum(r <= 2.0 for r in rs)} of {len(rs)} rows within 2x"
        )


if __name__ == "__main__":
    main()
