"""The site's own speed, as `make bench` last measured it: the table on the Performance page.

The figures come from bench/results.json, written by tools/bench (a benchmark run by hand, never by the
build: timings need a quiet machine). This explainer only formats that file, so the page always shows
the last measurement with its date and machine.
"""
import json
from pathlib import Path

NAME = "performance"
RESULTS = "bench/results.json"
DEPENDS = ("bench/results.json",)  # a literal: the build reads it without importing
ROOT = Path(__file__).resolve().parents[2]


def compute() -> dict:
    path = ROOT / RESULTS
    if not path.exists():
        raise FileNotFoundError(f"{RESULTS} is missing: run `make bench` and commit it")
    r = json.loads(path.read_text())
    return {"date": r["date"], "machine": r["machine"], "runs": r["runs"], "figures": r["figures"]}


def render(data: dict) -> list:
    from .base import Table, markdown_table

    mark = {True: "yes", False: "no", None: "—"}
    rows = [[f["figure"], f["value"], f["baseline"], "—" if f["ratio"] is None else f"{f['ratio']:.2f}",
             f["goal"], mark[f["met"]]] for f in data["figures"]]
    return [Table("figures", markdown_table(["figure", "measured", "baseline", "ratio", "goal", "met"],
                                             rows, "lrlrlc"))]


def values(data: dict) -> dict:
    met = [f for f in data["figures"] if f["met"] is not None]
    return {"date": data["date"], "machine": data["machine"], "runs": str(data["runs"]),
            "met": f"{sum(f['met'] for f in met)} of {len(met)}"}
