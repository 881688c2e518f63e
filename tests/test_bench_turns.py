"""Layer 1: the benchmark measures a figure and its baseline in turns, and redoes a stalled measurement."""
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tools.bench.reader import median_of, medians_in_turns


def test_a_figure_and_its_baseline_are_measured_in_turns():
    calls = []
    measures = {name: (lambda name=name: calls.append(name) or len(calls)) for name in ("cold", "bare")}
    result = medians_in_turns(3, measures)
    assert calls == ["cold", "bare"] * 3
    assert result == {"cold": (3, [1, 3, 5]), "bare": (4, [2, 4, 6])}


def test_a_stalled_measurement_is_redone_and_too_many_stalls_raise(capsys):
    outcomes = iter([PlaywrightTimeout("stalled"), 7.0, 9.0])

    def measure():
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome
    assert median_of(2, measure) == (8.0, [7.0, 9.0])
    assert "stalled and is redone (1)" in capsys.readouterr().err

    def always_stalls():
        raise PlaywrightTimeout("stalled")
    with pytest.raises(PlaywrightTimeout):
        median_of(2, always_stalls)
