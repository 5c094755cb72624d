"""Rosenblatt's perceptron: what it learns, its two margins, Novikoff's bound, XOR, and bad
input."""

from __future__ import annotations

import numpy as np
import pytest

from course_code import data
from course_code.perceptron import (
    Perceptron,
    augment,
    augmented_margin,
    geometric_margin,
    novikoff_bound,
    update_path,
)

GATES = ["AND", "OR", "NAND", "NOR"]


@pytest.mark.parametrize("gate", GATES)
def test_linearly_separable_gates_are_learned_exactly(gate):
    X, y = data.logic_gate(gate)
    p = Perceptron().fit(X, y)
    assert p.converged_
    assert p.errors_[-1] == 0 and all(e > 0 for e in p.errors_[:-1])
    np.testing.assert_array_equal(p.predict(X), y)
    assert p.predict(X).dtype == np.int64
    # Its line may pass through a class-1 point: a score of exactly 0 is class 1
    # (step(0) = 1), so the learned margin can be 0, never negative.
    assert augmented_margin(X, y, p.weights_, p.bias_) >= 0
    assert geometric_margin(X, y, p.weights_, p.bias_) >= 0


def test_and_trace_by_hand():
    # Epoch 1, from w = 0, b = 0 (step(0) = 1): (0,0) -> 1, wrong: b = -1; (1,1) -> 0,
    # wrong: w = (1, 1), b = 0. Two mistakes, then the run continues until an epoch is clean.
    X, y = data.logic_gate("AND")
    p = Perceptron(max_epochs=1).fit(X, y)
    assert p.errors_ == [2]
    np.testing.assert_array_equal(p.weights_, [1.0, 1.0])
    assert p.bias_ == 0.0 and not p.converged_


def test_predict_uses_the_step_convention_at_zero():
    p = Perceptron().fit([[1.0], [-1.0]], [1, 0])
    score = p.decision_function([[0.0]])
    assert score[0] == p.bias_
    # a score of exactly 0 is class 1, as course_code.activations.step(0) = 1
    q = Perceptron(max_epochs=1).fit([[0.0]], [1])
    assert q.decision_function([[0.0]])[0] == 0.0 and q.predict([[0.0]])[0] == 1


def test_decision_function_is_the_affine_score():
    X, y, _, _ = data.separable(40, margin=0.1, seed=3)
    p = Perceptron(learning_rate=0.3).fit(X, y)
    np.testing.assert_allclose(
        p.decision_function(X), X @ p.weights_ + p.bias_, rtol=1e-12, atol=1e-12
    )
    np.testing.assert_array_equal(p.predict(X), (p.decision_function(X) >= 0).astype(int))


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("gamma", [0.2, 0.05, 0.01])
@pytest.mark.parametrize("shuffle", [False, True])
def test_updates_stay_within_novikoffs_bound(seed, gamma, shuffle):
    X, y, w, b = data.separable(200, margin=gamma, seed=seed)
    assert augmented_margin(X, y, w, b) >= gamma
    bound = novikoff_bound(X, y, w, b)
    p = Perceptron(max_epochs=10_000, shuffle=shuffle, seed=seed).fit(X, y)
    assert p.converged_
    assert 0 < p.n_updates_ <= bound
    np.testing.assert_array_equal(p.predict(X), y)


def test_novikoff_quantities_by_hand():
    X, y = [[0.0, 0.0], [2.0, 2.0]], [0, 1]
    # u = (1, 1, -2) / sqrt(6); both points at distance 2 / sqrt(6); R = |(2, 2, 1)| = 3
    assert augmented_margin(X, y, [1.0, 1.0], -2.0) == pytest.approx(2 / np.sqrt(6), rel=1e-15)
    # the line x1 + x2 = 2 is sqrt(2) from both points: the bias is not in the norm
    assert geometric_margin(X, y, [1.0, 1.0], -2.0) == pytest.approx(np.sqrt(2), rel=1e-15)
    assert novikoff_bound(X, y, [1.0, 1.0], -2.0) == pytest.approx(9 * 6 / 4, rel=1e-14)
    np.testing.assert_array_equal(augment(X), [[0, 0, 1], [2, 2, 1]])
    with pytest.raises(ValueError, match="does not separate"):
        novikoff_bound(X, y, [-1.0, -1.0], 2.0)
    with pytest.raises(ValueError, match="augmented_margin: the separator .* all zeros"):
        augmented_margin(X, y, [0.0, 0.0], 0.0)
    with pytest.raises(ValueError, match="geometric_margin: the weights are all zeros"):
        geometric_margin(X, y, [0.0, 0.0], 1.0)


