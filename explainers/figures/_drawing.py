"""Draw a cell diagram from its spec (see ``diagrams.py``): one visual language for RNN, LSTM and GRU.

A spec is plain data: ``nodes`` (id -> kind, x, y, text, role) and ``edges`` (a path of node ids and
[x, y] points, axis-aligned segments, a role for its colour). Build-only: imports matplotlib.
"""
from __future__ import annotations

from matplotlib.patches import Circle, FancyBboxPatch

from . import style

# Half extents of each node kind (x, y): edges stop at a node's border instead of running under it.
SIZE = {"gate": (0.42, 0.3), "fn": (0.42, 0.24), "op": (0.24, 0.24), "dot": (0.0, 0.0), "io": (0.0, 0.0),
        "cell": (0.0, 0.0)}
WIDTH = {"c": 3.2, "h": 1.8, "x": 1.5}
OP_TEXT = {"mul": "×", "add": "+", "one_minus": "1−"}


def colour(role: str | None) -> str:
    return style.ROLE.get(role, style.INK) if role else style.INK


def _point(spec: dict, p) -> tuple[float, float]:
    if isinstance(p, str):
        n = spec["nodes"][p]
        return n["x"], n["y"]
    return tuple(p)


def _shrink(a, b, node: dict | None):
    """End point b of segment a -> b, moved back to the border of the node that sits at b."""
    if not node:
        return b
    hx, hy = node.get("half") or SIZE[node["kind"]]
    if node["kind"] == "op":
        hx = hy = hx + 0.02
    dx, dy = b[0] - a[0], b[1] - a[1]
    if abs(dx) > abs(dy):
        return (b[0] - (hx if dx > 0 else -hx), b[1])
    return (b[0], b[1] - (hy if dy > 0 else -hy))


def draw_edge(ax, spec: dict, edge: dict) -> None:
    nodes = spec["nodes"]
    pts = [_point(spec, p) for p in edge["path"]]
    first, last = edge["path"][0], edge["path"][-1]
    pts[0] = _shrink(pts[1], pts[0], nodes.get(first) if isinstance(first, str) else None)
    pts[-1] = _shrink(pts[-2], pts[-1], nodes.get(last) if isinstance(last, str) else None)
    c, lw = colour(edge.get("role")), WIDTH.get(edge.get("role"), 1.5)
    xs, ys = zip(*pts)
    if edge.get("arrow", True):
        ax.plot(xs[:-1], ys[:-1], color=c, lw=lw, solid_capstyle="butt", solid_joinstyle="round")
        ax.annotate("", xy=pts[-1], xytext=pts[-2],
                    arrowprops=dict(arrowstyle="-|>,head_length=0.5,head_width=0.25", color=c, lw=lw,
                                    shrinkA=0, shrinkB=0))
    else:
        ax.plot(xs, ys, color=c, lw=lw, solid_capstyle="butt", solid_joinstyle="round")


def draw_node(ax, node: dict) -> None:
    x, y, kind, c = node["x"], node["y"], node["kind"], colour(node.get("role"))
    if kind in ("gate", "fn"):
        hx, hy = node.get("half") or SIZE[kind]
        face = c if kind == "gate" else "none"
        ax.add_patch(FancyBboxPatch((x - hx, y - hy), 2 * hx, 2 * hy, boxstyle="round,pad=0,rounding_size=0.08",
                                    fc=face, alpha=0.9 if kind == "gate" else 1, ec=c, lw=1.4, zorder=3))
        ink = "#000000" if kind == "gate" else style.INK  # black on the filled gate reads in both modes
        ax.text(x, y, node["text"], ha="center", va="center", fontsize=10, color=ink, zorder=4)
    elif kind == "op":
        ax.add_patch(Circle((x, y), SIZE["op"][0], fc="none", ec=c, lw=1.5, zorder=3))
        ax.text(x, y - 0.01, OP_TEXT[node["text"]], ha="center", va="center", color=c, zorder=4,
                fontsize=12 if node["text"] != "one_minus" else 9, fontweight="bold")
    elif kind == "dot":
        ax.add_patch(Circle((x, y), 0.06, fc=c, ec="none", zorder=3))
    elif kind == "cell":
        ax.add_patch(FancyBboxPatch((x, y), node["w"], node["h"], boxstyle="round,pad=0,rounding_size=0.3",
                                    fc=style.INK, alpha=0.05, ec=style.INK, lw=1.0, zorder=0))
        ax.add_patch(FancyBboxPatch((x, y), node["w"], node["h"], boxstyle="round,pad=0,rounding_size=0.3",
                                    fc="none", ec=style.INK, lw=1.0, alpha=0.5, zorder=0))
    if node.get("label"):
        dx, dy = node.get("label_at", (0.0, 0.0))
        ax.text(x + dx, y + dy, node["label"], ha=node.get("ha", "center"), va="center", fontsize=10.5,
                color=c if kind in ("gate", "op") else style.INK, zorder=4)


def draw(spec: dict):
    """A new figure with the whole diagram, sized so that one diagram unit is the same on every figure."""
    w, h = spec["size"]
    k = spec.get("scale", 0.62)  # inches per diagram unit
    fig, ax = style.figure(w * k, h * k)
    ax.set_xlim(*spec["xlim"])
    ax.set_ylim(*spec["ylim"])
    ax.set_aspect("equal")
    ax.set_axis_off()
    for node in spec["nodes"].values():
        if node["kind"] == "cell":
            draw_node(ax, node)
    for edge in spec["edges"]:
        draw_edge(ax, spec, edge)
    for node in spec["nodes"].values():
        if node["kind"] != "cell":
            draw_node(ax, node)
    return fig
