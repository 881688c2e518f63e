"""One LSTM or GRU layer's weights, between PyTorch's layout and Keras' (TensorFlow) and ONNX's.

The three frameworks hold the same matrices and differ in three ways, each one explicit below:
orientation (Keras multiplies x @ kernel, so its kernel is the transpose of PyTorch's rows), the order
in which the gate blocks are stacked, and the biases: cuDNN keeps an input and a recurrent bias per
layer, and PyTorch (bias_ih, bias_hh) and ONNX follow it; Keras' LSTM keeps one, their sum, while its
cuDNN-compatible GRU keeps both, since the reset gate scales only the recurrent one.

Each layout as its framework defines it:
- PyTorch (torch.nn.LSTM and torch.nn.GRU docs; explainers/models): weight_ih (G*H, X), weight_hh
  (G*H, H), bias_ih and bias_hh (G*H,); LSTM rows i, f, g, o; GRU rows r, z, n with
  n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_prev + b_hn)), the reset applied after the matmul.
- Keras 3 and tf.keras (the keras.layers.LSTM / GRU docs; keras/src/layers/rnn/lstm.py and gru.py,
  build() and call()): kernel (X, G*H), recurrent_kernel (H, G*H), blocks as columns; LSTM i, f, c, o
  (c is our g) and one bias (4H,); GRU z, r, h (h is our n). With reset_after=True, the default since
  TF 2.0 and the cuDNN variant, the GRU's bias is (2, 3H), rows [input bias, recurrent bias], and r
  multiplies h_prev @ U_h + b_h after the matmul: PyTorch's GRU. reset_after=False (TF 1.x's default)
  has one bias (3H,) and computes (r * h_prev) @ U_h: another function, refused here.
- ONNX (the LSTM and GRU operators, opset 14): W (D, G*H, X), R (D, G*H, H), B (D, 2*G*H) =
  [Wb, Rb], D directions (1 here); LSTM i, o, f, c; GRU z, r, h, where linear_before_reset=1 is
  PyTorch's GRU and the default 0 resets h before the matmul, like Keras' reset_after=False.

Exact both ways: every LSTM conversion and the GRU to and from Keras (reset_after=True) and ONNX
(linear_before_reset=1). From Keras' one LSTM bias, bias_ih holds it and bias_hh is zeros: the same
function (only the sum counts), not the same arrays. Everything assumes each framework's default
activations (sigmoid gates, tanh candidate and cell output); Keras before TF 2.0 used hard_sigmoid
for the gates, which no choice of weights turns into a sigmoid. ONNX's peepholes P, input_forget and
clip have no PyTorch counterpart. tests/test_convert.py runs Keras' and ONNX's documented step
equations on converted torch weights and checks them against torch.
"""
import numpy as np

from .models import GRU, LSTM, param_count

MODELS = {"lstm": LSTM, "gru": GRU}
# The gate blocks in each layout's stacking order, in PyTorch's letters (Keras' c and ONNX's c are g;
# Keras' and ONNX's GRU h is n).
PYTORCH = {"lstm": "ifgo", "gru": "rzn"}
KERAS = {"lstm": "ifgo", "gru": "zrn"}
ONNX = {"lstm": "iofg", "gru": "zrn"}

RESET_BEFORE = ("{what} resets h_prev before the recurrent matmul, n = tanh(W x + b + U (r * h_prev)); "
                "PyTorch's GRU resets after it, n = tanh(W_in x + b_in + r * (W_hn h_prev + b_hn)). In "
                "general no weights make the two equal (they agree when W_hn is diagonal and b_hn is "
                "zero), so this converter refuses; use {fix}")


def _kind(kind):
    k = str(kind).lower()
    if k not in MODELS:
        raise ValueError(f"unknown kind {kind!r}; expected 'lstm' or 'gru'")
    return k


def _reorder(a, src, dst, axis=0):
    """The gate blocks of a stacked array (blocks along `axis`), from order src to order dst."""
    blocks = dict(zip(src, np.split(np.asarray(a, dtype=np.float64), len(src), axis=axis)))
    return np.concatenate([blocks[k] for k in dst], axis=axis)


def _pytorch(kind, params):
    """(W_ih, W_hh, b_ih, b_hh) of one layer given by PyTorch names (params() or a state_dict); the
    biases None for bias=False. The model class checks the names and shapes."""
    p = MODELS[kind].from_params(params).params()
    return p["weight_ih"], p["weight_hh"], p.get("bias_ih"), p.get("bias_hh")


def _params(kind, W_ih, W_hh, b_ih=None, b_hh=None):
    """PyTorch-named arrays, checked: what LSTM.params() / GRU.params() give."""
    return MODELS[kind].from_arrays(W_ih, W_hh, b_ih, b_hh).params()


def to_keras(kind, params, reset_after=True):
    """PyTorch-layout params -> Keras' {"kernel", "recurrent_kernel", "bias"} of one layer, to load into
    keras.layers.LSTM / GRU(reset_after=True) with the default activations. Exact."""
    kind = _kind(kind)
    if kind == "gru" and not reset_after:
        raise ValueError(RESET_BEFORE.format(what="A Keras GRU with reset_after=False", fix="reset_after=True"))
    W_ih, W_hh, b_ih, b_hh = _pytorch(kind, params)
    src, dst = PYTORCH[kind], KERAS[kind]
    weights = {"kernel": _reorder(W_ih, src, dst).T,            # (X, G*H): blocks become columns
               "recurrent_kernel": _reorder(W_hh, src, dst).T}  # (H, G*H)
    if b_ih is not None:
        if kind == "lstm":  # both biases only ever appear as their sum: one vector loses nothing
            weights["bias"] = _reorder(b_ih + b_hh, src, dst)   # (4H,)
        else:               # r_t scales b_hn but not b_in, so the GRU needs both
            weights["bias"] = np.stack([_reorder(b_ih, src, dst), _reorder(b_hh, src, dst)])  # (2, 3H)
    return weights


