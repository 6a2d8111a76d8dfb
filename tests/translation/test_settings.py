"""CITYHALL_TRANSLATION_* choose and configure the provider; a provider missing what it needs
stops the server at start-up instead of failing on the first chat line."""

from __future__ import annotations

import pytest

from backend.core.settings import Settings
from backend.translation import providers


def _settings(tmp_path, **values) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("values", "name", "cloud"),
    [
        ({}, "none", False),
        ({"translation_provider": "embedded", "translation_models_dir": "."}, "embedded", False),
        ({"translation_provider": "apertium", "translation_url": "http://apy"}, "apertium", False),
        (
            {"translation_provider": "libretranslate", "translation_url": "http://lt"},
            "libretranslate",
            False,
        ),
        ({"translation_provider": "papago", "translation_key": "id:secret"}, "papago", True),
        ({"translation_provider": "deepl", "translation_key": "k:fx"}, "deepl", True),
    ],
)
def test_the_settings_choose_the_provider(tmp_path, values, name, cloud):
    provider = providers.build(_settings(tmp_path, **values))
    assert (provider.name, provider.cloud) == (name, cloud)


@pytest.mark.parametrize(
    ("values", "missing"),
    [
        ({"translation_provider": "embedded"}, "MODELS_DIR"),
        ({"translation_provider": "apertium"}, "URL"),
        ({"translation_provider": "libretranslate"}, "URL"),
        ({"translation_provider": "papago"}, "KEY"),
        ({"translation_provider": "deepl"}, "KEY"),
    ],
)
def test_a_provider_without_what_it_needs_is_refused(tmp_path, values, missing):
    with pytest.raises(ValueError, match=missing):
        providers.build(_settings(tmp_path, **values))


def test_an_unknown_provider_is_refused(tmp_path):
    with pytest.raises(ValueError, match="translation_provider"):
        _settings(tmp_path, translation_provider="google")
