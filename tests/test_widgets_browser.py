"""The widgets and quizzes in headless Chromium, on the built site: the replay steps and speaks, a forced
gate shows exactly the JSON's trace, live computations in the page's Python match CPython, every quiz
can be answered right and wrong by keyboard. The `page` fixture fails on console errors and on any
request off 127.0.0.1."""
from __future__ import annotations

import json
import math
import re

import pytest

from conftest import ROOT
from explainers.figures import connectivity, gradpaths, intervene, widgets_bank, widgets_cliff, widgets_parens, widgets_sandbox
from explainers.train import charlm
from sitebuild.pages.widget_tables import _signed

LIVE = 120_000  # ms: a cold Pyodide boot with numpy and explainers, then the computation
GATES = [("f", "forget"), ("i", "input"), ("o", "output"), ("g", "candidate"), ("c", "cell c"), ("h", "output h")]


def f2(v: float) -> str:
    return "0.00" if abs(v) < 0.005 else f"{v:.2f}"


def describe_step(data: dict, t: int) -> str:
    """What trace.js's live region must say at step t (the same wording, from the JSON)."""
    tr, ch = data["trace"], data["sentence"][t]
    gates = ", ".join(f"{name} {f2(tr[k][t][0])}" for k, name in GATES)
    where = "space" if ch == " " else f"'{ch}'"
    return f"t = {t + 1}, {where} — {gates} (unit {data['units'][0]}); P(inside) {f2(tr['p'][t])}"


def generated(built_site, path):
    return json.loads((built_site / "generated" / path).read_text())


def open_page(page, url):
    page.set_default_timeout(20_000)
    page.goto(url, wait_until="load")
    page.wait_for_function("() => [...document.querySelectorAll('.quiz')].every(q => q.dataset.ready)")
    return page


def shown(page, name):
    """The widget NAME, scrolled on screen (widgets come to life as they near it) and ready."""
    w = page.locator(f'.widget[data-widget="{name}"]')
    w.scroll_into_view_if_needed()
    page.wait_for_selector(f'.widget[data-widget="{name}"][data-ready]')
    return w


def values(locator) -> list:
    return json.loads(locator.get_attribute("data-values"))


def test_replay_steps_and_reads_each_step(page, site_url, built_site):
    data = generated(built_site, "widgets_parens/replay.json")
    open_page(page, site_url + "lstm/")
    w = shown(page, "replay")
    w.locator(".w-live").wait_for(state="attached")
    live = w.locator(".w-live")
    assert live.text_content() == describe_step(data, 0)
    w.locator(".w-fwd").click()
    w.locator(".w-fwd").click()
    w.locator(".w-fwd").click()
    assert live.text_content() == describe_step(data, 3)
    w.locator(".w-back").click()
    assert live.text_content() == describe_step(data, 2)
    ribbon = w.locator(".w-ribbon")
    ribbon.focus()
    for key, t in (("ArrowRight", 3), ("ArrowRight", 4), ("ArrowLeft", 3), ("End", len(data["sentence"]) - 1), ("Home", 0)):
        page.keyboard.press(key)
        assert live.text_content() == describe_step(data, t)
        assert ribbon.get_attribute("aria-valuenow") == str(t + 1)
    assert w.locator(".w-ch.w-now").text_content() == data["sentence"][0]
    page.keyboard.press(" ")  # play
    page.wait_for_function("el => el.getAttribute('aria-valuenow') >= 3", arg=ribbon.element_handle())
    page.keyboard.press(" ")  # pause
    stopped = ribbon.get_attribute("aria-valuenow")
    page.wait_for_timeout(1300)
    assert ribbon.get_attribute("aria-valuenow") == stopped
    # the readout has every unit's gates at the current step
    t = int(stopped) - 1
    cells = w.locator('.w-gates td[data-q="f"] .w-num').all_text_contents()
    assert cells == [f2(row) for row in data["trace"]["f"][t]]


def test_forcing_forget_closed_shows_the_json_trace(page, site_url, built_site):
    data = generated(built_site, "widgets_parens/forcing.json")
    open_page(page, site_url + "lstm/")
    w = shown(page, "force")
    w.wait_for(state="attached")
    c_line = w.locator('polyline[data-series="c"]')
    assert values(c_line) == [row for row in data["combos"]["lll"]["trace"]["c"]]
    # keyboard: focus the forget switch's "learned" radio, arrow twice to "closed"
    w.locator('input[data-gate="f"][value="learned"]').focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert w.locator('input[data-gate="f"][value="closed"]').is_checked()
    assert w.get_attribute("data-key") == "cll"
    combo = data["combos"]["cll"]
    assert values(c_line) == combo["trace"]["c"]
    assert values(w.locator('polyline[data-series="p"]')) == combo["trace"]["p"]
    assert values(w.locator('polyline[data-series="ghost"]')) == data["combos"]["lll"]["trace"]["c"]
    assert w.locator('.w-gates td[data-q="f"] .w-num').text_content() == "0.00"
    assert f"{100 * combo['accuracy']:.1f}%" in w.locator(".w-accuracy").text_content()
    assert "wiped at every step" in w.locator(".w-note").text_content()
    # c_t = i_t g_t at the shown step: the memory is only this character's write
    t = int(w.locator(".w-ribbon").get_attribute("aria-valuenow")) - 1
    i, g, c = (combo["trace"][k][t] for k in "igc")
    assert abs(i * g - c) < 2e-3


def test_c_vs_h_for_a_chosen_unit(page, site_url, built_site):
    data = generated(built_site, "widgets_parens/replay.json")["cvh"]
    open_page(page, site_url + "lstm/")
    w = shown(page, "cvh")
    w.locator("select").select_option("2")
    assert values(w.locator('polyline[data-series="c"]')) == data["c"][2]
    assert values(w.locator('polyline[data-series="h"]')) == data["h"][2]
    v = data["variation"][2]
    text = w.locator(".w-stats").text_content()
    assert f"Unit {data['units'][2]}" in text and f"c moves by {v['c_drift']}" in text and f"h by {v['h_drift']}" in text


