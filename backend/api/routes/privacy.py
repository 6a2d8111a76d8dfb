"""The citizen's personal data: legal profile, consents and the document vault."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, File, Form, Response, UploadFile

from backend.api.deps import CurrentActor, RuntimeDep, SessionDep
from backend.core.settings import Environment
from backend.privacy import consents, documents
from backend.privacy import profile as profile_service
from backend.privacy.consents import Purpose
from backend.privacy.documents import DocumentFile
from backend.privacy.models import DocumentKind
from backend.privacy.schemas import (
    ConsentRead,
    ConsentUpdate,
    ConsentUpdated,
    DocumentRead,
    GuardianConfirm,
    ProfileRead,
    ProfileUpdate,
    TermsRead,
)

router = APIRouter(tags=["privacy"])


def file_response(file: DocumentFile) -> Response:
    """A decrypted document: never cached, never sniffed, always downloaded."""
    return Response(
        content=file.data,
        media_type=file.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{file.filename}"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/users/me/profile", response_model=ProfileRead)
async def read_profile(
    session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> ProfileRead:
    """The caller's legal name, birth date and phone (stored encrypted)."""
    return await profile_service.get_profile(session, cipher=runtime.cipher, actor=actor)


@router.put("/users/me/profile", response_model=ProfileRead)
async def put_profile(
    data: ProfileUpdate, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> ProfileRead:
    """Replace the caller's profile (omitted fields are erased). Resident registration
    numbers are refused with 422 `rrn_not_allowed`: the city never stores them."""
    return await profile_service.update_profile(
        session, cipher=runtime.cipher, actor=actor, data=data
    )


@router.get("/consents/terms", response_model=list[TermsRead])
async def terms() -> list[TermsRead]:
    """The current version of the terms of every consent purpose. Public."""
    return consents.list_terms()


@router.get("/users/me/consents", response_model=list[ConsentRead])
async def my_consents(
    session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> list[ConsentRead]:
    """The caller's answer to each purpose (`none` when never given)."""
    return await consents.list_consents(session, cipher=runtime.cipher, user_id=actor.id)


@router.put("/users/me/consents/{purpose}", response_model=ConsentUpdated)
async def put_consent(
    purpose: Purpose,
    data: ConsentUpdate,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: CurrentActor,
) -> ConsentUpdated:
    """Grant (to the current `version`, else 409 `stale_terms_version`) or withdraw a consent;
    required ones cannot be withdrawn (409 `consent_required`). Under 14, a grant needs the
    guardian's name and contact (422 `guardian_required`) and stays `pending_guardian` until
    the guardian confirms; outside production the response carries the guardian's token."""
    consent, token = await consents.set_consent(
        session,
        cipher=runtime.cipher,
        actor=actor,
        purpose=purpose,
        data=data,
        token_ttl=timedelta(hours=runtime.settings.guardian_token_ttl_hours),
    )
    shown = token if runtime.settings.env is not Environment.PRODUCTION else None
    return ConsentUpdated(**consent.model_dump(), guardian_token=shown)


@router.post("/consents/guardian/confirm", status_code=204)
async def confirm_guardian(data: GuardianConfirm, session: SessionDep) -> Response:
    """A guardian confirms a child's consent with the one-time token they received. Public;
    an unknown, used or expired token answers 404 `invalid_guardian_token`."""
    await consents.confirm_guardian(session, token=data.token)
    return Response(status_code=204)


@router.post("/users/me/documents", status_code=201, response_model=DocumentRead)
async def upload_document(
    kind: Annotated[DocumentKind, Form(examples=["health_insurance"])],
    file: Annotated[UploadFile, File(description="A PDF, JPEG or PNG document.")],
    session: SessionDep,
    runtime: RuntimeDep,
    actor: CurrentActor,
) -> DocumentRead:
    """Upload a document for verification. Typed by its content (415
    `unsupported_document_type`), size-limited (413 `payload_too_large`), pictures checked
    by the image filter (422 `image_rejected`); stored encrypted."""
    limit = runtime.settings.document_max_bytes
    # One byte past the limit is enough to know it is too large.
    data = await file.read(limit + 1)
    return await documents.upload(
        session,
        cipher=runtime.cipher,
        data_dir=runtime.settings.data_dir,
        actor=actor,
        kind=kind,
        data=data,
        max_bytes=limit,
        limiter=runtime.limiter,
    )


@router.get("/users/me/documents", response_model=list[DocumentRead])
async def my_documents(session: SessionDep, actor: CurrentActor) -> list[DocumentRead]:
    """The caller's documents (metadata), newest first."""
    return await documents.list_mine(session, actor=actor)


@router.get(
    "/users/me/documents/{document_id}",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}}},
)
async def download_document(
    document_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> Response:
    """Download one of the caller's documents, decrypted (404 `document_purged` once its
    retention has passed)."""
    file = await documents.download_mine(
        session,
        cipher=runtime.cipher,
        data_dir=runtime.settings.data_dir,
        actor=actor,
        document_id=document_id,
    )
    return file_response(file)


@router.delete("/users/me/documents/{document_id}", status_code=204)
async def delete_document(
    document_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> Response:
    """Delete one of the caller's documents with its file; claims verified from it stay."""
    await documents.delete_mine(
        session, data_dir=runtime.settings.data_dir, actor=actor, document_id=document_id
    )
    return Response(status_code=204)
