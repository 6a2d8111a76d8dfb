"""The phrase grammar: harm that needs no swear word (threats, doxxing, sexual harassment,
urging someone to kill themselves, dehumanisation) and multi-word insults, as families of
sentences rather than lists of them.

A rule is a regular expression over the normalised text built from macros (data/phrases_*.txt):
`{SUBJ} {WILL} {HURT} {YOU}` covers "i will kill you", "im gonna stab u", "we shall hang
yall". Each rule names an anchor macro, its rarest part: a text's words are looked up among
the anchors (whole words in English; in Korean, the n-grams the scanner builds for every new
word anyway), so a rule's regex runs only on texts that hold one of its anchors."""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from dataclasses import dataclass

from moderation.text.hangul import SKELETON
from moderation.text.lexicon import KEY_LEN, read_data

CATEGORIES = (
    "threat",
    "doxxing",
    "sexual_harassment",
    "self_harm",
    "dehumanisation",
    "hate",
    "insult",
    "sexual",
)
_MACRO_USE = re.compile(r"\{([A-Z_]+)\}")
_LITERAL = re.compile(r"[^\\()\[\]{}?*+|.^$ ]+")


@dataclass(frozen=True, slots=True)
class Rule:
    category: str
    severity: int
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # in the normalised text
    end: int
    rule: Rule


def _spaces(pattern: str, sep: str) -> str:
    """Spaces stand for `sep`, except inside lookbehinds, which need a fixed width."""
    out: list[str] = []
    depth = 0
    behind: list[int] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith(("(?<!", "(?<="), i):
            behind.append(depth)
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if behind and behind[-1] == depth:
                behind.pop()
        out.append(sep if ch == " " and not behind else ch)
        i += 1
    return "".join(out)


class Grammar:
    def __init__(self, names: Iterable[str] = ("phrases_en.txt", "phrases_ko.txt")) -> None:
        self.rules: list[Rule] = []
        # anchor -> ids of the rules it opens: a whole Latin word, or the first KEY_LEN
        # letters of a Hangul one (which particles follow: 죽여버린다, 죽여버릴까)
        self.by_key: dict[str, list[int]] = {}
        for name in names:
            self._load(name, korean="_ko" in name)
        self.keys = frozenset(self.by_key)

    def _load(self, name: str, *, korean: bool) -> None:
        macros: dict[str, list[str]] = {}
        for line in read_data(name):
            if line.startswith("@"):
                key, _, value = line[1:].partition("=")
                macros[key.strip()] = [alt.strip() for alt in value.split(" | ")]
                continue
            category, severity, anchor, body = line.split("\t")
            if category not in CATEGORIES or severity not in "123" or anchor not in macros:
                raise ValueError(f"{name}: bad phrase rule {line!r}")
            source = self._expand(body, macros)
            if korean:
                regex = _spaces(source.translate(SKELETON), r"\s*")
            else:
                regex = r"(?<![a-z0-9])(?:" + _spaces(source, r"[^a-z0-9]+") + r")(?![a-z0-9])"
            rule_id = len(self.rules)
            self.rules.append(Rule(category, int(severity), re.compile(regex)))
            for alt in macros[anchor]:
                word = _anchor(alt.translate(SKELETON) if korean else alt, name, line)
                self.by_key.setdefault(word[:KEY_LEN] if korean else word, []).append(rule_id)

    def _expand(self, body: str, macros: dict[str, list[str]]) -> str:
        for _ in range(4):  # macros may use macros
            body = _MACRO_USE.sub(lambda m: "(?:" + "|".join(macros[m.group(1)]) + ")", body)
        if _MACRO_USE.search(body):
            raise ValueError(f"macros nested too deep in {body!r}")
        return body

    def rules_for(self, keys: Set[str]) -> set[int]:
        """The rules whose anchors a text's words hold (`keys`: their anchor keys)."""
        return {i for k in keys for i in self.by_key[k]}

    def find(self, s: str, rule_ids: Iterable[int]) -> list[Match]:
        out = []
        for i in sorted(rule_ids):
            rule = self.rules[i]
            out += [Match(m.start(), m.end(), rule) for m in rule.pattern.finditer(s) if m.end()]
        return out


def _anchor(alt: str, name: str, line: str) -> str:
    """The longest literal word of an anchor alternative ("go die" is found by "die")."""
    words = [w for w in alt.split() if _LITERAL.fullmatch(w)]
    if not words:
        raise ValueError(f"{name}: anchor alternative {alt!r} has no literal word ({line!r})")
    return max(words, key=len)