def test_own_text_is_replayed_by_the_pages_python(page, site_url):
    open_page(page, site_url + "lstm/")
    w = shown(page, "owntext")
    box = w.locator("input.w-text")
    box.fill("My Cat!")
    box.press("Enter")
    assert "Not in the model's vocabulary: “M”, “C”, “!”" in w.locator(".w-status").text_content()
    button = w.get_by_role("button", name="Replay my sentence")
    box.fill("   ")
    button.click()  # the button, not only Enter, runs it
    assert w.locator(".w-status").text_content() == "Type a sentence first."
    sentence = "a dog (and a cat) ran"
    box.fill(sentence)
    button.click()
    page.wait_for_selector('.widget[data-widget="owntext"][data-live="done"]', timeout=LIVE)
    expected = widgets_parens.replay(sentence)  # CPython, the same code
    assert w.locator(".w-live").text_content() == describe_step(expected, 0)
    w.locator(".w-ribbon").focus()
    page.keyboard.press("End")
    assert w.locator(".w-live").text_content() == describe_step(expected, len(sentence) - 1)
    c = values(w.locator('polyline[data-series="c"]'))
    assert c == pytest.approx([row[0] for row in expected["trace"]["c"]], abs=1e-3)


def test_bank_examples_and_a_typed_sentence(page, site_url, built_site):
    data = generated(built_site, "widgets_bank/examples.json")
    open_page(page, site_url + "bidirectional/")
    w = shown(page, "bank")
    w.locator("select").select_option("1")
    e = data["examples"][1]
    at = e["words"].index("bank")
    assert f"forward {e['lstm'][at]:.2f}, bidirectional {e['bilstm'][at]:.2f}" in w.locator(".w-status").text_content()
    box = w.locator("input.w-text")
    box.fill("the bank of the zorg")
    box.press("Enter")
    status = w.locator(".w-status").text_content()
    assert "Not in the toy vocabulary: zorg" in status and "river, water" in status
    sentence = "we sat by the bank near the fish"
    box.fill(sentence)
    box.press("Enter")
    page.wait_for_selector('.widget[data-widget="bank"][data-live="done"]', timeout=LIVE)
    expected = widgets_bank.probs(sentence)
    label = w.locator("svg.w-bank").get_attribute("aria-label")
    for word, a, b in zip(expected["words"], expected["lstm"], expected["bilstm"]):
        assert f"{word} {a:.2f} / {b:.2f}" in label


def test_gradient_lab_redraws_from_the_grid_and_live(page, site_url, built_site):
    grid = generated(built_site, "widgets_cliff/grid.json")
    open_page(page, site_url + "gradient-cliff/")
    w = shown(page, "gradlab")
    rnn = w.locator('polyline[data-series="rnn"]')
    assert values(rnn) == grid["rnn"]["0.9/50"]
    rho = w.locator('input[type="range"]').first
    rho.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # 1.0: on the grid, drawn at once
    assert values(rnn) == grid["rnn"]["1/50"]
    page.keyboard.press("ArrowLeft")  # 0.95: between grid points, computed by the page's Python
    # "Showing the nearest precomputed setting; computing this one …", or (250 ms later, on a busy machine
    # before the test reads it) Python's progress "… (the nearest precomputed setting is shown)"
    assert "nearest precomputed setting" in w.locator(".w-status").text_content()
    page.wait_for_selector('.widget[data-widget="gradlab"][data-live="done"]', timeout=LIVE)
    expected = widgets_cliff.curves(0.95, 2.0, 50)  # the default forget bias
    assert values(rnn) == pytest.approx(expected["rnn"], abs=2e-3)
    assert values(w.locator('polyline[data-series="lstm"]')) == pytest.approx(expected["lstm"], abs=2e-3)



def js_fixed(v: float, digits: int) -> str:
    """Number.prototype.toFixed: the exact binary value rounded half away from zero (Python's format
    rounds half to even), and never "-0"."""
    from decimal import ROUND_HALF_UP, Decimal

    text = str(Decimal(v).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP))
    return text.lstrip("-") if float(text) == 0 else text


def sandbox_fmt(v: float) -> str:
    """sandbox.js's fmt: three decimals, or toExponential(1) ("1.9e-9") when that would read as 0."""
    if v == 0 or abs(v) >= 0.001:
        return js_fixed(v, 3)
    mantissa, exp = f"{v:.1e}".split("e")
    return f"{mantissa}e{int(exp):+d}"


def describe_sandbox(run: dict) -> str:
    """What sandbox.js's status line must say about a run of widgets_sandbox.run (the same wording)."""
    c, h, half, T = run["c"], run["h"], run["half_life"], len(run["c"]) - 1
    top = max(range(T + 1), key=lambda t: abs(c[t]))  # the first largest, as the widget's reduce keeps it
    held = ("c and h stay at 0: nothing is written (i g = 0)." if c[top] == 0 else
            f"After {T} steps c = {sandbox_fmt(c[T])} and h = {sandbox_fmt(h[T])}; "
            f"|c| was largest at step {top} (c = {sandbox_fmt(c[top])}).")
    kept = ("With f = 1 nothing is ever forgotten." if half is None else "With f = 0 nothing survives a step." if half == 0
            else f"Half of what the cell holds is gone after {js_fixed(half, 1)} steps.")
    return f"{held} {kept}"


def sandbox_setting(w) -> dict:
    """The widget's sliders as the reader has set them, as numbers."""
    get = lambda key: float(w.locator(f'input[data-key="{key}"]').input_value())  # noqa: E731
    return {**{k: get(k) for k in "fiog"}, "writes": int(get("writes"))}


