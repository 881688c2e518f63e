// Python itself: boot Pyodide from the site's own runtime folder, load numpy and explainers,
// and run cells through glue.py. Knows nothing of messages or the DOM, so Node can test it.

/**
 * Start Python. `indexURL`: the runtime folder (ends with "/"); `glueSource`: glue.py's text
 * (or a promise of it, so it can download while Python boots);
 * `preload`: packages loaded before the first run; `onStep(step)`: called as each human step
 * begins ("python", "numpy", "explainers", "ready").
 * Resolves to {run(code, cellName) -> items, loadImports(code), pyodide}.
 */
export async function startPython({
  indexURL, glueSource, preload = ["numpy", "explainers"], onStep = () => {}, quiet = true,
}) {
  onStep("python");
  const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
  const silence = quiet ? () => {} : console.log;
  const pyodide = await loadPyodide({
    indexURL,
    lockFileURL: `${indexURL}pyodide-lock.json`,
    stdout: silence, // run_cell captures a cell's own output; this is Python's stray noise
    stderr: silence,
  });
  onStep("numpy");
  // One call: the wheels download in parallel (explainers depends on numpy in the lock file).
  await pyodide.loadPackage(preload, { messageCallback: silence });
  onStep("explainers");
  pyodide.FS.writeFile("/home/pyodide/cells_glue.py", await glueSource); // a string, or its download
  const glue = pyodide.pyimport("cells_glue"); // imports numpy and explainers now, not on first Run
  pyodide.runPython("import explainers, explainers.models");
  // Warm up, in a namespace of its own, what every first Run pays for once: run_cell's machinery
  // (compile, capture, tracebacks) and the import scan. The reader's first Run then only runs.
  pyodide.runPython("import cells_glue as _g; _g.run_cell('None', {'__name__': '_warmup'}, '_warmup'); del _g");
  await pyodide.loadPackagesFromImports("import numpy", { messageCallback: silence });
  onStep("ready");

  return {
    pyodide,
    /** Load the lock-file packages a cell imports (e.g. matplotlib), only the first time. */
    async loadImports(code, onMessage = silence) {
      await pyodide.loadPackagesFromImports(code, { messageCallback: onMessage });
    },
    /** Run one cell in the page's namespace; its output items, in order. */
    run(code, cellName) {
      return JSON.parse(glue.run(code, cellName));
    },
  };
}
