"""Hangul arithmetic: composing jamo into syllables, the dubeolsik keyboard, and the
"skeleton" that folds spelling variants used to dodge filters (씌/씨, 칀/친, 좆/좃).

Everything here is table-driven and built once at import; nothing per call allocates more than
the output."""

from __future__ import annotations

SBASE = 0xAC00
SLAST = 0xD7A3
CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
JUNGSEONG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
JONGSEONG = " ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"  # index 0 = no final

_L = {c: i for i, c in enumerate(CHOSEONG)}
_V = {c: i for i, c in enumerate(JUNGSEONG)}
_T = {c: i for i, c in enumerate(JONGSEONG) if i}
_VOWEL_PAIRS = {
    ("ㅗ", "ㅏ"): "ㅘ",
    ("ㅗ", "ㅐ"): "ㅙ",
    ("ㅗ", "ㅣ"): "ㅚ",
    ("ㅜ", "ㅓ"): "ㅝ",
    ("ㅜ", "ㅔ"): "ㅞ",
    ("ㅜ", "ㅣ"): "ㅟ",
    ("ㅡ", "ㅣ"): "ㅢ",
}
_FINAL_PAIRS = {
    ("ㄱ", "ㅅ"): "ㄳ",
    ("ㄴ", "ㅈ"): "ㄵ",
    ("ㄴ", "ㅎ"): "ㄶ",
    ("ㄹ", "ㄱ"): "ㄺ",
    ("ㄹ", "ㅁ"): "ㄻ",
    ("ㄹ", "ㅂ"): "ㄼ",
    ("ㄹ", "ㅅ"): "ㄽ",
    ("ㄹ", "ㅌ"): "ㄾ",
    ("ㄹ", "ㅍ"): "ㄿ",
    ("ㄹ", "ㅎ"): "ㅀ",
    ("ㅂ", "ㅅ"): "ㅄ",
}

# Two-set (dubeolsik) layout: the key a Korean typist presses for each jamo.
DUBEOLSIK = dict(
    zip(
        "qwertyuiopasdfghjklzxcvbnmQWERTOP",
        "ㅂㅈㄷㄱㅅㅛㅕㅑㅐㅔㅁㄴㅇㄹㅎㅗㅓㅏㅣㅋㅌㅊㅍㅠㅜㅡㅃㅉㄸㄲㅆㅒㅖ",
        strict=True,
    )
)
_KEY_OF = {j: k for k, j in DUBEOLSIK.items()}
_COMPOUND_VOWEL_KEYS = {v: a + b for (a, b), v in _VOWEL_PAIRS.items()}
_COMPOUND_FINAL_KEYS = {t: a + b for (a, b), t in _FINAL_PAIRS.items()}


def is_syllable(ch: str) -> bool:
    return SBASE <= ord(ch) <= SLAST