def assert_sandbox_draws(w, setting: dict) -> dict:
    """The drawn c, h and f^k, the half-life mark and the status equal CPython's run() of `setting`."""
    expected = widgets_sandbox.run(**setting)
    for series in ("c", "h", "survival"):
        drawn = values(w.locator(f'polyline[data-series="{series}"]'))
        assert drawn == pytest.approx(expected[series], rel=1e-12, abs=1e-15), series
    half = w.locator('line.w-rule[data-at]:not([data-at="0.5"])')
    if expected["half_life"] is not None and expected["half_life"] <= len(expected["c"]) - 1:
        assert float(half.get_attribute("data-at")) == pytest.approx(expected["half_life"], rel=1e-12)
    else:
        assert half.count() == 0
    assert w.locator(".w-status").text_content() == describe_sandbox(expected)
    return expected


def test_gate_sandbox_draws_what_cpython_computes(page, site_url, built_site):
    data = generated(built_site, "widgets_sandbox/sandbox.json")
    open_page(page, site_url + "lstm/")
    w = shown(page, "sandbox")
    assert sandbox_setting(w) == data["default"]
    assert assert_sandbox_draws(w, data["default"]) == data["run"]  # the build's run, drawn unchanged
    forget = w.locator('input[data-key="f"]')
    forget.focus()
    for _ in range(4):
        page.keyboard.press("ArrowLeft")  # 0.90 -> 0.86
    assert w.locator('output[data-key="f"]').text_content() == "0.86"
    assert_sandbox_draws(w, {**data["default"], "f": 0.86})
    g = w.locator('input[data-key="g"]')
    g.click()  # a click sets the slider where it lands; what counts is what it then shows
    page.keyboard.press("Home")  # -1
    page.keyboard.press("ArrowRight")  # -0.99: a negative write
    assert w.locator('output[data-key="g"]').text_content() == "-0.99"
    writes = w.locator('input[data-key="writes"]')
    writes.focus()
    page.keyboard.press("End")  # written at every step
    for _ in range(10):
        page.keyboard.press("ArrowLeft")  # ... at steps 1-20
    assert w.locator('output[data-key="writes"]').text_content() == "1–20"
    setting = sandbox_setting(w)
    assert setting == {**data["default"], "f": 0.86, "g": -0.99, "writes": 20}
    run = assert_sandbox_draws(w, setting)
    assert run["c"][20] < -6 and w.locator("rect.w-shade").count() == 20  # the write steps are shaded
    w.locator('input[data-key="f"]').focus()
    page.keyboard.press("End")  # f = 1: nothing forgotten, no half-life to mark
    assert_sandbox_draws(w, {**setting, "f": 1.0})
    assert w.locator(".w-status").text_content().endswith("With f = 1 nothing is ever forgotten.")
    # what the reader set is in the address, and that link, opened afresh, draws the same run
    state = fragment(page)
    assert state.pop("widget") == "sandbox" and {k: float(v) for k, v in state.items()} == {**setting, "f": 1.0}, state
    page.reload(wait_until="load")
    w = page.locator('.widget[data-widget="sandbox"][data-ready]')
    w.wait_for()
    assert sandbox_setting(w) == {**setting, "f": 1.0}
    assert_sandbox_draws(w, {**setting, "f": 1.0})


def test_gate_sandbox_plays_the_run_and_respects_reduced_motion(page, site_url, built_site):
    data = generated(built_site, "widgets_sandbox/sandbox.json")
    open_page(page, site_url + "lstm/")
    w = shown(page, "sandbox")
    c_line = w.locator('polyline[data-series="c"]')
    play = w.get_by_role("button", name="Play the run")
    play.click()
    page.wait_for_function("el => el.dataset.playing && JSON.parse(el.querySelector('polyline[data-series=c]')"
                           ".dataset.values).filter((v) => v !== null).length > 3", arg=w.element_handle())
    shown_so_far = [v for v in values(c_line) if v is not None]
    assert 3 < len(shown_so_far) < len(data["run"]["c"]) and shown_so_far == data["run"]["c"][:len(shown_so_far)]
    page.wait_for_function("el => !el.dataset.playing", arg=w.element_handle(), timeout=15_000)
    assert values(c_line) == data["run"]["c"] and w.locator("rect.w-cursor").count() == 0
    page.emulate_media(reduced_motion="reduce")
    play.click()  # no animation: the whole run at once, and the status says why
    assert w.get_attribute("data-playing") is None and values(c_line) == data["run"]["c"]
    assert w.locator(".w-status").text_content() == (describe_sandbox(data["run"]) +
                                                     " (Your system asks for reduced motion: the whole run is shown at once.)")


def test_gate_sandbox_is_checked_by_the_pages_python(page, site_url):
    open_page(page, site_url + "lstm/")
    w = shown(page, "sandbox")
    w.locator('input[data-key="o"]').focus()
    page.keyboard.press("PageDown")  # a tenth of the range: o = 0.90
    w.get_by_role("button", name="Check with the page's Python").click()
    page.wait_for_selector('.widget[data-widget="sandbox"][data-live="done"]', timeout=LIVE)
    assert float(w.get_attribute("data-diff")) < 1e-12
    assert w.locator(".w-note[role=status]").text_content().startswith(
        "The page's Python (explainers' LSTM, every gate pinned) agrees for f = 0.90, i = 1.00, o = 0.90, g = 1.00")


