"""Test data written straight to the database, for tests that need many users at once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.accounts.models import AuthSession, User
from backend.core.db import Database
from backend.core.security import Security


@dataclass(frozen=True)
class SignedIn:
    id: str
    email: str
    access_token: str


async def signed_in_users(
    db: Database, security: Security, count: int, password: str
) -> list[SignedIn]:
    """`count` citizens with one device session each (one password hash shared by all:
    registering each through the API would dominate a crowd test)."""
    password_hash = await security.hash_password(password)
    made: list[SignedIn] = []
    async with db.session_scope() as session:
        for i in range(count):
            user = User(
                email=f"crowd-{uuid.uuid4().hex[:10]}@example.com",
                password_hash=password_hash,
                display_name=f"시민{i}",
                roles=[],
            )
            session.add(user)
            await session.flush()
            auth_session = AuthSession(user_id=user.id)
            session.add(auth_session)
            await session.flush()
            token, _ = security.issue_access_token(user.id, auth_session.id)
            made.append(SignedIn(str(user.id), user.email, token))
    return made