def compose(jamo: str) -> tuple[str, list[tuple[int, int]]]:
    """Compose a run of compatibility jamo into syllables where they form them.

    Returns the text and, per output character, the [start, end) of the input it came from.
    Letters that form no syllable (ㅋㅋ, ㅅㅂ, a lone vowel) are kept as they are."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    n = len(jamo)
    i = 0
    while i < n:
        c = jamo[i]
        if c in _L and i + 1 < n and jamo[i + 1] in _V:
            start, lead, vowel = i, c, jamo[i + 1]
            i += 2
            if i < n and (vowel, jamo[i]) in _VOWEL_PAIRS:
                vowel = _VOWEL_PAIRS[vowel, jamo[i]]
                i += 1
            final = ""
            if i < n and jamo[i] in _T and not (i + 1 < n and jamo[i + 1] in _V):
                final = jamo[i]
                i += 1
                nxt = jamo[i] if i < n else ""
                if (final, nxt) in _FINAL_PAIRS and not (i + 1 < n and jamo[i + 1] in _V):
                    final = _FINAL_PAIRS[final, nxt]
                    i += 1
            code = SBASE + (_L[lead] * 21 + _V[vowel]) * 28 + (_T[final] if final else 0)
            out.append(chr(code))
            spans.append((start, i))
        else:
            out.append(c)
            spans.append((i, i + 1))
            i += 1
    return "".join(out), spans


def from_qwerty(keys: str) -> tuple[str, list[tuple[int, int]]]:
    """Hangul typed with the keyboard left in English mode (`tlqkf` -> 시발)."""
    return compose("".join(DUBEOLSIK.get(k, DUBEOLSIK.get(k.lower(), k)) for k in keys))


def to_qwerty(text: str) -> str:
    """The keystrokes that type `text` on a dubeolsik keyboard (syllables and jamo only)."""
    keys: list[str] = []
    for ch in text:
        if is_syllable(ch):
            idx = ord(ch) - SBASE
            lead, vowel, final = CHOSEONG[idx // 588], JUNGSEONG[idx // 28 % 21], idx % 28
            keys.append(_KEY_OF[lead])
            keys.append(_KEY_OF.get(vowel) or _jamo_keys(_COMPOUND_VOWEL_KEYS[vowel]))
            if final:
                t = JONGSEONG[final]
                keys.append(_KEY_OF.get(t) or _jamo_keys(_COMPOUND_FINAL_KEYS[t]))
        else:
            keys.append(_KEY_OF.get(ch, ch))
    return "".join(keys)


def _jamo_keys(pair: str) -> str:
    return "".join(_KEY_OF[j] for j in pair)


def _skeleton_table() -> dict[int, str]:
    """Fold spellings that read alike: ㅢ and ㅟ to ㅣ (씌발, 미칀), ㅖ/ㅒ to ㅔ/ㅐ, and the
    finals that all sound like ㅅ (좆/좃/졷)."""
    vowel_map = {"ㅢ": "ㅣ", "ㅟ": "ㅣ", "ㅖ": "ㅔ", "ㅒ": "ㅐ"}
    final_map = {"ㅈ": "ㅅ", "ㅊ": "ㅅ", "ㄷ": "ㅅ", "ㅌ": "ㅅ", "ㅆ": "ㅅ"}
    table: dict[int, str] = {}
    for code in range(SBASE, SLAST + 1):
        idx = code - SBASE
        lead, vowel, final = CHOSEONG[idx // 588], JUNGSEONG[idx // 28 % 21], idx % 28
        t = JONGSEONG[final] if final else ""
        lead2 = lead  # not ㅆ->ㅅ: 씹년 would become 십년 (ten years)
        vowel2 = vowel_map.get(vowel, vowel)
        t2 = final_map.get(t, t)
        if (lead2, vowel2, t2) != (lead, vowel, t):
            new = SBASE + (_L[lead2] * 21 + _V[vowel2]) * 28 + (_T[t2] if t2 else 0)
            table[code] = chr(new)
    return table


SKELETON = _skeleton_table()


def elongation_pattern() -> str:
    """A regex for drawn-out vowels: an open syllable followed by vowel-only syllables that
    repeat its vowel (씨이발, 시이이발, 개애새끼); replace a match by its first character."""
    parts = []
    for vowel in "ㅏㅓㅗㅜㅡㅣㅐㅔ":
        v = _V[vowel]
        openings = "".join(chr(SBASE + (lead * 21 + v) * 28) for lead in range(19))
        echo = chr(SBASE + (_L["ㅇ"] * 21 + v) * 28)
        parts.append(f"[{openings}]{echo}+")
    return "|".join(parts)


def elongation_hint() -> str:
    """A cheap necessary condition for `elongation_pattern` (one character class pair)."""
    vowels = "ㅏㅓㅗㅜㅡㅣㅐㅔ"
    openings = "".join(chr(SBASE + (lead * 21 + _V[v]) * 28) for v in vowels for lead in range(19))
    echoes = "".join(chr(SBASE + (_L["ㅇ"] * 21 + _V[v]) * 28) for v in vowels)
    return f"[{openings}][{echoes}]"


def _parts(ch: str) -> tuple[int, int, int]:
    idx = ord(ch) - SBASE
    return idx // 588, idx // 28 % 21, idx % 28


def echo_final_pattern() -> str:
    """A regex for a drawn-out syllable whose final consonant rides on the echo (바알 for 발,
    조온 for 존): an open syllable followed by ㅇ + the same vowel + a final."""
    parts = []
    for vowel in "ㅏㅓㅗㅜㅡㅣㅐㅔ":
        v = _V[vowel]
        openings = "".join(chr(SBASE + (lead * 21 + v) * 28) for lead in range(19))
        first = chr(SBASE + (_L["ㅇ"] * 21 + v) * 28 + 1)
        last = chr(SBASE + (_L["ㅇ"] * 21 + v) * 28 + 27)
        parts.append(f"[{openings}][{first}-{last}]")
    return "|".join(parts)


def merge_echo_final(pair: str) -> str:
    """바알 -> 발: the first syllable takes the echo's final consonant."""
    lead, vowel, _ = _parts(pair[0])
    final = _parts(pair[1])[2]
    return chr(SBASE + (lead * 21 + vowel) * 28 + final)