def js_sci(log: float) -> str:
    """logscale.js's sci: the number whose log10 is `log`, as the widgets write it ("0.0063", "3.2×10⁻⁵")."""
    e = math.floor(log)
    if -3 < log < 3:
        return f"{10 ** log:#.2g}".rstrip(".")  # toPrecision(2)
    return f"{10 ** (log - e):.1f}×10" + str(e).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def test_gradient_paths_redraw_from_the_grid_and_live(page, site_url, built_site):
    grid = generated(built_site, "gradpaths/grid.json")
    open_page(page, site_url + "gradient-cliff/")
    w = shown(page, "gradpaths")
    status, (fb, scale) = w.locator(".w-status"), w.locator('input[type="range"]').all()

    def shows(p):
        """The three curves drawn, and the status line's numbers in words, are those of p."""
        for q in ("full", "cell", "gates"):
            assert values(w.locator(f'polyline[data-series="{q}"]')) == pytest.approx(p[q], abs=2e-3), q
        text = status.text_content()
        assert f"One step's Jacobian has norm {p['step']['full']:.2f} on average: its cell path {p['step']['cell']:.2f} " \
               f"(mean forget gate {p['step']['mean_f']:.2f}), its gate paths {p['step']['gates']:.2f}." in text, text
        assert f"all paths fall ×{p['rate']['full']:.2f} per step, the cell path alone ×{p['rate']['cell']:.2f}." in text, text

    shows(grid["paths"]["1/1"])
    p, k = grid["paths"]["1/1"], grid["k"]
    assert status.text_content().startswith(f"{k} steps back: all paths keep {js_sci(p['full'][k])}, the cell path alone "
                                            f"{js_sci(p['cell'][k])}, the gate paths alone {js_sci(p['gates'][k])}.")
    scale.focus()
    page.keyboard.press("Home")  # s = 0: no recurrent weights, no gate paths
    assert w.get_attribute("data-live") == "done" and w.locator("output").nth(1).text_content() == "0"
    shows(grid["paths"]["1/0"])
    assert "the gate paths alone 0." in status.text_content()
    page.keyboard.press("End")  # s = 4
    shows(grid["paths"]["1/4"])
    fb.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # 1.25, 1.5, 1.75 between grid points, then 2 on the grid
    assert w.get_attribute("data-live") == "done" and w.locator("output").first.text_content() == "2"
    shows(grid["paths"]["2/4"])
    page.keyboard.press("ArrowLeft")  # 1.75: computed by the page's Python, the nearest grid point shown meanwhile
    assert w.get_attribute("data-live") == "pending" and "nearest precomputed setting" in status.text_content()
    page.wait_for_selector('.widget[data-widget="gradpaths"][data-live="done"]', timeout=LIVE)
    assert w.locator("output").first.text_content() == "1.75"
    shows(gradpaths.paths(1.75, 4))  # CPython, the same function
    assert fragment(page) == {"widget": "gradpaths", "fb": "1.75", "s": "4"}  # a link to what is shown


SYMBOL = {"f": "fₜ", "i": "iₜ", "o": "oₜ"}


def describe_intervention(r: dict, gates: dict, origin: str) -> str:
    """What intervene.js's status line must say about the run r (the same wording, from Python's numbers)."""
    w = r["what"]
    forced = (f"the {gates[w['gate']]} gate pinned {'open' if w['value'] else 'closed'} ({SYMBOL[w['gate']]} = {w['value']:g})"
              if "gate" in w else f"unit {w['unit']}'s cell set to cₜ = {w['value']:g}")
    where = ", ".join(f"“{r['words'][t]}” ({t + 1})" for t in r["at"])
    pa = f"P({r['answer']}) goes from {r['p_answer']['base']:.2f} to {r['p_answer']['forced']:.2f}; "
    top = (f"“{r['top']['base']}” stays the likeliest next word" if r["top"]["forced"] == r["top"]["base"]
           else f"the likeliest next word is now “{r['top']['forced']}”, not “{r['top']['base']}”")
    return f"With {forced} at {where}: {pa}{top}. Total change (half the summed differences, 0 to 1): {r['tv']:.2f}. {origin}"


def assert_intervention_shows(w, r: dict, vocab: list, gates: dict, origin: str):
    """The rows, their bars' numbers and texts, and the status line are exactly the run r's."""
    rows = w.locator("table.w-ivt tbody tr")
    assert [rows.nth(k).get_attribute("data-word") for k in range(rows.count())] == r["shown"]
    for k, word in enumerate(r["shown"]):
        b, f = r["base"][vocab.index(word)], r["forced"][vocab.index(word)]
        row = rows.nth(k)
        assert (float(row.get_attribute("data-base")), float(row.get_attribute("data-forced"))) == (b, f), word
        assert [c.strip() for c in row.locator("td").all_text_contents()] == [f"{b:.3f}", f"{f:.3f}", _signed(f - b)]
    assert w.locator(".w-status").text_content() == describe_intervention(r, gates, origin)


