"""The PyTorch code that docs/in-practice.md shows but cannot run (the browser has no torch), run here.

The page's cells run at build time; these fences do not, so without this file they could drift from
what PyTorch does. Each block is found by its title (```python title="..."), which the reader sees too,
and is executed as the page shows it: a wrong weight copy or a misquoted error fails a test.
"""
import re
from pathlib import Path

import pytest
import torch

PAGE = Path(__file__).resolve().parent.parent / "docs" / "in-practice.md"
FENCE = re.compile(r'^```\w+ title="(?P<title>[^"]+)"\n(?P<body>.*?)^```$', re.M | re.S)

ARTICLE = "The articles' LSTM cell, copied into nn.LSTMCell"
SETUP = "Setup: an LSTM, a head and two batches"
BUGGY = "Buggy: the state carried from batch to batch"
ERROR = "What the second loss.backward() raises"
FIXED = ["Fixed: independent sequences, a fresh state per batch",
         "Fixed: one stream in chunks, the state detached"]
# The page quotes this in its prose, as inline code: the error that retain_graph=True leads to here.
INPLACE = "one of the variables needed for gradient computation has been modified by an inplace operation"


def shown(title):
    """The body of the page's one fence with this title; a missing or doubled title fails by name."""
    bodies = [m["body"] for m in FENCE.finditer(PAGE.read_text()) if m["title"] == title]
    assert len(bodies) == 1, f"{PAGE.name}: {len(bodies)} blocks titled {title!r}, expected one"
    return bodies[0]


def run(source, name):
    """Execute shown code in a fresh namespace (tracebacks name the block); return that namespace."""
    namespace = {}
    exec(compile(source, f"{PAGE.name}: {name}", "exec"), namespace)
    return namespace


def agrees(source):
    """Whether the article's module and nn.LSTMCell gave the same h and c; a copy that raises does not."""
    try:
        ns = run(source, ARTICLE)
    except RuntimeError:  # copy_ refuses a block of the wrong shape
        return False
    return bool(torch.allclose(ns["h_article"], ns["h_cell"]) and torch.allclose(ns["c_article"], ns["c_cell"]))


def test_the_articles_cell_equals_nn_lstmcell_after_the_shown_copy(capsys):
    ns = run(shown(ARTICLE), ARTICLE)
    torch.testing.assert_close(ns["h_cell"], ns["h_article"], rtol=0, atol=1e-6)
    torch.testing.assert_close(ns["c_cell"], ns["c_article"], rtol=0, atol=1e-6)
    assert capsys.readouterr().out == "True True\n"  # what the block's last comment says it prints
    assert ns["h_cell"].abs().min() > 0              # a real step, not two zero states that agree


@pytest.mark.parametrize("right, wrong", [
    ("lin.weight[:, H:]", "lin.weight[:, :X]"),                      # x's columns taken from h's end
    ("article.input, article.forget", "article.forget, article.input"),  # the gate order of the trap
    ("torch.cat((h, x), dim=1)", "torch.cat((x, h), dim=1)"),        # the module concatenates x first
    ("cell.bias_hh.zero_()", "pass"),                                # PyTorch's random bias_hh left in
])
def test_a_wrong_copy_in_the_shown_code_would_fail(right, wrong):
    source = shown(ARTICLE)
    assert source.count(right) == 1, f"the block no longer contains {right!r}: update this mutation"
    assert agrees(source) and not agrees(source.replace(right, wrong))


@pytest.fixture
def backward_calls(monkeypatch):
    """Count the loss.backward() calls that start and those that finish, without changing what they do."""
    calls = {"started": 0, "finished": 0}
    backward = torch.Tensor.backward

    def counted(self, *args, **kwargs):
        calls["started"] += 1
        backward(self, *args, **kwargs)
        calls["finished"] += 1

    monkeypatch.setattr(torch.Tensor, "backward", counted)
    return calls


def quoted_error():
    """The error as the page quotes it, its wrapped lines joined again by single spaces."""
    return " ".join(line.strip() for line in shown(ERROR).splitlines())


def test_the_buggy_loop_raises_at_its_second_backward_what_the_page_quotes(backward_calls):
    with pytest.raises(RuntimeError) as raised:
        run(shown(SETUP) + shown(BUGGY), BUGGY)
    message = f"RuntimeError: {raised.value}"
    assert message.startswith(quoted_error()), message
    assert "retain_graph=True" in message  # "the message goes on to suggest retain_graph=True"
    assert backward_calls == {"started": 2, "finished": 1}


def test_retain_graph_only_trades_the_error_for_another_as_the_page_says(backward_calls):
    buggy = shown(BUGGY)
    assert buggy.count("loss.backward()") == 1
    with pytest.raises(RuntimeError) as raised:
        run(shown(SETUP) + buggy.replace("loss.backward()", "loss.backward(retain_graph=True)"), BUGGY)
    assert str(raised.value).startswith(INPLACE), raised.value
    assert f"`{INPLACE}`" in PAGE.read_text()
    assert backward_calls == {"started": 2, "finished": 1}


@pytest.mark.parametrize("title", FIXED)
def test_each_fixed_loop_completes_both_backward_passes(backward_calls, title):
    ns = run(shown(SETUP) + shown(title), title)
    assert len(ns["batches"]) == 2 and backward_calls == {"started": 2, "finished": 2}
    assert all(p.grad is not None and p.grad.abs().sum() > 0 for p in ns["lstm"].parameters())
