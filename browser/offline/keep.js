// Registers the site's service worker (/sw.js, sitebuild/offline.py), which keeps the pages a reader opens
// and their Python for offline use, and says so in the footer once it does. Only on a built site (a
// page of `mkdocs serve` carries no <meta name="gates-build">), not for a reader who asks to save data,
// and only once the page's own Python has started: the worker then finds its downloads in the browser's
// cache instead of downloading them a second time beside the boot.

const root = new URL("../../", import.meta.url);

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

/** This page and what it loaded (it may have loaded before the worker was there to keep them). */
function keepThisPage(worker) {
  const page = location.href.split("#")[0];
  const loaded = performance.getEntriesByType("resource").map((entry) => entry.name.split("#")[0]);
  const channel = new MessageChannel();
  const kept = new Promise((resolve) => (channel.port1.onmessage = resolve));
  worker.postMessage({ type: "keep", urls: [page, ...loaded] }, [channel.port2]);
  return kept;
}

function sayKept() {
  const line = document.createElement("p");
  line.className = "gates-offline";
  line.setAttribute("role", "status");
  line.textContent = "Saved for offline use: the pages you open here, and their code cells, work without a connection.";
  (document.querySelector(".md-copyright") ?? document.body).append(line);
}

if (document.querySelector('meta[name="gates-build"]') && "serviceWorker" in navigator && !navigator.connection?.saveData) {
  quiet()
    .then(() => navigator.serviceWorker.register(new URL("sw.js", root), { scope: root.pathname, updateViaCache: "none" }))
    .then(() => navigator.serviceWorker.ready)
    .then(({ active }) => keepThisPage(active))
    .then(sayKept)
    .then(() => {
      // A newer build's worker took over (sw.js): this page is kept under its build too.
      navigator.serviceWorker.addEventListener("controllerchange", () => keepThisPage(navigator.serviceWorker.controller));
    })
    .catch((err) => console.warn("offline: this browser keeps nothing for offline use:", err?.message ?? err));
}
