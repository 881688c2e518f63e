"""`make bench`'s arithmetic (ratios, goals) and the Performance page's table from the committed results."""
from explainers.figures import performance
from tools.bench.report import figures, table

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


def test_table_lists_every_figure_with_date_and_machine():
    text = table({"figures": figures(MEASURED), "date": "2026-01-01", "machine": "m", "runs": 5})
    assert text.count("\n| ") == len(figures(MEASURED)) + 1 and "2026-01-01 on m" in text


def test_performance_page_table_comes_from_the_committed_results():
    data = performance.compute()
    [out] = performance.render(data)
    assert out.markdown.count("\n") == len(data["figures"]) + 1
    assert performance.values(data)["date"] == data["date"]
