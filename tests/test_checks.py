"""The exercise checkers accept correct implementations and catch the usual mistakes.

For each checker: the course's own implementation passes every check, and a catalogue
of typical wrong implementations (the ones learners actually write) is rejected, each
by the check that names its mistake.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from course_code import activations as A
from course_code.activations import ACTIVATIONS
from course_code.checks import (
    Report,
    check_activation,
    check_adam_step,
    check_dense_backward,
    check_dense_forward,
    check_derivative,
    check_momentum_step,
    check_perceptron_update,
    check_softmax,
)
from course_code.optim import SGD


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_reference_activations_pass(name: str) -> None:
    rec = ACTIVATIONS[name]
    report = check_activation(name, rec.function, **rec.kwargs)
    assert report, str(report)
    assert report.total == 8 and report.failure is None
    assert "All good!" in str(report)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_reference_derivatives_pass(name: str) -> None:
    rec = ACTIVATIONS[name]
    report = check_derivative(name, rec.derivative, **rec.kwargs)
    assert report, str(report)


def test_a_careful_learner_sigmoid_passes() -> None:
    def my_sigmoid(x):
        x = np.asarray(x)
        e = np.exp(-np.abs(x))
        return np.where(x >= 0, 1 / (1 + e), e / (1 + e))

    assert check_activation("sigmoid", my_sigmoid)


# --- sigmoid: the catalogue of wrong implementations --------------------------------------


def overflowing_exp(x):
    return 1 / (1 + np.exp(-x))


def slope_instead_of_value(x):
    s = A.sigmoid(x)
    return s * (1 - s)


def sign_error(x):
    return A.sigmoid(-x)


def tanh_without_half(x):
    return (np.tanh(x) + 1) / 2  # should be tanh(x / 2)


def always_float64(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def python_math(x):
    return 1 / (1 + math.exp(-x))


def clips_in_place(x):
    if isinstance(x, np.ndarray):
        np.clip(x, -700, 700, out=x)  # avoids the overflow, but changes the caller's array
    return 1 / (1 + np.exp(-np.clip(x, -700, 700)))


def loses_nan(x):
    return np.where(np.isnan(x), 0.5, A.sigmoid(np.nan_to_num(x)))


#: wrong implementation -> the first check it fails (and, where given, words of its hint)
SIGMOID_MISTAKES = {
    overflowing_exp: "extreme inputs",
    slope_instead_of_value: ("typical values", "values of the derivative"),
    sign_error: "typical values",
    tanh_without_half: "typical values",
    always_float64: "float32 in, float32 out",
    python_math: "typical values",
    clips_in_place: "leaves its input unchanged",
    loses_nan: "NaN in, NaN out",
}


def test_textbook_sigmoid_derivative_fails_in_the_tails() -> None:
    report = check_derivative("sigmoid", slope_instead_of_value)
    assert report.failure.check.startswith("full relative precision in the tails")
    assert "cancels" in report.failure.hint


def test_one_minus_tanh_squared_fails_in_the_tails() -> None:
    report = check_derivative("tanh", lambda x: 1 - np.tanh(x) ** 2)
    assert not report and report.failure.check.startswith("full relative precision")


def test_relu_derivative_convention_at_the_kink() -> None:
    report = check_derivative("relu", lambda x: np.where(np.asarray(x) >= 0, 1.0, 0.0))
    assert not report
    assert "relu′(0) = 0.0" in report.failure.hint


def kerass_leaky_slope(x, alpha=0.2):
    return np.where(x > 0, x, alpha * x)  # Keras' default slope, not the course's 0.01


def test_leaky_relu_with_kerass_default_slope_is_caught() -> None:
    assert check_activation("leaky_relu", kerass_leaky_slope, alpha=0.2)
    assert not check_activation("leaky_relu", kerass_leaky_slope)  # the course default is 0.01


def test_overflow_is_reported_under_the_extremes_check() -> None:
    report = check_activation("sigmoid", overflowing_exp)
    assert report.failure.check == "extreme inputs (±745, ±1000): right values, no overflow"
    assert "FloatingPointError: overflow" in report.failure.actual
    assert "exp only ever sees -|x|" in report.failure.hint


# --- softmax --------------------------------------------------------------------------------


def test_reference_softmax_passes() -> None:
    report = check_softmax(A.softmax)
    assert report, str(report)
    assert report.total == 7


def no_max_shift(x):
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


def wrong_axis(x):
    z = x - np.max(x, axis=0, keepdims=True)
    e = np.exp(z)
    return e / np.sum(e, axis=0, keepdims=True)


def whole_array_sum(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e)


def global_max_shift(x):
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_in_float64(x):
    return A.softmax(np.asarray(x, dtype=np.float64))


def forgets_exp(x):
    return x / np.sum(x, axis=-1, keepdims=True)


def shifts_in_place(x):
    x -= np.max(x, axis=-1, keepdims=True)
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


SOFTMAX_MISTAKES = {
    no_max_shift: "large logits",
    wrong_axis: "a batch of 4 rows",
    whole_array_sum: "a batch of 4 rows",
    global_max_shift: "rows of very different scale",
    softmax_in_float64: "float32 in, float32 out",
    forgets_exp: "one vector",
    shifts_in_place: "leaves its input unchanged",
}


LEAKY_RELU_MISTAKES = {
    kerass_leaky_slope: (
        "typical values",
        "check the slope alpha (expected 0.01, yours looks like 0.2",
    ),
}


def _entries(checker, mistakes: dict) -> list[tuple]:
    out = []
    for f, expected in mistakes.items():
        first, hint = expected if isinstance(expected, tuple) else (expected, None)
        out.append((checker, f, first, hint))
    return out


CATALOGUE = _entries(lambda f: check_activation("sigmoid", f), SIGMOID_MISTAKES)
CATALOGUE += _entries(check_softmax, SOFTMAX_MISTAKES)
CATALOGUE += _entries(lambda f: check_activation("leaky_relu", f), LEAKY_RELU_MISTAKES)
CATALOGUE_IDS = [c[1].__name__ for c in CATALOGUE]


@pytest.mark.parametrize(("checker", "wrong", "first", "hint"), CATALOGUE, ids=CATALOGUE_IDS)
def test_wrong_activations_and_softmaxes_are_caught_by_the_right_check(
    checker, wrong, first, hint
) -> None:
    report = checker(wrong)
    assert not report
    assert report.failure is not None
    assert report.failure.check.startswith(first), str(report)
    if hint is not None:
        assert hint in report.failure.hint, str(report)
    assert all(part in str(report) for part in ("input", "expected", "got", "hint"))
    text = str(report)
    for part in ("input", "expected", "got", "hint"):
        assert part in text


# --- perceptron update ----------------------------------------------------------------------


def good_update(w, b, x, y, learning_rate):
    delta = y - A.step(x @ w + b)
    return w + learning_rate * delta * x, b + learning_rate * delta


def test_reference_perceptron_update_passes() -> None:
    report = check_perceptron_update(good_update)
    assert report, str(report)
    assert report.total == 7
    assert report.results[0] == ("returns a pair (new_w, new_b)", True)


#: wrong update -> (the first check it fails, words of the hint or None)
PERCEPTRON_MISTAKES = {
    "pair in the wrong order": (
        lambda w, b, x, y, lr: good_update(w, b, x, y, lr)[::-1],
        "returns a pair",
        "the pair is in the wrong order: return new_w, new_b",
    ),
    "returns w only": (
        lambda w, b, x, y, lr: good_update(w, b, x, y, lr)[0],
        "returns a pair",
        "return the new weights and the new bias as a pair, weights first",
    ),
    "raises": (
        lambda w, b, x, y, lr: x @ w.T @ np.ones(3),  # a shape error on every call
        "returns a pair",
        "your function raised an error",
    ),
    "strict >": (
        lambda w, b, x, y, lr: (
            good_update(w, b - 1e-300 * 0, x, y, lr)
            if x @ w + b != 0
            else (w + lr * (y - 0.0) * x, b + lr * (y - 0.0))
        ),
        "a score of exactly 0",
        None,
    ),
    "always updates": (
        lambda w, b, x, y, lr: (w + lr * (2 * y - 1) * x, b + lr * (2 * y - 1)),
        "a correct prediction",
        None,
    ),
    "sign error": (
        lambda w, b, x, y, lr: (
            w - lr * (y - A.step(x @ w + b)) * x,
            b - lr * (y - A.step(x @ w + b)),
        ),
        "a missed positive",
        None,
    ),
    "no learning rate": (
        lambda w, b, x, y, lr: good_update(w, b, x, y, 1.0),
        "a missed positive",
        None,
    ),
    "bias forgotten": (
        lambda w, b, x, y, lr: (good_update(w, b, x, y, lr)[0], b),
        "a missed positive",
        None,
    ),
}


def in_place_update(w, b, x, y, learning_rate):
    delta = y - A.step(x @ w + b)
    w += learning_rate * delta * x
    return w, b + learning_rate * delta


def assert_caught(report: Report, total: int, first: str, hint: str | None) -> None:
    """The report fails, and its first failed check starts with ``first``, with ``hint``
    (when given) in its hint."""
    assert not report
    assert report.total == total
    assert report.failure.check.startswith(first), str(report)
    if hint is not None:
        assert hint in report.failure.hint, str(report)


@pytest.mark.parametrize("name", list(PERCEPTRON_MISTAKES))
def test_wrong_perceptron_updates_are_caught(name) -> None:
    wrong, first, hint = PERCEPTRON_MISTAKES[name]
    report = check_perceptron_update(wrong)
    assert_caught(report, 7, first, hint)
    if first == "returns a pair":
        # every later check fails too, and does not blame the update rule
        assert report.passed_count == 0


def test_in_place_perceptron_update_is_caught() -> None:
    report = check_perceptron_update(in_place_update)
    assert not report and "in place" in report.failure.hint


# --- dense layer ----------------------------------------------------------------------------


def test_reference_dense_layer_passes() -> None:
    assert check_dense_forward(lambda X, W, b: X @ W + b)
    assert check_dense_backward(lambda X, W, d: (d @ W.T, X.T @ d, d.sum(axis=0)))


@pytest.mark.parametrize(
    ("wrong", "first"),
    [
        (lambda X, W, b: X @ W, "a batch of 5"),
        (lambda X, W, b: (W.T @ X.T).T, "a batch of 5"),
        (lambda X, W, b: X @ W + b[:, None] if b.size == X.shape[0] else X @ W, "a batch of 5"),
        (lambda X, W, b: (X @ W + b)[0], "a batch of 5"),
    ],
)
def test_wrong_dense_forward_passes_are_caught(wrong, first) -> None:
    report = check_dense_forward(wrong)
    assert not report and report.failure.check.startswith(first), str(report)


@pytest.mark.parametrize(
    ("wrong", "first"),
    [
        (lambda X, W, d: (d @ W.T, X.T @ d, d), "db = delta summed"),
        (lambda X, W, d: (d @ W.T, X.T @ d / len(X), d.sum(axis=0)), "dW = X.T @ delta"),
        (lambda X, W, d: (d @ W, X.T @ d, d.sum(axis=0)), "returns three arrays"),  # raises
        (lambda X, W, d: (d @ W.T / 2, X.T @ d, d.sum(axis=0)), "dX = delta @ W.T"),
        (lambda X, W, d: (X.T @ d, d.sum(axis=0)), "returns three arrays"),
    ],
)
def test_wrong_dense_backward_passes_are_caught(wrong, first) -> None:
    report = check_dense_backward(wrong)
    assert not report and report.failure.check.startswith(first), str(report)


# --- momentum step ---------------------------------------------------------------------------


def good_momentum_step(w, velocity, grad, learning_rate, momentum, nesterov=False):
    velocity = momentum * velocity - learning_rate * grad
    if nesterov:
        return w + momentum * velocity - learning_rate * grad, velocity
    return w + velocity, velocity


def test_reference_momentum_step_passes() -> None:
    report = check_momentum_step(good_momentum_step)
    assert report, str(report)
    assert report.total == 10
    assert report.results[0] == ("returns a pair (new_w, new_velocity) shaped like w", True)


def test_the_reference_step_is_the_packages_and_keras_sgd() -> None:
    """The checker's formula is course_code.optim.SGD's (itself tested equal to Keras')."""
    rng = np.random.default_rng(5)
    for nesterov in (False, True):
        w, v = rng.normal(size=4), np.zeros(4)
        variable = w.copy()
        opt = SGD(learning_rate=0.125, momentum=0.75, nesterov=nesterov)
        for _ in range(5):
            g = rng.normal(size=4)
            w, v = good_momentum_step(w, v, g, 0.125, 0.75, nesterov)
            opt.apply([g], [variable])
            np.testing.assert_allclose(variable, w, rtol=1e-15, atol=1e-15)
            np.testing.assert_allclose(opt.slots[0]["momentum"], v, rtol=1e-15, atol=1e-15)


def _step(velocity_rule, w_rule):
    """A momentum step from a velocity rule and a rule for the new w."""

    def step(w, velocity, grad, learning_rate, momentum, nesterov=False):
        new_v = velocity_rule(velocity, grad, learning_rate, momentum)
        return w_rule(w, velocity, new_v, grad, learning_rate, momentum, nesterov), new_v

    return step


def _keras_velocity(v, g, lr, mu):
    return mu * v - lr * g


def _keras_w(w, v, nv, g, lr, mu, nesterov):
    return w + mu * nv - lr * g if nesterov else w + nv


def gradient_scaled_in_place(w, velocity, grad, learning_rate, momentum, nesterov=False):
    grad *= learning_rate  # the caller's gradient is now scaled
    velocity = momentum * velocity - grad
    return (w + momentum * velocity - grad if nesterov else w + velocity), velocity


def w_updated_in_place(w, velocity, grad, learning_rate, momentum, nesterov=False):
    velocity = momentum * velocity - learning_rate * grad
    w += momentum * velocity - learning_rate * grad if nesterov else velocity
    return w, velocity


def velocity_updated_in_place(w, velocity, grad, learning_rate, momentum, nesterov=False):
    velocity *= momentum
    velocity -= learning_rate * grad
    return (w + momentum * velocity - learning_rate * grad if nesterov else w + velocity), velocity


def plain_momentum_only(w, velocity, grad, learning_rate, momentum):  # no nesterov parameter
    velocity = momentum * velocity - learning_rate * grad
    return w + velocity, velocity


def elementwise_loop(w, velocity, grad, learning_rate, momentum, nesterov=False):
    new_w, new_v = np.empty(len(w)), np.empty(len(w))  # 1-D only: a matrix breaks it
    for i in range(len(w)):
        new_v[i] = momentum * velocity[i] - learning_rate * grad[i]
        new_w[i] = w[i] + (momentum * new_v[i] - learning_rate * grad[i] if nesterov else new_v[i])
    return new_w, new_v


#: wrong momentum step -> (the first check it fails, words of its hint)
MOMENTUM_MISTAKES = {
    "returns w only": (
        lambda *args, **kw: good_momentum_step(*args, **kw)[0],
        "returns a pair",
        "return both new arrays",
    ),
    "pair in the wrong order": (
        lambda *args, **kw: good_momentum_step(*args, **kw)[::-1],
        "returns a pair",
        "the pair is in the wrong order",
    ),
    "raises": (
        lambda w, velocity, grad, lr, mu, nesterov=False: w @ np.ones((2, 2)),
        "returns a pair",
        "raised an error",
    ),
    "uphill (sign of the gradient)": (
        _step(lambda v, g, lr, mu: mu * v + lr * g, _keras_w),
        "from rest",
        "uphill",
    ),
    "velocity of the opposite sign": (
        _step(lambda v, g, lr, mu: mu * v + lr * g, lambda w, v, nv, g, lr, mu, n: w - nv),
        "from rest",
        "opposite sign",
    ),
    "PyTorch's velocity": (
        _step(lambda v, g, lr, mu: mu * v + g, lambda w, v, nv, g, lr, mu, n: w - lr * nv),
        "from rest",
        "PyTorch",
    ),
    "damped by 1 - momentum": (
        _step(lambda v, g, lr, mu: mu * v - (1 - mu) * lr * g, _keras_w),
        "from rest",
        "moving average",
    ),
    "forgotten velocity": (
        _step(lambda v, g, lr, mu: -lr * g, _keras_w),
        "the velocity carries over",
        "the old velocity is lost",
    ),
    "momentum not applied": (
        _step(lambda v, g, lr, mu: v - lr * g, _keras_w),
        "the velocity carries over",
        "shrink by the factor momentum",
    ),
    "learning rate applied twice": (
        _step(_keras_velocity, lambda w, v, nv, g, lr, mu, n: w + lr * nv),
        "w moves by the new velocity",
        "applied twice",
    ),
    "moves by the old velocity": (
        _step(_keras_velocity, lambda w, v, nv, g, lr, mu, n: w + v),
        "w moves by the new velocity",
        "old velocity",
    ),
    "Nesterov as plain momentum": (
        _step(_keras_velocity, lambda w, v, nv, g, lr, mu, n: w + nv),
        "Nesterov: new_w",
        "plain momentum step",
    ),
    "Nesterov without the gradient step": (
        _step(_keras_velocity, lambda w, v, nv, g, lr, mu, n: w + mu * nv if n else w + nv),
        "Nesterov: new_w",
        "two parts",
    ),
    "no nesterov parameter": (plain_momentum_only, "Nesterov: new_w", "nesterov=False"),
    "a loop over the first axis": (elementwise_loop, "works on a matrix", None),
    "gradient scaled in place": (gradient_scaled_in_place, "leaves grad unchanged", "grad *="),
    "w updated in place": (w_updated_in_place, "leaves the caller's w", "w += ..."),
    "velocity updated in place": (velocity_updated_in_place, "leaves the caller's w", "velocity"),
}


@pytest.mark.parametrize("name", list(MOMENTUM_MISTAKES))
def test_wrong_momentum_steps_are_caught_by_the_check_that_names_the_mistake(name) -> None:
    wrong, first, hint = MOMENTUM_MISTAKES[name]
    report = check_momentum_step(wrong)
    assert_caught(report, 10, first, hint)
    if first == "returns a pair":
        # the value checks fail too, and do not blame the update rule
        assert [ok for _, ok in report.results[:-2]] == [False] * 8


def test_a_report_for_a_wrong_momentum_step_is_readable() -> None:
    report = check_momentum_step(MOMENTUM_MISTAKES["PyTorch's velocity"][0])
    text = str(report)
    assert text.splitlines()[0].startswith("Checking step against SGD with momentum:")
    assert "✗ from rest: the first velocity is -learning_rate * grad" in text
    assert "expected : new_velocity = [-0.05 ,  0.1  , -0.025]" in text
    assert "PyTorch" in report.failure.hint


def test_check_momentum_step_needs_a_function() -> None:
    with pytest.raises(TypeError, match="check_momentum_step: fn must be your function"):
        check_momentum_step("momentum_step")


def test_report_is_readable() -> None:
    report = check_softmax(no_max_shift)
    assert isinstance(report, Report)
    text = str(report)
    assert text.splitlines()[0] == "Checking no_max_shift against softmax: 5 of 7 checks passed"
    assert "✗ large logits [1000, 1000] without overflow" in text
    assert "First problem: large logits" in text and "overflow" in text
    assert repr(report) == text


def test_unknown_activation_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown activation 'sigmoidd'"):
        check_activation("sigmoidd", A.sigmoid)


# --- Adam step ------------------------------------------------------------------------------


def good_adam(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * grad**2
    m_hat = m / (1 - beta_1**t)
    v_hat = v / (1 - beta_2**t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def test_reference_adam_step_passes() -> None:
    report = check_adam_step(good_adam)
    assert report, str(report)
    assert report.total == 9
    assert report.results[0] == ("returns a triple (new_w, new_m, new_v), each shaped like w", True)
    assert "All good!" in str(report)


def test_another_correct_ordering_of_adam_passes() -> None:
    def adam_rearranged(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
        m = m + (1 - beta_1) * (grad - m)  # Keras' way of writing the same average
        v = v + (1 - beta_2) * (np.square(grad) - v)
        denominator = np.sqrt(v) / np.sqrt(1 - beta_2**t) + epsilon
        return w - (learning_rate / (1 - beta_1**t)) * m / denominator, m, v

    assert check_adam_step(adam_rearranged)


def _adam_moments(m, v, grad, beta_1, beta_2):
    return beta_1 * m + (1 - beta_1) * grad, beta_2 * v + (1 - beta_2) * grad**2


def adam_without_bias_correction(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    m, v = _adam_moments(m, v, grad, beta_1, beta_2)
    return w - learning_rate * m / (np.sqrt(v) + epsilon), m, v


def adam_epsilon_inside(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    m, v = _adam_moments(m, v, grad, beta_1, beta_2)
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return w - learning_rate * m_hat / np.sqrt(v_hat + epsilon), m, v


def adam_as_keras(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    m, v = _adam_moments(m, v, grad, beta_1, beta_2)
    alpha = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    return w - alpha * m / (np.sqrt(v) + epsilon), m, v


def adam_uphill(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    new_w, m, v = good_adam(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon)
    return w + (w - new_w), m, v


def adam_t_from_0(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    return good_adam(w, m, v, grad, t + 1, learning_rate, beta_1, beta_2, epsilon)


def adam_t_minus_1(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    return good_adam(w, m, v, grad, t - 1, learning_rate, beta_1, beta_2, epsilon)


def adam_squares_grad_in_place(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    grad **= 2  # reuses the caller's array
    v = beta_2 * v + (1 - beta_2) * grad
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_in_place(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    m *= beta_1
    m += (1 - beta_1) * grad
    v *= beta_2
    v += (1 - beta_2) * grad**2
    w -= learning_rate * (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + epsilon)
    return w, m, v


def adam_step_from_old_moments(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    new_w = w - learning_rate * (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + epsilon)
    m, v = _adam_moments(m, v, grad, beta_1, beta_2)
    return new_w, m, v


def adam_grad_not_squared(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    m = beta_1 * m + (1 - beta_1) * grad
    v = beta_2 * v + (1 - beta_2) * np.abs(grad)
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m, v


def adam_returns_corrected_moments(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    m, v = _adam_moments(m, v, grad, beta_1, beta_2)
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon), m_hat, v_hat


def adam_swapped_betas(w, m, v, grad, t, learning_rate, beta_1, beta_2, epsilon):
    return good_adam(w, m, v, grad, t, learning_rate, beta_2, beta_1, epsilon)


#: wrong Adam step -> (the first check it fails, words of its hint or None)
ADAM_MISTAKES = {
    adam_without_bias_correction: ("bias correction", "divide m by (1 - beta_1**t)"),
    adam_epsilon_inside: ("epsilon is added", "outside the square root"),
    adam_as_keras: ("epsilon is added", "Keras' ordering"),
    adam_uphill: ("w moves against the gradient", "goes uphill"),
    adam_t_from_0: ("t is the step number", "beta**(t + 1)"),
    adam_t_minus_1: ("t is the step number", "t is 1 at the first step"),
    adam_squares_grad_in_place: ("leaves grad unchanged", "grad **= 2"),
    adam_in_place: ("leaves the caller's w, m and v", "return new arrays"),
    # the sign is right (m and v of the earlier step point the same way); t's case starts
    # from m = v = 0, where a step from the old moments does not move at all
    adam_step_from_old_moments: ("t is the step number", "new m and v"),
    adam_grad_not_squared: ("m and v are moving averages", "grad**2"),
    adam_returns_corrected_moments: ("m and v are moving averages", "not m_hat, v_hat"),
    adam_swapped_betas: ("m and v are moving averages", None),
}


@pytest.mark.parametrize("wrong", list(ADAM_MISTAKES), ids=lambda f: f.__name__)
def test_wrong_adam_steps_are_caught_by_the_check_that_names_them(wrong) -> None:
    first, hint = ADAM_MISTAKES[wrong]
    assert_caught(check_adam_step(wrong), 9, first, hint)


@pytest.mark.parametrize(
    ("wrong", "hint"),
    [
        (lambda w, m, v, grad, t, *args: good_adam(w, m, v, grad, t, *args)[0], "return the three"),
        (lambda *args: good_adam(*args)[::-1], "wrong order"),
        (lambda *args: good_adam(*args)[1:] + good_adam(*args)[:1], "wrong order"),
        (lambda w, m, v, *args: (w @ np.ones((4, 4)), m, v), "raised an error"),
        (lambda *args: tuple(x[:1] for x in good_adam(*args)), "w's shape"),
    ],
    ids=["w only", "reversed", "m, v, w", "raises", "wrong shapes"],
)
def test_a_wrong_return_structure_is_named_first(wrong, hint) -> None:
    report = check_adam_step(wrong)
    assert_caught(report, 9, "returns a triple", hint)
    # the checks of the maths do not blame the update rule
    maths = report.results[1:7]
    assert not any(ok for _, ok in maths), str(report)


def test_the_adam_cases_separate_the_slips() -> None:
    """Each case is built so that the slips caught later pass it: a step without bias
    correction is right on the case of t (where 1 - beta_2 = (1 - beta_1)**2), and
    epsilon, inside or outside the root, corrected or not, is too small to matter on the
    first two cases of the step."""
    from course_code.checks import _adam_cases, _adam_step

    cases = _adam_cases()
    for name, rtol in (("t", 1e-6), ("first step", 1e-6)):
        right = _adam_step(**cases[name])[0]
        for slip in ("no bias correction", "epsilon inside", "Keras' epsilon"):
            if name == "first step" and slip == "no bias correction":
                continue
            wrong = _adam_step(**cases[name], slip=slip)[0]
            margin = np.max(np.abs(wrong - right) / np.abs(right - cases[name]["w"]))
            assert margin < rtol / 2, (name, slip, margin)


def test_check_adam_step_wants_a_function() -> None:
    with pytest.raises(TypeError, match="check_adam_step: fn must be your function"):
        check_adam_step("adam")
