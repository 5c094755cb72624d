"""The output layers and their losses, :mod:`course_code.losses`.

Every loss is computed from logits, so it is finite for every finite logit and keeps its
relative precision where the textbook formula rounds to 0 or overflows: checked against
mpmath at extreme logits. Every ``*_gradient`` is checked against centred differences
of its loss, and against the canonical form "prediction minus target, over the number of
terms"; the :data:`~course_code.losses.OUTPUTS` records, their Keras names and the
generated table are checked too. How a network uses them is in ``test_propagation.py``.
"""

from __future__ import annotations

import dataclasses

import keras
import mpmath as mp
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from course_code.activations import log_softmax as registry_log_softmax
from course_code.activations import sigmoid, softmax
from course_code.gradcheck import numerical_gradient, relative_error
from course_code.losses import (
    OUTPUTS,
    OutputLoss,
    binary_crossentropy,
    binary_crossentropy_gradient,
    categorical_crossentropy,
    categorical_crossentropy_gradient,
    encode_targets,
    loss_table,
    mean_squared_error,
    mean_squared_error_gradient,
)

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


# ---------------------------------------------------------------------- gradients

RNG = np.random.default_rng(31)
#: (loss, its gradient, logits, targets): a batch of 5, with 3 outputs
GRADIENT_CASES = {
    "mse": (
        mean_squared_error,
        mean_squared_error_gradient,
        RNG.normal(size=(5, 3)),
        RNG.normal(size=(5, 3)),
    ),
    "bce": (
        binary_crossentropy,
        binary_crossentropy_gradient,
        RNG.normal(scale=3.0, size=(5, 3)),
        RNG.integers(0, 2, size=(5, 3)),
    ),
    "cce-indices": (
        categorical_crossentropy,
        categorical_crossentropy_gradient,
        RNG.normal(scale=3.0, size=(5, 3)),
        np.array([0, 2, 1, 1, 0]),
    ),
    "cce-one-hot": (
        categorical_crossentropy,
        categorical_crossentropy_gradient,
        RNG.normal(scale=3.0, size=(5, 3)),
        np.eye(3)[[2, 2, 0, 1, 0]],
    ),
}


@pytest.mark.parametrize("name", list(GRADIENT_CASES))
def test_gradient_matches_central_differences(name: str) -> None:
    loss, gradient, z, y = GRADIENT_CASES[name]
    g = gradient(z, y)
    assert g.shape == z.shape and g.dtype == np.float64
    assert relative_error(g, numerical_gradient(lambda v: loss(v, y), z)) <= 1e-8


@pytest.mark.parametrize("name", list(GRADIENT_CASES))
def test_gradient_is_prediction_minus_target(name: str) -> None:
    _, gradient, z, y = GRADIENT_CASES[name]
    n, k = z.shape
    if name == "mse":
        expected = 2 * (z - y) / (n * k)
    elif name == "bce":
        expected = (sigmoid(z) - y) / (n * k)
    else:
        onehot = y if y.ndim == 2 else np.eye(k)[y]
        expected = (softmax(z) - onehot) / n
    assert_allclose(gradient(z, y), expected, rtol=1e-13, atol=1e-17)


def test_gradients_keep_their_precision_near_a_perfect_fit() -> None:
    # sigma(40) - 1 and softmax - 1 cancel to 0 in the textbook form; the true values are
    # -e^-40 / (1 + e^-40) and -2 e^-40 / (1 + 2 e^-40)
    with mp.workdps(50):
        bce = float(-mp.exp(-40) / (1 + mp.exp(-40)))
        cce = float(-2 * mp.exp(-40) / (1 + 2 * mp.exp(-40)))
    assert binary_crossentropy_gradient([[40.0]], [1])[0, 0] == pytest.approx(bce, rel=1e-15)
    assert categorical_crossentropy_gradient([[40.0, 0.0, 0.0]], [0])[0, 0] == pytest.approx(
        cce, rel=1e-15
    )


# ------------------------------------------------------------------------ records


