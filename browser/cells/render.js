// Output items (from explainers.cells.run_cell) to DOM, the same markup as the build-time output.
// Reader output is text: always textContent, never innerHTML.

function pre(className, text) {
  const el = document.createElement("pre");
  el.className = className;
  el.tabIndex = 0; // an output wider than its box scrolls: the keyboard must be able to reach it
  el.textContent = text;
  return el;
}

function figure({ mime, data, alt }) {
  const fig = document.createElement("figure");
  fig.className = "pycell-figure";
  const img = document.createElement("img");
  img.src = `data:${mime};base64,${data}`; // explainers.cells sends every figure as base64 (an SVG)
  img.alt = alt ?? "";
  fig.append(img);
  return fig;
}

function node(item) {
  switch (item.type) {
    case "stdout": return pre("pycell-stdout", item.text);
    case "stderr": return pre("pycell-stderr", item.text);
    case "result": return pre("pycell-result", item.text);
    case "figure": return figure(item);
    case "error": return pre("pycell-error", item.traceback || `${item.ename}: ${item.evalue}`);
    default: {
      const p = document.createElement("p");
      p.className = "pycell-note";
      p.textContent = item.text ?? "";
      return p;
    }
  }
}

/** Replace the output area's content with these items; it is now the browser's output. */
export function render(output, items) {
  const origin = document.createElement("p");
  origin.className = "pycell-origin";
  origin.textContent = "computed in your browser";
  output.replaceChildren(...(items.length ? [origin] : []), ...items.map(node));
  output.dataset.origin = "browser";
  delete output.dataset.stale;
}

/** Mark the output as not belonging to the code above (`text`), or, with `text` false, as current. A
 *  fresh render() replaces the mark with the new output. */
export function stale(output, text, why = "edited") {
  output.querySelector(":scope > .pycell-stale")?.remove();
  if (!text) return delete output.dataset.stale;
  const mark = document.createElement("p");
  mark.className = "pycell-stale";
  mark.textContent = text;
  output.dataset.stale = why;
  output.prepend(mark);
}

/** Add a note (e.g. "stopped") under whatever the output area shows. */
export function note(output, text) {
  output.append(node({ type: "note", text }));
  output.dataset.origin = "browser";
}
