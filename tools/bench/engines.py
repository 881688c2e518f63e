"""First output on each engine readers use: Chromium, Firefox and WebKit (Safari's engine), driven the way
the tests drive them (tools/engines.py), each visit by a fresh reader (its own storage and caches).

Per engine, in turns: a cold visit to the LSTM page (Run clicked once the first cell is there), which
restores the site's Python snapshot, and a second visit by the same reader; a cold visit by a reader
whose host lacks that snapshot (a server that answers it 404: Python starts afresh, as on a slow link,
and keeps a snapshot of its own) and that reader's second visit, which restores its own (the decisions
the page makes per engine: does restoring beat starting afresh?); and the bare Pyodide + numpy pages, with
Pyodide in a module worker (as ours: the floor) and on the main thread. Times are the page's own clock (performance.now(), zero at navigation),
recorded by the page at the moment the output appears, so no polling delay is counted. The boot's
silences are timed too: the runtime's watchdog.js marks on the page's performance timeline each time its watchdog is
armed, with the limit it allows (plain, or longer for a step that computes without a word), from the
first byte of the boot to Python being up; the longest wait under each limit is what the limits must
leave room for.
"""
import statistics

from tools import engines

from .reader import CHROMIUM_ARGS

FIRST_CELL = "document.querySelector('.pycell:not([data-hidden])')?.cell ? true : false"
RUN = ".pycell:not([data-hidden]) .pycell-run"
# Set up before Run is clicked: the page notes the time its first output appears.
WATCH = """(() => {
  const el = document.querySelector('.pycell:not([data-hidden])');
  const done = () => el.querySelector('[data-cell-output]')?.dataset.origin === 'browser'
    && ['done', 'error'].includes(el.dataset.state);
  new MutationObserver((_, o) => { if (done()) { window.__outputAt = performance.now(); o.disconnect(); } })
    .observe(el, { subtree: true, attributes: true, childList: true });
  return true;
})()"""
# Every arming of the boot's watchdog, from the start of the page (watchdog.js): [time, limit it allowed].
WATCHDOG = "performance.getEntriesByName('pycells-watchdog').map((m) => [m.startTime, m.detail.limit, m.detail.computing])"
SNAPSHOT_KEPT = """caches.open('pycells-python-snapshot').then((c) => c.keys())
  .then((keys) => keys.some((k) => !k.url.endsWith('&restoring')))"""
TIMEOUT = 300  # s: a stalled visit fails the bench with the engine's name, never hangs it


def first_output(r: engines.Reader, url: str) -> dict:
    """Open `url`, click Run on its first cell; {ms: to the first output, restored (the snapshot Python
    came from: "site", "browser" or None), silence, computing_silence}."""
    r.open(url)
    r.wait_for(FIRST_CELL, TIMEOUT, "the first cell")
    r.evaluate(WATCH)
    r.click(RUN)
    ms = r.wait_for("window.__outputAt", TIMEOUT, "the first output")
    restored = r.evaluate("import(new URL('/assets/cells/runtime.js', location.href)).then((m) => m.sharedRuntime().snapshot)")
    return {"ms": ms, "restored": restored, **silences(r.evaluate(WATCHDOG))}


def silences(marks: list) -> dict:
    """The longest time the watchdog waited for the worker's next word, under its plain limit and under
    its longer one for a computing step, as watchdog.js armed them: [[time, limit, computing], ...]."""
    gaps = {"silence": [0], "computing_silence": [0]}
    for (t, limit, computing), (later, _, _) in zip(marks, marks[1:]):
        if limit:  # 0: disarmed (Python is up); what follows is no boot's silence
            gaps["computing_silence" if computing else "silence"].append(later - t)
    return {k: max(v) for k, v in gaps.items()}


def bare_output(r: engines.Reader, url: str) -> float:
    r.open(url)
    return r.wait_for("window.__outputAt", TIMEOUT, "the bare page's output")


def visits(r: engines.Reader, url: str, site_snapshot: bool) -> tuple[dict, dict]:
    """A first visit and a second one by the same reader; without the site's snapshot, the second comes
    once the first kept a snapshot of its own."""
    first = first_output(r, url)
    if not site_snapshot:
        r.wait_for(SNAPSHOT_KEPT, TIMEOUT, "the snapshot's write")
    return first, first_output(r, url)


class Engines:
    """The three engines, started once for the whole bench; reader(name) is a fresh reader on one."""

    def __init__(self, playwright):
        self._chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        self._firefox = engines.FirefoxBrowser()
        self._screen = engines.VirtualScreen()
        self.versions = {"chromium": self._chromium.version}

    def reader(self, name: str) -> engines.Reader:
        if name == "chromium":
            return engines.ChromiumReader(self._chromium)
        if name == "firefox":
            return engines.FirefoxReader(self._firefox)
        return engines.WebKitReader(self._screen)

    def close(self):
        self._chromium.close()
        self._firefox.close()
        self._screen.close()


def measure(playwright, url: str, unsnapshotted_url: str, page: str, bares: dict, runs: int) -> dict:
    """{engine: {cold, warm, cold_unsnapshotted, warm_own, bare, bare_worker, restored, slowest_silence,
    slowest_computing_silence}} in ms, medians of `runs`, the engines and the kinds of visit in turns (a
    drifting machine weighs on all alike). `unsnapshotted_url`: the same site, its snapshot refused;
    `bares`: {"bare": the main-thread bare page's path, "bare_worker": the worker one's}."""
    found = {name: {"cold": [], "warm": [], "cold_unsnapshotted": [], "warm_own": [], "bare": [], "bare_worker": [],
                    "restored": [], "silence": [], "computing_silence": []} for name in engines.ENGINES}
    expected = {True: ("site", "site"), False: (None, "browser")}  # the snapshots each pair restores
    browsers = Engines(playwright)
    try:
        for _ in range(runs):
            for name, seen in found.items():
                for site_snapshot in (True, False):
                    r = browsers.reader(name)
                    try:
                        first, second = visits(r, (url if site_snapshot else unsnapshotted_url) + page, site_snapshot)
                    finally:
                        r.close()
                    seen["cold" if site_snapshot else "cold_unsnapshotted"].append(first["ms"])
                    seen["warm" if site_snapshot else "warm_own"].append(second["ms"])
                    seen["restored"].append((first["restored"], second["restored"]) == expected[site_snapshot])
                    for kind in ("silence", "computing_silence"):
                        seen[kind] += [first[kind], second[kind]]
                for kind, path in bares.items():
                    r = browsers.reader(name)
                    try:
                        seen[kind].append(bare_output(r, url + path))
                    finally:
                        r.close()
    finally:
        browsers.close()
    return {name: _summary(seen) for name, seen in found.items()} | {"versions": browsers.versions}


def _summary(seen: dict) -> dict:
    median = lambda key: statistics.median(seen[key])  # noqa: E731
    return {"cold": median("cold"), "warm": median("warm"), "cold_unsnapshotted": median("cold_unsnapshotted"),
            "warm_own": median("warm_own"), "bare": median("bare"), "bare_worker": median("bare_worker"),
            "restored": all(seen["restored"]),
            "slowest_silence": max(seen["silence"]), "slowest_computing_silence": max(seen["computing_silence"]),
            "colds": seen["cold"], "warms": seen["warm"], "colds_unsnapshotted": seen["cold_unsnapshotted"],
            "warms_own": seen["warm_own"], "bares": seen["bare"], "bares_worker": seen["bare_worker"]}
