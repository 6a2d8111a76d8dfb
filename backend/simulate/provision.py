"""Citizens written straight into the server's database (`--database-url`), as `cityhall
create-user` would, but all at once with one password hash: registration through the API
is rate limited per address, and every simulated citizen comes from 127.0.0.1. They then
sign in through the API like anyone else."""

from __future__ import annotations

import random
from dataclasses import dataclass

from backend.accounts.models import User
from backend.core.db import Database
from backend.core.security import Security
from backend.core.settings import get_settings
from backend.registry import import_all_models
from backend.simulate.names import display_name

BATCH = 500


@dataclass(frozen=True)
class Credentials:
    email: str
    password: str


def credentials(run_id: str, index: int) -> Credentials:
    """A citizen's account; one password for the whole run (one argon2 hash to provision)."""
    return Credentials(f"citizen{index}-{run_id}@example.com", f"simulated-citizen-{run_id}")


async def provision(database_url: str, run_id: str, count: int, seed: int) -> None:
    """Create the accounts of citizens 0..count-1 of this run (see `credentials`), the password
    hashed with the argon2 settings of this environment."""
    import_all_models()
    settings = get_settings().model_copy(update={"database_url": database_url})
    security = Security(settings)
    password_hash = await security.hash_password(credentials(run_id, 0).password)
    rng = random.Random(seed)  # noqa: S311 (names, not secrets)
    db = Database(database_url)
    try:
        for start in range(0, count, BATCH):
            async with db.session_scope() as session:
                session.add_all(
                    User(
                        email=credentials(run_id, i).email,
                        password_hash=password_hash,
                        display_name=display_name(rng),
                        roles=[],
                    )
                    for i in range(start, min(count, start + BATCH))
                )
    finally:
        await db.dispose()
