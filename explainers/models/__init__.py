"""Reference recurrent models in numpy (float64) that compute exactly what PyTorch's modules compute.

    from explainers.models import RNN, LSTM, GRU, BiLSTM, param_count
    m = LSTM.init(input_size=3, hidden_size=8, seed=0)  # or LSTM.from_arrays(W_ih, W_hh, b_ih, b_hh)
    tr = m.run(x)                       # x (T, 3): tr.h, tr.c (T, 8), tr.gates["f"] (T, 8)
    tr = m.run(x, force={"f": 0.0})     # the same with the forget gate pinned shut
    g = m.backward(x, dh)               # dh = dL/dh_t (T, 8): g.x, g.h0, g.c0, g.params
    for k, p in m.params().items():     # the model's own arrays, PyTorch's names
        p -= 0.1 * g.params[k]

Same weight layout, gate order and equations as nn.RNN (tanh), nn.LSTM, nn.GRU and
nn.LSTM(bidirectional=True), one layer each; tests/test_models_parity.py checks values and gradients
against PyTorch. Only numpy is imported, so the package loads in Pyodide in the browser.
"""
from ._base import Grads, Trace, sigmoid
from .bilstm import BiLSTM, BiTrace
from .gru import GRU
from .lstm import LSTM
from .params import param_count
from .rnn import RNN

__all__ = ["RNN", "LSTM", "GRU", "BiLSTM", "param_count", "Trace", "BiTrace", "Grads", "sigmoid"]
