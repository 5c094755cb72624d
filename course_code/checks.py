"""Checkers for the exercises: run a learner's function on a battery of inputs and say,
in plain words, what works and what does not.

Each checker returns a :class:`Report`. In a notebook it displays itself; ``print`` it
anywhere else; ``bool(report)`` is True when every check passed. For the first failed
check the report shows the input, the expected and the actual value, and a hint at
the usual cause. Reference values come from the course's own implementations
(:mod:`course_code.activations`, :mod:`course_code.perceptron`), which are tested
against 50-digit mpmath, or from the formula that :mod:`course_code.optim` implements
and tests against Keras (the momentum step).

>>> import numpy as np
>>> def my_relu(x):
...     return np.maximum(x, 0.0)
>>> report = check_activation("relu", my_relu)
>>> bool(report), report.passed_count, report.total
(True, 8, 8)
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from course_code.activations import ACTIVATIONS
from course_code.activations import softmax as _softmax
from course_code.activations import step as _step

__all__ = [
    "Report",
    "check_activation",
    "check_derivative",
    "check_softmax",
    "check_perceptron_update",
    "check_dense_forward",
    "check_dense_backward",
    "check_momentum_step",
    "check_adam_step",
]


@dataclass
class _Failure:
    check: str
    input: str
    expected: str
    actual: str
    hint: str


@dataclass
class Report:
    """The outcome of a checker: one line per check, details of the first failure."""

    title: str
    results: list[tuple[str, bool]] = field(default_factory=list)
    failure: _Failure | None = None

    @property
    def passed_count(self) -> int:
        return sum(ok for _, ok in self.results)

    @property
    def total(self) -> int:
        return len(self.results)

    def __bool__(self) -> bool:
        return self.total > 0 and self.passed_count == self.total

    def __str__(self) -> str:
        lines = [f"{self.title}: {self.passed_count} of {self.total} checks passed"]
        for name, ok in self.results:
            lines.append(f"  {'✓' if ok else '✗'} {name}")
        if self.failure is None:
            lines.append("All good!")
        else:
            f = self.failure
            lines += [
                f"First problem: {f.check}",
                f"  input    : {f.input}",
                f"  expected : {f.expected}",
                f"  got      : {f.actual}",
                f"  hint     : {f.hint}",
            ]
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # IPython display
        printer.text(str(self))

    def __repr__(self) -> str:
        return str(self)

    def _record(self, name: str, problem: _Failure | None) -> None:
        self.results.append((name, problem is None))
        if problem is not None and self.failure is None:
            self.failure = problem

    def _check(
        self, title: str, ok: bool, given: str, expected: str, actual: str, hint: str
    ) -> None:
        """Record check ``title``: passed if ``ok``, else a failure with these details."""
        self._record(title, None if ok else _Failure(title, given, expected, actual, hint))


def _show(value: Any, limit: int = 6) -> str:
    """A short, readable rendering of a value for the report."""
    if isinstance(value, BaseException):
        return f"{type(value).__name__}: {value}"
    if isinstance(value, tuple):
        return "(" + ", ".join(_show(v, limit) for v in value) + ")"
    arr = np.asarray(value) if not isinstance(value, (str, type(None))) else None
    if arr is None or arr.dtype == object:
        return repr(value)
    with np.printoptions(precision=6, threshold=limit, edgeitems=3, suppress=False):
        text = np.array2string(arr, separator=", ") if arr.ndim else repr(arr.item())
    return (
        f"{text} (dtype {arr.dtype}, shape {arr.shape})"
        if arr.ndim
        else f"{text} (dtype {arr.dtype})"
    )


def _call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, BaseException | None]:
    """Call ``fn`` with floating-point errors turned into exceptions and warnings caught."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                return fn(*args, **kwargs), None
    except Exception as exc:  # noqa: BLE001 - any error of the learner's code is reported
        return None, exc


