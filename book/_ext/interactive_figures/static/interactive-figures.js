/* Interactive figures of the course (book/_ext/interactive_figures).
 *
 * This script only draws. Every number the course teaches (activation values and
 * derivatives, perceptron updates, softmax probabilities, gradient norms, optimizer
 * steps) was computed by course_code when the book was built, and arrives in
 * window.interactiveFigureData[<figure name>] (_static/figures/<name>.js). What the
 * script computes itself is drawing: scales, ticks, paths, and for the perceptron
 * playground which side of the drawn line a point lies on (see there).
 *
 * Each <figure class="interactive-figure" data-figure="<name>"> gets native controls
 * (<input type=range>, <select>, <input type=checkbox>, <button>, each with a visible
 * <label>), an SVG, and a text that says what the SVG shows now (aria-live="polite":
 * screen readers announce each change). The static image stays for print and for
 * readers without JavaScript (interactive-figures.css).
 */
(function () {
  "use strict";

  const SVGNS = "http://www.w3.org/2000/svg";
  const WIDTH = 640;
  const HEIGHT = 360;
  const MINUS = "\u2212";

  // ------------------------------------------------------------------ small helpers

  function html(tag, attrs, parent, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  function svg(tag, attrs, parent, text) {
    const e = document.createElementNS(SVGNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }

  const SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3",
    4: "\u2074", 5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };

  /** A number for reading: 3 significant digits, a real minus sign, powers of ten
   *  written out (1.5 × 10⁻⁸) outside [0.001, 10 000). */
  function fmt(v, digits) {
    if (v === null || v === undefined || Number.isNaN(v)) return "undefined";
    if (v === 0) return "0";
    const a = Math.abs(v);
    let s;
    if (a >= 1e4 || a < 1e-3) {
      const [m, e] = v.toExponential((digits || 3) - 1).split("e");
      const mant = String(Number(m));
      const exp = String(Number(e)).split("").map((c) => SUPERSCRIPT[c]).join("");
      s = `${mant} \u00d7 10${exp}`;
    } else {
      s = String(Number(v.toPrecision(digits || 3)));
    }
    return s.replace(/-/g, MINUS);
  }

  /** 10 to the power t, written 10ᵗ (1 and 10 plainly). */
  function power(t) {
    if (t === 0) return "1";
    if (t === 1) return "10";
    return `10${String(t).split("").map((c) => SUPERSCRIPT[c]).join("")}`;
  }

  function linear(d0, d1, r0, r1) {
    const k = (r1 - r0) / (d1 - d0);
    return (v) => r0 + (v - d0) * k;
  }

  /** Round tick values (1, 2 or 5 times a power of ten) covering [lo, hi]. */
  function ticks(lo, hi, count) {
    const raw = (hi - lo) / Math.max(1, count);
    const p = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) || 10 * p;
    const out = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
      out.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
    }
    return out;
  }

  /** SVG path data through (xs[i], ys[i]); a null value starts a new piece. */
  function pathData(xs, ys, sx, sy) {
    let d = "";
    let pen = "M";
    for (let i = 0; i < xs.length; i++) {
      if (xs[i] === null || ys[i] === null) {
        pen = "M";
        continue;
      }
      d += `${pen}${sx(xs[i]).toFixed(1)},${sy(ys[i]).toFixed(1)}`;
      pen = "L";
    }
    return d;
  }

  /** A plot area: scales, grid, axes, tick labels and axis labels, clipped content. */
  function plot(root, o) {
    const box = o.box;
    const sx = linear(o.x[0], o.x[1], box.left, box.right);
    const sy = o.ylog
      ? ((s) => (v) => s(Math.log10(Math.max(v, 10 ** o.y[0]))))(linear(o.y[0], o.y[1], box.bottom, box.top))
      : linear(o.y[0], o.y[1], box.bottom, box.top);
    const g = svg("g", { class: "if-axes" }, root);
    const xt = o.xticks || ticks(o.x[0], o.x[1], 6);
    const yt = o.yticks || ticks(o.y[0], o.y[1], 5);
    for (const t of xt) {
      svg("line", { class: "if-grid", x1: sx(t), x2: sx(t), y1: box.top, y2: box.bottom }, g);
      svg("text", { x: sx(t), y: box.bottom + 16, "text-anchor": "middle" }, g, fmt(t));
    }
    for (const t of yt) {
      const y = o.ylog ? sy(10 ** t) : sy(t);
      svg("line", { class: "if-grid", x1: box.left, x2: box.right, y1: y, y2: y }, g);
      const label = o.ylog ? power(t) : fmt(t);
      svg("text", { x: box.left - 6, y: y + 4, "text-anchor": "end" }, g, label);
    }
    svg("rect", { class: "if-frame", x: box.left, y: box.top, width: box.right - box.left,
      height: box.bottom - box.top }, g);
    if (o.xlabel) {
      svg("text", { x: (box.left + box.right) / 2, y: box.bottom + 34, "text-anchor": "middle" },
        g, o.xlabel);
    }
    if (o.ylabel) {
      const cy = (box.top + box.bottom) / 2;
      svg("text", { x: 14, y: cy, "text-anchor": "middle", transform: `rotate(-90 14 ${cy})` },
        g, o.ylabel);
    }
    const clip = `${o.uid}-clip`;
    const defs = svg("defs", {}, root);
    const cp = svg("clipPath", { id: clip }, defs);
    svg("rect", { x: box.left, y: box.top, width: box.right - box.left,
      height: box.bottom - box.top }, cp);
    const inside = svg("g", { "clip-path": `url(#${clip})` }, root);
    return { sx, sy, box, inside };
  }

  /** A legend at (x, y), one row per entry: {line: class of a line sample, marker:
   *  shape, markerCls, swatch: class of a filled box, ring: true, label}. */
  function legend(root, x, y, rows) {
    const g = svg("g", { class: "if-legend" }, root);
    const bg = svg("rect", { class: "if-legend-bg", x: x - 6, y: y - 12, width: 10, height: 18 * rows.length + 6 }, g);
    let widest = 0;
    rows.forEach((row, i) => {
      const yy = y + 18 * i;
      if (row.line) svg("line", { class: row.line, x1: x, x2: x + 26, y1: yy, y2: yy }, g);
      if (row.swatch) svg("rect", { class: row.swatch, x, y: yy - 6, width: 26, height: 12 }, g);
      if (row.ring) svg("circle", { class: "if-wrong", cx: x + 13, cy: yy, r: 7 }, g);
      if (row.marker) marker(g, row.marker, x + 13, yy, row.markerCls || "");
      svg("text", { x: x + 34, y: yy + 4 }, g, row.label);
      widest = Math.max(widest, row.label.length);
    });
    bg.setAttribute("width", 46 + 7.2 * widest);
    return g;
  }

  /** A marker that differs by shape as well as colour. */
  function marker(parent, shape, x, y, cls, size) {
    const r = size || 4.5;
    if (shape === "circle") return svg("circle", { class: `${cls} if-marker`, cx: x, cy: y, r }, parent);
    if (shape === "square") {
      return svg("rect", { class: `${cls} if-marker`, x: x - r, y: y - r, width: 2 * r, height: 2 * r }, parent);
    }
    if (shape === "star") {
      const points = [];
      for (let i = 0; i < 10; i++) {
        const radius = i % 2 ? r * 0.8 : r * 2;
        const angle = (Math.PI * i) / 5 - Math.PI / 2;
        points.push(`${(x + radius * Math.cos(angle)).toFixed(1)},${(y + radius * Math.sin(angle)).toFixed(1)}`);
      }
      return svg("polygon", { class: `${cls} if-marker`, points: points.join(" ") }, parent);
    }
    const h = r * 1.25; // triangle, pointing up
    return svg("polygon", { class: `${cls} if-marker`,
      points: `${x},${y - h} ${x - h},${y + h * 0.8} ${x + h},${y + h * 0.8}` }, parent);
  }

  // ---------------------------------------------------------------------- controls

  function controlBox(parent) {
    return html("div", { class: "if-control" }, parent);
  }

  /** A slider over a list of precomputed values; the reader sees and hears the value. */
  function slider(parent, id, label, values, index, format, onChange) {
    const box = controlBox(parent);
    html("label", { for: id }, box, label);
    const input = html("input", { type: "range", id, min: 0, max: values.length - 1, step: 1 }, box);
    input.value = String(index);
    const out = html("output", { for: id, id: `${id}-value`, "aria-hidden": "true" }, box);
    const show = () => {
      const text = format(values[Number(input.value)]);
      out.textContent = text;
      input.setAttribute("aria-valuetext", text);
    };
    input.addEventListener("input", () => {
      show();
      onChange();
    });
    show();
    return {
      box,
      input,
      get index() {
        return Number(input.value);
      },
      set index(i) {
        input.value = String(i);
        show();
      },
      get value() {
        return values[Number(input.value)];
      },
    };
  }

  function select(parent, id, label, options, value, onChange) {
    const box = controlBox(parent);
    html("label", { for: id }, box, label);
    const input = html("select", { id }, box);
    for (const [v, text] of options) html("option", { value: v }, input, text);
    input.value = value;
    input.addEventListener("change", onChange);
    return { box, input, get value() { return input.value; } };
  }

  function checkbox(parent, id, label, checked, onChange) {
    const box = controlBox(parent);
    html("label", { for: id }, box, label);
    const input = html("input", { type: "checkbox", id }, box);
    input.checked = checked;
    input.addEventListener("change", onChange);
    return { box, input, get value() { return input.checked; } };
  }

  function button(parent, label, onClick) {
    const box = parent.querySelector(".if-buttons") || html("div", { class: "if-buttons" }, parent);
    const b = html("button", { type: "button", class: "if-button" }, box, label);
    b.addEventListener("click", onClick);
    return b;
  }

  // ------------------------------------------------------- 1. activation explorer

  function activationExplorer(fig) {
    const { data, controls, root, say, uid } = fig;
    const byName = Object.fromEntries(data.activations.map((a) => [a.name, a]));
    const choice = select(controls, `${uid}-activation`, "Activation",
      data.activations.map((a) => [a.name, a.title]), data.initial, draw);
    const params = {};
    for (const a of data.activations.filter((b) => b.param)) {
      const p = a.param;
      const id = `${uid}-${a.name}-${p.key}`;
      params[a.name] = p.key === "approximate"
        ? checkbox(controls, id, `${a.title}: ${p.label}`, p.values[p.index], draw)
        : slider(controls, id, `${a.title}: ${p.label}`, p.values, p.index,
          (v) => `${p.key === "beta" ? "β" : "α"} = ${fmt(v)}`, draw);
    }
    const formula = fig.figure.querySelector(".if-formula");
    if (formula) fig.app.insertBefore(formula, fig.app.querySelector("svg"));
    let shownFormula = data.initial;

    function draw() {
      const a = byName[choice.value];
      for (const [name, c] of Object.entries(params)) c.box.hidden = name !== a.name;
      const value = a.param ? params[a.name].value : null;
      const key = a.param ? `${a.name}:${String(value)}` : a.name;
      const curve = data.curves[key];
      const ys = curve.f.concat(curve.d).filter((v) => v !== null);
      let lo = Math.min(0, ...ys);
      let hi = Math.max(1, ...ys);
      const pad = 0.06 * (hi - lo);
      lo -= pad;
      hi += pad;
      root.textContent = "";
      const p = plot(root, { uid, x: [-data.range, data.range], y: [lo, hi], xlabel: "input x",
        ylabel: "output", box: { left: 56, right: 624, top: 14, bottom: 312 } });
      for (const [x0, x1] of curve.flat) {
        p.inside.appendChild(svg("rect", { class: "if-flat", x: p.sx(x0), y: p.box.top,
          width: Math.max(1, p.sx(x1) - p.sx(x0)), height: p.box.bottom - p.box.top }));
        for (const edge of [x0, x1]) {
          if (Math.abs(edge) < data.range) {
            svg("line", { class: "if-edge", x1: p.sx(edge), x2: p.sx(edge), y1: p.box.top,
              y2: p.box.bottom }, p.inside);
            svg("text", { class: "if-edge-label", x: p.sx(edge) + (edge < 0 ? -4 : 4), y: p.box.bottom - 8,
              "text-anchor": edge < 0 ? "end" : "start" }, p.inside, `x = ${fmt(edge)}`);
          }
        }
      }
      svg("line", { class: "if-zero", x1: p.box.left, x2: p.box.right, y1: p.sy(0), y2: p.sy(0) }, p.inside);
      svg("line", { class: "if-zero", x1: p.sx(0), x2: p.sx(0), y1: p.box.top, y2: p.box.bottom }, p.inside);
      svg("path", { class: "if-line if-s1", d: pathData(data.x, curve.f, p.sx, p.sy) }, p.inside);
      svg("path", { class: "if-line if-s2 if-dashed", d: pathData(data.x, curve.d, p.sx, p.sy) }, p.inside);
      legend(root, 70, 34, [
        { line: "if-line if-s1", label: "f(x)" },
        { line: "if-line if-s2 if-dashed", label: "f\u2032(x)" },
        { swatch: "if-flat", label: `|f\u2032(x)| < ${fmt(data.flat_below)}` },
      ]);
      const setting = a.param
        ? (a.param.key === "approximate" ? (value ? " (tanh approximation)" : " (exact, erf)")
          : ` with ${a.param.key === "beta" ? "β" : "α"} = ${fmt(value)}`)
        : "";
      say(`${a.title}${setting}: f\u2032(0) = ${fmt(curve.d0)}, largest |f\u2032| = ${fmt(curve.dmax)}. `
        + flatText(curve.flat, data.range, data.flat_below));
      if (formula && shownFormula !== a.name) {
        shownFormula = a.name;
        typeset(formula, `f(x) = ${a.formula}, \\qquad f'(x) = ${a.dformula}`);
      }
    }
    draw();
  }

  function flatText(intervals, range, limit) {
    if (!intervals.length) return `|f\u2032(x)| never falls below ${fmt(limit)} on ${MINUS}${range} \u2264 x \u2264 ${range}.`;
    const parts = intervals.map(([lo, hi]) => {
      if (lo <= -range && hi >= range) return `everywhere on ${MINUS}${range} \u2264 x \u2264 ${range}`;
      if (lo <= -range) return `for x \u2264 ${fmt(hi)}`;
      if (hi >= range) return `for x \u2265 ${fmt(lo)}`;
      return `for ${fmt(lo)} \u2264 x \u2264 ${fmt(hi)}`;
    });
    return `|f\u2032(x)| < ${fmt(limit)} ${parts.join(" and ")}: there the gradient has all but vanished.`;
  }

  /** Show TeX in `element` and ask the page's MathJax (if any) to typeset it. */
  function typeset(element, tex) {
    const mj = window.MathJax;
    if (mj && mj.typesetClear) mj.typesetClear([element]);
    element.textContent = "";
    html("span", { class: "math notranslate nohighlight" }, element, `\\(${tex}\\)`);
    if (mj && mj.typesetPromise) mj.typesetPromise([element]).catch(() => {});
  }

  // ----------------------------------------------------- 2. perceptron playground

  function perceptronPlayground(fig) {
    const { data, controls, root, say, uid } = fig;
    const byName = Object.fromEntries(data.datasets.map((d) => [d.name, d]));
    const n = Math.round(data.limit / data.step);
    const grid = Array.from({ length: 2 * n + 1 }, (_, i) => Number(((i - n) * data.step).toFixed(4)));
    const at = (v) => Math.max(0, Math.min(2 * n, Math.round(v / data.step) + n));
    let k = 0; // updates of the rule taken so far
    let onPath = true; // the sliders show state k of the rule's run
    const choice = select(controls, `${uid}-data`, "Data set",
      data.datasets.map((d) => [d.name, d.label]), data.initial, () => reset());
    const manual = () => {
      onPath = false;
      draw();
    };
    const w1 = slider(controls, `${uid}-w1`, "weight w\u2081", grid, n, (v) => fmt(v), manual);
    const w2 = slider(controls, `${uid}-w2`, "weight w\u2082", grid, n, (v) => fmt(v), manual);
    const b = slider(controls, `${uid}-b`, "bias b", grid, n, (v) => fmt(v), manual);
    const stepButton = button(controls, "Apply the rule to the next mistake", () => {
      const path = byName[choice.value].path;
      if (k < path.example.length) k += 1;
      goTo(k);
    });
    button(controls, "Start again from w = 0, b = 0", () => reset());

    function goTo(step) {
      const path = byName[choice.value].path;
      w1.index = at(path.w[step][0]);
      w2.index = at(path.w[step][1]);
      b.index = at(path.b[step]);
      onPath = true;
      draw();
    }

    function reset() {
      k = 0;
      goTo(0);
    }

    function draw() {
      const ds = byName[choice.value];
      const path = ds.path;
      const w = [w1.value, w2.value];
      const bias = b.value;
      const [lo, hi] = ds.view;
      root.textContent = "";
      const p = plot(root, { uid, x: [lo, hi], y: [lo, hi], xlabel: "input x\u2081", ylabel: "input x\u2082",
        box: { left: 56, right: 356, top: 14, bottom: 314 } });
      // Drawing-level geometry, not the course's mathematics: the sign of the score
      // w·x + b says on which side of the drawn line a point lies, and a point on the
      // line counts as class 1, as course_code.activations.step(0) = 1 does. For every
      // state of the rule's run the browser test checks this against course_code.
      const score = (x) => w[0] * x[0] + w[1] * x[1] + bias;
      const positive = halfPlane(w, bias, lo, hi);
      if (positive.length) {
        svg("polygon", { class: "if-positive", points: positive.map(([x, y]) => `${p.sx(x)},${p.sy(y)}`).join(" ") },
          p.inside);
      }
      const segment = lineSegment(w, bias, lo, hi);
      if (segment) {
        const [[ax, ay], [bx, by]] = segment;
        svg("path", { class: "if-line if-decision", d: `M${p.sx(ax)},${p.sy(ay)}L${p.sx(bx)},${p.sy(by)}` }, p.inside);
        const norm = Math.hypot(w[0], w[1]);
        const mx = (ax + bx) / 2;
        const my = (ay + by) / 2;
        const len = 0.22 * (hi - lo);
        const tx = mx + (len * w[0]) / norm;
        const ty = my + (len * w[1]) / norm;
        svg("path", { class: "if-line if-weight", d: `M${p.sx(mx)},${p.sy(my)}L${p.sx(tx)},${p.sy(ty)}`,
          "marker-end": `url(#${uid}-arrow)` }, p.inside);
        svg("text", { class: "if-weight-label", x: p.sx(tx) + 6, y: p.sy(ty) - 6 }, p.inside, "w");
      }
      const wrong = [];
      ds.X.forEach((x, i) => {
        const predicted = score(x) >= 0 ? 1 : 0;
        if (predicted !== ds.y[i]) wrong.push(i);
        const cls = ds.y[i] === 1 ? "if-s2" : "if-s1";
        marker(p.inside, ds.y[i] === 1 ? "triangle" : "circle", p.sx(x[0]), p.sy(x[1]), cls,
          ds.X.length > 8 ? 4.5 : 7);
      });
      for (const i of wrong) {
        svg("circle", { class: "if-wrong", cx: p.sx(ds.X[i][0]), cy: p.sy(ds.X[i][1]),
          r: ds.X.length > 8 ? 9 : 13 }, p.inside);
      }
      const last = onPath && k > 0 ? path.example[k - 1] : null;
      if (last !== null) {
        svg("text", { class: "if-note", x: p.sx(ds.X[last][0]) + 14, y: p.sy(ds.X[last][1]) + 16 },
          p.inside, `update ${k}`);
      }
      arrowHead(root, `${uid}-arrow`);
      legend(root, 380, 30, [
        { marker: "circle", markerCls: "if-s1", label: "class 0" },
        { marker: "triangle", markerCls: "if-s2", label: "class 1" },
        { ring: true, label: "misclassified" },
        { line: "if-line if-decision", label: "the line w\u2081x\u2081 + w\u2082x\u2082 + b = 0" },
        { line: "if-line if-weight", label: "weight vector w" },
        { swatch: "if-positive", label: "predicted class 1" },
      ]);
      counter(root, ds, k, 380, 170);
      const where = segment ? "" : " (w = 0: no line)";
      let text = `w = (${fmt(w[0])}, ${fmt(w[1])}), b = ${fmt(bias)}${where}: ${wrong.length} of ${ds.X.length} points misclassified. `;
      if (onPath && k > 0) {
        const i = path.example[k - 1];
        const sign = ds.y[i] === 1 ? "+" : MINUS;
        text += `Update ${k}: the point (${fmt(ds.X[i][0])}, ${fmt(ds.X[i][1])}) of class ${ds.y[i]} was misclassified, so w \u2190 w ${sign} x and b \u2190 b ${sign} 1. `;
      } else if (!onPath) {
        text += `You moved the line; the rule's run from zero is at update ${k}. `;
      }
      if (onPath && k === path.example.length) {
        text += ds.converged
          ? `No mistake left: the rule stops after ${k} updates; Novikoff's bound allows at most ${fmt(ds.bound)}.`
          : `Still ${path.wrong[k].length} mistakes after ${k} updates: no line separates ${ds.name}, so the rule never stops (Novikoff's theorem needs a margin above 0).`;
      } else if (ds.bound !== null) {
        text += `Novikoff's bound for this data: at most ${fmt(ds.bound)} updates.`;
      }
      stepButton.setAttribute("aria-describedby", `${uid}-live`);
      say(text);
    }
    reset();
  }

  /** The part of the square [lo, hi]² where w·x + b ≥ 0 (a polygon; drawing only). */
  function halfPlane(w, b, lo, hi) {
    const corners = [[lo, lo], [hi, lo], [hi, hi], [lo, hi]];
    const f = ([x, y]) => w[0] * x + w[1] * y + b;
    const out = [];
    corners.forEach((c, i) => {
      const d = corners[(i + 1) % 4];
      const fc = f(c);
      const fd = f(d);
      if (fc >= 0) out.push(c);
      if ((fc >= 0) !== (fd >= 0)) {
        const t = fc / (fc - fd);
        out.push([c[0] + t * (d[0] - c[0]), c[1] + t * (d[1] - c[1])]);
      }
    });
    return out;
  }

  /** Where the line w·x + b = 0 crosses the square [lo, hi]² (null: it misses it). */
  function lineSegment(w, b, lo, hi) {
    if (w[0] === 0 && w[1] === 0) return null;
    const pts = halfPlane(w, b, lo, hi).filter(([x, y]) => Math.abs(w[0] * x + w[1] * y + b) < 1e-9 * (1 + Math.abs(b)));
    return pts.length >= 2 ? [pts[0], pts[pts.length - 1]] : null;
  }

  function arrowHead(root, id) {
    const defs = svg("defs", {}, root);
    const m = svg("marker", { id, viewBox: "0 0 10 10", refX: 8, refY: 5, markerWidth: 7, markerHeight: 7,
      orient: "auto-start-reverse" }, defs);
    svg("path", { class: "if-arrow", d: "M0,0L10,5L0,10z" }, m);
  }

  /** The number of updates so far against Novikoff's bound, as a bar. */
  function counter(root, ds, k, x, y) {
    const width = 240;
    const total = ds.path.example.length;
    svg("text", { x, y }, root, `Updates of the rule: ${k} of ${total}`);
    svg("rect", { class: "if-track", x, y: y + 8, width, height: 14 }, root);
    const scale = ds.bound !== null ? ds.bound : total;
    svg("rect", { class: "if-progress", x, y: y + 8, width: (width * Math.min(k, scale)) / scale, height: 14 }, root);
    if (ds.bound !== null) {
      svg("text", { x, y: y + 40 }, root, `Novikoff's bound (R/\u03b3)\u00b2: ${fmt(ds.bound)}`);
      svg("text", { class: "if-small", x, y: y + 58 }, root, "(the bar's full length)");
    } else {
      svg("text", { x, y: y + 40 }, root, "No bound: no line separates the data.");
    }
  }

  // ------------------------------------------------------- 3. softmax temperature

  function softmaxTemperature(fig) {
    const { data, controls, root, say, uid } = fig;
    const t = slider(controls, `${uid}-T`, "temperature T", data.T, data.initial, (v) => `T = ${fmt(v)}`, draw);
    function draw() {
      const i = t.index;
      const p = data.p[i];
      const n = data.logits.length;
      root.textContent = "";
      const box = { left: 56, right: 624, top: 14, bottom: 210 };
      const sy = linear(0, 1, box.bottom, box.top);
      const g = svg("g", { class: "if-axes" }, root);
      for (const v of [0, 0.25, 0.5, 0.75, 1]) {
        svg("line", { class: "if-grid", x1: box.left, x2: box.right, y1: sy(v), y2: sy(v) }, g);
        svg("text", { x: box.left - 6, y: sy(v) + 4, "text-anchor": "end" }, g, fmt(v));
      }
      const cy = (box.top + box.bottom) / 2;
      svg("text", { x: 14, y: cy, "text-anchor": "middle", transform: `rotate(-90 14 ${cy})` }, g, "probability");
      const slot = (box.right - box.left) / n;
      p.forEach((v, j) => {
        const x = box.left + slot * j + slot * 0.2;
        svg("rect", { class: `if-bar if-bar${j}`, x, y: sy(v), width: slot * 0.6, height: sy(0) - sy(v) }, root);
        svg("text", { x: x + slot * 0.3, y: sy(v) - 5, "text-anchor": "middle" }, root, fmt(v));
        svg("text", { x: x + slot * 0.3, y: box.bottom + 16, "text-anchor": "middle" }, root,
          `class ${j}: logit ${fmt(data.logits[j])}`);
      });
      svg("line", { class: "if-line if-uniform if-dotted", x1: box.left, x2: box.right, y1: sy(1 / n), y2: sy(1 / n) }, root);
      svg("text", { class: "if-small", x: box.right - 4, y: sy(1 / n) - 5, "text-anchor": "end" }, root, `uniform 1/${n}`);
      // the number line: logits, their maximum, and the soft maximum T·logsumexp(x/T)
      const lo = Math.min(...data.logits) - 0.5;
      const hi = data.max + 4;
      const sx = linear(lo, hi, box.left, box.right);
      const y0 = 290;
      const axis = svg("g", { class: "if-axes" }, root);
      svg("line", { class: "if-frame-line", x1: box.left, x2: box.right, y1: y0, y2: y0 }, axis);
      for (const v of ticks(lo, hi, 8)) {
        svg("line", { class: "if-frame-line", x1: sx(v), x2: sx(v), y1: y0, y2: y0 + 5 }, axis);
        svg("text", { x: sx(v), y: y0 + 19, "text-anchor": "middle" }, axis, fmt(v));
      }
      svg("text", { x: box.left, y: y0 + 40 }, axis, "the logits (ticks), max(x) and the soft maximum T\u00b7logsumexp(x/T)");
      data.logits.forEach((v) => svg("line", { class: "if-logit", x1: sx(v), x2: sx(v), y1: y0 - 9, y2: y0 }, root));
      const clamp = (v) => Math.min(v, hi);
      svg("line", { class: "if-line if-span", x1: sx(data.max), x2: sx(clamp(data.upper[i])), y1: y0 - 22, y2: y0 - 22 }, root);
      marker(root, "square", sx(data.max), y0 - 22, "if-s1");
      marker(root, "circle", sx(clamp(data.lse[i])), y0 - 22, "if-s2", 6);
      svg("text", { class: "if-small", x: sx(data.max), y: y0 - 34, "text-anchor": "middle" }, root, "max");
      svg("text", { class: "if-small", x: sx(clamp(data.lse[i])), y: y0 - 34, "text-anchor": "middle" }, root,
        data.lse[i] > hi ? `T\u00b7lse = ${fmt(data.lse[i])} \u2192` : "T\u00b7lse");
      const probs = p.map((v) => fmt(v)).join(", ");
      say(`T = ${fmt(data.T[i])}: softmax(x/T) = ${probs} for the logits ${data.logits.map((v) => fmt(v)).join(", ")}. `
        + `T\u00b7logsumexp(x/T) = ${fmt(data.lse[i], 4)}, between max(x) = ${fmt(data.max)} and max(x) + T\u00b7ln ${n} = ${fmt(data.upper[i], 4)}.`);
    }
    draw();
  }

  // ---------------------------------------------- 4. vanishing and exploding gradients

  function vanishingGradients(fig) {
    const { data, controls, root, say, uid } = fig;
    const depth = slider(controls, `${uid}-depth`, "hidden layers", data.depths, data.initial.depth, (v) => String(v), draw);
    const gainName = (v) => data.gain_names[String(v)] || "";
    const gain = slider(controls, `${uid}-gain`, "initial scale (weights N(0, gain\u00b2/n_in))", data.gains,
      data.initial.gain, (v) => `gain ${fmt(v)}${gainName(v) ? ` (${gainName(v)})` : ""}`, draw);
    const xmax = Math.max(...data.depths) + 1;
    const shapes = ["circle", "square", "triangle"];
    function draw() {
      const d = depth.index;
      const gi = gain.index;
      const layers = data.depths[d] + 1;
      root.textContent = "";
      // the axis spans the whole decades of this state's norms (at least 4), so that the
      // profile across the layers shows; the labels say where on the scale it sits
      const shown = data.activations.flatMap((act) => data.norms[act][d][gi]);
      let ylo = Math.floor(Math.log10(Math.min(...shown)));
      let yhi = Math.ceil(Math.log10(Math.max(...shown)));
      if (yhi - ylo < 4) {
        ylo -= Math.floor((4 - (yhi - ylo)) / 2);
        yhi = ylo + 4;
      }
      const every = yhi - ylo <= 8 ? 1 : yhi - ylo <= 16 ? 2 : 5;
      const p = plot(root, { uid, x: [0.5, xmax + 0.5], y: [ylo, yhi], ylog: true,
        xticks: [1, 5, 9, 13, 17].filter((v) => v <= xmax),
        yticks: Array.from({ length: yhi - ylo + 1 }, (_, k) => ylo + k).filter((v) => v % every === 0),
        xlabel: "layer (1 = next to the input; the last is the output layer)", ylabel: "\u2016\u2202L/\u2202W\u2016 (log scale)",
        box: { left: 72, right: 500, top: 14, bottom: 312 } });
      const xs = Array.from({ length: layers }, (_, i) => i + 1);
      const parts = [];
      data.activations.forEach((act, j) => {
        const ys = data.norms[act][d][gi];
        const cls = `if-s${j + 3}`;
        svg("path", { class: `if-line ${cls} if-style${j}`, d: pathData(xs, ys, p.sx, p.sy) }, p.inside);
        xs.forEach((x, i) => marker(p.inside, shapes[j], p.sx(x), p.sy(ys[i]), cls));
        parts.push(`${act} ${fmt(ys[0])} at layer 1 and ${fmt(ys[layers - 1])} at the output layer (ratio ${fmt(ys[0] / ys[layers - 1], 2)})`);
      });
      legend(root, 520, 30, data.activations.map((act, j) => ({ line: `if-line if-s${j + 3} if-style${j}`,
        marker: shapes[j], markerCls: `if-s${j + 3}`, label: act })));
      const g = data.gains[gi];
      say(`${data.depths[d]} hidden layers of 64 units, untrained, weights N(0, ${fmt(g)}\u00b2/n_in)${gainName(g) ? ` (${gainName(g)})` : ""}. `
        + `Gradient norm \u2016\u2202L/\u2202W\u2016: ${parts.join("; ")}.`);
    }
    draw();
  }

  // --------------------------------------------------- 5. optimizer trajectories

  function optimizerTrajectories(fig) {
    const { data, controls, root, say, uid } = fig;
    const lr = slider(controls, `${uid}-lr`, "learning rate \u03b7", data.lr, data.initial.lr, (v) => fmt(v), draw);
    const mu = slider(controls, `${uid}-mu`, "momentum \u03bc", data.momentum, data.initial.momentum, (v) => fmt(v), draw);
    const [x0, x1, y0, y1] = data.view;
    const pair = (flat) => [flat.filter((_, k) => k % 2 === 0), flat.filter((_, k) => k % 2 === 1)];
    function draw() {
      const i = lr.index;
      const j = mu.index;
      root.textContent = "";
      const top = 14;
      const bottom = 312;
      const left = 56;
      const right = left + ((bottom - top) * (x1 - x0)) / (y1 - y0); // equal scales: circles stay round
      const p = plot(root, { uid, x: [x0, x1], y: [y0, y1], xlabel: "w\u2081", ylabel: "w\u2082",
        box: { left, right, top, bottom } });
      const cx = p.sx(0);
      const cy = p.sy(0);
      const unit = p.sx(1) - p.sx(0);
      for (const level of data.levels) {
        // SVG's y axis points down, so the rotation is clockwise
        svg("ellipse", { class: "if-contour", cx, cy, rx: level.r1 * unit, ry: level.r2 * unit,
          transform: `rotate(${-data.angle} ${cx} ${cy})` }, p.inside);
      }
      if (j !== 0) {
        const [xs, ys] = pair(data.paths[i][0]);
        svg("path", { class: "if-line if-reference if-dashed", d: pathData(xs, ys, p.sx, p.sy) }, p.inside);
      }
      const [xs, ys] = pair(data.paths[i][j]);
      svg("path", { class: "if-line if-s1", d: pathData(xs, ys, p.sx, p.sy) }, p.inside);
      xs.forEach((x, k) => svg("circle", { class: "if-s1 if-marker", cx: p.sx(x), cy: p.sy(ys[k]), r: 2.5 }, p.inside));
      marker(p.inside, "square", p.sx(data.start[0]), p.sy(data.start[1]), "if-start");
      marker(p.inside, "star", cx, cy, "if-minimum");
      const rows = [
        { line: "if-line if-s1", marker: "circle", markerCls: "if-s1", label: `\u03b7 = ${fmt(data.lr[i])}, \u03bc = ${fmt(data.momentum[j])}` },
        { marker: "square", markerCls: "if-start", label: "start" },
        { marker: "star", markerCls: "if-minimum", label: "the minimum" },
      ];
      if (j !== 0) rows.splice(1, 0, { line: "if-line if-reference if-dashed", label: "same \u03b7, no momentum" });
      legend(root, left + 14, top + 18, rows); // the ravine runs from bottom left to top right
      const steps = data.taken[i][j];
      const start = `(${fmt(data.start[0])}, ${fmt(data.start[1])})`;
      say(`Learning rate ${fmt(data.lr[i])}, momentum ${fmt(data.momentum[j])}, from ${start}: `
        + (steps < data.steps
          ? `diverged: after ${steps} steps the point is more than ${fmt(data.escape)} from the minimum.`
          : `after ${steps} steps the point is ${fmt(data.distance[i][j])} from the minimum and f = ${fmt(data.loss[i][j])} (it started at ${fmt(data.f0)}).`));
    }
    draw();
  }

  // -------------------------------------------------------------------- start-up

  const KINDS = {
    "activation-explorer": activationExplorer,
    "perceptron-playground": perceptronPlayground,
    "softmax-temperature": softmaxTemperature,
    "vanishing-gradients": vanishingGradients,
    "optimizer-trajectories": optimizerTrajectories,
  };

  function setup(figure) {
    const name = figure.dataset.figure;
    const data = (window.interactiveFigureData || {})[name];
    const kind = KINDS[name];
    const app = figure.querySelector(".if-app");
    if (!data || !kind || !app || figure.classList.contains("if-ready")) return;
    const uid = figure.id;
    const controls = html("div", { class: "if-controls" }, app);
    const root = svg("svg", { class: "if-plot", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img",
      "aria-labelledby": `${uid}-live` }, app);
    const live = html("p", { class: "if-live", id: `${uid}-live`, "aria-live": "polite" }, app);
    const say = (text) => {
      if (live.textContent !== text) live.textContent = text;
    };
    kind({ figure, app, data, controls, root, say, uid });
    figure.classList.add("if-ready");
  }

  function start() {
    document.querySelectorAll("figure.interactive-figure[data-figure]").forEach((figure) => {
      try {
        setup(figure);
      } catch (error) {
        // the static image stays; the console says why
        console.error(`interactive figure ${figure.dataset.figure}:`, error);
      }
    });
  }

  // The data scripts are deferred too and run after this one, all before
  // DOMContentLoaded; "load" covers a page that loaded this script late. start() skips
  // figures already built.
  if (document.readyState === "complete") start();
  else {
    document.addEventListener("DOMContentLoaded", start);
    window.addEventListener("load", start);
  }
})();
