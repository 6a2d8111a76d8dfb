"""Encrypted counselor notes and the two-person safeguarding reveal, with its audit log."""

import asyncio
import uuid

from sqlalchemy import select

from services.counseling.models import Note
from tests.services.counseling.helpers import API, book, slot, verified_youth

SECRET = "부모님과의 갈등으로 가출을 고민 중 (thinking of running away)"
REASON = "Youth disclosed immediate risk of harm at home; emergency services must be contacted."


async def _case(api, make_user):
    admin, counselor = await make_user("admin"), await make_user("counselor")
    youth = await verified_youth(api, make_user, admin, name="오세린")
    case = (await book(api, youth, (await slot(api, counselor))["id"])).json()
    return admin, counselor, youth, case


async def test_notes_are_encrypted_and_for_the_counselor_only(api, make_user, runtime):
    admin, counselor, youth, case = await _case(api, make_user)
    url = f"{API}/cases/{case['id']}/notes"
    written = await api.post(url, headers=counselor.headers, json={"body": SECRET})
    assert written.status_code == 201, written.text
    assert written.json()["body"] == SECRET

    async with runtime.db.session_scope() as session:
        stored = (await session.scalars(select(Note.body_sealed))).all()
    assert len(stored) == 1
    assert "가출" not in stored[0]
    assert "running" not in stored[0]

    listed = (await api.get(url, headers=counselor.headers)).json()["items"]
    assert [n["body"] for n in listed] == [SECRET]
    assert (await api.get(url, headers=youth.headers)).status_code == 403
    assert (await api.post(url, headers=youth.headers, json={"body": "x"})).status_code == 403
    other = await make_user("counselor")
    hidden = await api.get(url, headers=other.headers)
    assert hidden.json()["error"]["code"] == "case_not_found"
    empty = await api.post(url, headers=counselor.headers, json={"body": "   "})
    assert empty.status_code == 422
    log = (await api.get(f"{API}/audit", headers=admin.headers)).json()["items"]
    assert [e["action"] for e in log] == ["notes_read"]


async def test_a_second_staff_member_unseals_the_identity(api, make_user):
    admin, counselor, youth, case = await _case(api, make_user)
    identity_url = f"{API}/cases/{case['id']}/identity"
    sealed = await api.get(identity_url, headers=counselor.headers)
    assert (sealed.status_code, sealed.json()["error"]["code"]) == (403, "identity_sealed")

    asked = await api.post(
        f"{API}/cases/{case['id']}/reveal-requests",
        headers=counselor.headers,
        json={"reason": REASON},
    )
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert (request["status"], request["pseudonym"]) == ("pending", case["pseudonym"])
    twice = await api.post(
        f"{API}/cases/{case['id']}/reveal-requests",
        headers=counselor.headers,
        json={"reason": REASON},
    )
    assert twice.json()["error"]["code"] == "reveal_pending"

    approve = f"{API}/reveal-requests/{request['id']}/approve"
    own = await api.post(approve, headers=counselor.headers)
    assert (own.status_code, own.json()["error"]["code"]) == (403, "second_approver_required")
    assert (await api.post(approve, headers=youth.headers)).status_code == 403
    assert (await api.get(identity_url, headers=counselor.headers)).status_code == 403

    supervisor = await make_user("counselor", display_name="감독상담사")
    pending = (
        await api.get(f"{API}/reveal-requests?status=pending", headers=supervisor.headers)
    ).json()["items"]
    assert [r["id"] for r in pending] == [request["id"]]
    decisions = await asyncio.gather(
        api.post(approve, headers=supervisor.headers), api.post(approve, headers=admin.headers)
    )
    assert sorted(d.status_code for d in decisions) == [200, 409]
    assert {d.json().get("status") for d in decisions} >= {"approved"}

    # Only the requester reads it: the approver does not take part in the case.
    assert (await api.get(identity_url, headers=supervisor.headers)).status_code == 404
    opened = await api.get(identity_url, headers=counselor.headers)
    assert opened.status_code == 200, opened.text
    assert opened.json() == {"user_id": youth.id, "display_name": "오세린", "email": youth.email}

    log = (await api.get(f"{API}/audit?case_id={case['id']}", headers=admin.headers)).json()
    assert [e["action"] for e in log["items"]] == [
        "identity_read",
        "reveal_approved",
        "reveal_requested",
    ]
    assert log["items"][2]["details"]["reason"] == REASON
    assert (await api.get(f"{API}/audit", headers=counselor.headers)).status_code == 403


async def test_a_rejected_request_keeps_the_identity_sealed(api, make_user):
    admin, counselor, _youth, case = await _case(api, make_user)
    request = (
        await api.post(
            f"{API}/cases/{case['id']}/reveal-requests",
            headers=counselor.headers,
            json={"reason": REASON},
        )
    ).json()
    rejected = await api.post(
        f"{API}/reveal-requests/{request['id']}/reject", headers=admin.headers
    )
    assert rejected.json()["status"] == "rejected"
    late = await api.post(f"{API}/reveal-requests/{request['id']}/approve", headers=admin.headers)
    assert late.json()["error"]["code"] == "reveal_not_pending"
    sealed = await api.get(f"{API}/cases/{case['id']}/identity", headers=counselor.headers)
    assert sealed.json()["error"]["code"] == "identity_sealed"
    missing = await api.post(f"{API}/reveal-requests/{uuid.uuid4()}/approve", headers=admin.headers)
    assert missing.json()["error"]["code"] == "reveal_request_not_found"
    short = await api.post(
        f"{API}/cases/{case['id']}/reveal-requests",
        headers=counselor.headers,
        json={"reason": "short"},
    )
    assert short.status_code == 422
