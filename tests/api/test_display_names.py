"""Display names cannot pass for the city's staff: normalised, refused when invisible or
stacked with marks, when they contain a reserved word in any disguise, or when they copy a
staff member's name; staff carry a badge. Checked on registration, on a profile update and
on the operator's create-user path."""

from __future__ import annotations

import uuid

import pytest

from backend.accounts.commands import create_user
from backend.core.errors import AppError
from tests.conftest import PASSWORD

REGISTER = "/api/v1/auth/register"
ME = "/api/v1/users/me"

IMPERSONATIONS = [
    "관리자",
    "[moderator] 관리자",
    "🛡️ 관리자",
    "Ａｄｍｉｎ",
    "ADMIN",
    "\u0430dmin",  # Cyrillic a
    "𝐀𝐝𝐦𝐢𝐧",
    "Ⓐⓓⓜⓘⓝ",
    "관 리 자",
    "관.리.자",
    "운영진",
    "서울시청 안내",
    "Seoul City Hall",
    "m0derator",
    "[mod] 김철수",
    "시장님",
    "상담사 선생님",
    "system",
]
INVISIBLE = [
    "\u3164",
    "\u115f\u1160",
    "\u2800",
    "\u3164\u3164\u3164",
    "김\u3164",
    "\ufe0f",
    "\u200b",
    "a" + "\u0301" * 8,
    "Z\u0351\u0352\u0357\u035b\u0363\u0364\u0365",
    "\u0301abc",
    "\u202eadmin",
]


def _registration(display_name: str) -> dict[str, str]:
    email = f"n-{uuid.uuid4().hex[:10]}@example.com"
    return {"email": email, "password": PASSWORD, "display_name": display_name}


@pytest.mark.parametrize("name", IMPERSONATIONS)
async def test_names_that_pass_for_staff_are_refused(api, name):
    response = await api.post(REGISTER, json=_registration(name))
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "display_name_reserved"


@pytest.mark.parametrize("name", INVISIBLE)
async def test_invisible_and_stacked_names_are_refused(api, name):
    response = await api.post(REGISTER, json=_registration(name))
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Kim   Lee ", "Kim Lee"),
        ("Ｋｉｍ", "Kim"),
        ("김\u3000민수", "김 민수"),
        ("김\t민수", "김 민수"),
        ("Zoë", "Zoë"),
        ("❤️ 하늘", "❤️ 하늘"),
        ("서울 시민", "서울 시민"),
    ],
)
async def test_names_are_stored_normalised(api, typed, stored):
    response = await api.post(REGISTER, json=_registration(typed))
    assert response.status_code == 201, response.text
    assert response.json()["display_name"] == stored


async def test_a_profile_update_is_checked_too(api, make_user):
    citizen = await make_user()
    for name in ("관리자", "Ａｄｍｉｎ 🛡️"):
        response = await api.patch(ME, json={"display_name": name}, headers=citizen.headers)
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "display_name_reserved"
    invisible = await api.patch(ME, json={"display_name": "\u2800"}, headers=citizen.headers)
    assert invisible.json()["error"]["code"] == "invalid_request"
    assert (await api.get(ME, headers=citizen.headers)).json()["display_name"] == "시민"


async def test_a_staff_members_name_cannot_be_copied(api, make_user):
    counselor = await make_user("counselor", display_name="정다은")
    for copy in ("정다은", "정 다 은", "🙂 정다은", "정다은.", "[정다은]"):
        response = await api.post(REGISTER, json=_registration(copy))
        assert response.status_code == 422, copy
        assert response.json()["error"]["code"] == "display_name_reserved"
        assert response.json()["error"]["details"]["reason"] == "staff_name"
    citizen = await make_user()
    renamed = await api.patch(ME, json={"display_name": "정다은"}, headers=citizen.headers)
    assert renamed.json()["error"]["code"] == "display_name_reserved"
    assert (await api.post(REGISTER, json=_registration("정다운"))).status_code == 201
    # The staff member keeps and may re-use their own name.
    same = await api.patch(ME, json={"display_name": "정다은 "}, headers=counselor.headers)
    assert same.status_code == 200, same.text


async def test_staff_may_use_reserved_words_and_carry_a_badge(api, make_user):
    admin = await make_user("admin", display_name="관리자")
    me = await api.get(ME, headers=admin.headers)
    assert me.json()["display_name"] == "관리자"
    assert me.json()["badge"] == "admin"
    renamed = await api.patch(ME, json={"display_name": "관리자 김"}, headers=admin.headers)
    assert renamed.status_code == 200, renamed.text
    moderator = await make_user("moderator", display_name="모더레이터 1")
    assert (await api.get(ME, headers=moderator.headers)).json()["badge"] == "moderator"
    listed = await api.get("/api/v1/admin/users", headers=admin.headers)
    badges = {u["display_name"]: u["badge"] for u in listed.json()["items"]}
    assert badges == {"관리자 김": "admin", "모더레이터 1": "moderator"}


async def test_the_create_user_command_checks_citizens_names(runtime, settings):
    async with runtime.db.session_scope() as session:
        with pytest.raises(AppError) as refused:
            await create_user(
                session,
                settings=settings,
                email="fake-admin@example.com",
                password=PASSWORD,
                display_name="🛡️ Admin",
                roles=[],
            )
    assert refused.value.code == "display_name_reserved"
    async with runtime.db.session_scope() as session:
        await create_user(
            session,
            settings=settings,
            email="real-admin@example.com",
            password=PASSWORD,
            display_name="🛡️ Admin",
            roles=["admin"],
        )
