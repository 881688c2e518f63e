"""Where the gradient goes (explainers/figures/gradpaths.py): the split of ∂c_t/∂c_{t-1} into the cell
path and the gate paths, checked against finite differences and the model's own backward, and the
numbers the page and the widget show."""
import json

import numpy as np
import pytest

from explainers.figures import cliff, gradpaths
from explainers.models import LSTM

H, X, T = 5, 3, 6


@pytest.fixture(scope="module")
def data():
    return gradpaths.compute()


def small():
    """A random LSTM with its recurrent weights doubled (large gate paths) and T inputs."""
    m = LSTM.init(X, H, seed=0, forget_bias=0.5)
    m.weight_hh *= 2.0
    return m, np.random.default_rng(1).standard_normal((T, X))


def test_the_split_is_the_finite_difference_jacobian_and_its_parts_add_up():
    m, x = small()
    tr = m.run(x)
    f, gates = gradpaths.jacobians(m, x)
    assert f.shape == (T - 1, H) and gates.shape == (T - 1, H, H)
    eps, E = 1e-6, np.eye(H) * 1e-6
    for t in range(1, T):  # step t reads c_{t-1} = tr.c[t-1] and h_{t-1} = o_{t-1} tanh(c_{t-1})
        c_prev, o_prev = tr.c[t - 1], tr.gates["o"][t - 1]

        def c_t(c, h=None):
            return m.step(x[t], o_prev * np.tanh(c) if h is None else h, c)[1]

        h_held = o_prev * np.tanh(c_prev)
        full = np.stack([(c_t(c_prev + e) - c_t(c_prev - e)) / (2 * eps) for e in E], axis=1)  # (H, H)
        cell = np.stack([(c_t(c_prev + e, h_held) - c_t(c_prev - e, h_held)) / (2 * eps) for e in E], axis=1)
        np.testing.assert_allclose(np.diag(f[t - 1]) + gates[t - 1], full, atol=1e-8)  # the parts add up
        np.testing.assert_allclose(np.diag(f[t - 1]), cell, atol=1e-8)  # h_{t-1} held: the cell path alone
        np.testing.assert_allclose(gates[t - 1], full - cell, atol=1e-8)  # the rest: through the gates
    assert np.abs(gates).max() > 0.05  # not negligible here, so a wrong term would show


def test_the_split_is_the_models_own_backward():
    """One step back from dL/dc_t = e_j (every j at once): the model's dL/dc_{t-1} is row j of the cell
    path, its dL/dh_{t-1} times ∂h_{t-1}/∂c_{t-1} row j of the gate paths."""
    m, x = small()
    tr = m.run(x)
    f, gates = gradpaths.jacobians(m, x)
    rep = lambda a: np.repeat(a[None], H, axis=0)  # noqa: E731  one copy per unit j
    for t in range(1, T):
        g = m.backward(np.repeat(x[t:t + 1, None], H, axis=1), np.zeros((1, H, H)), h0=rep(tr.h[t - 1]),
                       c0=rep(tr.c[t - 1]), dc_T=np.eye(H))
        np.testing.assert_allclose(g.c0, np.diag(f[t - 1]), atol=1e-12)
        dh_dc = tr.gates["o"][t - 1] * (1 - np.tanh(tr.c[t - 1]) ** 2)
        np.testing.assert_allclose(g.h0 * dh_dc, gates[t - 1], atol=1e-12)


