"""What the reader waits for, measured in headless Debian chromium against the built site on 127.0.0.1.

Times are the page's own clock (performance.now(), zero at navigation start), so the browser's start-up
and Playwright's round trips are not counted. Each measurement uses a fresh browser context (an empty
cache, like a first visit) unless it says otherwise.
"""
import gzip
import statistics
import sys
from urllib.parse import urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
FIRST_CELL = "() => { const el = document.querySelector('.pycell:not([data-hidden])'); return el && el.cell ? el : null; }"
OUTPUT_DONE = ("el => el.querySelector('[data-cell-output]')?.dataset.origin === 'browser'"
               " && ['done', 'error'].includes(el.dataset.state)")
SPEED_CODE = """import time
import numpy as np
from explainers.models import LSTM
m = LSTM.init(64, 64, seed=0)
x = np.random.default_rng(0).standard_normal((100, 64))
m.run(x)
times = []
for _ in range(21):
    t0 = time.perf_counter(); m.run(x); times.append(time.perf_counter() - t0)
print(f"{1000 * sorted(times)[10]:.3f}")"""


def run_first_cell(page, url, read_for_ms=0):
    """Open `url`, click Run on its first visible cell (after `read_for_ms` of reading, scrolled to it);
    return (ms from navigation start to output, ms from click to output)."""
    page.goto(url, wait_until="commit")
    cell = page.wait_for_function(FIRST_CELL, timeout=60_000).as_element()
    if read_for_ms:
        cell.scroll_into_view_if_needed()
        page.wait_for_timeout(read_for_ms)
    clicked = page.evaluate("performance.now()")
    cell.query_selector(".pycell-run").click()
    page.wait_for_function(OUTPUT_DONE, arg=cell, timeout=120_000, polling="raf")
    done = page.evaluate("performance.now()")
    return done, done - clicked


def baseline_output(page, url):
    """ms from navigation start until the bare page has printed its number."""
    page.goto(url, wait_until="commit")
    page.wait_for_function("document.getElementById('out')?.textContent === '3.0'", timeout=120_000, polling="raf")
    return page.evaluate("performance.now()")


class Bytes:
    """Every response a page receives: raw and gzip-compressed body sizes, runtime files apart."""

    def __init__(self, page):
        self.rows = []
        page.on("response", self._on_response)

    def _on_response(self, response):
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            return
        self.rows.append((urlparse(response.url).path, len(body), len(gzip.compress(body, 6))))

    def total(self, runtime=None):
        """(raw, gzip) bytes; runtime=True: only assets/pyodide/, False: everything else."""
        rows = [r for r in self.rows if runtime is None or ("/assets/pyodide/" in r[0]) == runtime]
        return sum(r[1] for r in rows), sum(r[2] for r in rows)

    def fetched(self, needle):
        return any(needle in r[0] for r in self.rows)


def medians_in_turns(n, measures):
    """{name: (median, values)} of n measurements of each of `measures` ({name: measure}), taken in
    turns (a, b, a, b, ...): a shared machine's speed drifts over minutes, and in turns the drift weighs
    on a figure and on its baseline alike, instead of on whichever was measured in the slow minutes."""
    values = {name: [] for name in measures}
    for _ in range(n):
        for name, measure in measures.items():
            values[name].append(redone_on_stall(measure, tries=n))
    return {name: (statistics.median(v), v) for name, v in values.items()}


def median_of(n, measure):
    """The median of n measurements, and the measurements."""
    values = [redone_on_stall(measure, tries=n) for _ in range(n)]
    return statistics.median(values), values


def redone_on_stall(measure, tries):
    """measure(); one that times out is said and redone (at most `tries` times), so that a rare stall
    does not throw away minutes of measuring."""
    for stall in range(1, tries + 2):
        try:
            return measure()
        except PlaywrightTimeout as exc:
            print(f"bench: a measurement stalled and is redone ({stall}): {str(exc).splitlines()[0]}", file=sys.stderr)
            if stall > tries:
                raise


def cell_speed(page, url, settle_ms=2000):
    """The median ms of one LSTM forward pass (T = 100, hidden 64, float64) run in the page's Python,
    once it runs at full speed: the browser optimises the interpreter's hot code in the background for
    a while after it starts, so a run right after the boot measures the boot as much as the cell.
    The cell runs once, then again `settle_ms` later; the second run counts."""
    page.goto(url)
    cell = page.wait_for_function(FIRST_CELL, timeout=60_000).as_element()
    page.evaluate("([el, code]) => el.cell.setCode(code)", [cell, SPEED_CODE])
    page.evaluate("el => el.cell.run()", cell)  # resolves once the run has ended
    page.wait_for_timeout(settle_ms)
    assert page.evaluate("el => el.cell.run()", cell) == "done", "the speed cell failed"
    return float(cell.query_selector(".pycell-stdout").text_content().strip())
