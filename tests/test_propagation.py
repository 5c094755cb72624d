"""The NumPy multilayer perceptron of :mod:`course_code.propagation`.

Backpropagation is checked three ways, in the spirit of micrograd's tests:

* against centred finite differences (:func:`numerical_gradient`), for every hidden
  activation of the registry and every output/loss pair, in float64;
* against ``tf.GradientTape`` on the same network built from Keras ``Dense`` layers with
  the same weights, the activations from :func:`course_code.keras_activations.builtin`
  (registry parameters passed explicitly) and the Keras loss with ``from_logits=True``;
* against Keras' own ``model.fit`` with plain SGD: same initial weights, same batches,
  same learning rate -> the same loss curve.

Then the losses at extreme logits (against mpmath), every kind of bad input, determinism,
dtypes and the speed the book promises (64-64-10 on digits to >= 95 % in < 2 s).

TensorFlow must be quiet before it is imported: ``tests/conftest.py`` sets the
environment first.
"""

from __future__ import annotations

import time

import keras
import mpmath as mp
import numpy as np
import pytest
import tensorflow as tf
from numpy.testing import assert_allclose, assert_array_equal

from course_code import data
from course_code.activations import ACTIVATIONS
from course_code.activations import log_softmax as registry_log_softmax
from course_code.keras_activations import leaky_relu as ops_leaky_relu
from course_code.keras_propagation import float64 as keras_float64
from course_code.keras_propagation import keras_loss as course_keras_loss
from course_code.keras_propagation import keras_mlp
from course_code.propagation import (
    INITS,
    MLP,
    OUTPUTS,
    binary_crossentropy,
    categorical_crossentropy,
    mean_squared_error,
    numerical_gradient,
    relative_error,
)

HIDDEN = list(ACTIVATIONS)
#: Keras has no step activation (its gradient is 0 everywhere).
KERAS_HIDDEN = [name for name in HIDDEN if name != "step"]
#: Activations whose derivative (or, for ELU, second derivative) jumps at 0: finite
#: differences straddling 0 would average the two one-sided slopes.
KINKED = {"step", "relu", "leaky_relu", "prelu", "elu", "selu"}
MIN_KINK_DISTANCE = 1e-3

#: Output cases: an output activation, and whether softmax labels are class indices.
OUTPUT_CASES = ["identity", "sigmoid", "softmax", "softmax-indices"]
N_SAMPLES = 7

#: finite differences vs backprop (float64, h = 1e-5)
NUMERIC_TOL = 1e-7
#: TensorFlow autodiff vs backprop (float64)
KERAS_TOL = 1e-10
KERAS_TOL_EXCEPTIONS = {
    # keras.activations.gelu carries float32 constants
    "gelu": 1e-6,
    # tf.nn.leaky_relu takes its slope as a float32 attribute: 0.01 becomes
    # 0.009999999776, a relative change of 2.2e-8 in every negative-branch slope.
    # The keras.ops rewrite (exact slope) is checked at KERAS_TOL separately below.
    "leaky_relu": 1e-7,
}


def test_kinked_covers_every_non_smooth_activation() -> None:
    assert {name for name, rec in ACTIVATIONS.items() if not rec.smooth} <= KINKED


# ------------------------------------------------------------------------ cases


def make_case(hidden: str, case: str, seed: int = 0) -> tuple[MLP, np.ndarray, np.ndarray]:
    """A random two-hidden-layer MLP (random biases too), a batch and labels.

    For activations with a kink at 0 the first seed (from ``seed`` on) is taken whose
    hidden pre-activations all keep MIN_KINK_DISTANCE from 0, and that is asserted here.
    """
    output = case.split("-")[0]
    k = 3 if output == "softmax" else 2
    sizes = [3, 5, 4, k]
    for s in range(seed, seed + 200):
        rng = np.random.default_rng([s, 7])
        net = MLP(sizes, hidden, output, init="glorot", seed=s)
        net.params = [(1.5 * W, rng.normal(0.0, 0.5, size=b.shape)) for W, b in net.params]
        X = rng.normal(size=(N_SAMPLES, sizes[0]))
        if hidden not in KINKED or kink_distance(net, X) > MIN_KINK_DISTANCE:
            break
    if hidden in KINKED:  # finite differences must not straddle a kink
        assert kink_distance(net, X) > MIN_KINK_DISTANCE, f"no seed keeps {hidden} off its kink"
    if output == "identity":
        y = rng.normal(size=(N_SAMPLES, k))
    elif output == "sigmoid":
        y = rng.integers(0, 2, size=(N_SAMPLES, k))
    else:
        y = rng.integers(0, k, size=N_SAMPLES)
        if case == "softmax":
            y = np.eye(k)[y]
    return net, X, y


