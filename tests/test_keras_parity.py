"""Parity of the course's activations with Keras and TensorFlow.

In the spirit of micrograd's tests: build the same computation in the reference framework
and compare. Three implementations of every activation must agree --

* the NumPy functions and hand-written derivatives of :mod:`course_code.activations`,
* Keras' own built-ins, as the layers :func:`course_code.keras_activations.builtin` makes
  (``keras.layers.Activation``, ``LeakyReLU``, ``ELU``, ``PReLU``, ...) so that every
  parameter is passed explicitly, never left to Keras' defaults,
* the ``keras.ops`` rewrites of :mod:`course_code.keras_activations`,

in value and in gradient (``tf.GradientTape``), in float64 and float32, at random points,
at the kink ``x = 0`` (exactly: the NumPy derivatives *define* their value there as the
one TensorFlow returns) and far out in the tails. The cases are every registry record
and the variants its oracle row (:mod:`oracles`) marks for Keras; a row also holds any
tolerance that differs from the defaults below, with the reason.

The default tolerances, and why: Keras' built-ins are not all accurate to float64
(``tf.nn.gelu`` carries float32 constants, ``tf.nn.leaky_relu`` rounds its slope to
float32), so a built-in is held to ``rtol=1e-6`` (about 8 float32 ulp), with an absolute
floor where the value or slope passes through 0 and relative error means nothing; the
course's own ``keras.ops`` rewrites are written to be accurate to a few ulp, and are held
to ``rtol=1e-12`` in float64. All of them were measured, with margin, on TensorFlow 2.21
/ Keras 3.15 (CPU).

TensorFlow must be quiet before it is imported: ``tests/conftest.py`` sets
``TF_CPP_MIN_LOG_LEVEL``, ``TF_ENABLE_ONEDNN_OPTS`` and ``KERAS_BACKEND`` first.
"""

from __future__ import annotations

import operator

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import ops
from numpy.testing import assert_allclose, assert_array_equal
from oracles import KERAS, cases, keras_tolerance

from course_code import activations as A
from course_code import keras_activations as K
from course_code.activations import ACTIVATIONS
from course_code.keras_activations import BUILTIN_DEFAULTS, builtin

# ------------------------------------------------------------------- inputs, tolerances

RNG_SEED = 20240611
#: 200 random points where every activation is smooth (0 has probability zero).
X_RANDOM = np.random.default_rng(RNG_SEED).uniform(-4.0, 4.0, size=200)
#: A dense grid over [-8, 8], step 0.004, through 0.0.
X_GRID = np.linspace(-8.0, 8.0, 4001)
#: Far tails, where a textbook formula overflows or its unused branch turns into NaN.
X_EXTREME = np.array([-1000.0, -40.0, 40.0, 1000.0])

#: Keras built-in vs NumPy, values (see the module docstring).
VALUE_TOL = {"rtol": 1e-6, "atol": 1e-12}
#: TensorFlow gradient vs NumPy derivative; 1e-8 absolute where the slope passes through 0.
GRAD_TOL = {"rtol": 1e-6, "atol": 1e-8}
#: course_code.keras_activations vs NumPy, float64 values: both are written to be accurate
#: to a few ulp, so they must agree far more closely than Keras' built-ins do.
TIGHT_TOL = {"rtol": 1e-12, "atol": 1e-15}
#: float32: 1e-5 is ~80 ulp relative; the absolute 1e-6 (~8 ulp of 1.0) covers outputs that
#: pass through 0, where relative error is meaningless.
F32_TOL = {"rtol": 1e-5, "atol": 1e-6}
#: TensorFlow's gradient of a built-in at the kink vs NumPy's f'(0): equal.
EXACT = {"rtol": 0.0, "atol": 0.0}


# ------------------------------------------------------------------------------- cases

# Every registry record with its own keyword arguments, plus the variants the oracle rows
# mark for Keras (a different beta, the tanh GELU, ...): a parameter that is silently
# ignored somewhere only shows when it differs from the default.
ALL_CASES = [pytest.param(name, kwargs, id=cid) for cid, name, kwargs in cases(KERAS)]
# Keras has no step activation (builtin("step") raises, tested below), and its PReLU is a
# layer with trainable slopes, with its own tests at the end of this file.
NO_BUILTIN = {name for name, rec in ACTIVATIONS.items() if rec.keras_name is None}
BUILTIN_CASES = [c for c in ALL_CASES if c.values[0] not in NO_BUILTIN | {"prelu"}]


