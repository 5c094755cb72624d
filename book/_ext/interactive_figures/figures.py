"""The data of the book's interactive figures, computed with ``course_code``.

Each figure has a *builder*, a function that calls the package and returns a dict of
plain numbers, lists and strings (what the browser needs to draw every state the
figure's controls can reach), and a *drawer*, which draws the figure's first state with
Matplotlib for the static image shown in print and without JavaScript. The browser only
draws: every value of an activation, a gradient, an optimizer step, a perceptron update or
a softmax comes from here.

:func:`encode` writes a builder's dict as compact JSON, every float rounded to 4
significant digits (plenty for drawing, and no output depends on the last bits a CPU's
SIMD level or thread count can change).

``FIGURES`` maps each figure's name (the argument of the ``interactive-figure``
directive) to its :class:`Spec`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["FIGURES", "Spec", "build", "encode", "rounded"]

SIGNIFICANT = 4


# --------------------------------------------------------------------------- encoding


def rounded(value: Any) -> Any:
    """``value`` with every float rounded to 4 significant digits, arrays as lists.

    Whole floats become ints (shorter JSON), non-finite floats ``None`` (JSON has no NaN).

    >>> rounded({"a": np.array([1 / 3, 2.0, np.inf]), "b": [123456.7, -0.0, 1.23456e-9]})
    {'a': [0.3333, 2, None], 'b': [123500, 0, 1.235e-09]}
    """
    if isinstance(value, dict):
        return {str(k): rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rounded(v) for v in value]
    if isinstance(value, np.ndarray):
        return rounded(value.tolist())
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if not math.isfinite(v):
            return None
        v = float(f"{v:.{SIGNIFICANT}g}")
        return int(v) if v.is_integer() and abs(v) < 1e15 else v
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"rounded: cannot encode {type(value).__name__}")


def encode(data: dict[str, Any]) -> str:
    """Compact JSON of ``rounded(data)``.

    >>> encode({"x": [0.1 + 0.2, 1e-20], "label": "α"})
    '{"x":[0.3,1e-20],"label":"α"}'
    """
    return json.dumps(rounded(data), separators=(",", ":"), ensure_ascii=False, allow_nan=False)


# --------------------------------------------------------------------------- the figures


@dataclass(frozen=True)
class Spec:
    """One interactive figure: its builder, its static drawer and its default alt text."""

    name: str
    build: Callable[[], dict[str, Any]]
    draw: Callable[[Any, dict[str, Any]], None]  #: (matplotlib Figure, data) -> None
    alt: str  #: what the static image shows; the directive's :alt: replaces it


def build(name: str) -> dict[str, Any]:
    """The data of figure ``name``, rounded as it is written for the browser."""
    if name not in FIGURES:
        raise ValueError(f"build: unknown figure {name!r}; known: {', '.join(FIGURES)}")
    data = rounded(FIGURES[name].build())
    data["figure"] = name
    return data


def _palette() -> dict[str, str]:
    from course_code.plotting import OKABE_ITO

    return OKABE_ITO


# --- 1. activation explorer ------------------------------------------------------------

X_RANGE = 6.0
#: parameters the explorer offers a slider (or switch) for, with the values it precomputes
PARAMETERS: dict[str, dict[str, Any]] = {
    "leaky_relu": {
        "key": "alpha",
        "label": "slope α for x < 0",
        # PyTorch's default 0.01, Keras' 0.2 (activations) and 0.3 (layers.LeakyReLU)
        "values": [0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5],
    },
    "prelu": {"key": "alpha", "label": "slope α for x < 0", "values": [0.0, 0.1, 0.25, 0.5, 1.0]},
    "elu": {
        "key": "alpha",
        "label": "α (the limit −α as x → −∞)",
        "values": [0.25, 0.5, 1.0, 1.5, 2.0],
    },
    "swish": {"key": "beta", "label": "β", "values": [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0]},
    "gelu": {"key": "approximate", "label": "tanh approximation", "values": [False, True]},
}
FLAT = 0.01  #: |f'(x)| below this counts as a vanished gradient
EXPLORER_INITIAL = "sigmoid"


def flat_intervals(derivative: Callable[[Any], Any], lo: float, hi: float) -> list[list[float]]:
    """The intervals of ``[lo, hi]`` where ``|derivative| < 0.01``, found on a 0.001 grid.

    >>> from course_code.activations import relu_derivative, sigmoid_derivative
    >>> flat_intervals(relu_derivative, -6, 6)
    [[-6.0, 0.0]]
    >>> flat_intervals(sigmoid_derivative, -6, 6)
    [[-6.0, -4.585], [4.585, 6.0]]
    """
    n = round((hi - lo) * 1000)
    x = lo + np.arange(n + 1) / 1000
    flat = np.abs(np.asarray(derivative(x), dtype=np.float64)) < FLAT
    edges = np.flatnonzero(np.diff(flat.astype(np.int8)))
    starts = [0] + list(edges + 1) if flat[0] else list(edges + 1)
    intervals = []
    for start in starts:
        if not flat[start]:
            continue
        stop = start
        while stop + 1 <= n and flat[stop + 1]:
            stop += 1
        intervals.append([round(float(x[start]), 3), round(float(x[stop]), 3)])
    return intervals


def _curve(rec: Any, kwargs: dict[str, Any], x: np.ndarray) -> dict[str, Any]:
    f = np.asarray(rec.function(x, **kwargs), dtype=np.float64)
    d = np.asarray(rec.derivative(x, **kwargs), dtype=np.float64)
    if rec.name == "step":  # draw the jump as a jump (as course_code.plotting does)
        f = np.where(np.abs(np.diff(f, prepend=f[0])) > 0, np.nan, f)

    def derivative(t: Any) -> Any:
        return rec.derivative(t, **kwargs)

    return {
        "f": f,
        "d": d,
        "flat": flat_intervals(derivative, -X_RANGE, X_RANGE),
        "d0": float(rec.derivative(0.0, **kwargs)),
        "dmax": float(
            np.max(np.abs(rec.derivative(np.linspace(-X_RANGE, X_RANGE, 12001), **kwargs)))
        ),
    }


def activation_explorer() -> dict[str, Any]:
    """Every registry activation and its derivative on [-6, 6], for each parameter value.

    ``curves[key]`` holds ``f`` and ``d`` (f') on the grid ``x``, the ``flat`` intervals
    where |f'| < 0.01, ``d0`` = f'(0) (the registry's convention at a kink) and ``dmax``,
    the largest |f'|; ``key`` is the name, or ``name:value`` for a parametrised record.
    """
    from course_code.activations import ACTIVATIONS

    x = np.linspace(-X_RANGE, X_RANGE, 121)
    activations, curves = [], {}
    for name, rec in ACTIVATIONS.items():
        entry: dict[str, Any] = {
            "name": name,
            "title": rec.title,
            "formula": rec.formula,
            "dformula": rec.derivative_formula,
        }
        param = PARAMETERS.get(name)
        if param is None:
            curves[name] = _curve(rec, dict(rec.kwargs), x)
        else:
            key = param["key"]
            default = rec.kwargs[key]
            if default not in param["values"]:
                raise ValueError(f"activation_explorer: {name}'s {key}={default} is not offered")
            entry["param"] = {
                "key": key,
                "label": param["label"],
                "values": param["values"],
                "index": param["values"].index(default),
            }
            for value in param["values"]:
                curves[f"{name}:{_value_key(value)}"] = _curve(rec, {**rec.kwargs, key: value}, x)
        activations.append(entry)
    return {
        "x": x,
        "range": X_RANGE,
        "flat_below": FLAT,
        "activations": activations,
        "curves": curves,
        "initial": EXPLORER_INITIAL,
    }


def _value_key(value: Any) -> str:
    """The key of a parameter value, as the browser writes it (String(value) in JS)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return format(rounded(value))


def draw_activation_explorer(fig: Any, data: dict[str, Any]) -> None:
    c = _palette()
    name = data["initial"]
    curve = data["curves"][name]
    title = next(a["title"] for a in data["activations"] if a["name"] == name)
    ax = fig.subplots()
    x = np.array(data["x"], dtype=float)
    for lo, hi in curve["flat"]:
        ax.axvspan(lo, hi, color=c["sky blue"], alpha=0.2, linewidth=0)
        for edge in (lo, hi):
            if abs(edge) < X_RANGE:
                ax.axvline(edge, color=c["black"], linestyle=":", linewidth=1)
    ax.plot(x, _floats(curve["f"]), color=c["blue"], label="f(x)")
    ax.plot(x, _floats(curve["d"]), color=c["vermillion"], linestyle="--", label="f′(x)")
    ax.axhline(0, color=c["black"], linewidth=0.6)
    ax.set_xlabel("input x")
    ax.set_ylabel("output")
    ax.set_title(f"{title} and its derivative; shaded: |f′(x)| < {data['flat_below']}")
    ax.legend(loc="upper left")


def _floats(values: list[Any]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


# --- 2. perceptron playground ----------------------------------------------------------

MAX_UPDATES = 40  #: XOR never converges: the path stops here


def widest_margin_bound(X: np.ndarray, y: np.ndarray) -> float:
    """Novikoff's bound for the separator with the widest augmented margin (the tightest).

    The widest margin solves min |v|^2 subject to t_i v . (x_i, 1) >= 1 (a small
    quadratic programme, SciPy's SLSQP); the bound itself is ``novikoff_bound``'s.

    >>> from course_code.data import logic_gate
    >>> round(widest_margin_bound(*logic_gate("AND")), 6)
    51.0
    """
    from scipy.optimize import minimize

    from course_code.perceptron import augment, novikoff_bound

    Xa, t = augment(X), 2.0 * np.asarray(y, dtype=np.float64) - 1.0
    constraint = {
        "type": "ineq",
        "fun": lambda v: t * (Xa @ v) - 1.0,
        "jac": lambda v: t[:, None] * Xa,
    }
    result = minimize(
        lambda v: v @ v,
        np.ones(Xa.shape[1]),
        jac=lambda v: 2.0 * v,
        constraints=[constraint],
        method="SLSQP",
        options={"ftol": 1e-12, "maxiter": 500},
    )
    if not result.success:
        raise RuntimeError(f"widest_margin_bound: {result.message}")
    return novikoff_bound(X, y, result.x[:-1], result.x[-1])


def _separable_points() -> tuple[np.ndarray, np.ndarray]:
    """20 separable points on a 0.1 grid, so that every state of the rule (sums of
    inputs) is a multiple of 0.1, which the sliders can show exactly."""
    from course_code.data import separable
    from course_code.perceptron import augmented_margin

    X, y, w, b = separable(20, margin=0.1, seed=7)
    X = np.round(X, 1)
    if augmented_margin(X, y, w, b) <= 0:  # rounding must not move a point across
        raise RuntimeError("_separable_points: rounding broke the separation")
    return X, y


def perceptron_playground() -> dict[str, Any]:
    """AND, OR, XOR and a separable set: points, each update of the rule from zero, the bound.

    ``path`` holds, for each state k (0 = start), the weights ``w[k]``, bias ``b[k]``,
    the indices of the misclassified points ``wrong[k]`` (``Perceptron``'s convention:
    a score of exactly 0 is class 1), and ``example[k]``, the point whose mistake made
    update k + 1.
    """
    from course_code.activations import step
    from course_code.data import logic_gate
    from course_code.perceptron import update_path

    sets = {name: logic_gate(name) for name in ("AND", "OR", "XOR")}
    sets["separable"] = _separable_points()
    datasets = []
    for name, (X, y) in sets.items():
        path = update_path(X, y, max_updates=MAX_UPDATES)
        wrong = [
            np.flatnonzero(step(X @ w + b) != y).tolist()
            for w, b in zip(path.weights, path.biases, strict=True)
        ]
        bound = widest_margin_bound(X, y) if name != "XOR" else None
        pad = 0.5 if name != "separable" else 0.25
        datasets.append(
            {
                "name": name,
                "label": f"{name} gate" if name != "separable" else "20 separable points",
                "X": X,
                "y": y.astype(int),
                "view": [float(X.min()) - pad, float(X.max()) + pad] * 2,
                "path": {
                    "w": path.weights,
                    "b": path.biases,
                    "example": path.examples,
                    "wrong": wrong,
                },
                "converged": path.converged,
                "bound": bound,
            }
        )
    limit = max(4.0, max(float(np.abs(d["path"]["w"]).max()) for d in datasets))
    return {"datasets": datasets, "limit": math.ceil(limit), "step": 0.1, "initial": "AND"}


def draw_perceptron_playground(fig: Any, data: dict[str, Any]) -> None:
    from course_code.plotting import CLASS_STYLE, decision_line

    c = _palette()
    ds = next(d for d in data["datasets"] if d["name"] == data["initial"])
    X, y = np.array(ds["X"], dtype=float), np.array(ds["y"])
    w, b = np.array(ds["path"]["w"][-1], dtype=float), float(ds["path"]["b"][-1])
    ax = fig.subplots()
    lo, hi = ds["view"][:2]
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    for k, style in enumerate(CLASS_STYLE):
        ax.scatter(*X[y == k].T, s=60, edgecolor="white", zorder=3, **style)
    decision_line(ax, w, b, label="decision line")
    centre = np.full(2, (lo + hi) / 2)
    foot = centre - (w @ centre + b) * w / (w @ w)  # the line's point nearest the centre
    tip = foot + 0.15 * (hi - lo) * w / np.linalg.norm(w)
    arrow = {"arrowstyle": "->", "color": c["green"], "lw": 2}
    ax.annotate("", xy=tip, xytext=foot, arrowprops=arrow)
    ax.text(*tip, f" w = ({w[0]:g}, {w[1]:g})", color=c["black"])
    n = len(ds["path"]["example"])
    bound = ds["bound"]
    ax.set_title(f"{ds['name']}: the perceptron rule from zero, {n} updates (bound: {bound:g})")
    ax.set_xlabel("input x₁")
    ax.set_ylabel("input x₂")
    ax.legend(loc="upper left", fontsize=8)


# --- 3. softmax temperature ------------------------------------------------------------

LOGITS = [2.0, 1.0, 0.1, -1.0]  # the logits of the softmax notebook


def softmax_temperature() -> dict[str, Any]:
    """softmax(x / T) and T * logsumexp(x / T) (log-sum-exp, the "soft" maximum) per T.

    The temperatures are 10^(k/10), from 0.05 to 100 (T = 1 included); logsumexp comes
    from ``log_softmax``: logsumexp(z) = z_i - log_softmax(z)_i for any i.
    """
    from course_code.activations import log_softmax, softmax

    logits = np.array(LOGITS)
    temperatures = 10.0 ** (np.arange(-13, 21) / 10)
    z = logits[None, :] / temperatures[:, None]
    probabilities = softmax(z)
    top = int(np.argmax(logits))
    soft_max = temperatures * (z[:, top] - log_softmax(z)[:, top])
    return {
        "logits": logits,
        "T": temperatures,
        "p": probabilities,
        "lse": soft_max,
        "max": float(logits.max()),
        "upper": float(logits.max()) + temperatures * math.log(len(logits)),
        "initial": int(np.argmin(np.abs(temperatures - 1.0))),
    }


def draw_softmax_temperature(fig: Any, data: dict[str, Any]) -> None:
    c = _palette()
    k = data["initial"]
    p, logits = data["p"][k], data["logits"]
    ax = fig.subplots()
    colours = [c["blue"], c["vermillion"], c["green"], c["reddish purple"]]
    hatches = ["", "//", "..", "xx"]
    labels = [f"class {i}\nlogit {v:g}".replace("-", "−") for i, v in enumerate(logits)]
    bars = ax.bar(labels, p, color=colours, hatch=hatches, edgecolor="white")
    ax.bar_label(bars, [f"{v:.3f}" for v in p])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("probability softmax(x / T)")
    ax.set_title(
        f"T = {data['T'][k]:g}: T·logsumexp(x/T) = {data['lse'][k]:.3f}, max(x) = {data['max']:g}"
    )


# --- 4. vanishing and exploding gradients ------------------------------------------------

DEPTHS = [1, 2, 4, 6, 8, 12, 16]
GAINS = [0.25, 0.5, 1.0, math.sqrt(2.0), 2.0, 4.0, 8.0]
VANISHING_ACTS = ["sigmoid", "tanh", "relu"]
WIDTH, BATCH = 64, 256


def vanishing_gradients() -> dict[str, Any]:
    r"""‖∂L/∂W‖ of every layer of an untrained MLP, per activation, depth and gain.

    The network of the vanishing-gradient notebook: 64 digit pixels in, ``depth`` hidden
    layers of 64 units, a softmax over 10 classes, a batch of 256 training digits. The
    weights are the network's He draw (``MLP(init="he", seed=0)``, N(0, 2/n_in)) rescaled
    to N(0, gain²/n_in): gain 1 is LeCun's (and Glorot's for square layers), √2 He's,
    8 = √64 the plain standard normal (``init="normal"``); the biases are 0.
    ``norms[activation][depth index][gain index]`` lists the layers from the input up.
    """
    from threadpoolctl import threadpool_limits

    from course_code.data import digits
    from course_code.propagation import MLP

    X_train, _, y_train, _ = digits()
    X, y = X_train[:BATCH].astype(np.float64), y_train[:BATCH]
    norms: dict[str, list[list[list[float]]]] = {}
    # Many small products: one BLAS thread is faster, and the same on every machine
    with threadpool_limits(limits=1):
        for act in VANISHING_ACTS:
            norms[act] = []
            for depth in DEPTHS:
                net = MLP([64] + [WIDTH] * depth + [10], act, "softmax", init="he", seed=0)
                he = net.weights
                row = []
                for gain in GAINS:
                    net.weights = [(W * (gain / math.sqrt(2.0)), b) for W, b in he]
                    grads = net.backward_trace(X, y).gradients
                    row.append([float(np.linalg.norm(dW)) for dW, _ in grads])
                norms[act].append(row)
    return {
        "activations": VANISHING_ACTS,
        "depths": DEPTHS,
        "gains": GAINS,
        "gain_names": {"1": "LeCun", "1.414": "He", "8": "N(0, 1)"},
        "norms": norms,
        "initial": {"depth": DEPTHS.index(12), "gain": GAINS.index(1.0)},
    }


def draw_vanishing_gradients(fig: Any, data: dict[str, Any]) -> None:
    c = _palette()
    d, g = data["initial"]["depth"], data["initial"]["gain"]
    depth = data["depths"][d]
    ax = fig.subplots()
    styles = [  # the colours of the interactive version in light mode (3:1 on white)
        {"color": c["vermillion"], "linestyle": "-", "marker": "o"},
        {"color": c["blue"], "linestyle": "--", "marker": "s"},
        {"color": c["green"], "linestyle": "-.", "marker": "^"},
    ]
    layers = np.arange(1, depth + 2)
    for act, style in zip(data["activations"], styles, strict=True):
        ax.semilogy(layers, data["norms"][act][d][g], label=act, markersize=5, **style)
    ax.set_xlabel(f"layer (1 = next to the input, {depth + 1} = output)")
    ax.set_ylabel("‖∂L/∂W‖ (log scale)")
    ax.set_title(f"{depth} hidden layers, weights N(0, {data['gains'][g]:g}²/n_in), untrained")
    ax.legend(title="hidden activation")


# --- 5. optimizer trajectories -----------------------------------------------------------

# The ravine of the momentum notebook (optimization/03): the same surface and optimizer code.
EIGENVALUES = (1.0, 100.0)  #: the curvatures along the ravine's axes (condition number 100)
ANGLE = math.pi / 6  #: the ravine's long axis is turned by 30 degrees
START = (-4.0, -1.5)
STEPS = 100
# plain gradient descent is stable for learning rates below 2 / 100 (the steep curvature);
# momentum mu moves that limit to 2 (1 + mu) / 100
LEARNING_RATES = [0.002, 0.005, 0.01, 0.015, 0.02, 0.021, 0.025, 0.03]
MOMENTA = [0.0, 0.5, 0.8, 0.9, 0.95, 0.99]
ESCAPE = 100.0  #: a run farther than this from the minimum has diverged; it stops there
ARRIVED = 1e-3  #: closer than this to the minimum, the rest of a path is not drawn


def _ravine() -> Any:
    from course_code.optim.surfaces import Quadratic

    return Quadratic(eigenvalues=EIGENVALUES, angle=ANGLE)


def _trajectory(ravine: Any, learning_rate: float, momentum: float) -> np.ndarray:
    """The start and every point SGD visits (fewer than STEPS + 1 if it diverged)."""
    from course_code.optim import SGD
    from course_code.optim.surfaces import trajectory

    sgd = SGD(learning_rate=learning_rate, momentum=momentum)
    return trajectory(ravine, sgd, START, STEPS, escape=ESCAPE)


def optimizer_trajectories() -> dict[str, Any]:
    """SGD with momentum (``course_code.optim.SGD``) in an ill-conditioned ravine.

    ``paths[i][j]`` is the flat list x0, y0, x1, y1, ... of the iterates for learning rate
    i and momentum j, cut where the run diverged or came within 0.001 of the minimum for
    good (the rest would not show); ``taken[i][j]`` the number of steps run, ``loss[i][j]`` and
    ``distance[i][j]`` f and the distance to the minimum after them. ``levels`` are the
    contour ellipses f = c by their semi-axes sqrt(2c / eigenvalue), the first along the
    direction ``angle``.
    """
    ravine = _ravine()
    paths, taken, losses, distances = [], [], [], []
    for lr in LEARNING_RATES:
        rows: list[list[Any]] = [[], [], [], []]
        for mu in MOMENTA:
            points = _trajectory(ravine, lr, mu)
            far = np.flatnonzero(np.linalg.norm(points, axis=1) >= ARRIVED)
            shown = points[: far[-1] + 2] if far.size else points[:1]  # + the first near one
            rows[0].append(shown.ravel())
            rows[1].append(len(points) - 1)
            rows[2].append(float(ravine(points[-1])))
            rows[3].append(float(np.linalg.norm(points[-1])))
        for out, row in zip((paths, taken, losses, distances), rows, strict=True):
            out.append(row)
    levels = np.geomspace(0.05, 200, 12)
    return {
        "eigenvalues": EIGENVALUES,
        "angle": math.degrees(ANGLE),
        "start": START,
        "f0": float(ravine(np.array(START))),
        "steps": STEPS,
        "escape": ESCAPE,
        "lr": LEARNING_RATES,
        "momentum": MOMENTA,
        "paths": paths,
        "taken": taken,
        "loss": losses,
        "distance": distances,
        "levels": [
            {
                "f": c,
                "r1": math.sqrt(2 * c / EIGENVALUES[0]),
                "r2": math.sqrt(2 * c / EIGENVALUES[1]),
            }
            for c in levels
        ],
        "view": [-4.5, 4.5, -3.0, 3.0],
        "initial": {"lr": LEARNING_RATES.index(0.01), "momentum": MOMENTA.index(0.0)},
    }


def draw_optimizer_trajectories(fig: Any, data: dict[str, Any]) -> None:
    from matplotlib.patches import Ellipse

    c = _palette()
    i, j = data["initial"]["lr"], data["initial"]["momentum"]
    ax = fig.subplots()
    x0, x1, y0, y1 = data["view"]
    for level in data["levels"]:
        ax.add_patch(
            Ellipse(
                (0, 0),
                2 * level["r1"],
                2 * level["r2"],
                angle=data["angle"],
                fill=False,
                color="0.6",
                linewidth=0.8,
            )
        )
    heavy = data["momentum"].index(0.9)
    for k, (mu, style) in enumerate(((j, "-"), (heavy, "--"))):
        points = np.array(data["paths"][i][mu], dtype=float).reshape(-1, 2)
        label = f"η = {data['lr'][i]:g}, μ = {data['momentum'][mu]:g}"
        colour = (c["blue"], c["vermillion"])[k]
        ax.plot(*points.T, color=colour, linestyle=style, marker="o", markersize=2.5, label=label)
    ax.plot(*data["start"], marker="s", color=c["black"], linestyle="none", label="start")
    ax.plot(0, 0, marker="*", color=c["vermillion"], markersize=12, linestyle="none")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xlabel("w₁")
    ax.set_ylabel("w₂")
    ax.set_title(f"A ravine (curvatures 1 and 100), {data['steps']} steps of SGD")
    ax.legend(loc="upper left", fontsize=8)


FIGURES: dict[str, Spec] = {
    spec.name: spec
    for spec in [
        Spec(
            "activation-explorer",
            activation_explorer,
            draw_activation_explorer,
            "Line plot of the sigmoid f(x) and its derivative f′(x) for x from −6 to 6: the "
            "derivative peaks at 0.25 at x = 0 and falls below 0.01 beyond |x| ≈ 4.6, where the "
            "graph is shaded.",
        ),
        Spec(
            "perceptron-playground",
            perceptron_playground,
            draw_perceptron_playground,
            "The four points of the AND gate, (1, 1) in class 1 and the rest in class 0, with "
            "the line 2x₁ + x₂ = 3 that the perceptron rule reaches from zero weights after 11 "
            "updates, and its weight vector w = (2, 1): the line passes through (1, 1), whose "
            "score of exactly 0 counts as class 1, so every point is classified correctly.",
        ),
        Spec(
            "softmax-temperature",
            softmax_temperature,
            draw_softmax_temperature,
            "Bar chart of softmax of the logits 2, 1, 0.1 and −1 at temperature 1: "
            "probabilities 0.64, 0.23, 0.095 and 0.032.",
        ),
        Spec(
            "vanishing-gradients",
            vanishing_gradients,
            draw_vanishing_gradients,
            "Gradient norm of each of the 13 weight layers of an untrained network with 12 "
            "hidden layers and N(0, 1/n) weights, on a log scale: with sigmoid it shrinks by "
            "orders of magnitude towards the input; with tanh and ReLU it changes little.",
        ),
        Spec(
            "optimizer-trajectories",
            optimizer_trajectories,
            draw_optimizer_trajectories,
            "Contour ellipses of a ravine, a quadratic bowl a hundred times steeper across than "
            "along, turned by 30 degrees, with 100 steps of gradient descent from (−4, −1.5) at "
            "learning rate 0.01: without momentum the path crawls along the valley floor and "
            "ends 1.5 from the minimum; with momentum 0.9 it swings across the valley and ends "
            "within 0.02 of it.",
        ),
    ]
}
