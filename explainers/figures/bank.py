"""Which "bank"? The sense probability at every word, for a forward-only LSTM and a BiLSTM trained on
the same generated sentences, where only a word after "bank" tells river from money."""
import numpy as np

from explainers.tasks import bank as task
from explainers.train import bank as trained

NAME = "bank"
DEPENDS = ("explainers/data/bank_lstm.*", "explainers/data/bank_bilstm.*")
MODELS = {"lstm": "bank_lstm", "bilstm": "bank_bilstm"}


def compute() -> dict:
    loaded = {k: trained.load(name) for k, name in MODELS.items()}
    examples = []
    for s in task.EXAMPLES:
        words = s.split()
        sense = task.sense_of(words)
        x = task.encode(words)
        # P(the sentence's own sense) at every word
        p = {k: trained.sense_probs(m, h, x) for k, (m, h, _) in loaded.items()}
        p_true = {k: [float(f"{v:.4g}") for v in (a if sense else 1 - a)] for k, a in p.items()}
        examples.append({"sentence": s, "words": words, "sense": task.SENSES[sense],
                         "bank": words.index(task.WORD), "p_true": p_true})
    acc = {k: meta["accuracy"] for k, (_, _, meta) in loaded.items()}
    hidden = {k: meta["hidden_size"] for k, (_, _, meta) in loaded.items()}
    return {"examples": examples, "accuracy": acc, "hidden_size": hidden,
            "held_out_size": task.HELD_OUT_SIZE, "at_bank": at_bank(loaded)}


def at_bank(loaded) -> dict:
    """What each model says at the word "bank" over the held-out sentences: P(money)'s range and mean,
    how often it answers "money" there, and how often "money" is right (the share of money sentences)."""
    held = task.held_out()
    out = {"money_share": float(np.mean([sense for _, sense, _, _ in held]))}
    for k, (m, h, _) in loaded.items():
        p = np.array([trained.sense_probs(m, h, x)[pos] for x, _, pos, _ in held])
        out[k] = {"p_money_min": float(f"{p.min():.4g}"), "p_money_max": float(f"{p.max():.4g}"),
                  "p_money_mean": float(f"{p.mean():.4g}"), "says_money": float(np.mean(p > 0.5))}
    return out


def render(data: dict) -> list:
    from . import style
    from .base import Figure

    ex = data["examples"]
    fig, axes = style.figure(9.0, 4.8, nrows=2, ncols=2, sharey=True)
    colours = {"lstm": style.ROLE["lstm"], "bilstm": style.ROLE["bilstm"]}
    names = {"lstm": "forward LSTM", "bilstm": "BiLSTM"}
    for ax, e in zip(axes.flat, ex):
        n = len(e["words"])
        ax.axvspan(e["bank"] - 0.4, e["bank"] + 0.4, color=style.PALETTE["grey"], alpha=0.2, lw=0)
        ax.axhline(0.5, color=style.INK, lw=0.6, ls=(0, (2, 2)))
        for k, p in e["p_true"].items():
            ax.plot(range(n), p, color=colours[k], marker="o", ms=3.5, label=names[k])
        ax.set_xticks(range(n), e["words"], rotation=40, ha="right", fontsize=9)
        ax.set_ylim(-0.05, 1.05)
        ax.set_title(f"sense: {e['sense']}", fontsize=9, loc="left")
        ax.grid(axis="x", visible=False)
    for ax in axes[:, 0]:
        ax.set_ylabel("P(the right sense)")
    axes[0, 0].legend(loc="lower right", fontsize=9)
    v = values(data)
    alt = (f"Four line charts, one per sentence, of the probability each model gives the right sense of "
           f"'bank' at every word. At the word 'bank' the forward LSTM gives {v['lstm_at_bank']} on average "
           f"and the BiLSTM {v['bilstm_at_bank']}; after the cue word both are right.")
    caption = (r"A forward LSTM (hidden size " + v["lstm_hidden"] + r") and a BiLSTM (" + v["bilstm_hidden"]
               + r" per direction, \([h_t^{\rightarrow}, h_t^{\leftarrow}]\)), trained alike, give the sense of "
               r"'bank' at every word. Shaded: 'bank'. There the forward model cannot know and gives every "
               r"sentence the same answer, 'money' (held-out accuracy " + v["lstm_acc_at_bank"] + "), the bidirectional one has already read the cue ("
               + v["bilstm_acc_at_bank"] + r"); by the last word both are right (" + v["lstm_acc_last"]
               + ", " + v["bilstm_acc_last"] + ").")
    return [Figure("bank", style.to_svg(fig), alt, caption)]


def values(data: dict) -> dict:
    out = {}
    for k in ("lstm", "bilstm"):
        at_bank = [e["p_true"][k][e["bank"]] for e in data["examples"]]
        for j, p in enumerate(at_bank, 1):
            out[f"{k}_bank_{j}"] = f"{p:.2f}"
        out[f"{k}_at_bank"] = f"{np.mean(at_bank):.2f}"
        out[f"{k}_acc_at_bank"] = f"{100 * data['accuracy'][k]['at_bank']:.0f}%"
        out[f"{k}_acc_last"] = f"{100 * data['accuracy'][k]['last']:.0f}%"
        out[f"{k}_hidden"] = str(data["hidden_size"][k])
    for j, e in enumerate(data["examples"], 1):
        out[f"sentence_{j}"] = e["sentence"]
    a = data["at_bank"]
    out["held_out_size"] = str(data["held_out_size"])
    out["money_share"] = f"{100 * a['money_share']:.0f}%"
    for k in ("lstm", "bilstm"):
        out.update({f"{k}_{q}": f"{a[k][q]:.2f}" for q in ("p_money_min", "p_money_max", "p_money_mean")})
        out[f"{k}_says_money"] = f"{100 * a[k]['says_money']:.0f}%"
    return out
