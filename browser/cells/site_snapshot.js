// The site's own Python snapshot, made by the build (sitebuild/runtime/python_snapshot.py) with the same
// recipe a browser uses for its own (python.js): a first visit restores it instead of starting Python,
// the slowest part of a cold boot. It is shipped gzip-compressed by the build (about a quarter of its
// size: hosts do not compress a .bin file) and unpacked here as it downloads.
// It adds a few MB to a first visit's download, more than the start it saves is worth on a slow link: a
// browser that says its link is slow, or that the reader asked it to save data, starts Python afresh
// instead (and keeps a snapshot of its own for later visits).

const SLOW = new Set(["slow-2g", "2g", "3g"]);

/** Whether this browser's link is too slow (or metered, by the reader's choice) for the snapshot to pay. */
export function slowLink(connection = globalThis.navigator?.connection) {
  return Boolean(connection?.saveData || SLOW.has(connection?.effectiveType));
}

/** The site's snapshot ({file, integrity, length, head}, from config.js) as python.js restores it:
 *  {bytes: a promise of them, expect: {length, head}}; null when it is not worth fetching here. */
export function siteSnapshot(indexURL, meta) {
  if (!meta || typeof DecompressionStream !== "function" || slowLink()) return null;
  const bytes = fetch(new URL(meta.file, indexURL), { integrity: meta.integrity }).then((response) => {
    if (!response.ok || !response.body) throw new Error(`${meta.file}: HTTP ${response.status}`);
    return unpacked(response.body, meta.length);
  });
  return { bytes, expect: { length: meta.length, head: meta.head } };
}

/** The gzip stream `body` unpacked into one buffer of `length` bytes (an Error if it holds more). */
async function unpacked(body, length) {
  const out = new Uint8Array(length);
  let at = 0;
  const reader = body.pipeThrough(new DecompressionStream("gzip")).getReader();
  for (let step = await reader.read(); !step.done; step = await reader.read()) {
    if (at + step.value.byteLength > length) {
      reader.cancel();
      throw new Error(`the site's Python snapshot unpacks to more than the ${length} bytes it was built with`);
    }
    out.set(step.value, at);
    at += step.value.byteLength;
  }
  // Fewer bytes than built: python.js's check (checked) names it by its length.
  return at === length ? out : out.subarray(0, at);
}
