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

__all__ = ["OKABE_ITO", "LINESTYLES", "use_style", "plot_activation", "plot_activations"]

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


def use_style() -> None:
    """Set Matplotlib's defaults for the book: palette, grid, sizes, no top/right spines."""
    colours = [c for name, c in OKABE_ITO.items() if name not in ("yellow", "black")]
    mpl.rcParams.update(
        {
            "axes.prop_cycle": mpl.cycler(color=colours),
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

    Parameters default to the registry record's; pass any of them to override.
    Returns ``ax``.
    """
    from course_code.activations import ACTIVATIONS

    rec = ACTIVATIONS[name]
    p = {**rec.params, **params}
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
