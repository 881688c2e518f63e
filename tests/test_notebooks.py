"""The notebook page: executed at build (outputs in the page and in the download), no CDN, and a
failing cell stops the build naming the notebook and the cell."""
import json
import re

import nbformat

from conftest import build_docs_dir


def test_notebook_is_executed_rendered_and_downloadable(built_site):
    page = (built_site / "lstm-from-scratch/index.html").read_text()
    assert "h equal: True" in page and "agree: True" in page    # the formulas match the model
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert not [s for s in scripts if "mathjax" in s.lower() or 'src=""' in s or "//" in s], scripts
    download = json.loads((built_site / "lstm-from-scratch/lstm-from-scratch.ipynb").read_text())
    outputs = [o for c in download["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert outputs and not any(o["output_type"] == "error" for o in outputs)


def test_notebook_math_is_rendered_by_the_site_katex(page, site_url):
    page.goto(site_url + "lstm-from-scratch/")
    page.wait_for_selector(".jupyter-wrapper .katex", timeout=10_000)


def test_failing_notebook_cell_fails_the_build(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1"),
                                         nbformat.v4.new_code_cell("1 / 0")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, docs / "broken.ipynb")
    proc = build_docs_dir(tmp_path, docs)
    assert proc.returncode != 0
    assert "notebook broken.ipynb: cell 1 raised" in proc.stdout + proc.stderr
    assert "ZeroDivisionError" in proc.stdout + proc.stderr
