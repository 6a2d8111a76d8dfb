"""The offensive-image check, with the real NudeNet model (shipped inside its package)."""

from __future__ import annotations

import asyncio
import io
import random
import struct
import zlib

import pytest
from PIL import Image, ImageDraw, ImageFilter

from moderation import images
from moderation.images import ImageRejected, check_image

GPS_IFD = 0x8825


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def landscape(width: int = 480, height: int = 320) -> Image.Image:
    """Sky, sun and hills: a benign picture with photo-like gradients and a little noise."""
    sky = Image.linear_gradient("L").resize((width, height))
    red, green = sky.point(lambda v: 60 + v // 3), sky.point(lambda v: 130 + v // 3)
    image = Image.merge("RGB", (red, green, Image.new("L", (width, height), 235)))
    draw = ImageDraw.Draw(image)
    draw.ellipse((width - 120, 30, width - 60, 90), fill=(255, 220, 120))
    hills = [(0, height), (0, 200), (150, 150), (300, 210), (width, 170), (width, height)]
    draw.polygon(hills, fill=(60, 130, 70))
    noise = Image.effect_noise((width, height), 12).convert("RGB")
    return Image.blend(image, noise, 0.08).filter(ImageFilter.GaussianBlur(1))


def drawn_torso() -> Image.Image:
    """A crude drawing of a bare chest (flat shapes, blurred) that the real model flags as
    FEMALE_BREAST_EXPOSED with a score around 0.84: the offensive path needs no real photo."""
    skin, shade, areola = (224, 172, 138), (212, 163, 131), (160, 90, 80)
    image = Image.new("RGB", (320, 320), (200, 200, 210))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 0, 260, 320), fill=skin)
    for cx in (115, 205):
        draw.ellipse((cx - 45, 90, cx + 45, 200), fill=shade)
        draw.ellipse((cx - 10, 150, cx + 10, 170), fill=areola)
    draw.ellipse((155, 260, 165, 275), fill=(150, 100, 80))
    return image.filter(ImageFilter.GaussianBlur(3))


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x0112] = orientation
    exif[GPS_IFD] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 41.0)}
    return exif


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose IHDR claims the given size, followed by a tiny IDAT: a decompression bomb
    as far as any decoder that trusts the header is concerned."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


async def reason_of(data: bytes, **kwargs: object) -> dict[str, object]:
    with pytest.raises(ImageRejected) as caught:
        await check_image(data, **kwargs)
    error = caught.value
    assert (error.status, error.code) == (422, "image_rejected")
    return error.details


# --- accepted pictures come back clean ---------------------------------------------------


async def test_a_benign_jpeg_passes_and_loses_exif_gps_and_comments():
    original = encode(landscape(), "JPEG", exif=exif_with_gps().tobytes(), comment=b"home")
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the fixture has GPS

    checked = await check_image(original)

    assert (checked.media_type, checked.width, checked.height) == ("image/jpeg", 480, 320)
    assert checked.extension == "jpg"
    cleaned = Image.open(io.BytesIO(checked.data))
    assert cleaned.format == "JPEG"
    assert cleaned.size == (480, 320)
    assert not cleaned.getexif()
    assert not cleaned.getexif().get_ifd(GPS_IFD)
    assert "exif" not in cleaned.info
    assert "comment" not in cleaned.info
    assert b"Exif" not in checked.data
    assert b"Camera maker" not in checked.data


async def test_exif_orientation_is_applied_before_it_is_dropped():
    sideways = encode(landscape(200, 100), "JPEG", exif=exif_with_gps(orientation=6).tobytes())
    checked = await check_image(sideways)
    assert (checked.width, checked.height) == (100, 200)
    assert Image.open(io.BytesIO(checked.data)).size == (100, 200)


async def test_png_text_chunks_and_exif_are_dropped_and_alpha_is_kept():
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Author", "someone@example.com")
    image = landscape().convert("RGBA")
    data = encode(image, "PNG", pnginfo=text, exif=exif_with_gps().tobytes())

    checked = await check_image(data)

    cleaned = Image.open(io.BytesIO(checked.data))
    assert (checked.media_type, cleaned.format, cleaned.mode) == ("image/png", "PNG", "RGBA")
    assert "Author" not in cleaned.info
    assert not cleaned.getexif()
    assert b"someone@example.com" not in checked.data


async def test_a_palette_png_with_transparency_becomes_rgba():
    image = Image.new("P", (64, 64), 0)
    image.putpalette([255, 255, 255, 20, 120, 200] + [0] * 762)
    ImageDraw.Draw(image).ellipse((8, 8, 56, 56), fill=1)
    checked = await check_image(encode(image, "PNG", transparency=0))
    cleaned = Image.open(io.BytesIO(checked.data))
    assert cleaned.mode == "RGBA"
    assert cleaned.getpixel((0, 0))[3] == 0
    assert cleaned.getpixel((32, 32)) == (20, 120, 200, 255)


async def test_webp_is_re_encoded_without_exif_or_xmp():
    data = encode(
        landscape(), "WEBP", exif=exif_with_gps().tobytes(), xmp=b"<x:xmpmeta>secret</x:xmpmeta>"
    )
    checked = await check_image(data)
    cleaned = Image.open(io.BytesIO(checked.data))
    assert (checked.media_type, cleaned.format, cleaned.size) == ("image/webp", "WEBP", (480, 320))
    assert not cleaned.getexif()
    assert b"secret" not in checked.data
    assert b"EXIF" not in checked.data