def numpy_pair(name: str, params: dict):
    """The NumPy activation and its derivative, with ``params`` bound."""
    f, df = getattr(A, name), getattr(A, f"{name}_derivative")
    return (lambda x: f(x, **params)), (lambda x: df(x, **params))


def ours(name: str, params: dict):
    """The keras_activations version, with ``params`` bound."""
    f = getattr(K, name)
    return lambda x: f(x, **params)


def builtin64(name: str, params: dict) -> keras.layers.Layer:
    """Keras' built-in as a float64 layer (the default float32 policy would cast float64
    input to float32, see test_builtin_layer_follows_its_dtype_policy)."""
    return builtin(name, dtype="float64", **params)


def tape(f, x: np.ndarray, *, dtype=tf.float64, disconnected_ok: bool = False):
    """``(f(x), d sum f / dx)`` from a GradientTape, as NumPy arrays.

    For an elementwise ``f`` the gradient of the sum is the elementwise derivative.
    ``disconnected_ok`` is for step, whose output is a cast of a comparison: TensorFlow
    has no gradient path at all there (None), which mathematically is the zero gradient.
    """
    xt = tf.constant(x, dtype=dtype)
    with tf.GradientTape() as t:
        t.watch(xt)
        y = f(xt)
    mode = tf.UnconnectedGradients.ZERO if disconnected_ok else tf.UnconnectedGradients.NONE
    g = t.gradient(y, xt, unconnected_gradients=mode)
    assert g is not None, "no gradient path from the output to the input"
    return np.asarray(y), np.asarray(g)


# ------------------------------------------------------- Keras built-ins vs NumPy


@pytest.mark.parametrize(("name", "params"), BUILTIN_CASES)
def test_builtin_values_match_numpy(name, params):
    f, _ = numpy_pair(name, params)
    layer = builtin64(name, params)
    assert isinstance(layer, keras.layers.Layer)
    got = np.asarray(layer(tf.constant(X_GRID)))
    assert got.dtype == np.float64
    assert_allclose(got, f(X_GRID), **VALUE_TOL)


@pytest.mark.parametrize(("name", "params"), BUILTIN_CASES)
def test_numpy_derivative_matches_tensorflow_gradient(name, params):
    _, df = numpy_pair(name, params)
    _, g = tape(builtin64(name, params), X_RANDOM)
    assert g.dtype == np.float64
    assert_allclose(df(X_RANDOM), g, **GRAD_TOL)


@pytest.mark.parametrize(("name", "params"), BUILTIN_CASES)
def test_numpy_derivative_at_the_kink_is_tensorflows(name, params):
    _, df = numpy_pair(name, params)
    _, g = tape(builtin64(name, params), np.array([0.0]))
    expected = df(np.array([0.0]))
    tol = keras_tolerance(name, params, "builtin_gradient_at_zero", EXACT)
    if tol == EXACT:
        assert_array_equal(expected, g)
    else:  # the row says why (Keras' float32 leaky slope)
        assert_allclose(expected, g, **tol)


@pytest.mark.parametrize("alpha", [0.01, 0.2])
def test_kerass_leaky_relu_slope_is_rounded_to_float32(alpha):
    # keras.layers.LeakyReLU and keras.activations.leaky_relu hand the slope to
    # TensorFlow's LeakyRelu op, whose `alpha` attribute is a 32-bit float: 0.01 becomes
    # 0.009999999776482582, in float64 too. So TensorFlow's gradient at 0 is exactly the
    # float32-rounded slope; the exact kink convention (alpha, not 0 or 1) is asserted with
    # alpha=0.25, which float32 represents exactly (the leaky_relu(alpha=0.25) case).
    assert float(np.float32(alpha)) != alpha
    for f in (
        builtin64("leaky_relu", {"alpha": alpha}),
        lambda x: keras.activations.leaky_relu(x, negative_slope=alpha),
    ):
        _, g = tape(f, np.array([0.0, -1.0]))
        assert_array_equal(g, np.float64(np.float32(alpha)))


