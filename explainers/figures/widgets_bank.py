"""Data for the bank widget on the bidirectional page: P(money) at every word of a sentence for the
forward LSTM and the BiLSTM of the "which bank?" task. The examples are computed at build time; the
reader's browser calls `probs()` itself (the same code) for a sentence it types.

JSON `examples`: {"vocab" [words], "cues": {"river": [..], "money": [..]}, "word": "bank",
                  "examples": [{"sentence", "words", "sense", "lstm" [T], "bilstm" [T]}]}
Each list holds P(money) per word, 3 significant digits."""
import functools

from explainers.figures import _parens
from explainers.tasks import bank as task
from explainers.train import bank as trained

NAME = "widgets_bank"
DEPENDS = ("explainers/data/bank_lstm.*", "explainers/data/bank_bilstm.*")
MODELS = {"lstm": "bank_lstm", "bilstm": "bank_bilstm"}


@functools.lru_cache(maxsize=1)
def _models():
    return {k: trained.load(name)[:2] for k, name in MODELS.items()}


def words_of(sentence: str) -> list:
    """Lowercase words; a word outside the vocabulary raises ValueError naming it."""
    words = sentence.lower().split()
    if not words:
        raise ValueError("type a sentence of a few words")
    bad = [w for w in words if w not in task.INDEX]
    if bad:
        raise ValueError(f"not in the toy vocabulary: {', '.join(dict.fromkeys(bad))}")
    return words


def probs(sentence: str) -> dict:
    """{"words", "lstm" [T], "bilstm" [T]}: P(money) at every word, from both models."""
    words = words_of(sentence)
    x = task.encode(words)
    return {"words": words, **{k: _parens.sig(trained.sense_probs(m, h, x), 3) for k, (m, h) in _models().items()}}


def compute() -> dict:
    examples = []
    for s in task.EXAMPLES:
        p = probs(s)
        examples.append({"sentence": s, "sense": task.SENSES[task.sense_of(p["words"])], **p})
    return {"vocab": task.VOCAB, "word": task.WORD, "examples": examples,
            "cues": {sense: list(c) for sense, c in zip(task.SENSES, task.CUES)}}


def render(data: dict) -> list:
    from .base import Json

    return [Json("examples", data)]
