"""Reference recurrent models in numpy (float64) that compute exactly what PyTorch's modules compute.

    from explainers.models import RNN, LSTM, GRU, BiLSTM, param_count
    m = LSTM.init(input_size=3, hidden_size=8, seed=0)  # or LSTM.from_arrays(W_ih, W_hh, b_ih, b_hh)
    tr = m.run(x)                       # x (T, 3): tr.h, tr.c (T, 8), tr.gates["f"] (T, 8)
    tr = m.run(x, force={"f": 0.0})     # the same with the forget gate pinned shut
    g = m.backward(x, dh)               # dh = dL/dh_t (T, 8): g.x, g.h0, g.c0, g.params
    for k, p in m.params().items():     # the model's own arrays, PyTorch's names
        p -= 0.1 * g.params[k]

    from explainers.models import Stacked
    s = Stacked.init("lstm", 3, 8, num_layers=2, bidirectional=True, dropout=0.1)
    tr = s.run(x)                       # like module.eval(): tr.output (T, 16), tr.h_n, tr.c_n (4, 8)
    tr = s.run(x, train=True, rng=np.random.default_rng(0))  # like module.train(): tr.masks
    g = s.backward(x, doutput, dh_n, trace=tr)  # g.params["weight_ih_l1_reverse"], ...

RNN, LSTM, GRU and BiLSTM are one layer each, with the weight layout, gate order and equations of
nn.RNN (tanh), nn.LSTM, nn.GRU and nn.LSTM(bidirectional=True); Stacked builds nn.RNN / nn.LSTM /
nn.GRU with num_layers, bidirectional and dropout out of them. tests/test_models_parity.py and
tests/test_models_stacked.py check values and gradients against PyTorch. Only numpy is imported,
so the package loads in Pyodide in the browser.
"""
from ._base import Grads, Trace, sigmoid
from .bilstm import BiLSTM, BiTrace
from .gru import GRU
from .lstm import LSTM
from .params import param_count
from .rnn import RNN
from .stacked import Stacked, StackedTrace

__all__ = ["RNN", "LSTM", "GRU", "BiLSTM", "Stacked", "param_count", "Trace", "BiTrace", "StackedTrace",
           "Grads", "sigmoid"]