def test_the_product_is_backpropagation_when_the_output_gates_hold_still():
    """With o pinned (one value per unit, the same at every step) the product of k one-step factors is
    ∂c_T/∂c_{T-k} by the model's BPTT. Unpinned, o_t also reads h_{t-1}: BPTT then has paths the
    product has not, and the two differ."""
    m, x = small()
    o = np.linspace(0.3, 0.9, H)
    f, gates = gradpaths.jacobians(m, x, force={"o": o})
    J = gates + f[..., None] * np.eye(H)
    tr, P = m.run(x, force={"o": o}), np.eye(H)
    rep = lambda a: np.repeat(a[None], H, axis=0)  # noqa: E731
    for k in range(1, T):
        P = P @ J[T - 1 - k]  # ∂c_T/∂c_{T-k} = J_T .. J_{T-k+1}
        s = T - 1 - k
        g = m.backward(np.repeat(x[s + 1:, None], H, axis=1), np.zeros((k, H, H)), h0=rep(tr.h[s]),
                       c0=rep(tr.c[s]), force={"o": o}, dc_T=np.eye(H))
        np.testing.assert_allclose(g.c0 + g.h0 * (o * (1 - np.tanh(tr.c[s]) ** 2)), P, atol=1e-12)
    f, gates = gradpaths.jacobians(m, x)
    free = np.linalg.multi_dot(list(gates + f[..., None] * np.eye(H))[::-1])  # J_T .. J_2, o moving
    assert abs(gradpaths.all_paths(m, x, T - 1) / np.linalg.norm(free, 2) - 1) > 1e-3
    with pytest.raises(ValueError, match="only the output gate"):
        gradpaths.jacobians(m, x, force={"f": 1.0})


def test_products_are_norms_of_the_matrix_products():
    m, x = small()
    f, gates = gradpaths.jacobians(m, x)
    logs = gradpaths._log_norms(gates)
    P = np.eye(H)
    for k in range(1, T):
        P = P @ gates[T - 1 - k]
        assert logs[k] == pytest.approx(np.log10(np.linalg.norm(P, 2)), abs=1e-12)
    assert logs[0] == 0.0 and gradpaths._log_norms(np.zeros((3, H, H)))[1:] == [-np.inf] * 3


def plain(value) -> bool:
    """JSON's own types all the way down (a numpy float would pass json.dumps, and reach the claims)."""
    if isinstance(value, dict):
        return all(type(k) is str and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(plain(v) for v in value)
    return type(value) in (str, int, float, type(None))


def test_the_grid_is_what_paths_computes_and_tells_the_story(data):
    assert json.loads(json.dumps(data, allow_nan=False)) == data == gradpaths.compute() and plain(data)
    assert set(data["paths"]) == {gradpaths.key(b, s) for b in data["forget_biases"] for s in data["scales"]}
    assert gradpaths.paths(2, 3) == data["paths"]["2/3"]
    d = data["paths"]["1/1"]
    assert len(d["full"]) == data["length"] == cliff.T and d["full"][0] == d["cell"][0] == d["gates"][0] == 0
    # the cliff's LSTM: the full product falls at about the rate the cliff measured, not at the cell path's
    rates = cliff.compute()["rates"]
    assert abs(d["rate"]["full"] - rates["lstm"]) < 0.02 < d["rate"]["full"] - d["rate"]["cell"]
    assert d["step"]["mean_f"] == pytest.approx(rates["lstm_mean_f"], abs=1e-3)
    # the gate paths alone vanish, yet the full product keeps far more than the cell path alone
    assert d["gates"][40] < -20 and d["full"][40] > d["cell"][40] + 2
    # the triangle inequality, step by step: ||J_t|| is at most ||cell path|| + ||gate paths||
    for p in data["paths"].values():
        assert p["step"]["full"] <= p["step"]["cell"] + p["step"]["gates"] + 1e-3
    # no recurrent weights, no gate paths: the full Jacobian is the cell path
    bus = data["paths"]["1/0"]
    assert bus["full"] == bus["cell"] and bus["gates"][1:] == [None] * (cliff.T - 1) and bus["step"]["gates"] == 0
    # output gates moving add a little at the cliff's LSTM, next to nothing in the trained one
    assert abs(data["all_paths"]["default"] / 10 ** d["full"][40] - 1) < 0.15
    tr = data["trained"]["paths"]
    assert abs(data["all_paths"]["trained"] / 10 ** tr["full"][40] - 1) < 0.01
    assert tr["step"]["gates"] < 0.05 < 0.95 < tr["step"]["cell"]
    with pytest.raises(ValueError, match="between 0 and 5"):
        gradpaths.paths(1, 6)


def test_values_for_the_prose(data):
    v = gradpaths.values(data)
    d = data["paths"]["1/1"]
    assert v["default_step_full"] == f"{d['step']['full']:.2f}" and v["k"] == "40"
    assert "× 10⁻" in v["default_k_gates"] and v["trained_length"] == str(len(data["trained"]["sentence"]))