def test_keras_names_in_the_registry_exist():
    for name, rec in ACTIVATIONS.items():
        if rec.keras_name is None:
            with pytest.raises(ValueError, match=f"Keras has no {name} activation"):
                builtin(name)
            continue
        cls = getattr(keras.layers, rec.keras_name, None)
        made = builtin(name, **rec.kwargs)
        assert isinstance(made, keras.layers.Layer), name
        if isinstance(cls, type):
            assert isinstance(made, cls), name
        elif isinstance(made, keras.layers.Activation):
            # the record's keras_name is the Keras activation the layer applies
            assert made.activation is keras.activations.get(rec.keras_name), name
        else:  # a layer with the parameter (LeakyReLU, ELU): the name is still Keras'
            assert callable(getattr(keras.activations, rec.keras_name)), name


def test_builtin_layer_follows_its_dtype_policy():
    # Under Keras' default float32 policy a layer casts float64 input to float32: parity
    # checks in float64 must ask for dtype="float64".
    x = np.array([-1.5, 0.1, 2.0])
    default = builtin("sigmoid")
    assert default.compute_dtype == "float32"
    assert np.asarray(default(x)).dtype == np.float32
    assert np.asarray(builtin("sigmoid", dtype="float64")(x)).dtype == np.float64


@pytest.mark.parametrize(
    ("name", "kwargs", "layer"),
    [
        ("relu", {}, keras.layers.Activation),
        ("leaky_relu", {"alpha": 0.2}, keras.layers.LeakyReLU),
        ("elu", {"alpha": 0.5}, keras.layers.ELU),
        ("prelu", {"alpha": 0.1}, keras.layers.PReLU),
        ("swish", {"beta": 1.0}, keras.layers.Activation),
        ("swish", {"beta": 1.5}, K.ScaledSiLU),
        ("gelu", {"approximate": False}, keras.layers.Activation),
        ("gelu", {"approximate": True}, keras.layers.Activation),
    ],
)
def test_builtin_makes_the_layer_that_carries_the_parameter(name, kwargs, layer):
    made = builtin(name, **kwargs)
    assert type(made) is layer
    if name == "gelu":
        expected = K.gelu_tanh if kwargs["approximate"] else keras.activations.gelu
        assert made.activation is expected
    if name == "leaky_relu":
        assert made.negative_slope == kwargs["alpha"]
    if name == "elu":
        assert made.alpha == kwargs["alpha"]


# ----------------------------------------- course_code.keras_activations vs both


@pytest.mark.parametrize(("name", "params"), ALL_CASES)
def test_keras_activations_values_match_numpy(name, params):
    f, _ = numpy_pair(name, params)
    got = np.asarray(ours(name, params)(tf.constant(X_GRID)))
    assert got.dtype == np.float64
    assert_allclose(
        got, f(X_GRID), **keras_tolerance(name, params, "ops_float64_values", TIGHT_TOL)
    )


@pytest.mark.parametrize(("name", "params"), BUILTIN_CASES)
def test_keras_activations_values_match_builtin(name, params):
    x = tf.constant(X_GRID)
    got, keras_ = ours(name, params)(x), builtin64(name, params)(x)
    assert_allclose(np.asarray(got), np.asarray(keras_), **VALUE_TOL)


@pytest.mark.parametrize(("name", "params"), ALL_CASES)
def test_keras_activations_gradients_match_numpy(name, params):
    _, df = numpy_pair(name, params)
    step = name in NO_BUILTIN
    _, g = tape(ours(name, params), X_RANDOM, disconnected_ok=step)
    assert_allclose(g, df(X_RANDOM), **GRAD_TOL)
    _, g0 = tape(ours(name, params), np.array([0.0]), disconnected_ok=step)
    # exact, also for leaky_relu: keras_activations keeps alpha a Python float (float64)
    assert_array_equal(g0, df(np.array([0.0])))


@pytest.mark.parametrize(("name", "params"), ALL_CASES)
def test_keras_activations_float32(name, params):
    f, df = numpy_pair(name, params)
    x = X_GRID.astype(np.float32)
    y, g = tape(ours(name, params), x, dtype=tf.float32, disconnected_ok=name in NO_BUILTIN)
    assert y.dtype == np.float32
    assert g.dtype == np.float32
    assert_allclose(y, f(x), **F32_TOL)
    assert_allclose(g, df(x), **keras_tolerance(name, params, "ops_float32_gradients", F32_TOL))


