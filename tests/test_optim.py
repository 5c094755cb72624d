"""Tests for :mod:`course_code.optim` and :mod:`course_code.optim.schedules`.

* **Parity with Keras 3.** For every optimizer and every variant of it (momentum,
  Nesterov, centred, AMSGrad), each combined with the base options (weight decay, each
  clipping mode, each schedule), 100 steps of the same gradients move float64
  variables of three shapes (a matrix, a vector, a scalar) to the same place in
  course_code and in Keras, within 1e-12 of how far they moved, when every
  hyperparameter is exactly representable in float32. float32 variables with Keras'
  defaults agree within 1e-5 of their size.
* **Keras' float32 constants.** Keras on TensorFlow rounds some Python-float
  hyperparameters to float32 even for float64 variables. For each hyperparameter, the
  tests show whether it is rounded: rounding exactly the ones listed in
  :data:`ROUNDED_BY_KERAS` reproduces Keras to 1e-14 or better, and rounding one more, or one
  fewer, does not. With Keras' defaults Adam therefore differs by ~6e-6 of the
  displacement after 100 steps (bounded below).
* **Schedules** equal Keras' at every step, **bad input** raises the right error and
  changes nothing.

Keras runs go through one ``tf.function`` per optimizer (100 steps in a graph loop):
traced once, it takes a fraction of the time of 100 eager calls, and takes the same
steps as eager ``apply`` (TensorFlow's graph rewrites may change the last bit of a few
elements, far below every tolerance here).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from course_code import optim  # noqa: E402
from course_code.optim import schedules  # noqa: E402

STEPS = 100
SHAPES = [(3, 4), (5,), ()]


def f32(x: float) -> float:
    """``x`` rounded to the nearest float32, as a Python float."""
    return float(np.float32(x))


def _problem(seed: int = 20240601) -> tuple[list[np.ndarray], list[list[np.ndarray]]]:
    """Starting values and STEPS lists of gradients, one per variable (float64).

    Each step's gradients are scaled by a random factor in [1/4, 2.8], so that the
    clipping thresholds used below are active on some steps and not on others.
    """
    rng = np.random.default_rng(seed)
    x0 = [rng.standard_normal(s) for s in SHAPES]
    grads = []
    for _ in range(STEPS):
        scale = 2.0 ** rng.uniform(-2.0, 1.5)
        grads.append([scale * rng.standard_normal(s) for s in SHAPES])
    return x0, grads


X0, GRADS = _problem()


def moved_error(actual: list[np.ndarray], desired: list[np.ndarray]) -> float:
    """The largest difference between two final states, relative to how far the
    variables moved from X0 (the part the optimizer computes), over all variables."""
    return max(
        float(np.max(np.abs(a - d)) / np.max(np.abs(d - x0)))
        for a, d, x0 in zip(actual, desired, X0, strict=True)
    )


def value_error(actual: list[np.ndarray], desired: list[np.ndarray]) -> float:
    """The largest difference between two final states, relative to the variables'
    size: the measure for float32, whose rounding is relative to the values."""
    return max(
        float(np.max(np.abs(a - d)) / np.max(np.abs(d)))
        for a, d in zip(actual, desired, strict=True)
    )


# ----------------------------------------------------------------- running both sides


def run_course(opt: optim.Optimizer, dtype: type = np.float64) -> list[np.ndarray]:
    """STEPS steps of course_code's ``opt`` from X0; the final variables."""
    variables = [x.astype(dtype) for x in X0]
    for grads in GRADS:
        opt.apply([g.astype(dtype) for g in grads], variables)
    assert opt.iterations == STEPS
    assert all(v.dtype == dtype for v in variables)
    return variables


def run_keras(opt: Any, dtype: str = "float64") -> list[np.ndarray]:
    """STEPS steps of the Keras optimizer ``opt`` from X0; the final variables."""
    variables = [keras.Variable(x, dtype=dtype) for x in X0]
    opt.build(variables)  # slots are created eagerly, outside the graph
    stacked = [
        tf.constant(np.stack([grads[i] for grads in GRADS]), dtype=dtype)
        for i in range(len(SHAPES))
    ]

    @tf.function
    def run() -> None:
        for k in tf.range(STEPS):
            opt.apply([g[k] for g in stacked], variables)

    # one trace per optimizer is the point here: silence TF's advice against retracing
    logger = tf.get_logger()
    level = logger.level
    logger.setLevel("ERROR")
    try:
        run()
    finally:
        logger.setLevel(level)
    assert int(opt.iterations.numpy()) == STEPS
    return [v.numpy() for v in variables]