def kink_distance(net: MLP, X: np.ndarray) -> float:
    """Smallest |pre-activation| over the hidden layers."""
    return min(float(np.min(np.abs(z))) for z in net.forward_trace(X).pre_activations[:-1])


def numeric_param_gradients(
    net: MLP, X: np.ndarray, y: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    params = net.params
    out = []
    for i, (W, b) in enumerate(params):

        def loss_at(value: np.ndarray, i: int = i, which: int = 0) -> float:
            trial = list(params)
            pair = list(trial[i])
            pair[which] = value
            trial[i] = tuple(pair)
            net.params = trial
            return net.loss(X, y)

        out.append(
            (numerical_gradient(loss_at, W), numerical_gradient(lambda v, i=i: loss_at(v, i, 1), b))
        )
    net.params = params
    return out


def worst_error(grads_a, grads_b) -> float:
    pairs = zip(grads_a, grads_b, strict=True)
    return max(relative_error(a, b) for pa, pb in pairs for a, b in zip(pa, pb, strict=True))


# ------------------------------------------------------------- finite differences


@pytest.mark.parametrize("case", OUTPUT_CASES)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_backprop_matches_finite_differences(hidden: str, case: str) -> None:
    net, X, y = make_case(hidden, case)  # asserts the distance from any kink
    grads = net.gradients(X, y)
    numeric = numeric_param_gradients(net, X, y)
    assert worst_error(grads, numeric) <= NUMERIC_TOL
    # and the gradients are not trivially zero
    assert np.max(np.abs(grads[-1][0])) > 1e-3
    if hidden == "step":
        # nothing flows back through a step: every layer before the last gets exactly 0
        for dW, db in grads[:-1]:
            assert not np.any(dW) and not np.any(db)
    else:
        assert all(np.max(np.abs(dW)) > 1e-6 for dW, _ in grads)


@pytest.mark.parametrize("output", ["identity", "sigmoid"])  # softmax needs two units
def test_backprop_with_one_output_unit_and_no_hidden_layer(output: str) -> None:
    rng = np.random.default_rng(3)
    net = MLP([4, 1], output_activation=output, seed=3)
    X = rng.normal(size=(9, 4))
    y = rng.integers(0, 2, size=9).astype(float)  # 1-D labels, shape (n,)
    numeric = numeric_param_gradients(net, X, y)
    assert worst_error(net.gradients(X, y), numeric) <= NUMERIC_TOL


# ------------------------------------------------------------------- Keras parity


def keras_twin(net: MLP, activation=None) -> tuple[keras.Model, list[keras.layers.Dense]]:
    """The same network in Keras (call inside keras_float64), and its Dense layers."""
    model = keras_mlp(net, activation)
    return model, [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def keras_loss(case: str) -> keras.losses.Loss:
    return course_keras_loss(case.split("-")[0], sparse=case.endswith("-indices"))


def keras_loss_and_gradients(net: MLP, X, y, case: str, activation=None):
    with keras_float64():
        model, dense = keras_twin(net, activation)
        loss_fn = keras_loss(case)
        variables = [v for layer in dense for v in (layer.kernel, layer.bias)]
        with tf.GradientTape() as tape:
            logits = model(tf.constant(X, tf.float64), training=True)
            loss = loss_fn(tf.constant(y, tf.float64), logits)
        grads = tape.gradient(loss, variables)
    assert logits.dtype == tf.float64 and all(g.dtype == tf.float64 for g in grads)
    pairs = [(grads[i].numpy(), grads[i + 1].numpy()) for i in range(0, len(grads), 2)]
    return float(loss), logits.numpy(), pairs


@pytest.mark.parametrize("case", OUTPUT_CASES)
@pytest.mark.parametrize("hidden", KERAS_HIDDEN)
def test_backprop_matches_tensorflow(hidden: str, case: str) -> None:
    net, X, y = make_case(hidden, case)  # asserts the distance from any kink
    tol = KERAS_TOL_EXCEPTIONS.get(hidden, KERAS_TOL)
    loss, logits, tf_grads = keras_loss_and_gradients(net, X, y, case)
    assert relative_error(net.logits(X), logits) <= tol
    assert relative_error(net.loss(X, y), loss) <= tol
    assert worst_error(net.gradients(X, y), tf_grads) <= tol


@pytest.mark.parametrize("case", OUTPUT_CASES)
def test_leaky_relu_matches_tensorflow_with_an_exact_slope(case: str) -> None:
    # The keras.ops rewrite keeps alpha = 0.01 as a float64 number: then backprop
    # agrees with TensorFlow to KERAS_TOL, so the 1e-7 above is Keras' float32 slope.
    net, X, y = make_case("leaky_relu", case)
    alpha = ACTIVATIONS["leaky_relu"].params["alpha"]
    loss, _, tf_grads = keras_loss_and_gradients(
        net, X, y, case, activation=lambda name: lambda x: ops_leaky_relu(x, alpha=alpha)
    )
    assert relative_error(net.loss(X, y), loss) <= KERAS_TOL
    assert worst_error(net.gradients(X, y), tf_grads) <= KERAS_TOL


def keras_fit(net: MLP, X, y, case, epochs, batch_size, lr, validation_data=None):
    with keras_float64():
        model, _ = keras_twin(net)
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=lr), loss=keras_loss(case))
        history = model.fit(
            X,
            y,
            epochs=epochs,
            batch_size=batch_size,
            shuffle=False,
            verbose=0,
            validation_data=validation_data,
        )
    return history.history, model.get_weights()


