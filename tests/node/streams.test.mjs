// streams.js, the worker's long calls, against a stand-in Python (a JS generator per call): progress in
// order, the answer last, Stop heard between two chunks, other requests taking turns between chunks.
import assert from "node:assert/strict";
import { test } from "node:test";

const { streams } = await import(new URL("../../browser/cells/streams.js", import.meta.url));

/** A stand-in for python.js's `stream` (glue.py's stream_*): yields 1, 2, … n, then returns "done n";
 *  each next() advances one yield, as a chunk whose budget one step already exceeds. */
function fakePython(n) {
  const running = new Map(), closed = [];
  const gen = function* (k) { for (let i = 1; i <= k; i++) yield i; return `done ${k}`; };
  const stream = {
    start(id, module, fn, args) {
      if (fn === "not_a_generator") return { error: { ename: "TypeError", evalue: "not a generator" } };
      running.set(id, gen(args[0] ?? n));
      return { started: true };
    },
    next(id) {
      const { value, done } = running.get(id).next();
      if (done) running.delete(id);
      return done ? { progress: [], done: true, value } : { progress: [value], done: false };
    },
    stop(id) { running.delete(id); closed.push(id); },
  };
  return { stream, running, closed };
}

/** The driver with a queue like worker.js's, and `later` as a real turn of the event loop. */
function driver(py) {
  const said = [];
  let queue = Promise.resolve();
  const enqueue = (fn) => (queue = queue.then(fn));
  const long = streams({ python: async () => py, enqueue, post: (m) => said.push(m), chunkMs: 1 });
  const answered = (id) => new Promise((resolve) => {
    const poll = () => (said.some((m) => m.id === id && m.type === "answer") ? resolve() : setTimeout(poll, 1));
    poll();
  });
  return { said, long, enqueue, answered };
}

test("each yield is a progress message, in order, and the return value the answer, last", async () => {
  const { said, long, answered } = driver(fakePython(3));
  long.ask({ id: 7, type: "stream", module: "explainers.x", function: "train", args: [3] });
  await answered(7);
  assert.deepEqual(said, [
    { id: 7, type: "progress", value: 1 }, { id: 7, type: "progress", value: 2 },
    { id: 7, type: "progress", value: 3 }, { id: 7, type: "answer", value: "done 3" },
  ]);
});

test("stop is heard between two chunks: the generator is closed and the answer says stopped", async () => {
  const py = fakePython(1_000_000);
  const { said, long, answered } = driver(py);
  long.ask({ id: 1, type: "stream", module: "explainers.x", function: "train", args: [] });
  while (!said.some((m) => m.type === "progress" && m.value === 5)) await new Promise((r) => setTimeout(r, 0));
  long.stop(1);
  await answered(1);
  assert.deepEqual(said.at(-1), { id: 1, type: "answer", stopped: true });
  assert.deepEqual(py.closed, [1]);
  assert.ok(said.length < 50, `it stopped within a chunk or two, not after ${said.length - 1} yields`);
  long.stop(1); // an answered id: ignored
  assert.equal(said.length, said.filter((m) => m.id === 1).length);
});

test("a stop that arrives before its call has started: the call never starts", async () => {
  const py = fakePython(5);
  const { said, long, enqueue, answered } = driver(py);
  let release;
  const held = new Promise((holding) => enqueue(() => new Promise((r) => ((release = r), holding())))); // a long cell run
  await held;
  long.ask({ id: 2, type: "stream", module: "explainers.x", function: "train", args: [] });
  long.stop(2);
  release();
  await answered(2);
  assert.deepEqual(said, [{ id: 2, type: "answer", stopped: true }]);
  assert.equal(py.running.size, 0);
});

test("requests asked while a long call runs take their turn between its chunks", async () => {
  const { said, long, enqueue, answered } = driver(fakePython(50));
  long.ask({ id: 3, type: "stream", module: "explainers.x", function: "train", args: [] });
  while (!said.some((m) => m.type === "progress")) await new Promise((r) => setTimeout(r, 0));
  await enqueue(() => said.push({ id: 4, type: "answer", value: "a cell's run" }));
  await answered(3);
  const order = said.map((m) => m.id);
  assert.ok(order.indexOf(4) < order.lastIndexOf(3) - 10, `the run was answered mid-stream: ${order}`);
});

test("a function that is not a long call, and two long calls at once", async () => {
  const { said, long, answered } = driver(fakePython(2));
  long.ask({ id: 5, type: "stream", module: "explainers.x", function: "not_a_generator", args: [] });
  long.ask({ id: 6, type: "stream", module: "explainers.x", function: "train", args: [4] });
  long.ask({ id: 8, type: "stream", module: "explainers.x", function: "train", args: [2] });
  await Promise.all([answered(5), answered(6), answered(8)]);
  assert.deepEqual(said.find((m) => m.id === 5), { id: 5, type: "answer", error: { ename: "TypeError", evalue: "not a generator" } });
  assert.deepEqual(said.filter((m) => m.id === 6).map((m) => m.value), [1, 2, 3, 4, "done 4"]);
  assert.deepEqual(said.filter((m) => m.id === 8).map((m) => m.value), [1, 2, "done 2"]);
});
