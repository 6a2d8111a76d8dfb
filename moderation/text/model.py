"""The learned part: a logistic regression over character 1-4-grams of the normalised text.

Inference is pure Python: the n-grams come from C-level regex scans and the weights from one
dict look-up each, so a chat line costs a few microseconds. The weights live in
`data/model.json`, written by `scripts/train_text_model.py` (see MODEL.md).

Features: the distinct n-grams of " " + text + " " for n = 1..4, each worth 1/sqrt(number of
distinct n-grams) (binary features with L2 row normalisation). The weights are those of an
NB-weighted logistic regression (log-count ratios times the regression's coefficients), which
folds into one weight per n-gram."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from importlib import resources
from operator import add

MAX_N = 3


def ngrams(text: str) -> set[str]:
    """The distinct 1..3-grams of the text padded with a space on each side."""
    p = f" {text} "
    # Each order extends the previous one by a character: C-level loops, no slicing.
    g2 = list(map(add, p, p[1:]))
    return {*p, *g2, *map(add, g2, p[2:])}


# What the model sees in place of a lexicon hit: the lexicon already judges those words, so
# the model learns the rest (insults without swear words) and does not learn "씨" or "fuc"
# as abusive in themselves, which would flag 씨름 or Fuchsia.
MASK = "\ue000"


def features(text: str, grams: set[str], spans: Iterable[tuple[int, int]]) -> set[str]:
    """The model's input: the n-grams of `text` with the lexicon's hit `spans` (in `text`)
    each replaced by MASK. `grams` are `ngrams(text)`, reused when nothing was hit."""
    cut = sorted(spans)
    if not cut:
        return grams
    pieces = []
    last = 0
    for a, b in cut:
        if b <= last:
            continue
        pieces.append(text[last:a] if a > last else "")
        pieces.append(MASK)
        last = b
    pieces.append(text[last:])
    return ngrams("".join(pieces))


class Model:
    def __init__(
        self, weights: dict[str, float], bias: float, threshold: float, **meta: object
    ) -> None:
        self.weights = weights
        self._keys = frozenset(weights)
        self.bias = bias
        self.threshold = threshold
        self.meta = meta

    def margin(self, grams: set[str]) -> float:
        """`grams` as made by `ngrams` (never empty: the padding is there)."""
        z = sum(map(self.weights.__getitem__, self._keys.intersection(grams)))
        return self.bias + z / math.sqrt(len(grams))

    def score(self, grams: set[str]) -> float:
        z = self.margin(grams)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> str:
        head = {"bias": self.bias, "threshold": self.threshold, **self.meta}
        # One weight per line keeps the committed file diffable.
        lines = [json.dumps(head, ensure_ascii=False)[:-1] + ',"weights":{']
        items = sorted(self.weights.items())
        lines += [
            json.dumps(g, ensure_ascii=False) + ":" + repr(w) + ("," if i < len(items) - 1 else "")
            for i, (g, w) in enumerate(items)
        ]
        lines.append("}}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_json(cls, raw: str) -> Model:
        data = json.loads(raw)
        weights = data.pop("weights")
        return cls(weights, float(data.pop("bias")), float(data.pop("threshold")), **data)


def load(name: str = "model.json") -> Model:
    raw = resources.files("moderation.text").joinpath("data", name).read_text("utf-8")
    return Model.from_json(raw)