TRAINING_CASES = {
    # name: (data, layer sizes, hidden, output case, epochs, batch size, learning rate)
    "moons-sigmoid": ("moons", [2, 8, 8, 1], "tanh", "sigmoid", 6, 32, 0.5),
    "digits-softmax": ("digits", [64, 16, 10], "relu", "softmax-indices", 4, 32, 0.2),
    "moons-mse": ("moons-regression", [2, 8, 2], "silu", "identity", 5, 24, 0.1),
}


def training_data(name: str):
    if name == "digits":
        X_train, X_test, y_train, y_test = data.digits()
        return (X_train[:300].astype(np.float64), y_train[:300]), (
            X_test[:100].astype(np.float64),
            y_test[:100],
        )
    X, y = data.moons(260, seed=0)  # 260 = 8 * 32 + 4: a short last batch
    if name == "moons":
        return (X[:200], y[:200].reshape(-1, 1)), (X[200:], y[200:].reshape(-1, 1))
    targets = np.column_stack([np.sin(2 * X[:, 0]), X[:, 0] * X[:, 1]])
    return (X[:200], targets[:200]), (X[200:], targets[200:])


@pytest.mark.parametrize("name", list(TRAINING_CASES))
def test_training_curve_matches_keras_fit(name: str) -> None:
    dataset, sizes, hidden, case, epochs, batch_size, lr = TRAINING_CASES[name]
    (X, y), (X_val, y_val) = training_data(dataset)
    net = MLP(sizes, hidden, case.split("-")[0], init="glorot", seed=1)
    keras_history, keras_weights = keras_fit(
        net, X, y, case, epochs, batch_size, lr, validation_data=(X_val, y_val)
    )
    history = net.fit(X, y, epochs, batch_size, lr, shuffle=False, validation_data=(X_val, y_val))
    assert len(history["loss"]) == epochs
    assert history["loss"][-1] < history["loss"][0]  # it learned something
    # The issue asks for 1e-4; in float64 the curves agree to ~3e-16 (measured), so a
    # much tighter bar still leaves room for a different BLAS or summation order.
    for key in ("loss", "val_loss"):
        assert_allclose(history[key], keras_history[key], rtol=1e-10, atol=0)
    # and the weights went the same way (float64 SGD: agreement is near rounding level)
    for mine, theirs in zip(net.get_weights(), keras_weights, strict=True):
        assert relative_error(mine, theirs) <= 1e-9


