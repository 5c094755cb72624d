r"""Learning-rate schedules: the learning rate as a function of the step number.

A schedule is passed to an optimizer instead of a number
(``Adam(learning_rate=CosineDecay(...))``); before each update the optimizer calls it on
its step counter :attr:`~course_code.optim.Optimizer.iterations`, which is ``0`` for the
first update. The three schedules take exactly the arguments of their namesakes in
``keras.optimizers.schedules`` and return the same value at every step, computed in
float64.

:class:`ExponentialDecay`
    :math:`\eta_t = \eta_0\, r^{t/T}`, or :math:`\eta_0\, r^{\lfloor t/T \rfloor}` with
    ``staircase=True``.
:class:`PiecewiseConstantDecay`
    a constant on each interval between boundaries.
:class:`CosineDecay`
    half a cosine from :math:`\eta_0` down to :math:`\alpha\,\eta_0` over
    :math:`T` steps (Loshchilov & Hutter 2017), optionally after a linear warm-up
    (Goyal et al. 2017).

Notes
-----
Keras computes a schedule in the dtype of ``initial_learning_rate`` (or of
``values[0]``) *as a tensor*: a Python float becomes a float32 tensor, so
``keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.96)`` computes in float32 even
when the model is float64. Pass NumPy float64 numbers (``np.float64(0.1)``) for a
float64 Keras schedule; these classes always compute in float64.

References
----------
I. Loshchilov and F. Hutter, "SGDR: Stochastic gradient descent with warm restarts",
ICLR 2017.

P. Goyal et al., "Accurate, large minibatch SGD: training ImageNet in 1 hour",
arXiv:1706.02677, 2017.
"""

from __future__ import annotations

import bisect
import math
from abc import ABC, abstractmethod
from collections.abc import Sequence

from course_code import _validation as check

__all__ = ["CosineDecay", "ExponentialDecay", "LearningRateSchedule", "PiecewiseConstantDecay"]


