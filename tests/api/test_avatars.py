"""Avatar pictures through the HTTP API, with the real image check (NudeNet included)."""

from __future__ import annotations

import io
import uuid

from PIL import Image, ImageDraw, ImageFilter

MINE = "/api/v1/users/me/avatar"
GPS_IFD = 0x8825


def url_of(user_id: str) -> str:
    return f"/api/v1/users/{user_id}/avatar"


def picture(fmt: str = "PNG", size: tuple[int, int] = (160, 120), **params: object) -> bytes:
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    ImageDraw.Draw(image).ellipse((20, 20, 60, 60), fill=(250, 200, 90))
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def drawn_torso() -> bytes:
    """Flat shapes the real model flags as FEMALE_BREAST_EXPOSED (score ~0.84)."""
    image = Image.new("RGB", (320, 320), (200, 200, 210))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 0, 260, 320), fill=(224, 172, 138))
    for cx in (115, 205):
        draw.ellipse((cx - 45, 90, cx + 45, 200), fill=(212, 163, 131))
        draw.ellipse((cx - 10, 150, cx + 10, 170), fill=(160, 90, 80))
    out = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(3)).save(out, "PNG")
    return out.getvalue()


def upload(data: bytes, name: str = "me.png", content_type: str = "image/png") -> dict:
    return {"file": (name, data, content_type)}


def stored(settings, user_id: str) -> list[str]:
    directory = settings.data_dir / "media" / "avatars"
    return sorted(p.name for p in directory.glob(f"{user_id}*")) if directory.exists() else []


async def test_upload_then_anyone_can_view_it(api, make_user, settings):
    user = await make_user()
    r = await api.put(MINE, headers=user.headers, files=upload(picture()))
    assert r.status_code == 201, r.text
    assert r.json() == {
        "url": url_of(user.id),
        "media_type": "image/png",
        "width": 160,
        "height": 120,
    }
    assert r.headers["Location"] == url_of(user.id)

    shown = await api.get(url_of(user.id))  # no token: avatars are public
    assert shown.status_code == 200
    assert shown.headers["Content-Type"] == "image/png"
    assert shown.headers["Cache-Control"] == "public, max-age=300"
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    path = settings.data_dir / "media" / "avatars" / f"{user.id}.png"
    assert shown.content == path.read_bytes()
    assert Image.open(io.BytesIO(shown.content)).size == (160, 120)


async def test_the_type_comes_from_the_bytes_and_gps_is_stripped(api, make_user):
    user = await make_user()
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 41.0)}
    jpeg = picture("JPEG", exif=exif.tobytes())
    # Named and labelled as a PNG: the name and the client's content type are ignored.
    r = await api.put(MINE, headers=user.headers, files=upload(jpeg, "x.png", "image/png"))
    assert r.status_code == 201, r.text
    assert r.json()["media_type"] == "image/jpeg"

    shown = await api.get(url_of(user.id))
    assert shown.headers["Content-Type"] == "image/jpeg"
    served = Image.open(io.BytesIO(shown.content))
    assert not served.getexif()
    assert not served.getexif().get_ifd(GPS_IFD)


async def test_replacing_a_png_by_a_jpeg_leaves_one_file(api, make_user, settings):
    user = await make_user()
    assert (await api.put(MINE, headers=user.headers, files=upload(picture()))).status_code == 201
    assert stored(settings, user.id) == [f"{user.id}.png"]

    r = await api.put(MINE, headers=user.headers, files=upload(picture("JPEG"), "me.jpg"))
    assert r.status_code == 201
    assert stored(settings, user.id) == [f"{user.id}.jpg"]
    assert (await api.get(url_of(user.id))).headers["Content-Type"] == "image/jpeg"


async def test_each_user_deletes_only_their_own(api, make_user, settings):
    owner, other = await make_user(), await make_user()
    assert (await api.put(MINE, headers=owner.headers, files=upload(picture()))).status_code == 201

    assert (await api.delete(MINE, headers=other.headers)).status_code == 204
    assert (await api.get(url_of(owner.id))).status_code == 200

    assert (await api.delete(MINE, headers=owner.headers)).status_code == 204
    gone = await api.get(url_of(owner.id))
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == "avatar_not_found"
    assert stored(settings, owner.id) == []
    # Deleting again is not an error.
    assert (await api.delete(MINE, headers=owner.headers)).status_code == 204


async def test_deleting_the_account_erases_the_avatar(api, make_user, settings):
    user = await make_user()
    assert (await api.put(MINE, headers=user.headers, files=upload(picture()))).status_code == 201
    deleted = await api.request(
        "DELETE", "/api/v1/users/me", json={"current_password": user.password}, headers=user.headers
    )
    assert deleted.status_code == 204
    assert (await api.get(url_of(user.id))).status_code == 404
    assert stored(settings, user.id) == []


async def test_changing_an_avatar_needs_a_signed_in_caller(api, settings):
    r = await api.put(MINE, files=upload(picture()))
    assert r.status_code == 401
    assert r.json()["error"]["code"] == "unauthorized"
    assert (await api.delete(MINE)).status_code == 401


async def test_a_wrong_type_is_rejected_and_nothing_is_written(api, make_user, settings):
    user = await make_user()
    for data in (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", b"GIF89a\x01\x00\x01\x00", b"<svg/>"):
        r = await api.put(MINE, headers=user.headers, files=upload(data))
        assert r.status_code == 422
        error = r.json()["error"]
        assert error["code"] == "image_rejected"
        assert error["details"] == {"reason": "unsupported_type"}
    assert stored(settings, user.id) == []
    assert (await api.get(url_of(user.id))).status_code == 404


async def test_an_offensive_picture_is_refused_and_the_old_one_kept(api, make_user, settings):
    user = await make_user()
    assert (await api.put(MINE, headers=user.headers, files=upload(picture()))).status_code == 201
    before = (await api.get(url_of(user.id))).content

    r = await api.put(MINE, headers=user.headers, files=upload(drawn_torso()))
    assert r.status_code == 422
    assert r.json()["error"]["details"] == {
        "reason": "offensive",
        "labels": ["FEMALE_BREAST_EXPOSED"],
    }
    assert stored(settings, user.id) == [f"{user.id}.png"]
    assert (await api.get(url_of(user.id))).content == before


async def test_an_oversized_upload_is_too_large(api, make_user, settings):
    user = await make_user()
    huge = b"\xff\xd8\xff\xe0" + b"\x00" * (5 * 1024 * 1024)
    r = await api.put(MINE, headers=user.headers, files=upload(huge, "big.jpg", "image/jpeg"))
    assert r.status_code == 422
    assert r.json()["error"]["details"] == {"reason": "too_large"}
    assert stored(settings, user.id) == []


async def test_a_missing_file_field_is_invalid(api, make_user):
    user = await make_user()
    r = await api.put(MINE, headers=user.headers, files={"picture": ("a.png", picture())})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"


async def test_unknown_and_malformed_user_ids(api):
    r = await api.get(url_of(str(uuid.uuid4())))
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "avatar_not_found"
    assert (await api.get(url_of("../../secret.key"))).status_code in (404, 422)
    assert (await api.get(url_of("not-a-uuid"))).status_code == 422


async def test_uploads_are_rate_limited(api, make_user):
    user = await make_user()
    # Refused uploads count too: each one costs a decode or a model run.
    for _ in range(20):
        r = await api.put(MINE, headers=user.headers, files=upload(b"not an image"))
        assert r.status_code == 422
    r = await api.put(MINE, headers=user.headers, files=upload(picture()))
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "rate_limited"
    assert int(r.headers["Retry-After"]) > 0
