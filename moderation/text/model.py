"""The learned part: one logistic regression per language over word-aware features of the
normalised text, scored in pure Python.

Features, per word of the text (`lexicon.WORD`) that the lexicon does not already judge: the
word itself, and the character n-grams of the word padded with a space on each side (1-3 for a
word with Hangul, 2-4 otherwise), so that an n-gram never spans two words and " ass " and
"class" share nothing but "ss". Values are counts divided by the square root of the number of
features of the text. The weights (data/model.json, written by scripts/train_text_model.py,
see MODEL.md) fold the regression's coefficients into one number per feature.

A word's features do not depend on the words around it, so its summed weight is computed once
per distinct word and cached by the scanner: a chat line costs a dict look-up per word."""

from __future__ import annotations

import json
import math
from importlib import resources

WORD_MARK = "\x02"  # prefix of a whole-word feature, which no n-gram can start with
LANGUAGES = ("ko", "en")


def is_hangul_word(word: str) -> bool:
    return any("가" <= c <= "힣" or "ㄱ" <= c <= "ㅣ" for c in word)


def word_features(word: str) -> list[str]:
    """The features of one word (with repeats: a word may hold an n-gram twice)."""
    p = f" {word} "
    lo, hi = (1, 3) if is_hangul_word(word) else (2, 4)
    out = [WORD_MARK + word]
    n = len(p)
    for k in range(lo, hi + 1):
        out += [p[i : i + k] for i in range(n - k + 1)]
    if lo == 1:
        out.remove(" ")
        out.remove(" ")
    return out


class Model:
    """Per language: weights, bias and decision thresholds."""

    def __init__(self, languages: dict[str, dict], weights: dict[str, dict[str, float]], **meta):
        self.languages = languages
        self.weights = weights
        self.meta = meta

    def threshold(self, lang: str, *, strict: bool = False) -> float:
        info = self.languages[lang]
        return float(info["youth_threshold" if strict else "threshold"])

    def word_sum(self, lang: str, word: str) -> tuple[float, int]:
        """The summed weight of a word's features and how many there are."""
        feats = word_features(word)
        get = self.weights[lang].get
        return sum(get(f, 0.0) for f in feats), len(feats)

    def probability(self, lang: str, total: float, count: int) -> float:
        z = float(self.languages[lang]["bias"]) + (total / math.sqrt(count) if count else 0.0)
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