def make(module: Any, name: str, kwargs: dict[str, Any]) -> Any:
    """``module.<name>(**kwargs)``, building a schedule given as ``(name, kwargs)``.

    For Keras, schedule arguments that are floats become NumPy float64 numbers: a
    Keras schedule computes in the dtype of its first argument *as a tensor*, and a
    Python float becomes a float32 tensor (see ``test_keras_schedules_of_python_floats
    _compute_in_float32``).
    """
    kwargs = dict(kwargs)
    if isinstance(kwargs.get("learning_rate"), tuple):
        sname, skwargs = kwargs["learning_rate"]
        if module is keras.optimizers:
            skwargs = {k: _float64(v) for k, v in skwargs.items()}
            kwargs["learning_rate"] = getattr(keras.optimizers.schedules, sname)(**skwargs)
        else:
            kwargs["learning_rate"] = getattr(schedules, sname)(**skwargs)
    return getattr(module, name)(**kwargs)


def _float64(v: Any) -> Any:
    if isinstance(v, float):
        return np.float64(v)
    if isinstance(v, list):
        return [_float64(x) for x in v]
    return v


# ----------------------------------------------------------------- parity, float64

# Hyperparameters that float32 holds exactly, so that Keras' rounding is a no-op.
MU, RHO, BETA_1, BETA_2, EPS = 0.875, 0.875, 0.875, 0.9990234375, 2.0**-20
BASE = {
    "SGD": {"learning_rate": 2.0**-4},
    "Adagrad": {"learning_rate": 2.0**-3, "initial_accumulator_value": 0.125, "epsilon": EPS},
    "RMSprop": {"learning_rate": 2.0**-7, "rho": RHO, "epsilon": EPS},
    "Adam": {"learning_rate": 2.0**-6, "beta_1": BETA_1, "beta_2": BETA_2, "epsilon": EPS},
    "AdamW": {
        "learning_rate": 2.0**-6,
        "weight_decay": 0.5,
        "beta_1": BETA_1,
        "beta_2": BETA_2,
        "epsilon": EPS,
    },
}
VARIANTS = {
    "SGD": [{}, {"momentum": MU}, {"momentum": MU, "nesterov": True}],
    "Adagrad": [{}],
    "RMSprop": [{}, {"momentum": MU}, {"centered": True}, {"centered": True, "momentum": MU}],
    "Adam": [{}, {"amsgrad": True}],
    "AdamW": [{}, {"amsgrad": True}],
}


def extras(lr: float) -> dict[str, dict[str, Any]]:
    """The base options, combined so that each meets every optimizer variant: each
    clipping mode once, each schedule once, weight decay with two schedules."""
    return {
        "clipvalue-piecewise": {
            "clipvalue": 1.0,
            "learning_rate": (
                "PiecewiseConstantDecay",
                {"boundaries": [25, 60], "values": [lr, 0.3 * lr, 0.1 * lr]},
            ),
        },
        "decay-clipnorm-exp": {
            "weight_decay": 0.25,
            "clipnorm": 2.0,
            "learning_rate": (
                "ExponentialDecay",
                {
                    "initial_learning_rate": lr,
                    "decay_steps": 10,
                    "decay_rate": 0.8,
                    "staircase": True,
                },
            ),
        },
        "decay-globalclip-cosine": {
            "weight_decay": 0.25,
            "global_clipnorm": 3.0,
            "learning_rate": (
                "CosineDecay",
                {
                    "initial_learning_rate": 0.1 * lr,
                    "decay_steps": 80,
                    "alpha": 0.1,
                    "warmup_target": lr,
                    "warmup_steps": 10,
                },
            ),
        },
    }


def _cases() -> list[Any]:
    cases = []
    for name, variants in VARIANTS.items():
        for variant in variants:
            for extra_id, extra in extras(BASE[name]["learning_rate"]).items():
                kwargs = BASE[name] | variant | extra
                vid = "-".join(f"{k}" for k in variant) or "plain"
                cases.append(pytest.param(name, kwargs, id=f"{name}-{vid}-{extra_id}"))
    return cases


@pytest.mark.parametrize(("name", "kwargs"), _cases())
def test_same_steps_as_keras_float64(name: str, kwargs: dict[str, Any]) -> None:
    ours = run_course(make(optim, name, kwargs))
    theirs = run_keras(make(keras.optimizers, name, kwargs))
    assert moved_error(ours, theirs) <= 1e-12


