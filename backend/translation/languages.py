"""One spelling for every language the platform detects, translates or offers as a locale:
ISO 639-1, lower case (`zh` is Simplified Chinese), and the mapping from providers' tags."""

from __future__ import annotations

UNDETERMINED = "und"
# Korean, English, and the languages of Seoul's largest foreign communities: offered as
# locales whatever the translation engine (the interface strings fall back to English).
BASE_LOCALES: tuple[str, ...] = ("ko", "en", "zh", "ja", "vi")
LOCALE_PATTERN = r"^[a-z]{2,3}$"

# ISO 639-3 (Apertium's codes) to ISO 639-1, for the languages Apertium pairs cover.
_THREE_LETTER = {
    "ara": "ar",
    "bel": "be",
    "bul": "bg",
    "cat": "ca",
    "ces": "cs",
    "cym": "cy",
    "dan": "da",
    "deu": "de",
    "ell": "el",
    "eng": "en",
    "epo": "eo",
    "eus": "eu",
    "fin": "fi",
    "fra": "fr",
    "gle": "ga",
    "glg": "gl",
    "hin": "hi",
    "ind": "id",
    "isl": "is",
    "ita": "it",
    "jpn": "ja",
    "kaz": "kk",
    "kor": "ko",
    "mkd": "mk",
    "mlt": "mt",
    "msa": "ms",
    "nld": "nl",
    "nno": "nn",
    "nob": "nb",
    "oci": "oc",
    "pol": "pl",
    "por": "pt",
    "ron": "ro",
    "rus": "ru",
    "slk": "sk",
    "slv": "sl",
    "spa": "es",
    "srp": "sr",
    "swe": "sv",
    "tat": "tt",
    "tha": "th",
    "tur": "tr",
    "ukr": "uk",
    "urd": "ur",
    "vie": "vi",
    "zho": "zh",
}
# Traditional Chinese is a language of its own to a reader of Simplified: not folded into zh.
# LibreTranslate spells it `zt`.
_TRADITIONAL = frozenset({"zh-tw", "zh-hant", "zh-hk", "zt", "zho_trad", "zh_trad"})


def canonical(tag: str) -> str | None:
    """A provider's or a client's language tag in our spelling (`pt-BR` -> `pt`, `ZH-HANS` ->
    `zh`, `eng_US` -> `en`), or None for a tag we do not offer (Traditional Chinese, or
    something that is not a language tag)."""
    lowered = tag.strip().lower()
    if lowered in _TRADITIONAL:
        return None
    base = lowered.replace("_", "-").split("-", 1)[0]
    if len(base) == 3:
        return _THREE_LETTER.get(base)
    if len(base) == 2 and base.isascii() and base.isalpha():
        return base
    return None