def test_geometric_margin_is_the_signed_distance_of_the_closest_point():
    X = [[0.0, 0.0], [3.0, 0.0], [0.0, 4.0]]
    y = [0, 1, 1]
    # the line x1 = 1: distances 1, 2 and 1 (the third point is on the wrong side)
    assert geometric_margin(X, y, [1.0, 0.0], -1.0) == pytest.approx(-1.0, rel=1e-15)
    # rescaling (w, b) changes neither margin; the augmented one is smaller when b != 0
    # the line x1 + x2 = 1: distances 1, 2 and 3 times 1/sqrt(2), whatever the scale
    for scale in (0.5, 7.0):
        assert geometric_margin(X, y, [scale, scale], -scale) == pytest.approx(1 / np.sqrt(2))
        assert augmented_margin(X, y, [scale, scale], -scale) == pytest.approx(1 / np.sqrt(3))
    w, b = np.array([1.0, 1.0]), -1.0
    assert augmented_margin(X, y, w, b) < geometric_margin(X, y, w, b)
    assert augmented_margin(X, y, w, 0.0) == geometric_margin(X, y, w, 0.0)


def test_margins_agree_with_data_separable():
    # separable() guarantees |w.x + b| >= margin with ||(w, b)|| = 1: the augmented margin
    X, y, w, b = data.separable(120, margin=0.15, seed=5)
    gamma = augmented_margin(X, y, w, b)
    assert gamma >= 0.15
    assert geometric_margin(X, y, w, b) == pytest.approx(gamma / np.linalg.norm(w), rel=1e-12)


@pytest.mark.parametrize("max_epochs", [10, 100, 1000])
def test_xor_never_converges(max_epochs):
    X, y = data.xor()
    p = Perceptron(max_epochs=max_epochs).fit(X, y)
    assert not p.converged_
    assert len(p.errors_) == max_epochs
    assert min(p.errors_) >= 1  # every epoch makes at least one mistake
    assert np.mean(p.predict(X) == y) <= 0.75


def test_xor_never_converges_in_any_order():
    X, y = data.xor()
    for seed in range(20):
        p = Perceptron(max_epochs=200, shuffle=True, seed=seed).fit(X, y)
        assert not p.converged_ and min(p.errors_) >= 1


DATASETS = {g: data.logic_gate(g) for g in [*GATES, "XOR"]}
DATASETS.update({f"separable{s}": data.separable(60, 0.03, seed=s)[:2] for s in range(4)})


@pytest.mark.parametrize("name", list(DATASETS))
def test_learning_rate_only_scales_the_weights(name):
    X, y = DATASETS[name]
    ref = Perceptron(learning_rate=1.0, max_epochs=60).fit(X, y)
    for eta in (1e-3, 0.01, 0.1, 0.3, 2.5, 1e3):
        p = Perceptron(learning_rate=eta, max_epochs=60).fit(X, y)
        assert p.errors_ == ref.errors_, eta
        assert p.converged_ == ref.converged_
        np.testing.assert_array_equal(p.predict(X), ref.predict(X))
        np.testing.assert_allclose(p.weights_, eta * ref.weights_, rtol=1e-12)
        assert p.bias_ == pytest.approx(eta * ref.bias_, rel=1e-12)


