from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from backend.accounts import service as account_service
from backend.accounts import sessions as session_service
from backend.accounts.login_throttle import LoginThrottle
from backend.accounts.schemas import RefreshRequest, TokenPair, UserCreate, UserRead
from backend.api.deps import (
    CurrentActor,
    RuntimeDep,
    SessionDep,
    client_network,
    get_login_throttle,
    registration_quota,
)
from backend.api.routes.translation import TranslationsDep

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post(
    "/register",
    status_code=201,
    response_model=UserRead,
    dependencies=[Depends(registration_quota)],
)
async def register(
    data: UserCreate, session: SessionDep, runtime: RuntimeDep, translations: TranslationsDep
) -> UserRead:
    """Create a citizen account. Staff roles are granted later by an administrator. Limited
    per client network (429 with Retry-After). A display name that passes for staff is
    refused (`display_name_reserved`); a locale not offered (GET /translation/languages) is
    refused (`unsupported_locale`)."""
    user = await account_service.register(
        session, security=runtime.security, data=data, locales=translations.locales()
    )
    return account_service.to_read(user)


@router.post(
    "/token",
    response_model=TokenPair,
    # OAuth2PasswordRequestForm declares its own fields, so the example goes on the body.
    openapi_extra={
        "requestBody": {
            "content": {
                "application/x-www-form-urlencoded": {
                    "example": {"username": "minsu.kim@example.com", "password": "광화문-봄날-2026"}
                }
            }
        }
    },
)
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    throttle: Annotated[LoginThrottle, Depends(get_login_throttle)],
) -> TokenPair:
    """Sign in (OAuth2 password flow: `username` is the email). Attempts are throttled per
    account and client network, per network, and past a ceiling per account for networks the
    owner never signed in from (429 with Retry-After); see docs/operations.md."""
    return await session_service.sign_in(
        session,
        security=runtime.security,
        throttle=throttle,
        email=form.username,
        password=form.password,
        client_network=client_network(request),
    )


@router.post("/refresh", response_model=TokenPair)
async def refresh(data: RefreshRequest, session: SessionDep, runtime: RuntimeDep) -> TokenPair:
    """Exchange a refresh token for a new pair. Each refresh token works once; presenting a
    used one signs that device out (`refresh_token_reused`)."""
    return await session_service.rotate(
        session,
        security=runtime.security,
        realtime=runtime.realtime,
        refresh_token=data.refresh_token,
    )


@router.post("/logout", status_code=204)
async def logout(session: SessionDep, runtime: RuntimeDep, actor: CurrentActor) -> Response:
    """Sign this device out: its tokens stop working and its sockets close at once."""
    await session_service.sign_out(session, actor=actor, realtime=runtime.realtime)
    return Response(status_code=204)
