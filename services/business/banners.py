"""Booth banners: checked by the ethics module's image filter, stripped of metadata, kept as
one file per booth under data_dir/media/banners (the pattern of account avatars). The booth
row remembers the media type so reads can link the banner without touching the disk."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.actor import Actor
from backend.core.files import write_atomically
from backend.core.quotas import spend
from backend.core.ratelimit import RateLimiter
from moderation.images import DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, check_image
from services.business.booths import banner_url, get_booth, owned_booth
from services.business.exceptions import BannerNotFound
from services.business.schemas import BannerRead

MAX_BYTES = DEFAULT_MAX_BYTES
# Stored and served at most this wide and high (a full-width banner on a large screen).
MAX_SIDE = 1600
# Each upload costs a decode and a model run, rejected ones included.
UPLOADS_PER_HOUR = 20
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


async def set_banner(
    session: AsyncSession,
    *,
    data_dir: Path,
    actor: Actor,
    booth_id: uuid.UUID,
    data: bytes,
    limiter: RateLimiter | None = None,
) -> BannerRead:
    """Check the picture (type, size, pixels, nudity) and make it the booth's banner (owner
    only), scaled to at most MAX_SIDE pixels a side. A refused picture is never written and
    the previous banner stays."""
    booth = await owned_booth(session, actor=actor, booth_id=booth_id)
    if limiter is not None:
        await _throttle(limiter, actor)
    checked = await check_image(
        data, max_bytes=MAX_BYTES, max_pixels=DEFAULT_MAX_PIXELS, max_side=MAX_SIDE
    )
    # Uploads to one booth queue here, so the file on disk and banner_type stay in step.
    await session.refresh(booth, with_for_update=True)
    path = _directory(data_dir) / f"{booth.id}.{checked.extension}"
    await asyncio.to_thread(_replace, path, checked.data)
    booth.banner_type = checked.media_type
    await session.flush()
    return BannerRead(
        url=banner_url(booth.id),
        media_type=checked.media_type,
        width=checked.width,
        height=checked.height,
    )


async def banner_file(
    session: AsyncSession, *, data_dir: Path, booth_id: uuid.UUID
) -> tuple[Path, str]:
    """The stored banner and its media type, or BannerNotFound."""
    booth = await get_booth(session, booth_id)
    if booth.banner_type is None:
        raise BannerNotFound()
    path = _directory(data_dir) / f"{booth.id}.{_EXTENSIONS[booth.banner_type]}"
    if not await asyncio.to_thread(path.exists):
        raise BannerNotFound()
    return path, booth.banner_type


async def _throttle(limiter: RateLimiter, actor: Actor) -> None:
    await spend(
        limiter,
        f"booth-banner:{actor.id}",
        limit=UPLOADS_PER_HOUR,
        window_seconds=3600,
        message="You have changed the banner many times; try later.",
    )


def _directory(data_dir: Path) -> Path:
    return data_dir / "media" / "banners"


def _replace(path: Path, data: bytes) -> None:
    """Write atomically (temp file + os.replace), then drop the booth's other formats."""
    write_atomically(path, data)
    for ext in _EXTENSIONS.values():
        other = path.with_suffix(f".{ext}")
        if other != path:
            other.unlink(missing_ok=True)
