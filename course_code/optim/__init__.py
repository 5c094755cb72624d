r"""Optimizers in NumPy that take exactly the steps of Keras 3's ``keras.optimizers``.

Every optimizer updates a list of NumPy arrays (the *variables* :math:`w`) in place
from a list of gradients :math:`g` of the same shapes. One call of
``opt.apply(grads, variables)`` -- Keras' argument order -- runs, in Keras' order:

1. **clip** the gradients, if asked: ``clipnorm`` rescales each gradient to norm at
   most ``clipnorm``; ``global_clipnorm`` rescales all of them by one factor so that
   their joint norm is at most ``global_clipnorm``; ``clipvalue`` clips each element
   to :math:`[-c, c]` (at most one of the three);
2. **decay the weights**, if ``weight_decay`` :math:`\lambda` is set:
   :math:`w \leftarrow w - \eta_t \lambda w`, with the learning rate of this step
   and the variables *before* the update (decoupled weight decay, Loshchilov & Hutter
   2019, for every optimizer, not only :class:`AdamW`);
3. **update** each variable with the optimizer's own rule, :meth:`Optimizer.update_step`,
   a few lines that mirror the formula in the class docstring;
4. count the step: :attr:`Optimizer.iterations` goes up by one.

The learning rate :math:`\eta_t` is a number or a schedule from
:mod:`course_code.optim.schedules`, evaluated at ``t = iterations`` (``0`` for the first
update) -- while Adam's bias correction counts from 1.

The per-variable state (momentum, moving averages: Keras' *slots*) is created on the
first call, with each variable's shape and dtype, so float32 variables stay float32
throughout. A call with bad input raises before anything changes: no variable, slot or
step count is touched.

Notes
-----
Keras 3 on TensorFlow rounds some hyperparameters to float32 even for float64
variables: the learning rate (stored in a float32 variable), SGD's ``momentum``, Adam's
``beta_1``/``beta_2`` inside the bias corrections :math:`\beta^t` (but not in the
moment updates), ``weight_decay``, Adagrad's ``initial_accumulator_value``, and every
schedule built from Python floats. With hyperparameters that float32 holds exactly
(0.875, 0.9990234375, 2**-20, ...) these classes agree with Keras to about 1e-15 of the
variables' values in float64; with Keras' defaults (0.9, 0.999, 1e-7) they differ by
about the float32 rounding error (Adam: about 7e-7 element-wise after 100 steps). They
always use the float64 values given. ``tests/test_optim.py`` shows both.

Examples
--------
Minimise :math:`f(w) = w^2/2`, whose gradient is :math:`w`:

>>> import numpy as np
>>> w = np.array([1.0, -2.0])
>>> opt = SGD(learning_rate=0.1)
>>> for _ in range(3):
...     opt.apply([w], [w])  # the gradient of w**2/2 is w itself
>>> w  # each step multiplies w by 1 - 0.1
array([ 0.729, -1.458])
>>> opt.iterations
3
>>> get_optimizer("adam", learning_rate=0.01)
Adam(learning_rate=0.01, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False)

References
----------
H. Robbins and S. Monro, "A stochastic approximation method", *Annals of Mathematical
Statistics* 22(3):400-407, 1951.

B. T. Polyak, "Some methods of speeding up the convergence of iteration methods",
*USSR Computational Mathematics and Mathematical Physics* 4(5):1-17, 1964.

Y. Nesterov, "A method of solving a convex programming problem with convergence rate
O(1/k^2)", *Soviet Mathematics Doklady* 27:372-376, 1983.

I. Sutskever, J. Martens, G. Dahl and G. Hinton, "On the importance of initialization
and momentum in deep learning", ICML 2013.

J. Duchi, E. Hazan and Y. Singer, "Adaptive subgradient methods for online learning and
stochastic optimization", *JMLR* 12:2121-2159, 2011.

T. Tieleman and G. Hinton, Lecture 6.5, "rmsprop: divide the gradient by a running
average of its recent magnitude", *Neural Networks for Machine Learning* (Coursera), 2012.

D. P. Kingma and J. Ba, "Adam: a method for stochastic optimization", ICLR 2015.

S. J. Reddi, S. Kale and S. Kumar, "On the convergence of Adam and beyond", ICLR 2018.

I. Loshchilov and F. Hutter, "Decoupled weight decay regularization", ICLR 2019.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from course_code import _validation as check
from course_code.optim.schedules import LearningRateSchedule

__all__ = [
    "OPTIMIZERS",
    "SGD",
    "Adagrad",
    "Adam",
    "AdamW",
    "Optimizer",
    "RMSprop",
    "get_optimizer",
]

Array = NDArray[np.floating[Any]]
#: A slot: the state one optimizer keeps for one variable, by name ("momentum", ...).
Slots = dict[str, Array]


def _check_learning_rate(value: object, where: str) -> float | LearningRateSchedule:
    """A learning rate: a finite number >= 0, or a schedule."""
    if isinstance(value, LearningRateSchedule):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(
            f"{where}: learning_rate must be a number or a schedule from "
            f"course_code.optim.schedules, got {type(value).__name__}"
        )
    return check.nonnegative(value, where, "learning_rate")


def _squared_norm(g: Array) -> float:
    """:math:`\\sum g_i^2`, accumulated in float64 (a float32 gradient cannot overflow)."""
    return float(np.sum(np.square(g, dtype=np.float64)))


def _check_list(seq: object, name: str, where: str) -> Sequence[Any]:
    """``seq`` if it is a list (or tuple) of per-variable arrays, else a TypeError."""
    if isinstance(seq, (str, bytes)) or not isinstance(seq, Sequence):
        hint = " (wrap a single array in a list)" if isinstance(seq, np.ndarray) else ""
        raise TypeError(
            f"{where}: {name} must be a list of arrays, one per variable, "
            f"got {type(seq).__name__}{hint}"
        )
    return seq


def _memory(w: Array) -> tuple[int, tuple[int, ...], tuple[int, ...], str]:
    """Where an array's elements live: the same tuple means the same variable."""
    return (w.__array_interface__["data"][0], w.shape, w.strides, w.dtype.str)


