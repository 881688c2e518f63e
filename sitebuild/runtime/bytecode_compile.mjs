// Build-time bytecode: the site's own Pyodide, in Node, compiles the Python modules that every boot
// imports, so the reader's browser loads bytecode instead of compiling those sources on every start.
// The same interpreter as the reader's, hence the same bytecode version. Called by sitebuild/runtime/wheel_bytecode.py:
//   node bytecode_compile.mjs <pyodide folder> <out folder> <imports> <wheel>...
// Loads the wheels in order (each after those it depends on), runs the `imports` line, then writes each
// wheel anew into <out folder> with bytecode for every module of it that the imports loaded
// (bytecode_compile.py). stdout: JSON {wheel file name: number of modules compiled}.
import { readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, outDir, imports, ...wheels] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(join(resolve(pyodideDir), "pyodide.mjs")).href);
// A fixed hash seed: sets and frozensets in the bytecode come out in the same order on every build.
const pyodide = await loadPyodide({ indexURL: resolve(pyodideDir) + "/", stdout: () => {}, env: { PYTHONHASHSEED: "0" } });
for (const wheel of wheels) await pyodide.loadPackage(resolve(wheel), { messageCallback: () => {} });
pyodide.runPython(imports);
pyodide.runPython(readFileSync(new URL("bytecode_compile.py", import.meta.url), "utf8"));
const addBytecode = pyodide.globals.get("add_bytecode");
const counts = {};
for (const wheel of wheels) {
  pyodide.FS.writeFile("/tmp/in.whl", readFileSync(wheel));
  counts[basename(wheel)] = addBytecode("/tmp/in.whl", "/tmp/out.whl");
  writeFileSync(join(outDir, basename(wheel)), pyodide.FS.readFile("/tmp/out.whl"));
}
process.stdout.write(JSON.stringify(counts));
