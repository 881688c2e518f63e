// fetch_router.js: the worker's interceptors in the order worker.js lists them, against a stub network.
// What the order buys: the wheel the page hands over is counted by the watch, another site is refused
// before anything downloads, and a request no interceptor answers reaches the network untouched.
import assert from "node:assert/strict";
import { test } from "node:test";

const cells = new URL("../../browser/cells/", import.meta.url);
const asked = [];
globalThis.fetch = async (url) => (asked.push(String(url)), new Response("n".repeat(7), { headers: { "content-length": "7" } }));
globalThis.self = { postMessage: (m) => m.type === "need-wheel" && setTimeout(() => acceptWheel(m.url, new Uint8Array(3000).buffer)) };
const { routeFetch } = await import(new URL("fetch_router.js", cells));
const { siteOnly, watch } = await import(new URL("fetchwatch.js", cells));
const { acceptWheel, wheelsFromPage } = await import(new URL("wheel_handoff.js", cells));
const wheel = new URL("../pyodide/numpy-2.0.2-cp312-cp312-pyodide_2024_0_wasm32.whl", cells).href;
const said = [];
routeFetch([siteOnly, watch((...word) => said.push(word), () => assert.fail("nothing failed")), wheelsFromPage([wheel])]);

test("the page's wheel is answered without the network, and counted by the watch before it", async () => {
  assert.equal((await (await fetch(wheel)).arrayBuffer()).byteLength, 3000);
  assert.deepEqual(said.at(-1), ["numpy", 3000, 3000]);
  assert.deepEqual(asked, []);
});

test("handed over once: asked again, the wheel comes from the network", async () => {
  await (await fetch(wheel)).arrayBuffer();
  assert.deepEqual(asked, [wheel]);
});

test("another site is refused in words, before any interceptor after it", async () => {
  await assert.rejects(fetch("https://example.org/x.whl"), /only fetches from its own site \(https:\/\/example\.org\)/);
  assert.equal(asked.length, 1);
});