def test_outputs_pair_each_activation_with_its_loss() -> None:
    assert list(OUTPUTS) == ["identity", "sigmoid", "softmax"]
    pairs = {
        "identity": (mean_squared_error, mean_squared_error_gradient),
        "sigmoid": (binary_crossentropy, binary_crossentropy_gradient),
        "softmax": (categorical_crossentropy, categorical_crossentropy_gradient),
    }
    z = RNG.normal(size=(4, 3))
    y = {"identity": RNG.normal(size=(4, 3)), "sigmoid": np.eye(3)[[0, 1, 2, 1]]}
    y["softmax"] = y["sigmoid"]
    for name, rec in OUTPUTS.items():
        assert isinstance(rec, OutputLoss) and rec.name == name
        loss, gradient = pairs[name]
        assert rec.loss(z, y[name]) == loss(z, y[name])
        assert_array_equal(rec.gradient(z, y[name]), gradient(z, y[name]))
        value, grad = rec.evaluate(z, y[name], "here")
        assert value == loss(z, y[name])
        assert_array_equal(grad, gradient(z, y[name]))
        # the kernel takes float64 logits and encoded targets
        T = encode_targets(y[name], name, 3, 4, "here")
        k_value, k_grad = rec.kernel(z, T)
        assert k_value == value
        assert_array_equal(k_grad, grad)
        assert_array_equal(
            rec.activation(z), {"identity": z, "sigmoid": sigmoid(z)}.get(name, softmax(z))
        )


def test_output_loss_records_take_keyword_arguments_only() -> None:
    rec = OUTPUTS["sigmoid"]
    values = [getattr(rec, f.name) for f in dataclasses.fields(OutputLoss)]
    with pytest.raises(TypeError):
        OutputLoss(*values)
    assert (
        OutputLoss(**{f.name: getattr(rec, f.name) for f in dataclasses.fields(OutputLoss)}) == rec
    )


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_keras_loss_names_exist(name: str) -> None:
    cls = getattr(keras.losses, OUTPUTS[name].keras_loss)
    assert issubclass(cls, keras.losses.Loss)


def test_evaluate_names_the_caller_in_its_errors() -> None:
    with pytest.raises(ValueError, match="my_function: logits must be 2-D"):
        OUTPUTS["sigmoid"].evaluate([0.0, 1.0], [0, 1], "my_function")
    with pytest.raises(ValueError, match=r"OUTPUTS\['softmax'\].loss: softmax needs at least 2"):
        OUTPUTS["softmax"].loss([[0.0], [1.0]], [0, 0])


def test_loss_table_has_one_row_per_output() -> None:
    lines = loss_table().splitlines()
    assert len(lines) == 2 + len(OUTPUTS)
    assert all(line.startswith("|") and line.endswith("|") for line in lines)
    assert lines[1] == "|---|---|---|---|---|"
    for line, rec in zip(lines[2:], OUTPUTS.values(), strict=True):
        assert f"| {rec.name} | {rec.loss_name} |" in line
        assert f"`keras.losses.{rec.keras_loss}(" in line
        assert ("from_logits=True" in line) == (rec.name != "identity")


# ------------------------------------------------------------------------- targets


def test_encode_targets() -> None:
    assert_array_equal(encode_targets([2, 0], "softmax", 3, 2, "here"), [[0, 0, 1], [1, 0, 0]])
    assert_array_equal(encode_targets([[2], [0]], "softmax", 3, 2, "here"), [[0, 0, 1], [1, 0, 0]])
    probs = [[0.25, 0.75], [1.0, 0.0]]
    assert_array_equal(encode_targets(probs, "softmax", 2, 2, "here"), probs)
    got = encode_targets([1, 0, 1], "sigmoid", 1, 3, "here")
    assert got.shape == (3, 1) and got.dtype == np.float64
    assert_array_equal(encode_targets([True, False], "sigmoid", 1, 2, "here"), [[1.0], [0.0]])
    assert_array_equal(encode_targets([0.5, -2.0], "identity", 1, 2, "here"), [[0.5], [-2.0]])
    with pytest.raises(ValueError, match="here: class index 3 does not fit"):
        encode_targets([3, 0], "softmax", 3, 2, "here")
    with pytest.raises(TypeError, match="here: y must be an array of real numbers"):
        encode_targets("ab", "sigmoid", 1, 2, "here")
