"""A character-level language model (an LSTM or a GRU, then a linear read-out to the next character),
trained on the chartext corpus with truncated backpropagation through time (Williams & Peng 1990;
as in Karpathy's char-rnn), global-norm gradient clipping (Pascanu et al. 2013) and Adam, on the
reference models' own backward pass. One function, `train`, is a generator: it yields after every
step, so the page's worker can run it a chunk at a time and stop it between two chunks
(browser/cells/streams.js), and the build runs the very same loop to its end. Same settings,
same numbers: the only randomness is default_rng(seed).

Truncated BPTT: the corpus is cut into `batch` streams read side by side, `bptt` characters per step;
the state h (and c) carries over from one step to the next, but the gradient stops at the step's start.
"""
import numpy as np

from explainers.models import GRU, LSTM
from explainers.tasks import one_hot
from explainers.tasks import chartext as data
from explainers.train.core import Adam, Head, clip_global_norm, cross_entropy, softmax

MODELS = {"lstm": LSTM, "gru": GRU}
DEFAULTS = {"model": "lstm", "hidden": 32, "lr": 0.02, "bptt": 32, "clip": 1.0, "steps": 400, "seed": 0}
LIMITS = {"hidden": (4, 128), "lr": (1e-4, 0.1), "bptt": (2, 128), "clip": (0.01, 100.0), "steps": (1, 5000),
          "seed": (0, 2**31 - 1)}
BATCH = 16
PRIME = "the "                  # every sample starts from it
TEMPERATURES = (0.5, 1.0)       # the two samples: cautious and as learnt
SAMPLE_CHARS = 100
EVERY = 25                      # a checkpoint (samples and probe) every this many steps


def settings(**given):
    """The defaults updated by `given`, each checked: a ValueError names a setting out of its range."""
    s = {**DEFAULTS, **given}
    unknown = sorted(set(s) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"unknown settings {unknown}; known: {', '.join(DEFAULTS)}")
    if s["model"] not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}, not {s['model']!r}")
    for k, (lo, hi) in LIMITS.items():
        if not lo <= s[k] <= hi:
            raise ValueError(f"{k} must be between {lo:g} and {hi:g}, not {s[k]!r}")
    return {**s, **{k: int(s[k]) for k in ("hidden", "bptt", "steps", "seed")},
            **{k: float(s[k]) for k in ("lr", "clip")}}


def build(s):
    """(model, head) for settings s, initialised from s["seed"] (the LSTM's forget bias starts at 1)."""
    V, H = len(data.VOCAB), s["hidden"]
    model = MODELS[s["model"]].init(V, H, seed=s["seed"])
    return model, Head.init(H, V, seed=s["seed"] + 1)


def streams(ids, batch=BATCH):
    """(N, batch) ints: the corpus cut into `batch` equal streams, read side by side."""
    n = len(ids) // batch
    return ids[: n * batch].reshape(batch, n).T


def loss_and_grads(model, head, x_ids, y, state):
    """The mean loss over x_ids (L, B) -> targets y (L, B), read from state (h0, c0), and its gradients by
    name ("model.weight_ih", …, "head.bias"), through the L steps only; and the state at the end."""
    x = one_hot(x_ids, len(data.VOCAB))                            # (L, B, V)
    trace = model.run(x, *state)
    loss, dlogits = cross_entropy(head(trace.h), y)               # dlogits (L, B, V)
    dh, g_head = head.backward(trace.h, dlogits)                  # dh (L, B, H)
    g_model = model.backward(x, dh, trace=trace).params
    grads = {**{"model." + k: v for k, v in g_model.items()}, **{"head." + k: v for k, v in g_head.items()}}
    return float(loss), grads, (trace.h[-1], None if trace.c is None else trace.c[-1])


def step(model, head, opt, x_ids, y, state, clip):
    """One truncated-BPTT step: (loss, gradient norm before clipping, the state at the end), the state
    to carry on with, never to backpropagate into: the gradient stops at the step's start."""
    loss, grads, state = loss_and_grads(model, head, x_ids, y, state)
    norm = clip_global_norm(grads, clip)
    opt.step(grads)
    return loss, norm, state


