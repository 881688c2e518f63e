// A widget's state in the page's address, so that a reader can link what they found:
//   …/gradient-cliff/#widget=gradlab&rho=0.95&fb=2&T=50
// The fragment, not the query: it never reaches the server (a static host, its `+`-as-space decoding
// and the offline worker's cache see the plain page), and it is replaced, not pushed, so Back still
// leaves the page. One widget per link: the one the reader changed last.

const KEY = "widget";

/** The linked state for the widget `name` ({field: text}), or null when the link is not about it. */
export function linked(name) {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.get(KEY) !== name) return null;
  params.delete(KEY);
  return Object.fromEntries(params);
}

/** Put the widget's state in the address, replacing what was there (a heading's anchor included). */
export function share(name, state) {
  const params = new URLSearchParams({ [KEY]: name, ...state });
  history.replaceState(history.state, "", `#${params.toString().replaceAll("+", "%20")}`);
}

/** `text` as a number in [min, max] on the slider's step from min, else null (a hand-edited link). */
export function onSlider(text, min, max, step) {
  const v = Number(text);
  if (text === undefined || text === "" || !Number.isFinite(v) || v < min || v > max) return null;
  const k = (v - min) / step;
  return Math.abs(k - Math.round(k)) < 1e-9 ? v : null;
}

/** The name of the widget the address links to, or null. */
export const linkedName = () => new URLSearchParams(location.hash.slice(1)).get(KEY);
