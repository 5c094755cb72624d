"""One exception policy for the whole public API (``course_code._validation``).

``TypeError`` when an argument is the wrong *kind* of object (a string where numbers are
expected, ``None``, a float where a whole number is needed), ``ValueError`` when it is the
right kind with a wrong *value* or *shape*; never both at once (scikit-learn's
``InvalidParameterError`` is both). The message starts with the function the learner
called (``MLP.fit: epochs must be ...``) and names the argument, so that a traceback says
which call and which argument to look at.

Each row below is one call with one bad argument, the exception it must raise, the
function its message must start with and the argument it must name (``None`` where the
call has no argument to blame, e.g. an unfitted model). A row marked ``xfail`` is a place
where the package does not follow the policy yet: it is listed so that the gap is visible,
and ``strict=True`` makes the test fail (and the mark go) once it is fixed. Finer points
of each module's errors are tested in that module's test file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from course_code import activations as A
from course_code import checks as C
from course_code import data as D
from course_code import gradcheck as G
from course_code import losses as L
from course_code import perceptron as P
from course_code.activations import ACTIVATIONS
from course_code.propagation import MLP

X4 = np.zeros((4, 2))
Y4 = np.array([0, 1, 1, 0])
W2 = np.array([1.0, 1.0])


def _net() -> MLP:
    return MLP([2, 3, 1], "tanh", "sigmoid", seed=0)


def _fit(**options: Any) -> Any:
    return _net().fit(X4, Y4, **options)


def row(
    id: str,
    call: Callable[[], Any],
    error: type[Exception],
    where: str,
    argument: str | None,
    gap: str | None = None,
) -> Any:
    """A pytest.param; ``gap`` says how the package misses the policy today (xfail)."""
    marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
    return pytest.param(call, error, where, argument, id=id, marks=marks)


ROWS = [
    # ---------------------------------------------------------------- activations
    row("relu-x-str", lambda: A.relu("a"), TypeError, "relu", None),
    row("relu'-x-None", lambda: A.relu_derivative(None), TypeError, "relu_derivative", None),
    row(
        "leaky_relu-alpha-str",
        lambda: A.leaky_relu([1.0], alpha="a"),
        TypeError,
        "leaky_relu",
        "alpha",
    ),
    row(
        "leaky_relu-alpha-nan",
        lambda: A.leaky_relu([1.0], alpha=np.nan),
        ValueError,
        "leaky_relu",
        "alpha",
    ),
    row(
        "gelu-approximate-str",
        lambda: A.gelu([1.0], approximate="yes"),
        TypeError,
        "gelu",
        "approximate",
    ),
    row("swish-beta-str", lambda: A.swish([1.0], beta="1"), TypeError, "swish", "beta"),
    row(
        "prelu-alpha-nan",
        lambda: A.prelu([1.0], alpha=np.array([np.nan])),
        ValueError,
        "prelu",
        "alpha",
    ),
    row("softmax-x-str", lambda: A.softmax("a"), TypeError, "softmax", None),
    row("softmax-x-scalar", lambda: A.softmax(1.0), ValueError, "softmax", None),
    row(
        "softmax-axis-str",
        lambda: A.softmax([1.0, 2.0], axis="a"),
        TypeError,
        "softmax",
        "axis",
    ),
    row(
        "softmax-axis-out-of-range",
        lambda: A.softmax([1.0, 2.0], axis=5),
        ValueError,
        "softmax",
        "axis",
    ),
    row(
        "property_table-names-str",
        lambda: A.property_table("relu"),
        TypeError,
        "property_table",
        "names",
    ),
    row(
        "property_table-unknown",
        lambda: A.property_table(["relux"]),
        ValueError,
        "property_table",
        "names",
    ),
    row(
        "mean_of_standard_normal-name-int",
        lambda: A.mean_of_standard_normal(5),
        TypeError,
        "mean_of_standard_normal",
        "name",
    ),
    row(
        "mean_of_standard_normal-unknown",
        lambda: A.mean_of_standard_normal("relux"),
        ValueError,
        "mean_of_standard_normal",
        "name",
    ),
    # ------------------------------------------------------------------ perceptron
    row(
        "Perceptron-learning_rate-str",
        lambda: P.Perceptron(learning_rate="a"),
        TypeError,
        "Perceptron",
        "learning_rate",
    ),
    row(
        "Perceptron-learning_rate-0",
        lambda: P.Perceptron(learning_rate=0.0),
        ValueError,
        "Perceptron",
        "learning_rate",
    ),
    row(
        "Perceptron-max_epochs-float",
        lambda: P.Perceptron(max_epochs=2.5),
        TypeError,
        "Perceptron",
        "max_epochs",
    ),
    row(
        "Perceptron-max_epochs-0",
        lambda: P.Perceptron(max_epochs=0),
        ValueError,
        "Perceptron",
        "max_epochs",
    ),
    row(
        "Perceptron-shuffle-str",
        lambda: P.Perceptron(shuffle="no"),
        TypeError,
        "Perceptron",
        "shuffle",
    ),
    row(
        "Perceptron.fit-X-str",
        lambda: P.Perceptron().fit("abc", [0]),
        TypeError,
        "Perceptron.fit",
        "X",
    ),
    row(
        "Perceptron.fit-y-None",
        lambda: P.Perceptron().fit(X4, None),
        TypeError,
        "Perceptron.fit",
        "y",
    ),
    row(
        "Perceptron.fit-X-1d",
        lambda: P.Perceptron().fit([0.0, 1.0], [0, 1]),
        ValueError,
        "Perceptron.fit",
        "X",
    ),
    row(
        "Perceptron.fit-y-labels",
        lambda: P.Perceptron().fit(X4, [0, 1, 2, 0]),
        ValueError,
        "Perceptron.fit",
        "y",
    ),
    row(
        "Perceptron.predict-unfitted",
        lambda: P.Perceptron().predict(X4),
        ValueError,
        "Perceptron.predict",
        None,
    ),
    row("augment-X-str", lambda: P.augment("a"), TypeError, "augment", "X"),
    row("augment-X-1d", lambda: P.augment([1.0, 2.0]), ValueError, "augment", "X"),
    row(
        "augmented_margin-weights-str",
        lambda: P.augmented_margin(X4, Y4, "ab", 0.0),
        TypeError,
        "augmented_margin",
        "weights",
    ),
    row(
        "augmented_margin-bias-str",
        lambda: P.augmented_margin(X4, Y4, W2, "0"),
        TypeError,
        "augmented_margin",
        "bias",
    ),
    row(
        "augmented_margin-weights-size",
        lambda: P.augmented_margin(X4, Y4, [1.0], 0.0),
        ValueError,
        "augmented_margin",
        "weights",
    ),
    row(
        "geometric_margin-X-str",
        lambda: P.geometric_margin("X", Y4, W2, 0.0),
        TypeError,
        "geometric_margin",
        "X",
    ),
    row(
        "geometric_margin-weights-zero",
        lambda: P.geometric_margin(X4, Y4, [0.0, 0.0], 1.0),
        ValueError,
        "geometric_margin",
        "weights",
    ),
    row(
        "novikoff_bound-y-str",
        lambda: P.novikoff_bound(X4, "y", W2, 0.0),
        TypeError,
        "novikoff_bound",
        "y",
    ),
    row(
        "novikoff_bound-not-separating",
        lambda: P.novikoff_bound(X4, Y4, W2, 0.0),
        ValueError,
        "novikoff_bound",
        None,
    ),
    # ------------------------------------------------------------------------- MLP
    row("MLP-layer_sizes-str", lambda: MLP("abc"), TypeError, "MLP", "layer_sizes"),
    row("MLP-layer_sizes-float", lambda: MLP([2, 2.5]), TypeError, "MLP", "layer_sizes"),
    row("MLP-layer_sizes-0", lambda: MLP([2, 0]), ValueError, "MLP", "layer_sizes"),
    row(
        "MLP-hidden_activation-int",
        lambda: MLP([2, 3, 1], 5),
        TypeError,
        "MLP",
        "hidden_activation",
    ),
    row(
        "MLP-hidden_activation-unknown",
        lambda: MLP([2, 3, 1], "relux"),
        ValueError,
        "MLP",
        "hidden",
    ),
    row(
        "MLP-output_activation-None",
        lambda: MLP([2, 1], output_activation=None),
        TypeError,
        "MLP",
        "output_activation",
    ),
    row("MLP-init-int", lambda: MLP([2, 1], init=5), TypeError, "MLP", "init"),
    row("MLP-dtype-str", lambda: MLP([2, 1], dtype="abc"), TypeError, "MLP", "dtype"),
    row("MLP-dtype-float16", lambda: MLP([2, 1], dtype=np.float16), ValueError, "MLP", "dtype"),
    row(
        "MLP-seed-str",
        lambda: MLP([2, 1], seed="a"),
        TypeError,
        "MLP",
        "seed",
    ),
    row("MLP.fit-X-str", lambda: _net().fit("X", Y4), TypeError, "MLP.fit", "X"),
    row("MLP.fit-y-str", lambda: _net().fit(X4, "abcd"), TypeError, "MLP.fit", "y"),
    row("MLP.fit-epochs-str", lambda: _fit(epochs="a"), TypeError, "MLP.fit", "epochs"),
    row("MLP.fit-epochs-float", lambda: _fit(epochs=2.0), TypeError, "MLP.fit", "epochs"),
    row("MLP.fit-epochs-0", lambda: _fit(epochs=0), ValueError, "MLP.fit", "epochs"),
    row(
        "MLP.fit-batch_size-None", lambda: _fit(batch_size=None), TypeError, "MLP.fit", "batch_size"
    ),
    row(
        "MLP.fit-learning_rate-str",
        lambda: _fit(learning_rate="a"),
        TypeError,
        "MLP.fit",
        "learning_rate",
    ),
    row(
        "MLP.fit-learning_rate-negative",
        lambda: _fit(learning_rate=-1.0),
        ValueError,
        "MLP.fit",
        "learning_rate",
    ),
    row(
        "MLP.fit-validation_data-str",
        lambda: _fit(validation_data="ab"),
        TypeError,
        "MLP.fit",
        "validation_data",
    ),
    row(
        "MLP.fit-shuffle-str",
        lambda: _fit(shuffle="no"),
        TypeError,
        "MLP.fit",
        "shuffle",
    ),
    row("MLP.fit-X-columns", lambda: _net().fit(np.zeros((4, 3)), Y4), ValueError, "MLP.fit", "X"),
    row("MLP.loss-X-str", lambda: _net().loss("X", Y4), TypeError, "MLP.loss", "X"),
    row("MLP.loss-y-labels", lambda: _net().loss(X4, [0, 1, 2, 0]), ValueError, "MLP.loss", None),
    row("MLP.loss-y-shape", lambda: _net().loss(X4, [0, 1]), ValueError, "MLP.loss", "y"),
    row(
        "MLP.weights-str",
        lambda: setattr(_net(), "weights", "abc"),
        TypeError,
        "MLP.weights",
        "weights",
    ),
    row(
        "MLP.weights-W-str",
        lambda: setattr(_net(), "weights", [("ab", np.zeros(3)), (np.zeros((3, 1)), np.zeros(1))]),
        TypeError,
        "MLP.weights",
        "W",
    ),
    row(
        "MLP.weights-count",
        lambda: setattr(_net(), "weights", [(np.zeros((2, 3)), np.zeros(3))]),
        ValueError,
        "MLP.weights",
        "weights",
    ),
    row(
        "MLP.weights-shape",
        lambda: setattr(
            _net(), "weights", [(np.zeros((3, 2)), np.zeros(3)), (np.zeros((3, 1)), np.zeros(1))]
        ),
        ValueError,
        "MLP.weights",
        "W",
    ),
    row(
        "MLP.set_weights-str", lambda: _net().set_weights("abc"), TypeError, "MLP.set_weights", None
    ),
    row(
        "MLP.set_weights-count",
        lambda: _net().set_weights([np.zeros((2, 3))]),
        ValueError,
        "MLP.set_weights",
        None,
    ),
    row("MLP.forward-X-None", lambda: _net().forward(None), TypeError, "MLP.forward", "X"),
    row("MLP.classify-X-str", lambda: _net().classify("X"), TypeError, "MLP.classify", "X"),
    # ---------------------------------------------------------------------- losses
    row(
        "mean_squared_error-outputs-str",
        lambda: L.mean_squared_error("a", [1.0]),
        TypeError,
        "mean_squared_error",
        "outputs",
    ),
    row(
        "mean_squared_error-y-str",
        lambda: L.mean_squared_error([[1.0]], "a"),
        TypeError,
        "mean_squared_error",
        "y",
    ),
    row(
        "binary_crossentropy-logits-str",
        lambda: L.binary_crossentropy("a", [1]),
        TypeError,
        "binary_crossentropy",
        "logits",
    ),
    row(
        "binary_crossentropy-logits-1d",
        lambda: L.binary_crossentropy([0.0, 1.0], [0, 1]),
        ValueError,
        "binary_crossentropy",
        "logits",
    ),
    row(
        "categorical_crossentropy-logits-None",
        lambda: L.categorical_crossentropy(None, [1]),
        TypeError,
        "categorical_crossentropy",
        "logits",
    ),
    row(
        "categorical_crossentropy-y-3d",
        lambda: L.categorical_crossentropy([[0.0, 1.0]], np.zeros((1, 2, 1))),
        ValueError,
        "categorical_crossentropy",
        "y",
    ),
    row(
        "mean_squared_error_gradient-y-str",
        lambda: L.mean_squared_error_gradient([[1.0]], "a"),
        TypeError,
        "mean_squared_error_gradient",
        "y",
    ),
    row(
        "binary_crossentropy_gradient-y-str",
        lambda: L.binary_crossentropy_gradient([[0.0]], "a"),
        TypeError,
        "binary_crossentropy_gradient",
        "y",
    ),
    row(
        "categorical_crossentropy_gradient-logits-1d",
        lambda: L.categorical_crossentropy_gradient([0.0, 1.0], [1]),
        ValueError,
        "categorical_crossentropy_gradient",
        "logits",
    ),
    row(
        "OUTPUTS.loss-logits-str",
        lambda: L.OUTPUTS["sigmoid"].loss("a", [1]),
        TypeError,
        "OUTPUTS['sigmoid'].loss",
        "logits",
    ),
    row(
        "OUTPUTS.gradient-logits-1d",
        lambda: L.OUTPUTS["identity"].gradient([0.0], [1.0]),
        ValueError,
        "OUTPUTS['identity'].gradient",
        "logits",
    ),
    row(
        "encode_targets-y-str",
        lambda: L.encode_targets("a", "sigmoid", 1, 1, "caller"),
        TypeError,
        "caller",
        "y",
    ),
    # ------------------------------------------------------------------- gradcheck
    row(
        "numerical_gradient-f-str",
        lambda: G.numerical_gradient("f", [1.0]),
        TypeError,
        "numerical_gradient",
        "f",
    ),
    row(
        "numerical_gradient-x-str",
        lambda: G.numerical_gradient(np.sum, "x"),
        TypeError,
        "numerical_gradient",
        "x",
    ),
    row(
        "numerical_gradient-h-str",
        lambda: G.numerical_gradient(np.sum, [1.0], h="a"),
        TypeError,
        "numerical_gradient",
        "h",
    ),
    row(
        "numerical_gradient-h-0",
        lambda: G.numerical_gradient(np.sum, [1.0], h=0.0),
        ValueError,
        "numerical_gradient",
        "h",
    ),
    row(
        "relative_error-a-str",
        lambda: G.relative_error("a", [1.0]),
        TypeError,
        "relative_error",
        "a",
    ),
    row(
        "relative_error-shapes",
        lambda: G.relative_error([1.0], [1.0, 2.0]),
        ValueError,
        "relative_error",
        "b",
    ),
    row(
        "numerical_gradients-net-str",
        lambda: G.numerical_gradients("net", X4, Y4),
        TypeError,
        "numerical_gradients",
        "net",
    ),
    row(
        "numerical_gradients-h-str",
        lambda: G.numerical_gradients(_net(), X4, Y4, h="a"),
        TypeError,
        "numerical_gradients",
        "h",
    ),
    row(
        "worst_relative_error-grads-str",
        lambda: G.worst_relative_error("ab", [np.zeros(1)]),
        TypeError,
        "worst_relative_error",
        "grads",
    ),
    row(
        "worst_relative_error-count",
        lambda: G.worst_relative_error([np.zeros(1)], [np.zeros(1), np.zeros(1)]),
        ValueError,
        "worst_relative_error",
        "reference",
    ),
    # ---------------------------------------------------------------------- checks
    row(
        "check_activation-name-int",
        lambda: C.check_activation(5, A.sigmoid),
        TypeError,
        "check_activation",
        "name",
    ),
    row(
        "check_activation-name-unknown",
        lambda: C.check_activation("relux", A.sigmoid),
        ValueError,
        "check_activation",
        "name",
    ),
    row(
        "check_derivative-name-unknown",
        lambda: C.check_derivative("relux", A.sigmoid),
        ValueError,
        "check_derivative",
        "name",
    ),
    *[
        row(
            f"{checker.__name__}-fn-str",
            (lambda checker=checker, args=args: checker(*args, "f")),
            TypeError,
            checker.__name__,
            "fn",
        )
        for checker, args in [
            (C.check_activation, ("sigmoid",)),
            (C.check_derivative, ("sigmoid",)),
            (C.check_softmax, ()),
            (C.check_perceptron_update, ()),
            (C.check_dense_forward, ()),
            (C.check_dense_backward, ()),
        ]
    ],
    # ------------------------------------------------------------------------ data
    row(
        "logic_gate-name-int",
        lambda: D.logic_gate(5),
        TypeError,
        "logic_gate",
        "name",
    ),
    row(
        "logic_gate-name-unknown",
        lambda: D.logic_gate("ANDX"),
        ValueError,
        "logic_gate",
        "name",
    ),
    row(
        "separable-n_samples-str",
        lambda: D.separable("10"),
        TypeError,
        "separable",
        "n_samples",
    ),
    row(
        "separable-n_samples-1",
        lambda: D.separable(1),
        ValueError,
        "separable",
        "n_samples",
    ),
    row(
        "separable-margin-0",
        lambda: D.separable(10, margin=0.0),
        ValueError,
        "separable",
        "margin",
    ),
    row(
        "moons-n_samples-str",
        lambda: D.moons("10"),
        TypeError,
        "moons",
        "n_samples",
    ),
    row(
        "moons-noise-negative",
        lambda: D.moons(10, noise=-1.0),
        ValueError,
        "moons",
        "noise",
    ),
    row(
        "digits-test_size-str",
        lambda: D.digits(test_size="a"),
        TypeError,
        "digits",
        "test_size",
    ),
]


@pytest.mark.parametrize(("call", "error", "where", "argument"), ROWS)
def test_bad_argument_follows_the_policy(
    call: Callable[[], Any], error: type[Exception], where: str, argument: str | None
) -> None:
    with pytest.raises(Exception) as info:  # the kind is asserted below
        call()
    other = ValueError if error is TypeError else TypeError
    assert isinstance(info.value, error), f"{type(info.value).__name__}: {info.value}"
    assert not isinstance(info.value, other), f"both kinds at once: {type(info.value).__mro__}"
    message = str(info.value)
    assert message.startswith(where), message
    if argument is not None:
        assert re.search(rf"\b{re.escape(argument)}\b", message), message


#: Every public elementwise function of the activations module, with the record's kwargs.
ELEMENTWISE = [
    (fn, dict(rec.kwargs)) for rec in ACTIVATIONS.values() for fn in (rec.function, rec.derivative)
] + [(A.prelu_alpha_derivative, {"alpha": 0.25}), (A.softmax, {}), (A.log_softmax, {})]


@pytest.mark.parametrize("kind", ["str", "None"])
def test_activations_name_the_function_and_the_type(kind: str) -> None:
    bad = "abc" if kind == "str" else None
    for fn, kwargs in ELEMENTWISE:
        with pytest.raises(TypeError) as info:
            fn(bad, **kwargs)
        message = str(info.value)
        assert message.startswith(f"{fn.__name__}:"), message
        assert {"str": "str", "None": "NoneType"}[kind] in message, message


def test_activations_name_the_argument() -> None:
    for fn, kwargs in ELEMENTWISE:
        with pytest.raises(TypeError, match=r"\bx\b"):
            fn("abc", **kwargs)
