"""HTTP routes of services.business: Fintech Lab booths, inquiries, experts and consultations."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, File, Query, Response, UploadFile
from fastapi.responses import FileResponse

from backend.api.deps import AdminActor, CurrentActor, RuntimeDep, SessionDep, require_roles
from backend.api.idempotency import idempotent
from backend.core.actor import Actor, Role
from backend.core.schemas import Limit, Page
from services.business import banners, booths, consultations, experts, inquiries
from services.business.models import ExpertField, InquiryStatus
from services.business.schemas import (
    BannerRead,
    BoothCreate,
    BoothOwnerUpdate,
    BoothRead,
    BoothUpdate,
    ConsultationCreate,
    ConsultationRead,
    ExpertRead,
    ExpertUpsert,
    InquiryCreate,
    InquiryRead,
    ReplyCreate,
    SlotCreate,
    SlotRead,
)

router = APIRouter(prefix="/business", tags=["business"])
BoothOpener = Annotated[Actor, Depends(require_roles(Role.BUSINESS, Role.ADMIN))]
Search = Annotated[str | None, Query(max_length=100)]


@router.get("/booths", response_model=Page[BoothRead])
async def list_booths(
    session: SessionDep, q: Search = None, cursor: str | None = None, limit: Limit = 20
) -> Page[BoothRead]:
    """Company booths of the Fintech Lab by name. Public."""
    return await booths.list_booths(session, q=q, cursor=cursor, limit=limit)


@router.post("/booths", status_code=201, response_model=BoothRead)
async def create_booth(data: BoothCreate, session: SessionDep, actor: BoothOpener) -> BoothRead:
    """Open a booth: a business account for itself (one each), or an admin for a business
    account given as `owner_id`. Texts are screened by the code of ethics."""
    return await booths.create_booth(session, actor=actor, data=data)


@router.get("/booths/{booth_id}", response_model=BoothRead)
async def get_booth(booth_id: uuid.UUID, session: SessionDep) -> BoothRead:
    """One booth. Public."""
    return await booths.read_booth(session, booth_id=booth_id)


@router.patch("/booths/{booth_id}", response_model=BoothRead)
async def update_booth(
    booth_id: uuid.UUID, data: BoothUpdate, session: SessionDep, actor: CurrentActor
) -> BoothRead:
    """Edit the booth's profile and contact details (its owner only)."""
    return await booths.update_booth(session, actor=actor, booth_id=booth_id, data=data)


@router.put("/booths/{booth_id}/owner", response_model=BoothRead)
async def assign_owner(
    booth_id: uuid.UUID, data: BoothOwnerUpdate, session: SessionDep, actor: AdminActor
) -> BoothRead:
    """Hand a booth to a business account (one booth each), or detach it with null (admins)."""
    return await booths.assign_owner(session, booth_id=booth_id, data=data)


@router.put("/booths/{booth_id}/banner", status_code=201, response_model=BannerRead)
async def put_banner(
    booth_id: uuid.UUID,
    file: Annotated[UploadFile, File(description="A JPEG, PNG or WebP picture, at most 5 MiB.")],
    session: SessionDep,
    runtime: RuntimeDep,
    actor: CurrentActor,
    response: Response,
) -> BannerRead:
    """Set the booth's banner (owner only). Typed by content, checked by the image filter,
    stored without metadata; refused pictures answer 422 `image_rejected` with
    `details.reason` and are not kept."""
    # One byte past the limit is enough to know it is too large.
    data = await file.read(banners.MAX_BYTES + 1)
    banner = await banners.set_banner(
        session,
        data_dir=runtime.settings.data_dir,
        actor=actor,
        booth_id=booth_id,
        data=data,
        limiter=runtime.limiter,
    )
    response.headers["Location"] = banner.url
    return banner


@router.get(
    "/booths/{booth_id}/banner",
    response_class=FileResponse,
    responses={
        200: {"content": {"image/jpeg": {}, "image/png": {}, "image/webp": {}}},
        404: {"description": "`booth_not_found`, `banner_not_found`"},
    },
)
async def get_banner(booth_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep) -> FileResponse:
    """A booth's banner picture; public, cacheable for five minutes."""
    path, media_type = await banners.banner_file(
        session, data_dir=runtime.settings.data_dir, booth_id=booth_id
    )
    return FileResponse(
        path,
        media_type=media_type,
        headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"},
    )


@router.post("/booths/{booth_id}/inquiries", status_code=201, response_model=InquiryRead)
async def ask(
    booth_id: uuid.UUID,
    data: InquiryCreate,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: CurrentActor,
) -> InquiryRead:
    """Send a question to a company; only you and the booth's owner will see it."""
    return await inquiries.ask(
        session,
        actor=actor,
        booth_id=booth_id,
        data=data,
        realtime=runtime.realtime,
        limiter=runtime.limiter,
    )


@router.get("/booths/{booth_id}/inquiries", response_model=Page[InquiryRead])
async def booth_inquiries(
    booth_id: uuid.UUID,
    session: SessionDep,
    actor: CurrentActor,
    status: InquiryStatus | None = None,
    cursor: str | None = None,
    limit: Limit = 20,
) -> Page[InquiryRead]:
    """Inquiries to your booth, newest first (owner only)."""
    return await inquiries.for_booth(
        session, actor=actor, booth_id=booth_id, status=status, cursor=cursor, limit=limit
    )


