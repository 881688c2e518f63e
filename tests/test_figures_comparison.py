"""The comparison table's counts are PyTorch's parameter counts, and the table says so."""
import pytest

from explainers.figures import comparison
from explainers.models import param_count


def test_counts_are_param_count_and_torch_numel():
    torch = pytest.importorskip("torch")
    data = comparison.compute()
    modules = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
    for kind, row in data["models"].items():
        for (X, H), count in zip(data["sizes"], row["counts"]):
            assert count == param_count(kind, X, H)
            assert count == sum(p.numel() for p in modules[kind](X, H).parameters())
    assert data["models"]["lstm"]["vs_rnn"] == [4.0, 4.0]
    assert data["gru_saving"] == [0.25, 0.25]


def test_table_and_values_show_the_counts():
    data = comparison.compute()
    [table] = comparison.render(data)
    assert table.key == "comparison" and "366,592" in table.markdown and "2,101,248" in table.markdown
    v = comparison.values(data)
    assert v["lstm_100_256"] == "366,592" and v["gru_saving_512_512"] == "25%"
