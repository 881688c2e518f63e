"""Page transforms: what reads or rewrites a page's Markdown, or the HTML made from it, for what it says.

Directives and fences (fences.py, the one fence scanner), the explainers' figures, tables, values and
checked claims (explainers_hook.py, claims.py, figure_size.py), code cells run at build time (pycells.py,
pycell_html.py), widgets and graded questions (widgets.py, widget_tables.py, quiz_html.py,
quiz_answers.py), maths typeset in Node (math_prerender.py, math_text.py, katex_render.mjs) and the
notebooks (notebooks.py).

May use: the top of sitebuild (paths, build_state, runner) and, of runtime/, only site_wheel's
source_hash (to key caches on the explainers source). Packages nothing for the browser's Python.
"""