# ------------------------------------------------------------------ extreme logits


def mp_ce(z_row, c) -> mp.mpf:
    return mp.log(mp.fsum(mp.exp(mp.mpf(float(v))) for v in z_row)) - mp.mpf(float(z_row[c]))


def mp_bce(z, y) -> mp.mpf:
    s = mp.mpf(float(z)) * (1 - 2 * int(y))
    return mp.log1p(mp.exp(s))


EXTREME_LOGITS = np.array(
    [
        [1e4, -1e4, 0.0],
        [-1e4, 1e4, 1e4],
        [40.0, 0.0, 0.0],
        [-3.0, 0.5, 2.0],
        [1e4, 1e4 - 1e-12 * 1e4, -5.0],
    ]
)


@pytest.mark.parametrize("c", [0, 1, 2])
def test_categorical_crossentropy_at_extreme_logits(c: int) -> None:
    with mp.workdps(60):
        for row in EXTREME_LOGITS:
            expected = float(mp_ce(row, c))
            got = categorical_crossentropy(row[None, :], [c])
            assert np.isfinite(got)
            assert got == pytest.approx(expected, rel=4e-16, abs=1e-300)
        mean = float(mp.fsum(mp_ce(row, c) for row in EXTREME_LOGITS) / len(EXTREME_LOGITS))
    assert categorical_crossentropy(EXTREME_LOGITS, [c] * len(EXTREME_LOGITS)) == pytest.approx(
        mean, rel=1e-15
    )


def test_small_crossentropy_keeps_its_relative_precision() -> None:
    # loss = log1p(2 e^-40) ~ 8.5e-18: log(sum exp) rounds it to exactly 0
    expected = float(mp_ce([40.0, 0.0, 0.0], 0))
    assert categorical_crossentropy([[40.0, 0.0, 0.0]], [0]) == pytest.approx(expected, rel=1e-15)
    assert -registry_log_softmax([40.0, 0.0, 0.0])[0] == pytest.approx(expected, rel=1e-15)
    z = np.array([40.0, 0.0, 0.0]) - 40.0
    assert -(z - np.log(np.sum(np.exp(z))))[0] == 0.0  # what the plain log-sum-exp gives


@pytest.mark.parametrize("label", [0, 1])
def test_binary_crossentropy_at_extreme_logits(label: int) -> None:
    z = np.array([-1e4, -40.0, -1.0, 0.0, 1.0, 40.0, 1e4])
    with mp.workdps(60):
        for v in z:
            got = binary_crossentropy([[v]], [label])
            assert np.isfinite(got)
            assert got == pytest.approx(float(mp_bce(v, label)), rel=4e-16, abs=1e-300)


def test_mse_is_the_mean_over_all_elements() -> None:
    z = np.array([[1e4, -1e4], [0.0, 2.0]])
    y = np.array([[0.0, 0.0], [1.0, 2.0]])
    assert mean_squared_error(z, y) == (1e8 + 1e8 + 1.0 + 0.0) / 4


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_network_loss_and_gradients_stay_finite_for_huge_logits(output: str) -> None:
    # a one-layer network whose logits are exactly +-1e4 and 0
    k = 1 if output != "softmax" else 3
    net = MLP([1, k], output_activation=output)
    W = np.array([[1e4, -1e4, 0.0][:k]]) if k == 3 else np.array([[1e4]])
    net.params = [(W, np.zeros(k))]
    X = np.array([[1.0], [-1.0]])
    y = [0, 1] if output != "softmax" else [1, 2]
    assert np.isfinite(net.loss(X, y))
    ((dW, db),) = net.gradients(X, y)
    assert np.all(np.isfinite(dW)) and np.all(np.isfinite(db))
    if output == "sigmoid":
        # logits 1e4 (label 0) and -1e4 (label 1): both maximally wrong
        assert net.loss(X, y) == 1e4
        assert_array_equal(db, [(1.0 - 1.0) / 2])  # (sigma(1e4) - 0 + sigma(-1e4) - 1) / 2
        assert_array_equal(dW, [[(1.0 * 1.0 + (-1.0) * (-1.0)) / 2]])
    if output == "softmax":
        assert net.loss(X, y) == pytest.approx((2e4 + 1e4) / 2, rel=1e-15)
        # p = (1, 0, 0) and (0, 1, 0); targets e1 and e2
        assert_array_equal(db, (np.array([1.0, -1.0, 0.0]) + np.array([0.0, 1.0, -1.0])) / 2)