class Optimizer(ABC):
    """Base class: the bookkeeping every optimizer shares.

    It checks the arguments, keeps the step count and the per-variable state (the
    *slots*), clips the gradients and applies weight decay; a subclass only names its
    slots (:meth:`slot_names`) and writes :meth:`update_step`.

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule
        :math:`\\eta`: a finite number >= 0, or a schedule called on the step number.
    weight_decay : float or None, keyword-only
        :math:`\\lambda` >= 0: before each update, :math:`w \\leftarrow w - \\eta_t
        \\lambda w`.
    clipnorm : float or None, keyword-only
        Rescale each gradient to an L2 norm of at most ``clipnorm`` (> 0).
    clipvalue : float or None, keyword-only
        Clip each gradient element to ``[-clipvalue, clipvalue]`` (> 0).
    global_clipnorm : float or None, keyword-only
        Rescale all gradients by one factor so that their joint L2 norm (of all
        elements of all gradients) is at most ``global_clipnorm`` (> 0).

    Notes
    -----
    At most one of the three clipping options may be set, as in Keras. Unlike Keras,
    where a ``clipnorm`` of 0 or less silently means "no clipping", a clipping threshold
    must be positive.
    """

    def __init__(
        self,
        learning_rate: float | LearningRateSchedule,
        *,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
    ) -> None:
        where = type(self).__name__
        self._learning_rate = _check_learning_rate(learning_rate, where)
        self.weight_decay = (
            None if weight_decay is None else check.nonnegative(weight_decay, where, "weight_decay")
        )
        clip = {"clipnorm": clipnorm, "clipvalue": clipvalue, "global_clipnorm": global_clipnorm}
        given = [name for name, value in clip.items() if value is not None]
        if len(given) > 1:
            raise ValueError(
                f"{where}: set at most one of clipnorm, clipvalue and global_clipnorm; "
                f"got {' and '.join(given)}"
            )
        checked = {
            name: None if value is None else check.positive(value, where, name)
            for name, value in clip.items()
        }
        self.clipnorm = checked["clipnorm"]
        self.clipvalue = checked["clipvalue"]
        self.global_clipnorm = checked["global_clipnorm"]
        self._iterations = 0
        self._slots: list[Slots] = []
        self._memory: list[tuple[int, tuple[int, ...], tuple[int, ...], str]] = []

    # ------------------------------------------------------------------ state

    @property
    def iterations(self) -> int:
        """The number of steps taken (calls of :meth:`apply` that succeeded)."""
        return self._iterations

    @property
    def learning_rate(self) -> float:
        """The learning rate the next step will use (a schedule's value at
        :attr:`iterations`). Assign a number or a schedule to change it."""
        return self._current_learning_rate(type(self).__name__)

    @learning_rate.setter
    def learning_rate(self, value: float | LearningRateSchedule) -> None:
        self._learning_rate = _check_learning_rate(value, type(self).__name__)

    @property
    def slots(self) -> list[Slots]:
        """The state kept for each variable, in the order of the variables: a dict
        from slot name to an array of the variable's shape and dtype (empty before the
        first step). The arrays are the optimizer's own: read them, do not write."""
        return [dict(s) for s in self._slots]

    def slot_names(self) -> tuple[str, ...]:
        """The names of the state arrays this optimizer keeps for each variable."""
        return ()

    def initial_slot_value(self, name: str) -> float:
        """The value a slot starts from (0 unless an optimizer says otherwise)."""
        return 0.0

    # ------------------------------------------------------------------ stepping

    def apply(self, grads: Sequence[ArrayLike], variables: Sequence[Array]) -> None:
        """Take one step: update each of ``variables`` in place from its gradient.

        Parameters
        ----------
        grads : list of array_like
            One gradient per variable, of the same shape; never modified.
        variables : list of numpy.ndarray
            Floating-point arrays, updated in place. From the second call on, the same
            arrays as on the first call (the slots belong to them).

        Raises
        ------
        TypeError
            ``grads`` or ``variables`` not lists, a variable not a floating-point
            NumPy array, a gradient not numbers.
        ValueError
            Different lengths or shapes, a read-only variable, other arrays than on
            the first call, or a schedule giving a negative or non-finite rate. Nothing
            is changed when an error is raised.
        """
        where = f"{type(self).__name__}.apply"
        gs, ws = self._check_apply(grads, variables, where)
        self._apply_checked(gs, ws)

    def _apply_checked(self, gs: list[Array], ws: list[Array]) -> None:
        """The step itself, for arguments that passed :meth:`_check_apply`: the same
        variables as on the first call, gradients of their dtypes that share no memory
        with them. (``MLP.fit`` checks once and then calls this on every batch: the
        checks cost more than the arithmetic of a small network.)"""
        lr = self._current_learning_rate(f"{type(self).__name__}.apply")
        if not self._memory:  # first step: the state starts with each variable's dtype
            self._slots = [
                {
                    name: np.full(w.shape, self.initial_slot_value(name), w.dtype)
                    for name in self.slot_names()
                }
                for w in ws
            ]
            self._memory = [_memory(w) for w in ws]
        gs = self._clip(gs)
        if self.weight_decay is not None:
            for w in ws:
                w -= w * self.weight_decay * lr
        for g, w, slots in zip(gs, ws, self._slots, strict=True):
            self.update_step(g, w, slots, lr)
        self._iterations += 1

    @abstractmethod
    def update_step(self, g: Array, w: Array, slots: Slots, lr: float) -> None:
        """Update one variable ``w`` in place from its gradient ``g`` (already clipped,
        and of ``w``'s dtype), its ``slots``, and the learning rate of this step."""

    # ------------------------------------------------------------------ bookkeeping

    def _current_learning_rate(self, where: str) -> float:
        """The learning rate at step :attr:`iterations`, checked."""
        if not isinstance(self._learning_rate, LearningRateSchedule):
            return self._learning_rate
        value = self._learning_rate(self._iterations)
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise TypeError(
                f"{where}: the learning_rate schedule returned a {type(value).__name__} "
                f"at step {self._iterations}, not a number"
            )
        lr = float(value)
        if not (math.isfinite(lr) and lr >= 0):
            raise ValueError(
                f"{where}: the learning_rate schedule gives {lr} at step "
                f"{self._iterations}; a learning rate must be finite and >= 0"
            )
        return lr

    def _check_apply(
        self, grads: object, variables: object, where: str
    ) -> tuple[list[Array], list[Array]]:
        """The gradients (as arrays of their variable's dtype) and the variables, or an
        error; changes nothing."""
        grads_ = _check_list(grads, "grads", where)
        variables_ = _check_list(variables, "variables", where)
        if len(grads_) != len(variables_):
            raise ValueError(
                f"{where}: got {len(grads_)} grads for {len(variables_)} variables; "
                "there must be one gradient per variable"
            )
        if len(variables_) == 0:
            raise ValueError(f"{where}: grads and variables are empty; nothing to update")
        for i, w in enumerate(variables_):
            if not isinstance(w, np.ndarray):
                raise TypeError(
                    f"{where}: variables[{i}] must be a NumPy array (it is updated in "
                    f"place), got {type(w).__name__}"
                )
            if w.dtype.kind != "f":
                raise TypeError(
                    f"{where}: variables[{i}] must be a floating-point array, got dtype "
                    f"{w.dtype} (use w.astype(np.float64))"
                )
            if not w.flags.writeable:
                raise ValueError(f"{where}: variables[{i}] is read-only; it cannot be updated")
        if self._memory:
            if len(variables_) != len(self._memory):
                raise ValueError(
                    f"{where}: this optimizer was first applied to {len(self._memory)} "
                    f"variables, now to {len(variables_)}; use a new optimizer for new variables"
                )
            for i, w in enumerate(variables_):
                if _memory(w) != self._memory[i]:
                    raise ValueError(
                        f"{where}: variables[{i}] is not the array this optimizer was first "
                        "applied to (its slots belong to that array); update the same arrays "
                        "in place, or use a new optimizer for new variables"
                    )
        gs: list[Array] = []
        for i, (g, w) in enumerate(zip(grads_, variables_, strict=True)):
            if g is None or isinstance(g, (str, bytes)):
                raise TypeError(
                    f"{where}: grads[{i}] must be an array of numbers, got {type(g).__name__}"
                )
            try:
                arr = np.asarray(g)
            except (TypeError, ValueError) as exc:  # ragged nested lists
                raise ValueError(
                    f"{where}: grads[{i}] must be an array of numbers ({exc})"
                ) from exc
            if arr.dtype.kind not in "iuf":
                raise TypeError(
                    f"{where}: grads[{i}] must hold real numbers, got dtype {arr.dtype}"
                )
            if arr.shape != w.shape:
                raise ValueError(
                    f"{where}: grads[{i}] has shape {arr.shape} but variables[{i}] has "
                    f"shape {w.shape}; they must match"
                )
            arr = arr.astype(w.dtype, copy=False)
            # a gradient that shares memory with a variable would change under the update
            if any(np.may_share_memory(arr, v) for v in variables_):
                arr = arr.copy()
            gs.append(arr)
        return gs, list(variables_)

    def _clip(self, gs: list[Array]) -> list[Array]:
        """The gradients after clipping (new arrays; the inputs are left alone)."""
        if self.clipnorm is not None:
            c = self.clipnorm
            # max(norm, c) with norm first, so that a NaN norm propagates as in Keras
            return [g * c / max(math.sqrt(_squared_norm(g)), c) for g in gs]
        if self.global_clipnorm is not None:
            c = self.global_clipnorm
            norm = math.sqrt(sum(_squared_norm(g) for g in gs))
            # Keras makes the whole step NaN when the joint norm is inf or NaN
            scale = c / max(norm, c) if math.isfinite(norm) else math.nan
            return [g * scale for g in gs]
        if self.clipvalue is not None:
            return [np.clip(g, -self.clipvalue, self.clipvalue) for g in gs]
        return gs

    # ------------------------------------------------------------------ description

    def get_config(self) -> dict[str, object]:
        """The constructor's arguments, in its order (the learning rate as given: a
        number or a schedule); ``type(opt)(**opt.get_config())`` is a fresh copy."""
        return (
            {"learning_rate": self._learning_rate}
            | self._own_config()
            | {
                "weight_decay": self.weight_decay,
                "clipnorm": self.clipnorm,
                "clipvalue": self.clipvalue,
                "global_clipnorm": self.global_clipnorm,
            }
        )

    def _own_config(self) -> dict[str, object]:
        """A subclass's own constructor arguments."""
        return {}

    def __repr__(self) -> str:
        # the keyword-only options are shown only when set
        optional = ("clipnorm", "clipvalue", "global_clipnorm")
        shown = [
            f"{k}={v!r}"
            for k, v in self.get_config().items()
            if v is not None or k not in optional + ("weight_decay",)
        ]
        return f"{type(self).__name__}({', '.join(shown)})"


