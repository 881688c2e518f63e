"""`make bench`'s peers (tools/bench/peers.py, peer_sites.py): the rows' arithmetic, the Performance page's
table or its sentence, the patches failing loudly, and every patch documented where the bench says so."""
import json
import re

import pytest

from explainers.figures import performance
from tools.bench import peer_sites, peers
from tools.bench.report import peer_rows, table

MEDIANS = {  # ms, in the order peers.py measures them
    "ours.cold": 5500.0, "ours.warm": 1800.0, "ours.reading": 120.0,
    "markdown-exec.cold": 4500.0, "markdown-exec.warm": 3100.0, "markdown-exec.reading": 300.0,
    "pyodide-mkdocs-theme.cold": 6000.0, "pyodide-mkdocs-theme.warm": 4100.0, "pyodide-mkdocs-theme.reading": 1950.0,
    "bare.cold": 5000.0, "bare.warm": 1500.0,
}
PEERS = {"date": "2026-01-01", "machine": "m", "chromium": "140", "runs": 3, "load_average": [1.2, 1.6],
         "versions": {"markdown-exec": "1.14.0", "pyodide-mkdocs-theme": "5.7.0"}, "rows": peer_rows(MEDIANS)}


def test_peer_rows_keep_the_order_and_divide_by_the_bare_page():
    rows = peer_rows(MEDIANS)
    assert [r["page"] for r in rows] == ["ours", "markdown-exec", "pyodide-mkdocs-theme", "bare"]
    by = {r["page"]: r for r in rows}
    assert by["ours"]["ratio"] == 1.1 and by["markdown-exec"]["ratio"] == 0.9 and by["bare"]["ratio"] == 1.0
    assert by["pyodide-mkdocs-theme"]["reading"] == 1950 and by["bare"]["reading"] is None
    assert by["markdown-exec"]["warm"] == 3100


def test_with_the_bare_worker_page_measured_the_ratios_are_over_it():
    """The floor for a page whose Python runs in a worker, as ours does (issue 20's goal)."""
    medians = {**MEDIANS, "bare-worker.cold": 5500.0, "bare-worker.warm": 2000.0}
    by = {r["page"]: r for r in peer_rows(medians)}
    assert by["ours"]["ratio"] == 1.0 and by["bare"]["ratio"] == 0.91 and by["bare-worker"]["reading"] is None
    text = performance.peer_text({**PEERS, "rows": peer_rows(medians)})
    assert "| page | cold first output | cold / bare (worker) |" in text
    assert "| the bare Pyodide + numpy page, Pyodide in a module worker | 5.5 s | 1.00 | 2.0 s | — |" in text


def test_the_peers_table_names_each_page_with_its_version_and_says_when():
    text = performance.peer_text(PEERS)
    assert "| markdown-exec 1.14.0, its `pyodide` fence | 4.5 s | 0.90 | 3.1 s | 300 ms |" in text
    assert "| pyodide-mkdocs-theme 5.7.0, one IDE | 6.0 s | 1.20 | 4.1 s | 1.9 s |" in text
    assert "| the bare Pyodide + numpy page, Pyodide on the main thread | 5.0 s | 1.00 | 1.5 s | — |" in text
    assert text.count("\n| ") == 4 + 1  # the rule and one row per page
    assert "Measured 2026-01-01 on m, Chromium 140; medians of 3 runs" in text and "load average 1.20 before, 1.60 after" in text
    assert performance.peer_text(PEERS) in table({"figures": [], "date": "d", "machine": "m", "runs": 3, "peers": PEERS})


def test_the_page_builds_with_or_without_peers_in_the_results(monkeypatch, tmp_path):
    results = json.loads((performance.ROOT / performance.RESULTS).read_text())
    (tmp_path / "bench").mkdir()
    (tmp_path / performance.RUNTIME).parent.mkdir(parents=True)
    (tmp_path / performance.RUNTIME).write_text((performance.ROOT / performance.RUNTIME).read_text())
    monkeypatch.setattr(performance, "ROOT", tmp_path)
    for measured, expected in ((None, "The peers are not measured yet"), (PEERS, "| our [LSTM page](lstm.md) | 5.5 s | 1.10 |")):
        results.pop("peers", None)
        if measured:
            results["peers"] = measured
        (tmp_path / performance.RESULTS).write_text(json.dumps(results))
        tables = {t.key: t.markdown for t in performance.render(performance.compute())}
        assert expected in tables["peers"]


PATCH = peer_sites.Patch("lib", "index.html", "{cdn}/npm/lib@1/lib.js", "{vendor}lib.js")


def test_a_patch_replaces_every_occurrence_on_any_host_and_fails_loudly_when_its_text_is_gone(tmp_path):
    (tmp_path / "index.html").write_text('<script src="https://cdn.example/npm/lib@1/lib.js"></script>'
                                         '<script src="https://mirror.example/npm/lib@1/lib.js"></script>')
    hosts = peer_sites.apply("peer", tmp_path, PATCH, {"vendor": "/v/"})
    assert (tmp_path / "index.html").read_text() == '<script src="/v/lib.js"></script>' * 2
    assert hosts == {"https://cdn.example", "https://mirror.example"}
    with pytest.raises(peer_sites.PatchMissing, match=r"peer: patch 'lib' found no '\{cdn\}/npm/lib@1/lib.js' in index.html"):
        peer_sites.apply("peer", tmp_path, PATCH, {"vendor": "/v/"})


def test_a_replaced_host_left_in_a_peers_own_files_is_found(tmp_path):
    for path, text in {"index.html": "ok", "js/a.js": "https://cdn.example/npm/x", "vendor/ace/ace.js": "https://cdn.example/y",
                       "assets/javascripts/bundle.js": "https://cdn.example/mermaid", "js/b.js": "https://other.example/z"}.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    assert peer_sites.hosts_left(tmp_path, {"https://cdn.example"}) == ["js/a.js: https://cdn.example"]


def documented(text: str, peer: str) -> set[str]:
    """The patch names listed for `peer` ("- name, name:" lines) in a text that lists them per peer."""
    block = re.search(rf"^{re.escape(peer)}\n((?:- .*\n(?:  .*\n)*)+)", text, re.M)
    assert block, f"no list of {peer}'s patches"
    return {n.strip().strip("`") for line in re.findall(r"^- ([^:]+):", block.group(1), re.M) for n in line.split(",")}


@pytest.mark.parametrize("where", ["docstring", "README"])
def test_every_patch_is_documented(where):
    text = peer_sites.__doc__ if where == "docstring" else (performance.ROOT / "README.md").read_text()
    for peer in peer_sites.PEERS.values():
        assert documented(text, peer.name) == {p.name for p in peer.patches}, (where, peer.name)


def test_a_request_off_the_bench_server_fails_the_visit_naming_it():
    class Context:
        def on(self, event, listener):
            self.listener = listener

    context = Context()
    guard = peers.Guard(context, "http://127.0.0.1:8123/")
    for url in ("http://127.0.0.1:8123/assets/pyodide/pyodide.js", "data:text/plain,x", "blob:http://127.0.0.1:8123/x"):
        context.listener(type("Request", (), {"url": url}))
    guard.check("markdown-exec")
    context.listener(type("Request", (), {"url": "https://cdn.example/pyodide/v0.27.7/full/pyodide.js"}))
    with pytest.raises(RuntimeError, match=r"markdown-exec asked for https://cdn.example/pyodide/v0.27.7/full/pyodide.js"):
        guard.check("markdown-exec")