@pytest.mark.parametrize(
    ("name", "variant"),
    [
        pytest.param(name, variant, id=f"{name}-{'-'.join(variant) or 'plain'}")
        for name, variants in VARIANTS.items()
        for variant in variants
    ],
)
def test_same_steps_as_keras_float32(name: str, variant: dict[str, Any]) -> None:
    """Keras' defaults and a float learning rate: the everyday use."""
    kwargs = variant | ({"momentum": 0.9} if "momentum" in variant else {})
    opt = getattr(optim, name)(**kwargs)
    ours = run_course(opt, np.float32)
    assert all(s.dtype == np.float32 for slots in opt.slots for s in slots.values())
    theirs = run_keras(getattr(keras.optimizers, name)(**kwargs), "float32")
    assert value_error(ours, theirs) <= 1e-5


# ----------------------------------------------------------------- Keras' float32 constants

#: The Python-float hyperparameters that Keras 3 on TensorFlow rounds to float32 for
#: float64 variables, and where (Keras 3.x source, keras/src/optimizers/):
ROUNDED_BY_KERAS = {
    # base_optimizer.py: a float learning rate is stored in a Variable of dtype floatx()
    "learning_rate": "a float32 variable",
    # sgd.py: ops.cast(self.momentum, dtype) is tf.cast(0.9, float64), which converts the
    # Python float to a float32 tensor first
    "SGD.momentum": "ops.cast",
    # adam.py: ops.power(ops.cast(self.beta_1, dtype), step) -- but the moment updates
    # use 1 - self.beta_1 as a weakly typed Python float, exact in float64
    "Adam.beta_1 in the bias correction": "ops.cast",
    "Adam.beta_2 in the bias correction": "ops.cast",
    # backend/tensorflow/optimizer.py: tf.cast(self.weight_decay, variable.dtype)
    "weight_decay": "tf.cast",
    # initializers.Constant: ops.cast(value, dtype)
    "Adagrad.initial_accumulator_value": "ops.cast",
    # schedules: ops.convert_to_tensor(0.1) is float32, and every later cast follows it
    "schedules built from Python floats (all their arithmetic)": "convert_to_tensor",
}


def test_why_keras_rounds() -> None:
    """The two mechanisms behind ROUNDED_BY_KERAS."""
    # tf.cast of a Python float goes through a float32 tensor ...
    assert tf.cast(0.9, tf.float64).numpy() == f32(0.9) != 0.9
    # ... while a tensor of the right dtype is exact
    assert tf.cast(np.float64(0.9), tf.float64).numpy() == 0.9
    # the learning rate lives in a float32 variable whatever the model's dtype
    assert keras.optimizers.SGD(learning_rate=0.01).learning_rate.dtype == "float32"


def _toggle_checks(
    run: Callable[[set[str]], list[np.ndarray]],
    theirs: list[np.ndarray],
    rounded: set[str],
    exact: set[str],
) -> None:
    """``run(s)`` runs course_code with the hyperparameters in ``s`` rounded to float32.

    Rounding exactly ``rounded`` reproduces Keras to ~1e-15; leaving one of them exact,
    or rounding one of ``exact`` as well, moves away by orders of magnitude more: so
    the first are rounded by Keras and the second are not.
    """
    assert moved_error(run(rounded), theirs) <= 1e-13
    for name in rounded:
        assert moved_error(run(rounded - {name}), theirs) > 1e-11, f"{name} is rounded"
    for name in exact:
        assert moved_error(run(rounded | {name}), theirs) > 1e-11, f"{name} is exact"


# Hyperparameters that float32 does not hold; each matters enough for its rounding
# (relative 1e-9 to 3e-8) to show in 100 steps.
ROUNDING_CASES = [
    pytest.param(
        "SGD",
        {"learning_rate": 0.01, "momentum": 0.9, "nesterov": True},
        {"learning_rate", "momentum"},
        id="SGD-nesterov",
    ),
    pytest.param(
        "SGD",
        {"learning_rate": 0.1, "weight_decay": 0.3, "clipnorm": 0.7},
        {"learning_rate", "weight_decay"},
        id="SGD-weight_decay-clipnorm",
    ),
    pytest.param(
        "SGD", {"learning_rate": 0.1, "clipvalue": 0.7}, {"learning_rate"}, id="SGD-clipvalue"
    ),
    pytest.param(
        "SGD",
        {"learning_rate": 0.1, "global_clipnorm": 0.7},
        {"learning_rate"},
        id="SGD-global_clipnorm",
    ),
    pytest.param(
        "RMSprop",
        {"learning_rate": 0.01, "rho": 0.9, "momentum": 0.9, "epsilon": 0.3, "centered": True},
        {"learning_rate"},
        id="RMSprop-centered-momentum",
    ),
    pytest.param(
        "Adagrad",
        {"learning_rate": 0.1, "initial_accumulator_value": 0.1, "epsilon": 0.3},
        {"learning_rate", "initial_accumulator_value"},
        id="Adagrad",
    ),
]


