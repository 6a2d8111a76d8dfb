"""Avatar pictures: checked by the ethics module, stripped of metadata, kept as one file per
user under data_dir/media/avatars. The file's existence is the state: no database column."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from pathlib import Path

from pydantic import ConfigDict

from backend.core.actor import Actor
from backend.core.errors import NotFound
from backend.core.files import write_atomically
from backend.core.quotas import spend
from backend.core.ratelimit import RateLimiter
from backend.core.schemas import Schema
from moderation.images import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, check_image

MAX_BYTES = DEFAULT_MAX_BYTES
MAX_PIXELS = DEFAULT_MAX_PIXELS
# Stored and served at most this wide and high: viewers decode every avatar they show.
MAX_SIDE = 512
# Each upload costs a decode and a model run, rejected ones included.
UPLOADS_PER_HOUR = 20
_MEDIA_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


class AvatarNotFound(NotFound):
    code, message = "avatar_not_found", "This user has no avatar."


class AvatarRead(Schema):
    url: str
    media_type: str
    width: int
    height: int

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": "/api/v1/users/3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61/avatar",
                    "media_type": "image/webp",
                    "width": 512,
                    "height": 512,
                }
            ]
        }
    )


def avatar_url(user_id: uuid.UUID) -> str:
    return f"/api/v1/users/{user_id}/avatar"


async def set_avatar(
    *, data_dir: Path, actor: Actor, data: bytes, limiter: RateLimiter | None = None
) -> AvatarRead:
    """Check the picture (type, size, pixels, nudity) and make it the caller's avatar,
    scaled to at most MAX_SIDE pixels a side, replacing any previous one. A rejected picture
    is never written anywhere."""
    if limiter is not None:
        await _throttle(limiter, actor)
    checked = await check_image(data, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS, max_side=MAX_SIDE)
    directory = _directory(data_dir)
    path = directory / f"{actor.id}.{checked.extension}"
    await asyncio.to_thread(_replace, directory, path, checked.data)
    return AvatarRead(
        url=avatar_url(actor.id),
        media_type=checked.media_type,
        width=checked.width,
        height=checked.height,
    )


async def delete_avatar(*, data_dir: Path, actor: Actor) -> bool:
    """Remove the caller's avatar; False when there was none (deleting is idempotent)."""
    return await asyncio.to_thread(_remove_all, _directory(data_dir), actor.id)


def avatar_file(data_dir: Path, user_id: uuid.UUID) -> tuple[Path, str]:
    """The stored picture and its media type, or AvatarNotFound."""
    found = _existing(_directory(data_dir), user_id)
    if not found:
        raise AvatarNotFound()
    path = max(found, key=lambda item: item[1])[0]
    return path, _MEDIA_TYPES[path.suffix[1:]]


async def _throttle(limiter: RateLimiter, actor: Actor) -> None:
    await spend(
        limiter,
        f"avatar:{actor.id}",
        limit=UPLOADS_PER_HOUR,
        window_seconds=3600,
        message="You have changed your avatar many times; try later.",
    )


def _directory(data_dir: Path) -> Path:
    return data_dir / "media" / "avatars"


def _existing(directory: Path, user_id: uuid.UUID) -> list[tuple[Path, int]]:
    """(path, mtime in ns) of each stored picture of the user, whatever its extension."""
    found = []
    for ext in _MEDIA_TYPES:
        path = directory / f"{user_id}.{ext}"
        with contextlib.suppress(FileNotFoundError):
            found.append((path, path.stat().st_mtime_ns))
    return found


def _replace(directory: Path, path: Path, data: bytes) -> None:
    """Write atomically (temp file + os.replace), then drop older pictures of the user."""
    write_atomically(path, data)
    written = path.stat().st_mtime_ns
    # Only older files go: of two concurrent uploads with different formats, the later one
    # wins instead of each deleting the other's.
    for other, mtime in _existing(directory, uuid.UUID(path.stem)):
        if other != path and mtime <= written:
            other.unlink(missing_ok=True)


def _remove_all(directory: Path, user_id: uuid.UUID) -> bool:
    found = _existing(directory, user_id)
    for path, _ in found:
        path.unlink(missing_ok=True)
    return bool(found)
