// fetchwatch.js's byte counting, against a stub fetch: what the watchdog (watchdog.js) reads as "the
// download has ended" must not wait for a file Pyodide reads only after Python has started.
import assert from "node:assert/strict";
import { test } from "node:test";

const cells = new URL("../../browser/cells/", import.meta.url);
const body = (n) => new Response("x".repeat(n), { headers: { "content-length": String(n) } });

test("Python's download has ended once the standard library is read, with the lock file still unread", async () => {
  globalThis.fetch = async (url) => body(String(url).endsWith("pyodide-lock.json") ? 5394 : 23_000);
  const { watchFetch } = await import(new URL("fetchwatch.js", cells));
  const said = [];
  watchFetch((step, loaded, total) => said.push([step, loaded, total]), () => assert.fail("nothing failed"));
  const lock = await fetch(new URL("../pyodide/pyodide-lock.json", cells)); // Pyodide reads it later
  await (await fetch(new URL("../pyodide/python_stdlib.zip", cells))).arrayBuffer();
  assert.deepEqual(said.at(-1), ["python", 23_000, 23_000]);
  assert.equal((await lock.text()).length, 5394, "the lock itself arrives whole");
  assert.deepEqual(said.at(-1), ["python", 23_000, 23_000], "and is not counted");
});
