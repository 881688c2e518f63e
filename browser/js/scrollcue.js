// Wide things scroll, visibly: an equation, a code block, a table, a figure or an output wider than
// its column scrolls sideways inside its own box (never widening the page), shows a shadow on the side
// where more is hidden (css/scrollcue.css), and becomes a keyboard stop so the arrow keys scroll it.
// Whether a box overflows depends on the reader's width and fonts, so it is re-judged on every resize.
(() => {
  const WIDE = [".md-typeset div.arithmatex", ".jupyter-wrapper .katex-display", ".md-typeset pre > code", ".md-typeset__scrollwrap",
    ".explainer-scroll", ".widget-scroll", ".pycell-output pre", ".cm-scroller"].join(",");
  const KIND = { "arithmatex": "Equation", "katex-display": "Equation", "explainer-scroll": "Figure", "md-typeset__scrollwrap": "Table" };

  function kind(el) {
    for (const [cls, name] of Object.entries(KIND)) if (el.classList.contains(cls)) return name;
    return el.matches("code, .cm-scroller") ? "Code" : "Output";
  }

  /** Judge boxes: those rendered now at once, the others (off screen under content-visibility, in a
   *  closed block) later. Reading a box that is not rendered lays out its part of the page, once per box
   *  (seen: 600 layouts of the chapter while Python started); a box judged later is judged again when
   *  it renders, as its content resizes. */
  function judge(els) {
    const shown = [];
    for (const el of els) {
      if (!el.isConnected) continue;
      if (el.checkVisibility?.({ contentVisibilityAuto: true }) === false) later.add(el);
      else (later.delete(el), shown.push(el));
    }
    measureAndMark(shown);
    if (later.size) judgeLater();
  }

  /** All read before any is marked: a mark changes styles, and a read after a change lays out again. */
  function measureAndMark(els) {
    const scrolls = els.map((el) => el.scrollWidth > el.clientWidth + 1);
    els.forEach((el, i) => mark(el, scrolls[i]));
  }

  // The boxes not rendered yet are judged too, so that a keyboard reader finds every wide box a stop:
  // a while after the page's Python has started (its first output comes first), one at a time while
  // the page is idle (one takes up to tens of ms: it lays out a figure). <html data-scrollcue="pending">
  // says some wait.
  const later = new Set();
  const html = document.documentElement;
  const SETTLE_MS = 2000;
  let waiting = false;
  function judgeLater() {
    if (waiting) return;
    waiting = true;
    html.dataset.scrollcue = "pending";
    pythonStarted().then(() => setTimeout(() => idle(judgeSome), SETTLE_MS));
  }

  function judgeSome(deadline) {
    // The set may be empty by now: the boxes that rendered meanwhile were judged as they did.
    while (later.size) {
      const [el] = later;
      later.delete(el);
      if (el.isConnected) measureAndMark([el]);
      if (deadline.timeRemaining() <= 10) break;
    }
    if (later.size) return idle(judgeSome);
    waiting = false;
    delete html.dataset.scrollcue;
  }

  const idle = (work) => (window.requestIdleCallback ? requestIdleCallback(work, { timeout: 1000 })
    : setTimeout(() => work({ timeRemaining: () => 8 }), 30));

  function pythonStarted() {
    return new Promise((resolve) => {
      if (html.dataset.python !== "starting") return resolve();
      const watch = new MutationObserver(() => html.dataset.python !== "starting" && (watch.disconnect(), resolve()));
      watch.observe(html, { attributes: true, attributeFilter: ["data-python"] });
    });
  }

  function mark(el, scrolls) {
    if (el.hasAttribute("data-scrolls") !== scrolls) el.toggleAttribute("data-scrolls", scrolls);
    if (el.matches(".cm-scroller")) return; // the editor's own content is the keyboard stop
    if (scrolls && !el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "0");
      el.dataset.cueTab = "";
    } else if (!scrolls && "cueTab" in el.dataset) {
      el.removeAttribute("tabindex");
      delete el.dataset.cueTab;
    }
    if (scrolls && !el.hasAttribute("aria-label") && !el.matches("code, pre")) {
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", `${kind(el)} (scrolls sideways)`);
    }
  }

  // A box and its content are both watched: a figure off screen is not laid out (content-visibility)
  // and its content grows when it nears the viewport while the box keeps its size.
  const boxOf = new WeakMap();
  const resize = new ResizeObserver((entries) => judge([...new Set(entries.map((e) => boxOf.get(e.target)))]));
  function watch(el) {
    for (const watched of [el, el.firstElementChild]) {
      if (watched && !boxOf.has(watched)) {
        boxOf.set(watched, el);
        resize.observe(watched); // it reports its first size too: that judges it
      }
    }
  }
  // Cells and widgets add boxes after load (outputs, editors) and fill boxes that keep their size
  // (a widget's table): once a frame after such changes, the boxes they touched (and only those) are
  // watched and judged again.
  const touched = new Set();
  function again() {
    const boxes = [...touched];
    touched.clear();
    boxes.forEach(watch);
    judge(boxes);
  }
  // A status line changes ten times a second while Python downloads and holds nothing wide: its
  // changes are not worth a layout read.
  const QUIET = ".pycell-runtime, .pycell-status";
  function touch(change) {
    const at = change.target.nodeType === 1 ? change.target : change.target.parentElement;
    if (!at || at.closest(QUIET)) return;
    const box = at.closest(WIDE);
    if (box) touched.add(box);
    for (const node of change.addedNodes) {
      if (node.nodeType !== 1) continue;
      if (node.matches(WIDE)) touched.add(node);
      node.querySelectorAll(WIDE).forEach((el) => touched.add(el));
    }
  }
  new MutationObserver((changes) => {
    const before = touched.size;
    changes.forEach(touch);
    if (!before && touched.size) requestAnimationFrame(again);
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
  // The boxes there at the start: a box not rendered gets no first report from its observer.
  const first = [...document.querySelectorAll(WIDE)];
  first.forEach(watch);
  requestAnimationFrame(() => judge(first));
})();