def _close(actual: Any, expected: Any, rtol: float, atol: float) -> bool:
    try:
        a = np.asarray(actual, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    e = np.asarray(expected, dtype=np.float64)
    if a.shape != e.shape:
        return False
    return bool(np.allclose(a, e, rtol=rtol, atol=atol, equal_nan=True))


def _first_bad(
    x: np.ndarray, actual: Any, expected: np.ndarray, rtol: float, atol: float
) -> tuple[str, str, str]:
    """Input, expected and actual value at the first point that differs."""
    try:
        a = np.broadcast_to(np.asarray(actual, dtype=np.float64), expected.shape)
    except (TypeError, ValueError):
        return _show(x), _show(expected), _show(actual)
    bad = ~np.isclose(a, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return _show(x), _show(expected), _show(actual)
    i = tuple(np.argwhere(bad)[0])
    xi = x[i] if np.ndim(x) else x
    return f"x = {float(xi)!r}", f"{float(expected[i])!r}", f"{float(a[i])!r}"


def _check_keeps_float32(
    report: Report,
    call: Callable[[Any], tuple[Any, BaseException | None]],
    x: np.ndarray,
    hint: str,
) -> None:
    """float32 in must give float32 out."""
    x32 = x.astype(np.float32)
    actual, error = call(x32.copy())
    ok = error is None and getattr(actual, "dtype", None) == np.float32
    report._check(
        "float32 in, float32 out",
        ok,
        _show(x32.ravel()[:3]),
        "an array of dtype float32",
        _show(error if error is not None else actual),
        hint,
    )


def _check_leaves_input(
    report: Report,
    call: Callable[[Any], tuple[Any, BaseException | None]],
    original: np.ndarray,
    hint: str,
) -> None:
    """The caller's array must be the same after the call."""
    x = original.copy()
    call(x)
    report._check(
        "leaves its input unchanged",
        np.array_equal(x, original),
        _show(original),
        "the same array after the call",
        _show(x),
        hint,
    )


def _check_callable(fn: Any, where: str) -> None:
    """The learner's function must be a function (a string or a result would give a report
    of failed checks that blames the maths)."""
    if not callable(fn):
        raise TypeError(f"{where}: fn must be your function itself, got {type(fn).__name__}")


def _accepts(fn: Callable[..., Any], name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


# ------------------------------------------------------------------ elementwise activations

_TYPICAL = np.linspace(-5.0, 5.0, 21)  # contains 0 exactly
_TAILS = np.array([-40.0, -30.0, -20.0, -10.0, 10.0, 20.0, 30.0, 40.0])
_EXTREMES = np.array([-1000.0, -745.0, 745.0, 1000.0])


def _slope_factor(x: np.ndarray, actual: Any, expected: np.ndarray) -> float | None:
    """The constant c with actual = c * expected on the negative inputs, if there is one
    (a slope alpha set to another value), else None."""
    try:
        a = np.broadcast_to(np.asarray(actual, dtype=np.float64), expected.shape)
    except (TypeError, ValueError):
        return None
    neg = (x < 0) & (expected != 0) & np.isfinite(a)
    if neg.sum() < 2 or not np.allclose(a[x > 0], expected[x > 0], rtol=1e-6, atol=1e-12):
        return None
    ratio = a[neg] / expected[neg]
    c = float(np.median(ratio))
    if np.allclose(ratio, c, rtol=1e-6) and not np.isclose(c, 1.0, rtol=1e-6):
        return c
    return None


def _elementwise_hint(
    name: str,
    which: str,
    check: str,
    x: Any,
    actual: Any,
    params: dict,
    error: BaseException | None = None,
) -> str:
    """The most likely cause of a failed elementwise check."""
    rec = ACTIVATIONS[name]
    ref = rec.derivative if which == "derivative" else rec.function
    other = rec.function if which == "derivative" else rec.derivative
    if check in ("typical", "extremes", "tails") and error is None and actual is not None:
        expected = np.asarray(ref(x, **params), dtype=np.float64)
        c = _slope_factor(np.asarray(x), actual, expected)
        if c is not None and "alpha" in params:
            return (
                f"the positive side is right, but on the negative side your values are {c:g} times"
                f" the expected ones: check the slope alpha (expected {params['alpha']!r}, yours"
                f" looks like {c * params['alpha']:g}"
                + (
                    "; Keras' leaky_relu defaults to 0.2, the course to 0.01)"
                    if name == "leaky_relu"
                    else ")"
                )
            )
    if check == "typical" and _close(actual, other(_TYPICAL, **params), 1e-6, 1e-12):
        return (
            f"these are the values of the {'function' if which == 'derivative' else 'derivative'},"
            f" not of the {which}: check which formula you return"
        )
    if check == "typical" or (check == "extremes" and error is None):
        at_zero = ref(0.0, **params)
        prime = "′" if which == "derivative" else ""
        return (
            f"re-derive the formula and test a few values by hand; at a kink or jump compare with"
            f" the course's convention, {name}{prime}(0) = {float(at_zero)!r}"
        )
    hints = {
        "extremes": (
            "np.exp of a large argument overflows (exp(710) is already inf in float64). Write the"
            " formula so that exp only ever sees -|x| (e.g. e = np.exp(-np.abs(x)) and two"
            " branches with np.where), or use np.logaddexp / np.log1p"
        ),
        "tails": (
            "far out in the tails a subtraction of two nearly equal numbers cancels to 0, e.g."
            " 1 - s with s rounded to 1, 1 - tanh(x)**2, or 1 + erf(x / sqrt 2) for very"
            " negative x."
            " Use a form without it: sigmoid slope e / (1 + e)**2 with e = exp(-|x|),"
            " tanh' = 4 * sigmoid'(2x), Phi(x) = scipy.special.ndtr(x)"
        ),
        "float32": (
            "keep the input's precision: compute with operations that preserve the dtype, or"
            " convert back with .astype(x.dtype)"
        ),
        "nan": (
            "a NaN input should give NaN (np.where and np.maximum keep NaN; comparisons alone"
            " do not)"
        ),
        "shape": (
            "work elementwise with NumPy operations (np.exp, np.where, ...), not Python's math"
            " module or loops"
        ),
        "unchanged": (
            "do not modify the input array in place (x *= ..., x[...] = ...); compute a new array"
        ),
    }
    return hints.get(check, "re-derive the formula and test a few values by hand")


def _check_elementwise(
    name: str, fn: Callable[..., Any], which: str, params: dict[str, Any]
) -> Report:
    where = "check_derivative" if which == "derivative" else "check_activation"
    _check_callable(fn, where)
    if not isinstance(name, str):
        raise TypeError(f"{where}: name must be an activation name, got {type(name).__name__}")
    if name not in ACTIVATIONS:
        raise ValueError(
            f"{where}: unknown activation {name!r}; choose a name among {', '.join(ACTIVATIONS)}"
        )
    rec = ACTIVATIONS[name]
    ref_params = {**rec.kwargs, **params}
    ref = rec.derivative if which == "derivative" else rec.function
    label = f"{name}{'′' if which == 'derivative' else ''}"
    fname = getattr(fn, "__name__", "your function")
    report = Report(f"Checking {fname} against {label}" + (f" with {params}" if params else ""))

    def call(x: Any) -> tuple[Any, BaseException | None]:
        return _call(fn, x, **params)

    def hint(check: str, x: Any, actual: Any, error: BaseException | None = None) -> str:
        return _elementwise_hint(name, which, check, x, actual, ref_params, error)

    def compare(check: str, title: str, x: np.ndarray, rtol: float, atol: float) -> None:
        expected = np.asarray(ref(x, **ref_params), dtype=np.float64)
        actual, error = call(x.copy())
        if error is None and _close(actual, expected, rtol, atol):
            report._record(title, None)
        elif error is not None:
            report._check(
                title, False, _show(x), _show(expected), _show(error), hint(check, x, None, error)
            )
        else:
            shown = _first_bad(x, actual, expected, rtol, atol)
            report._check(title, False, *shown, hint(check, x, actual))

    compare("typical", "typical values on [-5, 5]", _TYPICAL, 1e-6, 1e-12)
    # one title for the two ways this can fail: a wrong value or an overflow (the report's
    # "got" line and the hint say which)
    compare(
        "extremes",
        "extreme inputs (±745, ±1000): right values, no overflow",
        _EXTREMES,
        1e-6,
        1e-300,
    )
    # relative precision in the tails, wherever the true value is a normal float
    compare("tails", "full relative precision in the tails (|x| up to 40)", _TAILS, 1e-6, 0.0)

    grid = np.array([[-2.0, 0.5, 3.0], [1.5, -0.25, 0.0]])
    actual, error = call(grid.copy())
    report._check(
        "works on a 2-D array and keeps its shape",
        error is None and np.shape(actual) == grid.shape,
        _show(grid),
        _show(ref(grid, **ref_params)),
        _show(error if error is not None else actual),
        hint("shape", grid, actual),
    )

    _check_keeps_float32(report, call, _TYPICAL, hint("float32", None, None))

    xs = np.array([np.nan, 1.0])
    actual, error = call(xs.copy())
    ok = (
        error is None
        and np.shape(actual) == (2,)
        and bool(np.isnan(np.asarray(actual, dtype=float)[0]))
    )
    report._check(
        "NaN in, NaN out",
        ok,
        _show(xs),
        _show(ref(xs, **ref_params)),
        _show(error if error is not None else actual),
        hint("nan", xs, actual),
    )

    expected = ref(0.5, **ref_params)
    scalar, error = call(0.5)
    report._check(
        "accepts a Python float",
        error is None and _close(scalar, expected, 1e-6, 1e-12),
        "0.5",
        repr(float(expected)),
        _show(error if error is not None else scalar),
        hint("shape", 0.5, scalar),
    )

    _check_leaves_input(
        report, call, np.concatenate([_EXTREMES, _TYPICAL]), hint("unchanged", None, None)
    )
    return report


def check_activation(name: str, fn: Callable[..., Any], **params: Any) -> Report:
    """Check your implementation ``fn`` of the activation ``name`` (a registry name).

    ``fn`` is called as ``fn(x, **params)``; the reference uses the registry's default
    parameters updated with ``params`` (``check_activation("leaky_relu", f, alpha=0.2)``
    calls ``f(x, alpha=0.2)``).
    """
    return _check_elementwise(name, fn, "function", params)


def check_derivative(name: str, fn: Callable[..., Any], **params: Any) -> Report:
    """Check your implementation ``fn`` of the derivative of the activation ``name``.

    At a kink the expected value is the course's convention, the value TensorFlow's
    gradient returns there (``relu'(0) = 0``, for example).
    """
    return _check_elementwise(name, fn, "derivative", params)


# ----------------------------------------------------------------------------- softmax


def check_softmax(fn: Callable[..., Any]) -> Report:
    """Check your softmax ``fn(x)``, which should normalise along the last axis."""
    _check_callable(fn, "check_softmax")
    report = Report(f"Checking {getattr(fn, '__name__', 'your function')} against softmax")
    hints = {
        "typical": "exponentiate, then divide by the sum of the exponentials of the same row",
        "rows": (
            "a batch has one example per row: sum along the last axis with"
            " np.sum(e, axis=-1, keepdims=True), not over the whole array or axis 0"
        ),
        "large": (
            "np.exp(1000) overflows: subtract each row's maximum first"
            " (x - np.max(x, axis=-1, keepdims=True)), which leaves the probabilities unchanged"
        ),
        "scales": (
            "subtract the maximum of each row (keepdims=True), not one maximum for the whole"
            " array: a row far below the global maximum underflows to 0/0"
        ),
        "neginf": (
            "a logit of -inf has probability exactly 0; with the max-shift, exp(-inf) = 0 works"
        ),
        "float32": "keep the input's dtype (no float64 constants or np.asarray(x, float))",
        "unchanged": "do not modify the input in place (x -= x.max() changes the caller's array)",
    }

    def call(x: Any) -> tuple[Any, BaseException | None]:
        return _call(fn, x)

    def run(
        check: str, title: str, x: np.ndarray, expected: np.ndarray, rtol: float = 1e-9
    ) -> None:
        actual, error = call(x.copy())
        ok = error is None and _close(actual, expected, rtol, 1e-15)
        shown = _show(error) if error is not None else _show(actual)
        report._check(title, ok, _show(x), _show(expected), shown, hints[check])

    v = np.array([2.0, 1.0, 0.1, -1.0])
    run("typical", "one vector of logits", v, _softmax(v))
    batch = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [-1.0, 4.0, 0.5], [2.0, -3.0, 1.0]])
    run("rows", "a batch of 4 rows: each row sums to 1", batch, _softmax(batch))
    run(
        "large",
        "large logits [1000, 1000] without overflow",
        np.array([1000.0, 1000.0]),
        np.array([0.5, 0.5]),
    )
    mixed = np.array([[1000.0, 999.0, 0.0], [-1000.0, -1001.0, -1000.0]])
    run("scales", "rows of very different scale in one batch", mixed, _softmax(mixed))
    run(
        "neginf",
        "a -inf logit gets probability 0",
        np.array([0.0, -np.inf, 1.0]),
        _softmax(np.array([0.0, -np.inf, 1.0])),
    )

    _check_keeps_float32(report, call, batch, hints["float32"])
    _check_leaves_input(report, call, batch, hints["unchanged"])
    return report


# --------------------------------------------------------------------- perceptron update


def check_perceptron_update(fn: Callable[..., Any]) -> Report:
    """Check ``fn(w, b, x, y, learning_rate)`` → ``(new_w, new_b)``: one step of
    Rosenblatt's rule on one example, with :math:`\\hat y = H(w\\cdot x + b)`, H(0) = 1."""
    _check_callable(fn, "check_perceptron_update")
    report = Report(
        f"Checking {getattr(fn, '__name__', 'your function')} against the perceptron rule"
    )

    def reference(
        w: np.ndarray, b: float, x: np.ndarray, y: float, eta: float
    ) -> tuple[np.ndarray, float]:
        delta = y - float(_step(x @ w + b))
        return w + eta * delta * x, b + eta * delta

    cases = [
        (
            "a correct prediction changes nothing",
            (np.array([1.0, -1.0]), 0.5, np.array([2.0, 1.0]), 1.0, 1.0),
            "when the prediction equals the label, y - y_hat = 0 and nothing may change",
        ),
        (
            "a missed positive (y = 1, y_hat = 0) adds eta * x",
            (np.array([1.0, -1.0]), -2.0, np.array([0.5, 1.0]), 1.0, 0.5),
            "on a mistake, w += eta * (y - y_hat) * x and b += eta * (y - y_hat);"
            " here y - y_hat = +1",
        ),
        (
            "a false alarm (y = 0, y_hat = 1) subtracts eta * x",
            (np.array([1.0, 2.0]), 0.0, np.array([1.0, 1.0]), 0.0, 0.1),
            "here y - y_hat = -1: subtract eta * x from w and eta from b",
        ),
        (
            "a score of exactly 0 predicts 1 (H(0) = 1)",
            (np.array([1.0, -1.0]), 0.0, np.array([2.0, 2.0]), 0.0, 1.0),
            "the course's step fires at 0: y_hat = 1 when w.x + b >= 0 (use >=, not >)",
        ),
        (
            "the learning rate scales the update",
            (np.array([0.5, 0.0]), 0.0, np.array([3.0, -1.0]), 0.0, 0.25),  # score 1.5: no tie
            "multiply the whole update (for w and for b) by the learning rate",
        ),
        (
            "the bias is updated too",
            (np.array([0.0]), -1.0, np.array([0.0]), 1.0, 2.0),
            "the bias is a weight on a constant input 1: b += eta * (y - y_hat)",
        ),
    ]
    # First the shape of the answer: a pair (new_w, new_b), w first. Without it every later
    # check would fail with a hint about the update rule, which would point the wrong way.
    w0, b0, x0, y0, eta0 = cases[1][1]
    probe, error = _call(fn, w0.copy(), b0, x0, y0, eta0)
    pair = _as_pair(probe, w0.shape) if error is None else None
    structure_hint = (
        "your function raised an error on a simple call"
        if error is not None
        else "return the new weights and the new bias as a pair, weights first: return new_w, new_b"
    )
    if error is None and pair is None and _as_pair(_swapped(probe), w0.shape) is not None:
        structure_hint = "the pair is in the wrong order: return new_w, new_b (weights first)"
    report._check(
        "returns a pair (new_w, new_b)",
        pair is not None,
        f"w = {w0.tolist()}, b = {b0}, x = {x0.tolist()}, y = {y0}, learning_rate = {eta0}",
        f"a pair: an array of shape {w0.shape} and a number",
        _show(error if error is not None else probe),
        structure_hint,
    )
    for title, (w, b, x, y, eta), hint in cases:
        w_in = w.copy()
        expected = reference(w, b, x, y, eta)
        actual, error = _call(fn, w, b, x, y, eta)
        got = _as_pair(actual, w.shape) if error is None else None
        ok = got is not None and (
            _close(got[0], expected[0], 1e-12, 1e-12) and _close(got[1], expected[1], 1e-12, 1e-12)
        )
        if ok and not np.array_equal(w, w_in):
            ok, hint = (
                False,
                "return new arrays; do not change the caller's w in place (w += ... does)",
            )
            actual = f"w was changed in place to {w}"
        if got is None and error is None:
            hint = "fix the returned pair first (see the first check)"
        report._check(
            title,
            ok,
            f"w = {w_in.tolist()}, b = {b}, x = {x.tolist()}, y = {y}, learning_rate = {eta}",
            f"(w, b) = ({expected[0].tolist()}, {expected[1]})",
            _show(error)
            if error is not None
            else (actual if isinstance(actual, str) else _show(actual)),
            hint,
        )
    return report


def _as_pair(value: Any, w_shape: tuple[int, ...]) -> tuple[np.ndarray, float] | None:
    """``(new_w, new_b)`` if ``value`` is a pair of an array shaped like w and a number."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        return None
    try:
        new_w = np.asarray(value[0], dtype=np.float64)
        new_b = np.asarray(value[1], dtype=np.float64)
    except (TypeError, ValueError):
        return None
    if new_w.shape != w_shape or new_b.size != 1:
        return None
    return new_w, float(new_b.ravel()[0])


def _swapped(value: Any) -> Any:
    return (value[1], value[0]) if isinstance(value, (tuple, list)) and len(value) == 2 else value


# --------------------------------------------------------------------------- dense layer

_RNG_X = np.random.default_rng(2024)
_DENSE_X = _RNG_X.normal(size=(5, 3))
_DENSE_W = _RNG_X.normal(size=(3, 4))
_DENSE_B = _RNG_X.normal(size=4)
_DENSE_DELTA = _RNG_X.normal(size=(5, 4))


def check_dense_forward(fn: Callable[..., Any]) -> Report:
    """Check ``fn(X, W, b)`` → ``Z = X W + b`` for a batch ``X`` of shape (n, n_in),
    ``W`` of shape (n_in, n_out) (a Keras kernel) and ``b`` of shape (n_out,)."""
    _check_callable(fn, "check_dense_forward")
    report = Report(
        f"Checking {getattr(fn, '__name__', 'your function')} against a dense layer's forward pass"
    )
    cases = [
        (
            "a batch of 5 examples, 3 inputs, 4 units",
            _DENSE_X,
            _DENSE_W,
            _DENSE_B,
            "Z = X @ W + b: one row per example, one column per unit; b is added to every row",
        ),
        (
            "a single example (a batch of 1)",
            _DENSE_X[:1],
            _DENSE_W,
            _DENSE_B,
            "keep the batch axis: X has shape (1, n_in), Z has shape (1, n_out)",
        ),
        (
            "the bias is added",
            _DENSE_X,
            np.zeros((3, 4)),
            _DENSE_B,
            "with W = 0 the output is the bias in every row: did you forget + b?",
        ),
    ]
    for title, X, W, b, hint in cases:
        expected = X @ W + b
        actual, error = _call(fn, X.copy(), W.copy(), b.copy())
        report._check(
            title,
            error is None and _close(actual, expected, 1e-12, 1e-12),
            f"X of shape {X.shape}, W of shape {W.shape}, b of shape {b.shape}",
            _show(expected),
            _show(error if error is not None else actual),
            hint,
        )
    return report


def check_dense_backward(fn: Callable[..., Any]) -> Report:
    """Check ``fn(X, W, delta)`` → ``(dX, dW, db)`` for ``Z = X W + b`` and the error
    signal ``delta = dL/dZ`` of shape (n, n_out): ``dX = delta Wᵀ``, ``dW = Xᵀ delta``,
    ``db = delta`` summed over the batch."""
    _check_callable(fn, "check_dense_backward")
    report = Report(
        f"Checking {getattr(fn, '__name__', 'your function')} against a dense layer's backward pass"
    )
    X, W, delta = _DENSE_X, _DENSE_W, _DENSE_DELTA
    expected = (delta @ W.T, X.T @ delta, delta.sum(axis=0))
    actual, error = _call(fn, X.copy(), W.copy(), delta.copy())
    parts: tuple[Any, ...] | None = None
    if error is None:
        try:
            parts = tuple(actual)
            if len(parts) != 3:
                parts = None
        except TypeError:
            parts = None
    given = f"X of shape {X.shape}, W of shape {W.shape}, delta of shape {delta.shape}"
    report._check(
        "returns three arrays (dX, dW, db)",
        parts is not None,
        given,
        "a tuple (dX, dW, db)",
        _show(error if error is not None else actual),
        "your function raised an error: check the shapes of each product (dX = delta @ W.T has"
        " shape (n, n_in), dW = X.T @ delta has W's shape)"
        if error is not None
        else "return the three gradients as a tuple: return dX, dW, db",
    )
    checks = [
        (
            "dX = delta @ W.T, shape (n, n_in)",
            0,
            "each input receives the error of every unit it feeds, weighted: delta @ W.T",
        ),
        (
            "dW = X.T @ delta, shape (n_in, n_out)",
            1,
            "dW has W's shape; sum the per-example outer products: X.T @ delta (a sum, not a mean)",
        ),
        (
            "db = delta summed over the batch, shape (n_out,)",
            2,
            "the bias is added to every row, so its gradient sums delta over the rows:"
            " delta.sum(axis=0)",
        ),
    ]
    for title, k, hint in checks:
        report._check(
            title,
            parts is not None and _close(parts[k], expected[k], 1e-12, 1e-12),
            given,
            _show(expected[k]),
            _show(parts[k]) if parts is not None else "nothing",
            hint,
        )
    return report


# ------------------------------------------------------------------------ momentum step

_Step = tuple[np.ndarray, np.ndarray]


def _momentum_reference(
    w: np.ndarray, v: np.ndarray, g: np.ndarray, lr: float, mu: float, nesterov: bool
) -> _Step:
    """Keras' momentum step: v <- mu v - lr g; w <- w + v, or w + mu v - lr g (Nesterov)."""
    new_v = mu * v - lr * g
    return (w + mu * new_v - lr * g if nesterov else w + new_v), new_v


def _slip(
    velocity: Callable[[np.ndarray, np.ndarray, float, float], np.ndarray],
    step: Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray, float, float], np.ndarray],
) -> Callable[..., _Step]:
    """A wrong momentum step from its velocity rule and its rule for the new w (given
    w, the old and the new velocity, g, lr, mu)."""

    def wrong(w: np.ndarray, v: np.ndarray, g: np.ndarray, lr: float, mu: float) -> _Step:
        new_v = velocity(v, g, lr, mu)
        return step(w, v, new_v, g, lr, mu), new_v

    return wrong


