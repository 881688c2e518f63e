"""Widgets and quizzes in the strict build (sitebuild/pages/widgets.py): their HTML reads without JavaScript, the
predict answers are computed by CPython, and an unknown widget or a malformed quiz fails the build,
naming the page. Edge cases build test-only docs dirs; the real site is checked page by page."""
from __future__ import annotations

import html as htmllib
import json
import re

import pytest

from conftest import build_docs_dir, write_pages
from sitebuild.pages.widget_tables import _signed

GOOD = """# Test page

{{ widget replay }}

{{ widget bank }}

```quiz
type: choice
question: Which gate keeps the old cell?
options:
  - text: forget
    correct: true
    why: It scales \\(c_{t-1}\\); after 20 steps at 0.9, {{ value numbers.pow_09_20 }} is left.
  - text: output
    why: It scales what is shown.
```

```quiz
type: match
question: Match.
items:
  - item: f
    answer: keep
  - item: i
    answer: write
extra: [shout]
```

```quiz
type: predict
question: How much is left?
setup: |
  import numpy as np
answer: float(np.float64(0.9) ** 20)
tolerance: 2%
```
"""
CHOICE = "```quiz\ntype: choice\nquestion: Q?\noptions:\n{}\n```\n"


def build(tmp_path, pages: dict[str, str]):
    return build_docs_dir(tmp_path, write_pages(tmp_path / "docs", pages), tmp_path / "site")


def test_widgets_and_quizzes_read_without_javascript(tmp_path):
    proc = build(tmp_path, {"index.md": GOOD})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = tmp_path / "site"
    page = (site / "index.html").read_text()
    assert (site / "assets/widgets/widgets.js").is_file()
    for name, src in (("replay", "widgets_parens/replay.json"), ("bank", "widgets_bank/examples.json")):
        assert f'data-widget="{name}" data-src="generated/{src}"' in page
        assert (site / "generated" / src).is_file()
    assert page.count('<details class="widget-table">') == 2 and "<th scope=\"col\">P(inside)</th>" in page
    # the choice quiz: question, options, and the answers with every explanation in a <details>
    assert 'data-quiz="choice"' in page and "Not this one." in page and "It scales what is shown." in page
    from explainers.figures import numbers

    pow_09_20 = numbers.values(numbers.compute())["pow_09_20"]
    assert "{{" not in page and f"after 20 steps at 0.9, {pow_09_20} is left" in page  # {{ value }} expanded
    assert 'class="arithmatex"' in page  # Markdown and maths in quiz text
    m = re.search(r'data-quiz="predict" data-answer="([^"]+)" data-tolerance="([^"]+)" data-relative="true" '
                  r'data-call="([^"]+)"', page)
    assert m and float(m.group(1)) == pytest.approx(0.9 ** 20) and float(m.group(2)) == 0.02
    # "Run it" calls the function the build computed the answer with, on the same setup and expression
    live = json.loads(htmllib.unescape(m.group(3)))
    assert live == {"module": "explainers.quiz", "function": "answer",
                    "args": ["import numpy as np\n", "float(np.float64(0.9) ** 20)"]}
    assert 'data-quiz="match"' in page and "<li>shout</li>" in page


def test_an_unknown_widget_fails_the_build_naming_the_page(tmp_path):
    proc = build(tmp_path, {"index.md": "# Home\n", "chapter.md": "# Chapter\n\n{{ widget nope }}\n"})
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "chapter.md: unknown widget 'nope' in '{{ widget nope }}'; known widgets: replay" in out, out[-2000:]


@pytest.fixture(scope="module")
def page_markdown():
    """sitebuild/pages/widgets.py's page transform, as the build calls it (its Markdown set up from mkdocs.yml),
    for a page named chapter.md: the malformed cases need no build of their own to fail."""
    from types import SimpleNamespace

    from mkdocs.config import load_config

    from conftest import ROOT

    from sitebuild.pages import widgets
    from sitebuild.build_state import Build

    build = Build()
    widgets.on_config(load_config(str(ROOT / "mkdocs.yml")), build=build)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="chapter.md"))
    return lambda text: widgets.on_page_markdown(text, page, None, None, build=build)


@pytest.mark.parametrize("body, message", [
    ("{{ widget nope }}", "unknown widget 'nope' in '{{ widget nope }}'; known widgets: replay"),
    ("Inline {{ widget replay }} here.", "must be on a line of its own"),
    ("```quiz\ntype: choice\nquestion: [unclosed\n```", "quiz 1 is malformed: its YAML does not parse"),
    (CHOICE.format("  - {text: a, why: x, correct: true}\n  - {text: b, why: y, correct: true}"),
     "quiz 1 is malformed: exactly one option needs `correct: true`"),
    (CHOICE.format("  - {text: a, correct: true}\n  - {text: b, why: y}"), "option 1 needs `text` and `why`"),
    ("```quiz\ntype: predict\nquestion: Q?\nanswer: 1 / 0\ntolerance: 0.1\n```",
     "its answer `1 / 0` failed: ZeroDivisionError"),
    ("```quiz\ntype: essay\nquestion: Q?\n```", "`type` must be one of choice, match, predict"),
    ("```quiz\ntype: choice\nquestion: Q?\n", "quiz 1 has no closing fence"),
])