class LearningRateSchedule(ABC):
    """Base class: a learning rate that depends on the step number.

    Subclasses implement :meth:`value`; calling the schedule checks the step first.
    """

    def __call__(self, step: float) -> float:
        """The learning rate at ``step`` (``0`` is the first update).

        Parameters
        ----------
        step : int or float
            The optimizer's step counter; finite and >= 0.

        Returns
        -------
        float
        """
        where = type(self).__name__
        t = check.nonnegative(step, where, "step")
        return self.value(t)

    @abstractmethod
    def value(self, step: float) -> float:
        """The learning rate at a valid ``step``; what a subclass implements."""

    @abstractmethod
    def get_config(self) -> dict[str, object]:
        """The constructor's arguments, as Keras' ``get_config`` returns them."""

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class ExponentialDecay(LearningRateSchedule):
    r"""Exponential decay, :math:`\eta_t = \eta_0\, r^{t/T}`
    (``keras.optimizers.schedules.ExponentialDecay``).

    The learning rate is multiplied by ``decay_rate`` every ``decay_steps`` steps:
    smoothly, or at once at each multiple of ``decay_steps`` when ``staircase=True``
    (then the exponent is :math:`\lfloor t/T \rfloor`).

    Parameters
    ----------
    initial_learning_rate : float
        :math:`\eta_0`, the rate at step 0; finite and >= 0.
    decay_steps : int or float
        :math:`T` > 0.
    decay_rate : float
        :math:`r` > 0 (below 1 to decay).
    staircase : bool, default False
        Decay in steps rather than continuously.

    Examples
    --------
    >>> schedule = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5, staircase=True)
    >>> [schedule(t) for t in (0, 9, 10, 25)]
    [0.1, 0.1, 0.05, 0.025]
    >>> round(ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)(5), 6)  # 0.1 / sqrt(2)
    0.070711
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: float,
        decay_rate: float,
        staircase: bool = False,
    ) -> None:
        where = "ExponentialDecay"
        self.initial_learning_rate = check.nonnegative(
            initial_learning_rate, where, "initial_learning_rate"
        )
        self.decay_steps = check.positive(decay_steps, where, "decay_steps")
        self.decay_rate = check.positive(decay_rate, where, "decay_rate")
        self.staircase = check.flag(staircase, where, "staircase")

    def value(self, step: float) -> float:
        p = step / self.decay_steps
        if self.staircase:
            p = math.floor(p)
        return self.initial_learning_rate * self.decay_rate**p

    def get_config(self) -> dict[str, object]:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
        }


class PiecewiseConstantDecay(LearningRateSchedule):
    """A constant learning rate on each interval between boundaries
    (``keras.optimizers.schedules.PiecewiseConstantDecay``).

    The rate is ``values[0]`` while ``step <= boundaries[0]``, ``values[i]`` while
    ``boundaries[i-1] < step <= boundaries[i]``, and ``values[-1]`` once
    ``step > boundaries[-1]``. A boundary step still uses the rate *before* it.

    Parameters
    ----------
    boundaries : sequence of numbers
        At least one, strictly increasing.
    values : sequence of floats
        One more than ``boundaries``; each finite and >= 0.

    Examples
    --------
    >>> schedule = PiecewiseConstantDecay([10, 20], [0.1, 0.01, 0.001])
    >>> [schedule(t) for t in (0, 10, 11, 20, 21)]
    [0.1, 0.1, 0.01, 0.01, 0.001]
    """

    def __init__(self, boundaries: Sequence[float], values: Sequence[float]) -> None:
        where = "PiecewiseConstantDecay"
        for name, seq in (("boundaries", boundaries), ("values", values)):
            if isinstance(seq, (str, bytes)) or not isinstance(seq, Sequence):
                raise TypeError(
                    f"{where}: {name} must be a list of numbers, got {type(seq).__name__}"
                )
        if len(boundaries) == 0:
            raise ValueError(
                f"{where}: boundaries must hold at least one step "
                "(for a constant rate pass a float learning_rate instead)"
            )
        if len(values) != len(boundaries) + 1:
            raise ValueError(
                f"{where}: values must have one more element than boundaries; got "
                f"{len(boundaries)} boundaries and {len(values)} values"
            )
        self.boundaries = [
            check.real_number(b, where, f"boundaries[{i}]") for i, b in enumerate(boundaries)
        ]
        self.values = [check.nonnegative(v, where, f"values[{i}]") for i, v in enumerate(values)]
        for i in range(1, len(self.boundaries)):
            if not self.boundaries[i] > self.boundaries[i - 1]:
                raise ValueError(
                    f"{where}: boundaries must be strictly increasing, but "
                    f"boundaries[{i}] = {self.boundaries[i]} follows "
                    f"boundaries[{i - 1}] = {self.boundaries[i - 1]}"
                )

    def value(self, step: float) -> float:
        # bisect_left counts the boundaries strictly below step: the index of the interval
        return self.values[bisect.bisect_left(self.boundaries, step)]

    def get_config(self) -> dict[str, object]:
        return {"boundaries": list(self.boundaries), "values": list(self.values)}


class CosineDecay(LearningRateSchedule):
    r"""Cosine decay, with an optional linear warm-up
    (``keras.optimizers.schedules.CosineDecay``).

    Without warm-up (``warmup_target=None``), for :math:`s = \min(t, T)`,

    .. math::

        \eta_t = \eta_0 \Bigl((1 - \alpha)\,\tfrac12\bigl(1 + \cos(\pi s / T)\bigr)
                 + \alpha\Bigr),

    half a cosine from :math:`\eta_0` down to :math:`\alpha\,\eta_0`, reached at step
    :math:`T` and kept afterwards (Loshchilov & Hutter 2017, one cycle without
    restarts).

    With ``warmup_target`` :math:`\eta_w` and ``warmup_steps`` :math:`W`, the rate first
    rises linearly, :math:`\eta_t = \eta_0 + (\eta_w - \eta_0)\,t/W` for :math:`t < W`
    (Goyal et al. 2017), then follows the cosine above from :math:`\eta_w` with
    :math:`s = \min(t - W, T)`: it ends at step :math:`W + T`.

    Parameters
    ----------
    initial_learning_rate : float
        :math:`\eta_0`, the rate at step 0; finite and >= 0.
    decay_steps : int or float
        :math:`T` > 0, the length of the cosine.
    alpha : float, default 0.0
        The final rate as a fraction of the rate the cosine starts from; in [0, 1].
    warmup_target : float or None, default None
        :math:`\eta_w`, the rate at the end of the warm-up; None for no warm-up.
    warmup_steps : int or float, default 0
        :math:`W` >= 0.

    Notes
    -----
    Keras silently ignores ``warmup_steps`` when ``warmup_target`` is None (no warm-up
    happens); here that combination is an error, since it cannot be what was meant.

    Examples
    --------
    >>> schedule = CosineDecay(0.1, decay_steps=100, alpha=0.1)
    >>> [round(schedule(t), 6) for t in (0, 50, 100, 200)]
    [0.1, 0.055, 0.01, 0.01]
    >>> warm = CosineDecay(0.0, decay_steps=100, warmup_target=0.1, warmup_steps=10)
    >>> [round(warm(t), 6) for t in (0, 5, 10, 60, 110)]
    [0.0, 0.05, 0.1, 0.05, 0.0]
    """

    def __init__(
        self,
        initial_learning_rate: float,
        decay_steps: float,
        alpha: float = 0.0,
        warmup_target: float | None = None,
        warmup_steps: float = 0,
    ) -> None:
        where = "CosineDecay"
        self.initial_learning_rate = check.nonnegative(
            initial_learning_rate, where, "initial_learning_rate"
        )
        self.decay_steps = check.positive(decay_steps, where, "decay_steps")
        self.alpha = check.nonnegative(alpha, where, "alpha")
        if self.alpha > 1:
            raise ValueError(f"{where}: alpha must be in [0, 1], got {self.alpha}")
        self.warmup_target = (
            None
            if warmup_target is None
            else check.nonnegative(warmup_target, where, "warmup_target")
        )
        self.warmup_steps = check.nonnegative(warmup_steps, where, "warmup_steps")
        if self.warmup_target is None and self.warmup_steps > 0:
            raise ValueError(
                f"{where}: warmup_steps={self.warmup_steps} needs a warmup_target "
                "(the rate to reach at the end of the warm-up)"
            )

    def _cosine(self, step: float, start: float) -> float:
        """Half a cosine from ``start`` down to ``alpha * start`` over ``decay_steps``."""
        cosine_decayed = 0.5 * (1.0 + math.cos(math.pi * (step / self.decay_steps)))
        return start * ((1 - self.alpha) * cosine_decayed + self.alpha)

    def value(self, step: float) -> float:
        if self.warmup_target is None:
            return self._cosine(min(step, self.decay_steps), self.initial_learning_rate)
        step = min(step, self.decay_steps + self.warmup_steps)
        if step < self.warmup_steps:
            rise = self.warmup_target - self.initial_learning_rate
            return rise * (step / self.warmup_steps) + self.initial_learning_rate
        return self._cosine(step - self.warmup_steps, self.warmup_target)

    def get_config(self) -> dict[str, object]:
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }
