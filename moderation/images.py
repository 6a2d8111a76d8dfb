"""Offensive-image check: the gate every user-supplied picture passes before it is stored.

The bytes are typed by their magic numbers (never by file name or client content type), size
and pixel limits are enforced before anything is decoded (from the header: a 100 KB PNG can
declare 25 million pixels, 100 MB once decoded), the picture is scaled down to the caller's
maximum side while it is decoded (a JPEG is decoded at 1/2 to 1/8 scale straight away), then
re-encoded from its pixels alone (dropping EXIF with GPS, XMP, comments and every other
chunk), and NudeNet's detector (an ONNX model shipped inside the `nudenet` package) looks for
exposed nudity."""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from PIL import Image, ImageOps

from backend.core.errors import AppError

MediaType = Literal["image/jpeg", "image/png", "image/webp"]
Reason = Literal["unsupported_type", "too_large", "too_many_pixels", "corrupt", "offensive"]

# NudeNet labels that make a picture unfit for a public-service space; the *_COVERED,
# FACE_*, FEET_*, BELLY_* and ARMPITS_* labels it also reports are not offensive.
EXPOSED_LABELS = frozenset(
    {
        "FEMALE_BREAST_EXPOSED",
        "FEMALE_GENITALIA_EXPOSED",
        "MALE_GENITALIA_EXPOSED",
        "ANUS_EXPOSED",
        "BUTTOCKS_EXPOSED",
    }
)
DEFAULT_THRESHOLD = 0.5
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# 4096 x 4096: a 12-megapixel phone photo fits; a PNG or WebP this size costs up to 64 MB to
# decode (JPEGs far less, decoded at reduced scale).
DEFAULT_MAX_PIXELS = 4096 * 4096
# The model sees 320x320; a bounded, antialiased copy keeps detection cheap on big photos.
_DETECTION_SIDE = 1024

_FORMATS: dict[str, tuple[MediaType, str]] = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
_MESSAGES: dict[str, str] = {
    "unsupported_type": "Only JPEG, PNG and WebP images are accepted.",
    "too_large": "The image file is too large.",
    "too_many_pixels": "The image has too many pixels.",
    "corrupt": "The image could not be read.",
    "offensive": "The image was refused by the content policy.",
}


class ImageRejected(AppError):
    status, code, message = 422, "image_rejected", "The image was rejected."

    def __init__(self, reason: Reason, *, labels: Sequence[str] | None = None) -> None:
        details: dict[str, Any] = {"reason": reason}
        if labels is not None:
            details["labels"] = list(labels)
        super().__init__(_MESSAGES[reason], details=details)
        self.reason = reason
        self.labels = list(labels or ())


@dataclass(frozen=True, slots=True)
class CheckedImage:
    """A picture that passed the check, re-encoded without any metadata."""

    media_type: MediaType
    width: int
    height: int
    data: bytes

    @property
    def extension(self) -> str:
        return next(ext for media, ext in _FORMATS.values() if media == self.media_type)