# ------------------------------------------------------------------ forward trace


@pytest.mark.parametrize("hidden", ["relu", "tanh", "prelu", "gelu"])
def test_trace_is_the_layer_by_layer_computation(hidden: str) -> None:
    net, X, y = make_case(hidden, "softmax")
    t = net.forward_trace(X)
    assert_array_equal(t.inputs, X)
    a = X
    for i, (W, b) in enumerate(net.params):
        assert_allclose(t.pre_activations[i], a @ W + b, rtol=1e-15, atol=1e-15)
        f = ACTIVATIONS[hidden] if i < len(net.params) - 1 else OUTPUTS["softmax"].activation
        assert_array_equal(t.activations[i], f(t.pre_activations[i]))
        a = t.activations[i]
    assert_array_equal(net.forward(X), t.activations[-1])
    assert_array_equal(net.logits(X), t.pre_activations[-1])
    bp = net.backward_trace(X, y)
    assert bp.loss == net.loss(X, y)
    assert_allclose(bp.deltas[-1], (t.activations[-1] - y) / len(X), rtol=1e-12, atol=1e-17)
    for i, (dW, db) in enumerate(bp.gradients):
        a_prev = X if i == 0 else t.activations[i - 1]
        assert_allclose(dW, a_prev.T @ bp.deltas[i], rtol=1e-15)
        assert_allclose(db, bp.deltas[i].sum(axis=0), rtol=1e-15)


# ---------------------------------------------------------- init, params, dtypes


@pytest.mark.parametrize("init", INITS)
def test_initialisation_statistics(init: str) -> None:
    n_in, n_out = 400, 300
    net = MLP([n_in, n_out, 10], init=init, seed=5)
    W, b = net.params[0]
    assert not np.any(b)
    if init == "he":
        assert W.std() == pytest.approx(np.sqrt(2.0 / n_in), rel=0.02)
    elif init == "glorot":
        limit = np.sqrt(6.0 / (n_in + n_out))
        assert np.max(np.abs(W)) <= limit and np.max(np.abs(W)) > 0.99 * limit
        assert W.std() == pytest.approx(limit / np.sqrt(3.0), rel=0.02)
    else:
        assert W.std() == pytest.approx(1.0, rel=0.02)
    assert abs(W.mean()) < 0.05 * W.std()


def test_params_snapshot_and_assignment() -> None:
    net = MLP([3, 4, 2], seed=0)
    before = net.params
    with pytest.raises(ValueError, match="read-only"):
        before[0][0][0, 0] = 1.0
    new = [(np.ones((3, 4)), np.zeros(4)), (np.full((4, 2), 0.5), np.array([1, 2]))]
    net.params = new
    new[0][0][0, 0] = 99.0  # the network keeps its own copy
    assert net.params[0][0][0, 0] == 1.0
    assert net.params[1][1].dtype == np.float64
    assert_array_equal(net.forward([[1.0, 1.0, 1.0]]), [[7.0, 8.0]])
    net.fit(np.ones((4, 3)), np.zeros((4, 2)), 1, 4, 0.1)
    assert (
        net.params[0][0][0, 0] != 1.0
        and before[0][0][0, 0] == MLP([3, 4, 2], seed=0).params[0][0][0, 0]
    )
    net.set_weights([a for pair in new for a in pair])
    assert_array_equal(net.get_weights()[3], [1.0, 2.0])


