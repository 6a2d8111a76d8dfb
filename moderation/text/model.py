"""The learned part: one logistic regression per language over word-aware features of the
normalised text, scored in pure Python.

Features, per word of the text (`lexicon.WORD`) that the lexicon does not already judge: the
word itself, and its first and last 1-4 letters with the word boundary (" gra", "ape " for
"grape"): what a word starts and ends with carries its stem and its particles or endings,
while an n-gram inside a word ("rape" in "grape", "cum" in "cucumber") carries nothing a model
should reward. A text's words count once each ("spam spam spam" is "spam"); values are
counts divided by the square root of the number of features plus `SHORT_TEXT_PRIOR`. The
weights (data/model.json, written by scripts/train_text_model.py, see MODEL.md) are the
regression's coefficients, one number per feature.

A word's features do not depend on the words around it, so the scanner caches each word's
summed weight: a chat line costs a dict look-up per word."""

from __future__ import annotations

import json
import math
import re
from importlib import resources
from itertools import repeat

WORD_MARK = "\x02"  # prefix of a whole-word feature, which no n-gram can start with
# Added to a text's feature count before the square root: a text of one or two words ("spam",
# "are you a human") says little, and without it a single word would decide its score alone.
SHORT_TEXT_PRIOR = 16
LANGUAGES = ("ko", "en")


_HANGUL = re.compile("[가-힣ㄱ-ㅣ]")
_ZEROS = repeat(0.0)


def is_hangul_word(word: str) -> bool:
    return _HANGUL.search(word) is not None


def word_features(word: str) -> list[str]:
    """The features of one word (with repeats): the word, and the n-grams of the word padded
    with a space on each side that touch the padding: its first and its last 1-4 letters with
    the boundary (" gra", "ape "), never the letters inside it alone ("rape" in "grape")."""
    p = f" {word} "
    if len(p) >= 5:
        return [WORD_MARK + word, p[:2], p[:3], p[:4], p[:5], p[-2:], p[-3:], p[-4:], p[-5:]]
    return [
        WORD_MARK + word,
        *(p[:k] for k in range(2, len(p) + 1)),
        *(p[-k:] for k in range(2, len(p) + 1)),
    ]


def text_features(words: list[str]) -> list[str]:
    """The features of a text's words (those the lexicon does not judge), with repeats: the
    same as `word_features` word by word, built slice by slice over all the words at once."""
    padded = [f" {w} " for w in words]
    long = [p for p in padded if len(p) >= 5]
    feats = [WORD_MARK + w for w in words]
    for k in (2, 3, 4, 5):
        feats += [p[:k] for p in long]
        feats += [p[-k:] for p in long]
    for p in padded:
        if len(p) < 5:
            feats += [p[:k] for k in range(2, len(p) + 1)] + [p[-k:] for k in range(2, len(p) + 1)]
    return feats


class Model:
    """Per language: weights, bias and decision thresholds."""

    def __init__(self, languages: dict[str, dict], weights: dict[str, dict[str, float]], **meta):
        self.languages = languages
        self.weights = weights
        self.meta = meta

    def threshold(self, lang: str, *, strict: bool = False) -> float:
        info = self.languages[lang]
        return float(info["youth_threshold" if strict else "threshold"])

    def word_sum(self, word: str, lang: str) -> tuple[float, int]:
        """The summed weight of a word's features and how many there are."""
        feats = word_features(word)
        return sum(map(self.weights[lang].get, feats, _ZEROS)), len(feats)

    def probability(self, lang: str, total: float, count: int) -> float:
        z = float(self.languages[lang]["bias"]) + total / math.sqrt(count + SHORT_TEXT_PRIOR)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> str:
        head = {"languages": self.languages, **self.meta}
        # One weight per line keeps the committed file diffable.
        lines = [json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "weights": {']
        for n, lang in enumerate(sorted(self.weights)):
            items = sorted(self.weights[lang].items())
            lines.append(f'  "{lang}": {{')
            lines += [
                "   " + json.dumps(g, ensure_ascii=False) + ": " + repr(w)
                + ("," if i < len(items) - 1 else "")
                for i, (g, w) in enumerate(items)
            ]  # fmt: skip
            lines.append("  }" + ("," if n < len(self.weights) - 1 else ""))
        lines.append(" }\n}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_json(cls, raw: str) -> Model:
        data = json.loads(raw)
        return cls(data.pop("languages"), data.pop("weights"), **data)


def load(name: str = "model.json") -> Model:
    raw = resources.files("moderation.text").joinpath("data", name).read_text("utf-8")
    return Model.from_json(raw)
