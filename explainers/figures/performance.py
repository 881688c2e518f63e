"""The site's own speed, as `make bench` last measured it: the table on the Performance page.

The figures come from bench/results.json, written by tools/bench (a benchmark run by hand, never by the
build: timings need a quiet machine). This explainer only formats that file, so the page always shows
the last measurement with its date and machine. Beside it, the limits of the page's boot watchdog,
read from the runtime's watchdog.js, so the page can say (and the build check) how far they are from the longest
silence an engine was measured to keep while it honestly works. And our page against its peers
(tools/bench/peers.py), a sentence instead of a table until the bench has measured them.
"""
import json
import os
import re
from pathlib import Path

NAME = "performance"
RESULTS = "bench/results.json"
RUNTIME = "browser/cells/watchdog.js"  # the runtime's boot watchdog
DEPENDS = ("bench/results.json", "browser/cells/watchdog.js")  # literals: the build reads them without importing
ROOT = Path(__file__).resolve().parents[2]


def compute() -> dict:
    path = ROOT / RESULTS
    if not path.exists():
        raise FileNotFoundError(f"{RESULTS} is missing: run `make bench` and commit it")
    r = json.loads(path.read_text())
    if "engines" not in r:
        raise ValueError(f"{RESULTS} has no per-engine figures: run `make bench` (it measures all three engines)")
    engines = {row["engine"]: row for row in r["engines"]}
    slowest = max(engines.values(), key=lambda e: e["slowest_computing_silence"])
    # The bench's own scratch builds (GATES_UNCHECKED_CLAIMS=performance) may precede the first measurement.
    if "training" not in r and "performance" not in os.environ.get("GATES_UNCHECKED_CLAIMS", ""):
        raise ValueError(f"{RESULTS} has no training figures: run `python -m tools.bench.training` (make bench does)")
    peers = r.get("peers")
    return {"date": r["date"], "machine": r["machine"], "runs": r["runs"], "figures": r["figures"],
            "cold": {f["figure"]: f for f in r["figures"]}["Cold first output, LSTM page"],
            "engines": engines, "slowest_engine": slowest["label"].split(" (")[0], "watchdog": watchdog(),
            "training": r.get("training"), "peers": peers,
            # The peers' rows by page ("ours", "markdown-exec", ...), for the page's checked sentences.
            "peer": {row["page"]: row for row in peers["rows"]} if peers else {}}


def watchdog() -> dict:
    """The watchdog's silence limits in ms: between any two words of the worker, and while it computes."""
    text = (ROOT / RUNTIME).read_text()
    silence = re.search(r"pycellsSilenceMs \?\? ([\d_]+)", text)
    factor = re.search(r"const COMPUTING = (\d+);", text)
    if not (silence and factor):
        raise ValueError(f"{RUNTIME}: its silence limits (pycellsSilenceMs ?? N, COMPUTING = K) were not found")
    ms = int(silence.group(1).replace("_", ""))
    return {"silence": ms, "computing": ms * int(factor.group(1))}


def render(data: dict) -> list:
    from .base import Table, markdown_table

    mark = {True: "yes", False: "no", None: "—"}
    rows = [[f["figure"], f["value"], f["baseline"], "—" if f["ratio"] is None else f"{f['ratio']:.2f}",
             f["goal"], mark[f["met"]]] for f in data["figures"]]
    header, cells = engine_table(list(data["engines"].values()))
    return [Table("figures", markdown_table(["figure", "measured", "baseline", "ratio", "goal", "met"],
                                             rows, "lrlrlc")),
            Table("engines", markdown_table(header, cells, "lrrrrrr")),
            Table("peers", peer_text(data["peers"]))]


PEER_PAGES = {"ours": "our [LSTM page](lstm.md)", "markdown-exec": "markdown-exec {v}, its `pyodide` fence",
              "pyodide-mkdocs-theme": "pyodide-mkdocs-theme {v}, one IDE",
              "bare-worker": "the bare Pyodide + numpy page, Pyodide in a module worker",
              "bare": "the bare Pyodide + numpy page, Pyodide on the main thread"}


