"""THE matplotlib style of the site: every figure is made with ``figure()`` and saved with ``to_svg()``.

Readable in light and dark mode: the background is transparent, text/axes/grid are drawn in ``INK``,
which ``to_svg`` turns into ``currentColor`` (the page's text colour once the build inlines the SVG;
black when the file is opened alone). Data colours are the Okabe–Ito colour-blind-safe palette without
its black and yellow (invisible on one of the two backgrounds); ``to_svg`` names each as the site's
palette variable (browser/css/palette.css), so figures and widgets share one colour per role and
each scheme gets the shade that stays legible on it. Deterministic: fixed ``svg.hashsalt``,
no date metadata. Build-only: imports matplotlib (never import this from compute()).
"""
from __future__ import annotations

import io
import re
import warnings

import pyparsing

# matplotlib 3.9 calls pyparsing names that pyparsing 3.3 deprecates: noise in the build log, not news.
warnings.simplefilter("ignore", getattr(pyparsing, "PyparsingDeprecationWarning", PendingDeprecationWarning))

import matplotlib  # noqa: E402  (after the filter: it parses font patterns on import)

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402  (after the backend is chosen)

INK = "#0a0b0c"  # sentinel for "the page's text colour"; replaced by currentColor in to_svg

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "blue": "#0072B2",
    "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#999999",
}
CYCLE = ["sky", "orange", "green", "vermillion", "purple", "blue"]

# One colour per role, the same in every figure: gates, states, models.
ROLE = {
    "f": PALETTE["vermillion"], "i": PALETTE["green"], "g": PALETTE["purple"], "o": PALETTE["sky"],
    "r": PALETTE["vermillion"], "z": PALETTE["green"], "n": PALETTE["purple"],
    "c": PALETTE["orange"], "h": PALETTE["sky"], "x": PALETTE["grey"],
    "rnn": PALETTE["vermillion"], "lstm": PALETTE["blue"], "gru": PALETTE["green"], "bilstm": PALETTE["purple"],
}

# The glossary (docs/STYLE): the same symbol for the same thing on every page, figure and in the code.
SYMBOL = {k: f"${k}_t$" for k in ("x", "h", "c", "f", "i", "g", "o", "r", "z", "n")}

RC = {
    "svg.hashsalt": "gates-and-long-memory",
    "svg.fonttype": "path",          # glyphs as paths: identical rendering without the fonts installed
    "path.simplify": True,
    "font.size": 10,
    "mathtext.fontset": "dejavusans",
    "text.color": INK, "axes.labelcolor": INK, "axes.edgecolor": INK,
    "xtick.color": INK, "ytick.color": INK, "grid.color": INK, "grid.alpha": 0.18,
    "axes.grid": True, "grid.linewidth": 0.6, "axes.spines.top": False, "axes.spines.right": False,
    "legend.frameon": False, "lines.linewidth": 1.8, "axes.titlesize": 10,
    "axes.prop_cycle": matplotlib.cycler(color=[PALETTE[c] for c in CYCLE]),
    "figure.facecolor": "none", "axes.facecolor": "none", "savefig.facecolor": "none",
    "savefig.transparent": True,
}
matplotlib.rcParams.update(RC)


def figure(width: float = 6.4, height: float = 3.6, **subplots) -> tuple[Figure, object]:
    """A new figure (inches) and its axes; ``subplots`` go to ``Figure.subplots`` (nrows, ncols, ...)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    return fig, fig.subplots(**subplots)


def to_svg(fig: Figure) -> str:
    """The figure as SVG text: INK becomes currentColor, palette colours the palette's variables, no
    metadata, stable ids for a stable salt."""
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = re.sub(re.escape(INK), "currentColor", svg, flags=re.IGNORECASE)
    for name, hex_ in PALETTE.items():  # matplotlib writes colours in style="…", where var() works
        svg = re.sub(re.escape(hex_), f"var(--gl-{name}, {hex_})", svg, flags=re.IGNORECASE)
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    return svg[svg.index("<svg"):]  # drop the XML prolog and DOCTYPE: the SVG is inlined in HTML