@pytest.mark.parametrize(("name", "params"), ALL_CASES)
def test_keras_activations_are_finite_in_the_tails(name, params):
    """The where-trick: each branch is computed where it cannot overflow, so neither the
    value nor the gradient of the unused branch (0 * inf = NaN) poisons the result."""
    f, df = numpy_pair(name, params)
    y, g = tape(ours(name, params), X_EXTREME, disconnected_ok=name in NO_BUILTIN)
    assert np.all(np.isfinite(y)), y
    assert np.all(np.isfinite(g)), g
    assert_allclose(
        y, f(X_EXTREME), **keras_tolerance(name, params, "ops_float64_values", TIGHT_TOL)
    )
    assert_allclose(g, df(X_EXTREME), **GRAD_TOL)


# ---------------------------------------------------------------- softmax, log-softmax


@pytest.mark.parametrize("axis", [-1, 0])
@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_softmax_family_three_ways(name, axis):
    # NumPy, course_code.keras_activations, and Keras' own activation (softmax is not a
    # registry activation, so builtin() does not make it: see the next test)
    x = np.random.default_rng(RNG_SEED).normal(scale=3.0, size=(4, 5))
    expected = getattr(A, name)(x, axis=axis)
    ours_ = np.asarray(getattr(K, name)(tf.constant(x), axis=axis))
    keras_ = np.asarray(getattr(keras.activations, name)(tf.constant(x), axis=axis))
    for got in (ours_, keras_):
        assert got.dtype == np.float64
        assert_allclose(got, expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_builtin_leaves_softmax_to_keras(name):
    with pytest.raises(ValueError, match=f"builtin: unknown activation '{name}'"):
        builtin(name)


def test_softmax_jacobian_matches_tensorflow():
    x = np.random.default_rng(RNG_SEED).normal(scale=3.0, size=(4, 5))
    xt = tf.constant(x)
    with tf.GradientTape(persistent=True) as t:
        t.watch(xt)
        p_keras = keras.activations.softmax(xt, axis=-1)
        # keras_activations stops the gradient through the max shift: the Jacobian must
        # not notice (softmax is shift-invariant)
        p_ours = K.softmax(xt, axis=-1)
        p_row = keras.activations.softmax(xt[0], axis=-1)
    expected = A.softmax_jacobian(x)  # J[b, i, j] = d p_i / d x_j
    for p in (p_keras, p_ours):
        jac = np.asarray(t.batch_jacobian(p, xt))
        assert jac.shape == (4, 5, 5)
        assert_allclose(jac, expected, rtol=1e-9, atol=1e-12)
    full = np.asarray(t.jacobian(p_row, xt))  # d p(x[0]) / d x: zero outside row 0
    assert_allclose(full[:, 0, :], expected[0], rtol=1e-9, atol=1e-12)
    assert_array_equal(full[:, 1:, :], 0.0)
    del t


# ------------------------------------------------------------------------------- PReLU

ALPHA0 = ACTIVATIONS["prelu"].kwargs["alpha"]  # He et al.'s 0.25
FEATURE_ALPHAS = np.array([0.25, 0.1, 0.5, 1.5, -0.3])


def prelu_input(shape=(8, 5)) -> np.ndarray:
    x = np.random.default_rng(RNG_SEED).uniform(-4.0, 4.0, size=shape)
    x[0] = 0.0  # a whole row on the kink
    return x


def keras_prelu64(**kwargs) -> keras.layers.PReLU:
    return keras.layers.PReLU(
        alpha_initializer=keras.initializers.Constant(ALPHA0), dtype="float64", **kwargs
    )


def prelu_value_and_grads(layer, x: np.ndarray):
    """``(layer(x), d sum / dx, d sum / d alpha)`` as NumPy arrays."""
    xt = tf.constant(x)
    with tf.GradientTape() as t:
        t.watch(xt)
        y = layer(xt)
    gx, galpha = t.gradient(y, [xt, layer.alpha])
    return np.asarray(y), np.asarray(gx), np.asarray(galpha)


def test_builtin_prelu_is_keras_layer_starting_at_alpha():
    layer = builtin("prelu", alpha=0.1)
    assert isinstance(layer, keras.layers.PReLU)
    x = prelu_input().astype(np.float32)  # Keras' default policy: a float32 layer
    y = np.asarray(layer(x))
    assert_array_equal(np.asarray(layer.alpha), np.float32(0.1))
    assert_allclose(y, A.prelu(x, np.float32(0.1)), rtol=1e-6, atol=0)


@pytest.mark.parametrize("per_feature", [False, True], ids=["alpha0.25", "per-feature"])
def test_numpy_prelu_matches_keras_layer(per_feature):
    x = prelu_input()
    layer = keras_prelu64()
    layer.build(x.shape)
    assert_array_equal(np.asarray(layer.alpha), np.full(5, ALPHA0))
    if per_feature:
        layer.alpha.assign(FEATURE_ALPHAS)
    alpha = np.asarray(layer.alpha)
    y, gx, galpha = prelu_value_and_grads(layer, x)
    assert y.dtype == np.float64
    assert_allclose(y, A.prelu(x, alpha), **VALUE_TOL)
    assert_allclose(A.prelu_derivative(x[1:], alpha), gx[1:], **GRAD_TOL)
    # Keras builds PReLU from two ReLUs, whose gradient at 0 is 0: so prelu'(0) = 0 exactly
    assert_array_equal(A.prelu_derivative(x[:1], alpha), gx[:1])
    assert_allclose(A.prelu_alpha_derivative(x, alpha).sum(axis=0), galpha, **GRAD_TOL)


@pytest.mark.parametrize("per_feature", [False, True], ids=["alpha0.25", "per-feature"])
def test_prelu_layer_matches_numpy_and_keras(per_feature):
    x = prelu_input()
    layer = K.PReLU(alpha_initializer=ALPHA0, dtype="float64")
    reference = keras_prelu64()
    layer.build(x.shape)
    reference.build(x.shape)
    assert [w.name for w in layer.trainable_weights] == ["alpha"]
    assert layer.trainable_weights[0] is layer.alpha
    assert layer.alpha.shape == (5,)
    assert_array_equal(np.asarray(layer.alpha), np.full(5, ALPHA0))
    if per_feature:
        layer.alpha.assign(FEATURE_ALPHAS)
        reference.alpha.assign(FEATURE_ALPHAS)
    alpha = np.asarray(layer.alpha)
    y, gx, galpha = prelu_value_and_grads(layer, x)
    y_ref, gx_ref, galpha_ref = prelu_value_and_grads(reference, x)
    assert y.dtype == np.float64
    assert_allclose(y, A.prelu(x, alpha), **TIGHT_TOL)
    assert_allclose(y, y_ref, **TIGHT_TOL)
    assert_allclose(gx, A.prelu_derivative(x, alpha), **GRAD_TOL)
    assert_array_equal(gx[:1], 0.0)  # the kink row
    assert_array_equal(gx, gx_ref)
    assert_allclose(galpha, A.prelu_alpha_derivative(x, alpha).sum(axis=0), **GRAD_TOL)
    assert_allclose(galpha, galpha_ref, **TIGHT_TOL)


def test_prelu_shared_axes():
    x = prelu_input((6, 4, 3))
    layer = K.PReLU(shared_axes=[1], dtype="float64")
    reference = keras_prelu64(shared_axes=[1])
    layer.build(x.shape)
    reference.build(x.shape)
    assert layer.alpha.shape == (1, 3) == reference.alpha.shape
    alphas = np.array([[0.1, 0.25, 0.5]])
    layer.alpha.assign(alphas)
    reference.alpha.assign(alphas)
    y, gx, galpha = prelu_value_and_grads(layer, x)
    y_ref, _, galpha_ref = prelu_value_and_grads(reference, x)
    assert_allclose(y, A.prelu(x, alphas), **TIGHT_TOL)
    assert_allclose(y, y_ref, **TIGHT_TOL)
    assert_allclose(gx, A.prelu_derivative(x, alphas), **GRAD_TOL)
    # one slope per channel, shared over the batch and axis 1: its gradient sums both
    expected = A.prelu_alpha_derivative(x, alphas).sum(axis=(0, 1), keepdims=True)[0]
    assert galpha.shape == (1, 3)
    assert_allclose(galpha, expected, **GRAD_TOL)
    assert_allclose(galpha, galpha_ref, **TIGHT_TOL)


def test_prelu_alpha_is_trained_by_sgd():
    x = prelu_input()
    layer = K.PReLU(alpha_initializer=ALPHA0, dtype="float64")
    layer.build(x.shape)
    before = np.asarray(layer.alpha).copy()
    lr = 0.125  # a power of two: the update lr * grad is exact
    with tf.GradientTape() as t:
        loss = 0.5 * ops.sum(layer(tf.constant(x)) ** 2)
    (grad,) = t.gradient(loss, [layer.alpha])
    # dL/dalpha = sum over the batch of y * dy/dalpha
    y = A.prelu(x, before)
    expected_grad = (y * A.prelu_alpha_derivative(x, before)).sum(axis=0)
    assert_allclose(np.asarray(grad), expected_grad, **GRAD_TOL)
    assert np.all(expected_grad != 0.0)  # the step below really moves every slope
    keras.optimizers.SGD(learning_rate=lr).apply_gradients([(grad, layer.alpha)])
    after = np.asarray(layer.alpha)
    assert_array_equal(after, before - lr * np.asarray(grad))
    assert_allclose(after, before - lr * expected_grad, rtol=1e-12, atol=1e-12)


def test_prelu_config_round_trip():
    layer = K.PReLU(
        alpha_initializer=0.1,
        alpha_regularizer=keras.regularizers.L2(0.5),
        alpha_constraint=keras.constraints.NonNeg(),
        shared_axes=[1],
        name="act",
    )
    config = layer.get_config()
    clone = K.PReLU.from_config(config)
    assert clone.get_config() == config
    assert (clone.name, clone.shared_axes) == ("act", (1,))
    assert isinstance(clone.alpha_initializer, keras.initializers.Constant)
    assert clone.alpha_initializer.value == 0.1
    assert isinstance(clone.alpha_regularizer, keras.regularizers.L2)
    assert isinstance(clone.alpha_constraint, keras.constraints.NonNeg)
    clone.build((None, 4, 3))
    assert_array_equal(np.asarray(clone.alpha), np.full((1, 3), np.float32(0.1)))
    # registered, so a config that names the class by its registered name finds it
    serialized = keras.saving.serialize_keras_object(layer)
    revived = keras.saving.deserialize_keras_object(serialized)
    assert type(revived) is K.PReLU
    assert revived.get_config() == config


# Keras' saving code calls np.array() on its TensorFlow variables, whose __array__ lacks
# NumPy 2's `copy` keyword; NumPy warns and falls back to a correct copy. Not ours to fix,
# harmless, and ignored for this test only.
@pytest.mark.filterwarnings(
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)
def test_model_saves_and_loads(tmp_path):
    """The course's PReLU, and every layer builtin() makes, survive model.save and
    keras.saving.load_model with their parameters (one model, one round trip)."""
    # the activation layers keep the shape, so they can follow each other
    layers = [keras.Input(shape=(4, 3)), keras.layers.Dense(3)]
    layers += [builtin(name) for name, rec in ACTIVATIONS.items() if rec.keras_name is not None]
    layers += [
        builtin("swish", beta=1.5),  # ScaledSiLU
        builtin("gelu", approximate=True),  # Activation(gelu_tanh)
        builtin("leaky_relu", alpha=0.2),
        keras.layers.Dense(3),
        K.PReLU(shared_axes=[1], alpha_constraint=keras.constraints.NonNeg()),
    ]
    model = keras.Sequential(layers)
    # move alpha off its initial value, so that only restored weights can match
    model.layers[-1].alpha.assign([[0.1, 0.2, 0.7]])
    path = tmp_path / "activations.keras"
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert [type(layer) for layer in loaded.layers] == [type(layer) for layer in model.layers]
    assert [layer.get_config() for layer in loaded.layers[1:]] == [
        layer.get_config() for layer in model.layers[1:]
    ]
    assert type(loaded.layers[-1]) is K.PReLU
    x = prelu_input((6, 4, 3)).astype(np.float32)
    assert_array_equal(np.asarray(loaded(x)), np.asarray(model(x)))
    assert_array_equal(np.asarray(loaded.layers[-1].alpha), np.asarray(model.layers[-1].alpha))


@pytest.mark.parametrize(
    "initializer",
    [0.1, keras.initializers.Constant(0.1), "ones", keras.initializers.RandomUniform(0.0, 0.5)],
    ids=["float", "Constant", "name", "RandomUniform"],
)
def test_prelu_alpha_initializer_takes_a_float_or_any_keras_initializer(initializer):
    layer = K.PReLU(alpha_initializer=initializer)  # Keras' default float32 policy
    layer.build((None, 5))
    alpha = np.asarray(layer.alpha)
    assert alpha.dtype == np.float32
    if initializer == "ones":
        assert_array_equal(alpha, 1.0)
    elif isinstance(initializer, keras.initializers.RandomUniform):
        assert np.all((alpha >= 0.0) & (alpha <= 0.5)) and np.unique(alpha).size == 5
    else:
        assert_array_equal(alpha, np.float32(0.1))


def test_float64_prelu_starts_at_the_exact_slope():
    for layer in (
        K.PReLU(alpha_initializer=0.1, dtype="float64"),
        builtin("prelu", alpha=0.1, dtype="float64"),
    ):
        layer.build((None, 3))
        assert np.asarray(layer.alpha).tolist() == [0.1, 0.1, 0.1]


def test_prelu_default_starts_at_he_et_al_not_keras():
    layer = K.PReLU(dtype="float64")
    layer.build((None, 3))
    assert_array_equal(np.asarray(layer.alpha), 0.25)
    reference = keras.layers.PReLU(dtype="float64")  # Keras starts its slopes at 0
    reference.build((None, 3))
    assert_array_equal(np.asarray(reference.alpha), 0.0)


def test_prelu_alpha_regularizer_adds_its_loss():
    layer = K.PReLU(alpha_initializer=0.5, alpha_regularizer=keras.regularizers.L2(0.1))
    layer(np.ones((2, 4), np.float32))
    (penalty,) = layer.losses
    assert float(penalty) == pytest.approx(0.1 * 4 * 0.5**2, rel=1e-6)


def test_prelu_alpha_constraint_is_applied_after_each_step():
    layer = K.PReLU(alpha_initializer=0.1, alpha_constraint=keras.constraints.NonNeg())
    layer.build((None, 3))
    # a step that would take every slope to 0.1 - 1.0 * 0.5 = -0.4
    step = keras.optimizers.SGD(learning_rate=1.0)
    step.apply_gradients([(np.full(3, 0.5, np.float32), layer.alpha)])
    assert_array_equal(np.asarray(layer.alpha), 0.0)  # clipped by NonNeg, not negative


def test_prelu_checks_its_input_and_keeps_the_shape():
    layer = K.PReLU()
    assert layer.compute_output_shape((None, 4, 3)) == (None, 4, 3)
    layer(np.ones((2, 5), np.float32))  # builds with 5 features
    assert layer.input_spec is not None
    with pytest.raises(ValueError):  # the input spec: the slopes fit 5 features, not 4
        layer(np.ones((2, 4), np.float32))


@pytest.mark.parametrize("shared_axes", [[0], [0, 1], [-1]])
def test_prelu_rejects_sharing_the_batch_axis(shared_axes):
    with pytest.raises(ValueError, match="PReLU: shared_axes"):
        K.PReLU(shared_axes=shared_axes)


def test_prelu_rejects_shared_axes_beyond_the_input():
    with pytest.raises(ValueError, match="PReLU: shared_axes"):
        K.PReLU(shared_axes=[2]).build((None, 3))
    with pytest.raises(ValueError, match="known feature dimensions"):
        K.PReLU().build((None, None, 3))


def test_scaled_silu_is_swish_with_its_beta():
    layer = K.ScaledSiLU(beta=1.5, dtype="float64")
    got = np.asarray(layer(tf.constant(X_GRID)))
    assert_allclose(got, A.swish(X_GRID, beta=1.5), **VALUE_TOL)
    clone = K.ScaledSiLU.from_config(layer.get_config())
    assert clone.beta == 1.5
    with pytest.raises(ValueError, match="ScaledSiLU: beta"):
        K.ScaledSiLU(beta=0.0)


# ------------------------------------------------------------- builtin() and defaults


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("step", "Keras has no step"),
        ("swoosh", "unknown activation 'swoosh'"),
        ("", "unknown activation ''"),
    ],
)
def test_builtin_rejects_what_keras_lacks(name, message):
    with pytest.raises(ValueError, match=message):
        builtin(name)


