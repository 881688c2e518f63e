// Registers the site's service worker (/sw.js, sitebuild/offline.py), which keeps the pages a reader opens
// and their Python for offline use, and says so in the footer once it does. Only on a built site (a
// page of `mkdocs serve` carries no <meta name="gates-build">), not for a reader who asks to save data,
// and only once the page's own Python has started: the worker then finds its downloads in the browser's
// cache instead of downloading them a second time beside the boot.
//
// A page of a newer build than the worker's is kept by the newer worker, once it takes over (sw.js asks
// for it, then skips waiting and claims the page). Until then nothing is said, and nothing is asked of
// the old worker while a newer one is on its way: Chromium stops the old worker to activate the new
// one, and an event sent to the old one then starts it again and keeps the new one waiting (seen: a
// minute and more, the old build's caches kept all along).

const root = new URL("../../", import.meta.url);
const BUILD = document.querySelector('meta[name="gates-build"]')?.content;

function quiet() {
  const html = document.documentElement;
  const loaded = document.readyState === "complete" ? Promise.resolve()
    : new Promise((resolve) => addEventListener("load", resolve, { once: true }));
  return loaded.then(() => new Promise((resolve) => {
    if (html.dataset.python !== "starting") return resolve();
    const watch = new MutationObserver(() => html.dataset.python !== "starting" && (watch.disconnect(), resolve()));
    watch.observe(html, { attributes: true, attributeFilter: ["data-python"] });
  }));
}

/** This page and what it loaded (it may have loaded before the worker was there to keep them), asked
 *  of each worker once; the worker answers with its BUILD once they are kept. */
const asked = new Set();
async function keepThisPage(worker) {
  if (!worker || asked.has(worker)) return;
  asked.add(worker);
  const page = location.href.split("#")[0];
  const loaded = performance.getEntriesByType("resource").map((entry) => entry.name.split("#")[0]);
  const channel = new MessageChannel();
  const kept = new Promise((resolve) => (channel.port1.onmessage = (event) => resolve(event.data)));
  worker.postMessage({ type: "keep", urls: [page, ...loaded] }, [channel.port2]);
  sayKept(await kept);
}

/** Ask the active worker to keep this page, unless a newer one is installing or waiting: that one
 *  keeps it when it takes over and claims this page. */
function keepUnlessNewerComing(registration) {
  navigator.serviceWorker.addEventListener("controllerchange", () =>
    keepThisPage(navigator.serviceWorker.controller).catch(warn));
  if (!registration.installing && !registration.waiting) return keepThisPage(registration.active);
}

/** "Saved", once a worker of this page's own build has kept it (said once). */
function sayKept(answer) {
  if (answer?.build !== BUILD || document.querySelector(".gates-offline")) return;
  const line = document.createElement("p");
  line.className = "gates-offline";
  line.setAttribute("role", "status");
  line.textContent = "Saved for offline use: the pages you open here, and their code cells, work without a connection.";
  (document.querySelector(".md-copyright") ?? document.body).append(line);
}

const warn = (err) => console.warn("offline: this browser keeps nothing for offline use:", err?.message ?? err);

if (BUILD && "serviceWorker" in navigator && !navigator.connection?.saveData) {
  quiet()
    .then(() => navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname, updateViaCache: "none" }))
    .then(() => navigator.serviceWorker.ready)
    .then(keepUnlessNewerComing)
    .catch(warn);
}
