"""The data of the interactive figures (book/_ext/interactive_figures/figures.py).

The browser draws what these builders compute, so each test compares the JSON that
reaches the browser with a fresh call of ``course_code`` at a few points: the figures
cannot disagree with the package. Numbers are rounded to 4 significant digits, so the
comparisons are "equal after the same rounding". ``tests/test_figures_browser.py``
drives the drawn figures; ``tools/place_figures.py`` is tested at the end.
"""

from __future__ import annotations

import json
import math
import shutil
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest

from course_code import activations as A
from course_code import data
from course_code.optim import SGD
from course_code.perceptron import novikoff_bound, update_path
from course_code.propagation import MLP

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "book" / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))

import place_figures  # noqa: E402
from interactive_figures import figures as F  # noqa: E402 - after the path is set
from interactive_figures import save_image  # noqa: E402


def r4(value):
    """The figures' rounding, for comparing a fresh course_code value with the JSON."""
    return F.rounded(value)


@pytest.fixture(scope="module")
def built() -> dict[str, dict]:
    """Every figure's data as the browser receives it: encoded, then parsed."""
    return {name: json.loads(F.encode(F.build(name))) for name in F.FIGURES}


# --- encoding ---------------------------------------------------------------------------


def test_rounding_keeps_four_significant_digits():
    assert F.rounded(math.pi) == 3.142
    assert F.rounded(-123456.0) == -123500
    assert F.rounded(2.0) == 2 and isinstance(F.rounded(2.0), int)
    assert F.rounded(6.02214076e23) == 6.022e23
    assert F.rounded(1.23456e-30) == 1.235e-30
    assert F.rounded([np.nan, np.inf, -0.0]) == [None, None, 0]
    assert F.rounded({"a": np.float32(0.1)}) == {"a": 0.1}
    assert F.rounded(np.array([[1, 2]], dtype=np.int64)) == [[1, 2]]
    with pytest.raises(TypeError, match="rounded: cannot encode object"):
        F.rounded(object())


def test_encoding_is_compact_json_without_nan(built):
    for name, parsed in built.items():
        text = F.encode(F.build(name)) if name != "vanishing-gradients" else None
        if text is not None:
            assert " " not in text.replace("\u00a0", "").split('"')[0]  # no padding
            assert "NaN" not in text and "Infinity" not in text
        assert parsed["figure"] == name


def digits_ok(values) -> bool:
    """Every float has at most 4 significant digits."""
    flat = []

    def walk(v):
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, float):
            flat.append(v)

    walk(values)
    return all(float(f"{v:.4g}") == v for v in flat)


def test_every_number_is_rounded(built):
    for name, parsed in built.items():
        assert digits_ok(parsed), name


def test_the_same_build_gives_the_same_bytes():
    for name in ("activation-explorer", "perceptron-playground", "softmax-temperature"):
        assert F.encode(F.build(name)) == F.encode(F.build(name))


def test_unknown_figure_is_a_clear_error():
    with pytest.raises(ValueError, match="build: unknown figure 'nope'; known: activation-"):
        F.build("nope")


def test_each_figure_has_a_default_alt_text_that_describes_it():
    for spec in F.FIGURES.values():
        assert len(spec.alt.split()) >= 15, spec.name


# --- 1. activation explorer ---------------------------------------------------------------


