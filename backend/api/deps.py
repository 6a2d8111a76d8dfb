"""Request-scoped dependencies: the unit of work, the caller, and role checks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts import sessions as session_service
from backend.accounts.login_throttle import LoginThrottle
from backend.accounts.reauth import Reauthentication
from backend.core.actor import Actor, Role
from backend.core.errors import Forbidden, Unauthorized
from backend.core.quotas import spend
from backend.core.ratelimit import network_key
from backend.core.runtime import Runtime
from backend.spaces.presence import PresenceStore

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def get_runtime(request: Request) -> Runtime:
    return request.app.state.runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_presence(request: Request) -> PresenceStore:
    return request.app.state.presence


PresenceDep = Annotated[PresenceStore, Depends(get_presence)]


READ_METHODS = frozenset({"GET", "HEAD"})
E = TypeVar("E", bound=Callable[..., object])


def writes_on_read(endpoint: E) -> E:
    """Marks a GET route whose unit of work writes (an access to sensitive records is logged,
    a loan falls due): it gets a writing unit of work like the other methods."""
    endpoint.writes_on_read = True  # type: ignore[attr-defined]
    return endpoint


def _reads_only(request: Request) -> bool:
    if request.method not in READ_METHODS:
        return False
    return not getattr(request.scope.get("endpoint"), "writes_on_read", False)


async def get_session(request: Request, runtime: RuntimeDep) -> AsyncIterator[AsyncSession]:
    # A GET's unit of work reads a snapshot: on SQLite it does not queue for the write lock.
    async with runtime.db.session_scope(read_only=_reads_only(request)) as session:
        yield session


# scope="function": the unit of work commits before the response is sent, so a failed commit
# is reported to the client instead of following a 200 it already received.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


async def get_optional_actor(
    runtime: RuntimeDep, session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> Actor | None:
    if token is None:
        return None
    return await session_service.resolve_actor(session, security=runtime.security, token=token)


async def get_actor(actor: Annotated[Actor | None, Depends(get_optional_actor)]) -> Actor:
    if actor is None:
        raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})
    return actor


CurrentActor = Annotated[Actor, Depends(get_actor)]
OptionalActor = Annotated[Actor | None, Depends(get_optional_actor)]
# `openapi_extra` of the routes that take an OptionalActor: FastAPI declares the bearer token
# required on them; OpenAPI's empty requirement says an anonymous call is accepted too.
OPTIONAL_AUTH: dict[str, object] = {"security": [{}]}


def require_roles(*roles: Role) -> Callable[[Actor], Actor]:
    def check(actor: CurrentActor) -> Actor:
        if not actor.has_role(*roles):
            raise Forbidden()
        return actor

    return check


AdminActor = Annotated[Actor, Depends(require_roles(Role.ADMIN))]


def get_login_throttle(runtime: RuntimeDep) -> LoginThrottle:
    return LoginThrottle(runtime.limiter, runtime.settings)


def get_reauthentication(runtime: RuntimeDep) -> Reauthentication:
    return Reauthentication(
        limiter=runtime.limiter,
        settings=runtime.settings,
        security=runtime.security,
        realtime=runtime.realtime,
    )


ReauthDep = Annotated[Reauthentication, Depends(get_reauthentication)]


def client_network(request: Request) -> str:
    """The client's network, as every per-address limit counts it (see network_key)."""
    # Behind a proxy uvicorn's --forwarded-allow-ips puts the real client here.
    return network_key(request.client.host if request.client else None)


async def registration_quota(request: Request, runtime: RuntimeDep) -> None:
    """Registrations per client network: account farming for spam and ban evasion is slowed
    without stopping a family or a PC room signing up together."""
    settings = runtime.settings
    await spend(
        runtime.limiter,
        f"register:{client_network(request)}",
        limit=settings.registrations_per_address_per_hour,
        window_seconds=3600,
        message="Too many new accounts from this address; try again later.",
    )
