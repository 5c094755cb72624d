"""The losses of :mod:`course_code.losses` against Keras' loss classes and TensorFlow (parity).

For every loss, in float64: the value equals the ``keras.losses`` class with its default
reduction (the mean over the batch of the per-sample mean) to 1e-12 relative (LogCosh:
Keras rounds log 2 to float32, a known 1.9e-9 per element, so its bound is that); the
gradient equals ``tf.GradientTape`` on the Keras loss and central finite differences;
logits of ±1e4 give finite values and gradients without warnings; float32 inputs agree
with a float32 Keras loss to 1e-6.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf
from numpy.testing import assert_allclose

from course_code import losses as L
from course_code.gradcheck import numerical_gradient, relative_error

RNG = np.random.default_rng(7)
N, K = 6, 3
Z = RNG.normal(scale=2.0, size=(N, K))
Y_REAL = RNG.normal(size=(N, K))
Y_01 = RNG.integers(0, 2, size=(N, K)).astype(float)
Y_PM = 2.0 * Y_01 - 1.0
Y_CLASS = RNG.integers(0, K, size=N)
LOG2_F32_ERROR = float(np.float32(np.log(2.0))) - np.log(2.0)  # 1.9e-9


def keras_class(name: str, dtype: str, **kwargs):
    classes = {
        "mean_squared_error": keras.losses.MeanSquaredError,
        "mean_absolute_error": keras.losses.MeanAbsoluteError,
        "huber": keras.losses.Huber,
        "log_cosh": keras.losses.LogCosh,
        "hinge": keras.losses.Hinge,
        "binary_crossentropy": keras.losses.BinaryCrossentropy,
        "categorical_crossentropy": keras.losses.CategoricalCrossentropy,
    }
    if name.endswith("crossentropy"):
        kwargs["from_logits"] = True
    return classes[name](dtype=dtype, **kwargs)


#: (loss name, targets, keyword arguments, relative tolerance of the float64 value)
CASES = [
    ("mean_squared_error", Y_REAL, {}, 1e-12),
    ("mean_absolute_error", Y_REAL, {}, 1e-12),
    ("huber", Y_REAL, {"delta": 1.0}, 1e-12),
    ("huber", Y_REAL, {"delta": 0.375}, 1e-12),
    ("log_cosh", Y_REAL, {}, None),
    ("hinge", Y_PM, {}, 1e-12),
    ("hinge", Y_01, {}, 1e-12),
    ("binary_crossentropy", Y_01, {}, 1e-12),
    ("binary_crossentropy", Y_01, {"label_smoothing": 0.125}, 1e-12),
    ("categorical_crossentropy", np.eye(K)[Y_CLASS], {}, 1e-12),
    ("categorical_crossentropy", np.eye(K)[Y_CLASS], {"label_smoothing": 0.125}, 1e-12),
]
IDS = [f"{name}-{kw}" if kw else name for name, _, kw, _ in CASES]


def ours(name: str, Z_, Y, kwargs, gradient=False):
    fn = getattr(L, name + ("_gradient" if gradient else ""))
    return fn(Z_, Y, **kwargs)


def keras_value_and_gradient(name, Z_, Y, kwargs, dtype="float64"):
    """The Keras loss (default reduction) and its TensorFlow gradient at the logits."""
    z = tf.constant(Z_, dtype=dtype)
    with tf.GradientTape() as tape:
        tape.watch(z)
        loss = keras_class(name, dtype, **kwargs)(tf.constant(Y, dtype=dtype), z)
    return float(loss), tape.gradient(loss, z).numpy()


@pytest.mark.parametrize(("name", "Y", "kwargs", "rtol"), CASES, ids=IDS)
def test_value_and_gradient_equal_keras_in_float64(name, Y, kwargs, rtol):
    value, grad = keras_value_and_gradient(name, Z, Y, kwargs)
    if rtol is None:  # LogCosh: Keras' float32 log 2 shifts every element by the same amount
        assert abs(ours(name, Z, Y, kwargs) - value) <= 1.01 * abs(LOG2_F32_ERROR)
        assert abs(ours(name, Z, Y, kwargs) - (value + LOG2_F32_ERROR)) <= 1e-12 * abs(value)
    else:
        assert ours(name, Z, Y, kwargs) == pytest.approx(value, rel=rtol, abs=0)
    assert relative_error(ours(name, Z, Y, kwargs, gradient=True), grad) <= 1e-12


@pytest.mark.parametrize(("name", "Y", "kwargs", "rtol"), CASES, ids=IDS)
def test_gradient_equals_finite_differences(name, Y, kwargs, rtol):
    numeric = numerical_gradient(lambda z: ours(name, z, Y, kwargs), Z)
    assert relative_error(ours(name, Z, Y, kwargs, gradient=True), numeric) <= 1e-8


@pytest.mark.parametrize(("name", "Y", "kwargs", "rtol"), CASES, ids=IDS)
def test_float32_equals_a_float32_keras_loss(name, Y, kwargs, rtol):
    Z32 = Z.astype(np.float32)
    value, _ = keras_value_and_gradient(name, Z32, Y, kwargs, dtype="float32")
    assert ours(name, Z32, Y, kwargs) == pytest.approx(value, rel=1e-6, abs=1e-7)


@pytest.mark.parametrize(("name", "Y", "kwargs", "rtol"), CASES, ids=IDS)
def test_extreme_logits_give_finite_values_without_warnings(name, Y, kwargs, rtol):
    Z_big = np.where(RNG.random(Z.shape) < 0.5, -1e4, 1e4)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value = ours(name, Z_big, Y, kwargs)
        grad = ours(name, Z_big, Y, kwargs, gradient=True)
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    keras_value, _ = keras_value_and_gradient(name, Z_big, Y, kwargs)
    tol = 1e-12 if rtol is not None else 1e-8
    assert value == pytest.approx(keras_value, rel=tol)


def test_small_residuals_keep_their_precision():
    # log cosh r = r^2/2 - r^4/12 + ...: the log1p form keeps it for r = 1e-6
    assert L.log_cosh([[1e-6]], [0.0]) == pytest.approx(5e-13 - 1e-24 / 12, rel=1e-9)


def test_hinge_at_the_kink_takes_tensorflows_branch():
    z = np.array([[1.0], [-1.0]])
    y = np.array([1.0, -1.0])  # t z = 1 for both: the kink
    _, grad = keras_value_and_gradient("hinge", z, y, {})
    assert_allclose(L.hinge_gradient(z, y), grad, rtol=0, atol=0)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: L.huber(Z, Y_REAL, delta=0.0), ValueError, "delta must be > 0"),
        (lambda: L.huber(Z, Y_REAL, delta="1"), TypeError, "delta must be a real number"),
        (lambda: L.hinge(Z, np.zeros((N, K)) + 0.5), ValueError, "labels must be all"),
        (lambda: L.mean_absolute_error("z", Y_REAL), TypeError, "outputs"),
        (lambda: L.log_cosh(Z, Y_REAL[:2]), ValueError, "rows"),
        (
            lambda: L.binary_crossentropy(Z, Y_01, label_smoothing=1.5),
            ValueError,
            "label_smoothing",
        ),
        (
            lambda: L.OUTPUTS["identity"].evaluate(Z, Y_REAL, "x", label_smoothing=0.1),
            ValueError,
            "cross-entropies only",
        ),
    ],
)
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