def _keras_velocity(v: np.ndarray, g: np.ndarray, lr: float, mu: float) -> np.ndarray:
    return mu * v - lr * g


#: The usual slips in a momentum step: name -> (the step it computes, the hint). The first
#: slip that reproduces what a learner's function returned names the mistake.
_MOMENTUM_SLIPS: dict[str, tuple[Callable[..., _Step], str]] = {
    "uphill": (
        _slip(lambda v, g, lr, mu: mu * v + lr * g, lambda w, v, nv, g, lr, mu: w + nv),
        "the step goes uphill: the gradient points up the slope, so subtract it,"
        " velocity = momentum * velocity - learning_rate * grad",
    ),
    "opposite velocity": (
        _slip(lambda v, g, lr, mu: mu * v + lr * g, lambda w, v, nv, g, lr, mu: w - nv),
        "your velocity has the opposite sign of Keras' (you add lr * grad to it and subtract"
        " it from w): here the velocity is the step itself, velocity = momentum * velocity"
        " - learning_rate * grad, and new_w = w + velocity",
    ),
    "velocity without learning rate": (
        _slip(lambda v, g, lr, mu: mu * v + g, lambda w, v, nv, g, lr, mu: w - lr * nv),
        "that is PyTorch's form, whose velocity leaves out the learning rate (v = mu v + g,"
        " w -= lr v); Keras' velocity is the step itself: velocity = momentum * velocity"
        " - learning_rate * grad, new_w = w + velocity",
    ),
    "forgotten velocity": (
        _slip(lambda v, g, lr, mu: -lr * g, lambda w, v, nv, g, lr, mu: w + nv),
        "the old velocity is lost: the new one is momentum * velocity - learning_rate * grad,"
        " not just -learning_rate * grad",
    ),
    "momentum ignored": (
        _slip(lambda v, g, lr, mu: v - lr * g, lambda w, v, nv, g, lr, mu: w + nv),
        "the old velocity must shrink by the factor momentum: momentum * velocity"
        " - learning_rate * grad",
    ),
    "damped": (
        _slip(lambda v, g, lr, mu: mu * v - (1 - mu) * lr * g, lambda w, v, nv, g, lr, mu: w + nv),
        "no (1 - momentum) in front of the gradient: that makes a moving average (Adam's"
        " first moment); momentum adds the full -learning_rate * grad",
    ),
    "learning rate twice": (
        _slip(_keras_velocity, lambda w, v, nv, g, lr, mu: w + lr * nv),
        "the learning rate is applied twice: it is already inside the velocity, so move by"
        " the velocity itself, new_w = w + velocity",
    ),
    "old velocity": (
        _slip(_keras_velocity, lambda w, v, nv, g, lr, mu: w + v),
        "w moved by the old velocity: update the velocity first, then add the new one",
    ),
}