def test_float32_network_stays_float32() -> None:
    X, _, y, _ = data.digits()
    X = X[:64]
    net32 = MLP([64, 16, 10], "relu", "softmax", seed=2, dtype=np.float32)
    net64 = MLP([64, 16, 10], "relu", "softmax", seed=2, dtype=np.float64)
    assert all(W.dtype == np.float32 and b.dtype == np.float32 for W, b in net32.params)
    assert net32.forward(X).dtype == np.float32
    assert net32.forward(X.astype(np.float64)).dtype == np.float32
    t = net32.forward_trace(X)
    assert all(a.dtype == np.float32 for a in t.pre_activations + t.activations)
    g32, g64 = net32.gradients(X, y[:64]), net64.gradients(X, y[:64])
    assert all(dW.dtype == np.float32 and db.dtype == np.float32 for dW, db in g32)
    assert worst_error(g32, g64) < 1e-5
    assert isinstance(net32.loss(X, y[:64]), float)
    net32.fit(X, y[:64], 2, 16, 0.1)
    assert all(W.dtype == np.float32 and b.dtype == np.float32 for W, b in net32.params)


def test_same_seed_same_network_and_history() -> None:
    X, y = data.moons(120, seed=4)

    def run(init_seed: int, fit_seed: int):
        net = MLP([2, 6, 1], "tanh", "sigmoid", init="glorot", seed=init_seed)
        start = net.get_weights()
        history = net.fit(X, y, 3, 16, 0.3, shuffle=True, seed=fit_seed, validation_data=(X, y))
        return start, net.get_weights(), history

    a, b = run(0, 0), run(0, 0)
    for wa, wb in zip(a[0] + a[1], b[0] + b[1], strict=True):
        assert_array_equal(wa, wb)
    assert a[2] == b[2]
    assert set(a[2]) == {"loss", "val_loss"}
    other_init, other_order = run(1, 0), run(0, 1)
    assert not np.array_equal(other_init[0][0], a[0][0])
    assert other_order[2]["loss"] != a[2]["loss"]  # shuffling changes the batches...
    assert_array_equal(other_order[0][0], a[0][0])  # ...not the start


def test_history_loss_is_the_batch_size_weighted_mean() -> None:
    # 5 samples, batches of 2, 2, 1: the history is sum(loss_b * |b|) / 5, with each
    # loss taken before that batch's update
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(5, 2)), rng.normal(size=(5, 1))
    net = MLP([2, 3, 1], "tanh", seed=0)
    twin = MLP([2, 3, 1], "tanh", seed=0)
    expected = 0.0
    for s in (slice(0, 2), slice(2, 4), slice(4, 5)):
        expected += twin.loss(X[s], y[s]) * len(X[s])
        grads = twin.gradients(X[s], y[s])
        steps = zip(twin.params, grads, strict=True)
        twin.params = [(W - 0.1 * dW, b - 0.1 * db) for (W, b), (dW, db) in steps]
    history = net.fit(X, y, 1, 2, 0.1, shuffle=False)
    assert history["loss"][0] == pytest.approx(expected / 5, rel=1e-14)
    assert worst_error(net.params, twin.params) < 1e-15


def test_classification_helpers() -> None:
    net = MLP([2, 3], output_activation="softmax")
    net.params = [(np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]]), np.zeros(3))]
    X = np.array([[2.0, 1.0], [0.0, 1.0], [-2.0, 0.0]])
    assert_array_equal(net.predict_classes(X), [0, 1, 2])
    assert net.accuracy(X, [0, 1, 1]) == pytest.approx(2 / 3)
    assert net.accuracy(X, np.eye(3)[[0, 1, 2]]) == 1.0


# ---------------------------------------------------------------- the book's promise


