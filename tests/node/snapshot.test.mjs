// python.js's memory snapshot under Pyodide in Node, on a built site's runtime folder (SITE_DIR):
// the first boot makes one, later boots restore it and work as a fresh one does, and a snapshot that
// does not restore is dropped and replaced while Python starts afresh.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const cells = new URL("../../browser/cells/", import.meta.url);
const { startPythonReusing } = await import(new URL("python.js", cells));
const { headOf } = await import(new URL("snapshot_store.js", cells));
const glueSource = readFileSync(new URL("glue.py", cells), "utf8");
const indexURL = join(process.env.SITE_DIR ?? "", "assets/pyodide/");

/** A store in memory that records what python.js asked of it; like snapshot_store.js, it hands back
 *  the length and head the snapshot was written with (`written` stands for an older write). */
function memoryStore(bytes = null, written = bytes) {
  const log = [];
  let expect = written && { length: written.byteLength, head: headOf(written) };
  return {
    log,
    get bytes() {
      return bytes;
    },
    async read() {
      log.push("read");
      return bytes ? { bytes: Promise.resolve(bytes), expect } : null;
    },
    async write(made) {
      log.push("write");
      bytes = made;
      expect = { length: made.byteLength, head: headOf(made) };
    },
    async drop() {
      log.push("drop");
      bytes = null;
    },
    async begin() {
      log.push("begin");
    },
    async done() {
      log.push("done");
    },
  };
}

async function boot(store) {
  const steps = [];
  const py = await startPythonReusing({ store, indexURL, glueSource, onStep: (step) => steps.push(step) });
  await py.keepSnapshot();
  return { py, steps, result: async (code) => (await py.run(code, "t-1")).find((item) => item.type === "result")?.text };
}

const store = memoryStore();
let first;

test("a first boot starts Python afresh and keeps a snapshot once asked to", async () => {
  first = await boot(store);
  assert.equal(first.py.restored, false);
  assert.deepEqual(store.log, ["read", "write"]);
  assert.ok(store.bytes.byteLength > 1_000_000, "the interpreter's memory");
  assert.equal(await first.result("import numpy as np; int(np.arange(5).sum())"), "10");
});

test("a later boot restores it, with numpy, explainers and fresh random numbers", async () => {
  const again = await boot(store);
  assert.equal(again.py.restored, true);
  assert.deepEqual(store.log, ["read", "write", "read", "begin", "done"], "a restored boot writes nothing");
  assert.deepEqual(again.steps, ["python", "numpy", "explainers", "ready"]);
  assert.equal(await again.result("import numpy as np; int(np.arange(5).sum())"), "10");
  assert.equal(await again.result("import explainers.models, explainers; explainers.__name__"), "'explainers'");
  const draw = "import random; random.random()";
  const third = await boot(store);
  assert.notEqual(await again.result(draw), await third.result(draw), "each restore reseeds random");
  const [error] = (await again.py.run("1 / 0", "t-2")).filter((item) => item.type === "error");
  assert.equal(error.ename, "ZeroDivisionError", "tracebacks work in a restored interpreter");
});

test("a snapshot that does not restore is dropped, Python starts afresh and a new one is kept", async () => {
  const broken = store.bytes.slice();
  broken[0] ^= 0xff; // its magic number
  const bad = memoryStore(broken, store.bytes); // its recorded head is the good one's
  const { py, result } = await boot(bad);
  assert.equal(py.restored, false);
  assert.deepEqual(bad.log, ["read", "begin", "drop", "write"]);
  assert.equal(bad.bytes[0], store.bytes[0]);
  assert.equal(await result("6 * 7"), "42");
});

test("a snapshot that was cut short is caught before Pyodide sees it", async () => {
  const short = memoryStore(store.bytes.slice(0, store.bytes.byteLength >> 1), store.bytes);
  const { py, result } = await boot(short);
  assert.equal(py.restored, false);
  assert.deepEqual(short.log, ["read", "begin", "drop", "write"]);
  assert.equal(await result("6 * 7"), "42");
});
