"""The no-JavaScript alternative of each widget: its build-time data as an HTML table (in a <details>,
so it stays available to every reader and to screen readers when the interactive version is there).
Each function takes the widget's JSON (as written by its explainer) and returns (summary, table HTML)."""
from __future__ import annotations

import html


def _table(header: list[str], rows: list[list], caption: str = "") -> str:
    esc = lambda v: html.escape(v if isinstance(v, str) else f"{v:g}")  # noqa: E731
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<div class="widget-scroll"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _char(ch: str) -> str:
    return "␣" if ch == " " else ch


def replay(d: dict) -> tuple[str, str]:
    tr, units = d["trace"], d["units"]
    header = ["t", "char", "inside?", "P(inside)"] + [f"{q} #{u}" for u in units for q in "ifoch"]
    rows = [[t, _char(ch), "yes" if tr["target"][t] else "no", tr["p"][t]]
            + [tr[q][t][j] for j in range(len(units)) for q in "ifoch"] for t, ch in enumerate(d["sentence"])]
    return ("Table: the gates i, f, o, the cell c and the output h of units "
            f"{', '.join(map(str, units))} at every character"), _table(header, rows, d["sentence"])


def force(d: dict) -> tuple[str, str]:
    names = {"l": "learned", "o": "open (1)", "c": "closed (0)"}
    rows = [[names[k[0]], names[k[1]], names[k[2]], f"{100 * c['accuracy']:.1f}%", f"{100 * c['sentence_accuracy']:.0f}%"]
            for k, c in d["combos"].items()]
    return ("Table: held-out accuracy for all 27 settings of the gates"),  _table(
        ["forget f", "input i", "output o", f"held-out accuracy ({d['held_out_size']} texts)", "this sentence"], rows,
        f"always answering 'outside' scores {100 * d['majority_baseline']:.1f}%")


def cvh(d: dict) -> tuple[str, str]:
    c = d["cvh"]
    rows = [[f"#{u}", r, v["c_drift"], v["h_drift"], v["c_jump"], v["h_jump"]]
            for u, r, v in zip(c["units"], c["r"], c["variation"])]
    return ("Table: how much c and h of every unit move per character"), _table(
        ["unit", "r with 'inside?'", "mean |Δc| between brackets", "mean |Δh| between brackets",
         "mean |Δc| at a bracket", "mean |Δh| at a bracket"], rows)


def owntext(d: dict) -> tuple[str, str]:
    return ("The characters the model knows"), (
        f"<p>Lowercase letters, the space and the brackets: <code>{html.escape(d['vocab'])}</code>. "
        "Typing your own sentence needs JavaScript: the page's Python then runs the same model on it.</p>")


def gradlab(d: dict) -> tuple[str, str]:
    T, ks = d["default"]["length"], (5, 10, 20, 40)
    rows = [[f"RNN, ρ = {r:g}"] + [f"{10 ** d['rnn'][f'{r:g}/{T}'][k]:.3g}" for k in ks] for r in d["rhos"]]
    rows += [[f"LSTM, forget bias {b:g} (mean f {d['mean_f'][f'{b:g}/{T}']:.2f})"]
             + [f"{10 ** d['lstm'][f'{b:g}/{T}'][k]:.3g}" for k in ks] for b in d["forget_biases"]]
    return (f"Table (precomputed, for T = {T} only): the gradient left k steps back, every ρ and forget bias"), _table(
        ["model"] + [f"k = {k}" for k in ks], rows, "the gradient of h at the last step T with respect to the input k steps earlier, relative to k = 0")


def bank(d: dict) -> tuple[str, str]:
    tables = [_table(["word", "P(money), forward LSTM", "P(money), BiLSTM"],
                     [[w, a, b] for w, a, b in zip(e["words"], e["lstm"], e["bilstm"])],
                     f"“{e['sentence']}” (sense: {e['sense']})") for e in d["examples"]]
    return ("Table: P(money) at every word of the example sentences"), "".join(tables)


def sandbox(d: dict) -> tuple[str, str]:
    r, steps = d["run"], d["steps"]
    written = "at step 1 only" if r["writes"] == 1 else f"at steps 1–{r['writes']}"
    setting = f"f = {r['f']:g}, i = {r['i']:g}, o = {r['o']:g}, g = {r['g']:g}, written {written}"
    rows = [[t, "yes" if 1 <= t <= r["writes"] else "no", f"{r['c'][t]:.4f}", f"{r['h'][t]:.4f}", f"{r['survival'][t]:.4f}"]
            for t in range(steps + 1)]
    half = "never" if r["half_life"] is None else f"after {r['half_life']:.1f} steps"
    return (f"Table (the starting setting only): c, h and the survival fᵏ for t = 0 … {steps}"), _table(
        ["t (or k)", "written?", "cell cₜ", "output hₜ", "survival fᵏ"], rows,
        f"{setting}, from c₀ = 0; half of what is written is gone {half}")


PATHS = {"full": "all paths", "cell": "cell path", "gates": "gate paths"}  # gradpaths' three kinds