class SGD(Optimizer):
    r"""Stochastic gradient descent, with optional momentum (``keras.optimizers.SGD``).

    Plain (Robbins & Monro 1951):

    .. math:: w \leftarrow w - \eta g

    With momentum :math:`\mu > 0` (Polyak 1964, the "heavy ball"), a velocity
    :math:`m` (starting at 0) accumulates the steps:

    .. math:: m \leftarrow \mu m - \eta g, \qquad w \leftarrow w + m

    With ``nesterov=True`` (Nesterov 1983, as used for deep learning by Sutskever et
    al. 2013), in Keras' formulation:

    .. math:: m \leftarrow \mu m - \eta g, \qquad w \leftarrow w + \mu m - \eta g

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule, default 0.01
    momentum : float, default 0.0
        :math:`\mu`, in [0, 1).
    nesterov : bool, default False
        Use Nesterov momentum (no effect when ``momentum`` is 0).
    weight_decay, clipnorm, clipvalue, global_clipnorm : float or None, keyword-only
        See :class:`Optimizer`.

    Notes
    -----
    Sutskever et al. write Nesterov's method as :math:`v \leftarrow \mu v - \eta
    \nabla f(\theta + \mu v)`, :math:`\theta \leftarrow \theta + v`: the gradient is
    taken at the look-ahead point :math:`\theta + \mu v`. Keras stores the look-ahead
    point itself, :math:`w = \theta + \mu v`, so the gradient it is given is already the
    look-ahead gradient, and the update of :math:`\theta` becomes the update of
    :math:`w` above (the change of variable of Bengio, Boulanger-Lewandowski & Pascanu
    2013). The step uses the *new* velocity: :math:`w` moves by :math:`\mu` times the
    new velocity plus the plain gradient step.

    Keras keeps no velocity when ``momentum`` is 0; neither does this class.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([1.0])
    >>> opt = SGD(learning_rate=0.5, momentum=0.5)
    >>> opt.apply([np.array([1.0])], [w])  # m = -0.5
    >>> opt.apply([np.array([1.0])], [w])  # m = 0.5 * -0.5 - 0.5 = -0.75
    >>> w, opt.slots[0]["momentum"]
    (array([-0.25]), array([-0.75]))
    """

    def __init__(
        self,
        learning_rate: float | LearningRateSchedule = 0.01,
        momentum: float = 0.0,
        nesterov: bool = False,
        *,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
    ) -> None:
        super().__init__(
            learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
        )
        self.momentum = check.unit_interval(momentum, "SGD", "momentum")
        self.nesterov = check.flag(nesterov, "SGD", "nesterov")

    def slot_names(self) -> tuple[str, ...]:
        return ("momentum",) if self.momentum != 0 else ()

    def update_step(self, g: Array, w: Array, slots: Slots, lr: float) -> None:
        if self.momentum == 0:
            w -= lr * g
            return
        mu, m = self.momentum, slots["momentum"]
        m[...] = mu * m - lr * g
        if self.nesterov:
            w += mu * m - lr * g
        else:
            w += m

    def _own_config(self) -> dict[str, object]:
        return {"momentum": self.momentum, "nesterov": self.nesterov}


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al. 2011; ``keras.optimizers.Adagrad``).

    Each element's step shrinks with the sum of its squared gradients so far:

    .. math::

        a \leftarrow a + g^2, \qquad
        w \leftarrow w - \frac{\eta\, g}{\sqrt{a + \epsilon}},

    with the accumulator :math:`a` starting at ``initial_accumulator_value``.

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule, default 0.001
    initial_accumulator_value : float, default 0.1
        The starting value of :math:`a`, >= 0.
    epsilon : float, default 1e-7
        :math:`\epsilon` > 0, added *inside* the square root (as Keras does).
    weight_decay, clipnorm, clipvalue, global_clipnorm : float or None, keyword-only
        See :class:`Optimizer`.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([1.0])
    >>> opt = Adagrad(learning_rate=0.5, initial_accumulator_value=0.0, epsilon=1e-12)
    >>> opt.apply([np.array([2.0])], [w])  # a = 4, step 0.5 * 2 / 2
    >>> w.round(6)
    array([0.5])
    """

    def __init__(
        self,
        learning_rate: float | LearningRateSchedule = 0.001,
        initial_accumulator_value: float = 0.1,
        epsilon: float = 1e-7,
        *,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
    ) -> None:
        super().__init__(
            learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
        )
        self.initial_accumulator_value = check.nonnegative(
            initial_accumulator_value, "Adagrad", "initial_accumulator_value"
        )
        self.epsilon = check.positive(epsilon, "Adagrad", "epsilon")

    def slot_names(self) -> tuple[str, ...]:
        return ("accumulator",)

    def initial_slot_value(self, name: str) -> float:
        return self.initial_accumulator_value

    def update_step(self, g: Array, w: Array, slots: Slots, lr: float) -> None:
        a = slots["accumulator"]
        a += g**2
        w -= lr * g / np.sqrt(a + self.epsilon)

    def _own_config(self) -> dict[str, object]:
        return {
            "initial_accumulator_value": self.initial_accumulator_value,
            "epsilon": self.epsilon,
        }


class RMSprop(Optimizer):
    r"""RMSprop (Tieleman & Hinton 2012; ``keras.optimizers.RMSprop``).

    Divide the gradient by the root of a moving average :math:`s` of its square:

    .. math::

        s \leftarrow \rho s + (1 - \rho) g^2, \qquad
        \Delta = \frac{\eta\, g}{\sqrt{s + \epsilon}}, \qquad
        w \leftarrow w - \Delta.

    ``centered=True`` (Graves 2013) also averages the gradient, :math:`\bar g
    \leftarrow \rho \bar g + (1 - \rho) g`, and divides by an estimate of its standard
    deviation instead: :math:`\Delta = \eta g / \sqrt{s - \bar g^2 + \epsilon}`.
    With ``momentum`` :math:`\mu > 0` the steps are accumulated, :math:`m \leftarrow
    \mu m + \Delta`, :math:`w \leftarrow w - m`.

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule, default 0.001
    rho : float, default 0.9
        :math:`\rho`, in [0, 1).
    momentum : float, default 0.0
        :math:`\mu`, in [0, 1).
    epsilon : float, default 1e-7
        :math:`\epsilon` > 0, added *inside* the square root (as Keras does).
    centered : bool, default False
    weight_decay, clipnorm, clipvalue, global_clipnorm : float or None, keyword-only
        See :class:`Optimizer`.

    References
    ----------
    A. Graves, "Generating sequences with recurrent neural networks",
    arXiv:1308.0850, 2013 (the centered variant).

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([1.0])
    >>> opt = RMSprop(learning_rate=0.1, rho=0.75, epsilon=1e-12)
    >>> opt.apply([np.array([2.0])], [w])  # s = 0.25 * 4 = 1, step 0.1 * 2 / 1
    >>> w.round(6)
    array([0.8])
    """

    def __init__(
        self,
        learning_rate: float | LearningRateSchedule = 0.001,
        rho: float = 0.9,
        momentum: float = 0.0,
        epsilon: float = 1e-7,
        centered: bool = False,
        *,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
    ) -> None:
        super().__init__(
            learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
        )
        self.rho = check.unit_interval(rho, "RMSprop", "rho")
        self.momentum = check.unit_interval(momentum, "RMSprop", "momentum")
        self.epsilon = check.positive(epsilon, "RMSprop", "epsilon")
        self.centered = check.flag(centered, "RMSprop", "centered")

    def slot_names(self) -> tuple[str, ...]:
        names: tuple[str, ...] = ("velocity",)
        if self.momentum > 0:
            names += ("momentum",)
        if self.centered:
            names += ("average_gradient",)
        return names

    def update_step(self, g: Array, w: Array, slots: Slots, lr: float) -> None:
        rho, s = self.rho, slots["velocity"]
        s[...] = rho * s + (1 - rho) * g**2
        if self.centered:
            g_bar = slots["average_gradient"]
            g_bar[...] = rho * g_bar + (1 - rho) * g
            delta = lr * g / np.sqrt(s - g_bar**2 + self.epsilon)
        else:
            delta = lr * g / np.sqrt(s + self.epsilon)
        if self.momentum > 0:
            m = slots["momentum"]
            m[...] = self.momentum * m + delta
            w -= m
        else:
            w -= delta

    def _own_config(self) -> dict[str, object]:
        return {
            "rho": self.rho,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "centered": self.centered,
        }


class Adam(Optimizer):
    r"""Adam (Kingma & Ba 2015), optionally AMSGrad (Reddi et al. 2018);
    ``keras.optimizers.Adam``.

    Moving averages of the gradient and of its square, :math:`m` and :math:`v`
    (starting at 0), and a step size that carries the bias corrections, at step
    :math:`t = 1, 2, \dots`:

    .. math::

        m \leftarrow m + (1 - \beta_1)(g - m), \qquad
        v \leftarrow v + (1 - \beta_2)(g^2 - v),

        \alpha_t = \eta\,\frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t}, \qquad
        w \leftarrow w - \frac{\alpha_t\, m}{\sqrt{v} + \hat\epsilon}.

    (:math:`m + (1 - \beta_1)(g - m)` is :math:`\beta_1 m + (1 - \beta_1) g` written as
    Keras computes it.) With ``amsgrad=True`` the denominator uses the running maximum
    :math:`\hat v \leftarrow \max(\hat v, v)` instead of :math:`v`.

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule, default 0.001
    beta_1, beta_2 : float, default 0.9, 0.999
        :math:`\beta_1, \beta_2`, in [0, 1).
    epsilon : float, default 1e-7
        :math:`\hat\epsilon` > 0, see the notes.
    amsgrad : bool, default False
    weight_decay, clipnorm, clipvalue, global_clipnorm : float or None, keyword-only
        See :class:`Optimizer`. ``weight_decay`` makes this the same as :class:`AdamW`.

    Notes
    -----
    **Where epsilon goes.** Algorithm 1 of the paper corrects both moments and adds
    :math:`\epsilon` to the corrected root,
    :math:`w \leftarrow w - \eta\, \hat m / (\sqrt{\hat v} + \epsilon)` with
    :math:`\hat m = m / (1 - \beta_1^t)` and :math:`\hat v = v / (1 - \beta_2^t)`. Keras
    uses the paper's more efficient ordering (end of its section 2): the corrections go
    into :math:`\alpha_t` and ``epsilon`` is added to the *uncorrected*
    :math:`\sqrt v`. That is the paper's update with
    :math:`\epsilon = \hat\epsilon / \sqrt{1 - \beta_2^t}`: at the first step with
    :math:`\beta_2 = 0.999`, Keras' ``epsilon=1e-7`` acts like the paper's
    :math:`3.2 \times 10^{-6}`, shrinking to ``1e-7`` as :math:`t` grows.

    **AMSGrad.** Keras takes the maximum of the uncorrected :math:`v` and keeps the
    bias corrections in :math:`\alpha_t`; Reddi et al.'s algorithm has no bias
    correction.

    Examples
    --------
    The first Adam step moves each element by about the learning rate, whatever the
    gradient's scale:

    >>> import numpy as np
    >>> w = np.zeros(3)
    >>> opt = Adam(learning_rate=0.01)
    >>> opt.apply([np.array([0.1, 1.0, -1e3])], [w])
    >>> w.round(5)
    array([-0.01, -0.01,  0.01])
    """

    def __init__(
        self,
        learning_rate: float | LearningRateSchedule = 0.001,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        *,
        weight_decay: float | None = None,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
    ) -> None:
        super().__init__(
            learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
        )
        where = type(self).__name__
        self.beta_1 = check.unit_interval(beta_1, where, "beta_1")
        self.beta_2 = check.unit_interval(beta_2, where, "beta_2")
        self.epsilon = check.positive(epsilon, where, "epsilon")
        self.amsgrad = check.flag(amsgrad, where, "amsgrad")

    def slot_names(self) -> tuple[str, ...]:
        return (
            ("momentum", "velocity", "velocity_hat") if self.amsgrad else ("momentum", "velocity")
        )

    def update_step(self, g: Array, w: Array, slots: Slots, lr: float) -> None:
        b1, b2 = self.beta_1, self.beta_2
        t = self.iterations + 1  # the bias corrections count steps from 1
        alpha = lr * math.sqrt(1 - b2**t) / (1 - b1**t)
        m, v = slots["momentum"], slots["velocity"]
        m += (1 - b1) * (g - m)
        v += (1 - b2) * (g**2 - v)
        if self.amsgrad:
            v = np.maximum(slots["velocity_hat"], v, out=slots["velocity_hat"])
        w -= m * alpha / (np.sqrt(v) + self.epsilon)

    def _own_config(self) -> dict[str, object]:
        return {
            "beta_1": self.beta_1,
            "beta_2": self.beta_2,
            "epsilon": self.epsilon,
            "amsgrad": self.amsgrad,
        }


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov & Hutter 2019;
    ``keras.optimizers.AdamW``).

    Before each Adam step, :math:`w \leftarrow w - \eta_t \lambda w`: the decay acts on
    the weights directly instead of being added to the gradient (where Adam's division
    by :math:`\sqrt v` would rescale it element by element).

    Parameters
    ----------
    learning_rate : float or LearningRateSchedule, default 0.001
    weight_decay : float, default 0.004
        :math:`\lambda` >= 0; required (use :class:`Adam` for no decay).
    beta_1, beta_2, epsilon, amsgrad
        As for :class:`Adam`.
    clipnorm, clipvalue, global_clipnorm : float or None, keyword-only
        See :class:`Optimizer`.

    Notes
    -----
    In Keras 3 ``weight_decay`` belongs to every optimizer and is always decoupled, so
    ``AdamW(weight_decay=0.004)`` takes exactly the steps of
    ``Adam(weight_decay=0.004)``; AdamW only changes the default. The decay is
    multiplied by the *full* learning rate :math:`\eta_t` (schedule included), so
    :math:`\lambda` = 0.004 with :math:`\eta` = 0.001 shrinks the weights by a factor
    :math:`1 - 4 \times 10^{-6}` per step. The paper writes
    :math:`w \leftarrow w - \gamma_t(\alpha\, \hat m / (\sqrt{\hat v} + \epsilon) +
    \lambda w)`, with :math:`\gamma_t` a schedule *multiplier* apart from the step size
    :math:`\alpha`; Keras' :math:`\lambda` is the paper's divided by :math:`\alpha`.

    Examples
    --------
    >>> import numpy as np
    >>> w = np.array([1.0])
    >>> AdamW(learning_rate=0.1, weight_decay=0.5).apply([np.array([0.0])], [w])
    >>> w  # decayed by 0.1 * 0.5; a zero gradient gives a zero Adam step
    array([0.95])
    """

    def __init__(
        self,
        learning_rate: float | LearningRateSchedule = 0.001,
        weight_decay: float = 0.004,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        *,
        clipnorm: float | None = None,
        clipvalue: float | None = None,
        global_clipnorm: float | None = None,
    ) -> None:
        if weight_decay is None:
            raise TypeError("AdamW: weight_decay must be a number (use Adam for no decay)")
        super().__init__(
            learning_rate,
            beta_1,
            beta_2,
            epsilon,
            amsgrad,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
        )

    def _own_config(self) -> dict[str, object]:
        # weight_decay is AdamW's second argument, always shown
        return {"weight_decay": self.weight_decay} | super()._own_config()


