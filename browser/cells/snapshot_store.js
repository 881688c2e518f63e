// Where this browser keeps its Python snapshot (python.js makes and restores it): Cache Storage,
// one entry per site, named by the runtime folder and the snapshot recipe, so a new Pyodide or
// a new recipe never restores an old snapshot (Pyodide also checks its build id on restore).
// Without Cache Storage (a page served over plain http from another host, storage disabled or
// full) every boot simply starts afresh.
// A snapshot that is cut short or rewritten can hang Pyodide's restore instead of failing it, so the
// entry records the length and head it was written with (python.js checks them before restoring), and
// a restore is bracketed by a marker: a visit that finds the marker of one that never finished drops
// the snapshot instead of trying it again.
const CACHE = "pycells-python-snapshot";
const HEAD = [[0, 8], [16, 48]]; // magic, header size; Pyodide's build id: what a foreign snapshot changes

/** The bytes of `bytes` that identify its maker, as hex. */
export function headOf(bytes) {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return HEAD.map(([a, b]) => Array.from(view.subarray(a, b), (x) => x.toString(16).padStart(2, "0")).join("")).join("-");
}

/** The store for snapshots of the runtime at `indexURL` made by `recipe`:
 *  {read, write, drop, begin, done}, each async. */
export function snapshotStore(indexURL, recipe) {
  const key = `${indexURL}python-snapshot?recipe=${encodeURIComponent(recipe)}`;
  const marker = `${key}&restoring`;
  const open = () => (globalThis.caches ? caches.open(CACHE) : Promise.reject(new Error("no Cache Storage here")));
  const drop = async () => {
    const cache = await open();
    await Promise.all([cache.delete(key), cache.delete(marker)]);
  };
  return {
    /** Null, or {bytes: a promise of the snapshot (it streams in while the interpreter starts),
     *  expect: {length, head} as written}, or {hung: true} when an earlier restore (of this snapshot
     *  or of the site's) never finished: then no snapshot is tried this time. */
    async read() {
      const cache = await open();
      const [unfinished, response] = await Promise.all([cache.match(marker), cache.match(key)]);
      if (unfinished) { // do not try this one again
        await drop();
        return { hung: true };
      }
      if (!response) return null;
      const expect = { length: Number(response.headers.get("x-snapshot-length")), head: response.headers.get("x-snapshot-head") };
      return { bytes: response.arrayBuffer(), expect };
    },
    /** Keep `bytes` as the one snapshot of this site, in place of any older one. */
    async write(bytes) {
      const cache = await open();
      for (const old of await cache.keys()) if (old.url !== key) await cache.delete(old);
      await cache.put(key, new Response(bytes, { headers: { "content-type": "application/octet-stream",
        "x-snapshot-length": String(bytes.byteLength), "x-snapshot-head": headOf(bytes) } }));
    },
    drop,
    /** A restore starts: until done(), a later visit takes it for one that hung. */
    async begin() {
      await (await open()).put(marker, new Response(""));
    },
    async done() {
      await (await open()).delete(marker);
    },
  };
}