def sniff_format(data: bytes) -> str | None:
    """The Pillow format name from the magic bytes, or None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


async def check_image(
    data: bytes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_side: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    labels: Iterable[str] = EXPOSED_LABELS,
) -> CheckedImage:
    """Accept a JPEG, PNG or WebP picture, or raise ImageRejected with the reason. The
    picture returned is at most `max_side` pixels wide and high (aspect ratio kept).

    Decoding, re-encoding and detection are CPU-bound and run in a worker thread."""
    if len(data) > max_bytes:
        raise ImageRejected("too_large")
    fmt = sniff_format(data)
    if fmt is None:
        raise ImageRejected("unsupported_type")
    limits = (max_pixels, max_side)
    return await asyncio.to_thread(_inspect, data, fmt, limits, threshold, frozenset(labels))


def _inspect(
    data: bytes,
    fmt: str,
    limits: tuple[int, int | None],
    threshold: float,
    labels: frozenset[str],
) -> CheckedImage:
    image = _decode(data, fmt, *limits)
    found = offensive_labels(detect(image), threshold=threshold, labels=labels)
    if found:
        raise ImageRejected("offensive", labels=found)
    media_type, _ = _FORMATS[fmt]
    return CheckedImage(media_type, image.width, image.height, _encode(image, fmt))


def _decode(data: bytes, fmt: str, max_pixels: int, max_side: int | None) -> Image.Image:
    """Pixels only, upright, in L/LA/RGB/RGBA, within `max_side`; limits checked from the
    header first (Image.open reads the header only)."""
    try:
        # `formats` keeps Pillow from trying other decoders on bytes we typed ourselves.
        with Image.open(io.BytesIO(data), formats=[fmt]) as opened:
            width, height = opened.size
            if width < 1 or height < 1:
                raise ImageRejected("corrupt")
            if width * height > max_pixels:
                raise ImageRejected("too_many_pixels")
            icc = opened.info.get("icc_profile")
            scaled = _scaled(opened, max_side)
            return _pixels_only(_to_srgb(_upright(scaled), icc))
    except ImageRejected:
        raise
    except Image.DecompressionBombError as exc:
        # Pillow's own guard (Image.MAX_IMAGE_PIXELS), should a caller raise max_pixels past it.
        raise ImageRejected("too_many_pixels") from exc
    except Exception as exc:
        # Whatever a decoder raises on hostile bytes (OSError for truncation, SyntaxError,
        # ValueError, struct.error, ...) means the same thing to the caller.
        raise ImageRejected("corrupt") from exc


def _scaled(image: Image.Image, max_side: int | None) -> Image.Image:
    """The decoded picture, no larger than max_side; the EXIF orientation is applied after
    (on the small picture), so the bound holds either way round."""
    if max_side is None or max(image.size) <= max_side:
        image.load()
        return image
    if image.mode in ("1", "P", "PA"):
        # Palette pixels cannot be averaged: resampling needs real colours.
        transparent = image.mode == "PA" or "transparency" in image.info
        image = image.convert("RGBA" if transparent else "RGB")
    # In place; for a JPEG it first has the decoder scale down by 1/2, 1/4 or 1/8 (draft).
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return image


def _upright(image: Image.Image) -> Image.Image:
    """Apply the EXIF orientation, since the tag itself is about to be dropped."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:
        # Malformed EXIF is metadata we discard anyway, not a reason to refuse the pixels.
        return image


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Apply an embedded colour profile before it is dropped, so colours survive."""
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        from PIL import ImageCms

        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        srgb = ImageCms.createProfile("sRGB")
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, source, srgb, outputMode=mode)
    except Exception:
        # A broken or exotic profile is not worth refusing the picture for.
        return image
    return converted if converted is not None else image


def _pixels_only(image: Image.Image) -> Image.Image:
    """A fresh image built from the pixel data alone: nothing of `info` can follow it."""
    if image.mode in ("1", "L", "I", "I;16", "F"):
        mode = "L"
    elif image.mode in ("LA", "La"):
        mode = "LA"
    elif image.mode in ("RGBA", "RGBa", "PA") or (
        image.mode == "P" and "transparency" in image.info
    ):
        mode = "RGBA"
    else:
        mode = "RGB"
    converted = image.convert(mode) if image.mode != mode else image
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _encode(image: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        rgb = image if image.mode == "L" else _flatten(image)
        rgb.save(out, "JPEG", quality=90, optimize=True)
    elif fmt == "PNG":
        image.save(out, "PNG")
    else:
        image.save(out, "WEBP", quality=90, method=4)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB over white: what a viewer sees of a transparent picture on a light page."""
    if image.mode in ("L", "RGB"):
        return image.convert("RGB") if image.mode == "L" else image
    rgba = image.convert("RGBA")
    background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(background, rgba).convert("RGB")


# --- detection -------------------------------------------------------------------------

_detector: Any = None
_detector_lock = threading.Lock()


def _get_detector() -> Any:
    """NudeNet's detector, loaded once per process on first use (about 0.1 s)."""
    global _detector
    if _detector is None:
        with _detector_lock:
            if _detector is None:
                from nudenet import NudeDetector

                _detector = NudeDetector()
    return _detector


def detect(image: Image.Image) -> list[dict[str, Any]]:
    """NudeNet detections ({"class", "score", "box"}) for a decoded picture. Blocking."""
    visible = _flatten(image)
    scale = _DETECTION_SIDE / max(visible.size)
    if scale < 1:
        size = (max(1, round(visible.width * scale)), max(1, round(visible.height * scale)))
        visible = visible.resize(size, Image.Resampling.LANCZOS)
    # NudeNet expects OpenCV's BGR channel order, as from cv2.imread.
    bgr = np.ascontiguousarray(np.asarray(visible)[:, :, ::-1])
    return list(_get_detector().detect(bgr))


def offensive_labels(
    detections: Iterable[Mapping[str, Any]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    labels: Iterable[str] = EXPOSED_LABELS,
) -> list[str]:
    """The distinct blocked labels detected with a score at or above the threshold."""
    blocked = frozenset(labels)
    return sorted(
        {d["class"] for d in detections if d["class"] in blocked and d["score"] >= threshold}
    )
