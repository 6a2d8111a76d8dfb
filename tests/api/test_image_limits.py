"""Pictures are bounded: a decompression bomb is refused from its header, and every stored
picture (avatars, booth banners, document images) is scaled down to a maximum size."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from backend.accounts.avatars import MAX_SIDE as AVATAR_SIDE
from backend.privacy.documents import IMAGE_MAX_SIDE as DOCUMENT_SIDE
from moderation.images import DEFAULT_MAX_PIXELS
from services.business.banners import MAX_SIDE as BANNER_SIDE
from tests.privacy.helpers import DOCUMENTS, upload_form

AVATAR = "/api/v1/users/me/avatar"


def bomb() -> bytes:
    """5000 x 5000 pixels of one colour: ~100 KB of PNG, ~100 MB once decoded."""
    out = io.BytesIO()
    Image.new("RGB", (5000, 5000), (250, 250, 250)).save(out, "PNG", optimize=True)
    return out.getvalue()


def photo(size: tuple[int, int], fmt: str = "JPEG") -> bytes:
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    ImageDraw.Draw(image).ellipse((size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def size_of(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


def files(data: bytes, name: str = "picture.png") -> dict:
    return {"file": (name, data, "application/octet-stream")}


def test_the_bomb_is_small_and_over_the_pixel_cap():
    data = bomb()
    assert len(data) < 200_000
    assert DEFAULT_MAX_PIXELS < 5000 * 5000


async def test_a_decompression_bomb_is_refused_everywhere(api, make_user, settings):
    citizen, business = await make_user(), await make_user("business")
    booth = await api.post("/api/v1/business/booths", headers=business.headers, json={"name": "랩"})
    data = bomb()
    answers = [
        await api.put(AVATAR, headers=citizen.headers, files=files(data)),
        await api.put(
            f"/api/v1/business/booths/{booth.json()['id']}/banner",
            headers=business.headers,
            files=files(data),
        ),
        await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(data, name="scan.png")),
    ]
    for answer in answers:
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["code"] == "image_rejected"
        assert answer.json()["error"]["details"] == {"reason": "too_many_pixels"}
    assert not list((settings.data_dir / "media" / "avatars").glob(f"{citizen.id}*"))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
async def test_an_avatar_is_scaled_to_its_maximum_size(api, make_user, fmt):
    user = await make_user()
    data = photo((2000, 1500), fmt)
    r = await api.put(AVATAR, headers=user.headers, files=files(data))
    assert r.status_code == 201, r.text
    expected = (AVATAR_SIDE, AVATAR_SIDE * 3 // 4)
    assert (r.json()["width"], r.json()["height"]) == expected
    shown = await api.get(f"/api/v1/users/{user.id}/avatar")
    assert size_of(shown.content) == expected


async def test_a_small_avatar_keeps_its_size(api, make_user):
    user = await make_user()
    r = await api.put(AVATAR, headers=user.headers, files=files(photo((300, 200))))
    assert (r.json()["width"], r.json()["height"]) == (300, 200)


async def test_a_banner_is_scaled_to_its_maximum_size(api, make_user):
    owner = await make_user("business")
    made = await api.post("/api/v1/business/booths", headers=owner.headers, json={"name": "랩"})
    booth = made.json()
    url = f"/api/v1/business/booths/{booth['id']}/banner"
    r = await api.put(url, headers=owner.headers, files=files(photo((3200, 800), "PNG")))
    assert r.status_code == 201, r.text
    assert (r.json()["width"], r.json()["height"]) == (BANNER_SIDE, BANNER_SIDE // 4)
    assert size_of((await api.get(url)).content) == (BANNER_SIDE, BANNER_SIDE // 4)


async def test_a_document_picture_is_scaled_to_its_maximum_size(api, make_user):
    citizen = await make_user()
    scan = photo((1500, 3000))
    r = await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(scan, name="id.jpg"))
    assert r.status_code == 201, r.text
    own = await api.get(f"{DOCUMENTS}/{r.json()['id']}", headers=citizen.headers)
    assert size_of(own.content) == (DOCUMENT_SIDE // 2, DOCUMENT_SIDE)