def test_a_bad_widget_or_quiz_is_refused_naming_the_page(page_markdown, body, message):
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError) as refused:
        page_markdown(f"# Chapter\n\n{body}\n")
    assert str(refused.value).startswith("chapter.md: ") and message in str(refused.value), refused.value


CHAPTERS = ["gradient-cliff", "lstm", "gru", "bidirectional", "in-practice", "long-memory", "after-lstm", "where-met",
            "closing"]


@pytest.mark.parametrize("chapter", CHAPTERS)


def test_every_chapter_has_a_multiple_choice_check(built_site, chapter):
    page = (built_site / chapter / "index.html").read_text()
    assert 'data-quiz="choice"' in page
    assert page.index('data-quiz="choice"') > page.index('id="check-yourself"')


def test_lstm_page_has_its_widgets_and_checks(built_site):
    page = (built_site / "lstm/index.html").read_text()
    for name in ("replay", "owntext", "cvh", "force", "sandbox"):
        assert f'data-widget="{name}"' in page
    assert 'data-quiz="match"' in page and page.count('data-quiz="predict"') >= 1
    assert 'data-widget="gradlab"' in (built_site / "gradient-cliff/index.html").read_text()
    assert 'data-widget="bank"' in (built_site / "bidirectional/index.html").read_text()


def test_the_gate_sandbox_reads_without_javascript(built_site):
    """Its no-JS table is the default run, step by step, as CPython computes it today."""
    from explainers.figures import widgets_sandbox

    page = (built_site / "lstm/index.html").read_text()
    start = page.index('data-widget="sandbox" data-src="generated/widgets_sandbox/sandbox.json"')
    block = page[start:page.index("</details>", start)]
    run = widgets_sandbox.run(**widgets_sandbox.DEFAULT)
    assert '<p class="widget-nojs">With JavaScript on, this is a sandbox of sliders' in block
    rows = re.findall(r"<tr><td>(\d+)</td><td>(yes|no)</td><td>([-\d.]+)</td><td>([-\d.]+)</td><td>([-\d.]+)</td></tr>", block)
    assert len(rows) == widgets_sandbox.STEPS + 1
    for t, written, c, h, s in rows:
        t = int(t)
        assert written == ("yes" if 1 <= t <= run["writes"] else "no")
        assert (float(c), float(h), float(s)) == pytest.approx((run["c"][t], run["h"][t], run["survival"][t]), abs=5e-5)
    assert f"half of what is written is gone after {run['half_life']:.1f} steps" in block


def test_gradient_paths_read_as_a_table_without_javascript(built_site):
    """The gradpaths widget's <details> holds the trained LSTM's row and one per grid point, from its JSON."""
    data = json.loads((built_site / "generated/gradpaths/grid.json").read_text())
    page = (built_site / "gradient-cliff/index.html").read_text()
    start = page.index('<div class="widget" data-widget="gradpaths" data-src="generated/gradpaths/grid.json">')
    rows = re.findall(r"<tr>(<td>.*?)</tr>", page[start:page.index("</details>", start)])
    assert len(rows) == 1 + len(data["forget_biases"]) * len(data["scales"])
    cells = lambda row: re.findall(r"<td>(.*?)</td>", row)  # noqa: E731
    t, k = data["trained"]["paths"], data["k"]
    assert cells(rows[0])[3:] == [f"{t['step'][q]:.2f}" for q in ("mean_f", "full", "cell", "gates")] + [
        f"{10 ** t[q][k]:.3g}" for q in ("full", "cell", "gates")]
    bus = cells(rows[1 + data["scales"].index(0)])  # forget bias 0, scale 0: no gate paths
    assert bus[:3] == ["random", "0", "0"] and bus[6] == "0.00" and bus[-1] == "0" and bus[-3] == bus[-2]


def test_interventions_read_as_tables_without_javascript_in_the_cat_sat_section(built_site):
    """The intervene widget sits in #the-cat-sat; its <details> holds the default setting's next words
    (unforced, forced, change) and P(answer) for each gate pinned at each word, from its JSON."""
    data = json.loads((built_site / "generated/intervene/intervene.json").read_text())
    page = (built_site / "lstm/index.html").read_text()
    start = page.index('<div class="widget" data-widget="intervene" data-src="generated/intervene/intervene.json">')
    assert page.index('id="the-cat-sat"') < start < page.index('id="check-yourself"')
    rows = [re.findall(r"<td>(.*?)</td>", r) for r in re.findall(r"<tr>(<td>.*?)</tr>", page[start:page.index("</details>", start)])]
    r, vocab, n = data["runs"][data["default"]["key"]], data["vocab"], len(data["words"])
    assert [row[0] for row in rows[:len(r["shown"])]] == r["shown"]
    b, f = r["base"][vocab.index(r["shown"][1])], r["forced"][vocab.index(r["shown"][1])]
    assert rows[1] == [r["shown"][1], f"{b:.3f}", f"{f:.3f}", _signed(f - b)]
    pins = rows[len(r["shown"]):]
    assert [row[0] for row in pins] == [f"{g} {s}" for g in ("forget", "input", "output") for s in ("closed (0)", "open (1)")]
    assert all(len(row) == n + 2 for row in pins)
    o0 = data["runs"][f"o0@{n - 1}"]  # the output gate shut at the blank: the answer is lost, so its word is named
    assert pins[4][n] == f"{o0['p_answer']['forced']:.2f} ({o0['top']['forced']})" != f"{o0['p_answer']['forced']:.2f}"
    assert pins[0][1] == f"{data['runs']['f0@0']['p_answer']['forced']:.2f}"  # nothing to wipe yet: no word named


