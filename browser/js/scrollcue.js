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

  function judge(el) {
    const scrolls = el.scrollWidth > el.clientWidth + 1;
    el.toggleAttribute("data-scrolls", scrolls);
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
  const resize = new ResizeObserver((entries) => entries.forEach((e) => judge(boxOf.get(e.target))));
  function watch(root) {
    root.querySelectorAll(WIDE).forEach((el) => {
      if (boxOf.has(el)) return;
      for (const watched of [el, el.firstElementChild]) {
        if (watched && !boxOf.has(watched)) {
          boxOf.set(watched, el);
          resize.observe(watched);
        }
      }
    });
  }
  // Cells and widgets add boxes after load (outputs, editors) and fill boxes that keep their size
  // (a widget's table): once a frame after any change, watch the new boxes and judge them all again.
  let pending = false;
  function again() {
    pending = false;
    watch(document);
    document.querySelectorAll(WIDE).forEach(judge);
  }
  // A status line changes ten times a second while Python downloads and holds nothing wide: its
  // changes are not worth a layout read.
  const QUIET = ".pycell-runtime, .pycell-status";
  const quiet = (node) => (node.nodeType === 1 ? node : node.parentElement)?.closest(QUIET);
  new MutationObserver((changes) => {
    if (pending || changes.every((c) => quiet(c.target))) return;
    pending = true;
    requestAnimationFrame(again);
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
  watch(document);
})();