def test_intervening_shows_the_json_then_the_pages_python_and_a_link_restores_it(page, site_url, built_site):
    data = generated(built_site, "intervene/intervene.json")
    vocab, gates, runs = data["vocab"], data["gates"], data["runs"]
    built, live = "Precomputed at build time.", "Computed in your browser by the page's Python."
    open_page(page, site_url + "lstm/")
    w = shown(page, "intervene")
    assert fragment(page) == {}
    assert_intervention_shows(w, runs[data["default"]["key"]], vocab, gates, built)  # f closed at "sat"
    w.get_by_label("3. sat").focus()
    page.keyboard.press("Space")  # keyboard: no longer at "sat", so nowhere, which starts no Python
    assert w.get_attribute("data-live") == "none" and w.locator(".w-status").text_content().startswith("Nothing is forced")
    w.get_by_label("4. on").click()  # mouse: at "on"
    assert w.get_attribute("data-key") == "f0@3" and w.get_attribute("data-live") == "done"
    assert_intervention_shows(w, runs["f0@3"], vocab, gates, built)
    w.get_by_label("Force").select_option("o0")
    assert_intervention_shows(w, runs["o0@3"], vocab, gates, built)
    w.get_by_label("Force").select_option("c")  # one unit's cell: its unit and value controls appear
    w.get_by_label("Which unit").select_option("2")
    assert_intervention_shows(w, runs["c2=0@3"], vocab, gates, built)
    w.get_by_label("value of cₜ").focus()
    page.keyboard.press("ArrowRight")  # c = 0.25 at "on": not precomputed
    page.wait_for_selector('.widget[data-widget="intervene"][data-live="done"]', timeout=LIVE)
    assert w.locator("output").text_content() == "0.25"
    assert_intervention_shows(w, intervene.run(data["prefix"], {"unit": 2, "value": 0.25}, [3]), vocab, gates, live)
    w.get_by_label("subject").select_option("dog")  # another beginning: the page's Python, both models
    page.wait_for_selector('.widget[data-widget="intervene"][data-live="done"]', timeout=LIVE)
    assert_intervention_shows(w, intervene.run("the dog sat on the", {"unit": 2, "value": 0.25}, [3]), vocab, gates, live)
    assert fragment(page) == {"widget": "intervene", "words": "the dog sat on the", "force": "c", "at": "3", "unit": "2", "c": "0.25"}
    # where both exist, the page's Python gives exactly the build's numbers: the default setting, asked directly
    d = data["default"]
    asked = page.evaluate("""async ([prefix, what, at]) => (await import(new URL("../assets/widgets/python.js", location.href)))
      .call("explainers.figures.intervene", "run", [prefix, what, at])""", [data["prefix"], d["what"], d["at"]])
    assert asked == runs[d["key"]]
    # a link, opened afresh: its beginning, forcing and words, drawn at once; a unit no control has is ignored
    page.goto(site_url + "lstm/#widget=intervene&words=the%20cat%20sat%20on%20the&force=i1&at=1&unit=99", wait_until="load")
    page.reload(wait_until="load")
    w = page.locator('.widget[data-widget="intervene"][data-ready]')
    w.wait_for()
    assert w.get_attribute("data-key") == "i1@1" and w.get_by_label("2. cat").is_checked()
    assert w.get_by_label("Which unit").input_value() == "0" and not w.get_by_label("Which unit").is_visible()
    assert_intervention_shows(w, runs["i1@1"], vocab, gates, built)


def quiz_pages(built_site, url):
    return [url + p.relative_to(built_site).as_posix().removesuffix("index.html")
            for p in sorted(built_site.rglob("*.html")) if 'class="quiz"' in p.read_text()]


def answer_choice(page, quiz, correct: bool):
    radios = quiz.locator('input[type="radio"]')
    options = quiz.locator(".quiz-option")
    flags = [options.nth(k).get_attribute("data-correct") is not None for k in range(options.count())]
    k = flags.index(True) if correct else flags.index(False)
    radios.nth(k).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # one tab stop for the group: the next one is Check
    assert page.evaluate("document.activeElement.classList.contains('quiz-check')")
    page.keyboard.press("Enter")


def answer_match(page, quiz, correct: bool):
    """Every row right, or the first one wrong; chosen with the keyboard on each <select>."""
    for k, row in enumerate(quiz.locator(".quiz-match tr").all()):
        n = row.locator("option").count() - 1  # option 0 is "choose…"
        answer = int(row.get_attribute("data-answer"))
        want = answer if correct or k else (answer + 1) % n
        row.locator("select").focus()
        page.keyboard.press("Home")
        for _ in range(want + 1):
            page.keyboard.press("ArrowDown")
        assert row.locator("select").input_value() == str(want)
    quiz.locator(".quiz-check").focus()
    page.keyboard.press("Enter")


def answer_predict(page, quiz, correct: bool):
    value = float(quiz.get_attribute("data-answer"))
    box = quiz.locator("input.quiz-number")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(repr(value) if correct else repr(value * 3 + 1))
    page.keyboard.press("Enter")


def test_every_quiz_answers_right_and_wrong_by_keyboard(browser, built_site, site_url):
    from conftest import PageWatch

    pages = quiz_pages(built_site, site_url)
    assert len(pages) >= 8
    context = browser.new_context()
    try:
        for url in pages:
            page = context.new_page()
            watch = PageWatch(page)
            open_page(page, url)
            page.wait_for_function("() => [...document.querySelectorAll('.quiz')].every(q => q.dataset.ready)")
            for quiz in page.locator(".quiz").all():
                answer = {"choice": answer_choice, "match": answer_match, "predict": answer_predict}[quiz.get_attribute("data-quiz")]
                feedback = quiz.locator(".quiz-feedback")
                for correct in (False, True):
                    answer(page, quiz, correct)
                    assert feedback.get_attribute("data-result") == ("right" if correct else "wrong"), (url, feedback.text_content())
                    text = feedback.text_content()
                    assert text.startswith("Right") if correct else re.match(r"Not quite|\d+ of \d+ right", text), text
            watch.assert_clean()
            page.close()
    finally:
        context.close()


def test_choice_explains_every_option_once_answered(page, site_url):
    open_page(page, site_url + "gru/")
    quiz = page.locator('.quiz[data-quiz="choice"]').first
    whys = quiz.locator(".quiz-option .quiz-why")
    assert all(not w.is_visible() for w in whys.all())
    answer_choice(page, quiz, False)
    assert all(w.is_visible() and w.text_content().strip() for w in whys.all())
    assert quiz.locator(".quiz-option.quiz-wrong").count() == 1 and quiz.locator(".quiz-option.quiz-right").count() == 1


