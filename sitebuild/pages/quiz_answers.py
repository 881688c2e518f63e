"""The answers of `predict` quizzes, computed by CPython and cached by what they depend on. Not a step of the plugin.

Evaluating an answer may import numpy and the explainers (a tenth of a second or so); a rebuild in which
neither the quiz nor the explainers source changed reads the number back instead.
"""
from __future__ import annotations

import hashlib
import json
import sys

from . import quiz_html
from ..runtime import site_wheel
from ..paths import cache_dir, write_json


def answer(spec: dict) -> float:
    """quiz_html.evaluate(spec), from the cache when setup, answer and the explainers are unchanged."""
    parts = [spec.get("setup") or "", spec["answer"], site_wheel.source_hash(), sys.version]
    key = hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:24]
    cached = cache_dir() / "quiz-answers" / f"{key}.json"
    if cached.is_file():
        return json.loads(cached.read_text())
    value = quiz_html.evaluate(spec)  # raises QuizError, never cached
    write_json(cached, value)
    return value
