"""Tests for :mod:`course_code.optim.surfaces`: the test functions of the optimization chapter.

* **Calculus.** Each surface's gradient equals central finite differences of its value,
  and its Hessian equals finite differences of its gradient, at random points; the
  gradient vanishes at :attr:`~course_code.optim.surfaces.Surface.minimum`.
* **The quadratic is what it says.** Its matrix has the given eigenvalues, and gradient
  descent on it multiplies each eigen-coordinate by :math:`1 - \\eta\\lambda_i` per step,
  the closed form the book compares against.
* **Vectorised.** A grid of points in one call gives what a loop over the points gives.
* **trajectory** takes exactly the steps of the optimizer, stops a diverging run before
  anything overflows, and raises before any step on bad input; **steps_to_tolerance**
  counts the steps after which a run stays near the minimum.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from course_code.gradcheck import numerical_gradient, relative_error
from course_code.optim import SGD, Adam
from course_code.optim.surfaces import (
    Quadratic,
    Rosenbrock,
    Surface,
    steps_to_tolerance,
    trajectory,
)

RNG = np.random.default_rng(1964)

SURFACES = {
    "quadratic-2d": Quadratic((1.0, 10.0)),
    "quadratic-rotated": Quadratic((0.5, 30.0), angle=0.4, center=(1.0, -2.0)),
    "quadratic-1d": Quadratic((3.0,), center=[0.5]),
    "quadratic-3d": Quadratic((1.0, 2.0, 5.0), center=(0.0, 1.0, -1.0)),
    "rosenbrock": Rosenbrock(),
    "rosenbrock-a2": Rosenbrock(a=-0.5, b=10.0),
}


def random_points(surface: Surface, n: int = 5) -> np.ndarray:
    return surface.minimum + RNG.normal(scale=1.5, size=(n, surface.dim))


@pytest.mark.parametrize("name", SURFACES)
def test_gradient_equals_finite_differences(name: str) -> None:
    f = SURFACES[name]
    for w in random_points(f):
        numeric = numerical_gradient(f, w)
        assert relative_error(f.gradient(w), numeric) < 1e-8


@pytest.mark.parametrize("name", SURFACES)
def test_hessian_equals_finite_differences_of_the_gradient(name: str) -> None:
    f = SURFACES[name]
    for w in random_points(f):
        numeric = np.stack(
            [numerical_gradient(lambda v, i=i: f.gradient(v)[i], w) for i in range(f.dim)]
        )
        assert relative_error(f.hessian(w), numeric) < 1e-8
        assert_array_equal(f.hessian(w), f.hessian(w).T)


@pytest.mark.parametrize("name", SURFACES)
def test_the_minimum_is_a_stationary_point_with_value_zero(name: str) -> None:
    f = SURFACES[name]
    assert_array_equal(f.gradient(f.minimum), np.zeros(f.dim))
    assert f.minimum_value == 0.0
    for w in random_points(f):
        assert f(w) > 0.0


@pytest.mark.parametrize("name", SURFACES)
def test_many_points_at_once_equal_a_loop(name: str) -> None:
    f = SURFACES[name]
    W = random_points(f, 12).reshape(3, 4, f.dim)
    values = f(W)
    assert values.shape == (3, 4)
    assert f.gradient(W).shape == W.shape
    assert f.hessian(W).shape == W.shape + (f.dim,)
    for idx in np.ndindex(3, 4):
        assert values[idx] == f(W[idx])
        assert_array_equal(f.gradient(W)[idx], f.gradient(W[idx]))
        assert_array_equal(f.hessian(W)[idx], f.hessian(W[idx]))


def test_a_single_point_gives_a_float_and_lists_are_accepted() -> None:
    f = Rosenbrock()
    assert isinstance(f([0.0, 0.0]), float)
    assert f([0.0, 0.0]) == 1.0
    assert f.gradient([0, 0]).dtype == np.float64


@pytest.mark.parametrize(
    ("eigenvalues", "angle"), [((1.0, 10.0), 0.0), ((0.5, 30.0), 0.4), ((2.0, 2.0), 1.0)]
)
def test_the_quadratic_has_the_given_eigenvalues(eigenvalues, angle) -> None:
    f = Quadratic(eigenvalues, angle=angle)
    assert_allclose(np.linalg.eigvalsh(f.matrix), sorted(eigenvalues), rtol=1e-14)
    assert f.lipschitz == max(eigenvalues)
    assert f.strong_convexity == min(eigenvalues)
    assert f.condition_number == max(eigenvalues) / min(eigenvalues)
    assert not f.matrix.flags.writeable
    # the first eigenvector is the x axis turned by the angle
    u = np.array([math.cos(angle), math.sin(angle)])
    assert_allclose(f.matrix @ u, eigenvalues[0] * u, atol=1e-14)


def test_the_quadratic_value_is_half_w_a_w() -> None:
    f = SURFACES["quadratic-rotated"]
    for w in random_points(f):
        d = w - f.minimum
        assert f(w) == pytest.approx(0.5 * d @ f.matrix @ d, rel=1e-14)
        assert_allclose(f.gradient(w), f.matrix @ d, rtol=1e-14)


def test_gradient_descent_on_the_bowl_follows_the_closed_form() -> None:
    f = Quadratic((1.0, 4.0, 10.0))
    start = np.array([1.0, -2.0, 0.5])
    eta = 0.125
    path = trajectory(f, SGD(learning_rate=eta), start, steps=40)
    t = np.arange(41)[:, None]
    expected = start * (1.0 - eta * np.array(f.eigenvalues)) ** t
    assert_allclose(path, expected, rtol=1e-13, atol=1e-300)


def test_gradient_descent_converges_below_two_over_l_and_diverges_above() -> None:
    f = Quadratic((1.0, 10.0), angle=0.3)
    limit = 2.0 / f.lipschitz
    below = trajectory(f, SGD(learning_rate=0.99 * limit), (1.0, 1.0), steps=2000)
    above = trajectory(f, SGD(learning_rate=1.01 * limit), (1.0, 1.0), steps=2000)
    assert len(below) == 2001 and np.max(np.abs(below[-1])) < 1e-6
    assert len(above) < 2001 and np.max(np.abs(above[-1])) > 1e6  # stopped: it diverged


def test_trajectory_takes_exactly_the_optimizers_steps() -> None:
    f = Rosenbrock()
    opt = SGD(learning_rate=1e-3, momentum=0.875, nesterov=True)
    path = trajectory(f, opt, (-1.2, 1.0), steps=50)
    assert path.shape == (51, 2) and opt.iterations == 50
    w = np.array([-1.2, 1.0])
    ref = SGD(learning_rate=1e-3, momentum=0.875, nesterov=True)
    for t in range(50):
        ref.apply([f.gradient(w)], [w])
        assert_array_equal(path[t + 1], w)


def test_trajectory_accepts_any_object_with_an_apply_method() -> None:
    class HalfStep:
        def apply(self, grads, variables):
            for g, w in zip(grads, variables, strict=True):
                w -= 0.5 * g

    path = trajectory(Quadratic((1.0, 1.0)), HalfStep(), (2.0, -4.0), steps=2)
    assert_array_equal(path, [[2.0, -4.0], [1.0, -2.0], [0.5, -1.0]])


def test_a_diverging_run_stops_beyond_escape_without_overflow() -> None:
    f = Rosenbrock()
    with np.errstate(all="raise"):  # nothing may overflow on the way
        path = trajectory(f, SGD(learning_rate=0.01), (-1.2, 1.0), steps=1000)
    assert len(path) < 1001
    assert np.all(np.isfinite(path))
    assert np.max(np.abs(path[-1] - f.minimum)) > 1e6
    assert np.max(np.abs(path[-2] - f.minimum)) <= 1e6
    short = trajectory(
        Quadratic((1.0, 10.0)), SGD(learning_rate=0.3), (1.0, 1.0), steps=100, escape=100.0
    )
    assert len(short) == 8 and abs(short[-1, 1]) > 100 >= abs(short[-2, 1])  # (-2)**7 = -128


def test_bad_optimizer_state_raises_before_any_step() -> None:
    f = Quadratic((1.0, 10.0))
    opt = Adam()
    opt.apply([np.zeros(3)], [np.zeros(3)])  # now bound to another variable
    with pytest.raises(ValueError, match="first applied to"):
        trajectory(f, opt, (1.0, 1.0), steps=3)
    assert opt.iterations == 1


def test_steps_to_tolerance() -> None:
    f = Quadratic((1.0,))
    assert steps_to_tolerance(f, [[4.0], [-1.0], [0.5], [-0.2]], tol=0.6) == 2
    assert steps_to_tolerance(f, [[0.1], [0.2]], tol=0.6) == 0
    assert steps_to_tolerance(f, [[4.0], [0.1], [0.9]], tol=0.6) is None  # left again
    assert steps_to_tolerance(f, [[4.0], [np.nan], [0.1]], tol=0.6) == 2
    # an oscillation that dips below the tolerance before it settles
    g = Quadratic((1.0, 1.0), center=(1.0, 1.0))
    path = [[3.0, 1.0], [1.0, 1.0], [1.5, 1.0], [1.0, 1.2], [1.0, 1.0]]
    assert steps_to_tolerance(g, path, tol=0.3) == 3


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: Quadratic("12"), TypeError, "Quadratic: eigenvalues must be a sequence"),
        (lambda: Quadratic(()), ValueError, "Quadratic: eigenvalues is empty"),
        (lambda: Quadratic((1.0, -2.0)), ValueError, "Quadratic: eigenvalues must be > 0"),
        (lambda: Quadratic((1.0, 2.0, 3.0), angle=0.5), ValueError, "angle rotates a 2-D"),
        (lambda: Quadratic((1.0, 2.0), center=(0.0,)), ValueError, "center must have shape"),
        (lambda: Quadratic((1.0, 2.0), angle="0"), TypeError, "angle must be a real number"),
        (lambda: Rosenbrock(b=0.0), ValueError, "Rosenbrock: b must be > 0"),
        (lambda: Rosenbrock()("x"), TypeError, r"Rosenbrock.__call__: w must be an array"),
        (lambda: Rosenbrock()([1.0, 2.0, 3.0]), ValueError, r"w must have 2 coordinates"),
        (lambda: Rosenbrock().gradient(1.0), ValueError, r"gradient: w must have 2"),
        (lambda: Quadratic((1.0, 2.0, 3.0)).on_grid((0, 1), (0, 1)), ValueError, "2-D"),
        (lambda: Rosenbrock().on_grid((0, 1), (0, 1), num=1), ValueError, "num must be"),
        (lambda: trajectory("f", SGD(), (0.0, 0.0), 3), TypeError, "surface must be a Surface"),
        (lambda: trajectory(Rosenbrock(), "sgd", (0.0, 0.0), 3), TypeError, "apply"),
        (lambda: trajectory(Rosenbrock(), SGD(), (0.0,), 3), ValueError, "coordinates"),
        (lambda: trajectory(Rosenbrock(), SGD(), [[0.0, 0.0]], 3), ValueError, "start must"),
        (lambda: trajectory(Rosenbrock(), SGD(), (np.nan, 0.0), 3), ValueError, "finite"),
        (lambda: trajectory(Rosenbrock(), SGD(), (0.0, 0.0), 0), ValueError, "steps must"),
        (lambda: steps_to_tolerance(Rosenbrock(), [0.0, 0.0], 0.1), ValueError, "2-D"),
        (lambda: steps_to_tolerance(Rosenbrock(), [[0.0, 0.0]], 0.0), ValueError, "tol"),
    ],
)
def test_bad_input(call, error, match) -> None:
    with pytest.raises(error, match=match):
        call()


def test_on_grid_evaluates_the_surface_on_a_meshgrid() -> None:
    f = Rosenbrock()
    X, Y, F = f.on_grid((-2.0, 2.0), (-1.0, 3.0), num=5)
    assert X.shape == Y.shape == F.shape == (5, 5)
    assert F[0, 0] == f([-2.0, -1.0]) and F[-1, 2] == f([0.0, 3.0])


def test_repr() -> None:
    assert repr(Quadratic((1.0, 10.0))) == "Quadratic(eigenvalues=(1.0, 10.0), angle=0.0)"
    assert repr(Quadratic((1.0,), center=[2.0])) == (
        "Quadratic(eigenvalues=(1.0,), angle=0.0, center=[2.0])"
    )
    assert repr(Rosenbrock()) == "Rosenbrock(a=1.0, b=100.0)"


def test_plot_surface_and_plot_path_draw_contours_a_star_and_a_marked_path() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course_code.plotting import MARKERS, plot_path, plot_surface

    f = Rosenbrock()
    fig, ax = plt.subplots()
    try:
        assert plot_surface(ax, f, (-2.0, 2.0), (-1.0, 3.0), levels=[1.0, 10.0], num=21) is ax
        path = trajectory(f, SGD(learning_rate=1e-3), (-1.2, 1.0), steps=10)
        plot_path(ax, path, 1, every=5, label="run")
        star, run = ax.lines
        assert star.get_marker() == "*" and star.get_label() == "minimum"
        assert_array_equal(star.get_xydata(), [f.minimum])
        assert run.get_marker() == MARKERS[1] and run.get_label() == "run"
        assert_array_equal(run.get_xydata(), path)
        assert ax.get_xlim() == (-2.0, 2.0) and ax.get_xlabel() == "$w_1$"
    finally:
        plt.close(fig)
