"""The Keras side of the optimization chapter's surfaces (:mod:`course_code.keras_surfaces`).

* ``keras_value`` is the NumPy surface, and TensorFlow's gradient of it is the NumPy
  gradient, both to rounding.
* ``keras.optimizers.SGD`` (plain, momentum, Nesterov) on a float64 ``keras.Variable`` takes
  the steps of :class:`course_code.optim.SGD` to 1e-12 of the distance moved, when the
  hyperparameters are exact in float32. With 0.01 and 0.9, which float32 cannot hold, the
  two runs differ by an amount of the size of the float32 rounding, bounded here; running
  the NumPy optimizer with those two constants rounded to float32 removes the difference.
"""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from course_code.keras_surfaces import keras_trajectory, keras_value
from course_code.optim import SGD
from course_code.optim.surfaces import Quadratic, Rosenbrock, trajectory

SURFACES = {
    "ravine": (Quadratic((1.0, 100.0), angle=math.pi / 6, center=(0.5, -0.25)), (-4.0, -1.5)),
    "rosenbrock": (Rosenbrock(), (-1.2, 1.0)),
}
STEPS = 30


def f32(x: float) -> float:
    return float(np.float32(x))


def moved_error(ours: np.ndarray, theirs: np.ndarray) -> float:
    """The largest difference of two runs, relative to how far the points moved."""
    return float(np.max(np.abs(ours - theirs)) / np.max(np.abs(ours - ours[0])))


@pytest.mark.parametrize("name", SURFACES)
def test_value_and_tensorflow_gradient_equal_numpy(name: str) -> None:
    surface, _ = SURFACES[name]
    rng = np.random.default_rng(0)
    for w in surface.minimum + rng.normal(size=(5, 2)):
        x = tf.Variable(w)
        with tf.GradientTape() as tape:
            value = keras_value(surface, x)
        assert float(value) == pytest.approx(surface(w), rel=1e-14)
        np.testing.assert_allclose(tape.gradient(value, x).numpy(), surface.gradient(w), rtol=1e-13)


@pytest.mark.parametrize("name", SURFACES)
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"momentum": 0.875}, {"momentum": 0.875, "nesterov": True}],
    ids=["plain", "momentum", "nesterov"],
)
def test_keras_sgd_takes_the_same_steps(name: str, kwargs: dict) -> None:
    surface, start = SURFACES[name]
    lr = 2.0**-10  # exact in float32, as is 0.875
    ours = trajectory(surface, SGD(learning_rate=lr, **kwargs), start, STEPS)
    theirs = keras_trajectory(
        surface, keras.optimizers.SGD(learning_rate=lr, **kwargs), start, STEPS
    )
    assert theirs.shape == ours.shape == (STEPS + 1, 2)
    assert moved_error(ours, theirs) < 1e-12


@pytest.mark.parametrize("nesterov", [False, True])
def test_with_constants_float32_cannot_hold_keras_rounds_them(nesterov: bool) -> None:
    surface, start = SURFACES["ravine"]
    lr, mu = 0.01, 0.9
    theirs = keras_trajectory(
        surface,
        keras.optimizers.SGD(learning_rate=lr, momentum=mu, nesterov=nesterov),
        start,
        STEPS,
    )
    exact = trajectory(surface, SGD(learning_rate=lr, momentum=mu, nesterov=nesterov), start, STEPS)
    rounded = trajectory(
        surface, SGD(learning_rate=f32(lr), momentum=f32(mu), nesterov=nesterov), start, STEPS
    )
    # the relative float32 rounding errors of 0.01 and 0.9 are 2.2e-8 and 2.6e-8
    assert 1e-9 < moved_error(exact, theirs) < 1e-6
    assert moved_error(rounded, theirs) < 1e-12


def test_bad_input() -> None:
    with pytest.raises(TypeError, match="keras_value: surface must be a Quadratic or"):
        keras_value(object(), tf.constant([0.0, 0.0]))
    with pytest.raises(TypeError, match="keras_trajectory: surface must be a Surface"):
        keras_trajectory("f", keras.optimizers.SGD(), (0.0, 0.0), 1)
    with pytest.raises(ValueError, match="keras_trajectory: steps must be"):
        keras_trajectory(Rosenbrock(), keras.optimizers.SGD(), (0.0, 0.0), 0)
