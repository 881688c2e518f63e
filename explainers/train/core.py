"""A linear read-out on a recurrent layer, trained with softmax cross-entropy and Adam (Kingma & Ba 2015),
gradients clipped by their global norm (Pascanu, Mikolov & Bengio 2013). Deterministic given the seeds."""
import numpy as np


class Head:
    """logits_t = h_t W^T + b, the read-out from hidden features (..., F) to class scores (..., C)."""

    def __init__(self, weight, bias):
        self.weight = np.array(weight, dtype=np.float64)  # (C, F)
        self.bias = np.array(bias, dtype=np.float64)      # (C,)

    @classmethod
    def init(cls, features, classes, seed=0):
        k = 1.0 / np.sqrt(features)  # as torch.nn.Linear draws them
        rng = np.random.default_rng(seed)
        return cls(rng.uniform(-k, k, (classes, features)), rng.uniform(-k, k, classes))

    def __call__(self, h):
        return h @ self.weight.T + self.bias  # (..., C)

    def params(self):
        return {"weight": self.weight, "bias": self.bias}

    def backward(self, h, dlogits):
        """(dL/dh (..., F), {"weight", "bias"} gradients) for dL/dlogits (..., C)."""
        F, C = self.weight.shape[1], self.weight.shape[0]
        hf, df = h.reshape(-1, F), dlogits.reshape(-1, C)
        return dlogits @ self.weight, {"weight": df.T @ hf, "bias": df.sum(0)}


def softmax(z):
    """Probabilities along the last axis, computed stably."""
    e = np.exp(z - z.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def cross_entropy(logits, y, mask=None):
    """Mean over the masked steps of -log p(y): (loss, dL/dlogits). logits (..., C), y (...,) ints."""
    mask = np.ones(y.shape) if mask is None else mask.astype(np.float64)
    p = softmax(logits)
    picked = np.take_along_axis(p, y[..., None], -1)[..., 0]
    n = mask.sum()
    loss = -(mask * np.log(picked + 1e-12)).sum() / n
    d = p.copy()
    np.put_along_axis(d, y[..., None], np.take_along_axis(d, y[..., None], -1) - 1.0, -1)
    return loss, d * (mask / n)[..., None]


class Adam:
    """Adam over a dict of arrays, updated in place (the models' params() are their own arrays).
    decay: name -> decoupled weight decay (AdamW, Loshchilov & Hutter 2019) for the arrays named."""

    def __init__(self, params, lr=1e-2, betas=(0.9, 0.999), eps=1e-8, decay=None):
        self.params, self.lr, self.betas, self.eps, self.t = params, lr, betas, eps, 0
        self.decay = dict(decay or {})
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}

    def step(self, grads):
        self.t += 1
        b1, b2 = self.betas
        for k, p in self.params.items():
            g = grads[k]
            self.m[k] = b1 * self.m[k] + (1 - b1) * g
            self.v[k] = b2 * self.v[k] + (1 - b2) * g * g
            m_hat, v_hat = self.m[k] / (1 - b1**self.t), self.v[k] / (1 - b2**self.t)
            p -= self.lr * (m_hat / (np.sqrt(v_hat) + self.eps) + self.decay.get(k, 0.0) * p)


def clip_global_norm(grads, max_norm):
    """Scale every gradient by one factor so that their joint L2 norm is at most max_norm; the norm before."""
    norm = float(np.sqrt(sum((g * g).sum() for g in grads.values())))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return norm


def features(model, x, force=None):
    """(trace, h (T, B, F)): the recurrent layer's output features, F = 2H for a BiLSTM ([h_fwd, h_bwd])."""
    trace = model.run(x, force=force)
    return trace, trace.h


def predict(model, head, x, force=None):
    """Class probabilities (T, B, C) of the head on the model's features."""
    return softmax(head(features(model, x, force)[1]))


def accuracy(model, head, x, y, mask=None, force=None):
    """Fraction of the masked steps where the most probable class is y."""
    right = predict(model, head, x, force).argmax(-1) == y
    mask = np.ones(y.shape, bool) if mask is None else mask.astype(bool)
    return float(right[mask].mean())


def fit(model, head, make_batch, steps, lr=1e-2, max_norm=1.0, seed=0, decay=None, log_every=0):
    """Train model and head in place: `steps` Adam steps on make_batch(rng) -> (x, y, mask or None);
    decay: parameter name (e.g. "weight_hh") -> decoupled weight decay.
    Returns the per-step losses. Same seed, same weights: the only randomness is rng = default_rng(seed)."""
    rng = np.random.default_rng(seed)
    named = {**{"model." + k: v for k, v in model.params().items()},
             **{"head." + k: v for k, v in head.params().items()}}
    opt, losses = Adam(named, lr, decay={"model." + k: v for k, v in (decay or {}).items()}), []
    for step in range(steps):
        x, y, mask = make_batch(rng)
        trace, h = features(model, x)
        loss, dlogits = cross_entropy(head(h), y, mask)
        dh, g_head = head.backward(h, dlogits)
        g_model = model.backward(x, dh, trace=trace).params
        grads = {**{"model." + k: v for k, v in g_model.items()}, **{"head." + k: v for k, v in g_head.items()}}
        clip_global_norm(grads, max_norm)
        opt.step(grads)
        losses.append(loss)
        if log_every and (step + 1) % log_every == 0:
            print(f"step {step + 1:5d}  loss {np.mean(losses[-log_every:]):.4f}", flush=True)
    return losses