async def test_an_embedded_colour_profile_is_converted_then_dropped():
    from PIL import ImageCms

    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    checked = await check_image(encode(landscape(), "JPEG", icc_profile=srgb))
    assert "icc_profile" not in Image.open(io.BytesIO(checked.data)).info


async def test_several_checks_can_run_at_once():
    data = encode(landscape(), "PNG")
    results = await asyncio.gather(*(check_image(data) for _ in range(4)))
    assert {(r.width, r.height) for r in results} == {(480, 320)}


# --- refusals before decoding --------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
        b"<svg onload=alert(1)></svg>",
        b"BM" + b"\x00" * 60,
        b"RIFF\x10\x00\x00\x00WAVEfmt ",
        b"",
    ],
    ids=["pdf", "gif", "svg-xml", "svg", "bmp", "riff-wave", "empty"],
)
async def test_other_types_are_unsupported_whatever_they_claim(data):
    assert await reason_of(data) == {"reason": "unsupported_type"}


async def test_random_bytes_are_unsupported():
    noise = random.Random(7).randbytes(4096)
    assert images.sniff_format(noise) is None
    assert await reason_of(noise) == {"reason": "unsupported_type"}


async def test_a_file_over_the_byte_limit_is_too_large():
    data = encode(landscape(), "PNG")
    assert await reason_of(data, max_bytes=len(data) - 1) == {"reason": "too_large"}
    assert (await check_image(data, max_bytes=len(data))).media_type == "image/png"


async def test_a_header_claiming_ten_billion_pixels_is_refused_unread():
    assert await reason_of(png_header_only(100_000, 100_000)) == {"reason": "too_many_pixels"}


async def test_a_small_file_with_too_many_pixels_is_refused():
    # 30 megapixels of one colour compress to a few tens of kilobytes.
    data = encode(Image.new("L", (6000, 5000)), "PNG")
    assert len(data) < 100_000
    assert await reason_of(data) == {"reason": "too_many_pixels"}
    assert await reason_of(encode(landscape(), "JPEG"), max_pixels=480 * 320 - 1) == {
        "reason": "too_many_pixels"
    }


# --- corrupt pictures ----------------------------------------------------------------------


async def test_a_truncated_jpeg_is_corrupt():
    data = encode(landscape(), "JPEG")
    assert await reason_of(data[: len(data) // 2]) == {"reason": "corrupt"}


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xd8\xff" + b"\x00" * 200,
        b"\x89PNG\r\n\x1a\n" + b"garbage" * 30,
        b"RIFF\x00\x01\x00\x00WEBPVP8 " + b"\x00" * 100,
    ],
    ids=["jpeg", "png", "webp"],
)
async def test_garbage_behind_a_magic_number_is_corrupt(data):
    assert await reason_of(data) == {"reason": "corrupt"}


async def test_a_truncated_png_is_corrupt():
    data = encode(landscape(), "PNG")
    assert await reason_of(data[: len(data) // 2]) == {"reason": "corrupt"}


# --- the nudity detector -------------------------------------------------------------------


def test_the_detector_is_loaded_once():
    assert images._get_detector() is images._get_detector()


def test_the_real_detector_sees_nothing_exposed_in_a_landscape():
    detections = images.detect(landscape())
    assert isinstance(detections, list)
    assert images.offensive_labels(detections) == []


def test_the_real_detector_fires_on_the_drawn_torso():
    detections = images.detect(drawn_torso())
    found = {d["class"]: d["score"] for d in detections}
    assert found.get("FEMALE_BREAST_EXPOSED", 0) >= 0.6, detections
    assert all({"class", "score", "box"} <= set(d) for d in detections)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
async def test_an_offensive_picture_is_rejected_with_its_labels(fmt):
    data = encode(drawn_torso(), fmt)
    assert await reason_of(data) == {"reason": "offensive", "labels": ["FEMALE_BREAST_EXPOSED"]}


async def test_threshold_and_label_set_decide():
    data = encode(drawn_torso(), "PNG")
    assert (await check_image(data, threshold=0.99)).media_type == "image/png"
    assert (await check_image(data, labels={"ANUS_EXPOSED"})).media_type == "image/png"


def test_offensive_labels_applies_threshold_and_label_set():
    detections = [
        {"class": "FEMALE_BREAST_EXPOSED", "score": 0.5, "box": [0, 0, 10, 10]},
        {"class": "FEMALE_BREAST_EXPOSED", "score": 0.9, "box": [20, 0, 10, 10]},
        {"class": "BUTTOCKS_EXPOSED", "score": 0.49, "box": [0, 0, 10, 10]},
        {"class": "FACE_FEMALE", "score": 0.99, "box": [0, 0, 10, 10]},
        {"class": "FEMALE_BREAST_COVERED", "score": 0.95, "box": [0, 0, 10, 10]},
    ]
    assert images.offensive_labels(detections) == ["FEMALE_BREAST_EXPOSED"]
    assert images.offensive_labels(detections, threshold=0.4) == [
        "BUTTOCKS_EXPOSED",
        "FEMALE_BREAST_EXPOSED",
    ]
    assert images.offensive_labels(detections, labels={"FACE_FEMALE"}) == ["FACE_FEMALE"]
    assert images.offensive_labels([]) == []