def test_connectivity_reads_as_a_table_without_javascript(built_site):
    """The connectivity widget's <details> has a row per character of its text: P(inside), the strongest
    earlier character (which, how far back, its size) and the reach for each model, from its JSON."""
    data = json.loads((built_site / "generated/connectivity/text.json").read_text())
    page = (built_site / "long-memory/index.html").read_text()
    start = page.index('<div class="widget" data-widget="connectivity" data-src="generated/connectivity/text.json">')
    rows = re.findall(r"<tr>(<td>.*?)</tr>", page[start:page.index("</details>", start)])
    assert len(rows) == len(data["text"]) and data["models"] == ["rnn", "lstm", "gru"]
    cells = lambda row: [htmllib.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row)]  # noqa: E731
    t = data["text"].index(")") - 1  # the last character inside the first bracket
    want = [str(t + 1), data["text"][t]]
    for m in data["models"]:
        k = data[m]["strongest"][t]
        want += [f"{data[m]['p'][t]:.2f}", f"{data['text'][t - k].replace(' ', '␣')} ({k} back, {data[m]['sizes'][t][t - k]:.3g})",
                 str(data[m]["reach"][t])]
    assert cells(rows[t]) == want
    assert cells(rows[t])[9].startswith("( ")  # the GRU's strongest there is the bracket


def test_the_character_model_reads_as_tables_without_javascript(built_site):
    """trainchar's <details>: the build's own run, LSTM and GRU: each checkpoint's mean loss and probe, and its
    samples at both temperatures, from its JSON; the page's prose names the bench's measurement."""
    data = json.loads((built_site / "generated/trainchar/trainchar.json").read_text())
    page = (built_site / "in-practice/index.html").read_text()
    start = page.index('<div class="widget" data-widget="trainchar" data-src="generated/trainchar/trainchar.json">')
    tables = page[start:page.index("</details>", start)].split("</table>")
    cells = lambda row: re.findall(r"<td>(.*?)</td>", row)  # noqa: E731
    losses = [cells(r) for r in re.findall(r"<tr>(<td>.*?)</tr>", tables[0])]
    samples = [cells(r) for r in re.findall(r"<tr>(<td>.*?)</tr>", tables[1])]
    checkpoints = [(m, ck) for m, r in data["runs"].items() for ck in r["checkpoints"]]
    assert len(losses) == len(checkpoints) and len(samples) == 2 * len(checkpoints)
    model, last = checkpoints[-1]
    assert losses[-1] == [model.upper(), str(last["step"]), f"{data['runs'][model]['smooth'][-1][1]:.3f}"] + [
        f"{last['probe'][m][w]:.3f}" for m in ("bracket", "quote") for w in ("open", "closed")]
    assert losses[0][2] == "—"  # step 0: no loss yet
    assert samples[-1] == [model.upper(), str(last["step"]), "1", htmllib.escape(last["samples"]["1"])]
    assert "not measured yet" not in page  # the prose carries the bench's measurement


def test_the_build_writes_the_one_widget_list_that_widgets_js_loads_from(built_site):
    """known.js holds sitebuild/pages/widgets.py's WIDGETS, in order; every name has its script beside it."""
    from sitebuild.pages.widgets import WIDGETS

    text = (built_site / "assets/widgets/known.js").read_text()
    assert json.loads(re.search(r"export const KNOWN = (\[.*\]);", text).group(1)) == list(WIDGETS)
    assert all((built_site / f"assets/widgets/{name}.js").is_file() for name in WIDGETS)


@pytest.mark.parametrize("missing, message", [
    ("script", "widget 'newone' has no script: browser/widgets/newone.js is missing"),
    ("table", "widget 'newone' has no table: add newone(data) to sitebuild/pages/widget_tables.py"),
])
def test_a_widget_without_its_table_or_script_fails_the_build_naming_what_is_missing(monkeypatch, missing, message):
    from mkdocs.exceptions import PluginError

    from sitebuild.pages import widget_tables, widgets

    monkeypatch.setitem(widgets.WIDGETS, "newone", ("widgets_parens/replay.json", "a new widget"))
    if missing == "script":  # it has a table, so what is missing is the script
        monkeypatch.setattr(widget_tables, "newone", widget_tables.replay, raising=False)
    with pytest.raises(PluginError, match=re.escape(message)):
        widgets.on_files(None, None)