@pytest.mark.parametrize(("name", "kwargs", "rounded"), ROUNDING_CASES)
def test_which_constants_keras_rounds(name: str, kwargs: dict[str, Any], rounded: set[str]) -> None:
    theirs = run_keras(getattr(keras.optimizers, name)(**kwargs))

    def run(to_round: set[str]) -> list[np.ndarray]:
        args = {k: f32(v) if k in to_round else v for k, v in kwargs.items()}
        return run_course(getattr(optim, name)(**args))

    exact = {k for k, v in kwargs.items() if isinstance(v, float)} - rounded
    _toggle_checks(run, theirs, rounded, exact)


def keras_style_adam(
    lr: float, beta_1: float, beta_2: float, epsilon: float, power_1: float, power_2: float
) -> list[np.ndarray]:
    """Adam as Keras computes it, with separate bases ``power_1``, ``power_2`` for the
    bias corrections: the one place where Keras rounds the betas."""
    xs = [x.copy() for x in X0]
    ms = [np.zeros_like(x) for x in X0]
    vs = [np.zeros_like(x) for x in X0]
    for t, grads in enumerate(GRADS, start=1):
        alpha = lr * math.sqrt(1 - power_2**t) / (1 - power_1**t)
        for x, m, v, g in zip(xs, ms, vs, grads, strict=True):
            m += (g - m) * (1 - beta_1)
            v += (g * g - v) * (1 - beta_2)
            x -= m * alpha / (np.sqrt(v) + epsilon)
    return xs


def test_which_adam_constants_keras_rounds() -> None:
    kwargs = {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 0.3}
    theirs = run_keras(keras.optimizers.Adam(**kwargs))
    # the reference is course_code's Adam when nothing is rounded
    exact_ref = keras_style_adam(0.001, 0.9, 0.999, 0.3, 0.9, 0.999)
    assert moved_error(exact_ref, run_course(optim.Adam(**kwargs))) <= 1e-14

    def run(to_round: set[str]) -> list[np.ndarray]:
        def r(name: str, value: float) -> float:
            return f32(value) if name in to_round else value

        return keras_style_adam(
            r("learning_rate", 0.001),
            r("beta_1", 0.9),
            r("beta_2", 0.999),
            r("epsilon", 0.3),
            r("beta_1 in the bias correction", 0.9),
            r("beta_2 in the bias correction", 0.999),
        )

    rounded = {"learning_rate", "beta_1 in the bias correction", "beta_2 in the bias correction"}
    _toggle_checks(run, theirs, rounded, {"beta_1", "beta_2", "epsilon"})


def test_keras_default_adam_differs_by_its_float32_constants() -> None:
    """With Keras' own defaults (0.001, 0.9, 0.999, 1e-7) the float32 bias corrections
    and learning rate show: after 100 steps the two differ by 6.4e-6 of how far the
    variables moved (2.2e-7 of their values, 6.8e-7 element-wise; Keras 3.15, TF 2.21),
    far above float64 rounding, far below anything that matters for training."""
    ours = run_course(optim.Adam())
    theirs = run_keras(keras.optimizers.Adam())
    assert 1e-7 < moved_error(ours, theirs) < 3e-5
    rounded = keras_style_adam(f32(0.001), 0.9, 0.999, 1e-7, f32(0.9), f32(0.999))
    assert moved_error(rounded, theirs) <= 1e-13


def test_keras_schedules_of_python_floats_compute_in_float32() -> None:
    ks = keras.optimizers.schedules
    # a Python float makes the whole schedule float32 ...
    assert ks.ExponentialDecay(0.1, 10, 0.96)(5).dtype == "float32"
    assert ks.PiecewiseConstantDecay([10], [0.1, 0.01])(5).dtype == "float32"
    assert ks.CosineDecay(0.1, 10)(5).dtype == "float32"
    # ... and with a float64 start, the other Python floats that go through ops.cast
    # (decay_rate, warmup_target) are still rounded
    exp = ks.ExponentialDecay(np.float64(0.1), 10, 0.96)(5).numpy()
    assert exp == schedules.ExponentialDecay(0.1, 10, f32(0.96))(5)
    assert exp != schedules.ExponentialDecay(0.1, 10, 0.96)(5)
    cos = ks.CosineDecay(np.float64(0.0), 10, warmup_target=0.1, warmup_steps=5)(7).numpy()
    assert cos == schedules.CosineDecay(0.0, 10, warmup_target=f32(0.1), warmup_steps=5)(7)
    assert cos != schedules.CosineDecay(0.0, 10, warmup_target=0.1, warmup_steps=5)(7)