# How Korean words are written in Latin letters: Revised Romanization and the spellings people
# use besides it (McCune-Reischauer, English-style), a few per letter so that the forms of a
# word stay countable.
_ROMAN_LEAD = {
    "ㄱ": ("g", "k"), "ㄲ": ("kk", "gg"), "ㄴ": ("n",), "ㄷ": ("d", "t"), "ㄸ": ("tt", "dd"),
    "ㄹ": ("r", "l"), "ㅁ": ("m",), "ㅂ": ("b", "p"), "ㅃ": ("pp", "bb"), "ㅅ": ("s", "sh"),
    "ㅆ": ("ss", "s", "c"), "ㅇ": ("",), "ㅈ": ("j", "z"), "ㅉ": ("jj", "zz"), "ㅊ": ("ch",),
    "ㅋ": ("k",), "ㅌ": ("t",), "ㅍ": ("p", "ph"), "ㅎ": ("h",),
}  # fmt: skip
_ROMAN_VOWEL = {
    "ㅏ": ("a",), "ㅐ": ("ae", "e"), "ㅑ": ("ya",), "ㅒ": ("yae",), "ㅓ": ("eo", "u", "o"),
    "ㅔ": ("e",), "ㅕ": ("yeo", "yu"), "ㅖ": ("ye",), "ㅗ": ("o",), "ㅘ": ("wa",),
    "ㅙ": ("wae",), "ㅚ": ("oe", "we"), "ㅛ": ("yo",), "ㅜ": ("u", "oo"), "ㅝ": ("wo",),
    "ㅞ": ("we",), "ㅟ": ("wi",), "ㅠ": ("yu",), "ㅡ": ("eu", "u"), "ㅢ": ("ui", "eui"),
    "ㅣ": ("i", "ee"),
}  # fmt: skip
_ROMAN_FINAL = {
    "": ("",), "ㄱ": ("k", "g"), "ㄴ": ("n",), "ㄷ": ("t", "d"), "ㄹ": ("l",), "ㅁ": ("m",),
    "ㅂ": ("p", "b"), "ㅅ": ("t", "s"), "ㅇ": ("ng",), "ㅈ": ("t", "j"), "ㅊ": ("t",),
    "ㅋ": ("k",), "ㅌ": ("t",), "ㅍ": ("p",), "ㅎ": ("t",), "ㄲ": ("k",), "ㅆ": ("t", "ss"),
}  # fmt: skip


def romanizations(word: str, limit: int = 96) -> set[str]:
    """The Latin spellings of a Hangul word (syllables only), at most `limit` of them: every
    combination of the common spellings of each letter (시발: sibal, shibal, sipal, ...)."""
    forms = [""]
    for ch in word:
        if not is_syllable(ch):
            return set()
        lead, vowel, final = _parts(ch)
        t = JONGSEONG[final] if final else ""
        options = [
            a + b + c
            for a in _ROMAN_LEAD[CHOSEONG[lead]]
            for b in _ROMAN_VOWEL[JUNGSEONG[vowel]]
            for c in _ROMAN_FINAL.get(t, ("",))
        ]
        forms = [f + o for f in forms for o in options]
        if len(forms) > limit:
            forms = forms[:limit]
    return set(forms)
