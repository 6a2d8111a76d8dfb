from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends

from backend.accounts import claims as claim_service
from backend.accounts import service as account_service
from backend.accounts.claims import ClaimKind
from backend.accounts.models import RoleChangeAction
from backend.accounts.schemas import (
    ClaimChangeRead,
    ClaimRead,
    ClaimValue,
    RoleChangeCreate,
    RoleChangeRead,
    UserRead,
)
from backend.api.deps import AdminActor, RuntimeDep, SessionDep, require_roles
from backend.core.actor import Actor, Role
from backend.core.schemas import Limit, Page

router = APIRouter(prefix="/admin", tags=["admin"])


@router.get("/users", response_model=Page[UserRead])
async def find_users(
    session: SessionDep,
    actor: AdminActor,
    email: str | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[UserRead]:
    """Accounts, optionally those whose email starts with `email`. Admins only."""
    return await account_service.find_users(session, email_prefix=email, cursor=cursor, limit=limit)


@router.put("/users/{user_id}/roles/{role}", response_model=UserRead)
async def grant_role(
    user_id: uuid.UUID,
    role: Role,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: AdminActor,
    data: RoleChangeCreate | None = None,
) -> UserRead:
    """Grant a staff role (idempotent). Recorded with who, when and why. Admins only."""
    user = await account_service.change_role(
        session,
        realtime=runtime.realtime,
        actor=actor,
        user_id=user_id,
        role=role,
        action=RoleChangeAction.GRANT,
        reason=data.reason if data else None,
    )
    return account_service.to_read(user)


@router.delete("/users/{user_id}/roles/{role}", response_model=UserRead)
async def revoke_role(
    user_id: uuid.UUID,
    role: Role,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: AdminActor,
    data: RoleChangeCreate | None = None,
) -> UserRead:
    """Revoke a staff role (idempotent; the last admin keeps theirs). Admins only."""
    user = await account_service.change_role(
        session,
        realtime=runtime.realtime,
        actor=actor,
        user_id=user_id,
        role=role,
        action=RoleChangeAction.REVOKE,
        reason=data.reason if data else None,
    )
    return account_service.to_read(user)


@router.get("/role-changes", response_model=Page[RoleChangeRead])
async def role_changes(
    session: SessionDep,
    actor: AdminActor,
    user_id: uuid.UUID | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[RoleChangeRead]:
    """The audit trail of role grants and revocations, newest first. Admins only."""
    return await account_service.list_role_changes(
        session, user_id=user_id, cursor=cursor, limit=limit
    )


# Officials verify facts in person (a resident card shown at a service desk) as well as admins.
VerifierActor = Annotated[Actor, Depends(require_roles(Role.ADMIN, Role.OFFICIAL))]


@router.get("/users/{user_id}/claims", response_model=list[ClaimRead])
async def list_claims(
    user_id: uuid.UUID, session: SessionDep, actor: VerifierActor
) -> list[ClaimRead]:
    """The verified claims on an account. Admins and officials."""
    return await claim_service.list_claims(session, user_id)


@router.put("/users/{user_id}/claims/{kind}", response_model=ClaimRead)
async def set_claim(
    user_id: uuid.UUID, kind: ClaimKind, data: ClaimValue, session: SessionDep, actor: VerifierActor
) -> ClaimRead:
    """Record a verified claim (age band, residency, insurance) on an account, with who
    verified it (audited). Admins and officials, never on their own account (403
    `self_claim`)."""
    return await claim_service.set_claim(
        session, actor=actor, user_id=user_id, kind=kind, value=data.value
    )


@router.delete("/users/{user_id}/claims/{kind}", status_code=204)
async def withdraw_claim(
    user_id: uuid.UUID, kind: ClaimKind, session: SessionDep, actor: VerifierActor
) -> None:
    """Withdraw a claim verified in error (idempotent). Admins and officials, never on their
    own account (403 `self_claim`)."""
    await claim_service.withdraw_claim(session, actor=actor, user_id=user_id, kind=kind)


@router.get("/claim-changes", response_model=Page[ClaimChangeRead])
async def claim_changes(
    session: SessionDep,
    actor: AdminActor,
    user_id: uuid.UUID | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[ClaimChangeRead]:
    """The audit trail of claims set and withdrawn (who, whose, what, when), newest first.
    Admins only."""
    return await claim_service.list_claim_changes(
        session, user_id=user_id, cursor=cursor, limit=limit
    )
