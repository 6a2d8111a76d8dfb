"""The language of a chat line, offline: the script decides Korean, Japanese and Chinese; a
naive Bayes model shipped inside the `py3langid` wheel (no download at run time) decides the
rest. Lines too short or too mixed to tell are undetermined ("und") and never translated."""

from __future__ import annotations

import re
import threading
import unicodedata
from typing import Any

from backend.translation.languages import UNDETERMINED

# Letters a line needs before the model is asked: "ok", "lol", "ㅋㅋ" say nothing reliable.
MIN_LETTERS = 6
# The model's probability (among CANDIDATES) below which a line is undetermined.
MIN_CONFIDENCE = 0.6
# The model chooses among these: the city's locales and the languages of Seoul's foreign
# residents and visitors. A wider set lets short English lines pass for Xhosa or Sotho.
CANDIDATES = (
    "ko", "en", "zh", "ja", "vi", "th", "ru", "uz", "mn", "kk", "km", "ne", "id", "tl", "ms",
    "my", "si", "bn", "hi", "ur", "fa", "ar", "tr", "uk", "pt", "es", "fr", "de", "it", "nl",
    "pl",
)  # fmt: skip
_NOISE = re.compile(r"https?://\S+|www\.\S+|[@#]\w+|\S+@\S+")


def _script(char: str) -> str:
    code = ord(char)
    if 0xAC00 <= code <= 0xD7A3:
        return "hangul"
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
        return "kana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
        return "han"
    # Standalone jamo (ㅋㅋ, ㅠㅠ) are laughter and tears, not words.
    if 0x3130 <= code <= 0x318F or 0x1100 <= code <= 0x11FF:
        return "jamo"
    return "other"


def by_script(text: str) -> str | None:
    """Korean, Japanese or Chinese when East Asian characters make up most of the letters;
    None when the script does not decide."""
    counts = {"hangul": 0, "kana": 0, "han": 0, "jamo": 0, "other": 0}
    for char in text:
        if char.isalpha():
            counts[_script(char)] += 1
    letters = sum(counts.values())
    east_asian = counts["hangul"] + counts["kana"] + counts["han"]
    if east_asian == 0 or east_asian * 2 < letters:
        return None
    if counts["hangul"] and counts["hangul"] >= counts["kana"]:
        return "ko"
    if counts["kana"]:
        return "ja"
    # Two Han characters at least: one alone is as likely a Japanese or Korean word.
    return "zh" if counts["han"] >= 2 else UNDETERMINED


class Detector:
    """Loads the model once (about two seconds, ~100 MB) and is then safe to share: a call
    costs well under a millisecond of CPU."""

    def __init__(self) -> None:
        self._identifier: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._identifier is not None:
                return
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifier.set_languages(list(CANDIDATES))
            self._identifier = identifier

    def detect(self, text: str) -> str:
        """The language of `text` (ISO 639-1) or "und"."""
        text = unicodedata.normalize("NFC", _NOISE.sub(" ", text))
        decided = by_script(text)
        if decided is not None:
            return decided
        if sum(1 for char in text if char.isalpha()) < MIN_LETTERS:
            return UNDETERMINED
        if self._identifier is None:
            self.load()
        lang, confidence = self._identifier.classify(text)
        return lang if confidence >= MIN_CONFIDENCE else UNDETERMINED


detector = Detector()