# ----------------------------------------------------------------- schedules

SCHEDULES = [
    ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 7, "decay_rate": 0.96}),
    (
        "ExponentialDecay",
        {"initial_learning_rate": 0.1, "decay_steps": 7, "decay_rate": 0.5, "staircase": True},
    ),
    ("PiecewiseConstantDecay", {"boundaries": [20], "values": [0.1, 0.01]}),
    ("PiecewiseConstantDecay", {"boundaries": [10, 25, 40], "values": [0.3, 0.1, 0.03, 0.01]}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 40}),
    ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 40, "alpha": 0.3}),
    (
        "CosineDecay",
        {
            "initial_learning_rate": 0.01,
            "decay_steps": 30,
            "alpha": 0.1,
            "warmup_target": 0.3,
            "warmup_steps": 15,
        },
    ),
    (
        "CosineDecay",
        {"initial_learning_rate": 0.01, "decay_steps": 30, "warmup_target": 0.3},
    ),
]


@pytest.mark.parametrize(
    ("name", "kwargs"), [pytest.param(n, k, id=f"{n}-{i}") for i, (n, k) in enumerate(SCHEDULES)]
)
def test_schedules_equal_keras_at_every_step(name: str, kwargs: dict[str, Any]) -> None:
    ours = getattr(schedules, name)(**kwargs)
    theirs = getattr(keras.optimizers.schedules, name)(
        **{k: _float64(v) for k, v in kwargs.items()}
    )
    steps = range(60)  # past every last boundary, decay and warm-up step above
    got = np.array([ours(t) for t in steps])
    expected = np.array([float(theirs(tf.constant(t, tf.int64))) for t in steps])
    np.testing.assert_allclose(got, expected, rtol=1e-15, atol=1e-18)


def test_schedule_values() -> None:
    """A few values worked out by hand, boundaries included."""
    exp = schedules.ExponentialDecay(1.0, decay_steps=10, decay_rate=0.5, staircase=True)
    assert [exp(t) for t in (0, 9, 10, 19, 20)] == [1.0, 1.0, 0.5, 0.5, 0.25]
    assert schedules.ExponentialDecay(1.0, 10, 0.25)(5) == 0.5
    piece = schedules.PiecewiseConstantDecay([10, 20], [3.0, 2.0, 1.0])
    assert [piece(t) for t in (0, 10, 10.5, 20, 21, 1e9)] == [3.0, 3.0, 2.0, 2.0, 1.0, 1.0]
    cos = schedules.CosineDecay(1.0, decay_steps=10, alpha=0.5)
    assert [cos(t) for t in (0, 5, 10, 50)] == [1.0, 0.75, 0.5, 0.5]
    warm = schedules.CosineDecay(0.0, decay_steps=10, warmup_target=1.0, warmup_steps=4)
    assert [warm(t) for t in (0, 1, 4, 9, 14, 99)] == [0.0, 0.25, 1.0, 0.5, 0.0, 0.0]


def test_optimizer_evaluates_the_schedule_at_iterations() -> None:
    """Step 0 uses schedule(0); the learning_rate property is the next step's rate."""
    opt = optim.SGD(learning_rate=schedules.PiecewiseConstantDecay([0, 1], [1.0, 0.5, 0.25]))
    w = np.zeros(1)
    rates = []
    for _ in range(3):
        rates.append(opt.learning_rate)
        opt.apply([np.ones(1)], [w])
    assert rates == [1.0, 0.5, 0.25]
    assert w[0] == -1.75


# ----------------------------------------------------------------- behaviour

ALL = [
    optim.SGD(0.1, momentum=0.5, nesterov=True, weight_decay=0.1, clipnorm=1.0),
    optim.Adagrad(0.1, clipvalue=0.5),
    optim.RMSprop(0.1, momentum=0.5, centered=True, global_clipnorm=1.0),
    optim.Adam(0.1, amsgrad=True),
    optim.AdamW(0.1),
]


@pytest.mark.parametrize("opt", ALL, ids=lambda o: type(o).__name__)
def test_grads_are_never_modified(opt: optim.Optimizer) -> None:
    opt = type(opt)(**opt.get_config())  # a fresh copy: the list above is shared
    variables = [x.copy() for x in X0]
    grads = [g.copy() for g in GRADS[0]]
    as_given = [g.copy() for g in grads]
    for _ in range(3):
        opt.apply(grads, variables)
    for g, g0 in zip(grads, as_given, strict=True):
        np.testing.assert_array_equal(g, g0)