def js_string(value) -> str:
    """How the browser writes a parameter value in a curve's key (String(value))."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int) else repr(value)


def test_explorer_covers_every_registry_activation_and_parameter(built):
    d = built["activation-explorer"]
    assert [a["name"] for a in d["activations"]] == list(A.ACTIVATIONS)
    keys = set()
    for a in d["activations"]:
        if "param" not in a:
            keys.add(a["name"])
            continue
        p = a["param"]
        rec = A.ACTIVATIONS[a["name"]]
        assert p["values"][p["index"]] == rec.kwargs[p["key"]], "the slider starts at the default"
        keys |= {f"{a['name']}:{js_string(v)}" for v in p["values"]}
    assert keys == set(d["curves"])
    assert {"leaky_relu", "prelu", "elu", "swish", "gelu"} == {
        a["name"] for a in d["activations"] if "param" in a
    }


@pytest.mark.parametrize(
    ("key", "kwargs"),
    [
        ("sigmoid", {}),
        ("relu", {}),
        ("selu", {}),
        ("leaky_relu:0.2", {"alpha": 0.2}),
        ("elu:2", {"alpha": 2.0}),
        ("swish:0.25", {"beta": 0.25}),
        ("gelu:true", {"approximate": True}),
        ("gelu:false", {"approximate": False}),
    ],
)
def test_explorer_curves_are_course_code_values(built, key, kwargs):
    d = built["activation-explorer"]
    rec = A.ACTIVATIONS[key.split(":")[0]]
    x = np.array(d["x"], dtype=float)
    assert x.shape == (121,) and x[0] == -6 and x[-1] == 6 and 0.0 in x
    curve = d["curves"][key]
    assert len(curve["f"]) == len(curve["d"]) == 121
    assert curve["f"] == r4(rec.function(x, **kwargs))
    assert curve["d"] == r4(rec.derivative(x, **kwargs))
    assert curve["d0"] == r4(float(rec.derivative(0.0, **kwargs)))


def test_explorer_step_is_drawn_with_a_gap_at_the_jump(built):
    f = built["activation-explorer"]["curves"]["step"]["f"]
    assert f[59] == 0 and f[60] is None and f[61] == 1


def test_flat_regions_are_where_the_derivative_is_below_one_percent(built):
    curves = built["activation-explorer"]["curves"]
    assert curves["relu"]["flat"] == [[-6, 0]]
    assert curves["step"]["flat"] == [[-6, 6]]
    assert curves["identity"]["flat"] == []
    assert curves["leaky_relu:0.01"]["flat"] == [], "|f'| = 0.01 is not below 0.01"
    assert curves["leaky_relu:0"]["flat"] == [[-6, 0]]
    (lo, a), (b, hi) = curves["sigmoid"]["flat"]
    assert (lo, hi) == (-6, 6) and a == -b
    # the edge is where sigma' crosses 0.01, to the grid's 0.001
    assert A.sigmoid_derivative(a) < 0.01 < A.sigmoid_derivative(a + 0.001)
    # ELU: alpha e^x < 0.01 for x < ln(0.01 / alpha)
    ((lo, edge),) = curves["elu:2"]["flat"]
    assert abs(edge - math.log(0.01 / 2)) <= 0.001


# --- 2. perceptron playground -------------------------------------------------------------


def test_playground_paths_are_update_path(built):
    d = built["perceptron-playground"]
    assert [s["name"] for s in d["datasets"]] == ["AND", "OR", "XOR", "separable"]
    for ds in d["datasets"]:
        X, y = np.array(ds["X"], dtype=float), np.array(ds["y"])
        path = update_path(X, y, max_updates=F.MAX_UPDATES)
        assert ds["path"]["w"] == r4(path.weights)
        assert ds["path"]["b"] == r4(path.biases)
        assert ds["path"]["example"] == path.examples.tolist()
        assert ds["converged"] == path.converged
        for w, b, wrong in zip(path.weights, path.biases, ds["path"]["wrong"], strict=True):
            assert wrong == np.flatnonzero(A.step(X @ w + b) != y).tolist()
        if ds["name"] == "XOR":
            assert ds["bound"] is None and not ds["converged"]
            assert len(ds["path"]["example"]) == F.MAX_UPDATES
        else:
            assert ds["converged"] and ds["path"]["wrong"][-1] == []
            assert len(ds["path"]["example"]) <= ds["bound"], "Novikoff's bound holds"
    # every state is on the sliders' 0.1 grid, inside their range
    states = [v for ds in d["datasets"] for w in ds["path"]["w"] for v in w]
    assert all(abs(v * 10 - round(v * 10)) < 1e-9 for v in states)
    assert max(abs(v) for v in states) <= d["limit"]


def test_playground_bound_is_the_tightest_one():
    X, y = data.logic_gate("AND")
    # the widest-margin separator of AND is x1 + x2 = 1.5 (up to scale): R^2 / gamma^2 = 51
    assert F.widest_margin_bound(X, y) == pytest.approx(novikoff_bound(X, y, [1, 1], -1.5))
    X2, y2 = F._separable_points()
    _, _, w, b = data.separable(20, margin=0.1, seed=7)
    assert F.widest_margin_bound(X2, y2) <= novikoff_bound(X2, y2, w, b)


# --- 3. softmax temperature ---------------------------------------------------------------


def test_softmax_temperature_is_course_code_softmax(built):
    d = built["softmax-temperature"]
    T = np.array(d["T"], dtype=float)
    assert T[d["initial"]] == 1 and T[0] == pytest.approx(0.05, rel=0.01) and T[-1] == 100
    logits = np.array(d["logits"], dtype=float)
    for i in (0, d["initial"], len(T) - 1):
        t = 10.0 ** ((i - 13) / 10)  # the grid before rounding
        assert d["p"][i] == r4(A.softmax(logits / t))
        lse = t * (logits.max() / t - A.log_softmax(logits / t)[0])
        assert d["lse"][i] == r4(lse)
    lse, upper = np.array(d["lse"]), np.array(d["upper"])
    assert np.all(d["max"] <= lse) and np.all(lse <= upper * (1 + 1e-3))
    np.testing.assert_allclose(np.sum(d["p"], axis=1), 1, atol=1e-3)


# --- 4. vanishing and exploding -----------------------------------------------------------


def test_vanishing_grid_shapes(built):
    d = built["vanishing-gradients"]
    assert d["activations"] == ["sigmoid", "tanh", "relu"]
    for act in d["activations"]:
        assert len(d["norms"][act]) == len(d["depths"])
        for depth, row in zip(d["depths"], d["norms"][act], strict=True):
            assert len(row) == len(d["gains"])
            assert all(len(cell) == depth + 1 for cell in row)


def notebook_norms(act: str, init: str, depth: int = 12) -> list[float]:
    """The measurement of the vanishing-gradient notebook (book/propagation/06)."""
    X_train, _, y_train, _ = data.digits()
    X, y = X_train[:256].astype(np.float64), y_train[:256]
    net = MLP([64] + [64] * depth + [10], act, "softmax", init=init, seed=0)
    return [float(np.linalg.norm(dW)) for dW, _ in net.backward_trace(X, y).gradients]


@pytest.mark.parametrize(
    ("act", "init", "gain"), [("relu", "he", math.sqrt(2)), ("tanh", "normal", 8)]
)
def test_vanishing_norms_are_the_notebooks_measurement(built, act, init, gain):
    """Gain sqrt(2) is the notebook's He network, gain 8 its standard normal one."""
    d = built["vanishing-gradients"]
    g = [i for i, v in enumerate(d["gains"]) if v == r4(gain)][0]
    cell = d["norms"][act][d["depths"].index(12)][g]
    np.testing.assert_allclose(cell, notebook_norms(act, init), rtol=6e-4)


