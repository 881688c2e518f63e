"""Our LSTM page against its peers, the same cell on each, in headless Chromium and in turns: markdown-exec's
`pyodide` fence and a pyodide-mkdocs-theme IDE (built and patched by peer_sites.py to load this site's
own Pyodide 0.27.7 and numpy, and their scripts from npm copies), and the bare Pyodide + numpy page.

Per page, each visit in a fresh browser context (reader.py's clock: performance.now(), zero at navigation):
- cold: a first visit, Run clicked as soon as a click runs the cell, to the printed 3.0 (our Run takes a
  click at once and runs once Python is up; the peers' ignore a click until their Python is up, which
  each shows: markdown-exec's output stops saying "Initializing...", the theme's hourglass goes);
- warm: the second of two visits in one context;
- reading: Run's control scrolled into view and read for 5 s, then clicked; from then to the output.
The bare page prints without a click, so it has no "reading". The browser resolves no host but
127.0.0.1, and a visit that asks for any other fails the bench with the URL: a peer's CDN fallback is
never measured.

    python -m tools.bench.peers [--runs N] [--site DIR]   this piece alone, merged into bench/results.json
"""
import argparse
import datetime
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from explainers.figures.performance import peer_text

from . import baseline, peer_sites, reader
from .report import peer_rows
from .serve import serve

LSTM_PAGE = "lstm/"
READ_MS = 5000
# Any host but 127.0.0.1 is unknown to this browser: nothing off this machine can load, even unseen.
GUARD_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]


@dataclass(frozen=True)
class Controls:
    """What a reader uses on a peer's page, as page expressions: its Run control (CSS), when a click on
    it runs the cell, and when the cell's output shows 3.0."""
    run: str
    live: str
    output: str


CONTROLS = {
    "markdown-exec": Controls(
        "#exec-1--run", "!!document.getElementById('exec-1--run').onclick",  # set once its Python is up
        "document.getElementById('exec-1--output')?.textContent.trim() === '3.0'"),
    "pyodide-mkdocs-theme": Controls(
        "button[btn_kind=play]", "globalThis.CONFIG?.pyodideIsReady === true",  # its hourglass goes then
        "(document.querySelector('.terminal-output')?.innerText ?? '').split('\\n').some((l) => l.trim() === '3.0')"),
}


def peer_output(page, url: str, controls: Controls, read_for_ms: int = 0) -> tuple[float, float]:
    """Open a peer's page and click its Run as soon as it runs the cell (after `read_for_ms` of reading,
    scrolled to it); (ms from navigation to the output, ms from the reader's first wish to click to it)."""
    page.goto(url, wait_until="commit")
    run = page.wait_for_selector(controls.run, timeout=60_000)
    if read_for_ms:
        run.scroll_into_view_if_needed()
        page.wait_for_timeout(read_for_ms)
    wished = page.evaluate("performance.now()")
    page.wait_for_function(controls.live, timeout=120_000, polling="raf")
    run.click()
    page.wait_for_function(controls.output, timeout=120_000, polling="raf")
    done = page.evaluate("performance.now()")
    return done, done - wished


class Guard:
    """Every request of a context that is not for the bench's own server; check() fails naming them."""

    def __init__(self, context, origin: str):
        self.origin, self.strays = origin, []
        context.on("request", lambda request: self._seen(request.url))

    def _seen(self, url: str):
        if not url.startswith((self.origin, "data:", "blob:")):
            self.strays.append(url)

    def check(self, what: str):
        if self.strays:
            raise RuntimeError(f"bench: {what} asked for {self.strays[0]} (not 127.0.0.1; all: {self.strays})")


BARE = ("bare", "bare-worker")  # print without a click: no "reading"


def measures(browser, url: str, pages: dict) -> dict:
    """{name: measure} of every page and kind of visit, for reader.medians_in_turns."""
    def visit(what, measure):
        context = browser.new_context()
        guard = Guard(context, url)
        try:
            return measure(context.new_page())
        finally:
            context.close()
            guard.check(what)

    def first(name, read_for_ms=0):
        if name == "ours":
            return lambda page: reader.run_first_cell(page, url + pages[name], read_for_ms)
        if name in BARE:
            return lambda page: (reader.baseline_output(page, url + pages[name]), None)
        return lambda page: peer_output(page, url + pages[name], CONTROLS[name], read_for_ms)

    out = {}
    for name in pages:
        out[f"{name}.cold"] = lambda name=name: visit(name, lambda page: first(name)(page)[0])
        out[f"{name}.warm"] = lambda name=name: visit(name, lambda page: (first(name)(page), first(name)(page)[0])[1])
        if name not in BARE:
            out[f"{name}.reading"] = lambda name=name: visit(name, lambda page: first(name, READ_MS)(page)[1])
    return out


def measure(site: Path, runs: int) -> dict:
    """Build the peers' pages into `site`, measure every page in turns; the results.json entry."""
    from playwright.sync_api import sync_playwright

    from . import __main__ as bench

    pages = {"ours": LSTM_PAGE, **peer_sites.build_all(site), "bare-worker": baseline.write_worker(site),
             "bare": baseline.write(site)}
    load_before = os.getloadavg()[0]  # other work on the machine slows every page, not alike
    with serve(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=reader.CHROMIUM_ARGS + GUARD_ARGS)
        found = reader.medians_in_turns(runs, measures(browser, url, pages))
        chromium = browser.version
        browser.close()
    raw = {name: {"median": m, "values": v} for name, (m, v) in found.items()}
    return {"date": datetime.date.today().isoformat(), "machine": bench.machine(chromium).split("; ")[0],
            "chromium": chromium, "runs": runs,
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "versions": {p.name: p.requirement.split("==")[1] for p in peer_sites.PEERS.values()},
            "rows": peer_rows({k: v["median"] for k, v in raw.items()}), "raw": raw}


def main() -> None:
    from . import __main__ as bench

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="visits per page and kind (median; default 5)")
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    args = parser.parse_args()
    result = measure(args.site or bench.build_site(), args.runs)
    results = json.loads(bench.RESULTS.read_text())
    results["peers"] = result
    bench.RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(peer_text(result), file=sys.stderr)


if __name__ == "__main__":
    main()