def peer_text(peers: dict | None) -> str:
    """The peers table (Markdown) with when and where it was measured, or a sentence saying it was not."""
    from .base import markdown_table

    if peers is None:
        return ("The peers are not measured yet: `python -m tools.bench.peers` (or `make bench`) "
                "measures them and writes the table here.")
    s = lambda ms: "—" if ms is None else f"{ms / 1000:.1f} s" if ms >= 1000 else f"{ms:,.0f} ms"  # noqa: E731
    cells = [[PEER_PAGES[r["page"]].format(v=peers["versions"].get(r["page"], "")), s(r["cold"]), f"{r['ratio']:.2f}",
              s(r["warm"]), s(r["reading"])] for r in peers["rows"]]
    ratio = "cold / bare (worker)" if any(r["page"] == "bare-worker" for r in peers["rows"]) else "cold / bare (main thread)"
    table = markdown_table(["page", "cold first output", ratio, "warm visit", "Run 5 s after load"],
                           cells, "lrrrr")
    before, after = peers["load_average"]
    return (f"{table}\n\nMeasured {peers['date']} on {peers['machine']}, Chromium {peers['chromium']}; "
            f"medians of {peers['runs']} runs, "
            f"the pages in turns; load average {before:.2f} before, {after:.2f} after.")


def engine_table(rows: list[dict]) -> tuple[list[str], list[list[str]]]:
    """The engines table's header and cells (the Performance page; the bench prints the same)."""
    header = ["engine", "cold first output", "bare page (worker / main)", "ratio", "second visit",
              "no site snapshot (1st / 2nd visit)", "longest silence (plain / computing)"]
    s = lambda ms: f"{ms / 1000:.1f} s"  # noqa: E731
    bares = lambda r: f"{s(r['bare_worker'])} / {s(r['bare'])}" if "bare_worker" in r else s(r["bare"])  # noqa: E731
    return header, [[r["label"], s(r["cold"]), bares(r), f"{r['ratio']:.2f}", s(r["warm"]),
                     f"{s(r['cold_unsnapshotted'])} / {s(r['warm_own'])}",
                     f"{s(r['slowest_silence'])} / {s(r['slowest_computing_silence'])}"] for r in rows]


def values(data: dict) -> dict:
    met = [f for f in data["figures"] if f["met"] is not None]
    s = lambda ms: f"{ms / 1000:.1f} s"  # noqa: E731
    e, w = data["engines"].values(), data["watchdog"]
    plain = max(x["slowest_silence"] for x in e)
    computing = max(x["slowest_computing_silence"] for x in e)
    return {"date": data["date"], "machine": data["machine"], "runs": str(data["runs"]),
            "met": f"{sum(f['met'] for f in met)} of {len(met)}",
            "slowest_engine": data["slowest_engine"], "plain_silence": s(plain), "computing_silence": s(computing),
            "silence_limit": f"{w['silence'] / 1000:g} s", "computing_limit": f"{w['computing'] / 1000:g} s",
            "plain_margin": f"{w['silence'] / max(plain, 1):.0f}", "computing_margin": f"{w['computing'] / computing:.0f}",
            **training_values(data["training"])}


def training_values(t: dict) -> dict:
    """The character model trained in the page (tools/bench/training.py): for In practice's prose."""
    if t is None:  # a bench build before the first measurement: it never reaches a reader
        return {k: "not measured yet" for k in ("trainchar_date", "trainchar_machine", "trainchar_seconds", "trainchar_steps",
                                                 "trainchar_page_rate", "trainchar_cpython_rate", "trainchar_stop")}
    return {"trainchar_date": t["date"], "trainchar_machine": t["machine"].split(";")[0],
            "trainchar_seconds": f"{t['seconds_to_target']:.0f} s", "trainchar_steps": str(t["steps_to_target"]),
            "trainchar_page_rate": f"{t['page_steps_per_s']:.1f}", "trainchar_cpython_rate": f"{t['cpython_steps_per_s']:.1f}",
            "trainchar_stop": f"{t['stop_ms'] / 1000:.2f} s"}
