"""Run every measurement and write bench/results.json; print the table. Usage: python -m tools.bench [--runs N]

Figures (medians of N runs, each next to its baseline measured in the same run, machine and browser):
  cold first output on the LSTM page vs a bare Pyodide + numpy page; reading 5 s then Run; a warm
  second visit; bytes before any run and of the runtime; an LSTM forward pass in the page vs CPython;
  uncached, no-change and bare builds; and on each engine (Chromium, Firefox, WebKit) the cold and
  warm first output, both again without the site's Python snapshot (the second visit restoring the
  browser's own), and the bare page; the character model
  trained in the page to the build's target loss (training.py, one run); and our LSTM page in turns with
  its peers, markdown-exec's fence and a pyodide-mkdocs-theme IDE, and the bare page (peers.py).
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from . import author, baseline, engines, peers, reader, training
from .report import engine_rows, figures, table
from .serve import serve, SITE_SNAPSHOT

# The bench's scratch builds leave the Performance page's claims unchecked: they are about the last
# measurement, which this one may correct (sitebuild/claims.py: GATES_UNCHECKED_CLAIMS).
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "GATES_UNCHECKED_CLAIMS": "performance"}

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results.json"
LSTM_PAGE = "lstm/"


def build_site() -> Path:
    site = Path(tempfile.mkdtemp(prefix="bench-site-"))
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                   cwd=ROOT, check=True, env={**os.environ, **BUILD_ENV})
    return site


def browser_figures(site: Path, runs: int) -> dict:
    bare = baseline.write(site)
    bare_worker = baseline.write_worker(site)
    with serve(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=reader.CHROMIUM_ARGS)

        def visit(measure):
            """measure(page) in a fresh browser context (an empty cache: a first visit), closed after:
            no earlier page (and its Python) lingers to share the processor with the next measurement."""
            context = browser.new_context()
            try:
                return measure(context.new_page())
            finally:
                context.close()

        def twice(first_visit):
            """The second of two visits in one browser: what a returning reader waits for."""
            return lambda page: (first_visit(page), first_visit(page))[1]

        cold = lambda page: reader.run_first_cell(page, url + LSTM_PAGE)[0]  # noqa: E731
        bare_page = lambda page: reader.baseline_output(page, url + bare)  # noqa: E731
        out = {"chromium": browser.version}
        for name, (value, values) in reader.medians_in_turns(runs, {
            "cold": lambda: visit(cold), "bare": lambda: visit(bare_page),
            "warm": lambda: visit(twice(cold)), "bare_warm": lambda: visit(twice(bare_page)),
            "bare_worker": lambda: visit(lambda page: reader.baseline_output(page, url + bare_worker)),
        }).items():
            out[name], out[name + "s"] = value, values
        out["reading"], out["readings"] = reader.median_of(
            runs, lambda: visit(lambda page: reader.run_first_cell(page, url + LSTM_PAGE, read_for_ms=5000)[1]))
        out["bytes"] = page_bytes(visit, url)
        out["speed"], out["speeds"] = reader.median_of(
            max(3, runs // 2), lambda: visit(lambda page: reader.cell_speed(page, url + LSTM_PAGE)))
        out["training"] = training.measure(browser, url, "", browser.version)  # one run: it takes a while
        browser.close()
        with serve(site, refuse=SITE_SNAPSHOT) as unsnapshotted_url:
            out["engines"] = engines.measure(pw, url, unsnapshotted_url, LSTM_PAGE,
                                             {"bare_worker": bare_worker, "bare": bare}, runs)
    return out


def page_bytes(visit, url) -> dict:
    """Bytes before any run (home, LSTM page) and the runtime's bytes up to the first output."""
    def before_any_run(path):
        def measure(page):
            seen = reader.Bytes(page)
            # The load event first: "networkidle" alone can fire while a long page is still parsing,
            # before its scripts, fonts and search index were even asked for.
            page.goto(url + path, wait_until="load")
            page.wait_for_load_state("networkidle")
            return seen.total(runtime=False)
        return measure

    def to_first_output(page):
        seen = reader.Bytes(page)
        reader.run_first_cell(page, url + LSTM_PAGE)
        page.wait_for_load_state("networkidle")
        return seen.total(runtime=True), seen.fetched("matplotlib")

    out = {"home": visit(before_any_run("")), "lstm": visit(before_any_run(LSTM_PAGE))}
    out["runtime"], out["matplotlib_before_import"] = visit(to_first_output)
    return out


def cpython_speed(runs: int) -> float:
    def once():
        proc = subprocess.run([sys.executable, "-c", reader.SPEED_CODE], cwd=ROOT, capture_output=True, text=True, check=True)
        return float(proc.stdout.strip())
    return statistics.median(once() for _ in range(runs))


def machine(chromium: str) -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    return (f"{cpu}, {os.cpu_count()} cores; Chromium {chromium}, {version('firefox-esr')}, "
            f"WebKitGTK {version('libwebkit2gtk-4.1-0')}; Python {platform.python_version()}")


def version(package: str) -> str:
    """A Debian package's version, as dpkg knows it (Firefox and WebKit tell no version over their drivers)."""
    proc = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True)
    shown = proc.stdout.strip() or "unknown"
    return f"Firefox ESR {shown}" if package.startswith("firefox") else shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per browser figure (median; default 5)")
    args = parser.parse_args()
    site = build_site()
    measured = browser_figures(site, args.runs)
    measured["cpython_speed"] = cpython_speed(args.runs)
    measured["build"] = author.measure()
    result = {"date": datetime.date.today().isoformat(), "machine": machine(measured["chromium"]),
              "runs": args.runs, "figures": figures(measured), "engines": engine_rows(measured["engines"]),
              "raw": measured}
    result["training"] = {**measured["training"], "machine": result["machine"]}
    result["peers"] = peers.measure(site, args.runs)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(table(result))
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