def test_a_gradient_that_is_the_variable_is_read_before_the_update() -> None:
    """``apply([w], [w])`` (the gradient of w**2/2) uses w as it was, even though weight
    decay changes w in place before the update."""
    a, b = np.array([1.0, -2.0]), np.array([1.0, -2.0])
    optim.SGD(0.1, weight_decay=0.5).apply([a], [a])
    optim.SGD(0.1, weight_decay=0.5).apply([b.copy()], [b])
    np.testing.assert_array_equal(a, b)


def test_slots_iterations_and_dtypes() -> None:
    opt = optim.RMSprop(momentum=0.5, centered=True)
    assert opt.slots == [] and opt.iterations == 0
    variables = [np.ones((2, 3), np.float32), np.ones(4)]
    opt.apply([np.ones((2, 3)), np.ones(4, np.float32)], variables)
    assert opt.iterations == 1
    assert [set(s) for s in opt.slots] == [{"velocity", "momentum", "average_gradient"}] * 2
    assert [s["velocity"].dtype for s in opt.slots] == [np.float32, np.float64]
    assert [v.dtype for v in variables] == [np.float32, np.float64]
    assert optim.SGD().slot_names() == ()  # Keras keeps no velocity without momentum
    assert optim.Adam(amsgrad=True).slot_names() == ("momentum", "velocity", "velocity_hat")
    a = optim.Adagrad(initial_accumulator_value=0.25)
    a.apply([np.zeros(2)], [np.zeros(2)])
    np.testing.assert_array_equal(a.slots[0]["accumulator"], [0.25, 0.25])


def test_weight_decay_is_decoupled_in_every_optimizer() -> None:
    """Adam(weight_decay=w) and AdamW(weight_decay=w) take the same steps. So do Keras'
    (its adamw.py only changes Adam's default and requires weight_decay), which the
    parity tests check against both."""
    a, b = [x.copy() for x in X0], [x.copy() for x in X0]
    adam, adamw = optim.Adam(0.01, weight_decay=0.3), optim.AdamW(0.01, weight_decay=0.3)
    for grads in GRADS[:10]:
        adam.apply(grads, a)
        adamw.apply(grads, b)
    for x, y in zip(a, b, strict=True):
        np.testing.assert_array_equal(x, y)


def test_get_optimizer() -> None:
    opt = optim.get_optimizer("Adam", learning_rate=0.01)
    assert isinstance(opt, optim.Adam) and opt.learning_rate == 0.01
    assert optim.get_optimizer(opt) is opt
    assert set(optim.OPTIMIZERS) == {"sgd", "adagrad", "rmsprop", "adam", "adamw"}
    for name, cls in optim.OPTIMIZERS.items():
        assert type(optim.get_optimizer(name)) is cls
        # the same defaults as Keras
        ours, theirs = cls().get_config(), getattr(keras.optimizers, cls.__name__)().get_config()
        for key, value in ours.items():
            if key == "learning_rate":
                value = f32(value)  # Keras reports the value of its float32 variable
            assert value == theirs[key], (name, key)
    with pytest.raises(ValueError, match="get_optimizer: unknown optimizer 'adamax'"):
        optim.get_optimizer("adamax")
    with pytest.raises(ValueError, match="keyword arguments"):
        optim.get_optimizer(opt, learning_rate=0.1)
    with pytest.raises(TypeError, match="get_optimizer: optimizer must be a name"):
        optim.get_optimizer(3)  # type: ignore[arg-type]


def test_repr_and_config_round_trip() -> None:
    opt = optim.AdamW(0.01, clipnorm=1.0)
    assert repr(opt) == (
        "AdamW(learning_rate=0.01, weight_decay=0.004, beta_1=0.9, beta_2=0.999, "
        "epsilon=1e-07, amsgrad=False, clipnorm=1.0)"
    )
    assert optim.AdamW(**opt.get_config()).get_config() == opt.get_config()
    sched = schedules.CosineDecay(0.1, 10)
    assert "CosineDecay(initial_learning_rate=0.1" in repr(optim.SGD(sched))
    opt.learning_rate = sched
    assert opt.learning_rate == 0.1


# ----------------------------------------------------------------- bad input


def _ids(cases: list[tuple[Any, type, str]]) -> list[str]:
    """Readable test ids: the expected message, without the regex escapes."""
    return [re.sub(r"\W+", "-", match).strip("-") for _, _, match in cases]


