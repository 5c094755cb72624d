"""The gradient-checking tools of :mod:`course_code.gradcheck`: centred differences, the
relative error of two gradients, and both applied to every weight of an MLP."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_array_equal

from course_code.gradcheck import (
    numerical_gradient,
    numerical_gradients,
    relative_error,
    worst_relative_error,
)
from course_code.propagation import MLP


def test_numerical_gradient_of_known_functions() -> None:
    x = np.array([[0.5, -1.0], [2.0, 3.0]])
    x_before = x.copy()
    g = numerical_gradient(lambda v: float(np.sum(np.sin(v) * v)), x)
    assert g.shape == x.shape and g.dtype == np.float64
    assert relative_error(g, np.cos(x) * x + np.sin(x)) < 1e-9
    assert_array_equal(x, x_before)
    assert numerical_gradient(lambda v: float(v) ** 2, 3.0).shape == ()


def test_numerical_gradient_divides_by_the_step_taken() -> None:
    # f(x) = x exactly: the slope is 1 to the last bit, whatever rounding x +- h suffers
    g = numerical_gradient(lambda v: float(v[0]), np.array([0.1]), h=1e-3)
    assert g[0] == 1.0


def test_relative_error() -> None:
    assert relative_error([1.0, -2.0], [1.0, -2.0]) == 0.0
    assert relative_error([0.0], [0.0]) == 0.0
    assert relative_error([1.0, 0.0], [3.0, 0.0]) == pytest.approx(0.5)
    assert np.isnan(relative_error([np.nan], [1.0]))
    # one scale for the whole array: a tiny entry 100 % wrong barely counts
    assert relative_error([1.0, 1e-3], [1.0, 0.0]) == pytest.approx(1e-3 / 2)


def test_worst_relative_error_compares_arrays_and_pairs() -> None:
    a = [(np.ones((2, 2)), np.zeros(2)), (np.ones((2, 1)), np.ones(1))]
    b = [(np.ones((2, 2)), np.zeros(2)), (np.ones((2, 1)), np.full(1, 3.0))]
    assert worst_relative_error(a, a) == 0.0
    assert worst_relative_error(a, b) == pytest.approx(0.5)  # the last bias, on its own scale
    flat = [arr for pair in a for arr in pair]
    assert worst_relative_error(flat, b) == pytest.approx(0.5)  # pairs or a flat list
    with pytest.raises(ValueError, match="worst_relative_error: 4 gradient arrays against 2"):
        worst_relative_error(a, [np.ones(2), np.ones(2)])


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_numerical_gradients_of_an_mlp(dtype) -> None:
    rng = np.random.default_rng(5)
    net = MLP([3, 4, 2], "tanh", "softmax", seed=5, dtype=dtype)
    X, y = rng.normal(size=(6, 3)), rng.integers(0, 2, size=6)
    before = net.get_weights()
    numeric = numerical_gradients(net, X, y)
    # shaped like net.weights, float64, and the weights are put back exactly
    assert [(dW.shape, db.shape) for dW, db in numeric] == [
        (W.shape, b.shape) for W, b in net.weights
    ]
    assert all(g.dtype == np.float64 for pair in numeric for g in pair)
    for w0, w1 in zip(before, net.get_weights(), strict=True):
        assert_array_equal(w0, w1)
    # float64: agreement to ~1e-10; float32 rounds the perturbed weights (see the docs)
    tol = 1e-7 if dtype == np.float64 else 5e-2
    assert worst_relative_error(net.gradients(X, y), numeric) <= tol


def test_numerical_gradients_puts_the_weights_back_after_an_error() -> None:
    net = MLP([2, 1], output_activation="sigmoid", seed=0)
    before = net.get_weights()
    with pytest.raises(ValueError):
        numerical_gradients(net, np.zeros((2, 2)), [0, 2])  # label 2: the loss raises
    for w0, w1 in zip(before, net.get_weights(), strict=True):
        assert_array_equal(w0, w1)