def test_predict_then_run_recomputes_in_the_pages_python(page, site_url):
    open_page(page, site_url + "lstm/")
    for quiz in page.locator('.quiz[data-quiz="predict"]').all():
        quiz.locator(".quiz-run").click()
        page.wait_for_function("q => q.dataset.live", arg=quiz.element_handle(), timeout=LIVE)
        built = float(quiz.get_attribute("data-answer"))
        assert float(quiz.get_attribute("data-live")) == pytest.approx(built, rel=1e-12)
        assert "Python in your browser says" in quiz.locator(".quiz-live").text_content()
        answer_predict(page, quiz, True)
        assert "just computed in your browser" in quiz.locator(".quiz-feedback").text_content()


def test_without_javascript_tables_and_answers_are_there(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + "lstm/")
        assert page.locator(".widget-nojs").first.is_visible()
        details = page.locator('.widget[data-widget="replay"] details.widget-table')
        details.locator("summary").click()
        assert details.locator("tbody tr").count() == len(widgets_parens.compute()["replay"]["sentence"])
        quiz = page.locator('.quiz[data-quiz="choice"]').first
        assert quiz.locator(".quiz-options li").count() >= 2
        quiz.locator("details.quiz-answer summary").click()
        assert "Right." in quiz.locator(".quiz-whys").text_content()
    finally:
        context.close()


def test_cells_and_widgets_share_one_python_and_not_its_names(page, site_url):
    """One Pyodide worker per page: a live widget runs in the cells' Python, in a namespace of its own."""
    open_page(page, site_url + "lstm/")
    first = page.locator(".pycell:not([data-hidden])").first
    assert first.evaluate("el => el.cell.run()") == "done"
    box = shown(page, "owntext").locator("input.w-text")
    box.fill("a (b) c")
    box.press("Enter")
    page.wait_for_selector('.widget[data-widget="owntext"][data-live="done"]', timeout=LIVE)
    workers = [w.url for w in page.workers if w.url.startswith("blob:")]  # Python's (confine.js), not search's
    assert len(workers) == 1, workers
    first.evaluate("el => el.cell.setCode('print(sorted(k for k in dir() if not k.startswith(\"_\")))')")
    assert first.evaluate("el => el.cell.run()") == "done"
    names = first.locator(".pycell-stdout").text_content()
    assert "replay" not in names and "json" not in names and "LSTM" in names


def test_widgets_come_to_life_only_as_they_near_the_screen(page, site_url):
    page.set_viewport_size({"width": 1000, "height": 400})
    open_page(page, site_url + "lstm/")
    page.wait_for_timeout(500)
    far = [n for n in ("replay", "force", "cvh")
           if page.locator(f'.widget[data-widget="{n}"]').bounding_box()["y"] > 400 + 300]
    assert far, "the test needs a widget well below the fold"
    for name in far:
        assert page.locator(f'.widget[data-widget="{name}"][data-ready]').count() == 0, name
    shown(page, far[-1])  # scrolled to: it is drawn
    assert page.locator(f'.widget[data-widget="{far[-1]}"] .widget-body').count() == 1


def fragment(page) -> dict:
    """The widget state the address carries (share.js: #widget=NAME&key=value…)."""
    from urllib.parse import parse_qsl

    return dict(parse_qsl(page.evaluate("location.hash").removeprefix("#")))


def test_a_widget_puts_what_the_reader_set_in_the_address_and_a_link_brings_it_back(page, site_url, built_site):
    grid = generated(built_site, "widgets_cliff/grid.json")
    open_page(page, site_url + "gradient-cliff/")
    w = shown(page, "gradlab")
    assert fragment(page) == {}  # drawing it changes nothing: a link to a heading stays as it was
    w.locator('input[type="range"]').nth(2).focus()  # the sequence length T
    for key in ("End", "ArrowLeft"):  # 200, then 195: keyboard, like a reader
        page.keyboard.press(key)
    state = fragment(page)
    assert state == {"widget": "gradlab", "rho": "0.9", "fb": "2", "T": "195"}, state
    # the link, opened fresh: the sliders and the curves are the linked ones, drawn without scrolling to it
    linked = page.context.new_page()
    linked.set_viewport_size({"width": 1000, "height": 500})
    linked.goto(site_url + "gradient-cliff/#widget=gradlab&rho=1.1&fb=3&T=100", wait_until="load")
    lab = linked.locator('.widget[data-widget="gradlab"][data-ready]')
    lab.wait_for()
    sliders = lab.locator('input[type="range"]')
    assert [sliders.nth(k).input_value() for k in range(3)] == ["1.1", "3", "100"]
    assert values(lab.locator('polyline[data-series="rnn"]')) == grid["rnn"]["1.1/100"]
    assert values(lab.locator('polyline[data-series="lstm"]')) == grid["lstm"]["3/100"]
    box = lab.bounding_box()
    assert 0 <= box["y"] < 500, box  # brought into view
    # a hand-edited link with values no slider can take keeps the defaults (and breaks nothing)
    linked.goto(site_url + "gradient-cliff/#widget=gradlab&rho=abc&fb=2.3&T=9999", wait_until="load")
    linked.reload(wait_until="load")
    lab = linked.locator('.widget[data-widget="gradlab"][data-ready]')
    lab.wait_for()
    assert [lab.locator('input[type="range"]').nth(k).input_value() for k in range(3)] == ["0.9", "2", "50"]
    linked.close()