CONSTRUCTOR_ERRORS = [
    (lambda: optim.SGD(learning_rate=-0.1), ValueError, r"SGD: learning_rate must be >= 0"),
    (lambda: optim.Adam(learning_rate=math.nan), ValueError, r"Adam: learning_rate must be"),
    (lambda: optim.SGD(learning_rate=math.inf), ValueError, r"SGD: learning_rate must be fin"),
    (lambda: optim.SGD(learning_rate="0.1"), TypeError, r"SGD: learning_rate must be a num"),
    (lambda: optim.SGD(learning_rate=True), TypeError, r"SGD: learning_rate"),
    (lambda: optim.SGD(momentum=1.0), ValueError, r"SGD: momentum must be in \[0, 1\)"),
    (lambda: optim.SGD(momentum=-0.1), ValueError, r"SGD: momentum"),
    (lambda: optim.RMSprop(momentum=1.5), ValueError, r"RMSprop: momentum"),
    (lambda: optim.RMSprop(rho=1.0), ValueError, r"RMSprop: rho must be in \[0, 1\)"),
    (lambda: optim.Adam(beta_1=1.0), ValueError, r"Adam: beta_1 must be in \[0, 1\)"),
    (lambda: optim.AdamW(beta_2=-0.5), ValueError, r"AdamW: beta_2"),
    (lambda: optim.Adam(beta_2=math.nan), ValueError, r"Adam: beta_2"),
    (lambda: optim.Adam(beta_1="0.9"), TypeError, r"Adam: beta_1 must be a real number"),
    (lambda: optim.Adam(epsilon=0.0), ValueError, r"Adam: epsilon must be > 0"),
    (lambda: optim.RMSprop(epsilon=-1e-7), ValueError, r"RMSprop: epsilon"),
    (lambda: optim.Adagrad(epsilon=0), ValueError, r"Adagrad: epsilon"),
    (lambda: optim.Adagrad(initial_accumulator_value=-1.0), ValueError, r"initial_accum"),
    (lambda: optim.SGD(nesterov="yes"), TypeError, r"SGD: nesterov must be True or False"),
    (lambda: optim.RMSprop(centered=1), TypeError, r"RMSprop: centered"),
    (lambda: optim.Adam(amsgrad=None), TypeError, r"Adam: amsgrad"),
    (lambda: optim.SGD(weight_decay=-0.1), ValueError, r"SGD: weight_decay must be >= 0"),
    (lambda: optim.AdamW(weight_decay=None), TypeError, r"AdamW: weight_decay"),
    (lambda: optim.SGD(clipnorm=1.0, clipvalue=1.0), ValueError, r"at most one of clipnorm"),
    (lambda: optim.SGD(clipnorm=0.0), ValueError, r"SGD: clipnorm must be > 0"),
    (lambda: optim.Adam(global_clipnorm=math.inf), ValueError, r"Adam: global_clipnorm"),
    (lambda: optim.SGD(clipvalue="1"), TypeError, r"SGD: clipvalue"),
    (lambda: optim.SGD(0.1, 0.9, False, 0.01), TypeError, r"positional"),
    (lambda: schedules.ExponentialDecay(0.1, 0, 0.5), ValueError, r"decay_steps must be > 0"),
    (lambda: schedules.ExponentialDecay(0.1, 10, 0.0), ValueError, r"decay_rate must be > 0"),
    (lambda: schedules.ExponentialDecay(-0.1, 10, 0.5), ValueError, r"initial_learning_rate"),
    (lambda: schedules.ExponentialDecay(0.1, 10, 0.5, "no"), TypeError, r"staircase"),
    (lambda: schedules.PiecewiseConstantDecay([10, 5], [1, 2, 3]), ValueError, r"increasing"),
    (lambda: schedules.PiecewiseConstantDecay([10], [1.0]), ValueError, r"one more element"),
    (lambda: schedules.PiecewiseConstantDecay([], [1.0]), ValueError, r"at least one"),
    (lambda: schedules.PiecewiseConstantDecay([10], [1, -1]), ValueError, r"values\[1\]"),
    (lambda: schedules.PiecewiseConstantDecay(10, [1, 2]), TypeError, r"boundaries must be a"),
    (lambda: schedules.CosineDecay(0.1, 10, alpha=1.5), ValueError, r"alpha must be in \[0, 1\]"),
    (lambda: schedules.CosineDecay(0.1, 10, warmup_steps=5), ValueError, r"needs a warmup_t"),
    (lambda: schedules.CosineDecay(0.1, -10), ValueError, r"CosineDecay: decay_steps"),
    (lambda: schedules.CosineDecay(0.1, 10)(-1), ValueError, r"CosineDecay: step must be >= 0"),
    (lambda: schedules.CosineDecay(0.1, 10)("3"), TypeError, r"CosineDecay: step"),
]


