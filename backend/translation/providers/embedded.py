"""Firefox Translations (Bergamot) models run in this process by `fxtranslate`, from a
directory the operator fills (`fxtranslate models add en ko --cache-dir DIR` on a connected
machine, or copies of the files): one sub-directory per direction, named `<source>-<target>`,
holding `model.*.bin`, `vocab.*.spm` (or `srcvocab.*.spm` and `trgvocab.*.spm`) and
optionally the shortlist `lex.*.s2t.bin`.

An fxtranslate engine may only be used by the thread that built it: every engine lives on
one worker thread of its own, and translations queue for it. Pairs without a direct model
pivot through English when both legs are installed, as Firefox does."""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from backend.translation.languages import canonical
from backend.translation.providers.base import Pair, ProviderError, UnsupportedPair

PIVOT = "en"
# The engine thread's CPU priority below the event loop's (Linux: a nice value per thread):
# on a busy machine the chat path keeps its share and translations wait.
ENGINE_NICENESS = 10


@dataclass(frozen=True, slots=True)
class ModelFiles:
    model: Path
    source_vocab: Path
    target_vocab: Path
    shortlist: Path | None


def _first(directory: Path, pattern: str) -> Path | None:
    return next(iter(sorted(directory.glob(pattern))), None)


def model_files(directory: Path) -> ModelFiles | None:
    """The files of one direction's model, or None when the directory does not hold one."""
    model = _first(directory, "model.*.bin")
    shared = _first(directory, "vocab.*.spm")
    source_vocab = _first(directory, "srcvocab.*.spm") or shared
    target_vocab = _first(directory, "trgvocab.*.spm") or shared
    if model is None or source_vocab is None or target_vocab is None:
        return None
    return ModelFiles(model, source_vocab, target_vocab, _first(directory, "lex.*.s2t.bin"))


def installed(models_dir: Path) -> dict[Pair, ModelFiles]:
    """Every direction the directory really holds a model for."""
    found: dict[Pair, ModelFiles] = {}
    if not models_dir.is_dir():
        return found
    for directory in sorted(models_dir.iterdir()):
        source, _, target = directory.name.partition("-")
        pair = (canonical(source), canonical(target))
        files = model_files(directory) if directory.is_dir() else None
        if pair[0] is not None and pair[1] is not None and files is not None:
            found[(pair[0], pair[1])] = files
    return found


def _lower_priority() -> None:
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), ENGINE_NICENESS)


class Embedded:
    name = "embedded"
    cloud = False

    def __init__(self, models_dir: Path) -> None:
        self._models = installed(models_dir)
        self._thread = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="translation-engine", initializer=_lower_priority
        )
        # Touched only on the worker thread.
        self._engines: dict[Pair, Any] = {}

    async def languages(self) -> frozenset[Pair]:
        direct = set(self._models)
        pivots = {
            (source, target)
            for source, middle in direct
            for middle_again, target in direct
            if middle == PIVOT == middle_again and source != target
        }
        return frozenset(direct | pivots)

    def _route(self, source: str, target: str) -> list[Pair]:
        if (source, target) in self._models:
            return [(source, target)]
        if (source, PIVOT) in self._models and (PIVOT, target) in self._models:
            return [(source, PIVOT), (PIVOT, target)]
        raise UnsupportedPair(f"no {source}->{target} model is installed")

    async def translate(self, texts: Sequence[str], source: str | None, target: str) -> list[str]:
        if source is None:
            raise UnsupportedPair("the embedded engine needs the source language")
        route = self._route(source, target)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, self._run, route, list(texts))

    def _run(self, route: list[Pair], texts: list[str]) -> list[str]:
        try:
            for pair in route:
                engine = self._engine(pair)
                texts = [engine.translate_long(text) for text in texts]
        except ValueError as exc:
            raise ProviderError(f"embedded engine: {exc}") from exc
        return texts

    def _engine(self, pair: Pair) -> Any:
        engine = self._engines.get(pair)
        if engine is None:
            from fxtranslate import Translator

            files = self._models[pair]
            engine = Translator(
                model=files.model.read_bytes(),
                src_vocab=files.source_vocab.read_bytes(),
                trg_vocab=files.target_vocab.read_bytes(),
                shortlist=files.shortlist.read_bytes() if files.shortlist else None,
            )
            self._engines[pair] = engine
        return engine

    async def aclose(self) -> None:
        # The engines must be dropped by the thread that made them.
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._thread, self._engines.clear)
        self._thread.shutdown(wait=False)
