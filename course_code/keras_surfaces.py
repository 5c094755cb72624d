"""The surfaces of :mod:`course_code.optim.surfaces` in ``keras.ops``, and a Keras optimizer's
path on them.

Importing this module imports Keras (TensorFlow backend). The optimization chapter runs a
``keras.optimizers`` optimizer on a ``keras.Variable`` with the gradient that TensorFlow
computes from these Keras versions of the functions, and compares every point with the
NumPy run of :func:`course_code.optim.surfaces.trajectory`.
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np
from keras import ops
from numpy.typing import ArrayLike, NDArray

from course_code import _validation as check
from course_code.keras_activations import require_tensorflow
from course_code.optim.surfaces import Quadratic, Rosenbrock, Surface

__all__ = ["keras_trajectory", "keras_value"]


def keras_value(surface: Surface, w: Any) -> Any:
    """``surface(w)`` written with ``keras.ops``, for one point ``w`` (a tensor or a
    ``keras.Variable`` of shape ``(dim,)``), so that TensorFlow can differentiate it.

    >>> import numpy as np
    >>> float(keras_value(Rosenbrock(), np.array([0.0, 0.0])))
    1.0
    """
    if isinstance(surface, Quadratic):
        A = ops.convert_to_tensor(surface.matrix, dtype=w.dtype)
        d = w - ops.convert_to_tensor(surface.minimum, dtype=w.dtype)
        return 0.5 * ops.sum(d * ops.matmul(A, d))
    if isinstance(surface, Rosenbrock):
        x, y = w[0], w[1]
        return (surface.a - x) ** 2 + surface.b * (y - x**2) ** 2
    raise TypeError(
        f"keras_value: surface must be a Quadratic or a Rosenbrock, got {type(surface).__name__}"
    )


def keras_trajectory(
    surface: Surface, optimizer: keras.optimizers.Optimizer, start: ArrayLike, steps: int
) -> NDArray[np.float64]:
    """Run a Keras optimizer on ``surface`` from ``start``; every point it visits.

    The Keras twin of :func:`course_code.optim.surfaces.trajectory`: the point is a
    float64 ``keras.Variable``; each step records :func:`keras_value` on a
    ``tf.GradientTape`` and calls ``optimizer.apply([gradient], [w])``.

    Returns an array of shape ``(steps + 1, dim)``: the start, then the point after each
    step. Needs the TensorFlow backend.

    >>> import numpy as np
    >>> path = keras_trajectory(Quadratic((1.0, 4.0)), keras.optimizers.SGD(0.125), (1.0, 1.0), 2)
    >>> path  # each coordinate shrinks by 1 - 0.125 * eigenvalue
    array([[1.      , 1.      ],
           [0.875   , 0.5     ],
           [0.765625, 0.25    ]])
    """
    require_tensorflow("keras_trajectory")
    import tensorflow as tf

    if not isinstance(surface, Surface):
        raise TypeError(
            f"keras_trajectory: surface must be a Surface, got {type(surface).__name__}"
        )
    steps = check.positive_int(steps, "keras_trajectory", "steps")
    w = keras.Variable(surface._points(start, "keras_trajectory"), dtype="float64")
    points = [w.numpy()]
    for _ in range(steps):
        with tf.GradientTape() as tape:
            loss = keras_value(surface, w)
        optimizer.apply([tape.gradient(loss, w)], [w])
        points.append(w.numpy())
    return np.array(points)