def test_sigmoid_vanishes_and_relu_keeps_its_level(built):
    d = built["vanishing-gradients"]
    deep = d["depths"].index(16)
    one = d["gains"].index(1)
    sigmoid = d["norms"]["sigmoid"][deep][one]
    relu = d["norms"]["relu"][deep][one]
    assert sigmoid[0] < 1e-6 * sigmoid[-1]
    assert max(relu) < 5 * min(relu)


# --- 5. optimizer trajectories ------------------------------------------------------------


def test_trajectories_are_course_code_sgd(built):
    d = built["optimizer-trajectories"]
    c, s = math.cos(math.pi / 6), math.sin(math.pi / 6)
    R = np.array([[c, -s], [s, c]])
    A = R @ np.diag([1.0, 100.0]) @ R.T  # the ravine of the momentum notebook
    assert d["eigenvalues"] == [1, 100] and d["angle"] == 30
    for i, j in [(0, 0), (d["lr"].index(0.01), 0), (d["lr"].index(0.01), d["momentum"].index(0.9))]:
        w = np.array(d["start"], dtype=float)
        opt = SGD(learning_rate=d["lr"][i], momentum=d["momentum"][j])
        expected = [w.copy()]
        for _ in range(d["steps"]):
            opt.apply([A @ w], [w])
            expected.append(w.copy())
        path = d["paths"][i][j]
        assert path == r4(np.array(expected).ravel())[: len(path)]
        assert d["taken"][i][j] == d["steps"]
        np.testing.assert_allclose(d["loss"][i][j], 0.5 * w @ A @ w, rtol=1e-3)
        np.testing.assert_allclose(d["distance"][i][j], np.linalg.norm(w), rtol=1e-3)


