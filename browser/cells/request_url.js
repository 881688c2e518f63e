// Where a request from the worker goes. The worker runs from a blob: URL (confine.js says why), and no
// relative URL resolves against a blob: URL: requests resolve against this folder instead, as they did
// when the worker ran from worker.js's own URL.
const BASE = new URL("./", import.meta.url).href;

/** The site's origin: the only one the worker's requests may reach. */
export const SITE_ORIGIN = new URL(BASE).origin;

/** The absolute URL a fetch(input) asks for. */
export const requestURL = (input) => new URL(input instanceof Request ? input.url : String(input), BASE);