def test_a_link_carries_forced_gates_and_a_typed_sentence(page, site_url, built_site):
    forcing = generated(built_site, "widgets_parens/forcing.json")
    open_page(page, site_url + "lstm/")
    w = shown(page, "force")
    w.locator('input[data-gate="o"][value="learned"]').focus()
    page.keyboard.press("ArrowRight")  # o: open
    assert fragment(page) == {"widget": "force", "f": "learned", "i": "learned", "o": "open"}
    page.goto(site_url + "lstm/#widget=force&f=closed&i=open", wait_until="load")
    page.reload(wait_until="load")  # a fresh load of the linked address
    w = page.locator('.widget[data-widget="force"][data-ready]')
    w.wait_for()
    assert w.locator('input[data-gate="f"][value="closed"]').is_checked()
    assert w.locator('input[data-gate="i"][value="open"]').is_checked()
    assert w.get_attribute("data-key") == "col"
    assert values(w.locator('polyline[data-series="c"]')) == forcing["combos"]["col"]["trace"]["c"]
    # a sentence typed into "your own text" is in the address once run, and a link replays it
    sentence = "a (b) c"
    own = shown(page, "owntext")
    own.locator("input.w-text").fill(sentence)
    own.get_by_role("button", name="Replay my sentence").click()
    assert fragment(page) == {"widget": "owntext", "text": sentence}
    assert " " not in page.evaluate("location.hash") and "+" not in page.evaluate("location.hash")  # %20: no host reads + as space
    page.goto(site_url + "lstm/#widget=owntext&text=" + "(ab)%20cd", wait_until="load")
    page.reload(wait_until="load")
    own = page.locator('.widget[data-widget="owntext"]')
    page.wait_for_selector('.widget[data-widget="owntext"][data-live="done"]', timeout=LIVE)
    assert own.locator("input.w-text").input_value() == "(ab) cd"
    assert own.locator(".w-live").text_content() == describe_step(widgets_parens.replay("(ab) cd"), 0)


