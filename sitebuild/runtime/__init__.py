"""The browser's Python runtime, packaged into the site: what a code cell needs to run in the page.

The self-hosted Pyodide, its lock file and the verified wheels (pyodide.py), the project's own
explainers wheel (site_wheel.py) and the bytecode of what every boot imports, compiled by that same
Pyodide in Node (wheel_bytecode.py, bytecode_compile.mjs, bytecode_compile.py: the last runs inside
Pyodide, never in the build's Python), the Python snapshot a first visit restores (python_snapshot.py,
python_snapshot.mjs: the same Pyodide in Node, with the browser's recipe), the cells' scripts (cells_assets.py: the editor bundle;
cells_early.py: early.js inlined into every page's <head> to start Python early).

May use: the top of sitebuild (paths, build_state, csp's <head> pattern); never pages/. Reads no
page's content: cells_early only asks whether a page has a cell.
"""
