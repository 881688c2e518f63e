"""The character model a reader trains in the page (the trainchar widget, In practice): with the default
settings, the time from a click on Train (Python already started, as for a reader who read first) to the
build's target loss, the step it got there (the build's own run says which: the same numbers), the steps
per second in the page and in CPython on the same machine, and how long Stop takes to be answered.

    python -m tools.bench.training [--site DIR]   this piece alone, merged into bench/results.json
"""
import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

from explainers.figures import trainchar
from explainers.train import charlm

from .serve import serve

PAGE = "in-practice/"
WIDGET = ".widget[data-widget=trainchar]"
RATE_FROM, RATE_TO = charlm.EVERY, 6 * charlm.EVERY  # steps over which the speed is timed (both sides)
# In the page, from before the click: the page's time when each step count was first drawn, and the
# first checkpoint whose mean loss over the last EVERY steps is at most the target, as trainchar does.
RECORD = """([target, every]) => {
  const root = document.querySelector('%s'), seen = (window.trainSeen = {});
  window.trainReached = null;
  const look = () => {
    const n = Number(root.dataset.steps ?? 0);
    if (n && !(n in seen)) seen[n] = performance.now();
    const line = root.querySelector('polyline[data-series=live]');
    const v = line ? JSON.parse(line.dataset.values).filter((x) => x !== null) : [];
    for (let k = every; !window.trainReached && k <= v.length; k += every)
      if (v.slice(k - every, k).reduce((a, b) => a + b, 0) / every <= target) window.trainReached = k;
    if (root.dataset.state === 'training' || !n) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}""" % WIDGET
# The first step count drawn at or after step n, and when: [count, page time].
FIRST_AT = "(n) => Object.entries(window.trainSeen).map(([k, t]) => [Number(k), t]).filter(([k]) => k >= n).sort((a, b) => a[0] - b[0])[0]"


def in_page(browser, url: str) -> dict:
    """One visit in a fresh context: Train; the target's step and time, the rate over RATE_FROM..RATE_TO;
    then Stop, and how long until the widget says it stopped."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(url + PAGE + "#widget=trainchar", wait_until="load")
        page.wait_for_selector(f"{WIDGET}[data-ready]", timeout=60_000)
        page.wait_for_selector("html[data-python=ready]", state="attached", timeout=180_000)
        page.evaluate(RECORD, [trainchar.TARGET, charlm.EVERY])
        clicked = page.evaluate("performance.now()")
        page.click(f"{WIDGET} [data-action=train]")
        page.wait_for_function(f"() => window.trainReached && Number(document.querySelector('{WIDGET}').dataset.steps) >= "
                               f"Math.max(window.trainReached, {RATE_TO})", timeout=600_000)
        step = page.evaluate("window.trainReached")
        (_, at), (n0, t0), (n1, t1) = (page.evaluate(FIRST_AT, n) for n in (step, RATE_FROM, RATE_TO))
        stop_clicked = page.evaluate("performance.now()")
        page.click(f"{WIDGET} [data-action=stop]")
        stopped = page.wait_for_function(f"() => document.querySelector('{WIDGET}').dataset.state === 'stopped' && performance.now()",
                                         polling="raf", timeout=60_000).json_value()
        return {"steps_to_target": step, "seconds_to_target": (at - clicked) / 1000,
                "page_steps_per_s": (n1 - n0) / ((t1 - t0) / 1000), "stop_ms": stopped - stop_clicked}
    finally:
        context.close()


def cpython_rate() -> float:
    """Steps per second of the same loop (checkpoints included) in this CPython, over the same steps."""
    times = {}
    for p in charlm.train(steps=RATE_TO):
        if p["step"] in (RATE_FROM, RATE_TO):
            times[p["step"]] = time.perf_counter()
    return (RATE_TO - RATE_FROM) / (times[RATE_TO] - times[RATE_FROM])


def measure(browser, url: str, machine: str, chromium: str) -> dict:
    out = in_page(browser, url)
    return {"date": datetime.date.today().isoformat(), "machine": machine, "chromium": chromium,
            "target": trainchar.TARGET, **out, "cpython_steps_per_s": cpython_rate(),
            "load_average": os.getloadavg()[0]}  # other work sharing the processor slows both sides


def main() -> None:
    from playwright.sync_api import sync_playwright

    from . import __main__ as bench
    from .reader import CHROMIUM_ARGS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    site = parser.parse_args().site or bench.build_site()
    with serve(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        result = measure(browser, url, bench.machine(browser.version), browser.version)
        browser.close()
    results = json.loads(bench.RESULTS.read_text())
    results["training"] = result
    bench.RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(json.dumps(result, indent=1), file=sys.stderr)


if __name__ == "__main__":
    main()
