"""Citizens written straight into the server's database (`--database-url`), as `cityhall
create-user` would, each with an open device session and its tokens: no sign-up and no
sign-in through the API. Both are rate limited per address (every simulated citizen comes
from 127.0.0.1) and cost an argon2 hash each; a load test of city life should measure city
life. The tokens are signed with this environment's CITYHALL_SECRET_KEY, which must be the
server's (a mismatch shows as every connection refused: the run fails)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from backend.accounts.models import User
from backend.accounts.sessions import open_sessions
from backend.core.db import Database
from backend.core.security import Security
from backend.core.settings import get_settings
from backend.registry import import_all_models
from backend.simulate.names import display_name

BATCH = 250


@dataclass(frozen=True)
class Credentials:
    email: str
    password: str


def credentials(run_id: str, index: int) -> Credentials:
    """A citizen's account; one password for the whole run (one argon2 hash to provision)."""
    return Credentials(f"citizen{index}-{run_id}@example.com", f"simulated-citizen-{run_id}")


async def provision(
    database_url: str, run_id: str, count: int, seed: int, *, secret_key: str | None = None
) -> dict[int, dict[str, Any]]:
    """Create the accounts of citizens 0..count-1 of this run (see `credentials`), and the
    token pair of one device session of each, by citizen index. `secret_key`: the server's,
    when it is not this environment's (the embedded server)."""
    import_all_models()
    update: dict[str, Any] = {"database_url": database_url}
    if secret_key is not None:
        update["secret_key"] = SecretStr(secret_key)
    security = Security(get_settings().model_copy(update=update))
    password_hash = await security.hash_password(credentials(run_id, 0).password)
    rng = random.Random(seed)  # noqa: S311 (names, not secrets)
    tokens: dict[int, dict[str, Any]] = {}
    db = Database(database_url)
    try:
        for start in range(0, count, BATCH):
            async with db.session_scope() as session:
                users = {
                    i: User(
                        email=credentials(run_id, i).email,
                        password_hash=password_hash,
                        display_name=display_name(rng),
                        roles=[],
                    )
                    for i in range(start, min(count, start + BATCH))
                }
                session.add_all(users.values())
                await session.flush()
                ids = [user.id for user in users.values()]
                pairs = await open_sessions(session, security=security, user_ids=ids)
                tokens.update((i, pair.model_dump()) for i, pair in zip(users, pairs, strict=True))
    finally:
        await db.dispose()
    return tokens
