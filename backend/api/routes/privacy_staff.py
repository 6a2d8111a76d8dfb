"""Staff access to personal data: document verification, profile reads for a case, the
verifier permission and the access log. Every read is tied to a case or a purpose and is
logged."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from backend.api.deps import (
    AdminActor,
    CurrentActor,
    RuntimeDep,
    SessionDep,
    require_roles,
    writes_on_read,
)
from backend.api.routes.privacy import file_response
from backend.core.actor import Actor, Role
from backend.core.schemas import Limit, Page
from backend.privacy import access_log, casework, verification
from backend.privacy.models import DocumentStatus
from backend.privacy.schemas import (
    AccessLogRead,
    AccessPurpose,
    DocumentDecision,
    ProfileRead,
    QueuedDocumentRead,
    VerifierRead,
)

router = APIRouter(tags=["privacy"])

PurposeQuery = Annotated[
    AccessPurpose, Query(description="Why the data is read (5-500 characters); it is logged.")
]
CaseworkerActor = Annotated[Actor, Depends(require_roles(Role.ADMIN, Role.OFFICIAL))]


@router.get("/verification/documents", response_model=Page[QueuedDocumentRead])
async def verification_queue(
    session: SessionDep,
    actor: CurrentActor,
    status: DocumentStatus = DocumentStatus.PENDING,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[QueuedDocumentRead]:
    """Documents awaiting (or past) verification, oldest first. Verifiers only (403
    `not_a_verifier`)."""
    return await verification.queue(session, actor=actor, status=status, cursor=cursor, limit=limit)


@router.get(
    "/verification/documents/{document_id}/file",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}}},
)
@writes_on_read
async def verification_file(
    document_id: uuid.UUID,
    purpose: PurposeQuery,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: CurrentActor,
) -> Response:
    """A verifier reads a document, decrypted; logged with its purpose. To anyone else the
    document does not exist (404 `document_not_found`)."""
    file = await verification.read_file(
        session,
        cipher=runtime.cipher,
        data_dir=runtime.settings.data_dir,
        actor=actor,
        document_id=document_id,
        purpose=purpose,
    )
    return file_response(file)


@router.get("/verification/documents/{document_id}", response_model=QueuedDocumentRead)
@writes_on_read
async def verification_document(
    document_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> QueuedDocumentRead:
    """A document's record in the queue (kind, type, size, status, owner), without its file:
    opening the file takes a purpose. Verifiers only (404 `document_not_found` otherwise)."""
    return await verification.get(session, actor=actor, document_id=document_id)


@router.get("/verification/documents/{document_id}/reads", response_model=list[AccessLogRead])
async def document_reads(
    document_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> list[AccessLogRead]:
    """Every opening of a document with its purpose, newest first: the access log's entries
    for it. Verifiers only (404 `document_not_found` for anyone else)."""
    return await verification.reads(session, actor=actor, document_id=document_id)


@router.post("/verification/documents/{document_id}/decision", response_model=QueuedDocumentRead)
async def decide_document(
    document_id: uuid.UUID,
    data: DocumentDecision,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: CurrentActor,
) -> QueuedDocumentRead:
    """Approve a pending document with the claims it proves (set on the owner's account) or
    reject it with a reason; it is purged `document_retention_days` later. Verifiers only
    (404 otherwise); 409 `document_already_decided`."""
    return await verification.decide(
        session,
        actor=actor,
        document_id=document_id,
        data=data,
        retention_days=runtime.settings.document_retention_days,
    )


@router.get("/admin/verifiers", response_model=list[VerifierRead])
async def list_verifiers(session: SessionDep, actor: AdminActor) -> list[VerifierRead]:
    """Officials allowed to verify documents. Admins only."""
    return await verification.list_verifiers(session)


@router.put("/admin/verifiers/{user_id}", response_model=VerifierRead)
async def grant_verifier(
    user_id: uuid.UUID, session: SessionDep, actor: AdminActor
) -> VerifierRead:
    """Allow an official to verify documents (idempotent; 422 `verifier_not_official`).
    Admins only."""
    return await verification.grant_verifier(session, actor=actor, user_id=user_id)


@router.delete("/admin/verifiers/{user_id}", status_code=204)
async def revoke_verifier(user_id: uuid.UUID, session: SessionDep, actor: AdminActor) -> Response:
    """Withdraw the document-verification permission (idempotent). Admins only."""
    await verification.revoke_verifier(session, user_id=user_id)
    return Response(status_code=204)


@router.get("/admin/users/{user_id}/profile", response_model=ProfileRead)
@writes_on_read
async def read_user_profile(
    user_id: uuid.UUID,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: CaseworkerActor,
    request_id: Annotated[
        uuid.UUID | None,
        Query(
            alias="request",
            description="The civil request the read is for: open, in one of the official's "
            "departments' queues, and filed by this citizen. Required for officials.",
        ),
    ] = None,
    purpose: Annotated[
        AccessPurpose | None,
        Query(description="Why the data is read (5-500 characters). Required for admins."),
    ] = None,
) -> ProfileRead:
    """Read a citizen's legal profile, logged with what it was for. Officials name a civil
    request they work on (422 `case_required` without; 404 `request_not_found` outside their
    queue; 403 `case_mismatch` when another citizen filed it; 409 `case_closed`); admins
    state a purpose (422 `purpose_required`)."""
    return await casework.read_profile(
        session,
        cipher=runtime.cipher,
        actor=actor,
        user_id=user_id,
        request_id=request_id,
        purpose=purpose,
    )


@router.get("/admin/access-log", response_model=Page[AccessLogRead])
async def search_access_log(
    session: SessionDep,
    actor: AdminActor,
    subject_id: uuid.UUID | None = None,
    actor_id: uuid.UUID | None = None,
    case_id: uuid.UUID | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[AccessLogRead]:
    """Staff reads of personal data, newest first, by subject, staff member and/or case (a
    civil request). Admins only."""
    return await access_log.search(
        session,
        subject_id=subject_id,
        actor_id=actor_id,
        case_id=case_id,
        cursor=cursor,
        limit=limit,
    )
