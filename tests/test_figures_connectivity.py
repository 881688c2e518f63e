"""The connectivity explainer: its ∂z_t/∂x_s, from the models' own backward pass, against central finite
differences of their forward pass; the sizes, reach and strongest character it reports; its inputs; the
page's claims, which must fail when the models' data trade places."""
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from mkdocs.exceptions import PluginError

from explainers.figures import connectivity as conn
from explainers.tasks import parens as task
from sitebuild.pages import claims

TEXT = "a (bc d) e"


def log_odds(model, head, x):
    """z_t for every t, from the forward pass alone."""
    return head(model.run(x).h) @ np.array([-1.0, 1.0])


@pytest.mark.parametrize("name", list(conn.MODELS))
def test_jacobian_matches_finite_differences(name):
    model, head, _ = conn._models()[name]
    x = task.encode(TEXT)
    dz, z = conn.jacobian(model, head, x)
    np.testing.assert_allclose(z, log_odds(model, head, x), rtol=1e-12, atol=1e-12)
    numeric, eps = np.zeros_like(dz), 1e-6
    for s, v in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[s, v] += eps
        down[s, v] -= eps
        numeric[:, s, v] = (log_odds(model, head, up) - log_odds(model, head, down)) / (2 * eps)
    assert np.abs(numeric).max() > 1  # the prediction does depend on its inputs: a real comparison
    np.testing.assert_allclose(dz, numeric, rtol=1e-5, atol=1e-6 * np.abs(numeric).max())
    assert np.all(dz[np.triu_indices(len(x), 1)] == 0)  # z_t never reads a later character


def test_sizes_are_the_norms_with_their_reach_and_strongest_character():
    data = conn.sizes(TEXT)
    assert data["models"] == ["rnn", "lstm", "gru"] and data["text"] == TEXT
    for name in conn.MODELS:
        model, head, _ = conn._models()[name]
        dz, z = conn.jacobian(model, head, task.encode(TEXT))
        d = data[name]
        for t in range(len(TEXT)):
            S = np.linalg.norm(dz[t, : t + 1], axis=-1)
            np.testing.assert_allclose(d["sizes"][t], S, rtol=5e-3)
            by_k = S[::-1]
            assert d["strongest"][t] == np.argmax(by_k)
            reach = d["reach"][t]
            assert by_k[reach] >= conn.REACH * by_k.max() and np.all(by_k[reach + 1:] < conn.REACH * by_k.max())
        np.testing.assert_allclose(d["p"], 1 / (1 + np.exp(-z)), rtol=5e-3)


def test_the_build_data_is_the_live_function_on_the_default_text():
    data = conn.compute()
    assert data["text"] == conn.sizes(task.DEFAULT_SENTENCE)
    s = data["text"]["text"]
    assert s[data["open"]] == "(" and s[data["close"]] == ")" and data["distance"] == data["at"] - data["open"]


def test_the_three_models_differ_as_the_page_says():
    """Checked by the page's claims too; here, what a change of model or of the measurement would break."""
    d = conn.compute()
    t = d["text"]
    assert all(r == k for k, r in enumerate(t["lstm"]["reach"]))   # the LSTM: back to the first character
    assert max(t["rnn"]["reach"]) < d["distance"] / 2              # the RNN: a few characters
    assert all(t["gru"]["strongest"][k] == k - d["open"] for k in range(d["open"], d["close"]))


@pytest.mark.parametrize("text, says", [("", "1 to"), ("a" * (conn.MAX + 1), "1 to"), ("Hello!", "not in the vocabulary")])
def test_text_that_the_models_cannot_read_is_refused_by_name(text, says):
    with pytest.raises(ValueError, match=says):
        conn.sizes(text)


def page_claims():
    page = Path(__file__).resolve().parents[1] / "docs/long-memory.md"
    return "".join(m.group(0) for m in claims.CLAIM.finditer(page.read_text()) if m.group(1) == "connectivity")


@pytest.mark.parametrize("swap", [("rnn", "lstm"), ("gru", "rnn"), ("lstm", "gru")])
def test_the_pages_claims_hold_for_the_data_and_fail_when_two_models_trade_places(swap):
    d = conn.compute()
    assert page_claims().count("{{ claim") >= 6
    assert claims.expand(page_claims(), {"connectivity": SimpleNamespace(data=d)}, "long-memory.md") == ""
    a, b = swap
    traded = {**d, "text": {**d["text"], a: d["text"][b]}, "summary": {**d["summary"], a: d["summary"][b]}}
    with pytest.raises(PluginError, match="is false"):
        claims.expand(page_claims(), {"connectivity": SimpleNamespace(data=traded)}, "long-memory.md")
