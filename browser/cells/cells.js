// Entry point on every page: tiny, and it loads the cell runtime only where there are cells.
// Without JavaScript (or before this runs) a cell is highlighted code with its build-time output.
// Once each cell has its `el.cell` API, <html data-pycells="ready"> says so (tests wait on it).
const elements = [...document.querySelectorAll(".pycell")];
if (elements.length) {
  import("./page.js").then(({ start }) => {
    start(elements);
    document.documentElement.dataset.pycells = "ready";
  });
}
