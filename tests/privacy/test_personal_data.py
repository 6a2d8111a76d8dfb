"""The encrypted profile, resident registration numbers, consents with guardian confirmation,
staff profile reads, the export and the erasure of a deleted account."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select, text

from backend.accounts import service as account_service
from backend.core.actor import Actor
from backend.core.db import utcnow
from backend.privacy import purge
from backend.privacy.models import Consent, Document, Erasure
from tests.privacy.helpers import DOCUMENTS, pdf, upload_form

PROFILE = "/api/v1/users/me/profile"
CONSENTS = "/api/v1/users/me/consents"
ME = {"legal_name": "홍길동", "birth_date": "1987-03-14", "phone": "010-9876-5432"}


async def test_profile_fields_are_encrypted_in_the_database(api, make_user, runtime):
    citizen = await make_user()
    empty = await api.get(PROFILE, headers=citizen.headers)
    assert empty.json()["legal_name"] is None
    saved = await api.put(PROFILE, json=ME, headers=citizen.headers)
    assert saved.status_code == 200, saved.text
    assert {k: saved.json()[k] for k in ME} == ME
    assert {k: (await api.get(PROFILE, headers=citizen.headers)).json()[k] for k in ME} == ME
    async with runtime.db.session_scope() as session:
        raw = (await session.execute(text("SELECT * FROM privacy_profiles"))).one()
    stored = " ".join(str(value) for value in raw)
    for plain in ("홍길동", "1987-03-14", "1987", "9876", "5432"):
        assert plain not in stored
    assert all(str(v).startswith("v1.") for v in raw[1:4])


async def test_resident_registration_numbers_are_refused(api, make_user, runtime):
    citizen = await make_user()
    for phone in ("870314-1234567", "8703141234567", "８７０３１４－１２３４５６７"):
        r = await api.put(PROFILE, json={**ME, "phone": phone}, headers=citizen.headers)
        assert r.status_code == 422, phone
        assert r.json()["error"]["code"] == "rrn_not_allowed"
    bad = await api.put(PROFILE, json={**ME, "phone": "call me"}, headers=citizen.headers)
    assert bad.json()["error"]["code"] == "invalid_phone"
    named = await api.put(
        PROFILE, json={**ME, "legal_name": "홍길동 870314-2234567"}, headers=citizen.headers
    )
    assert named.json()["error"]["code"] == "rrn_not_allowed"
    async with runtime.db.session_scope() as session:
        assert (await session.execute(text("SELECT count(*) FROM privacy_profiles"))).scalar() == 0


async def test_staff_profile_reads_are_logged_and_exported(api, make_user, runtime):
    citizen, official, admin = (
        await make_user(),
        await make_user("official"),
        await make_user("admin"),
    )
    moderator = await make_user("moderator")
    await api.put(PROFILE, json=ME, headers=citizen.headers)
    path = f"/api/v1/admin/users/{citizen.id}/profile"
    purpose = {"purpose": "개인정보 열람 청구 대응 (access request)"}
    assert (await api.get(path, headers=moderator.headers, params=purpose)).status_code == 403
    # Officials read only for a civil request they work on (tests/privacy/test_casework.py).
    assert (await api.get(path, headers=official.headers, params=purpose)).status_code == 422
    assert (await api.get(path, headers=admin.headers)).status_code == 422
    read = await api.get(path, headers=admin.headers, params=purpose)
    assert read.status_code == 200
    assert read.json()["legal_name"] == "홍길동"
    missing = await api.get(
        f"/api/v1/admin/users/{uuid.uuid4()}/profile", headers=admin.headers, params=purpose
    )
    assert missing.status_code == 404
    log = await api.get("/api/v1/admin/access-log", headers=admin.headers, params={"limit": 1})
    assert log.json()["items"][0]["actor_id"] == admin.id
    assert log.json()["items"][0]["action"] == "profile_read"

    async with runtime.db.session_scope() as session:
        export = await account_service.export_me(
            session, actor=Actor(uuid.UUID(citizen.id), "시민"), cipher=runtime.cipher
        )
    assert export.privacy.profile.legal_name == "홍길동"
    assert export.privacy.profile.birth_date == date(1987, 3, 14)
    assert [e.actor_id for e in export.privacy.access_log] == [uuid.UUID(admin.id)]
    assert {c.purpose for c in export.privacy.consents} >= {"service_terms", "marketing"}


async def test_consents_to_versioned_terms(api, make_user):
    citizen = await make_user()
    terms = {t["purpose"]: t for t in (await api.get("/api/v1/consents/terms")).json()}
    assert terms["service_terms"]["required"]
    assert not terms["marketing"]["required"]
    version = terms["marketing"]["version"]
    stale = await api.put(
        f"{CONSENTS}/marketing",
        json={"granted": True, "version": "1999-01"},
        headers=citizen.headers,
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_terms_version"
    granted = await api.put(
        f"{CONSENTS}/marketing", json={"granted": True, "version": version}, headers=citizen.headers
    )
    assert granted.status_code == 200
    assert granted.json()["status"] == "granted"
    assert granted.json()["guardian_token"] is None
    withdrawn = await api.put(
        f"{CONSENTS}/marketing",
        json={"granted": False, "version": version},
        headers=citizen.headers,
    )
    assert withdrawn.json()["status"] == "withdrawn"
    required = await api.put(
        f"{CONSENTS}/service_terms",
        json={"granted": False, "version": version},
        headers=citizen.headers,
    )
    assert required.status_code == 409
    assert required.json()["error"]["code"] == "consent_required"
    unknown = await api.put(
        f"{CONSENTS}/telepathy", json={"granted": True, "version": version}, headers=citizen.headers
    )
    assert unknown.status_code == 422
    mine = {
        c["purpose"]: c["status"] for c in (await api.get(CONSENTS, headers=citizen.headers)).json()
    }
    assert mine == {
        "service_terms": "none",
        "privacy_collection": "none",
        "location": "none",
        "marketing": "withdrawn",
    }


async def test_a_child_needs_the_guardian_to_confirm(api, make_user, runtime):
    child = await make_user()
    today = date.today()
    birth = date(today.year - 10, 1, 1).isoformat()
    await api.put(PROFILE, json={**ME, "birth_date": birth}, headers=child.headers)
    version = (await api.get("/api/v1/consents/terms")).json()[0]["version"]
    path = f"{CONSENTS}/service_terms"
    alone = await api.put(path, json={"granted": True, "version": version}, headers=child.headers)
    assert alone.status_code == 422
    assert alone.json()["error"]["code"] == "guardian_required"
    guardian = {"name": "홍아버지", "contact": "parent@example.com"}
    pending = await api.put(
        path,
        json={"granted": True, "version": version, "guardian": guardian},
        headers=child.headers,
    )
    assert pending.status_code == 200, pending.text
    assert pending.json()["status"] == "pending_guardian"
    token = pending.json()["guardian_token"]
    assert token
    async with runtime.db.session_scope() as session:
        row = await session.scalar(select(Consent))
        assert "홍아버지" not in row.guardian_name_enc
        assert "parent@" not in row.guardian_contact_enc

    wrong = await api.post("/api/v1/consents/guardian/confirm", json={"token": "nope"})
    assert wrong.status_code == 404
    ok = await api.post("/api/v1/consents/guardian/confirm", json={"token": token})
    assert ok.status_code == 204
    again = await api.post("/api/v1/consents/guardian/confirm", json={"token": token})
    assert again.json()["error"]["code"] == "invalid_guardian_token"
    [consent] = [
        c
        for c in (await api.get(CONSENTS, headers=child.headers)).json()
        if c["purpose"] == "service_terms"
    ]
    assert consent["status"] == "granted"
    assert consent["guardian"]["name"] == "홍아버지"
    assert consent["guardian"]["confirmed_at"] is not None


async def test_an_age_band_claim_also_makes_a_child(api, make_user):
    child, official = await make_user(), await make_user("official")
    await api.put(
        f"/api/v1/admin/users/{child.id}/claims/age_band",
        json={"value": "9-13"},
        headers=official.headers,
    )
    r = await api.put(
        f"{CONSENTS}/location", json={"granted": True, "version": "2026-11"}, headers=child.headers
    )
    assert r.json()["error"]["code"] == "guardian_required"


async def test_deleted_accounts_are_erased_after_the_window(api, make_user, runtime, settings):
    citizen = await make_user()
    await api.put(PROFILE, json=ME, headers=citizen.headers)
    doc = (await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(pdf()))).json()
    assert (
        await api.request(
            "DELETE",
            "/api/v1/users/me",
            json={"current_password": citizen.password},
            headers=citizen.headers,
        )
    ).status_code == 204
    user_id = uuid.UUID(citizen.id)
    file = settings.data_dir / "vault" / f"{doc['id']}.bin"

    async def purge_at(now):
        async with runtime.db.session_scope() as session:
            return await purge.run(
                session,
                data_dir=settings.data_dir,
                now=now,
                personal_data_retention_days=settings.personal_data_retention_days,
                access_log_retention_days=settings.access_log_retention_days,
            )

    assert (await purge_at(utcnow() + timedelta(days=1))).erasures == 0
    assert file.exists()
    window = timedelta(days=settings.personal_data_retention_days, minutes=1)
    assert (await purge_at(utcnow() + window)).erasures == 1
    assert not file.exists()
    async with runtime.db.session_scope() as session:
        assert (await session.execute(text("SELECT count(*) FROM privacy_profiles"))).scalar() == 0
        assert await session.scalar(select(Document).where(Document.owner_id == user_id)) is None
        assert (await session.get(Erasure, user_id)).completed_at is not None
    assert (await purge_at(utcnow() + window)).erasures == 0


async def test_access_log_entries_expire_after_two_years(api, make_user, runtime, settings):
    citizen, admin = await make_user(), await make_user("admin")
    read = await api.get(
        f"/api/v1/admin/users/{citizen.id}/profile",
        headers=admin.headers,
        params={"purpose": "case 77 identity check"},
    )
    assert read.status_code == 200
    async with runtime.db.session_scope() as session:
        kept = await purge.run(
            session,
            data_dir=settings.data_dir,
            now=utcnow() + timedelta(days=729),
            personal_data_retention_days=30,
            access_log_retention_days=730,
        )
        expired = await purge.run(
            session,
            data_dir=settings.data_dir,
            now=utcnow() + timedelta(days=731),
            personal_data_retention_days=30,
            access_log_retention_days=730,
        )
    assert (kept.access_log, expired.access_log) == (0, 1)
