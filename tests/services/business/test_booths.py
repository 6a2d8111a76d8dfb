"""Fintech Lab booths, their banners (through the image filter) and citizens' inquiries."""

import io

from PIL import Image, ImageDraw

from moderation import images

API = "/api/v1/business"
BOOTH = {
    "name": "토스뱅크 Toss Bank",
    "tagline": "모바일 금융의 새로운 기준",
    "description": "누구나 쉽게 쓰는 은행. Banking made simple.",
    "website": "https://www.tossbank.com",
    "contact_email": "partners@example.com",
    "contact_phone": "+82 2-1234-5678",
}


def picture(fmt: str = "PNG") -> bytes:
    image = Image.linear_gradient("L").resize((300, 100)).convert("RGB")
    ImageDraw.Draw(image).rectangle((20, 20, 80, 80), fill=(0, 100, 250))
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def upload(data: bytes) -> dict:
    return {"file": ("banner.png", data, "image/png")}


async def _booth(api, owner, **changes):
    response = await api.post(f"{API}/booths", headers=owner.headers, json={**BOOTH, **changes})
    assert response.status_code == 201, response.text
    return response.json()


async def test_business_users_open_one_booth_and_only_they_edit_it(api, make_user):
    owner, citizen = await make_user("business"), await make_user()
    booth = await _booth(api, owner)
    assert (booth["owner_id"], booth["banner_url"]) == (owner.id, None)
    second = await api.post(f"{API}/booths", headers=owner.headers, json=BOOTH)
    assert second.json()["error"]["code"] == "booth_exists"
    refused = await api.post(f"{API}/booths", headers=citizen.headers, json=BOOTH)
    assert refused.status_code == 403

    url = f"{API}/booths/{booth['id']}"
    other = await api.patch(url, headers=citizen.headers, json={"tagline": "hacked"})
    assert other.status_code == 403
    assert other.json()["error"]["code"] == "forbidden"
    edited = await api.patch(url, headers=owner.headers, json={"tagline": "Fintech for all"})
    assert edited.status_code == 200, edited.text
    assert edited.json()["tagline"] == "Fintech for all"
    listed = (await api.get(f"{API}/booths", params={"q": "toss"})).json()["items"]
    assert [b["id"] for b in listed] == [booth["id"]]
    assert (await api.get(url)).json()["tagline"] == "Fintech for all"
    missing = await api.get(f"{API}/booths/00000000-0000-4000-8000-000000000000")
    assert missing.json()["error"]["code"] == "booth_not_found"


async def test_admins_open_booths_for_business_accounts(api, make_user):
    admin, business, citizen = (
        await make_user("admin"),
        await make_user("business"),
        await make_user(),
    )
    made = await _booth(api, admin, owner_id=business.id)
    assert made["owner_id"] == business.id
    refused = await api.post(
        f"{API}/booths", headers=admin.headers, json={**BOOTH, "owner_id": citizen.id}
    )
    assert refused.json()["error"]["code"] == "owner_not_business"
    sneaky = await api.post(
        f"{API}/booths", headers=business.headers, json={**BOOTH, "owner_id": citizen.id}
    )
    assert sneaky.status_code == 403


