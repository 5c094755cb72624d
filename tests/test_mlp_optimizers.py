"""``MLP.fit`` with the optimizers of :mod:`course_code.optim` follows ``keras.Model.fit``.

Same initial weights, same batches (no shuffling), float64, and hyperparameters that
float32 represents exactly (Keras rounds some of them to float32 even in float64, see
``tests/test_optim.py``): the loss curves agree to 1e-10 relative, for Adam and for SGD
with Nesterov momentum, and an optimizer object keeps its state across ``fit`` calls.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_code import data, optim
from course_code.gradcheck import worst_relative_error
from course_code.keras_propagation import float64, keras_loss, keras_mlp
from course_code.propagation import MLP

EXACT = {  # every hyperparameter exact in float32
    "adam": dict(learning_rate=2.0**-7, beta_1=0.875, beta_2=0.9990234375, epsilon=2.0**-20),
    "sgd": dict(learning_rate=2.0**-4, momentum=0.875, nesterov=True),
}


def curves(name: str, epochs: int = 6):
    X, y = data.moons(200, seed=3)
    net = MLP([2, 16, 16, 1], hidden_activation="tanh", output_activation="sigmoid", seed=1)
    with float64():
        model = keras_mlp(net)
        keras_opt = getattr(keras.optimizers, {"adam": "Adam", "sgd": "SGD"}[name])(**EXACT[name])
        model.compile(optimizer=keras_opt, loss=keras_loss("sigmoid"))
        keras_history = model.fit(
            X, y[:, None], epochs=epochs, batch_size=32, shuffle=False, verbose=0
        ).history["loss"]
        keras_weights = model.get_weights()
    ours = optim.get_optimizer(name, **EXACT[name])
    history = net.fit(X, y, epochs=epochs, batch_size=32, optimizer=ours, shuffle=False)["loss"]
    return np.array(history), np.array(keras_history), net.get_weights(), keras_weights


@pytest.mark.parametrize("name", ["adam", "sgd"])
def test_loss_curve_and_weights_follow_keras(name: str) -> None:
    ours, theirs, w_ours, w_theirs = curves(name)
    assert np.max(np.abs(ours - theirs) / theirs) <= 1e-10
    assert worst_relative_error(w_ours, w_theirs) <= 1e-10
    assert ours[-1] < 0.5 * ours[0]  # it trained


def test_an_optimizer_object_keeps_its_state_across_fit_calls() -> None:
    X, y = data.moons(64, seed=0)
    one = MLP([2, 8, 1], hidden_activation="tanh", output_activation="sigmoid", seed=2)
    two = MLP([2, 8, 1], hidden_activation="tanh", output_activation="sigmoid", seed=2)
    opt_one, opt_two = optim.Adam(learning_rate=0.01), optim.Adam(learning_rate=0.01)
    one.fit(X, y, epochs=4, batch_size=16, optimizer=opt_one)
    for _ in range(4):
        two.fit(X, y, epochs=1, batch_size=16, optimizer=opt_two)
    assert opt_one.iterations == opt_two.iterations == 16
    assert worst_relative_error(one.get_weights(), two.get_weights()) == 0.0


def test_optimizer_by_name_with_learning_rate() -> None:
    X, y = data.moons(64, seed=0)
    net = MLP([2, 8, 1], hidden_activation="tanh", output_activation="sigmoid", seed=2)
    twin = MLP([2, 8, 1], hidden_activation="tanh", output_activation="sigmoid", seed=2)
    net.fit(X, y, epochs=2, batch_size=16, optimizer="adam", learning_rate=0.01)
    twin.fit(X, y, epochs=2, batch_size=16, optimizer=optim.Adam(learning_rate=0.01))
    assert worst_relative_error(net.get_weights(), twin.get_weights()) == 0.0


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"optimizer": optim.SGD(), "learning_rate": 0.1}, ValueError, "constructor"),
        ({"optimizer": 3}, TypeError, "optimizer must be a name"),
        ({"optimizer": "adamax"}, ValueError, "unknown optimizer"),
        ({"optimizer": "sgd", "learning_rate": -1.0}, ValueError, "learning_rate must be > 0"),
    ],
)
def test_bad_optimizer_arguments(kwargs, error, match) -> None:
    net = MLP([2, 1], output_activation="sigmoid")
    with pytest.raises(error, match=match):
        net.fit(np.zeros((4, 2)), [0, 1, 0, 1], **kwargs)