@router.get("/inquiries/mine", response_model=Page[InquiryRead])
async def my_inquiries(
    session: SessionDep, actor: CurrentActor, cursor: str | None = None, limit: Limit = 20
) -> Page[InquiryRead]:
    """Your inquiries and their answers, newest first."""
    return await inquiries.mine(session, actor=actor, cursor=cursor, limit=limit)


@router.get("/inquiries/{inquiry_id}", response_model=InquiryRead)
async def get_inquiry(
    inquiry_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> InquiryRead:
    """One inquiry, for its author or the booth's owner (404 for anyone else)."""
    return await inquiries.get(session, actor=actor, inquiry_id=inquiry_id)


@router.post("/inquiries/{inquiry_id}/reply", response_model=InquiryRead)
async def reply(
    inquiry_id: uuid.UUID,
    data: ReplyCreate,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: CurrentActor,
) -> InquiryRead:
    """Answer an inquiry to your booth, once (owner only; 404 for anyone else)."""
    return await inquiries.reply(
        session, actor=actor, inquiry_id=inquiry_id, data=data, realtime=runtime.realtime
    )


@router.get("/experts", response_model=Page[ExpertRead])
async def list_experts(
    session: SessionDep,
    field: ExpertField | None = None,
    cursor: str | None = None,
    limit: Limit = 20,
) -> Page[ExpertRead]:
    """Business Support Center experts, optionally of one field. Public."""
    return await experts.list_experts(session, field=field, cursor=cursor, limit=limit)


@router.post("/experts/me/slots", status_code=201, response_model=SlotRead)
async def publish_slot(data: SlotCreate, session: SessionDep, actor: CurrentActor) -> SlotRead:
    """Offer a consultation slot (experts only; 15 minutes to 4 hours, no overlaps)."""
    return await experts.publish_slot(session, actor=actor, data=data)


@router.delete("/experts/me/slots/{slot_id}", status_code=204)
async def withdraw_slot(slot_id: uuid.UUID, session: SessionDep, actor: CurrentActor) -> Response:
    """Remove one of your free slots (a booked one: cancel the consultation instead)."""
    await experts.withdraw_slot(session, actor=actor, slot_id=slot_id)
    return Response(status_code=204)


@router.get("/experts/{user_id}", response_model=ExpertRead)
async def get_expert(user_id: uuid.UUID, session: SessionDep) -> ExpertRead:
    """One expert. Public."""
    return await experts.get_expert(session, user_id=user_id)


@router.put("/experts/{user_id}", response_model=ExpertRead)
async def appoint_expert(
    user_id: uuid.UUID, data: ExpertUpsert, session: SessionDep, actor: AdminActor
) -> ExpertRead:
    """Make a user an expert, or change their field and bio (admins)."""
    return await experts.appoint(session, user_id=user_id, data=data)


@router.delete("/experts/{user_id}", status_code=204)
async def dismiss_expert(user_id: uuid.UUID, session: SessionDep, actor: AdminActor) -> Response:
    """Remove an expert and their free slots; booked consultations stand (admins)."""
    await experts.dismiss(session, user_id=user_id)
    return Response(status_code=204)


@router.get("/experts/{user_id}/slots", response_model=Page[SlotRead])
async def free_slots(
    user_id: uuid.UUID, session: SessionDep, cursor: str | None = None, limit: Limit = 50
) -> Page[SlotRead]:
    """An expert's free future slots, soonest first. Public."""
    return await experts.free_slots(session, expert_id=user_id, cursor=cursor, limit=limit)


@router.post("/consultations", status_code=201, response_model=ConsultationRead)
@idempotent
async def book(
    data: ConsultationCreate, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> ConsultationRead:
    """Book an expert's slot. The answer links your DM conversation with the expert and the
    private room for the call. 409 `slot_taken` if someone booked it first."""
    return await consultations.book(session, actor=actor, data=data, realtime=runtime.realtime)


@router.get("/consultations/mine", response_model=Page[ConsultationRead])
async def my_consultations(
    session: SessionDep, actor: CurrentActor, cursor: str | None = None, limit: Limit = 20
) -> Page[ConsultationRead]:
    """Your consultations as citizen or as expert, latest first."""
    return await consultations.mine(session, actor=actor, cursor=cursor, limit=limit)


@router.get("/consultations/{consultation_id}", response_model=ConsultationRead)
async def get_consultation(
    consultation_id: uuid.UUID, session: SessionDep, actor: CurrentActor
) -> ConsultationRead:
    """One consultation, for its citizen or expert (404 for anyone else)."""
    return await consultations.get(session, actor=actor, consultation_id=consultation_id)


@router.post("/consultations/{consultation_id}/cancel", response_model=ConsultationRead)
async def cancel_consultation(
    consultation_id: uuid.UUID, session: SessionDep, runtime: RuntimeDep, actor: CurrentActor
) -> ConsultationRead:
    """Cancel before it ends (citizen or expert); the slot becomes free again."""
    return await consultations.cancel(
        session, actor=actor, consultation_id=consultation_id, realtime=runtime.realtime
    )
