"""Unit: explainers.cells.run_cell and start_cell, the build's and the browser's way of running a cell."""
import base64
import json
import subprocess
import sys

import pytest

from conftest import ROOT
from explainers.cells import MAX_LINES, run_cell, start_cell


def run(*cells):
    """Run cells in one namespace, named like a page's cells; the output items of each."""
    ns = {}
    return [run_cell(code, ns, f"t-{i}") for i, code in enumerate(cells, 1)]


def test_stdout_stderr_and_last_expression_in_order():
    [items] = run("import sys\nprint('a')\nprint('b', file=sys.stderr)\nprint('c')\n6 * 7")
    assert items == [{"type": "stdout", "text": "a\n"}, {"type": "stderr", "text": "b\n"},
                     {"type": "stdout", "text": "c\n"}, {"type": "result", "text": "42"}]


def test_numpy_array_result_is_numpy_repr_and_semicolon_silences():
    first, second = run("import numpy as np\nnp.arange(6).reshape(2, 3)", "np.zeros(2);")
    assert first == [{"type": "result", "text": "array([[0, 1, 2],\n       [3, 4, 5]])"}]
    assert second == []


def test_namespace_is_shared_by_the_cells_it_is_given():
    _, items = run("x = 20", "x + 1")
    assert items == [{"type": "result", "text": "21"}]
    assert run("x")[0][0]["ename"] == "NameError"  # a fresh namespace does not see it


def test_error_shows_the_cells_own_line_numbers_and_no_runner_frames():
    _, items = run("def f(a):\n    return 1 / a", "y = 1\nf(0)")
    [err] = items
    assert (err["ename"], err["evalue"]) == ("ZeroDivisionError", "division by zero")
    assert err["traceback"].splitlines() == [
        "Traceback (most recent call last):",
        '  File "<cell t-2>", line 2, in <module>', "    f(0)",
        '  File "<cell t-1>", line 2, in f', "    return 1 / a",
        "ZeroDivisionError: division by zero"]


def test_library_frames_are_left_out_and_the_next_run_works():
    ns = {}
    [err] = run_cell("import json\njson.loads('{')", ns, "lib")
    assert "cells.py" not in err["traceback"] and "json" not in err["traceback"].split("\n")[1]
    assert err["traceback"].count('File "') == 1
    assert run_cell("1 + 1", ns, "again") == [{"type": "result", "text": "2"}]


def test_syntax_error_names_the_line():
    [[err]] = run("x = 1\ny = (")
    assert err["ename"] == "SyntaxError" and '"<cell t-1>", line 2' in err["traceback"]


def test_system_exit_is_an_error_item_not_an_exit():
    [[err]] = run("raise SystemExit(3)")
    assert err["ename"] == "SystemExit"


def test_plt_show_and_open_figures_become_figures_in_order_then_close():
    [items] = run("import matplotlib.pyplot as plt\nplt.plot([1, 2]); plt.title('first')\nplt.show()\n"
                  "print('between')\nplt.figure(); plt.plot([2, 1])")
    assert [i["type"] for i in items] == ["figure", "stdout", "figure"]
    assert items[0]["alt"] == "Figure 1: first" and items[0]["mime"] == "image/svg+xml"
    assert base64.b64decode(items[0]["data"]).lstrip().startswith(b"<?xml")
    import matplotlib.pyplot as plt

    assert plt.get_fignums() == []


def test_figures_are_deterministic_svg_without_a_date():
    code = "import matplotlib.pyplot as plt\nplt.plot([3, 1, 2])\nplt.show()"
    a, b = run(code, code)
    assert a[0]["data"] == b[0]["data"]
    assert b"<dc:date>" not in base64.b64decode(a[0]["data"])


def test_huge_output_is_truncated_with_a_note():
    [items] = run("for i in range(10_000): print(i)")
    assert items[-1]["type"] == "note" and "truncated" in items[-1]["text"]
    assert items[0]["text"].count("\n") <= MAX_LINES


def test_items_are_plain_json():
    items = run("print(1)\n{'a': 1}", "import matplotlib.pyplot as plt\nplt.plot([1])", "1/0")
    assert json.loads(json.dumps(items)) == items


