r"""Loss surfaces with known minima, and the path an optimizer takes on them.

The optimization chapter watches optimizers on two test functions whose every property
is known in closed form:

* :class:`Quadratic`, :math:`f(w) = \tfrac12 (w - c)^\top A (w - c)` with a symmetric
  positive-definite :math:`A` built from its eigenvalues (and, in 2-D, a rotation): the
  model of a loss near a minimum, where the largest eigenvalue :math:`L` sets the
  stability limit of gradient descent, :math:`\eta < 2/L`, and the condition number
  :math:`\kappa = L/\mu` its speed;
* :class:`Rosenbrock`, :math:`f(x, y) = (a - x)^2 + b\,(y - x^2)^2` (Rosenbrock 1960): a
  curved, narrow valley whose floor falls slowly towards the minimum at
  :math:`(a, a^2)`.

Both are vectorised: a point is an array whose last axis holds the coordinates, so
``f(w)`` of an array of shape ``(..., d)`` has shape ``(...)`` (a whole contour grid in
one call, see :meth:`Surface.on_grid`) and ``f.gradient(w)`` has the shape of ``w``.

:func:`trajectory` runs an optimizer of :mod:`course_code.optim` from a start point and
returns every point it visits; :func:`steps_to_tolerance` reads off how many steps it
took to settle near the minimum.

Only additions and multiplications are used (no BLAS matrix product, no ``np.sin``):
their results are correctly rounded, so a trajectory is the same to the last bit on
every CPU, and the step counts printed in the book do not depend on the machine.

References
----------
H. H. Rosenbrock, "An automatic method for finding the greatest or least value of a
function", *The Computer Journal* 3(3):175-184, 1960.

Examples
--------
>>> import numpy as np
>>> from course_code.optim import SGD
>>> bowl = Quadratic(eigenvalues=(1.0, 10.0))
>>> bowl.lipschitz, bowl.condition_number
(10.0, 10.0)
>>> path = trajectory(bowl, SGD(learning_rate=0.1), start=(1.0, 1.0), steps=3)
>>> path  # the steep direction is solved in one step; the flat one shrinks by 0.9 a step
array([[1.   , 1.   ],
       [0.9  , 0.   ],
       [0.81 , 0.   ],
       [0.729, 0.   ]])
>>> steps_to_tolerance(bowl, path, tol=0.8)
3
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_code import _validation as check
from course_code.optim import Optimizer

__all__ = [
    "Quadratic",
    "Rosenbrock",
    "Surface",
    "steps_to_tolerance",
    "trajectory",
]

F64 = NDArray[np.float64]


def _matvec(A: F64, d: F64) -> F64:
    """``d @ A.T`` for points ``d`` of shape (..., n), as a sum of scaled columns.

    A BLAS product of a 2x2 matrix may fuse multiply-adds on one CPU and not on another;
    this sum of elementwise products rounds the same everywhere.
    """
    out = A[:, 0] * d[..., 0:1]
    for j in range(1, A.shape[1]):
        out = out + A[:, j] * d[..., j : j + 1]
    return out


def _dot(a: F64, b: F64) -> F64:
    """The dot product along the last axis, summed left to right (see :func:`_matvec`)."""
    out = a[..., 0] * b[..., 0]
    for j in range(1, a.shape[-1]):
        out = out + a[..., j] * b[..., j]
    return out


class Surface(ABC):
    """A function :math:`f: \\mathbb R^d \\to \\mathbb R` to be minimised, with its gradient,
    its Hessian and its minimiser.

    Call it on points (the last axis holds the :attr:`dim` coordinates):
    ``f(w)``, ``f.gradient(w)``, ``f.hessian(w)``.
    """

    #: A short name, for titles and legends.
    name: str = "surface"

    @property
    @abstractmethod
    def dim(self) -> int:
        """The number of coordinates of a point."""

    @property
    @abstractmethod
    def minimum(self) -> F64:
        """The minimiser :math:`w^*` (a new array on every access)."""

    @property
    def minimum_value(self) -> float:
        """:math:`f(w^*)`."""
        return float(self(self.minimum))

    @abstractmethod
    def _value(self, w: F64) -> F64: ...

    @abstractmethod
    def _gradient(self, w: F64) -> F64: ...

    @abstractmethod
    def _hessian(self, w: F64) -> F64: ...

    def _points(self, w: ArrayLike, where: str) -> F64:
        arr = check.as_real_array(w, f"{type(self).__name__}.{where}", "w")
        if arr.ndim == 0 or arr.shape[-1] != self.dim:
            raise ValueError(
                f"{type(self).__name__}.{where}: w must have {self.dim} coordinates on its last "
                f"axis, shape (..., {self.dim}); got shape {arr.shape}"
            )
        return arr.astype(np.float64)

    def __call__(self, w: ArrayLike) -> Any:
        """:math:`f(w)`: a float for one point, an array of shape ``w.shape[:-1]`` for many."""
        value = self._value(self._points(w, "__call__"))
        return float(value) if value.ndim == 0 else value

    def gradient(self, w: ArrayLike) -> F64:
        """:math:`\\nabla f(w)`, shaped like ``w`` (float64)."""
        return self._gradient(self._points(w, "gradient"))

    def hessian(self, w: ArrayLike) -> F64:
        """The Hessian :math:`\\nabla^2 f(w)`, shape ``w.shape + (dim,)``."""
        return self._hessian(self._points(w, "hessian"))

    def on_grid(
        self, xlim: tuple[float, float], ylim: tuple[float, float], num: int = 201
    ) -> tuple[F64, F64, F64]:
        """``(X, Y, F)`` on a ``num`` x ``num`` grid over ``xlim`` x ``ylim``, for
        ``ax.contour(X, Y, F)`` (2-D surfaces only)."""
        if self.dim != 2:
            raise ValueError(f"{type(self).__name__}.on_grid: needs a 2-D surface, not {self.dim}")
        num = check.positive_int(num, f"{type(self).__name__}.on_grid", "num", minimum=2)
        X, Y = np.meshgrid(np.linspace(*xlim, num), np.linspace(*ylim, num))
        return X, Y, self._value(np.stack([X, Y], axis=-1))


class Quadratic(Surface):
    r"""The quadratic bowl :math:`f(w) = \tfrac12 (w - c)^\top A (w - c)`.

    :math:`A = R \operatorname{diag}(\lambda_1, \dots, \lambda_d) R^\top` has the given
    eigenvalues; in 2-D, :math:`R` rotates the plane by ``angle`` (radians), so that the
    principal axes of the elliptic contours are no longer the coordinate axes.

    Parameters
    ----------
    eigenvalues : sequence of float, default (1.0, 10.0)
        The curvatures along the principal axes, all > 0.
    angle : float, default 0.0
        Rotation of the principal axes, in radians (2-D only).
    center : array_like or None, default None
        The minimiser :math:`c` (the origin by default).

    Attributes
    ----------
    matrix : numpy.ndarray
        :math:`A`, the Hessian (read-only).
    lipschitz : float
        :math:`L`, the largest eigenvalue: the gradient changes by at most
        :math:`L\,\lVert u - w\rVert` between two points, and gradient descent is
        stable for learning rates :math:`0 < \eta < 2/L`.
    strong_convexity : float
        :math:`\mu`, the smallest eigenvalue.
    condition_number : float
        :math:`\kappa = L/\mu`.

    Notes
    -----
    In the eigenbasis, gradient descent multiplies the :math:`i`-th coordinate of
    :math:`w - c` by :math:`1 - \eta\lambda_i` at every step: the coordinates shrink
    independently, the one with the largest :math:`|1 - \eta\lambda_i|` last. With
    :math:`\eta = 1/L` that factor is :math:`1 - 1/\kappa`.

    Examples
    --------
    >>> import numpy as np
    >>> f = Quadratic(eigenvalues=(1.0, 3.0), angle=np.pi / 4, center=(1.0, 0.0))
    >>> f.matrix.round(12)  # the axes of the ellipses are the diagonals
    array([[ 2., -1.],
           [-1.,  2.]])
    >>> f.gradient([[1.0, 0.0], [2.0, 1.0]]).round(12)
    array([[0., 0.],
           [1., 1.]])
    >>> f.condition_number
    3.0
    """

    name = "quadratic"

    def __init__(
        self,
        eigenvalues: Sequence[float] = (1.0, 10.0),
        angle: float = 0.0,
        center: ArrayLike | None = None,
    ) -> None:
        where = "Quadratic"
        if isinstance(eigenvalues, (str, bytes)) or not isinstance(eigenvalues, Sequence):
            raise TypeError(
                f"{where}: eigenvalues must be a sequence of numbers, got "
                f"{type(eigenvalues).__name__}"
            )
        if len(eigenvalues) == 0:
            raise ValueError(f"{where}: eigenvalues is empty; give one per coordinate")
        self.eigenvalues = tuple(check.positive(v, where, "eigenvalues") for v in eigenvalues)
        self.angle = check.real_number(angle, where, "angle")
        d = len(self.eigenvalues)
        if self.angle != 0.0 and d != 2:
            raise ValueError(f"{where}: angle rotates a 2-D bowl only; this one has {d} axes")
        # math.cos and math.sin: the same bits on every CPU, unlike NumPy's SIMD versions
        c, s = math.cos(self.angle), math.sin(self.angle)
        R = np.array([[c, -s], [s, c]]) if d == 2 else np.eye(d)
        A = _matvec(R * np.array(self.eigenvalues), R)  # R diag(lambda) R^T, column by column
        self.matrix = (A + A.T) / 2  # exactly symmetric
        self.matrix.flags.writeable = False
        if center is None:
            self._center = np.zeros(d)
        else:
            self._center = check.as_real_array(center, where, "center").astype(np.float64)
            if self._center.shape != (d,):
                raise ValueError(
                    f"{where}: center must have shape ({d},), one coordinate per eigenvalue; "
                    f"got shape {self._center.shape}"
                )
        self.lipschitz = max(self.eigenvalues)
        self.strong_convexity = min(self.eigenvalues)
        self.condition_number = self.lipschitz / self.strong_convexity

    @property
    def dim(self) -> int:
        return len(self.eigenvalues)

    @property
    def minimum(self) -> F64:
        return self._center.copy()

    def _value(self, w: F64) -> F64:
        d = w - self._center
        return 0.5 * _dot(d, _matvec(self.matrix, d))

    def _gradient(self, w: F64) -> F64:
        return _matvec(self.matrix, w - self._center)

    def _hessian(self, w: F64) -> F64:
        return np.broadcast_to(self.matrix, w.shape + (self.dim,)).copy()

    def __repr__(self) -> str:
        center = "" if not np.any(self._center) else f", center={self._center.tolist()}"
        return f"Quadratic(eigenvalues={self.eigenvalues}, angle={self.angle}{center})"


class Rosenbrock(Surface):
    r"""Rosenbrock's function :math:`f(x, y) = (a - x)^2 + b\,(y - x^2)^2`.

    Its minimum, 0, is at :math:`(a, a^2)`, at the end of a curved valley along the
    parabola :math:`y = x^2`: steep walls (curvature about :math:`2b` across the valley)
    and a nearly flat floor. At the minimum the Hessian is
    :math:`\begin{pmatrix} 2 + 8ba^2 & -4ba \\ -4ba & 2b \end{pmatrix}`.

    Parameters
    ----------
    a : float, default 1.0
    b : float, default 100.0
        > 0; the steepness of the valley's walls.

    Examples
    --------
    >>> f = Rosenbrock()
    >>> f([-1.2, 1.0]), f([1.0, 1.0])
    (24.199999999999996, 0.0)
    >>> f.gradient([1.0, 1.0])
    array([0., 0.])
    >>> f.hessian([1.0, 1.0])
    array([[ 802., -400.],
           [-400.,  200.]])
    """

    name = "Rosenbrock"

    def __init__(self, a: float = 1.0, b: float = 100.0) -> None:
        self.a = check.real_number(a, "Rosenbrock", "a")
        self.b = check.positive(b, "Rosenbrock", "b")

    @property
    def dim(self) -> int:
        return 2

    @property
    def minimum(self) -> F64:
        return np.array([self.a, self.a * self.a])

    def _value(self, w: F64) -> F64:
        x, y = w[..., 0], w[..., 1]
        u, v = self.a - x, y - x * x
        return u * u + self.b * (v * v)

    def _gradient(self, w: F64) -> F64:
        x, y = w[..., 0], w[..., 1]
        v = y - x * x
        return np.stack([2.0 * (x - self.a) - 4.0 * self.b * x * v, 2.0 * self.b * v], axis=-1)

    def _hessian(self, w: F64) -> F64:
        x, y = w[..., 0], w[..., 1]
        b = self.b
        hxx = 2.0 - 4.0 * b * (y - x * x) + 8.0 * b * x * x
        hxy = -4.0 * b * x
        hyy = np.full_like(x, 2.0 * b)
        return np.stack([np.stack([hxx, hxy], -1), np.stack([hxy, hyy], -1)], -2)

    def __repr__(self) -> str:
        return f"Rosenbrock(a={self.a}, b={self.b})"


def trajectory(
    surface: Surface,
    optimizer: Any,
    start: ArrayLike,
    steps: int,
    *,
    escape: float = 1e6,
) -> F64:
    """Run ``optimizer`` on ``surface`` from ``start``; every point it visits.

    Each step computes the gradient at the current point and calls
    ``optimizer.apply([gradient], [w])``, which updates ``w`` in place (the optimizers of
    :mod:`course_code.optim`).

    Parameters
    ----------
    surface : Surface
    optimizer : course_code.optim.Optimizer
        A fresh optimizer (its state belongs to the point it is first applied to).
    start : array_like, shape (dim,)
    steps : int
        The number of steps, >= 1.
    escape : float, keyword-only, default 1e6
        A run that gets farther than this from the minimum has diverged: it stops there,
        before anything overflows.

    Returns
    -------
    numpy.ndarray, shape (k + 1, dim)
        The start, then the point after each step: ``k = steps``, or fewer when the run
        diverged (its last row is then the first point beyond ``escape``).

    Examples
    --------
    >>> from course_code.optim import SGD
    >>> path = trajectory(Quadratic((1.0, 10.0)), SGD(learning_rate=0.3), (1.0, 1.0), 100)
    >>> len(path), bool(abs(path[-1, 1]) > 1e6)  # 0.3 > 2/L = 0.2: the steep axis blows up
    (21, True)
    """
    where = "trajectory"
    if not isinstance(surface, Surface):
        raise TypeError(f"{where}: surface must be a Surface, got {type(surface).__name__}")
    if not callable(getattr(optimizer, "apply", None)):
        raise TypeError(
            f"{where}: optimizer must have an apply(grads, variables) method, like those of "
            f"course_code.optim; got {type(optimizer).__name__}"
        )
    w = surface._points(start, "trajectory").copy()
    if w.shape != (surface.dim,):
        raise ValueError(f"{where}: start must have shape ({surface.dim},), got {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"{where}: start must be finite, got {w.tolist()}")
    steps = check.positive_int(steps, where, "steps")
    escape = check.positive(escape, where, "escape")
    target = surface.minimum
    points = [w.copy()]
    if isinstance(optimizer, Optimizer):
        # check the arguments once (this raises before any step), then step without the
        # checks, as MLP.fit does: they cost more than the arithmetic of a 2-D step
        optimizer._check_apply([surface._gradient(w)], [w], where)
        apply = optimizer._apply_checked
    else:
        apply = optimizer.apply
    for _ in range(steps):
        if not abs(w - target).max() <= escape:  # diverged (a NaN fails the test too)
            break
        apply([surface._gradient(w)], [w])
        points.append(w.copy())
    return np.array(points)


def steps_to_tolerance(surface: Surface, points: ArrayLike, tol: float) -> int | None:
    """The number of steps after which a run stays within ``tol`` of the minimum.

    The distance is Euclidean. An oscillating run may dip below ``tol`` and leave
    again: the count is the step from which on *every* later point of ``points`` is
    within ``tol``.

    Parameters
    ----------
    surface : Surface
    points : array_like, shape (k + 1, dim)
        A run, as returned by :func:`trajectory` (row ``t`` is the point after ``t`` steps).
    tol : float
        > 0.

    Returns
    -------
    int or None
        ``None`` when the last point is still farther than ``tol``: the run was too
        short to tell (or it diverged).

    Examples
    --------
    >>> steps_to_tolerance(Quadratic((1.0,)), [[4.0], [-1.0], [0.5], [-0.2]], tol=0.6)
    2
    """
    if not isinstance(surface, Surface):
        raise TypeError(
            f"steps_to_tolerance: surface must be a Surface, got {type(surface).__name__}"
        )
    path = surface._points(points, "steps_to_tolerance")
    if path.ndim != 2:
        raise ValueError(
            f"steps_to_tolerance: points must be 2-D, shape (k + 1, {surface.dim}); "
            f"got shape {path.shape}"
        )
    tol = check.positive(tol, "steps_to_tolerance", "tol")
    diff = path - surface.minimum
    distance = np.sqrt(_dot(diff, diff))
    outside = np.flatnonzero(~(distance <= tol))  # NaN counts as outside
    if outside.size == 0:
        return 0
    last = int(outside[-1])
    return None if last == len(path) - 1 else last + 1
