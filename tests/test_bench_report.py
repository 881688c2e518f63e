"""`make bench`'s arithmetic (ratios, goals) and the Performance page's table from the committed results."""
import json

import pytest

from explainers.figures import performance
from tools.bench.report import engine_rows, figures, table

MEASURED = {
    "cold": 5500.0, "bare": 5000.0, "reading": 250.0, "warm": 2000.0, "bare_warm": 1900.0, "speed": 6.0, "cpython_speed": 2.0,
    "bytes": {"home": (600_000, 150_000), "lstm": (700_000, 400_000), "runtime": (16e6, 8e6),
              "matplotlib_before_import": False},
    "build": {"full": 40.0, "rebuild": 4.0, "bare": 3.2},
}


def test_ratios_and_goals():
    rows = {f["figure"]: f for f in figures(MEASURED)}
    cold = rows["Cold first output, LSTM page"]
    assert cold["ratio"] == 1.1 and cold["met"] is True
    assert rows["Warm second visit, first output"]["met"] is True          # 2000 <= 0.5 * 5500
    assert rows["Warm second visit, first output"]["baseline"] == "cold: 5,500 ms; bare page's second visit: 1,900 ms"
    assert rows["No-change rebuild"]["ratio"] == 1.25
    assert rows["LSTM forward pass, T = 100, hidden 64"]["ratio"] == 3.0
    assert rows["Bytes before any run, LSTM page"]["met"] is True          # judged on gzip: 400,000 B
    slow = dict(MEASURED, cold=6000.0)
    assert {f["figure"]: f for f in figures(slow)}["Cold first output, LSTM page"]["met"] is False


def test_the_cold_output_is_judged_against_the_bare_page_in_a_worker_once_measured():
    cold = {f["figure"]: f for f in figures(dict(MEASURED, bare_worker=5200.0))}["Cold first output, LSTM page"]
    assert cold["ratio"] == 1.06 and cold["met"] is True                   # 5500 / 5200, not 5500 / 5000
    assert cold["baseline"] == "bare Pyodide + numpy page, in a worker: 5,200 ms (on the main thread: 5,000 ms)"


def test_table_lists_every_figure_with_date_and_machine():
    text = table({"figures": figures(MEASURED), "date": "2026-01-01", "machine": "m", "runs": 5})
    assert text.count("\n| ") == len(figures(MEASURED)) + 1 and "2026-01-01 on m" in text


ENGINES = {
    "chromium": {"cold": 4000.0, "warm": 3000.0, "cold_unsnapshotted": 6000.0, "warm_own": 3500.0, "bare": 3500.0,
                 "restored": True, "slowest_silence": 900.0, "slowest_computing_silence": 2000.0},
    "firefox": {"cold": 9000.0, "warm": 4600.0, "cold_unsnapshotted": 8000.0, "warm_own": 7000.0, "bare": 6000.0,
                "restored": True, "slowest_silence": 1200.0, "slowest_computing_silence": 4000.0},
    "webkit": {"cold": 22000.0, "warm": 23000.0, "cold_unsnapshotted": 21000.0, "warm_own": 25000.0, "bare": 10000.0,
               "bare_worker": 11000.0,
               "restored": True, "slowest_silence": 3000.0, "slowest_computing_silence": 14000.0},
}


def test_engine_rows_say_whether_a_second_visit_gains_and_what_each_snapshot_is_worth():
    rows = {r["engine"]: r for r in engine_rows(ENGINES)}
    assert [r["engine"] for r in engine_rows(ENGINES)] == ["chromium", "firefox", "webkit"]
    assert rows["firefox"]["ratio"] == 1.5 and rows["firefox"]["warm_faster"] and rows["firefox"]["own_snapshot_helps"]
    assert rows["chromium"]["site_snapshot_helps"] and not rows["firefox"]["site_snapshot_helps"]
    assert not rows["webkit"]["warm_faster"] and not rows["webkit"]["own_snapshot_helps"]
    text = table({"figures": figures(MEASURED), "engines": engine_rows(ENGINES), "date": "d", "machine": "m", "runs": 3})
    assert "| WebKit (Safari's engine) | 22.0 s | 11.0 s / 10.0 s | 2.00 | 23.0 s | 21.0 s / 25.0 s | 3.0 s / 14.0 s |" in text
    assert "| Firefox | 9.0 s | 6.0 s | 1.50 |" in text, "older results: the main-thread bare page only"


def test_performance_page_tables_come_from_the_committed_results():
    data = performance.compute()
    figures_table, engines_table, _ = performance.render(data)
    assert figures_table.markdown.count("\n") == len(data["figures"]) + 1
    assert engines_table.markdown.count("\n") == 3 + 1  # a header, its rule, one row per engine
    assert performance.values(data)["date"] == data["date"]


def test_the_watchdog_limits_are_read_from_runtime_js():
    text = (performance.ROOT / performance.RUNTIME).read_text()
    limits = performance.watchdog()
    assert f"pycellsSilenceMs ?? {limits['silence']:_}" in text
    assert f"const COMPUTING = {limits['computing'] // limits['silence']};" in text


def test_the_training_figures_come_from_the_results_and_only_a_bench_build_may_lack_them(monkeypatch, tmp_path):
    data = performance.compute()
    shown = performance.values(data)
    assert shown["trainchar_seconds"] == f"{data['training']['seconds_to_target']:.0f} s"
    assert shown["trainchar_steps"] == str(data["training"]["steps_to_target"])
    results = json.loads((performance.ROOT / performance.RESULTS).read_text())
    del results["training"]
    (tmp_path / "bench").mkdir()
    (tmp_path / performance.RESULTS).write_text(json.dumps(results))
    (tmp_path / performance.RUNTIME).parent.mkdir(parents=True)
    (tmp_path / performance.RUNTIME).write_text((performance.ROOT / performance.RUNTIME).read_text())
    monkeypatch.setattr(performance, "ROOT", tmp_path)
    monkeypatch.delenv("GATES_UNCHECKED_CLAIMS", raising=False)
    with pytest.raises(ValueError, match="no training figures: run `python -m tools.bench.training`"):
        performance.compute()
    monkeypatch.setenv("GATES_UNCHECKED_CLAIMS", "performance")  # the bench's own scratch build
    assert performance.values(performance.compute())["trainchar_seconds"] == "not measured yet"
