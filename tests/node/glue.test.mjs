// Layer 1½: the worker's Python side (python.js + glue.py) under Pyodide in Node, against the
// runtime folder of a built site (SITE_DIR), the same wheels and lock file the browser gets.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { pathToFileURL } from "node:url";

const ROOT = new URL("../../", import.meta.url);
const SITE_DIR = process.env.SITE_DIR;
const cells = new URL("browser/cells/", ROOT);
let py;
const steps = [];

before(async () => {
  assert.ok(SITE_DIR, "set SITE_DIR to a built site (pytest does)");
  const { startPython } = await import(new URL("python.js", cells));
  py = await startPython({
    indexURL: join(SITE_DIR, "assets/pyodide/"),
    glueSource: readFileSync(new URL("glue.py", cells), "utf8"),
    onStep: (step) => steps.push(step),
  });
});

const run = (code, name = "t-1") => py.run(code, name);
const only = (items, type) => items.filter((i) => i.type === type);

test("boots in human steps, with numpy and explainers importable", async () => {
  assert.deepEqual(steps, ["python", "numpy", "explainers", "ready"]);
  assert.deepEqual(await run("import explainers, numpy; numpy.__version__"), [{ type: "result", text: "'2.0.2'" }]);
});

test("numpy and explainers start from the bytecode their wheels carry, not from their sources", async () => {
  // Flags 1: the hash-based, unchecked pyc of the wheel. Had Python compiled the source, it would have
  // written its own, date-based one (flags 0) in its place.
  const flags = py.pyodide.runPython(`
import numpy._core.numeric, numpy.random, explainers.models.lstm
[open(m.__cached__, "rb").read()[4] for m in (numpy._core.numeric, numpy.random, explainers.models.lstm)]`);
  assert.deepEqual(flags.toJs(), [1, 1, 1]);
  flags.destroy();
});

test("stdout and the last expression, in order; numpy prints as numpy does", async () => {
  const items = await run("import numpy as np\nprint('a')\nnp.arange(6).reshape(2, 3)");
  assert.deepEqual(items, [
    { type: "stdout", text: "a\n" },
    { type: "result", text: "array([[0, 1, 2],\n       [3, 4, 5]])" },
  ]);
});

test("cells of a page share one namespace", async () => {
  await run("shared = 41");
  assert.deepEqual(await run("shared + 1", "t-2"), [{ type: "result", text: "42" }]);
});

test("an exception is a traceback in the cell's own lines, and the next run works", async () => {
  const [error] = only(await run("a = 1\nb = 2\n1 / 0", "page-3"), "error");
  assert.equal(error.ename, "ZeroDivisionError");
  assert.match(error.traceback, /File "<cell page-3>", line 3/);
  assert.doesNotMatch(error.traceback, /cells_glue|explainers\/cells/);
  assert.deepEqual(await run("a + b"), [{ type: "result", text: "3" }]);
});

test("huge output is truncated with a note", async () => {
  const items = await run("for i in range(100_000): print(i)");
  assert.equal(items.at(-1).type, "note");
  assert.ok(items[0].text.split("\n").length <= 2_001);
});

test("matplotlib loads on demand and a figure comes back as an image", async () => {
  const code = "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.title('line')\nplt.show()";
  await py.loadImports(code);
  const [figure] = only(await run(code), "figure");
  assert.equal(figure.mime, "image/svg+xml");
  assert.match(Buffer.from(figure.data, "base64").toString(), /<svg/);
  assert.match(figure.alt, /line/);
});

test("a cell may await at top level on Pyodide's event loop, and asyncio.run says what works instead", async () => {
  const awaited = await run("import asyncio\nasync def twice(x):\n    await asyncio.sleep(0.01)\n    return 2 * x\nprint(await twice(2))\nawait twice(4)");
  assert.deepEqual(awaited, [{ type: "stdout", text: "4\n" }, { type: "result", text: "8" }]);
  const [error] = only(await run("async def main():\n    return 1\nasyncio.run(main())", "t-9"), "error");
  assert.equal(error.ename, "RuntimeError");
  assert.match(error.evalue, /write `await main\(\)` at the top level of the cell instead of `asyncio.run\(main\(\)\)`/);
  assert.deepEqual(await run("await twice(5)"), [{ type: "result", text: "10" }]);
});

test("a widget's call: a function of explainers, JSON in and out, the page's namespace untouched", async () => {
  assert.deepEqual(py.call("explainers.quiz", "answer", ["widget_only = 3", "widget_only * 2"]), { value: 6 });
  assert.deepEqual(await run("'widget_only' in globals()"), [{ type: "result", text: "False" }]);
  const replay = py.call("explainers.figures.widgets_parens", "replay", ["(ab)"]);
  assert.equal(replay.value.sentence, "(ab)");
  assert.ok(replay.value.trace.h.length > 0);
});

test("a widget's call that fails answers with Python's error, and only explainers may be called", async () => {
  const { error } = py.call("explainers.figures.widgets_parens", "replay", ["a!"]);
  assert.equal(error.ename, "ValueError");
  assert.match(error.evalue, /vocabulary/);
  assert.deepEqual(py.call("os", "getcwd", []).error,
    { ename: "ValueError", evalue: "a widget may call the explainers package only, not 'os'" });
  assert.equal(py.call("explainers.quiz", "nope", []).error.ename, "AttributeError");
});

const SMALL = { steps: 3, hidden: 4 }; // the training loop, small enough for a test

test("a long call: a generator advanced a chunk at a time, its yields as progress, its return as the value", () => {
  assert.deepEqual(py.stream.start(91, "explainers.train.charlm", "train", [SMALL]), { started: true });
  const progress = [];
  let out;
  do {
    out = py.stream.next(91, 0); // a budget of 0: one yield per chunk
    progress.push(...out.progress);
    assert.ok(out.done || out.progress.length === 1);
  } while (!out.done);
  assert.deepEqual(progress.map((p) => p.step), [0, 1, 2, 3]);
  assert.deepEqual(out.value.losses, progress.slice(1).map((p) => p.loss));
  assert.equal(out.value.settings.hidden, 4);

  py.stream.start(92, "explainers.train.charlm", "train", [SMALL]);
  const whole = py.stream.next(92, 60_000); // a budget longer than the run: all of it in one chunk
  assert.equal(whole.done, true);
  assert.equal(whole.progress.length, 4);
  assert.deepEqual(whole.value, out.value, "the same run, however it is cut into chunks");
});

test("a long call stopped where it stands, one that fails, and a function that is not a long call", () => {
  py.stream.start(93, "explainers.train.charlm", "train", [{ steps: 1000, hidden: 4 }]);
  assert.equal(py.stream.next(93, 0).progress[0].step, 0);
  py.stream.stop(93);
  assert.throws(() => py.stream.next(93, 0), /KeyError/); // gone (streams.js never asks again)
  py.stream.start(94, "explainers.train.charlm", "train", [{ hidden: 0 }]);
  assert.deepEqual(py.stream.next(94, 0), { progress: [], done: true,
    error: { ename: "ValueError", evalue: "hidden must be between 4 and 128, not 0" } });
  assert.deepEqual(py.stream.start(95, "explainers.quiz", "answer", ["", "1"]).error,
    { ename: "TypeError", evalue: "explainers.quiz.answer returned float, not a generator: call it with call(), not as a long call" });
  assert.equal(py.stream.start(96, "os", "getcwd", []).error.ename, "ValueError");
});
