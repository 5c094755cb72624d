r"""Gradient checking: finite-difference gradients and the relative error of two gradients.

Backpropagation is checked against an independent estimate that needs nothing but the
loss: nudge one parameter up and down by :math:`h`, measure the change of the loss
(:func:`numerical_gradient`), and compare with :func:`relative_error`.
:func:`numerical_gradients` does it for every weight matrix and bias of an
:class:`~course_code.propagation.MLP`, and :func:`worst_relative_error` reduces a list of
comparisons to one number. The propagation chapter derives all of them in its gradient
checking notebook before calling them from here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_code._validation import as_real_array, real_number

if TYPE_CHECKING:
    from course_code.propagation import MLP

__all__ = ["numerical_gradient", "numerical_gradients", "relative_error", "worst_relative_error"]

F64 = NDArray[np.float64]
Array = NDArray[np.floating]


def numerical_gradient(f: Callable[[F64], Any], x: ArrayLike, h: float = 1e-5) -> F64:
    r"""Gradient of a scalar function by centred differences, one coordinate at a time.

    .. math:: \frac{\partial f}{\partial x_i} \approx
        \frac{f(\mathbf x + h\mathbf e_i) - f(\mathbf x - h\mathbf e_i)}{2h}

    The error is :math:`O(h^2)` from truncation plus about :math:`\varepsilon |f| / (2h)`
    from rounding; :math:`h = 10^{-5}` balances the two in float64 (relative errors
    around 1e-10 for smooth ``f``). It is a float64 tool: in float32 the rounding term
    alone is about 1e-2 relative. Near a kink (ReLU at 0) the formula averages the two
    one-sided slopes, and disagrees with any backprop value.

    Parameters
    ----------
    f : callable
        Takes an array shaped like ``x`` (a fresh float64 copy on every call) and returns
        a number.
    x : array_like
        Point at which to differentiate; not modified.
    h : float, default 1e-5
        Step, > 0. The difference is divided by the step actually taken,
        :math:`(x_i + h) - (x_i - h)` in float64. (If ``f`` rounds its argument to
        float32, as the setter of a float32 network does, the perturbation it sees is the
        float32 rounding of :math:`x_i \pm h`, while the division still uses the float64
        step: one more reason to check gradients in float64.)

    Returns
    -------
    ndarray of float64, shaped like ``x``

    Examples
    --------
    >>> g = numerical_gradient(lambda v: float(np.sum(v ** 3)), np.array([1.0, 2.0]))
    >>> np.round(g, 8)
    array([ 3., 12.])
    """
    if not callable(f):
        raise TypeError(f"numerical_gradient: f must be callable, got {type(f).__name__}")
    h = real_number(h, "numerical_gradient", "h", positive=True)
    x0 = as_real_array(x, "numerical_gradient", "x").astype(np.float64)
    grad = np.empty_like(x0)
    flat, gflat = x0.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        up, down = flat[i] + h, flat[i] - h
        xp, xm = flat.copy(), flat.copy()
        xp[i], xm[i] = up, down
        gflat[i] = (float(f(xp.reshape(x0.shape))) - float(f(xm.reshape(x0.shape)))) / (up - down)
    return grad


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    r"""Relative error of two arrays, :math:`\max_i |a_i - b_i| / \max_i (|a_i| + |b_i|)`.

    One scale for the whole array, so tiny entries (say, gradients that are nearly zero)
    do not blow the error up; both arrays all zero give 0 (the denominator is at least
    the smallest normal float). NaN anywhere gives NaN.

    This global scale is gentler than the elementwise :math:`|a_i - b_i| / \max(|a_i|,
    |b_i|)` for which the usual rules of thumb ("below 1e-7 is fine") were written: an
    entry 1000 times smaller than the largest can be 100 % wrong and still only add 1e-3.
    Look at the worst elementwise error too when the small entries matter.

    Examples
    --------
    >>> print(f"{relative_error([1.0, 2.0], [1.0, 2.0 + 4e-9]):.1e}")
    1.0e-09
    >>> relative_error([0.0, 0.0], [0.0, 0.0])
    0.0
    """
    a_ = as_real_array(a, "relative_error", "a").astype(np.float64)
    b_ = as_real_array(b, "relative_error", "b").astype(np.float64)
    if a_.shape != b_.shape:
        raise ValueError(f"relative_error: a has shape {a_.shape} but b has shape {b_.shape}")
    if a_.size == 0:
        raise ValueError("relative_error: a and b are empty")
    num = np.max(np.abs(a_ - b_))
    den = max(float(np.max(np.abs(a_) + np.abs(b_))), np.finfo(np.float64).tiny)
    return float(num / den) if not np.isnan(den) else math.nan


def _arrays(grads: Sequence[Any], name: str) -> list[NDArray[Any]]:
    """A flat list of arrays from arrays or (dW, db) pairs."""
    if isinstance(grads, (str, bytes)) or not isinstance(grads, Sequence):
        raise TypeError(
            f"worst_relative_error: {name} must be a list of arrays or (dW, db) pairs, "
            f"got {type(grads).__name__}"
        )
    out: list[NDArray[Any]] = []
    for g in grads:
        if isinstance(g, tuple):
            out.extend(np.asarray(part) for part in g)
        else:
            out.append(np.asarray(g))
    return out


def worst_relative_error(grads: Sequence[Any], reference: Sequence[Any]) -> float:
    """The largest :func:`relative_error` over matching arrays of two lists of gradients.

    Each list holds arrays, or ``(dW, db)`` pairs as :meth:`MLP.gradients
    <course_code.propagation.MLP.gradients>` returns them; each array is compared with
    its counterpart on its own scale.

    >>> worst_relative_error([(np.ones(2), np.zeros(1))], [(np.ones(2), np.full(1, 1e-3))])
    1.0
    """
    a, b = _arrays(grads, "grads"), _arrays(reference, "reference")
    if len(a) != len(b):
        raise ValueError(
            f"worst_relative_error: {len(a)} gradient arrays against {len(b)} reference arrays"
        )
    return max(relative_error(x, y) for x, y in zip(a, b, strict=True))


def numerical_gradients(
    net: MLP, X: ArrayLike, y: ArrayLike, h: float = 1e-5
) -> list[tuple[F64, F64]]:
    """Centred differences of ``net.loss(X, y)`` for every weight matrix and bias vector.

    Returns a list of ``(dW, db)`` pairs shaped like ``net.weights``; the network's
    weights are put back afterwards. Costs two loss evaluations per parameter: a check
    for small networks, never a way to train.
    """
    from course_code.propagation import MLP  # here: propagation imports this module's users

    if not isinstance(net, MLP):
        raise TypeError(f"numerical_gradients: net must be an MLP, got {type(net).__name__}")
    h = real_number(h, "numerical_gradients", "h", positive=True)
    original = net.weights

    def loss_with(i: int, W: Array, b: Array) -> float:  # layer i set to (W, b)
        trial = list(original)
        trial[i] = (W, b)
        net.weights = trial
        return net.loss(X, y)

    grads = []
    try:
        for i, (W, b) in enumerate(original):
            # each lambda is used at once, inside this iteration: no late-binding trap
            dW = numerical_gradient(lambda V: loss_with(i, V, b), W, h)  # noqa: B023
            db = numerical_gradient(lambda v: loss_with(i, W, v), b, h)  # noqa: B023
            grads.append((dW, db))
    finally:
        net.weights = original
    return grads