@pytest.mark.parametrize(
    ("call", "error", "match"), CONSTRUCTOR_ERRORS, ids=_ids(CONSTRUCTOR_ERRORS)
)
def test_bad_arguments(call: Callable[[], object], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        call()


class _Negative(schedules.LearningRateSchedule):
    """A (broken) schedule that goes negative at step 1."""

    def value(self, step: float) -> float:
        return 0.1 - step

    def get_config(self) -> dict[str, object]:
        return {}


def _good() -> tuple[list[np.ndarray], list[np.ndarray]]:
    return [np.ones(1), np.ones(4), np.ones((2, 3))], [np.ones(1), np.ones(4), np.ones((2, 3))]


APPLY_ERRORS = [
    # (grads, variables) from the good pair, error, match
    (lambda g, v: (g[:2], v), ValueError, r"got 2 grads for 3 variables"),
    (lambda g, v: (g[:2] + [np.ones((3, 2))], v), ValueError, r"grads\[2\] has shape \(3, 2\)"),
    (lambda g, v: (g, v[:2] + [np.ones((2, 3), int)]), TypeError, r"variables\[2\] must be a fl"),
    (lambda g, v: (g, v[:2] + [[[1.0] * 3] * 2]), TypeError, r"variables\[2\] must be a NumPy"),
    (lambda g, v: (g[0], v), TypeError, r"grads must be a list.*wrap a single array"),
    (lambda g, v: (g, tuple(v[:2]) + (v[2].copy(),)), ValueError, r"variables\[2\] is not"),
    (lambda g, v: (g[:2] + [None], v), TypeError, r"grads\[2\] must be an array of numbers"),
    (lambda g, v: (g[:2] + [np.full((2, 3), "a")], v), TypeError, r"grads\[2\] must hold real"),
    (lambda g, v: (g[:2] + [[[1.0], [1.0, 2.0]]], v), ValueError, r"grads\[2\] must be an arr"),
    (lambda g, v: ([], []), ValueError, r"grads and variables are empty"),
]


@pytest.mark.parametrize(("bad", "error", "match"), APPLY_ERRORS, ids=_ids(APPLY_ERRORS))
def test_rejected_call_changes_nothing(
    bad: Callable[[list[np.ndarray], list[np.ndarray]], Any], error: type, match: str
) -> None:
    grads, variables = _good()
    opt = optim.Adam(0.1, weight_decay=0.1)
    # on a fresh optimizer: no slots are created, no step is counted
    if "is not" not in match:
        with pytest.raises(error, match=r"Adam\.apply: " + match):
            opt.apply(*bad(grads, variables))
        assert opt.slots == [] and opt.iterations == 0
    # after a step: the variables, slots and step count stay as they were
    opt.apply(grads, variables)
    before = (
        [v.copy() for v in variables],
        [{k: s.copy() for k, s in d.items()} for d in opt.slots],
    )
    with pytest.raises(error, match=r"Adam\.apply: " + match):
        opt.apply(*bad(grads, variables))
    assert opt.iterations == 1
    for v, v0 in zip(variables, before[0], strict=True):
        np.testing.assert_array_equal(v, v0)
    for d, d0 in zip(opt.slots, before[1], strict=True):
        for k in d0:
            np.testing.assert_array_equal(d[k], d0[k])


def test_rejected_schedule_value_changes_nothing() -> None:
    opt = optim.SGD(_Negative(), momentum=0.5)
    w = np.ones(3)
    opt.apply([np.ones(3)], [w])
    w0, m0 = w.copy(), opt.slots[0]["momentum"].copy()
    with pytest.raises(ValueError, match=r"SGD\.apply: the learning_rate schedule gives -0\.9"):
        opt.apply([np.ones(3)], [w])
    assert opt.iterations == 1
    np.testing.assert_array_equal(w, w0)
    np.testing.assert_array_equal(opt.slots[0]["momentum"], m0)


def test_read_only_variable_is_rejected() -> None:
    w = np.ones(3)
    w.flags.writeable = False
    opt = optim.SGD()
    with pytest.raises(ValueError, match=r"SGD\.apply: variables\[0\] is read-only"):
        opt.apply([np.ones(3)], [w])
    assert opt.iterations == 0 and opt.slots == []
