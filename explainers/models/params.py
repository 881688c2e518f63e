"""How many numbers a recurrent layer learns: the same count as PyTorch's modules.

Each layer and direction has weight_ih (G*H, X), weight_hh (G*H, H) and, with bias, two biases
(G*H,) each, where G is the number of blocks: 1 for the RNN, 3 for the GRU (r, z, n), 4 for the LSTM
(i, f, g, o). Layers above the first read the previous layer's output, of size H per direction.
"""

BLOCKS = {"rnn": 1, "gru": 3, "lstm": 4}


def param_count(kind, input_size, hidden_size, bias=True, bidirectional=False, num_layers=1):
    """The number of learned numbers of nn.RNN / nn.LSTM / nn.GRU (kind "rnn", "lstm", "gru") built with
    these arguments: sum(p.numel() for p in module.parameters())."""
    if str(kind).lower() not in BLOCKS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(BLOCKS)}")
    for name, n in (("input_size", input_size), ("hidden_size", hidden_size), ("num_layers", num_layers)):
        if not isinstance(n, int) or n < 1:
            raise ValueError(f"{name} must be a positive integer, got {n!r}")
    G, H = BLOCKS[str(kind).lower()], hidden_size
    directions = 2 if bidirectional else 1
    total = 0
    for layer in range(num_layers):
        X = input_size if layer == 0 else directions * H  # deeper layers read [h_fwd, h_bwd]
        total += directions * (G * H * (X + H) + (2 * G * H if bias else 0))
    return total
