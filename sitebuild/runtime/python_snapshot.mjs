// The site's Python snapshot: the site's own Pyodide, started in Node with the recipe a browser uses
// for its own snapshot (browser/cells/python.js), and its memory written down, so that a reader's first
// visit restores it instead of starting Python. Called by sitebuild/runtime/python_snapshot.py:
//   node python_snapshot.mjs <pyodide folder> <out file>
// stdout: JSON {length, head} (snapshot_store.js's headOf: what python.js checks before restoring).
// The same inputs give the same bytes: the clock is stopped and the hash seed fixed while Python starts,
// and nothing of this machine (its program path, its environment) is left in the interpreter's memory.
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, out] = process.argv.slice(2);
const cells = new URL("../../browser/cells/", import.meta.url);
const { BEFORE_SNAPSHOT } = await import(new URL("python.js", cells));
const { headOf } = await import(new URL("snapshot_store.js", cells));

// Emscripten names the program after Node's script (sys.executable, os.environ["_"]): the name a browser gives it.
process.argv[1] = "./this.program";
// Files and folders Pyodide creates get this time, and Python caches some of them (importlib's mtimes).
const STOPPED = Date.UTC(2025, 0, 1);
Date.now = () => STOPPED;

const { loadPyodide } = await import(pathToFileURL(join(resolve(pyodideDir), "pyodide.mjs")).href);
const pyodide = await loadPyodide({
  indexURL: resolve(pyodideDir) + "/", stdout: () => {}, stderr: () => {},
  env: { PYTHONHASHSEED: "0" }, _makeSnapshot: true,
});
pyodide.runPython(`import ${BEFORE_SNAPSHOT}`);
// The fixed seed only made the memory reproducible: no reader sees it in the environment. The random
// module's state is seeded too (python.js reseeds it after every restore).
pyodide.runPython("import os, random; del os.environ['PYTHONHASHSEED']; random.seed(0)");
const bytes = pyodide.makeMemorySnapshot();
writeFileSync(out, bytes);
process.stdout.write(JSON.stringify({ length: bytes.byteLength, head: headOf(bytes) }));
