// Plain SVG, drawn by code: an element helper and one small line chart that every widget shares.
// Colours come from CSS classes (widgets.css): text and axes in currentColor, data in the site palette.
const NS = "http://www.w3.org/2000/svg";

/** An SVG element with attributes and children (strings become text nodes). */
export function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** An HTML element: h("button", {type: "button", class: "x"}, "Label"). */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

const fmtTick = (v) => (Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.01) ? v.toExponential(0) : `${+v.toFixed(2)}`);

/**
 * A line chart. series: [{values: [y], cls: "w-c", label, dash?}] over x = 0 .. n-1.
 * opts: {y: [min, max], yTicks: [..], yFormat, xLabels: [str] | null, xTicks: [..], cursor: index | null,
 *        shade: [bool] (columns shaded, e.g. "inside"), title: aria label, height, xTitle, yTitle,
 *        rules: [{x} | {y}, label?] (dashed reference lines at a data value; x may fall between indices)}.
 */
let clips = 0; // clipPath ids must be unique on the page

/** opts.width: the box's width in CSS px, so that one unit of the drawing is one pixel and its text has
 *  the same size whatever the data (a viewBox sized by the data would scale the labels with it). */
export function lineChart(series, opts) {
  const n = Math.max(...series.map((d) => d.values.length));
  const W = opts.width ?? Math.max(320, Math.min(900, n * (opts.xLabels ? 9 : 6))), H = opts.height ?? 180;
  const m = { l: 44, r: 8, t: 8, b: opts.xLabels ? 22 : (opts.xTitle ? 34 : 20) };
  const [y0, y1] = opts.y;
  const X = (i) => m.l + (n <= 1 ? 0 : (i / (n - 1)) * (W - m.l - m.r));
  const Y = (v) => m.t + (1 - (Math.min(Math.max(v, y0), y1) - y0) / (y1 - y0)) * (H - m.t - m.b);
  // A line may leave the plot through its floor or ceiling: drawn up to one plot height beyond, clipped.
  const span = y1 - y0, Yline = (v) => m.t + (1 - (Math.min(Math.max(v, y0 - span), y1 + span) - y0) / span) * (H - m.t - m.b);
  const clip = `w-clip-${++clips}`;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "w-chart", role: "img", "aria-label": opts.title,
    style: opts.xLabels ? `min-width:${Math.round(n * 7.5)}px` : undefined }); // labels stay legible: the box scrolls
  const step = n > 1 ? X(1) - X(0) : 10;
  (opts.shade ?? []).forEach((on, i) => on && svg.append(s("rect", { class: "w-shade", x: X(i) - step / 2, y: m.t, width: step, height: H - m.t - m.b })));
  for (const v of opts.yTicks ?? [y0, y1]) {
    svg.append(s("line", { class: "w-grid", x1: m.l, x2: W - m.r, y1: Y(v), y2: Y(v) }),
      s("text", { class: "w-tick", x: m.l - 4, y: Y(v) + 3, "text-anchor": "end" }, (opts.yFormat ?? fmtTick)(v)));
  }
  if (opts.xLabels) opts.xLabels.forEach((t, i) => svg.append(s("text", { class: "w-xchar", x: X(i), y: H - 8, "text-anchor": "middle" }, t === " " ? "␣" : t)));
  for (const v of opts.xTicks ?? []) svg.append(s("text", { class: "w-tick", x: X(v), y: H - m.b + 12, "text-anchor": "middle" }, `${v}`));
  if (opts.xTitle) svg.append(s("text", { class: "w-tick", x: (W + m.l) / 2, y: H - 4, "text-anchor": "middle" }, opts.xTitle));
  if (opts.yTitle) svg.append(s("text", { class: "w-tick", x: 10, y: (H - m.b + m.t) / 2, "text-anchor": "middle", transform: `rotate(-90 10 ${(H - m.b + m.t) / 2})` }, opts.yTitle));
  svg.append(s("clipPath", { id: clip }, s("rect", { x: m.l, y: m.t, width: W - m.l - m.r, height: H - m.t - m.b })));
  for (const d of series) {
    const pts = d.values.map((v, i) => (Number.isFinite(v) ? `${X(i).toFixed(1)},${Yline(v).toFixed(1)}` : null)).filter(Boolean);
    svg.append(s("polyline", { class: `w-line ${d.cls}`, points: pts.join(" "), "data-series": d.key ?? d.cls,
      "data-values": JSON.stringify(d.values), "stroke-dasharray": d.dash, "clip-path": `url(#${clip})` })); // the numbers behind the line
  }
  for (const r of opts.rules ?? []) {
    const vertical = r.x !== undefined, at = vertical ? X(r.x) : Y(r.y), right = at > W - 90; // a label near the right edge goes left
    svg.append(s("line", { class: "w-rule", "data-at": vertical ? r.x : r.y,
      ...(vertical ? { x1: at, x2: at, y1: m.t, y2: H - m.b } : { x1: m.l, x2: W - m.r, y1: at, y2: at }) }));
    if (r.label) svg.append(s("text", { class: "w-tick", x: vertical ? at + (right ? -4 : 4) : W - m.r - 2,
      y: vertical ? m.t + 10 : at - 4, "text-anchor": vertical && !right ? "start" : "end" }, r.label));
  }
  if (opts.cursor !== null && opts.cursor !== undefined) {
    svg.append(s("rect", { class: "w-cursor", x: X(opts.cursor) - step / 2, y: m.t, width: step, height: H - m.t - m.b }));
  }
  return svg;
}

/** A legend as HTML: [{cls, label}] with a swatch in each series' colour. */
export function legend(items) {
  return h("p", { class: "w-legend" }, items.map((d) => h("span", { class: `w-key ${d.cls}` }, d.label)));
}
