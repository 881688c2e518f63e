"""From raw measurements to the figures table: each figure with its baseline, ratio and goal."""
from explainers.figures.performance import engine_table, peer_text


def _kb(raw_gzip):
    raw, gz = raw_gzip
    return f"{raw / 1024:,.0f} KB ({gz / 1024:,.0f} KB gzip)"


def figures(m: dict) -> list[dict]:
    """Rows of {figure, value, baseline, ratio, goal, met}; times in ms or s, sizes in KB."""
    b, bytes_ = m["build"], m["bytes"]
    # The floor for a page whose Python runs in a worker, as ours does: the bare page in a worker (older
    # results have only the bare page on the main thread).
    floor = m.get("bare_worker", m["bare"])
    floor_text = (f"bare Pyodide + numpy page, in a worker: {m['bare_worker']:,.0f} ms (on the main thread: {m['bare']:,.0f} ms)"
                  if "bare_worker" in m else f"bare Pyodide + numpy page: {m['bare']:,.0f} ms")
    rows = [
        ("Cold first output, LSTM page", f"{m['cold']:,.0f} ms", floor_text,
         m["cold"] / floor, "ratio ≤ 1.10", m["cold"] / floor <= 1.10),
        ("Read 5 s, then Run: click to output", f"{m['reading']:,.0f} ms", "—", None, "≤ 300 ms", m["reading"] <= 300),
        ("Warm second visit, first output", f"{m['warm']:,.0f} ms",
         f"cold: {m['cold']:,.0f} ms" + (f"; bare page's second visit: {m['bare_warm']:,.0f} ms" if "bare_warm" in m else ""),
         m["warm"] / m["cold"], "≤ 50 % of cold", m["warm"] <= 0.5 * m["cold"]),
        # Judged on the gzip size: what a static host (GitHub Pages and the like) sends over the wire.
        ("Bytes before any run, LSTM page", _kb(bytes_["lstm"]), f"home page: {_kb(bytes_['home'])}",
         None, "≤ 500 KB sent (gzip)", bytes_["lstm"][1] <= 500 * 1024),
        ("Runtime bytes to the first output", _kb(bytes_["runtime"]), "—", None,
         "no matplotlib before it is imported", not bytes_["matplotlib_before_import"]),
        ("LSTM forward pass, T = 100, hidden 64", f"{m['speed']:.2f} ms in the page",
         f"CPython: {m['cpython_speed']:.2f} ms", m["speed"] / m["cpython_speed"], "report", None),
        ("Full build, uncached", f"{b['full']:.1f} s", "—", None, "≤ 90 s", b["full"] <= 90),
        ("No-change rebuild", f"{b['rebuild']:.1f} s", f"bare Material build: {b['bare']:.1f} s",
         b["rebuild"] / b["bare"], "ratio ≤ 1.3", b["rebuild"] / b["bare"] <= 1.3),
    ]
    keys = ("figure", "value", "baseline", "ratio", "goal", "met")
    return [dict(zip(keys, (*r[:3], None if r[3] is None else round(r[3], 2), *r[4:]))) for r in rows]


ENGINE_NAMES = {"chromium": "Chromium", "firefox": "Firefox", "webkit": "WebKit (Safari's engine)"}


def engine_rows(by_engine: dict) -> list[dict]:
    """One row per engine: its cold and warm first output (both restoring the site's snapshot), the bare
    pages (the ratio is over the worker one's, the floor for a page whose Python runs in a worker), and both again for a reader without the site's snapshot (a fresh start, then a restore of the
    browser's own): what each snapshot is worth there; times in ms."""
    rows = []
    for name, label in ENGINE_NAMES.items():
        e = by_engine[name]
        floor = e.get("bare_worker", e["bare"])  # older results have only the main-thread bare page
        rows.append({
            "engine": name, "label": label, "cold": round(e["cold"]), "bare": round(e["bare"]),
            **({"bare_worker": round(e["bare_worker"])} if "bare_worker" in e else {}),
            "ratio": round(e["cold"] / floor, 2), "warm": round(e["warm"]),
            "cold_unsnapshotted": round(e["cold_unsnapshotted"]), "warm_own": round(e["warm_own"]),
            "restored": e["restored"], "slowest_silence": round(e["slowest_silence"]),
            "slowest_computing_silence": round(e["slowest_computing_silence"]),
            "warm_faster": e["warm"] < e["cold"],
            "site_snapshot_helps": e["cold"] < e["cold_unsnapshotted"],
            "own_snapshot_helps": e["warm_own"] < e["cold_unsnapshotted"],
        })
    return rows


def peer_rows(medians: dict) -> list[dict]:
    """One row per page, in the order measured (ours, the peers, bare), from {"<page>.<kind>": ms}: its
    cold first output and that over the bare worker page's, its warm visit and its Run after reading (None
    for the bare page, which runs without a click); ms, rounded."""
    bare = medians.get("bare-worker.cold", medians["bare.cold"])  # the floor: Python in a worker, as ours
    rows = []
    for page in dict.fromkeys(key.split(".")[0] for key in medians):
        reading = medians.get(f"{page}.reading")
        rows.append({"page": page, "cold": round(medians[f"{page}.cold"]), "ratio": round(medians[f"{page}.cold"] / bare, 2),
                     "warm": round(medians[f"{page}.warm"]), "reading": None if reading is None else round(reading)})
    return rows


def table(result: dict) -> str:
    """The figures as a Markdown table (the same one the Performance page shows)."""
    mark = {True: "yes", False: "no", None: "—"}
    lines = ["| figure | measured | baseline | ratio | goal | met |", "| :--- | ---: | :--- | ---: | :--- | :---: |"]
    for f in result["figures"]:
        ratio = "—" if f["ratio"] is None else f"{f['ratio']:.2f}"
        lines.append(f"| {f['figure']} | {f['value']} | {f['baseline']} | {ratio} | {f['goal']} | {mark[f['met']]} |")
    if "engines" in result:
        header, cells = engine_table(result["engines"])
        lines += ["", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in cells]
    lines.append(f"\nMeasured {result['date']} on {result['machine']}; medians of {result['runs']} runs.")
    if "peers" in result:
        lines += ["", peer_text(result["peers"])]
    return "\n".join(lines)
