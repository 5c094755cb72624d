"""One visual style for every figure in the book.

Colours are the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), which
stays distinguishable under the common colour-vision deficiencies; lines also differ in
style, so a figure still reads in greyscale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib as mpl
import numpy as np
from cycler import cycler

__all__ = [
    "OKABE_ITO",
    "LINESTYLES",
    "CLASS_STYLE",
    "use_style",
    "plot_activation",
    "plot_activations",
    "scatter_classes",
    "decision_line",
    "MARKERS",
    "plot_surface",
    "plot_path",
]

#: Okabe–Ito colours, black last (it is used for reference lines).
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky blue": "#56B4E9",
    "reddish purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
LINESTYLES: tuple[str, ...] = ("-", "--", "-.", ":")
#: The colour cycle of every figure (``C0``, ``C1``, ...): Okabe–Ito without yellow, which
#: is too faint on white, and black, kept for reference lines.
_CYCLE = [c for name, c in OKABE_ITO.items() if name not in ("yellow", "black")]
#: Markers for runs drawn on one figure (trajectories), so that they differ without colour.
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P")

#: Colour *and* marker per class (0, 1), so that the classes also differ in greyscale.
CLASS_STYLE: tuple[dict[str, str], ...] = (
    {"color": OKABE_ITO["blue"], "marker": "o", "label": "class 0"},
    {"color": OKABE_ITO["vermillion"], "marker": "^", "label": "class 1"},
)


def use_style() -> None:
    """Set Matplotlib's defaults for the book: palette, grid, sizes, no top/right spines."""
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=_CYCLE),
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 11,
            "axes.labelsize": 10,
            "legend.fontsize": 9,
            "legend.frameon": False,
            "figure.figsize": (6.4, 3.6),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.constrained_layout.use": True,
            "lines.linewidth": 2.0,
            "image.cmap": "cividis",
        }
    )


def plot_activation(
    ax: Any, name: str, x: Sequence[float] | np.ndarray | None = None, **params: Any
) -> Any:
    """Draw a registry activation and its derivative on ``ax``.

    Keyword arguments default to the registry record's (``rec.kwargs``); pass any of
    them to override.
    Returns ``ax``.
    """
    from course_code.activations import ACTIVATIONS

    rec = ACTIVATIONS[name]
    p = {**rec.kwargs, **params}
    x = np.linspace(-5, 5, 1001) if x is None else np.asarray(x, dtype=np.float64)
    y = rec.function(x, **p)
    dy = rec.derivative(x, **p)
    if name == "step":  # draw the jump as a jump, not as a steep line
        y = np.where(np.abs(np.diff(y, prepend=y[0])) > 0, np.nan, y)
    ax.plot(x, y, color=OKABE_ITO["blue"], label="f(x)")
    ax.plot(x, dy, color=OKABE_ITO["vermillion"], linestyle="--", label="f′(x)")
    ax.axhline(0, color=OKABE_ITO["black"], linewidth=0.6)
    ax.axvline(0, color=OKABE_ITO["black"], linewidth=0.6)
    extra = ", ".join(f"{k}={v}" for k, v in params.items())
    ax.set_title(rec.title + (f" ({extra})" if extra else ""))
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    return ax


def plot_activations(
    names: Sequence[str], x: Sequence[float] | np.ndarray | None = None, ncols: int = 3
) -> Any:
    """A grid of :func:`plot_activation` panels, one per name, with one shared legend.

    Returns the figure.
    """
    import matplotlib.pyplot as plt

    nrows = -(-len(names) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(3.3 * ncols, 2.7 * nrows), squeeze=False, sharex=True
    )
    for ax, name in zip(axes.flat, names, strict=False):
        plot_activation(ax, name, x)
    for ax in list(axes.flat)[len(names) :]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=2)
    return fig


def scatter_classes(ax: Any, X: Any, y: Any, size: float = 30) -> Any:
    """Scatter 2-D points ``X`` coloured and shaped by their label ``y`` in {0, 1}.

    Labels the axes as the inputs :math:`x_1, x_2`; returns ``ax``.
    """
    X, y = np.asarray(X), np.asarray(y)
    for k, style in enumerate(CLASS_STYLE):
        ax.scatter(*X[y == k].T, s=size, edgecolor="white", linewidth=0.5, zorder=3, **style)
    ax.set_xlabel("input $x_1$")
    ax.set_ylabel("input $x_2$")
    return ax


def decision_line(ax: Any, w: Any, b: float, **kwargs: Any) -> Any:
    r"""Draw the line :math:`w_1 x_1 + w_2 x_2 + b = 0` across the current axis limits.

    Works for vertical lines (:math:`w_2 = 0`) too; draws nothing when ``w`` is zero
    (no line: every point gets the same class). Keyword arguments go to ``ax.plot``;
    returns ``ax``.
    """
    w1, w2 = (float(v) for v in np.asarray(w, dtype=np.float64).ravel())
    xlim, ylim = ax.get_xlim(), ax.get_ylim()
    style = {"color": OKABE_ITO["black"], "linewidth": 1.5, **kwargs}
    if abs(w2) >= abs(w1) and w2 != 0:
        xs = np.array(xlim)
        ax.plot(xs, -(w1 * xs + b) / w2, **style)
    elif w1 != 0:
        ys = np.array(ylim)
        ax.plot(-(w2 * ys + b) / w1, ys, **style)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    return ax


def plot_surface(
    ax: Any,
    surface: Any,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    levels: int | Sequence[float] = 12,
    num: int = 201,
) -> Any:
    """Contour lines of a 2-D surface of :mod:`course_code.optim.surfaces`, in grey, with
    its minimum marked by a black star; axes labelled :math:`w_1, w_2`, equal scales.

    ``levels`` goes to ``ax.contour`` (a number of levels, or the values; surfaces whose
    values span decades, such as Rosenbrock's, read best with ``np.geomspace`` levels).
    Returns ``ax``.
    """
    X, Y, F = surface.on_grid(xlim, ylim, num)
    ax.contour(X, Y, F, levels=levels, colors="0.6", linewidths=0.8)
    ax.plot(
        *surface.minimum,
        marker="*",
        markersize=13,
        color=OKABE_ITO["black"],
        linestyle="none",
        label="minimum",
        zorder=4,
    )
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xlabel("$w_1$")
    ax.set_ylabel("$w_2$")
    return ax


def plot_path(ax: Any, points: Any, k: int = 0, every: int = 1, **kwargs: Any) -> Any:
    """Draw a run of an optimizer (rows of ``points`` are the points it visited) as a line
    with markers: colour ``k`` of the figures' colour cycle and marker ``k`` of
    :data:`MARKERS`, a marker on every ``every``-th point. Keyword arguments
    (``label=...``) go to ``ax.plot``; returns ``ax``."""
    points = np.asarray(points)
    style = {
        "color": _CYCLE[k % len(_CYCLE)],
        "marker": MARKERS[k % len(MARKERS)],
        "markersize": 4,
        "linewidth": 1.2,
        "markevery": every,
        **kwargs,
    }
    ax.plot(points[:, 0], points[:, 1], **style)
    return ax