def test_digits_64_64_10_reaches_95_percent_in_under_2_seconds() -> None:
    X_train, X_test, y_train, y_test = data.digits()
    net = MLP([64, 64, 10], "relu", "softmax", init="he", seed=0, dtype=np.float32)
    start = time.perf_counter()
    net.fit(X_train, y_train, epochs=20, batch_size=32, learning_rate=0.1, seed=0)
    elapsed = time.perf_counter() - start
    assert net.accuracy(X_test, y_test) >= 0.95
    assert elapsed <= 2.0, f"training took {elapsed:.2f} s"


# ------------------------------------------------------------- gradient-check tools


def test_numerical_gradient_of_known_functions() -> None:
    x = np.array([[0.5, -1.0], [2.0, 3.0]])
    x_before = x.copy()
    g = numerical_gradient(lambda v: float(np.sum(np.sin(v) * v)), x)
    assert g.shape == x.shape and g.dtype == np.float64
    assert relative_error(g, np.cos(x) * x + np.sin(x)) < 1e-9
    assert_array_equal(x, x_before)
    assert numerical_gradient(lambda v: float(v) ** 2, 3.0).shape == ()


def test_relative_error() -> None:
    assert relative_error([1.0, -2.0], [1.0, -2.0]) == 0.0
    assert relative_error([0.0], [0.0]) == 0.0
    assert relative_error([1.0, 0.0], [3.0, 0.0]) == pytest.approx(0.5)
    assert np.isnan(relative_error([np.nan], [1.0]))


# ------------------------------------------------------------------------ bad input


def _net(output: str = "softmax", k: int = 3) -> MLP:
    return MLP([2, 4, k], "relu", output, seed=0)


X4 = np.zeros((4, 2))