def conn_size(v: float) -> str:
    """connectivity.js's fmt: 3 significant digits, a power of ten outside 0.001 … 10⁵."""
    if v == 0 or 1e-3 <= v < 1e5:
        return f"{float(f'{v:.3g}'):g}"
    e = math.floor(math.log10(v))
    return f"{v / 10 ** e:.2f} × 10" + str(e).translate(str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹"))


def describe_connectivity(d: dict, m: str, t: int) -> str:
    """What connectivity.js's status line must say for model m at position t (the same wording, from the data)."""
    r, text = d[m], d["text"]
    row, k, reach = r["sizes"][t], r["strongest"][t], r["reach"][t]
    quote = lambda ch: "the space" if ch == " " else f"“{ch}”"  # noqa: E731
    bracket = max(text.rfind("(", 0, t + 1), text.rfind(")", 0, t + 1))
    out = (f"t = {t + 1}, {quote(text[t])}: the {d['labels'][m]} gives P(inside) {r['p'][t]:.2f}. "
           f"The strongest pull on its log-odds: {quote(text[t - k])}, {'the character itself' if k == 0 else f'{k} back'}, "
           f"size {conn_size(row[t - k])}. {100 * d['share']:g}% of that or more reaches "
           f"{'no earlier character' if reach == 0 else f'{reach} back, to {quote(text[t - reach])}'}.")
    if bracket >= 0:
        out += f" The last bracket, {quote(text[bracket])} {'itself' if bracket == t else f'{t - bracket} back'}, " + (
            "is the strongest." if bracket == t - k else f"pulls {conn_size(row[bracket] / row[t - k])} of the strongest.")
    return out


def test_connectivity_follows_keys_pointer_model_and_text_and_a_link_restores_it(page, site_url, built_site):
    data = generated(built_site, "connectivity/text.json")
    open_page(page, site_url + "long-memory/")
    w = shown(page, "connectivity")
    status, strip = w.locator(".w-status"), w.locator(".w-conn")

    def shows(d, m, t):
        """The status line and every heat cell are those of d for model m at position t (later ones empty)."""
        assert status.text_content() == describe_connectivity(d, m, t)
        assert strip.get_attribute("aria-valuenow") == str(t + 1) and w.get_attribute("data-model") == m
        sizes = w.locator(".w-conn .w-heat").evaluate_all("cells => cells.map((c) => c.dataset.size)")
        assert [float(v) for v in sizes[: t + 1]] == d[m]["sizes"][t] and set(sizes[t + 1:]) <= {""}
        assert len(sizes) == len(d["text"])

    t = data["text"].index(")") - 1  # where it starts: deep in the first bracket
    shows(data, "rnn", t)
    strip.focus()
    for key in ("ArrowRight", "ArrowRight", "ArrowLeft"):
        page.keyboard.press(key)
    shows(data, "rnn", t + 1)
    page.keyboard.press("Home")
    shows(data, "rnn", 0)
    w.locator('.w-cc[data-t="20"]').hover()  # the pointer: the heat follows it
    shows(data, "rnn", 20)
    w.locator('input[type="radio"][value="rnn"]').focus()
    page.keyboard.press("ArrowRight")  # the model switch, by keyboard
    shows(data, "lstm", 20)
    w.get_by_label("GRU").check()
    shows(data, "gru", 20)
    page.wait_for_function("() => location.hash.includes('model=gru')")
    assert fragment(page) == {"widget": "connectivity", "model": "gru", "t": "21"}
    # a text of the reader's own: computed in the page's Python, equal to CPython's
    text = "we (saw a) dog"
    w.locator("input.w-text").fill(text)
    w.locator("input.w-text").press("Enter")
    page.wait_for_selector('.widget[data-widget="connectivity"][data-live="done"]', timeout=LIVE)
    live = connectivity.sizes(text)
    shows(live, "gru", len(text) - 1)  # t stays where it was, or the last character of a shorter text
    w.locator('input[type="radio"][value="gru"]').focus()
    page.keyboard.press("ArrowLeft")
    shows(live, "lstm", len(text) - 1)
    page.wait_for_function("() => location.hash.includes('model=lstm')")
    assert fragment(page) == {"widget": "connectivity", "model": "lstm", "t": str(len(text)), "text": text}
    # the link, opened fresh: that text, model and position
    linked = page.context.new_page()
    linked.goto(site_url + "long-memory/#widget=connectivity&model=rnn&t=6&text=we%20(saw%20a)%20dog", wait_until="load")
    lw = linked.locator('.widget[data-widget="connectivity"]')
    linked.wait_for_selector('.widget[data-widget="connectivity"][data-live="done"]', timeout=LIVE)
    assert lw.locator("input.w-text").input_value() == text and lw.locator('input[value="rnn"]').is_checked()
    assert lw.locator(".w-status").text_content() == describe_connectivity(live, "rnn", 5)
    linked.close()


def test_a_character_model_trains_in_the_page_stops_and_python_lives_on(page, site_url, built_site):
    """Train and Stop at once (Python perhaps still starting): stopped. Train by keyboard: the live losses are CPython's, step for step, the samples and probe of a checkpoint
    too; a cell runs while it trains; Stop by keyboard ends it with the page's Python and namespace kept (a
    cell run before it is not marked as reset and runs again); the selects go into the address, and a link
    sets them."""
    from playwright.sync_api import expect

    data = generated(built_site, "trainchar/trainchar.json")
    lstm = data["runs"]["lstm"]
    open_page(page, site_url + "in-practice/")
    w = shown(page, "trainchar")
    assert values(w.locator('polyline[data-series="build"]'))[1:6] == pytest.approx(lstm["losses"][:5])  # index = step
    assert w.locator('.w-sample[data-temperature="0.5"] code').text_content() == lstm["checkpoints"][-1]["samples"]["0.5"]
    css = '.widget[data-widget="trainchar"]'
    w.locator("[data-action=train]").click()  # and Stop at once, while Python may still be starting
    w.locator("[data-action=stop]").click()
    page.wait_for_selector(f'{css}[data-state="stopped"]', timeout=LIVE)
    assert int(w.get_attribute("data-steps") or 0) < data["defaults"]["steps"]

    cell = page.locator(".pycell", has_text="chunked forward pass")
    cell.scroll_into_view_if_needed()
    cell.get_by_role("button", name="Run").click()
    output = cell.locator("[data-cell-output]")
    expect(output).to_contain_text("chunked forward pass equals the whole: True", timeout=LIVE)

    w.scroll_into_view_if_needed()
    steps = w.locator('select[data-field="steps"]')
    steps.focus()
    page.keyboard.press("End")  # the longest run: Stop comes long before its end, however slow the machine
    longest = int(steps.input_value())
    assert longest > data["defaults"]["steps"] and f"steps={longest}" in page.url
    w.locator("[data-action=train]").focus()
    page.keyboard.press("Enter")  # again, from fresh weights: the same numbers as the build's
    page.wait_for_function(f"() => Number(document.querySelector('{css}').dataset.steps) >= 30", timeout=LIVE)
    assert w.get_attribute("data-state") == "training"
    # One snapshot of what is drawn: the run goes on meanwhile. The steps count does not change the first steps.
    seen = page.evaluate(f"""() => {{ const w = document.querySelector('{css}'), q = (s) => w.querySelector(s);
      return {{ live: JSON.parse(q('polyline[data-series="live"]').dataset.values), step: Number(q('.w-sample').dataset.step),
               samples: [...w.querySelectorAll('.w-sample code')].map((c) => c.textContent), probe: q('.w-probe').textContent }}; }}""")
    live = [v for v in seen["live"] if v is not None]
    first = [p["loss"] for p in charlm.train(steps=30) if "loss" in p]  # CPython, the same function
    assert live[:30] == pytest.approx(first, rel=1e-7) == lstm["losses"][:30]
    assert seen["step"] >= charlm.EVERY and seen["step"] % charlm.EVERY == 0
    ck = next(c for c in lstm["checkpoints"] if c["step"] == seen["step"])
    assert seen["samples"] == [ck["samples"]["0.5"], ck["samples"]["1"]]
    assert f"gives “)” {ck['probe']['bracket']['open']:.3f} where a bracket is open" in seen["probe"]

    # A cell run while it trains takes its turn between two chunks: done while the run is still going.
    cell.get_by_role("button", name="Run").click()
    expect(cell).to_have_attribute("data-state", "done", timeout=LIVE)
    assert w.get_attribute("data-state") == "training" and int(w.get_attribute("data-steps")) < longest

    w.locator("[data-action=stop]").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f'{css}[data-state="stopped"]', timeout=LIVE)
    at_stop = int(w.get_attribute("data-steps"))
    assert at_stop < longest
    assert w.locator(".w-status").text_content().startswith(f"Stopped after step {at_stop}.")
    assert page.evaluate("document.activeElement.dataset.action") == "train"  # the keyboard is not left on a disabled Stop

    assert output.get_attribute("data-stale") is None  # no restart: the output is not "from before"
    cell.get_by_role("button", name="Run").click()
    expect(cell).to_have_attribute("data-state", "done", timeout=LIVE)
    expect(output).to_contain_text("chunked forward pass equals the whole: True")
    assert int(w.get_attribute("data-steps")) == at_stop  # nothing trained after Stop

    model = w.locator('select[data-field="model"]')
    model.focus()
    page.keyboard.press("ArrowDown")  # LSTM -> GRU
    assert model.input_value() == "gru" and "model=gru" in page.url
    assert values(w.locator('polyline[data-series="build"]'))[1:6] == pytest.approx(data["runs"]["gru"]["losses"][:5])
    page.goto(site_url + "in-practice/#widget=trainchar&model=gru&hidden=64&bptt=7")  # 7: no such choice
    page.reload()  # a link opened afresh (a fragment alone does not reload the page)
    w = shown(page, "trainchar")
    assert [w.locator(f'select[data-field="{f}"]').input_value() for f in ("model", "hidden", "bptt")] == \
        ["gru", "64", str(data["defaults"]["bptt"])]