#: The optimizers by lower-case name, for :func:`get_optimizer`.
OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adam": Adam,
    "adamw": AdamW,
}


def get_optimizer(optimizer: str | Optimizer, **kwargs: Any) -> Optimizer:
    """An optimizer from its name (``"adam"``, ``"SGD"``, ...) or an optimizer itself.

    Parameters
    ----------
    optimizer : str or Optimizer
        A name from :data:`OPTIMIZERS` (any case), or an optimizer, returned as it is.
    **kwargs
        Arguments for the optimizer's constructor (only with a name).

    Returns
    -------
    Optimizer

    Examples
    --------
    >>> get_optimizer("SGD", learning_rate=0.1, momentum=0.9)
    SGD(learning_rate=0.1, momentum=0.9, nesterov=False)
    """
    if isinstance(optimizer, Optimizer):
        if kwargs:
            raise ValueError(
                "get_optimizer: keyword arguments apply only to a name; got an optimizer "
                f"({type(optimizer).__name__}) and {sorted(kwargs)}"
            )
        return optimizer
    if not isinstance(optimizer, str):
        raise TypeError(
            "get_optimizer: optimizer must be a name or an Optimizer, got "
            f"{type(optimizer).__name__}"
        )
    cls = OPTIMIZERS.get(optimizer.lower())
    if cls is None:
        raise ValueError(
            f"get_optimizer: unknown optimizer {optimizer!r}; known: {', '.join(OPTIMIZERS)}"
        )
    return cls(**kwargs)
