"""Imports every ORM module so Base.metadata is complete (Alembic, tests)."""

import importlib

MODEL_MODULES = (
    "backend.core.idempotency",
    "backend.accounts.models",
    "backend.spaces.models",
    "backend.translation.models",
    "backend.chat.models",
    "backend.privacy.models",
    "moderation.models",
    "services.civil.models",
    "services.proposals.models",
    "services.counseling.models",
    "services.library.models",
    "services.events.models",
    "services.business.models",
)


def import_all_models() -> None:
    for module in MODEL_MODULES:
        importlib.import_module(module)