def test_shuffle_is_deterministic_given_a_seed():
    X, y, _, _ = data.separable(150, margin=0.01, seed=7)
    runs = [Perceptron(shuffle=True, seed=42, max_epochs=500).fit(X, y) for _ in range(2)]
    assert runs[0].errors_ == runs[1].errors_
    np.testing.assert_array_equal(runs[0].weights_, runs[1].weights_)
    other = Perceptron(shuffle=True, seed=43, max_epochs=500).fit(X, y)
    unshuffled = Perceptron(shuffle=False, max_epochs=500).fit(X, y)
    assert other.errors_ != runs[0].errors_ or unshuffled.errors_ != runs[0].errors_


def test_history_records_every_epoch():
    X, y = data.logic_gate("OR")
    p = Perceptron(learning_rate=0.5).fit(X, y)
    assert len(p.history_) == len(p.errors_) + 1
    w0, b0 = p.history_[0]
    assert np.all(w0 == 0) and b0 == 0
    w_last, b_last = p.history_[-1]
    np.testing.assert_array_equal(w_last, p.weights_)
    assert b_last == p.bias_


def test_input_is_not_modified():
    X, y = data.logic_gate("AND")
    X0, y0 = X.copy(), y.copy()
    Perceptron(learning_rate=0.1).fit(X, y)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


def test_lists_and_ints_are_accepted():
    p = Perceptron().fit([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 1])
    np.testing.assert_array_equal(p.predict([[0, 0], [1, 1]]), [0, 1])
    p = Perceptron().fit(np.array([[0, 0], [1, 1]]), np.array([False, True]))
    assert p.converged_


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        ([[0.0], [1.0]], [0, 2], "Perceptron.fit: y must hold labels 0 or 1, found 2"),
        ([[0.0], [1.0]], [-1, 1], "y must hold labels 0 or 1, found -1"),
        ([[0.0], [1.0]], [0, 0.5], "labels 0 or 1, found 0.5"),
        ([0.0, 1.0], [0, 1], "X must be 2-D"),
        (np.zeros((2, 2, 2)), [0, 1], "X must be 2-D"),
        ([[0.0], [1.0], [2.0]], [0, 1], "3 rows but y has 2 labels"),
        ([[0.0], [1.0]], [[0], [1]], "y must be 1-D"),
        ([[0.0], [np.nan]], [0, 1], r"X must be finite; X\[1, 0\] = nan"),
        ([[np.inf], [1.0]], [0, 1], "X must be finite"),
        (np.zeros((0, 2)), [], "X is empty"),
    ],
)
def test_bad_training_data_is_a_clear_value_error(X, y, message):
    with pytest.raises(ValueError, match=message):
        Perceptron().fit(X, y)


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        ("abc", [0], "Perceptron.fit: X must be an array of real numbers, got str"),
        ([["a", "b"]], [0], "Perceptron.fit: X must hold real numbers"),
        ([[0.0], [1.0]], "ab", "Perceptron.fit: y must be an array of real numbers, got str"),
        ([[0.0], [1.0]], None, "Perceptron.fit: y must be an array of real numbers"),
    ],
)
def test_training_data_of_the_wrong_kind_is_a_clear_type_error(X, y, message):
    with pytest.raises(TypeError, match=message):
        Perceptron().fit(X, y)


@pytest.mark.parametrize("method", ["predict", "decision_function"])
def test_using_an_unfitted_perceptron_is_a_clear_value_error(method):
    with pytest.raises(ValueError, match=f"Perceptron.{method}: .*not fitted yet; call fit"):
        getattr(Perceptron(), method)([[0.0, 1.0]])
    with pytest.raises(ValueError, match="Perceptron.n_updates_: .*not fitted yet"):
        _ = Perceptron().n_updates_


def test_predicting_with_the_wrong_number_of_features():
    p = Perceptron().fit(*data.logic_gate("AND"))
    with pytest.raises(
        ValueError, match=r"Perceptron.predict: X has 3 features \(columns\), expected 2"
    ):
        p.predict([[0.0, 1.0, 2.0]])
    with pytest.raises(ValueError, match="Perceptron.decision_function: X has 1 features"):
        p.decision_function([[0.0]])