BAD_INPUTS = {
    "too few layers": (lambda: MLP([3]), "at least two whole numbers"),
    "zero width": (lambda: MLP([2, 0, 1]), "at least two whole numbers >= 1"),
    "float width": (lambda: MLP([2, 3.5, 1]), "whole numbers"),
    "unknown hidden": (
        lambda: MLP([2, 3, 1], "relux"),
        "unknown hidden activation 'relux'; allowed: step, identity",
    ),
    "hidden list length": (
        lambda: MLP([2, 3, 1], ["relu", "tanh"]),
        "lists 2 names, but .* 1 hidden",
    ),
    "unknown output": (
        lambda: MLP([2, 3, 1], output_activation="tanh"),
        "allowed: identity, sigmoid, softmax",
    ),
    "softmax one unit": (lambda: MLP([2, 1], output_activation="softmax"), "at least 2 units"),
    "unknown init": (
        lambda: MLP([2, 1], init="xavier"),
        "unknown init 'xavier'; allowed: he, glorot, normal",
    ),
    "dtype": (lambda: MLP([2, 1], dtype=np.float16), "float32 or float64"),
    "X features": (lambda: _net().forward(np.zeros((4, 3))), "3 features .* 2 inputs"),
    "X 1-D": (lambda: _net().forward(np.zeros(2)), r"2-D.*X.reshape\(1, -1\)"),
    "X NaN": (lambda: _net().forward([[0.0, np.nan]]), r"finite; X\[0, 1\] = nan"),
    "X inf": (lambda: _net().loss([[np.inf, 0.0]], [0]), "finite"),
    "X strings": (lambda: _net().forward([["a", "b"]]), "real numbers"),
    "X empty": (lambda: _net().forward(np.zeros((0, 2))), "no rows"),
    "X float32 range": (
        lambda: MLP([2, 1], dtype=np.float32).forward([[1e300, 0.0]]),
        "range of float32",
    ),
    "y rows": (lambda: _net().loss(X4, [0, 1, 2]), "X has 4 rows but y has 3"),
    "class index too big": (
        lambda: _net().loss(X4, [0, 1, 2, 3]),
        r"class index 3 .* 3 units; allowed class indices are 0\.\.2",
    ),
    "class index negative": (lambda: _net().loss(X4, [0, -1, 2, 1]), r"class index -1 .* 0\.\.2"),
    "class index fractional": (lambda: _net().fit(X4, [0, 1.5, 2, 1], 1, 2, 0.1), "whole numbers"),
    "one-hot width": (lambda: _net().loss(X4, np.eye(4)), r"shape \(4, 4\).* 3 units"),
    "one-hot rows": (lambda: _net().loss(X4, 2 * np.eye(3)[[0, 1, 2, 0]]), "one-hot"),
    "sigmoid label 2": (
        lambda: _net("sigmoid", 1).loss(X4, [0, 1, 2, 1]),
        "must be 0 or 1, found 2",
    ),
    "sigmoid label -1": (
        lambda: _net("sigmoid", 1).gradients(X4, [0, 1, -1, 1]),
        r"0 or 1, found -1 .*\(y \+ 1\) // 2",
    ),
    "sigmoid 1-D y, 2 units": (
        lambda: _net("sigmoid", 2).loss(X4, [0, 1, 1, 0]),
        r"2 sigmoid outputs; give y the shape \(4, 2\)",
    ),
    "identity y width": (
        lambda: _net("identity", 2).loss(X4, np.zeros((4, 3))),
        r"expected shape \(4, 2\)",
    ),
    "y NaN": (lambda: _net("identity", 1).loss(X4, [0.0, np.nan, 0.0, 0.0]), "y must be finite"),
    "y strings": (lambda: _net("identity", 1).loss(X4, "abcd"), "y must be an array of numbers"),
    "params count": (
        lambda: setattr(_net(), "params", [(np.zeros((2, 4)), np.zeros(4))]),
        "2 .W, b. pairs",
    ),
    "params shape": (
        lambda: setattr(
            _net(), "params", [(np.zeros((4, 2)), np.zeros(4)), (np.zeros((4, 3)), np.zeros(3))]
        ),
        r"params\[0\] W must have shape \(2, 4\), got \(4, 2\)",
    ),
    "params bias shape": (
        lambda: setattr(
            _net(),
            "params",
            [(np.zeros((2, 4)), np.zeros((1, 4))), (np.zeros((4, 3)), np.zeros(3))],
        ),
        r"params\[0\] b must have shape \(4,\)",
    ),
    "params NaN": (
        lambda: setattr(
            _net(),
            "params",
            [(np.full((2, 4), np.nan), np.zeros(4)), (np.zeros((4, 3)), np.zeros(3))],
        ),
        "finite",
    ),
    "set_weights count": (lambda: _net().set_weights([np.zeros((2, 4))]), r"needs 4 arrays"),
    "epochs": (
        lambda: _net().fit(X4, [0, 1, 2, 0], 0, 2, 0.1),
        "epochs must be a whole number >= 1",
    ),
    "batch size": (
        lambda: _net().fit(X4, [0, 1, 2, 0], 1, 0, 0.1),
        "batch_size must be a whole number >= 1",
    ),
    "learning rate": (
        lambda: _net().fit(X4, [0, 1, 2, 0], 1, 2, -0.1),
        "learning_rate must be a positive",
    ),
    "learning rate NaN": (
        lambda: _net().fit(X4, [0, 1, 2, 0], 1, 2, float("nan")),
        "learning_rate",
    ),
    "validation data": (
        lambda: _net().fit(X4, [0, 1, 2, 0], 1, 2, 0.1, validation_data=X4),
        r"pair \(X_val, y_val\)",
    ),
    "validation labels": (
        lambda: _net().fit(X4, [0, 1, 2, 0], 1, 2, 0.1, validation_data=(X4, [0, 1, 2, 5])),
        "validation_data: class index 5",
    ),
    "classes of a regression": (
        lambda: _net("identity", 1).predict_classes(X4),
        "needs a 'sigmoid' or 'softmax' output",
    ),
    "loss logits 1-D": (lambda: binary_crossentropy([0.0, 1.0], [0, 1]), r"2-D.*reshape\(-1, 1\)"),
    "step h": (lambda: numerical_gradient(np.sum, np.zeros(2), h=0.0), "h must be a positive"),
    "relative_error shapes": (
        lambda: relative_error(np.zeros(2), np.zeros(3)),
        r"shape \(2,\) but b has shape \(3,\)",
    ),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_raises_a_helpful_value_error(name: str) -> None:
    call, message = BAD_INPUTS[name]
    with pytest.raises(ValueError, match=message):
        call()
