"""The NumPy multilayer perceptron of :mod:`course_code.propagation`.

Backpropagation is checked three ways, in the spirit of micrograd's tests:

* against centred finite differences (:func:`course_code.gradcheck.numerical_gradients`),
  for every hidden activation of the registry and every output/loss pair, in float64;
* against ``tf.GradientTape`` on the Keras twin of the same network
  (:func:`course_code.keras_propagation.keras_gradients`: Keras ``Dense`` layers with the
  same weights, the activations from :func:`course_code.keras_activations.builtin`, the
  Keras loss with ``from_logits=True``);
* against Keras' own ``model.fit`` with plain SGD: same initial weights, same batches,
  same learning rate -> the same loss curve (mini-batches), and against
  :func:`course_code.keras_propagation.fit_full_batch` (full-batch steps).

Then the forward trace, initialisation, the weights property, dtypes, the one random
stream that draws the weights and then the batch order of every ``fit`` call, bad input,
and the accuracy the propagation chapter reaches (64-64-10 on digits, >= 95 %). The losses
have their own tests (``tests/test_losses.py``), and so do the gradient-checking tools
(``tests/test_gradcheck.py``).

TensorFlow must be quiet before it is imported: ``tests/conftest.py`` sets the
environment first.
"""

from __future__ import annotations

import functools
import itertools
import warnings

import keras
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from oracles import ORACLES, keras_tolerance

from course_code import data
from course_code import keras_propagation as KP
from course_code.activations import ACTIVATIONS
from course_code.gradcheck import numerical_gradients, relative_error, worst_relative_error
from course_code.keras_activations import leaky_relu as ops_leaky_relu
from course_code.keras_propagation import (
    fit_full_batch,
    keras_gradients,
    keras_mlp,
    probabilities,
)
from course_code.keras_propagation import float64 as keras_float64
from course_code.keras_propagation import keras_loss as course_keras_loss
from course_code.losses import OUTPUTS
from course_code.propagation import INITS, MLP

HIDDEN = list(ACTIVATIONS)
#: Keras has no step activation (its gradient is 0 everywhere).
KERAS_HIDDEN = [name for name in HIDDEN if ACTIVATIONS[name].keras_name is not None]
#: Activations whose derivative (or, for ELU, second derivative) jumps at 0, from their
#: oracle rows: finite differences straddling 0 would average the two one-sided slopes.
KINKED = {name for name in HIDDEN if ORACLES[name].kink(**ACTIVATIONS[name].kwargs) is not None}
MIN_KINK_DISTANCE = 1e-3

#: Output cases: an output activation, and whether softmax labels are class indices.
OUTPUT_CASES = ["identity", "sigmoid", "softmax", "softmax-indices"]
N_SAMPLES = 7

#: finite differences vs backprop (float64, h = 1e-5)
NUMERIC_TOL = 1e-7
#: TensorFlow autodiff vs backprop (float64); an oracle row may say why its activation
#: needs more (comparison "mlp_twin": Keras' float32 constants and slopes)
KERAS_TOL = 1e-10


def mlp_twin_tol(hidden: str) -> float:
    default = {"rtol": KERAS_TOL, "atol": 0.0}
    return keras_tolerance(hidden, ACTIVATIONS[hidden].kwargs, "mlp_twin", default)["rtol"]


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
        net.weights = [(1.5 * W, rng.normal(0.0, 0.5, size=b.shape)) for W, b in net.weights]
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


# ------------------------------------------------------------- finite differences


@pytest.mark.parametrize("case", OUTPUT_CASES)
@pytest.mark.parametrize("hidden", HIDDEN)
def test_backprop_matches_finite_differences(hidden: str, case: str) -> None:
    net, X, y = make_case(hidden, case)  # asserts the distance from any kink
    grads = net.gradients(X, y)
    numeric = numerical_gradients(net, X, y)
    assert worst_relative_error(grads, numeric) <= NUMERIC_TOL
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
    numeric = numerical_gradients(net, X, y)
    assert worst_relative_error(net.gradients(X, y), numeric) <= NUMERIC_TOL


# ------------------------------------------------------------------- Keras parity


def keras_loss(case: str) -> keras.losses.Loss:
    return course_keras_loss(case.split("-")[0], sparse=case.endswith("-indices"))