def test_trajectories_diverge_above_two_over_the_steep_curvature(built):
    d = built["optimizer-trajectories"]
    plain = d["momentum"].index(0.0)
    for i, lr in enumerate(d["lr"]):
        diverged = d["taken"][i][plain] < d["steps"]
        assert diverged == (lr > 2 / 100), lr
        if diverged:
            last = np.array(d["paths"][i][plain][-2:], dtype=float)
            assert np.linalg.norm(last) > d["escape"]
    # momentum mu moves the limit to 2 (1 + mu) / 100: every run with mu >= 0.5 converges
    assert all(t == d["steps"] for row in d["taken"] for t in row[1:])


def test_default_alt_texts_say_what_the_first_state_shows(built):
    """The numbers the default alt texts (figures.FIGURES) state, from the data."""
    sigmoid = built["activation-explorer"]["curves"]["sigmoid"]
    assert sigmoid["dmax"] == 0.25 and round(-sigmoid["flat"][0][1], 1) == 4.6
    assert "4.6" in F.FIGURES["activation-explorer"].alt
    andgate = built["perceptron-playground"]["datasets"][0]
    assert len(andgate["path"]["example"]) == 11 and andgate["path"]["w"][-1] == [2, 1]
    p = built["softmax-temperature"]["p"][built["softmax-temperature"]["initial"]]
    assert [round(v, 2) for v in p[:2]] + [round(v, 3) for v in p[2:]] == [0.64, 0.23, 0.095, 0.032]
    v = built["vanishing-gradients"]
    cell = {a: v["norms"][a][v["depths"].index(12)][v["gains"].index(1)] for a in v["activations"]}
    assert cell["sigmoid"][0] < 1e-6 * cell["sigmoid"][-1]
    assert all(0.2 < n[0] / n[-1] < 5 for n in (cell["tanh"], cell["relu"]))
    o = built["optimizer-trajectories"]
    i, j = o["lr"].index(0.01), o["momentum"].index(0.9)
    assert round(o["distance"][i][0], 1) == 1.5 and o["distance"][i][j] < 0.02
    assert "1.5" in F.FIGURES["optimizer-trajectories"].alt


# --- the static images ----------------------------------------------------------------------


def test_static_image_is_written(tmp_path, built):
    pytest.importorskip("PIL")
    from PIL import Image

    target = tmp_path / "softmax.png"
    save_image("softmax-temperature", F.build("softmax-temperature"), target)
    with Image.open(target) as image:
        assert image.size == (640, 360)


# --- tools/place_figures.py -------------------------------------------------------------------


@pytest.fixture
def book_copy(tmp_path) -> Path:
    for placement in place_figures.PLACEMENTS:
        source = ROOT / placement.notebook
        if source.exists():
            (tmp_path / placement.notebook).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, tmp_path / placement.notebook)
    return tmp_path


def figure_cells(path: Path) -> list[tuple[int, str, dict]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        (i, c["id"], c["metadata"])
        for i, c in enumerate(nb["cells"])
        if "{interactive-figure}" in "".join(c["source"])
    ]