def test_the_fitted_state_is_in_attributes():
    # sklearn-style attributes; there is no get_params
    p = Perceptron().fit(*data.logic_gate("AND"))
    assert not hasattr(p, "get_params")
    assert p.weights_.shape == (2,) and isinstance(p.bias_, float)
    assert p.n_updates_ == sum(p.errors_)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"learning_rate": 0.0},
        {"learning_rate": -1.0},
        {"learning_rate": float("nan")},
        {"max_epochs": 0},
    ],
)
def test_bad_parameters_are_a_clear_value_error(kwargs):
    name = next(iter(kwargs))
    with pytest.raises(ValueError, match=f"Perceptron: {name}"):
        Perceptron(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"learning_rate": "fast"},
        {"learning_rate": None},
        {"max_epochs": 2.5},  # a float where a whole number is needed
        {"max_epochs": True},
        {"max_epochs": "10"},
    ],
)
def test_parameters_of_the_wrong_kind_are_a_clear_type_error(kwargs):
    name = next(iter(kwargs))
    with pytest.raises(TypeError, match=f"Perceptron: {name}"):
        Perceptron(**kwargs)


def test_separable_data_generator():
    X, y, w, b = data.separable(120, margin=0.15, seed=5)
    assert X.shape == (120, 2) and y.shape == (120,)
    assert 0 < y.mean() < 1
    assert augmented_margin(X, y, w, b) >= 0.15
    assert np.all(np.abs(X) <= 1)
    X2, _, _, _ = data.separable(120, margin=0.15, seed=5)
    np.testing.assert_array_equal(X, X2)
    with pytest.raises(ValueError, match="margin"):
        data.separable(10, margin=0.0)


# --- update_path: the run, one state per update (the perceptron playground steps through it)


@pytest.mark.parametrize("case", ["AND", "OR", "NAND", "separable"])
def test_update_path_is_the_run_of_fit(case):
    if case == "separable":
        X, y, _, _ = data.separable(60, margin=0.05, seed=4)
    else:
        X, y = data.logic_gate(case)
    path = update_path(X, y)
    p = Perceptron(max_epochs=10_000).fit(X, y)
    assert path.converged and p.converged_
    assert len(path.examples) == p.n_updates_
    assert path.weights.shape == (p.n_updates_ + 1, 2) and path.biases.shape == (p.n_updates_ + 1,)
    np.testing.assert_array_equal(path.weights[0], [0.0, 0.0])
    np.testing.assert_array_equal(path.weights[-1], p.weights_)
    assert path.biases[-1] == p.bias_
    # the states at the end of each epoch are fit's history
    ends = np.cumsum(p.errors_)
    for (w, b), k in zip(p.history_[1:], ends, strict=True):
        np.testing.assert_array_equal(path.weights[k], w)
        assert path.biases[k] == b


def test_each_update_of_the_path_is_the_rule_applied_to_a_mistake():
    X, y = data.logic_gate("OR")
    path = update_path(X, y)
    for k, i in enumerate(path.examples):
        w, b = path.weights[k], path.biases[k]
        y_hat = float(X[i] @ w + b >= 0)
        assert y_hat != y[i], "an update without a mistake"
        np.testing.assert_array_equal(path.weights[k + 1], w + (y[i] - y_hat) * X[i])
        assert path.biases[k + 1] == b + (y[i] - y_hat)


def test_update_path_on_xor_stops_at_max_updates():
    path = update_path(*data.xor(), max_updates=25)
    assert not path.converged
    assert len(path.examples) == 25 and path.weights.shape == (26, 2)
    assert update_path(*data.xor(), max_updates=0).weights.shape == (1, 2)


def test_update_path_bad_input():
    with pytest.raises(ValueError, match="update_path: max_updates"):
        update_path(*data.xor(), max_updates=-1)
    with pytest.raises(TypeError, match="update_path: max_updates"):
        update_path(*data.xor(), max_updates=2.5)
    with pytest.raises(ValueError, match="update_path: .*labels 0 or 1"):
        update_path([[0.0], [1.0]], [0, 2])
