"""The explainers: every figure, table and number on the site is computed by one module here.

THE CONTRACT (keep it small; `sitebuild/runner.py` and `sitebuild/pages/explainers_hook.py` rely on exactly this)

An explainer is a module ``explainers/figures/<name>.py`` whose source has a top-level
``NAME = "<name>"`` (a literal string, equal to the module's file name; that is how the build finds
it, without importing anything). It defines:

``compute() -> dict``
    All the numbers, as JSON-serialisable data (lists, floats, ints, str; convert numpy with
    ``.tolist()`` / ``float()``). Deterministic: fixed seeds, no clocks, no randomness without a seed.
    Imports numpy and ``explainers.*`` only (never matplotlib): it must run, and be tested, without
    drawing, and in Pyodide.
``render(data) -> list[Output]``
    Turns ``compute()``'s dict into outputs (``Figure``, ``Table``, ``Json`` from ``.base``).
    matplotlib is imported *inside* render (``from . import style``; ``style.figure(...)``,
    ``style.to_svg(fig)``), so that ``import explainers`` needs numpy alone.
``values(data) -> dict[str, str]`` (optional)
    Formatted numbers for the prose, e.g. ``{"rnn_k20": "3.1 × 10⁻⁷"}``; keys are identifiers.
``DEPENDS = ("explainers/data/copy_lstm.npz", ...)`` (optional)
    Non-Python files the explainer reads (paths from the repository root, globs allowed). Python
    imports of ``explainers.*`` (anywhere in the module, also inside functions, transitively) are
    found automatically, so ``from explainers.models import LSTM`` needs no declaration.

Outputs (``explainers.figures.base``):

``base.claim(condition, what)``      in ``render()``: a statement the explainer's own text makes (an alt
                                     text, a caption) that must hold for its data, or the build stops
``Figure(key, svg, alt, caption)``   an SVG (from ``style.to_svg``); ``alt`` is computed text saying
                                     what the figure shows and its key number; ``caption`` is Markdown
                                     (KaTeX ``\\( … \\)`` allowed). Written to
                                     ``generated/<NAME>/<key>.svg`` and inlined in the page so its text
                                     and axes take the page's colour (light and dark mode).
``Table(key, markdown)``             a Markdown table (no file).
``Json(key, obj)``                   data for the in-page cells: ``generated/<NAME>/<key>.json``.

Keys match ``[a-z0-9_]+``. The build caches each explainer under ``.cache/explainers/`` by a hash of
its source, the sources it imports, its ``DEPENDS`` files and the numpy/matplotlib versions: an
unchanged explainer is neither imported nor run again. An explainer that raises stops the strict
build with its name and the error.

Pages use three directives (outside code blocks and inline code):

    {{ figure cliff }}            the figure with its alt text and caption ({{ figure NAME.key }}
                                  when the explainer has several figures; NAME alone = its only one)
    {{ table comparison }}        the Markdown table (same NAME / NAME.key rule)
    {{ value cliff.rnn_k20 }}     a formatted number in a sentence
    {{ claim cliff: rates.lstm > rates.rnn_vanish }}
                                  right after a sentence: a predicate over compute()'s data that the
                                  build checks on every build (sitebuild/pages/claims.py); it renders as nothing

An unknown kind or name fails the build, naming the page, the directive and the known names.
Tests: ``tests/test_figures_<name>.py`` call ``compute()`` (numbers, no drawing); the build tests render.
"""
