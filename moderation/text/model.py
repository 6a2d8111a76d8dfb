"""The learned part: one logistic regression per language over word-aware features of the
normalised text, scored in pure Python.

Features, per word of the text (`lexicon.WORD`) that the lexicon does not already judge: the
word itself, and the character n-grams of the word padded with a space on each side (1-3 in a
Korean text, 2-4 in an English one), so that an n-gram never spans two words and " ass " and
"class" share nothing but "ss". Values are counts divided by the square root of the number of
features of the text. The weights (data/model.json, written by scripts/train_text_model.py,
see MODEL.md) fold the regression's coefficients into one number per feature.

A word's features do not depend on the words around it, so in English (where words recur) the
scanner caches each word's summed weight: a chat line costs a dict look-up per word. Korean
words carry their particles and rarely recur: a Korean line's n-grams are built at once, over
the words joined by spaces, in C-level passes."""

from __future__ import annotations

import json
import math
import re
from importlib import resources
from itertools import repeat
from operator import add

WORD_MARK = "\x02"  # prefix of a whole-word feature, which no n-gram can start with
LANGUAGES = ("ko", "en")


_HANGUL = re.compile("[가-힣ㄱ-ㅣ]")
_ZEROS = repeat(0.0)


def is_hangul_word(word: str) -> bool:
    return _HANGUL.search(word) is not None


def word_features(word: str) -> list[str]:
    """The features of one word of an English text (with repeats): the word and the 2-4-grams
    of the padded word. Each order extends the previous one by a character: C-level loops."""
    p = f" {word} "
    g2 = list(map(add, p, p[1:]))
    g3 = list(map(add, g2, p[2:]))
    return [WORD_MARK + word, *g2, *g3, *map(add, g3, p[3:])]


def text_features(words: list[str], lang: str) -> list[str]:
    """The features of a text's words (those the lexicon does not judge), with repeats: per
    word, the word and the n-grams of the padded word, 1-3 in Korean text and 2-4 in English.
    Built over the words joined by spaces, where an n-gram that spans a space belongs to no
    word and has no weight (`feature_count` leaves it out)."""
    if lang == "en":
        return [f for w in words for f in word_features(w)]
    p = " " + " ".join(words) + " "
    g2 = list(map(add, p, p[1:]))
    g3 = [g for g in map(add, g2, p[2:]) if g[1] != " "]
    return [*map(WORD_MARK.__add__, words), *p.replace(" ", ""), *g2, *g3]


def feature_count(words: list[str], lang: str) -> int:
    """How many features `text_features` gives to words (not counting the spanning ones)."""
    letters = sum(map(len, words))
    return 3 * letters + (2 if lang == "ko" else 1) * len(words)


class Model:
    """Per language: weights, bias and decision thresholds."""

    def __init__(self, languages: dict[str, dict], weights: dict[str, dict[str, float]], **meta):
        self.languages = languages
        self.weights = weights
        self.meta = meta

    def threshold(self, lang: str, *, strict: bool = False) -> float:
        info = self.languages[lang]
        return float(info["youth_threshold" if strict else "threshold"])

    def word_sum(self, word: str) -> tuple[float, int]:
        """The summed weight of an English word's features and how many there are."""
        feats = word_features(word)
        return sum(map(self.weights["en"].get, feats, _ZEROS)), len(feats)

    def text_sum(self, words: list[str], lang: str) -> tuple[float, int]:
        """The summed weight of the features of a text's words and how many there are."""
        return self.feature_sum(text_features(words, lang), words, lang)

    def feature_sum(self, feats: list[str], words: list[str], lang: str) -> tuple[float, int]:
        """`text_sum` for features already built (`feats` = text_features(words, lang))."""
        return sum(map(self.weights[lang].get, feats, _ZEROS)), feature_count(words, lang)

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
