"""Avatar pictures: upload and remove your own, anyone may view."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile
from fastapi.responses import FileResponse

from backend.accounts import avatars
from backend.accounts.avatars import AvatarRead
from backend.api.deps import CurrentActor, RuntimeDep

router = APIRouter(tags=["users"])


@router.put("/users/me/avatar", status_code=201, response_model=AvatarRead)
async def put_avatar(
    file: Annotated[UploadFile, File(description="A JPEG, PNG or WebP picture, at most 5 MiB.")],
    runtime: RuntimeDep,
    actor: CurrentActor,
    response: Response,
) -> AvatarRead:
    """Set the caller's avatar. The picture is typed by its content (not its name), checked
    for nudity, and stored re-encoded without metadata (EXIF, GPS). A refused picture answers
    422 `image_rejected` with `details.reason` (`unsupported_type`, `too_large`,
    `too_many_pixels`, `corrupt` or `offensive`) and is not kept."""
    # One byte past the limit is enough to know it is too large.
    data = await file.read(avatars.MAX_BYTES + 1)
    avatar = await avatars.set_avatar(
        data_dir=runtime.settings.data_dir, actor=actor, data=data, limiter=runtime.limiter
    )
    response.headers["Location"] = avatar.url
    return avatar


@router.delete("/users/me/avatar", status_code=204)
async def delete_avatar(runtime: RuntimeDep, actor: CurrentActor) -> Response:
    """Remove the caller's avatar (succeeds also when there is none)."""
    await avatars.delete_avatar(data_dir=runtime.settings.data_dir, actor=actor)
    return Response(status_code=204)


@router.get(
    "/users/{user_id}/avatar",
    response_class=FileResponse,
    responses={
        200: {"content": {"image/jpeg": {}, "image/png": {}, "image/webp": {}}},
        404: {"description": "`avatar_not_found`"},
    },
)
async def get_avatar(user_id: uuid.UUID, runtime: RuntimeDep) -> FileResponse:
    """A user's avatar picture; public, cacheable for five minutes."""
    path, media_type = avatars.avatar_file(runtime.settings.data_dir, user_id)
    return FileResponse(
        path,
        media_type=media_type,
        headers={"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"},
    )