def keras_twin_results(net: MLP, X, y, case: str, monkeypatch) -> tuple[np.ndarray, float, list]:
    """The logits, the loss and the gradients of ``net``'s float64 Keras twin.

    The gradients are keras_gradients'; the logits it feeds its Keras loss are recorded on
    the way (a second twin would double the cost), and the case's Keras loss is taken of
    them: CategoricalCrossentropy for one-hot rows, the sparse one for class indices.
    """
    seen = {}
    make_loss = KP.keras_loss

    def recording_loss(output: str, sparse: bool = False):
        loss_fn = make_loss(output, sparse=sparse)

        def record(y_true, logits):
            seen["logits"] = logits
            return loss_fn(y_true, logits)

        return record

    monkeypatch.setattr(KP, "keras_loss", recording_loss)
    # keras_gradients takes class indices for a softmax output (its sparse loss)
    grads = keras_gradients(net, X, np.argmax(y, axis=1) if case == "softmax" else y)
    logits = seen["logits"]
    with keras_float64():
        loss = keras_loss(case)(np.asarray(y, dtype=np.float64), logits)
    assert logits.dtype == "float64"
    assert all(g.dtype == np.float64 for pair in grads for g in pair)
    return np.asarray(logits), float(loss), grads


@pytest.mark.parametrize("case", OUTPUT_CASES)
@pytest.mark.parametrize("hidden", KERAS_HIDDEN)
def test_backprop_matches_tensorflow(hidden: str, case: str, monkeypatch) -> None:
    net, X, y = make_case(hidden, case)  # asserts the distance from any kink
    tol = mlp_twin_tol(hidden)
    logits, loss, tf_grads = keras_twin_results(net, X, y, case, monkeypatch)
    assert relative_error(net.logits(X), logits) <= tol
    assert relative_error(net.loss(X, y), loss) <= tol
    assert worst_relative_error(net.gradients(X, y), tf_grads) <= tol


@pytest.mark.parametrize("case", OUTPUT_CASES)
def test_leaky_relu_matches_tensorflow_with_an_exact_slope(case: str, monkeypatch) -> None:
    # The keras.ops rewrite keeps alpha = 0.01 as a float64 number: then backprop agrees
    # with TensorFlow to KERAS_TOL, so the looser mlp_twin tolerance of the leaky_relu row
    # is Keras' float32 slope. The twin is keras_gradients' own, with the rewrite in place
    # of the built-in layer.
    net, X, y = make_case("leaky_relu", case)
    alpha = ACTIVATIONS["leaky_relu"].kwargs["alpha"]
    assert mlp_twin_tol("leaky_relu") > KERAS_TOL

    def exact_slope(name: str, **kwargs) -> keras.layers.Layer:
        assert name == "leaky_relu"
        return keras.layers.Activation(lambda x: ops_leaky_relu(x, alpha=alpha))

    monkeypatch.setattr(KP, "builtin", exact_slope)
    _, loss, tf_grads = keras_twin_results(net, X, y, case, monkeypatch)
    assert relative_error(net.loss(X, y), loss) <= KERAS_TOL
    assert worst_relative_error(net.gradients(X, y), tf_grads) <= KERAS_TOL


def test_keras_gradients_of_a_float32_network_are_float32() -> None:
    net64, X, y = make_case("tanh", "softmax-indices")
    net32 = MLP([3, 5, 4, 3], "tanh", "softmax", seed=0, dtype=np.float32)
    net32.weights = net64.weights
    grads = keras_gradients(net32, X, y)
    assert all(g.dtype == np.float32 for pair in grads for g in pair)
    assert worst_relative_error(grads, net64.gradients(X, y)) < 1e-5


def keras_fit(net: MLP, X, y, case, epochs, batch_size, lr, validation_data=None):
    with keras_float64():
        model = keras_mlp(net)
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
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    return history.history, [w for layer in dense for w in layer.get_weights()]


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
    history = net.fit(
        X,
        y,
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=lr,
        shuffle=False,
        validation_data=(X_val, y_val),
    )
    assert len(history["loss"]) == epochs
    assert history["loss"][-1] < history["loss"][0]  # it learned something
    # Keras' own tolerance for such a comparison would be ~1e-4; in float64 the curves
    # agree to ~3e-16 (measured), so a much tighter bar still leaves room for a different
    # BLAS or summation order.
    for key in ("loss", "val_loss"):
        assert_allclose(history[key], keras_history[key], rtol=1e-10, atol=0)
    # and the weights went the same way (float64 SGD: agreement is near rounding level)
    for mine, theirs in zip(net.get_weights(), keras_weights, strict=True):
        assert relative_error(mine, theirs) <= 1e-9


