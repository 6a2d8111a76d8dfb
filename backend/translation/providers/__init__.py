"""The translation providers, and the one the settings choose."""

from __future__ import annotations

from backend.core.settings import Settings, TranslationProviderName
from backend.translation.providers.apertium import Apertium
from backend.translation.providers.base import NoProvider, Provider
from backend.translation.providers.deepl import DeepL
from backend.translation.providers.embedded import Embedded
from backend.translation.providers.libretranslate import LibreTranslate
from backend.translation.providers.papago import Papago


def build(settings: Settings) -> Provider:
    """The provider CITYHALL_TRANSLATION_PROVIDER names, configured from its settings."""
    name = settings.translation_provider
    url = settings.translation_url
    key = settings.translation_key.get_secret_value() if settings.translation_key else None
    timeout = settings.translation_timeout_seconds
    if name == TranslationProviderName.EMBEDDED:
        if settings.translation_models_dir is None:
            raise ValueError("CITYHALL_TRANSLATION_MODELS_DIR is required for `embedded`")
        return Embedded(settings.translation_models_dir)
    if name in (TranslationProviderName.APERTIUM, TranslationProviderName.LIBRETRANSLATE):
        if not url:
            raise ValueError(f"CITYHALL_TRANSLATION_URL is required for `{name.value}`")
        if name == TranslationProviderName.APERTIUM:
            return Apertium(url, timeout=timeout)
        return LibreTranslate(url, key=key, timeout=timeout)
    if name in (TranslationProviderName.PAPAGO, TranslationProviderName.DEEPL):
        if not key:
            raise ValueError(f"CITYHALL_TRANSLATION_KEY is required for `{name.value}`")
        if name == TranslationProviderName.PAPAGO:
            return Papago(url, key=key, timeout=timeout)
        return DeepL(url, key=key, timeout=timeout)
    return NoProvider()
