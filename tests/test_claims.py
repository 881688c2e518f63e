"""Checked claims (sitebuild/pages/claims.py): a true claim vanishes from the page, a false, stale or broken one
stops the build naming the page, the claim and the values it saw."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from sitebuild.pages import claims

RESULTS = {
    "heatmap": SimpleNamespace(data={"at": {"f_close": 0.86, "g_close": -0.8}, "h_drift": [0.02, 0.03],
                                     "c_drift": [0.04, 0.05]}),
    "cliff": SimpleNamespace(data={"lstm_k50": 0.2, "rnn_k50": 1e-9}),
}


def expand(text: str) -> str:
    return claims.expand(text, RESULTS, "lstm.md")


def test_a_true_claim_leaves_only_its_sentence():
    text = "At ')' the candidate is negative.{{ claim heatmap: at.g_close < 0 }} Next."
    assert expand(text) == "At ')' the candidate is negative. Next."


def test_comparisons_over_lists_and_other_explainers():
    assert expand("{{ claim heatmap: all(h < c for h, c in zip(h_drift, c_drift)) }}") == ""
    assert expand("{{ claim heatmap: cliff.lstm_k50 > 1e6 * cliff.rnn_k50 and mean(h_drift) < 0.03 }}") == ""


def test_a_false_claim_names_page_claim_and_values():
    with pytest.raises(PluginError) as err:
        expand("the forget gate dips at ')'{{ claim heatmap: at.f_close < 0.5 }}")
    assert str(err.value) == ("lstm.md: claim {{ claim heatmap: at.f_close < 0.5 }} is false for this "
                              "build's data: at.f_close = 0.86")


def test_changed_data_makes_a_stale_claim_fail():
    text = "h moves less than c{{ claim heatmap: mean(h_drift) < mean(c_drift) }}"
    assert expand(text) == "h moves less than c"
    stale = {**RESULTS, "heatmap": SimpleNamespace(data={"h_drift": [0.09], "c_drift": [0.04]})}
    with pytest.raises(PluginError, match=r"is false .*h_drift = \[0.09\] \(1 items\); c_drift = \[0.04\]"):
        claims.expand(text, stale, "lstm.md")


@pytest.mark.parametrize("claim, message", [
    ("{{ claim nothing: x > 1 }}", "no explainer called 'nothing'; known: cliff, heatmap"),
    ("{{ claim heatmap: f_open > 1 }}", "name 'f_open' is not defined; heatmap's data has: at, c_drift, h_drift"),
    ("{{ claim heatmap: at.f_open > 1 }}", "no key 'f_open'; has: f_close, g_close"),
    ("{{ claim heatmap: at.f_close > }}", "not a Python expression (invalid syntax)"),
    ("{{ claim heatmap: at.f_close * 2 }}", "gives 1.72, not True or False"),
    ("{{ claim heatmap: h_drift[5] > 0 }}", "IndexError: list index out of range (seen: h_drift = [0.02, 0.03]"),
    ("{{ claim heatmap: __import__('os') }}", "name '__import__' is not defined"),
])
def test_a_broken_claim_says_what_is_wrong(claim, message):
    with pytest.raises(PluginError, match=r"^lstm\.md: claim \{\{ claim ") as err:
        expand(claim)
    assert message in str(err.value)


def test_a_claim_that_passed_through_markdown_reads_as_written():
    # In a quiz's text the claim is HTML by the time the explainers hook sees it.
    assert expand("<p>It dips.{{ claim heatmap: at.f_close &lt; 0.9 }}</p>") == "<p>It dips.</p>"


def test_the_page_step_checks_claims_against_the_explainers_data():
    """explainers_hook's page transform, over the real explainers' results (the build's cache): a true
    claim leaves its sentence, one in inline code is shown as written, a false one stops the page
    (test_explainers_build builds a page with a true claim; a failing build is proved there too)."""
    from sitebuild import runner
    from sitebuild.pages import explainers_hook
    from sitebuild.build_state import Build

    build = Build(results=runner.run_all(explainers_hook.CACHE))
    page = SimpleNamespace(file=SimpleNamespace(src_uri="index.md"))
    true = "The forget gate is lower at ')' than elsewhere.{{ claim heatmap: at.f_close < at.f_other }}"
    false = "At ')' the forget gate nearly closes.{{ claim heatmap: at.f_close < 0.2 }}"
    shown = explainers_hook.on_page_markdown(f"# Claims\n\n{true}\n\nIn code it is shown: `{{{{ claim x: y }}}}`.\n",
                                             page, None, None, build=build)
    assert "than elsewhere.\n" in shown and "{{ claim x: y }}" in shown
    with pytest.raises(PluginError) as refused:
        explainers_hook.on_page_markdown(f"# Claims\n\n{true}\n\n{false}\n", page, None, None, build=build)
    assert ("index.md: claim {{ claim heatmap: at.f_close < 0.2 }} is false for this build's data: at.f_close = 0."
            in str(refused.value))


def test_an_explainers_own_false_sentence_raises_what_it_says():
    # runner.run turns any exception of an explainer into "NAME: ClaimError: …" (test_explainers_build).
    from explainers.figures import base
    with pytest.raises(base.ClaimError, match="false for this build's data: h moves more than c"):
        base.claim(0.02 > 0.04, "h moves more than c")
    base.claim(True, "never raised")


def test_an_explainers_claims_are_left_unchecked_only_when_the_build_is_told_to(monkeypatch):
    text = "Faster.{{ claim cliff: lstm_k50 < rnn_k50 }}"
    with pytest.raises(PluginError, match="is false for this build's data"):
        expand(text)
    monkeypatch.setenv(claims.UNCHECKED, "cliff")  # what tools/bench sets, for "performance"
    assert expand(text) == "Faster."