#: Slips of the Nesterov step only (called with nesterov=True).
_NESTEROV_SLIPS: dict[str, tuple[Callable[..., _Step], str]] = {
    "nesterov as plain": (
        _slip(_keras_velocity, lambda w, v, nv, g, lr, mu: w + nv),
        "with nesterov=True this is the plain momentum step; Nesterov's (in Keras' form)"
        " moves by momentum * new_velocity - learning_rate * grad",
    ),
    "nesterov without the gradient step": (
        _slip(_keras_velocity, lambda w, v, nv, g, lr, mu: w + mu * nv),
        "the Nesterov step has two parts, the look-ahead momentum * new_velocity and a plain"
        " gradient step: new_w = w + momentum * new_velocity - learning_rate * grad",
    ),
}


def _as_step(value: Any, shape: tuple[int, ...]) -> _Step | None:
    """``(new_w, new_velocity)`` if ``value`` is a pair of arrays shaped like w."""
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        return None
    try:
        pair = tuple(np.asarray(part, dtype=np.float64) for part in value)
    except (TypeError, ValueError):
        return None
    if any(part.shape != shape for part in pair):
        return None
    return pair[0], pair[1]


def check_momentum_step(fn: Callable[..., Any]) -> Report:
    """Check ``fn(w, velocity, grad, learning_rate, momentum, nesterov=False)`` →
    ``(new_w, new_velocity)``: one step of SGD with momentum, in Keras' form.

    .. math::

        v \\leftarrow \\mu v - \\eta g, \\qquad
        w \\leftarrow w + v \\quad\\text{or, with Nesterov,}\\quad
        w \\leftarrow w + \\mu v - \\eta g

    (``keras.optimizers.SGD(learning_rate=η, momentum=μ, nesterov=...)``). The function
    returns new arrays and changes none of its arguments.

    Examples
    --------
    >>> def momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):
    ...     velocity = momentum * velocity - learning_rate * grad
    ...     if nesterov:
    ...         return w + momentum * velocity - learning_rate * grad, velocity
    ...     return w + velocity, velocity
    >>> report = check_momentum_step(momentum_step)
    >>> bool(report), report.total
    (True, 10)
    """
    _check_callable(fn, "check_momentum_step")
    report = Report(
        f"Checking {getattr(fn, '__name__', 'your function')} against SGD with momentum"
    )
    # eta, mu, 1 - mu, eta * mu and 1 differ from each other, so each slip gives another step
    lr, mu = 0.05, 0.8
    w0 = np.array([0.5, -1.0, 2.0])
    v0 = np.array([0.3, -0.2, 0.05])
    g0 = np.array([1.0, -2.0, 0.5])

    def given(w: np.ndarray, v: np.ndarray, g: np.ndarray, lr: float, mu: float, nest: bool) -> str:
        return (
            f"w = {w.tolist()}, velocity = {v.tolist()}, grad = {g.tolist()}, "
            f"learning_rate = {lr}, momentum = {mu}" + (", nesterov=True" if nest else "")
        )

    def call(
        w: np.ndarray, v: np.ndarray, g: np.ndarray, lr: float, mu: float, nest: bool
    ) -> tuple[Any, BaseException | None]:
        """``fn`` on these very arrays; Nesterov by keyword, the plain step by default."""
        return _call(fn, w, v, g, lr, mu, **({"nesterov": True} if nest else {}))

    def diagnose(
        args: tuple[np.ndarray, np.ndarray, np.ndarray, float, float],
        nest: bool,
        got: _Step,
        part: int,
    ) -> str | None:
        """The hint of the first slip that reproduces what ``fn`` returned: both arrays,
        else the part under test (0: new_w, 1: new_velocity)."""
        slips = {**(_NESTEROV_SLIPS if nest else {}), **_MOMENTUM_SLIPS}
        for whole in (True, False):
            for wrong, hint in slips.values():
                expected = wrong(*args)
                parts = (0, 1) if whole else (part,)
                if all(_close(got[k], expected[k], 1e-12, 1e-12) for k in parts):
                    return hint
        return None

    # First the shape of the answer. Without it every later check would fail with a hint
    # about the update rule, which would point the wrong way.
    probe, error = call(w0.copy(), v0.copy(), g0.copy(), lr, mu, False)
    step = _as_step(probe, w0.shape) if error is None else None
    reference = _momentum_reference(w0, v0, g0, lr, mu, False)
    if error is not None:
        structure_hint = "your function raised an error on a simple call"
    elif isinstance(probe, (tuple, list)) and len(probe) == 2:
        structure_hint = f"return two arrays shaped like w, {w0.shape}: return new_w, new_velocity"
    else:
        structure_hint = (
            "return both new arrays, weights first: return new_w, new_velocity"
            " (the velocity is the state the next step needs)"
        )
    swapped = _as_step(probe[::-1], w0.shape) if isinstance(probe, (tuple, list)) else None
    if (
        step is not None
        and swapped is not None
        and all(_close(swapped[k], reference[k], 1e-12, 1e-12) for k in (0, 1))
    ):
        step, structure_hint = None, "the pair is in the wrong order: return new_w, new_velocity"
    report._check(
        "returns a pair (new_w, new_velocity) shaped like w",
        step is not None,
        given(w0, v0, g0, lr, mu, False),
        f"a pair of arrays of shape {w0.shape}",
        _show(error if error is not None else probe),
        structure_hint,
    )

    cases = [
        # (title, (w, v, g, lr, mu), nesterov, part compared, hint if no slip matches)
        (
            "from rest: the first velocity is -learning_rate * grad",
            (w0, np.zeros(3), g0, lr, mu),
            False,
            1,
            "with velocity 0 the new velocity is -learning_rate * grad",
        ),
        (
            "the velocity carries over: momentum * velocity - learning_rate * grad",
            (w0, v0, g0, lr, mu),
            False,
            1,
            "velocity = momentum * velocity - learning_rate * grad",
        ),
        (
            "w moves by the new velocity: new_w = w + velocity",
            (w0, v0, g0, lr, mu),
            False,
            0,
            "new_w = w + new_velocity",
        ),
        (
            "momentum 0 is plain gradient descent: w - learning_rate * grad",
            (w0, v0, g0, lr, 0.0),
            False,
            0,
            "with momentum = 0 the old velocity is forgotten: new_w = w - learning_rate * grad",
        ),
        (
            "Nesterov: new_w = w + momentum * new_velocity - learning_rate * grad",
            (w0, v0, g0, lr, mu),
            True,
            0,
            "new_w = w + momentum * new_velocity - learning_rate * grad when nesterov=True",
        ),
        (
            "Nesterov: the velocity is updated as without it",
            (w0, v0, g0, lr, mu),
            True,
            1,
            "Keras' Nesterov step keeps the velocity rule, momentum * velocity"
            " - learning_rate * grad, and changes only how w moves",
        ),
        (
            "works on a matrix of weights (keeps its shape)",
            (w0.reshape(3, 1) * v0, v0.reshape(3, 1) * g0, g0.reshape(3, 1) * w0, lr, mu),
            False,
            None,
            "use elementwise NumPy operations on whole arrays (no loops over one axis, no np.dot)",
        ),
    ]
    for title, args, nest, part, fallback in cases:
        w, v, g, eta, m = args
        expected = _momentum_reference(w, v, g, eta, m, nest)
        actual, error = call(w.copy(), v.copy(), g.copy(), eta, m, nest)
        got = _as_step(actual, w.shape) if error is None else None
        parts = (0, 1) if part is None else (part,)
        ok = got is not None and all(_close(got[k], expected[k], 1e-12, 1e-12) for k in parts)
        if error is not None:
            hint = (
                "add the parameter nesterov=False to your function's signature"
                if nest and isinstance(error, TypeError) and not _accepts(fn, "nesterov")
                else "your function raised an error"
            )
        elif got is None or not report.results[0][1]:
            ok, hint = False, "fix the returned pair first (see the first check)"
        else:
            hint = (diagnose(args, nest, got, part or 0) or fallback) if not ok else ""
        shown = expected if part is None else expected[part]
        report._check(
            title,
            ok,
            given(w, v, g, eta, m, nest),
            ("(new_w, new_velocity) = " if part is None else ("new_w = ", "new_velocity = ")[part])
            + _show(shown),
            _show(error)
            if error is not None
            else _show(actual if got is None or part is None else got[part]),
            hint,
        )

    # Nothing the caller passed may change: the gradient belongs to the caller (an
    # optimizer may apply it to other variables or log it), and so do w and velocity.
    changed: dict[str, str] = {}
    for nest in (False, True):
        w, v, g = w0.copy(), v0.copy(), g0.copy()
        call(w, v, g, lr, mu, nest)
        for name, before, after in (("w", w0, w), ("velocity", v0, v), ("grad", g0, g)):
            if not np.array_equal(before, after) and name not in changed:
                changed[name] = f"{name} was changed in place to {_show(after)}"
    report._check(
        "leaves grad unchanged",
        "grad" not in changed,
        given(w0, v0, g0, lr, mu, False),
        f"grad still {_show(g0)} after the call",
        changed.get("grad", ""),
        "compute learning_rate * grad as a new array; grad *= learning_rate changes the"
        " caller's gradient",
    )
    report._check(
        "leaves the caller's w and velocity unchanged",
        "w" not in changed and "velocity" not in changed,
        given(w0, v0, g0, lr, mu, False),
        "the same w and velocity after the call",
        changed.get("w", changed.get("velocity", "")),
        "return new arrays: w += ... or velocity *= ... changes the caller's arrays"
        " (write new_w = w + ..., velocity = momentum * velocity - ...)",
    )
    return report


