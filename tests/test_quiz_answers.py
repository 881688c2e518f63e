"""Layer 2: predict-quiz answers are cached by what they depend on, so a rebuild never shows a stale one."""
import json

import pytest


from sitebuild.pages import quiz_answers, quiz_html
from sitebuild.runtime import site_wheel


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(site_wheel, "source_hash", lambda: "source-v1")
    return tmp_path / "quiz-answers"


def test_an_answer_is_computed_once_then_read_back(cache):
    spec = {"setup": "import math", "answer": "math.sqrt(2) ** 2"}
    assert quiz_answers.answer(spec) == pytest.approx(2.0)
    (stored,) = cache.iterdir()
    stored.write_text(json.dumps(7.5))  # what a second build reads is the cache, not a new evaluation
    assert quiz_answers.answer(spec) == 7.5


def test_a_changed_answer_setup_or_explainers_source_is_recomputed(cache, monkeypatch):
    assert quiz_answers.answer({"answer": "0.9 ** 20"}) == pytest.approx(0.9 ** 20)
    assert quiz_answers.answer({"answer": "0.5 ** 20"}) == pytest.approx(0.5 ** 20)
    assert quiz_answers.answer({"setup": "k = 3", "answer": "0.5 ** k"}) == 0.125
    assert quiz_answers.answer({"setup": "k = 2", "answer": "0.5 ** k"}) == 0.25
    for stored in cache.iterdir():
        stored.write_text(json.dumps(-1.0))
    monkeypatch.setattr(site_wheel, "source_hash", lambda: "source-v2")  # the explainers changed
    assert quiz_answers.answer({"setup": "k = 2", "answer": "0.5 ** k"}) == 0.25


def test_a_failing_answer_is_reported_every_time_and_never_cached(cache):
    for _ in range(2):
        with pytest.raises(quiz_html.QuizError, match="failed: ZeroDivisionError"):
            quiz_answers.answer({"answer": "1 / 0"})
    assert not cache.exists() or not list(cache.iterdir())