@pytest.mark.parametrize("block", [1, 5])
def test_full_batch_training_matches_fit_full_batch(block: int) -> None:
    (X, y), _ = training_data("moons")
    steps, lr = 10, 0.5
    net = MLP([2, 8, 1], "tanh", "sigmoid", init="glorot", seed=2)
    with keras_float64():
        model = keras_mlp(net)
        keras_losses = fit_full_batch(
            model,
            X,
            y,
            steps=steps,
            optimizer=keras.optimizers.SGD(learning_rate=lr),
            loss=course_keras_loss("sigmoid"),
            block=block,
        )
        p_keras = probabilities(model, X, "sigmoid")
    history = net.fit(X, y, epochs=steps, batch_size=len(X), learning_rate=lr, shuffle=False)
    # the mean loss of each block of steps, each loss taken before its step
    expected = np.mean(np.reshape(history["loss"], (-1, block)), axis=1)
    assert keras_losses.shape == (steps // block,)
    assert_allclose(keras_losses, expected, rtol=1e-10, atol=0)
    assert p_keras.dtype == np.float64
    assert relative_error(p_keras, net.forward(X)) <= 1e-9


def test_fit_full_batch_is_quiet() -> None:
    net = MLP([2, 1], output_activation="sigmoid")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit_full_batch(
            keras_mlp(net),
            np.zeros((4, 2)),
            np.zeros(4),
            steps=2,
            optimizer=keras.optimizers.SGD(),
            loss=course_keras_loss("sigmoid"),
        )


def test_fit_full_batch_needs_whole_blocks() -> None:
    net = MLP([2, 1], output_activation="sigmoid")
    with pytest.raises(ValueError, match=r"fit_full_batch: steps \(10\) must be a multiple"):
        fit_full_batch(
            keras_mlp(net),
            np.zeros((4, 2)),
            np.zeros(4),
            steps=10,
            optimizer=keras.optimizers.SGD(),
            loss=course_keras_loss("sigmoid"),
            block=3,
        )


@pytest.mark.parametrize("output", ["sigmoid", "softmax"])
def test_probabilities_are_the_networks_outputs(output: str) -> None:
    net, X, _ = make_case("tanh", output)
    with keras_float64():
        p = probabilities(keras_mlp(net), X, output)
    assert p.shape == (len(X), net.layer_sizes[-1]) and p.dtype == np.float64
    assert relative_error(p, net.forward(X)) <= 1e-12
    with pytest.raises(ValueError, match="probabilities: output must be 'sigmoid' or 'softmax'"):
        probabilities(keras_mlp(net), X, "identity")


# ------------------------------------------------------ huge logits, forward trace


@pytest.mark.parametrize("output", list(OUTPUTS))
def test_network_loss_and_gradients_stay_finite_for_huge_logits(output: str) -> None:
    # a one-layer network whose logits are exactly +-1e4 and 0
    k = 1 if output != "softmax" else 3
    net = MLP([1, k], output_activation=output)
    W = np.array([[1e4, -1e4, 0.0][:k]]) if k == 3 else np.array([[1e4]])
    net.weights = [(W, np.zeros(k))]
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


@pytest.mark.parametrize("hidden", ["relu", "tanh", "prelu", "gelu"])
def test_trace_is_the_layer_by_layer_computation(hidden: str) -> None:
    net, X, y = make_case(hidden, "softmax")
    t = net.forward_trace(X)
    assert_array_equal(t.inputs, X)
    a = X
    weights = net.weights
    for i, (W, b) in enumerate(weights):
        assert_allclose(t.pre_activations[i], a @ W + b, rtol=1e-15, atol=1e-15)
        f = ACTIVATIONS[hidden] if i < len(weights) - 1 else OUTPUTS["softmax"].activation
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


# ---------------------------------------------------------- init, weights, dtypes


@pytest.mark.parametrize("init", INITS)
def test_initialisation_statistics(init: str) -> None:
    n_in, n_out = 400, 300
    net = MLP([n_in, n_out, 10], init=init, seed=5)
    W, b = net.weights[0]
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


def test_weights_snapshot_and_assignment() -> None:
    net = MLP([3, 4, 2], seed=0)
    before = net.weights
    with pytest.raises(ValueError, match="read-only"):
        before[0][0][0, 0] = 1.0
    new = [(np.ones((3, 4)), np.zeros(4)), (np.full((4, 2), 0.5), np.array([1, 2]))]
    net.weights = new
    new[0][0][0, 0] = 99.0  # the network keeps its own copy
    assert net.weights[0][0][0, 0] == 1.0
    assert net.weights[1][1].dtype == np.float64
    assert_array_equal(net.forward([[1.0, 1.0, 1.0]]), [[7.0, 8.0]])
    net.fit(np.ones((4, 3)), np.zeros((4, 2)), epochs=1, batch_size=4, learning_rate=0.1)
    assert (
        net.weights[0][0][0, 0] != 1.0
        and before[0][0][0, 0] == MLP([3, 4, 2], seed=0).weights[0][0][0, 0]
    )
    net.set_weights([a for pair in new for a in pair])
    assert_array_equal(net.get_weights()[3], [1.0, 2.0])


def test_float32_network_stays_float32() -> None:
    X, _, y, _ = data.digits()
    X = X[:64]
    net32 = MLP([64, 16, 10], "relu", "softmax", seed=2, dtype=np.float32)
    net64 = MLP([64, 16, 10], "relu", "softmax", seed=2, dtype=np.float64)
    assert all(W.dtype == np.float32 and b.dtype == np.float32 for W, b in net32.weights)
    assert net32.forward(X).dtype == np.float32
    assert net32.forward(X.astype(np.float64)).dtype == np.float32
    t = net32.forward_trace(X)
    assert all(a.dtype == np.float32 for a in t.pre_activations + t.activations)
    g32, g64 = net32.gradients(X, y[:64]), net64.gradients(X, y[:64])
    assert all(dW.dtype == np.float32 and db.dtype == np.float32 for dW, db in g32)
    assert worst_relative_error(g32, g64) < 1e-5
    assert isinstance(net32.loss(X, y[:64]), float)
    net32.fit(X, y[:64], epochs=2, batch_size=16, learning_rate=0.1)
    assert all(W.dtype == np.float32 and b.dtype == np.float32 for W, b in net32.weights)


# --------------------------------------------------- seeds and the shuffling stream


def test_same_seed_same_network_and_history() -> None:
    X, y = data.moons(120, seed=4)

    def run(seed: int, shuffle: bool = True):
        net = MLP([2, 6, 1], "tanh", "sigmoid", init="glorot", seed=seed)
        start = net.get_weights()
        history = net.fit(
            X,
            y,
            epochs=3,
            batch_size=16,
            learning_rate=0.3,
            shuffle=shuffle,
            validation_data=(X, y),
        )
        return start, net.get_weights(), history

    a, b = run(0), run(0)
    for wa, wb in zip(a[0] + a[1], b[0] + b[1], strict=True):
        assert_array_equal(wa, wb)
    assert a[2] == b[2]
    assert set(a[2]) == {"loss", "val_loss"}
    other_seed, unshuffled = run(1), run(0, shuffle=False)
    assert not np.array_equal(other_seed[0][0], a[0][0])
    assert other_seed[2]["loss"] != a[2]["loss"]
    assert unshuffled[2]["loss"] != a[2]["loss"]  # shuffling changes the batches...
    assert_array_equal(unshuffled[0][0], a[0][0])  # ...not the start


#: Four samples: few enough to replay all 24 orders, enough for orders to differ.
ORDER_X = np.random.default_rng(11).normal(size=(4, 2))
ORDER_Y = np.random.default_rng(12).normal(size=4)


def visiting_order(before, after) -> tuple[int, ...]:
    """The order in which one epoch (batches of one) visited the samples, found by
    replaying every order from the weights ``before`` without shuffling and keeping the
    one that ends exactly at the weights ``after``."""
    replay = MLP([2, 3, 1], "tanh", seed=None)
    found = []
    for order in itertools.permutations(range(len(ORDER_X))):
        replay.weights = before
        rows = list(order)
        replay.fit(ORDER_X[rows], ORDER_Y[rows], batch_size=1, learning_rate=0.1, shuffle=False)
        if worst_relative_error(replay.weights, after) == 0.0:
            found.append(order)
    assert len(found) == 1, found
    return found[0]


def test_each_fit_call_continues_the_networks_random_stream() -> None:
    # As in Keras: the generator seeded by MLP(seed=...) draws the weights and then, call
    # after call, the order of every epoch; a loop of one-epoch fits sees a new order each
    # time, and the same loop from the same seed ends at the same weights.
    def one_epoch_loop(seed: int, watch: bool) -> tuple[MLP, list[tuple[int, ...]]]:
        net = MLP([2, 3, 1], "tanh", seed=seed)
        orders = []
        for _ in range(4):
            before = net.weights
            net.fit(ORDER_X, ORDER_Y, epochs=1, batch_size=1, learning_rate=0.1)
            if watch:
                orders.append(visiting_order(before, net.weights))
        return net, orders

    net, orders = one_epoch_loop(seed=3, watch=True)
    assert all(a != b for a, b in itertools.pairwise(orders)), orders
    twin, _ = one_epoch_loop(seed=3, watch=False)
    assert worst_relative_error(twin.weights, net.weights) == 0.0
    other, _ = one_epoch_loop(seed=4, watch=False)
    assert worst_relative_error(other.weights, net.weights) > 0.0
    # one call of four epochs draws the same four orders as four calls of one
    at_once = MLP([2, 3, 1], "tanh", seed=3)
    at_once.fit(ORDER_X, ORDER_Y, epochs=4, batch_size=1, learning_rate=0.1)
    assert worst_relative_error(at_once.weights, net.weights) == 0.0


def test_fit_takes_its_options_as_keywords_only() -> None:
    net = MLP([2, 1], output_activation="sigmoid")
    X, y = data.logic_gate("AND")
    with pytest.raises(TypeError, match="positional"):
        net.fit(X, y, 32, 10)  # type: ignore[misc]
    with pytest.raises(TypeError):
        net.fit(X, y, epochs=1, seed=0)  # type: ignore[call-arg]  # seed belongs to MLP


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
        steps = zip(twin.weights, grads, strict=True)
        twin.weights = [(W - 0.1 * dW, b - 0.1 * db) for (W, b), (dW, db) in steps]
    history = net.fit(X, y, epochs=1, batch_size=2, learning_rate=0.1, shuffle=False)
    assert history["loss"][0] == pytest.approx(expected / 5, rel=1e-14)
    assert worst_relative_error(net.weights, twin.weights) < 1e-15


def test_classification_helpers() -> None:
    net = MLP([2, 3], output_activation="softmax")
    net.weights = [(np.array([[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]]), np.zeros(3))]
    X = np.array([[2.0, 1.0], [0.0, 1.0], [-2.0, 0.0]])
    assert_array_equal(net.classify(X), [0, 1, 2])
    assert net.accuracy(X, [0, 1, 1]) == pytest.approx(2 / 3)
    assert net.accuracy(X, np.eye(3)[[0, 1, 2]]) == 1.0


# ---------------------------------------------------------------- the book's promise


@functools.cache
def test_digits_64_64_10_reaches_95_percent() -> None:
    """The digits network of the propagation chapter, in float32: batches of 50 (1347
    images leave a last batch of 47, not the 3 that batches of 32 leave, whose noisy step
    can throw the weights off just before the end), learning rate 0.2, 20 epochs. Its
    speed is measured by tools/benchmark_mlp.py, not asserted here."""
    X_train, X_test, y_train, y_test = data.digits()
    net = MLP([64, 64, 10], "relu", "softmax", init="he", seed=0, dtype=np.float32)
    net.fit(X_train, y_train, epochs=20, batch_size=50, learning_rate=0.2)
    assert net.accuracy(X_test, y_test) >= 0.95


# ------------------------------------------------------------------------ bad input


def _net(output: str = "softmax", k: int = 3) -> MLP:
    return MLP([2, 4, k], "relu", output, seed=0)


X4 = np.zeros((4, 2))


def _fit(net: MLP, y, **options) -> object:
    return net.fit(X4, y, **{"epochs": 1, "batch_size": 2, "learning_rate": 0.1, **options})


#: A wrong value or shape: ValueError, whose message names the function and says what to do.
BAD_VALUES = {
    "too few layers": (lambda: MLP([3]), "MLP: layer_sizes must list at least two sizes"),
    "zero width": (lambda: MLP([2, 0, 1]), r"MLP: layer_sizes\[1\] must be a whole number >= 1"),
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
    "X features": (
        lambda: _net().forward(np.zeros((4, 3))),
        r"MLP.forward: X has 3 inputs \(columns\), expected 2",
    ),
    "X 1-D": (lambda: _net().forward(np.zeros(2)), r"2-D.*\.reshape\(1, -1\)"),
    "X NaN": (lambda: _net().forward([[0.0, np.nan]]), r"finite; X\[0, 1\] = nan"),
    "X inf": (lambda: _net().loss([[np.inf, 0.0]], [0]), "finite"),
    "X empty": (lambda: _net().forward(np.zeros((0, 2))), r"X is empty \(shape \(0, 2\)\)"),
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
    "class index fractional": (lambda: _fit(_net(), [0, 1.5, 2, 1]), "whole numbers"),
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
    "weights count": (
        lambda: setattr(_net(), "weights", [(np.zeros((2, 4)), np.zeros(4))]),
        "MLP.weights: must have 2 .W, b. pairs",
    ),
    "weights shape": (
        lambda: setattr(
            _net(), "weights", [(np.zeros((4, 2)), np.zeros(4)), (np.zeros((4, 3)), np.zeros(3))]
        ),
        r"weights\[0\] W must have shape \(2, 4\), got \(4, 2\)",
    ),
    "weights bias shape": (
        lambda: setattr(
            _net(),
            "weights",
            [(np.zeros((2, 4)), np.zeros((1, 4))), (np.zeros((4, 3)), np.zeros(3))],
        ),
        r"weights\[0\] b must have shape \(4,\)",
    ),
    "weights NaN": (
        lambda: setattr(
            _net(),
            "weights",
            [(np.full((2, 4), np.nan), np.zeros(4)), (np.zeros((4, 3)), np.zeros(3))],
        ),
        "finite",
    ),
    "set_weights count": (
        lambda: _net().set_weights([np.zeros((2, 4))]),
        r"MLP.set_weights: needs 4 arrays",
    ),
    "epochs": (
        lambda: _fit(_net(), [0, 1, 2, 0], epochs=0),
        "MLP.fit: epochs must be a whole number >= 1",
    ),
    "batch size": (
        lambda: _fit(_net(), [0, 1, 2, 0], batch_size=0),
        "MLP.fit: batch_size must be a whole number >= 1",
    ),
    "learning rate": (
        lambda: _fit(_net(), [0, 1, 2, 0], learning_rate=-0.1),
        "MLP.fit: learning_rate must be > 0",
    ),
    "learning rate NaN": (
        lambda: _fit(_net(), [0, 1, 2, 0], learning_rate=float("nan")),
        "MLP.fit: learning_rate must be finite",
    ),
    "validation labels": (
        lambda: _fit(_net(), [0, 1, 2, 0], validation_data=(X4, [0, 1, 2, 5])),
        "validation_data: class index 5",
    ),
    "classes of a regression": (
        lambda: _net("identity", 1).classify(X4),
        "MLP.classify: needs a 'sigmoid' or 'softmax' output",
    ),
}

#: The wrong kind of object: TypeError, whose message names the function and the argument.
BAD_TYPES = {
    "float width": (lambda: MLP([2, 3.5, 1]), r"MLP: layer_sizes\[1\] must be a whole number"),
    "X strings": (lambda: _net().forward([["a", "b"]]), "MLP.forward: X must hold real numbers"),
    "y strings": (
        lambda: _net("identity", 1).loss(X4, "abcd"),
        "MLP.loss: y must be an array of real numbers",
    ),
    "validation data": (
        lambda: _fit(_net(), [0, 1, 2, 0], validation_data=X4),
        r"MLP.fit: validation_data must be a pair \(X_val, y_val\)",
    ),
    "epochs float": (
        lambda: _fit(_net(), [0, 1, 2, 0], epochs=2.0),
        "MLP.fit: epochs must be a whole number, got float",
    ),
}


@pytest.mark.parametrize("name", list(BAD_VALUES))
def test_bad_input_raises_a_helpful_value_error(name: str) -> None:
    call, message = BAD_VALUES[name]
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize("name", list(BAD_TYPES))
def test_wrong_kind_of_input_raises_a_helpful_type_error(name: str) -> None:
    call, message = BAD_TYPES[name]
    with pytest.raises(TypeError, match=message):
        call()