async def test_booth_texts_are_screened(api, make_user):
    owner = await make_user("business")
    refused = await api.post(
        f"{API}/booths", headers=owner.headers, json={**BOOTH, "description": "너를 죽여버리겠다"}
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "text_rejected"
    assert refused.json()["error"]["details"] == {"field": "description", "category": "threat"}


async def test_banner_upload_by_the_owner_and_the_image_filter(api, make_user, monkeypatch):
    owner, citizen = await make_user("business"), await make_user()
    booth = await _booth(api, owner)
    url = f"{API}/booths/{booth['id']}/banner"
    assert (await api.get(url)).json()["error"]["code"] == "banner_not_found"
    assert (await api.put(url, headers=citizen.headers, files=upload(picture()))).status_code == 403

    stored = await api.put(url, headers=owner.headers, files=upload(picture()))
    assert stored.status_code == 201, stored.text
    assert stored.json() == {"url": url, "media_type": "image/png", "width": 300, "height": 100}
    shown = await api.get(url)
    assert shown.status_code == 200
    assert shown.headers["Content-Type"] == "image/png"
    assert (await api.get(f"{API}/booths/{booth['id']}")).json()["banner_url"] == url

    monkeypatch.setattr(
        images,
        "detect",
        lambda image: [{"class": "FEMALE_BREAST_EXPOSED", "score": 0.9, "box": [0, 0, 9, 9]}],
    )
    offensive = await api.put(url, headers=owner.headers, files=upload(picture("JPEG")))
    assert offensive.status_code == 422
    assert offensive.json()["error"]["details"] == {
        "reason": "offensive",
        "labels": ["FEMALE_BREAST_EXPOSED"],
    }
    kept = await api.get(url)
    assert (kept.headers["Content-Type"], kept.content) == ("image/png", shown.content)
    garbage = await api.put(url, headers=owner.headers, files=upload(b"%PDF-1.7"))
    assert garbage.json()["error"]["details"] == {"reason": "unsupported_type"}


async def test_inquiries_are_private_to_author_and_owner(api, make_user, connect):
    owner, citizen, nosy = await make_user("business"), await make_user(), await make_user()
    rival = await make_user("business")
    booth = await _booth(api, owner)
    await _booth(api, rival, name="Rival Pay")
    owner_socket = await connect(owner)
    asked = await api.post(
        f"{API}/booths/{booth['id']}/inquiries",
        headers=citizen.headers,
        json={
            "subject": "사업자 대출 문의",
            "body": "개인사업자도 가능한가요? 010-9876-5432로 연락 주세요",
        },
    )
    assert asked.status_code == 201, asked.text
    inquiry = asked.json()
    # Private: the caller's own phone number reaches the company unmasked.
    assert "010-9876-5432" in inquiry["body"]
    assert (await owner_socket.wait_for("business:inquiry"))["id"] == inquiry["id"]

    listed = await api.get(f"{API}/booths/{booth['id']}/inquiries", headers=owner.headers)
    assert [i["id"] for i in listed.json()["items"]] == [inquiry["id"]]
    assert listed.json()["items"][0]["author"]["id"] == citizen.id
    forbidden = await api.get(f"{API}/booths/{booth['id']}/inquiries", headers=nosy.headers)
    assert forbidden.status_code == 403
    for outsider in (nosy, rival):
        hidden = await api.get(f"{API}/inquiries/{inquiry['id']}", headers=outsider.headers)
        assert hidden.json()["error"]["code"] == "inquiry_not_found"
        answer = await api.post(
            f"{API}/inquiries/{inquiry['id']}/reply", headers=outsider.headers, json={"body": "x"}
        )
        assert answer.status_code == 404
    not_author = await api.post(
        f"{API}/inquiries/{inquiry['id']}/reply", headers=citizen.headers, json={"body": "x"}
    )
    assert not_author.status_code == 404

    citizen_socket = await connect(citizen)
    reply = {"body": "네, 가능합니다. Yes, sole proprietors are eligible."}
    answered = await api.post(
        f"{API}/inquiries/{inquiry['id']}/reply", headers=owner.headers, json=reply
    )
    assert answered.status_code == 200, answered.text
    assert (await citizen_socket.wait_for("business:inquiry_answered"))["id"] == inquiry["id"]
    twice = await api.post(
        f"{API}/inquiries/{inquiry['id']}/reply", headers=owner.headers, json=reply
    )
    assert twice.json()["error"]["code"] == "already_answered"
    mine = (await api.get(f"{API}/inquiries/mine", headers=citizen.headers)).json()["items"]
    assert [(i["status"], i["reply"]) for i in mine] == [("answered", reply["body"])]
    assert (await api.get(f"{API}/inquiries/mine", headers=nosy.headers)).json()["items"] == []


async def test_inquiry_texts_are_screened_and_not_to_your_own_booth(api, make_user):
    owner, citizen = await make_user("business"), await make_user()
    booth = await _booth(api, owner)
    url = f"{API}/booths/{booth['id']}/inquiries"
    threat = await api.post(
        url, headers=citizen.headers, json={"subject": "경고", "body": "I will kill you"}
    )
    assert threat.json()["error"]["code"] == "text_rejected"
    own = await api.post(url, headers=owner.headers, json={"subject": "test", "body": "test"})
    assert own.json()["error"]["code"] == "own_booth"
