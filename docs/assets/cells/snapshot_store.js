// Where this browser keeps its Python snapshot (python.js makes and restores it): Cache Storage,
// one entry per site, named by the runtime folder and the snapshot recipe, so a new Pyodide or
// a new recipe never restores an old snapshot (Pyodide also checks its build id on restore).
// Without Cache Storage (a page served over plain http from another host, storage disabled or
// full) every boot simply starts afresh.
const CACHE = "pycells-python-snapshot";

/** The store for snapshots of the runtime at `indexURL` made by `recipe`: {read, write, drop}. */
export function snapshotStore(indexURL, recipe) {
  const key = `${indexURL}python-snapshot?recipe=${encodeURIComponent(recipe)}`;
  const open = () => (globalThis.caches ? caches.open(CACHE) : Promise.reject(new Error("no Cache Storage here")));
  return {
    /** Null, or {bytes: a promise of the snapshot} (it streams in while the interpreter starts). */
    async read() {
      const response = await (await open()).match(key);
      return response ? { bytes: response.arrayBuffer() } : null;
    },
    /** Keep `bytes` as the one snapshot of this site, in place of any older one. */
    async write(bytes) {
      const cache = await open();
      for (const old of await cache.keys()) if (old.url !== key) await cache.delete(old);
      await cache.put(key, new Response(bytes, { headers: { "content-type": "application/octet-stream" } }));
    },
    async drop() {
      await (await open()).delete(key);
    },
  };
}