def from_keras(kind, weights, reset_after=True):
    """Keras' {"kernel", "recurrent_kernel"[, "bias"]} of one layer -> PyTorch-named params.
    The LSTM's one bias goes into bias_ih, with zeros in bias_hh."""
    kind = _kind(kind)
    if kind == "gru" and not reset_after:
        raise ValueError(RESET_BEFORE.format(what="A Keras GRU with reset_after=False",
                                             fix="a reset_after=True layer"))
    src, dst = KERAS[kind], PYTORCH[kind]
    W_ih = _reorder(np.asarray(weights["kernel"], dtype=np.float64).T, src, dst)            # (G*H, X)
    W_hh = _reorder(np.asarray(weights["recurrent_kernel"], dtype=np.float64).T, src, dst)  # (G*H, H)
    if weights.get("bias") is None:
        return _params(kind, W_ih, W_hh)
    bias = np.asarray(weights["bias"], dtype=np.float64)
    if kind == "lstm":
        return _params(kind, W_ih, W_hh, _reorder(bias, src, dst), np.zeros(bias.shape))
    if bias.ndim != 2 or bias.shape[0] != 2:  # (3H,) is what a reset_after=False layer stores
        raise ValueError(f"a Keras GRU bias of shape {bias.shape} is not reset_after=True's (2, 3H). "
                         + RESET_BEFORE.format(what="A reset_after=False layer (bias (3H,))",
                                               fix="a reset_after=True layer"))
    return _params(kind, W_ih, W_hh, _reorder(bias[0], src, dst), _reorder(bias[1], src, dst))


def to_onnx(kind, params):
    """PyTorch-layout params -> the ONNX LSTM / GRU node's inputs {"W", "R", "B"} for one forward
    direction. Exact; a GRU node must set linear_before_reset=1."""
    kind = _kind(kind)
    W_ih, W_hh, b_ih, b_hh = _pytorch(kind, params)
    src, dst = PYTORCH[kind], ONNX[kind]
    inputs = {"W": _reorder(W_ih, src, dst)[None],   # (1, G*H, X): rows, like PyTorch; axis 0 = direction
              "R": _reorder(W_hh, src, dst)[None]}   # (1, G*H, H)
    if b_ih is not None:  # [Wb, Rb]: the input bias, then the recurrent one, each in ONNX's order
        inputs["B"] = np.concatenate([_reorder(b_ih, src, dst), _reorder(b_hh, src, dst)])[None]  # (1, 2GH)
    return inputs


def from_onnx(kind, inputs, linear_before_reset=0):
    """An ONNX LSTM / GRU node's inputs {"W", "R"[, "B"]} (one direction) -> PyTorch-named params.
    Pass the GRU node's linear_before_reset; ONNX's default, 0, is refused."""
    kind = _kind(kind)
    if kind == "gru" and not linear_before_reset:
        raise ValueError(RESET_BEFORE.format(what="An ONNX GRU with linear_before_reset=0 (ONNX's default)",
                                             fix="a node with linear_before_reset=1"))
    if np.any(inputs.get("P", 0)):
        raise ValueError("the ONNX LSTM has peephole weights P; PyTorch's LSTM has none")
    W, R = (np.asarray(inputs[k], dtype=np.float64) for k in ("W", "R"))
    if W.ndim != 3 or W.shape[0] != 1:
        raise ValueError(f"W has shape {W.shape}; expected one direction, (1, G*H, X): for a "
                         "bidirectional node pass W[0:1], R[0:1], B[0:1], then W[1:2], ... for the reverse")
    src, dst = ONNX[kind], PYTORCH[kind]
    W_ih, W_hh = _reorder(W[0], src, dst), _reorder(R[0], src, dst)
    if inputs.get("B") is None:  # ONNX: an absent B is zero, and so is having no bias in PyTorch
        return _params(kind, W_ih, W_hh)
    B = np.asarray(inputs["B"], dtype=np.float64)
    if B.shape != (1, 2 * W.shape[1]):
        raise ValueError(f"B has shape {B.shape}; expected (1, {2 * W.shape[1]}), [Wb, Rb] of one direction")
    Wb, Rb = np.split(B[0], 2)  # the input bias, then the recurrent one
    return _params(kind, W_ih, W_hh, _reorder(Wb, src, dst), _reorder(Rb, src, dst))


def param_counts(kind, input_size, hidden_size):
    """What each framework counts for one layer with biases: PyTorch's sum of numel, Keras' summary()
    (the sizes of the weights its build() makes; a GRU with reset_after=True, and "keras_reset_before"
    for reset_after=False) and the numbers an ONNX node stores in W, R and B."""
    kind = _kind(kind)
    G, X, H = len(PYTORCH[kind]), input_size, hidden_size
    weights = G * H * (X + H)                            # the same matrices everywhere
    counts = {"pytorch": param_count(kind, X, H),        # + two biases (G*H,)
              "keras": weights + (G * H if kind == "lstm" else 2 * G * H),
              "onnx": weights + 2 * G * H}               # B = [Wb, Rb]
    if kind == "gru":
        counts["keras_reset_before"] = weights + G * H   # one bias (3H,)
    return counts