def test_builtin_rejects_a_parameter_the_activation_lacks():
    with pytest.raises(TypeError, match="builtin: relu takes no parameters"):
        builtin("relu", alpha=0.1)
    with pytest.raises(TypeError, match="builtin: leaky_relu takes"):
        builtin("leaky_relu", negative_slope=0.1)  # Keras' name, not the course's


@pytest.mark.parametrize(
    "name", [n for n, rec in ACTIVATIONS.items() if rec.kwargs and rec.keras_name is not None]
)
def test_builtin_defaults_are_the_courses_not_keras(name):
    x = tf.constant(X_GRID)
    params = dict(ACTIVATIONS[name].kwargs)
    assert_array_equal(
        np.asarray(builtin(name, dtype="float64")(x)), np.asarray(builtin64(name, params)(x))
    )


def test_builtin_gelu_defaults_to_the_exact_form():
    x = tf.constant(X_GRID)
    got = np.asarray(builtin("gelu", dtype="float64")(x))
    assert_allclose(got, A.gelu(X_GRID, approximate=False), **VALUE_TOL)
    # and the check can tell the two forms apart
    assert np.max(np.abs(got - A.gelu(X_GRID, approximate=True))) > 1e-4


def test_require_tensorflow_names_the_caller_on_another_backend(monkeypatch):
    K.require_tensorflow("here")  # the test session runs on TensorFlow
    monkeypatch.setattr(keras.config, "backend", lambda: "jax")
    with pytest.raises(RuntimeError, match="here: needs Keras' TensorFlow backend.*'jax'"):
        K.require_tensorflow("here")
    with pytest.raises(RuntimeError, match="tf_gradient: needs Keras' TensorFlow backend"):
        K.tf_gradient(K.sigmoid, np.array([0.0]))