def gradpaths(d: dict) -> tuple[str, str]:
    k = d["k"]

    def row(which, p):  # a curve's value is log10 of the norm, None where the norm is exactly 0
        after_k = ["0" if p[q][k] is None else f"{10 ** p[q][k]:.3g}" for q in PATHS]
        return which + [f"{p['step']['mean_f']:.2f}"] + [f"{p['step'][q]:.2f}" for q in PATHS] + after_k

    chars = len(d["trained"]["sentence"])
    rows = [row([f"trained (parentheses, its {chars}-character sentence)", "learned", "—"], d["trained"]["paths"])]
    rows += [row(["random", f"{b:g}", f"{s:g}"], d["paths"][f"{b:g}/{s:g}"]) for b in d["forget_biases"] for s in d["scales"]]
    header = ["LSTM", "forget bias", "scale s", "mean f"] + [f"one step: {n}" for n in PATHS.values()] + [
        f"{k} steps: {n}" for n in PATHS.values()]
    return (f"Table: the size of the cell's one-step Jacobian and of its product over {k} steps, split by path, "
            "for the trained LSTM and every precomputed random LSTM"), _table(header, rows,
        "spectral norms; one step: the mean over the sequence; the random LSTMs' recurrent weights are multiplied by the scale")


PIN_NAMES = {"0": "closed (0)", "1": "open (1)"}


def _signed(v: float) -> str:
    """A change to 3 decimals with its sign, and "0.000" rather than "-0.000" (as intervene.js writes it)."""
    return "0.000" if abs(v) < 0.0005 else f"{v:+.3f}"


def intervene(d: dict) -> tuple[str, str]:
    words, answer, runs = d["words"], d["answer"], d["runs"]
    r = runs[d["default"]["key"]]
    k = {w: i for i, w in enumerate(d["vocab"])}
    pin = PIN_NAMES["{:g}".format(r["what"]["value"])]
    what = f"{d['gates'][r['what']['gate']]} gate {pin}"
    at = ", ".join(f"“{words[t]}”" for t in r["at"])
    first = _table(["next word", "unforced", f"{what} at {at}", "change"],
                   [[w, f"{r['base'][k[w]]:.3f}", f"{r['forced'][k[w]]:.3f}", _signed(r['forced'][k[w]] - r['base'][k[w]])]
                    for w in r["shown"]], f"P(next word) after “{d['prefix']}”")

    def cell(run):  # P(answer), and the likeliest word when it is no longer the answer
        p, top = run["p_answer"]["forced"], run["top"]["forced"]
        return f"{p:.2f}" + ("" if top == answer else f" ({top})")

    rows = [[f"{d['gates'][g]} {PIN_NAMES[v]}"] + [cell(runs[f"{g}{v}@{t}"]) for t in range(len(words))]
            + [cell(runs[f"{g}{v}@{','.join(map(str, range(len(words))))}"])] for g in d["gates"] for v in "01"]
    second = _table(["gate pinned at"] + [f"{t + 1}. {w}" for t, w in enumerate(words)] + ["every word"], rows,
                    f"P({answer}) after “{d['prefix']}” with one gate pinned, unforced {r['p_answer']['base']:.2f}; "
                    "in brackets the likeliest word when it is not " + answer)
    return (f"Table: the next word after “{d['prefix']}”, unforced and forced"), first + second


def connectivity(d: dict) -> tuple[str, str]:
    models, share = d["models"], d["share"]

    def cells(m, t):  # P(inside), the strongest earlier character and how far a tenth of its pull reaches
        r, k = d[m], d[m]["strongest"][t]
        return [f"{r['p'][t]:.2f}", f"{_char(d['text'][t - k])} ({k} back, {r['sizes'][t][t - k]:.3g})", r["reach"][t]]

    header = ["t", "char"] + [f"{d['labels'][m]}: {q}" for m in models for q in ("P(inside)", "strongest", "reach")]
    rows = [[t + 1, _char(ch)] + [c for m in models for c in cells(m, t)] for t, ch in enumerate(d["text"])]
    return ("Table: at every character, which earlier character moves each model's prediction most, and how far back "
            "it looks"), _table(header, rows, f"“{d['text']}”; strongest: the largest ‖∂zₜ/∂xₛ‖ (zₜ the log-odds of "
                                f"'inside'), its character, how many back and its size; reach: the farthest character "
                                f"still moving zₜ by {100 * share:g} % of that")


def trainchar(d: dict) -> tuple[str, str]:
    temps = [f"{t:g}" for t in d["temperatures"]]
    loss_rows, sample_rows = [], []
    for model, r in d["runs"].items():
        smooth = dict(r["smooth"])
        for ck in r["checkpoints"]:
            b, q, n = ck["probe"]["bracket"], ck["probe"]["quote"], ck["step"]
            loss_rows.append([model.upper(), n, "—" if n not in smooth else f"{smooth[n]:.3f}",
                              f"{b['open']:.3f}", f"{b['closed']:.3f}", f"{q['open']:.3f}", f"{q['closed']:.3f}"])
            sample_rows += [[model.upper(), n, t, ck["samples"][t]] for t in temps]
    s = d["defaults"]
    setting = (f"hidden size {s['hidden']}, learning rate {s['lr']:g}, BPTT length {s['bptt']}, clip norm {s['clip']:g}, "
               f"{s['steps']} steps, seed {s['seed']}")
    return ("Table: the build's own run, LSTM and GRU: the loss, the probe and samples at every checkpoint"), (
        _table(["model", "step", f"mean loss, last {d['every']} steps (nats/char)", "P(“)”), bracket open", "P(“)”), none open",
                "P(closing quote), quote open", "P(closing quote), none open"], loss_rows, setting)
        + _table(["model", "step", "temperature", "sample"], sample_rows, f"samples, each from the prime “{d['prime']}”"))