def parameters(model, head):
    return {**{"model." + k: v for k, v in model.params().items()}, **{"head." + k: v for k, v in head.params().items()}}


def next_probs(model, head, text):
    """(T, V): the model's distribution of the next character after each character of `text`."""
    trace = model.run(one_hot(data.encode(text), len(data.VOCAB)))
    return softmax(head(trace.h))


def sample(model, head, temperature, rng, chars=SAMPLE_CHARS, prime=PRIME):
    """`prime` and `chars` characters drawn one at a time from the model's p ** (1 / temperature)."""
    trace = model.run(one_hot(data.encode(prime), len(data.VOCAB)))
    h, c, out = trace.h[-1], None if trace.c is None else trace.c[-1], prime
    logits = head(h)
    for _ in range(chars):
        p = softmax(logits / temperature)
        ch = data.VOCAB[int(rng.choice(len(p), p=p))]
        out += ch
        x = one_hot([data.INDEX[ch]], len(data.VOCAB))[0]
        h, c = (model.step(x, h, c)[:2]) if c is not None else (model.step(x, h)[0], None)
        logits = head(h)
    return out


def probe(model, head, text=None):
    """Has it learnt what is open? At the ends of words in held-out text, the mean probability it gives
    each closing mark where that mark is open (it may close) and where it is not (it cannot)."""
    text = text or data.probe_text()
    p, marks, out = next_probs(model, head, text), data.open_marks(text), {}
    for name, mark in (("bracket", "("), ("quote", '"')):
        closer = data.INDEX[data.MARKS[mark]]
        split = {True: [], False: []}
        for t in data.word_ends(text):
            split[mark in marks[t]].append(p[t, closer])
        out[name] = {"open": float(np.mean(split[True])), "closed": float(np.mean(split[False]))}
    return out


def checkpoint(model, head, s, n):
    """Samples at both temperatures (each from its own seeded generator) and the probe, after n steps."""
    samples = {f"{t:g}": sample(model, head, t, np.random.default_rng([s["seed"], n, k]))
               for k, t in enumerate(TEMPERATURES)}
    return {"step": n, "samples": samples, "probe": probe(model, head)}


def train(given=None, /, **more):
    """The training loop as a generator, for the settings `given` (a dict, as the page sends them) and
    `more`, over the defaults. Yields {"step", "loss", "norm"} after each step (the loss of that
    step's characters, in nats, before its update), with a "checkpoint" added after step 0's and every
    EVERY-th; returns {"settings", "losses", "checkpoints"} when all steps are done."""
    s = settings(**(given or {}), **more)
    model, head = build(s)
    opt = Adam(parameters(model, head), s["lr"])
    ids = streams(data.encode(data.corpus()))                     # (N, B)
    L, N, state = s["bptt"], len(ids), (None, None)
    losses, checkpoints = [], [checkpoint(model, head, s, 0)]
    yield {"step": 0, "checkpoint": checkpoints[0]}
    pos = 0
    for n in range(1, s["steps"] + 1):
        if pos + L + 1 > N:                                      # the corpus is read again from its start
            pos, state = 0, (None, None)
        loss, norm, state = step(model, head, opt, ids[pos:pos + L], ids[pos + 1:pos + L + 1], state, s["clip"])
        pos += L
        losses.append(loss)
        out = {"step": n, "loss": loss, "norm": norm}
        if n % EVERY == 0 or n == s["steps"]:
            checkpoints.append(checkpoint(model, head, s, n))
            out["checkpoint"] = checkpoints[-1]
        yield out
    return {"settings": s, "losses": losses, "checkpoints": checkpoints}


def run(given=None, /, **more):
    """train() to its end: its return value."""
    gen = train(given, **more)
    while True:
        try:
            next(gen)
        except StopIteration as end:
            return end.value
