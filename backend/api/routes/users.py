from __future__ import annotations

from fastapi import APIRouter, Response

from backend.accounts import claims as claim_service
from backend.accounts import me as me_service
from backend.accounts import service as account_service
from backend.accounts.export_schema import UserExport
from backend.accounts.schemas import (
    AccountDeletion,
    ClaimRead,
    UserRead,
    UserUpdate,
)
from backend.api.deps import CurrentActor, ReauthDep, RuntimeDep, SessionDep
from backend.api.routes.translation import TranslationsDep

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserRead)
async def read_me(session: SessionDep, actor: CurrentActor) -> UserRead:
    """The caller's own account."""
    return account_service.to_read(await account_service.get_user(session, actor.id))


@router.patch("/me", response_model=UserRead)
async def update_me(
    data: UserUpdate,
    session: SessionDep,
    runtime: RuntimeDep,
    reauth: ReauthDep,
    actor: CurrentActor,
    translations: TranslationsDep,
) -> UserRead:
    """Change display name, locale (one of GET /translation/languages' `locales`, else 422
    `unsupported_locale`), chat translation (`translate_chat`), email or password. A new email
    or password needs `current_password` (401 `invalid_credentials` when wrong; after a few
    wrong ones this device is signed out, and the account waits: 429 with Retry-After) and
    signs out the caller's other devices. A display name that passes for staff is refused
    (`display_name_reserved`)."""
    user = await me_service.update_me(
        session,
        security=runtime.security,
        realtime=runtime.realtime,
        reauth=reauth,
        actor=actor,
        data=data,
        locales=translations.locales(),
    )
    return account_service.to_read(user)


@router.delete("/me", status_code=204)
async def delete_me(
    data: AccountDeletion,
    session: SessionDep,
    runtime: RuntimeDep,
    reauth: ReauthDep,
    actor: CurrentActor,
) -> Response:
    """Delete the caller's account, confirmed with `current_password` in the body (limited as
    for a password change): disabled and signed out everywhere at once, profile and avatar
    erased."""
    await me_service.delete_me(
        session,
        realtime=runtime.realtime,
        reauth=reauth,
        data_dir=runtime.settings.data_dir,
        actor=actor,
        data=data,
    )
    return Response(status_code=204)


@router.get("/me/export", response_model=UserExport)
async def export_me(session: SessionDep, runtime: RuntimeDep, actor: CurrentActor) -> UserExport:
    """Everything the platform holds about the caller, as JSON (PIPA right of access)."""
    return await account_service.export_me(session, actor=actor, cipher=runtime.cipher)


@router.get("/me/claims", response_model=list[ClaimRead])
async def my_claims(session: SessionDep, actor: CurrentActor) -> list[ClaimRead]:
    """Facts about the caller that staff verified (age band, residency, insurance)."""
    return await claim_service.list_claims(session, actor.id)
