// Render maths with the self-hosted KaTeX. Markdown pages: \(…\) and \[…\] inside pymdownx.arithmatex's
// .arithmatex spans. Notebooks (mkdocs-jupyter): $…$ and $$…$$ in their rendered Markdown cells.
const ARITHMATEX = [
  { left: "\\(", right: "\\)", display: false },
  { left: "\\[", right: "\\]", display: true },
];
const NOTEBOOK = [
  { left: "$$", right: "$$", display: true },
  { left: "$", right: "$", display: false },
  ...ARITHMATEX,
];

function renderMath() {
  const render = (el, delimiters) => renderMathInElement(el, { delimiters, throwOnError: false });
  document.querySelectorAll(".arithmatex").forEach((el) => render(el, ARITHMATEX));
  document.querySelectorAll(".jupyter-wrapper .jp-RenderedMarkdown").forEach((el) => render(el, NOTEBOOK));
}
// Material may swap pages without a reload, so render on each of its document$ emissions.
if (typeof document$ !== "undefined") document$.subscribe(renderMath);
else document.addEventListener("DOMContentLoaded", renderMath);