# ------------------------------------------------------------------------------- Adam step
#
# A learner writes ``adam_step(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon)``
# -> ``(new_w, new_m, new_v)``, one step of Algorithm 1 of Kingma & Ba (2015). The checks
# run in an order chosen so that each usual slip fails first the check that names it:
# the moments before the step, the sign on a step where nothing else matters, t on a case
# where the two bias corrections cancel (so only t can go wrong there), the bias
# correction with epsilon too small to matter, epsilon where it dominates.

_ADAM_DEFAULTS: dict[str, Any] = {
    "learning_rate": 0.01,
    "beta_1": 0.9,
    "beta_2": 0.999,
    "epsilon": 1e-8,
}


def _adam_step(
    w: np.ndarray,
    m: np.ndarray,
    v: np.ndarray,
    grad: np.ndarray,
    t: int,
    learning_rate: float,
    beta_1: float,
    beta_2: float,
    epsilon: float,
    slip: str | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kingma & Ba's Algorithm 1 (``slip=None``), or one of the usual slips, for hints."""
    m_new = beta_1 * m + (1 - beta_1) * grad
    v_new = beta_2 * v + (1 - beta_2) * grad**2
    # the moments the step is computed from, and the step number in the corrections
    m_s, v_s = (m, v) if slip == "old moments" else (m_new, v_new)
    t_c = t + 1 if slip == "t from 0" else t
    c1, c2 = 1 - beta_1**t_c, 1 - beta_2**t_c
    if slip == "no bias correction":
        c1 = c2 = 1.0
    lr = 1.0 if slip == "no learning rate" else learning_rate
    if slip == "epsilon inside":
        step = lr * (m_s / c1) / np.sqrt(v_s / c2 + epsilon)
    elif slip == "Keras' epsilon":
        step = lr * np.sqrt(c2) / c1 * m_s / (np.sqrt(v_s) + epsilon)
    else:
        step = lr * (m_s / c1) / (np.sqrt(v_s / c2) + epsilon)
    new_w = w + step if slip == "sign" else w - step
    return new_w, m_new, v_new


_ADAM_SLIP_HINTS = {
    "sign": (
        "your step goes uphill: subtract it, new_w = w - learning_rate * m_hat /"
        " (sqrt(v_hat) + epsilon)"
    ),
    "old moments": (
        "the step must use the new m and v (update the moments first, then correct them and step)"
    ),
    "t from 0": (
        "you corrected with beta**(t + 1): t is already the step number, 1 at the first"
        " step (Algorithm 1 counts t up before the update), so use beta_1**t and beta_2**t"
    ),
    "no bias correction": (
        "the moments start at 0 and are biased towards it: divide m by (1 - beta_1**t) and"
        " v by (1 - beta_2**t) before the step (without it the first step is"
        " (1 - beta_1) / sqrt(1 - beta_2), about 3.2 times too long here)"
    ),
    "epsilon inside": (
        "epsilon goes outside the square root: sqrt(v_hat) + epsilon, not"
        " sqrt(v_hat + epsilon) (Keras' Adagrad and RMSprop put it inside; Adam's"
        " Algorithm 1 does not)"
    ),
    "Keras' epsilon": (
        "this is Keras' ordering: epsilon added to the uncorrected sqrt(v), with the"
        " corrections folded into the step size, which acts like the paper's epsilon /"
        " sqrt(1 - beta_2**t). Algorithm 1 adds epsilon to sqrt(v_hat), v_hat ="
        " v / (1 - beta_2**t)"
    ),
    "no learning rate": "multiply the step by the learning rate",
}


def _adam_slip_hint(actual: Any, case: dict[str, Any]) -> str | None:
    """The hint for the usual slip that reproduces ``actual`` (the new w), if one does."""
    try:
        a = np.asarray(actual, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    for slip, hint in _ADAM_SLIP_HINTS.items():
        with np.errstate(all="ignore"):
            expected = _adam_step(**_copies(case), slip=slip)[0]
        if a.shape == expected.shape and np.allclose(a, expected, rtol=1e-9, atol=1e-15):
            return hint
    return None


def _copies(case: dict[str, Any]) -> dict[str, Any]:
    return {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in case.items()}


def _line(value: Any) -> str:
    """A value on one line: arrays as (nested) lists of 6-digit numbers."""
    if isinstance(value, BaseException):
        return _show(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(_line(v) for v in value) + ")"
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return repr(value)
    if arr.ndim == 0:
        return repr(value)
    return repr(np.vectorize(lambda x: float(f"{x:.6g}"))(arr).tolist())


def _adam_input(case: dict[str, Any]) -> str:
    return ", ".join(f"{k} = {_line(v)}" for k, v in case.items())


def _as_triple(value: Any, shape: tuple[int, ...]) -> tuple[np.ndarray, ...] | None:
    """``(new_w, new_m, new_v)`` as float arrays if ``value`` is three arrays shaped like w."""
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        return None
    try:
        parts = tuple(np.asarray(p, dtype=np.float64) for p in value)
    except (TypeError, ValueError):
        return None
    return parts if all(p.shape == shape for p in parts) else None


def _misordered(triple: tuple[np.ndarray, ...], expected: tuple[np.ndarray, ...]) -> bool:
    """The new weights in second or third place, and not in first: the order is wrong."""
    return not _close(triple[0], expected[0], 1e-9, 1e-15) and any(
        _close(triple[i], expected[0], 1e-9, 1e-15) for i in (1, 2)
    )


def _adam_cases() -> dict[str, dict[str, Any]]:
    """The inputs of the checks (fresh arrays on every call)."""
    g1 = np.array([0.5, -2.0, 3.0])  # the gradient of an earlier step, same signs as g2
    g2 = np.array([0.25, -1.5, 4.0])
    rng = np.random.default_rng(7)
    return {
        # t = 2, after one step with g1: a state a real run reaches
        "second step": dict(
            w=np.array([1.0, -0.5, 2.0]),
            m=0.1 * g1,
            v=0.001 * g1**2,
            grad=g2,
            t=2,
            **_ADAM_DEFAULTS,
        ),
        # t = 3, unrelated m and v, a 2-D variable
        "moments": dict(
            w=rng.normal(size=(2, 3)),
            m=rng.normal(size=(2, 3)),
            v=rng.uniform(0.5, 2.0, size=(2, 3)),
            grad=rng.normal(size=(2, 3)),
            t=3,
            **_ADAM_DEFAULTS,
        ),
        # t = 1 with 1 - beta_2 = (1 - beta_1)**2: the two corrections cancel, so a step
        # without them is right here, while a wrong t is not
        "t": dict(
            w=np.array([0.0, 1.0, -1.0]),
            m=np.zeros(3),
            v=np.zeros(3),
            grad=np.array([1.0, -2.0, 5.0]),
            t=1,
            learning_rate=0.01,
            beta_1=0.5,
            beta_2=0.75,
            epsilon=1e-8,
        ),
        # the first step with the usual betas; |grad| >= 1, so epsilon (inside or outside
        # the root, corrected or not) changes the step by less than 4e-7 of itself
        "first step": dict(
            w=np.array([0.0, 1.0, -1.0, 2.0]),
            m=np.zeros(4),
            v=np.zeros(4),
            grad=np.array([1.5, -3.0, 40.0, -1.0]),
            t=1,
            **_ADAM_DEFAULTS,
        ),
        # gradients of the size of epsilon: where it goes decides the step
        "epsilon": dict(
            w=np.array([1.0, -0.5, 2.0]),
            m=0.1 * 1e-4 * g1,
            v=0.001 * (1e-4 * g1) ** 2,
            grad=1e-4 * g2,
            t=2,
            learning_rate=0.01,
            beta_1=0.9,
            beta_2=0.999,
            epsilon=1e-4,
        ),
    }


def check_adam_step(fn: Callable[..., Any]) -> Report:
    r"""Check ``fn(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon)`` →
    ``(new_w, new_m, new_v)``: one step of Adam as in Algorithm 1 of Kingma & Ba (2015).

    At step :math:`t = 1, 2, \dots` (1 for the first step), with :math:`g` = ``grad``:

    .. math::

        m \leftarrow \beta_1 m + (1 - \beta_1) g, \qquad
        v \leftarrow \beta_2 v + (1 - \beta_2) g^2, \qquad
        \hat m = \frac{m}{1 - \beta_1^t}, \qquad \hat v = \frac{v}{1 - \beta_2^t},

        w \leftarrow w - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon}.

    ``fn`` returns new arrays and leaves its arguments unchanged.

    Notes
    -----
    ``keras.optimizers.Adam`` (and :class:`course_code.optim.Adam`) add ``epsilon`` to
    the *uncorrected* :math:`\sqrt v` and fold the corrections into the step size; that
    is the paper's update with :math:`\epsilon` replaced by
    :math:`\epsilon / \sqrt{1 - \beta_2^t}`. This checker follows Algorithm 1, and says
    so when it meets Keras' form.

    Examples
    --------
    >>> import numpy as np
    >>> def adam_step(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    ...     m = beta_1 * m + (1 - beta_1) * grad
    ...     v = beta_2 * v + (1 - beta_2) * grad**2
    ...     m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    ...     return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v
    >>> report = check_adam_step(adam_step)
    >>> bool(report), report.total
    (True, 9)
    """
    _check_callable(fn, "check_adam_step")
    report = Report(
        f"Checking {getattr(fn, '__name__', 'your function')} against Adam's step"
        " (Kingma & Ba, Algorithm 1)"
    )
    cases = _adam_cases()

    def run(name: str) -> tuple[dict[str, Any], Any, tuple[np.ndarray, ...] | None, Any]:
        """The case, what fn returned (or raised), the triple if it is one, the expected."""
        case = cases[name]
        expected = _adam_step(**_copies(case))
        actual, error = _call(fn, *_copies(case).values())  # by position: any names
        triple = _as_triple(actual, case["w"].shape) if error is None else None
        if triple is not None and _misordered(triple, expected):
            triple = None  # the first check says so; later ones would blame the maths
        return case, (error if error is not None else actual), triple, expected

    def compare_w(
        title: str, name: str, rtol: float, default_hint: str
    ) -> tuple[np.ndarray, ...] | None:
        case, actual, triple, expected = run(name)
        ok = triple is not None and _close(triple[0], expected[0], rtol, 1e-15)
        hint = default_hint
        if isinstance(actual, BaseException):
            if case["t"] == 1 and isinstance(actual, (ZeroDivisionError, FloatingPointError)):
                hint = (
                    "1 - beta**t is 0 only for t = 0: t is 1 at the first step; use"
                    " beta_1**t and beta_2**t with t as given"
                )
        elif triple is None:
            hint = "fix the returned triple first (see the first check)"
        elif not ok:
            hint = _adam_slip_hint(triple[0], case) or default_hint
        report._check(
            title,
            ok,
            _adam_input(case),
            f"new_w = {_line(expected[0])}",
            _line(actual) if triple is None else f"new_w = {_line(triple[0])}",
            hint,
        )
        return triple

    # 1. the shape of the answer, before anything that depends on it
    case, actual, triple, expected = run("second step")
    as_returned = _as_triple(actual, case["w"].shape)
    misordered = as_returned is not None and _misordered(as_returned, expected)
    if isinstance(actual, BaseException):
        hint = "your function raised an error on a simple call"
    elif misordered:
        hint = "the triple is in the wrong order: return new_w, new_m, new_v"
    elif isinstance(actual, (tuple, list)) and len(actual) == 3:
        shapes = [np.shape(p) for p in actual]
        hint = f"each of the three must have w's shape {case['w'].shape}; got shapes {shapes}"
    else:
        hint = "return the three new arrays as a tuple, weights first: return new_w, new_m, new_v"
    report._check(
        "returns a triple (new_w, new_m, new_v), each shaped like w",
        triple is not None,
        _adam_input(case),
        f"a tuple of three arrays of shape {case['w'].shape}",
        _line(actual),
        hint,
    )

    # 2. the moving averages
    case, actual, triple, expected = run("moments")
    ok = triple is not None and all(_close(triple[i], expected[i], 1e-12, 1e-15) for i in (1, 2))
    hint = (
        "m = beta_1 * m + (1 - beta_1) * grad and v = beta_2 * v + (1 - beta_2) * grad**2:"
        " return these raw averages (not m_hat, v_hat), with grad squared elementwise in v"
    )
    if triple is None:
        hint = "fix the returned triple first (see the first check)"
    report._check(
        "m and v are moving averages of grad and grad**2",
        ok,
        _adam_input(case),
        f"new_m = {_line(expected[1])}, new_v = {_line(expected[2])}",
        _line(actual)
        if triple is None
        else f"new_m = {_line(triple[1])}, new_v = {_line(triple[2])}",
        hint,
    )

    # 3. the direction: only the sign of each element's move is checked here
    case, actual, triple, expected = run("second step")
    moved = None if triple is None else triple[0] - case["w"]
    ok = moved is not None and bool(np.all(moved * case["grad"] < 0))
    hint = _ADAM_SLIP_HINTS["sign"]
    if triple is None:
        hint = "fix the returned triple first (see the first check)"
    elif moved is not None and not np.any(moved):
        hint = "w did not move: " + _ADAM_SLIP_HINTS["old moments"]
    report._check(
        "w moves against the gradient",
        ok,
        _adam_input(case),
        f"new_w - w = {_line(expected[0] - case['w'])} (signs opposite to grad)",
        _line(actual) if moved is None else f"new_w - w = {_line(moved)}",
        hint,
    )

    compare_w(
        "t is the step number, 1 at the first step",
        "t",
        1e-6,
        "the bias corrections use t as given: m_hat = m / (1 - beta_1**t), v_hat ="
        " v / (1 - beta_2**t), with t = 1 at the first step",
    )
    compare_w(
        "bias correction: the first step moves each weight by the learning rate",
        "first step",
        1e-6,
        _ADAM_SLIP_HINTS["no bias correction"],
    )
    compare_w(
        "epsilon is added to sqrt(v_hat), outside the root",
        "epsilon",
        1e-9,
        _ADAM_SLIP_HINTS["epsilon inside"],
    )

    # 7. twenty steps, each from the previous call's m and v
    rng = np.random.default_rng(11)
    w, m, v = np.array([0.5, -1.0, 2.0]), np.zeros(3), np.zeros(3)
    ref = (w.copy(), m.copy(), v.copy())
    ok, first_bad = True, ""
    for t in range(1, 21):
        g = rng.normal(size=3) * 2.0 ** rng.uniform(-3, 3)
        ref = _adam_step(*ref, g, t, **_ADAM_DEFAULTS)
        actual, error = _call(fn, w, m, v, g.copy(), t, *_ADAM_DEFAULTS.values())
        triple = _as_triple(actual, w.shape) if error is None else None
        if triple is None or not all(_close(triple[i], ref[i], 1e-9, 1e-15) for i in range(3)):
            ok = False
            first_bad = f"at t = {t}: " + (
                _line(error) if error is not None else f"new_w = {_line(actual)}"
            )
            break
        w, m, v = triple
    report._check(
        "20 steps in a row, each from the m and v the previous step returned",
        ok,
        "w = [0.5, -1.0, 2.0], m = v = 0, 20 random gradients, "
        + ", ".join(f"{k} = {val!r}" for k, val in _ADAM_DEFAULTS.items()),
        f"at t = 20: new_w = {_line(ref[0])}" if ok else "the steps of Algorithm 1",
        first_bad,
        "compare your steps one by one with the formulas (print m, v, m_hat, v_hat)",
    )

    # 8-9. the arguments: new arrays are returned, the caller's are left alone
    case = cases["moments"]
    given = _copies(case)
    _call(fn, *given.values())
    report._check(
        "leaves grad unchanged",
        np.array_equal(given["grad"], case["grad"]),
        _adam_input(case),
        f"grad = {_line(case['grad'])} after the call",
        f"grad = {_line(given['grad'])}",
        "do not reuse grad's memory (grad **= 2, grad *= ...): the caller still needs it;"
        " compute grad**2 into a new array",
    )
    changed = [k for k in ("w", "m", "v") if not np.array_equal(given[k], case[k])]
    report._check(
        "leaves the caller's w, m and v unchanged (returns new arrays)",
        not changed,
        _adam_input(case),
        "w, m and v as they were before the call",
        f"{', '.join(changed)} changed in place" if changed else "unchanged",
        "write m = beta_1 * m + ..., not m *= ... or m[:] = ...: return new arrays."
        " (course_code.optim updates in place, but it owns the arrays it changes)",
    )
    return report
