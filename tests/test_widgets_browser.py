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
from explainers.figures import gradpaths, widgets_bank, widgets_cliff, widgets_parens

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
