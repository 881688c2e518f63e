// Maths in Markdown pages is typeset at build time (sitebuild/pages/math_prerender.py). Only notebooks
// (mkdocs-jupyter) keep $…$ and \(…\) in their rendered Markdown cells: for them, and only on their
// pages, this loads the self-hosted KaTeX and renders those cells.
(() => {
  const NOTEBOOK = [
    { left: "$$", right: "$$", display: true },
    { left: "$", right: "$", display: false },
    { left: "\\(", right: "\\)", display: false },
    { left: "\\[", right: "\\]", display: true },
  ];
  const KATEX = new URL("../vendor/katex/", document.currentScript.src);

  function script(name) {
    return new Promise((resolve, reject) => {
      const el = Object.assign(document.createElement("script"), { src: new URL(name, KATEX).href });
      el.onload = resolve;
      el.onerror = () => reject(new Error(`${name} did not load`));
      document.head.append(el);
    });
  }

  async function renderNotebookMath() {
    const cells = document.querySelectorAll(".jupyter-wrapper .jp-RenderedMarkdown");
    if (!cells.length) return;
    if (typeof renderMathInElement === "undefined") {
      await script("katex.min.js");
      await script("contrib/auto-render.min.js");
    }
    cells.forEach((el) => renderMathInElement(el, { delimiters: NOTEBOOK, throwOnError: false }));
  }

  const render = () => renderNotebookMath().catch((err) => console.warn("maths stays as TeX:", err));
  // Material may swap pages without a reload, so render on each of its document$ emissions.
  if (typeof document$ !== "undefined") document$.subscribe(render);
  else document.addEventListener("DOMContentLoaded", render);
})();