def test_module_main_runs_a_page_in_a_fresh_python(tmp_path):
    request = {"cells": [{"code": "a = 2", "name": "p-1"}, {"code": "print(a * 3)", "name": "p-2"}]}
    proc = subprocess.run([sys.executable, "-m", "explainers.cells"], input=json.dumps(request),
                          cwd=tmp_path, env={"PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == [[], [{"type": "stdout", "text": "6\n"}]]


@pytest.mark.parametrize("code", ["import explainers.cells", "import explainers.cells, sys; "
                                  "assert 'numpy' not in sys.modules and 'matplotlib' not in sys.modules"])
def test_importing_the_runner_needs_the_standard_library_only(code):
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_one_huge_write_shows_its_head_then_the_note():
    [items] = run("print('x' * 50_000_000)")
    assert [i["type"] for i in items] == ["stdout", "note"]
    assert items[0]["text"] == "x" * 1_000_000 and "truncated" in items[1]["text"]


def test_a_deep_recursion_traceback_keeps_its_ends_and_stays_small():
    [items] = run("import sys\nsys.setrecursionlimit(100_000)\n"
                  "def f(n):\n    return f(n + 1)\nf(0)")
    [error] = items
    assert error["ename"] == "RecursionError" and len(error["traceback"]) < 5_000
    lines = error["traceback"].splitlines()
    assert lines[1] == '  File "<cell t-1>", line 5, in <module>' and "more frames …" in error["traceback"]
    assert lines[-1].startswith("RecursionError: maximum recursion depth exceeded")


def test_a_huge_exception_message_is_cut():
    [[error]] = run("raise ValueError('v' * 10_000_000)")
    assert len(error["traceback"]) < 20_000 and error["traceback"].endswith("more characters)")


def test_figures_past_the_budget_are_not_drawn():
    [items] = run("import matplotlib.pyplot as plt\nprint('\\n' * 2_500)\n"
                  "for k in range(200):\n    plt.figure(); plt.plot([k, k + 1])\n"
                  "len(plt.get_fignums())")
    assert [i["type"] for i in items] == ["stdout", "note"]  # no figure, no result past the cap
    [[after]] = run("import matplotlib.pyplot as plt\nlen(plt.get_fignums())")
    assert after == {"type": "result", "text": "0"}  # all closed anyway


def test_an_error_while_drawing_a_figure_is_the_readers_traceback_and_python_lives_on():
    first, second = run("import matplotlib.pyplot as plt\nfig = plt.figure()\n"
                        "def boom(event):\n    raise RuntimeError('from a draw callback')\n"
                        "fig.canvas.mpl_connect('draw_event', boom)\nprint('before')",
                        "print('next cell runs')")
    assert first[0] == {"type": "stdout", "text": "before\n"}
    assert first[-1]["type"] == "error" and "RuntimeError: from a draw callback" in first[-1]["traceback"]
    assert second == [{"type": "stdout", "text": "next cell runs\n"}]


def test_a_cell_may_await_at_top_level_and_its_last_awaited_value_is_shown():
    outputs = run(
        "import asyncio\nasync def twice(x):\n    await asyncio.sleep(0)\n    return 2 * x\n"
        "print('before')\ny = await twice(2)\nprint(y)\nawait twice(y)",
        "squares = [await twice(i) for i in range(3)]\nsquares",
    )
    assert outputs == [
        [{"type": "stdout", "text": "before\n4\n"}, {"type": "result", "text": "8"}],
        [{"type": "result", "text": "[0, 2, 4]"}],
    ]


def test_a_task_one_cell_starts_is_awaited_by_the_next_on_the_same_loop():
    outputs = run(
        "import asyncio\nasync def later():\n    await asyncio.sleep(0.01)\n    return 'done'\n"
        "task = asyncio.get_event_loop().create_task(later())\nawait asyncio.sleep(0)",
        "await task",
    )
    assert outputs[1] == [{"type": "result", "text": "'done'"}]


def test_an_error_inside_an_awaited_coroutine_is_a_traceback_of_the_cell():
    [[error]] = run("async def broken():\n    1 / 0\nawait broken()")
    assert error["ename"] == "ZeroDivisionError"
    assert 'File "<cell t-1>", line 3, in <module>' in error["traceback"]
    assert 'File "<cell t-1>", line 2, in broken' in error["traceback"]
    assert "explainers" not in error["traceback"]


@pytest.mark.parametrize("call", ["asyncio.run(main())", "with asyncio.Runner() as r:\n    r.run(main())"])
def test_asyncio_run_says_what_works_instead(call):
    """Run as the build runs a page (a fresh Python, python -m explainers.cells): in this process,
    Playwright's own loop runs on this thread, and a Runner's exit would fail on it first."""
    cells = [{"code": f"import asyncio\nasync def main():\n    return 1\n{call}", "name": "p-1"}]
    proc = subprocess.run([sys.executable, "-m", "explainers.cells"], input=json.dumps({"cells": cells}),
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    [[error]] = json.loads(proc.stdout)
    assert error["ename"] == "RuntimeError"
    assert "write `await main()` at the top level of the cell instead of `asyncio.run(main())`" in error["evalue"]
    assert "File \"<cell p-1>\"" in error["traceback"] and "explainers" not in error["traceback"]


def test_asyncio_run_is_itself_again_once_the_cell_has_ended():
    import asyncio

    before = asyncio.run, asyncio.Runner.run
    [[error]] = run("import asyncio\nasync def main():\n    return 1\nasyncio.run(main())")
    assert "write `await main()`" in error["evalue"]
    assert (asyncio.run, asyncio.Runner.run) == before


def test_start_cell_gives_the_items_at_once_unless_the_cell_awaits():
    import asyncio

    ns = {}
    assert start_cell("1 + 1", ns, "plain") == [{"type": "result", "text": "2"}]
    pending = start_cell("import asyncio\nawait asyncio.sleep(0)\n'awaited'", ns, "async")
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # a thread with no loop of its own (Playwright's runs on this one)
        # (not asyncio.run: the cell has not ended, so it is still the refusing one)
        done = pool.submit(lambda: asyncio.new_event_loop().run_until_complete(pending)).result()
    assert done == [{"type": "result", "text": "'awaited'"}]