def _resolve(dotted: str):
    root, _, attr = dotted.partition(".")
    assert root == "keras", dotted
    return operator.attrgetter(attr)(keras)


@pytest.mark.parametrize(
    ("dotted", "params"), list(BUILTIN_DEFAULTS.items()), ids=list(BUILTIN_DEFAULTS)
)
def test_builtin_defaults_table_is_kerass(dotted, params):
    """Calling the Keras object with no parameters gives what BUILTIN_DEFAULTS says."""
    obj = _resolve(dotted)
    x = np.linspace(-3.0, 3.0, 61)
    if isinstance(obj, type):  # a layer
        default, explicit = obj()(x), obj(**params)(x)
    else:
        default, explicit = obj(x), obj(x, **params)
    assert_array_equal(np.asarray(default), np.asarray(explicit))


def test_keras_defaults_disagree_with_each_other():
    # keras.activations.leaky_relu: slope 0.2 (a float32 attribute, hence np.float32)
    assert_array_equal(np.asarray(keras.activations.leaky_relu(np.array([-1.0]))), -np.float32(0.2))
    # keras.layers.LeakyReLU: slope 0.3
    layer_out = keras.layers.LeakyReLU()(np.array([-1.0], np.float32))
    assert_array_equal(np.asarray(layer_out), -np.float32(0.3))
    # keras.ops.gelu approximates, keras.activations.gelu does not
    x = tf.constant(X_GRID)
    approx, exact = A.gelu(X_GRID, approximate=True), A.gelu(X_GRID, approximate=False)
    assert_allclose(np.asarray(ops.gelu(x)), approx, **VALUE_TOL)
    assert_allclose(np.asarray(keras.activations.gelu(x)), exact, **VALUE_TOL)
    assert np.max(np.abs(approx - exact)) > 4e-4
    # keras.activations.elu: alpha 1
    assert_allclose(np.asarray(keras.activations.elu(x)), A.elu(X_GRID, alpha=1.0), **VALUE_TOL)
