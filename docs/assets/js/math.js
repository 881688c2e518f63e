// Render $…$ and \(…\) maths with the self-hosted KaTeX (pymdownx.arithmatex, generic mode).
// Material may swap pages without a reload, so render on each of its document$ emissions.
function renderMath() {
  document.querySelectorAll(".arithmatex").forEach((el) => {
    renderMathInElement(el, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  });
}
if (typeof document$ !== "undefined") document$.subscribe(renderMath);
else document.addEventListener("DOMContentLoaded", renderMath);
