"""The committed delay experiment: it loads, says how it was made, and warns (only) when stale."""
import json
import warnings

import pytest

from explainers.train import delay as train_delay
from explainers.train import parens as train_parens
from explainers.train import store


def test_delay_results_load_and_say_how_they_were_made():
    with warnings.catch_warnings():
        warnings.simplefilter("error", store.StaleDataWarning)
        r = train_delay.load()
    for key in ("seeds", "delays", "steps", "batch", "hidden_size", "code_hash", "accuracy"):
        assert key in r
    for kind in ("RNN", "LSTM", "GRU"):
        assert sorted(map(int, r["accuracy"][kind])) == sorted(r["delays"])


def test_stale_data_warns_and_does_not_fail(monkeypatch, caplog):
    """A Python warning, and an INFO record for the MkDocs log (a WARNING would fail the strict build)."""
    monkeypatch.setattr(train_delay, "code_hash", lambda: "0123456789abcdef")
    with caplog.at_level("INFO", logger="mkdocs.explainers.data"):
        with pytest.warns(store.StaleDataWarning, match="make experiments"):
            r = train_delay.load()
    assert r["accuracy"]
    assert [rec.levelname for rec in caplog.records] == ["INFO"] and "STALE DATA" in caplog.text


def test_code_hash_is_that_of_the_source_files():
    h = train_delay.code_hash()
    assert h == train_delay.code_hash() and len(h) == 16
    assert json.loads((store.DATA / "delay_results.json").read_text())["code_hash"] == h
    assert train_parens.code_hash() != h  # each artifact hashes its own code