def test_placement_inserts_one_cell_per_figure_and_is_idempotent(book_copy, capsys):
    committed = {p: p.read_bytes() for p in book_copy.rglob("*.ipynb")}
    # the committed notebooks hold the figures exactly as the script places them
    assert place_figures.main(["--root", str(book_copy), "--check"]) == 0
    assert place_figures.main(["--root", str(book_copy), "--remove"]) == 0
    assert not any(figure_cells(p) for p in book_copy.rglob("*.ipynb"))
    originals = {p: p.read_bytes() for p in book_copy.rglob("*.ipynb")}
    capsys.readouterr()
    assert place_figures.main(["--root", str(book_copy)]) == 0
    out = capsys.readouterr().out
    for placement in place_figures.PLACEMENTS:
        path = book_copy / placement.notebook
        if not path.exists():
            assert f"skipped {placement.figure}" in out
            continue
        ((index, cell_id, metadata),) = figure_cells(path)
        assert cell_id == f"figure-{placement.figure}"
        assert metadata == {"interactive_figure": placement.figure}
        nb = json.loads(path.read_text(encoding="utf-8"))
        following = (
            "".join(nb["cells"][index + 1]["source"]) if index + 1 < len(nb["cells"]) else ""
        )
        assert following.startswith("#") or following == "", "a figure ends its section"
    placed = {p: p.read_bytes() for p in book_copy.rglob("*.ipynb")}
    assert placed == committed
    assert place_figures.main(["--root", str(book_copy), "--check"]) == 0
    assert place_figures.main(["--root", str(book_copy)]) == 0
    assert {p: p.read_bytes() for p in book_copy.rglob("*.ipynb")} == placed
    assert place_figures.main(["--root", str(book_copy), "--remove"]) == 0
    assert {p: p.read_bytes() for p in book_copy.rglob("*.ipynb")} == originals


def test_placement_follows_its_anchor_and_updates_the_caption(book_copy):
    path = book_copy / "book/perceptron/02_learning.ipynb"
    place_figures.main(["--root", str(book_copy)])
    nb = json.loads(path.read_text(encoding="utf-8"))
    ((index, _, _),) = figure_cells(path)
    heading = next(
        i for i, c in enumerate(nb["cells"]) if "".join(c["source"]).startswith("## The rule")
    )
    assert heading < index and "".join(nb["cells"][index + 1]["source"]).startswith("## ")
    # an edited caption replaces the old one in place; --check notices first
    changed = place_figures.Placement(
        "perceptron-playground", "book/perceptron/02_learning.ipynb", ("## The rule",), "New."
    )
    message, new = place_figures.place(changed, book_copy)
    assert message.startswith("updated") and new is not None
    sources = [c.source for c in new.cells]
    assert sources.count(":::{interactive-figure} perceptron-playground\nNew.\n:::") == 1


def test_placement_with_a_lost_anchor_is_an_error(book_copy):
    lost = place_figures.Placement(
        "softmax-temperature", "book/activations/05_softmax.ipynb", ("no such heading",), "x"
    )
    with pytest.raises(LookupError, match="no markdown cell contains any of"):
        place_figures.place(lost, book_copy)


def test_placement_wraps_captions_without_breaking_math():
    text = place_figures.wrap("word " * 30 + "$a + b + c + d + e + f + g + h + i + j + k + l$ end")
    assert all(len(line) <= place_figures.WIDTH or "$" in line for line in text.splitlines())
    assert "$a + b + c + d + e + f + g + h + i + j + k + l$" in text


def test_placement_splits_a_cell_that_opens_with_the_sections_commentary(tmp_path):
    """Text before the next heading belongs to the section: the figure goes after it."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title\n\n## First\n\nIntro."),
        nbformat.v4.new_code_cell("print(1)"),
        nbformat.v4.new_markdown_cell("The output shows 1.\n\n## Second\n\nMore."),
        nbformat.v4.new_code_cell("print(2)"),
    ]
    path = tmp_path / "book" / "demo.ipynb"
    path.parent.mkdir()
    nbformat.write(nb, path)
    original = path.read_bytes()
    placement = place_figures.Placement(
        "softmax-temperature", "book/demo.ipynb", ("## First",), "Hi."
    )
    _, placed_nb = place_figures.place(placement, tmp_path)
    sources = [c.source for c in placed_nb.cells]
    assert sources[2:5] == [
        "The output shows 1.",
        ":::{interactive-figure} softmax-temperature\nHi.\n:::",
        "## Second\n\nMore.",
    ]
    nbformat.write(placed_nb, path)
    message, again = place_figures.place(placement, tmp_path)
    assert message.startswith("unchanged") and again is None
    _, removed = place_figures.place(placement, tmp_path, remove=True)
    nbformat.write(removed, path)
    assert path.read_bytes() == original
