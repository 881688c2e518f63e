"""The site's build, never in the browser's wheel: one MkDocs plugin (plugin.py) and its steps.

The top holds what ties the build together and what acts on the whole site: the plugin and each
build's state (plugin.py, build_state.py, reload.py under `mkdocs serve`), where things are
(paths.py), the explainers' runner (runner.py, sourcefacts.py), the files shipped as assets/
(browser_assets.py, vendor_assets.py, site_files.py), the policy every page carries (csp.py) and
offline reading (offline.py). Two rooms hold the rest:

    pages/     what turns a page's Markdown (and the HTML made from it) into the page
    runtime/   what packages the Python the reader's browser runs: Pyodide, the wheels, the cells' scripts

Only plugin.py imports from both rooms; neither room imports from the other but for
runtime.site_wheel.source_hash, the hash of the explainers source that pages/ keys its caches on.
"""
