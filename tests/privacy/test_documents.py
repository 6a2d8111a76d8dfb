"""The document vault: who can read a document, the access log, encryption on disk, and the
purge after verification."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from backend.accounts import service as account_service
from backend.core.actor import Actor
from backend.core.crypto import FieldCipher, UndecryptableField, new_key_entry
from backend.core.db import utcnow
from backend.privacy import purge, storage
from backend.privacy.models import Document
from tests.privacy.helpers import (
    DOCUMENTS,
    SECRET_LINE,
    make_verifier,
    pdf,
    png,
    upload_form,
)

PURPOSE = {"purpose": "age verification for youth services"}


async def run_purge(runtime, settings, now):
    async with runtime.db.session_scope() as session:
        return await purge.run(
            session,
            data_dir=settings.data_dir,
            now=now,
            personal_data_retention_days=settings.personal_data_retention_days,
            access_log_retention_days=settings.access_log_retention_days,
        )


async def test_only_the_owner_and_a_verifier_read_a_document(api, make_user, settings, runtime):
    citizen_a, citizen_b = await make_user(), await make_user()
    moderator, plain_official = await make_user("moderator"), await make_user("official")
    admin, verifier = await make_verifier(api, make_user)

    created = await api.post(DOCUMENTS, headers=citizen_a.headers, **upload_form(pdf()))
    assert created.status_code == 201, created.text
    document = created.json()
    assert (document["kind"], document["media_type"], document["status"]) == (
        "id_card",
        "application/pdf",
        "pending",
    )
    doc_id = document["id"]

    own = await api.get(f"{DOCUMENTS}/{doc_id}", headers=citizen_a.headers)
    assert own.status_code == 200
    assert own.content == pdf()
    assert own.headers["content-type"] == "application/pdf"
    assert own.headers["cache-control"] == "no-store"

    staff_path = f"/api/v1/verification/documents/{doc_id}/file"
    for outsider in (citizen_b, moderator, plain_official, admin):
        for path, params in ((f"{DOCUMENTS}/{doc_id}", None), (staff_path, PURPOSE)):
            r = await api.get(path, headers=outsider.headers, params=params)
            assert r.status_code == 404, (path, r.text)
        delete = await api.delete(f"{DOCUMENTS}/{doc_id}", headers=outsider.headers)
        assert delete.status_code == 404
        decide = await api.post(
            f"/api/v1/verification/documents/{doc_id}/decision",
            json={"decision": "reject", "reason": "blurry"},
            headers=outsider.headers,
        )
        assert decide.status_code == 404
    queue = await api.get("/api/v1/verification/documents", headers=plain_official.headers)
    assert queue.status_code == 403

    no_purpose = await api.get(staff_path, headers=verifier.headers)
    assert no_purpose.status_code == 422
    read = await api.get(staff_path, headers=verifier.headers, params=PURPOSE)
    assert read.status_code == 200
    assert read.content == pdf()

    log = await api.get(
        "/api/v1/admin/access-log", headers=admin.headers, params={"subject_id": citizen_a.id}
    )
    assert log.status_code == 200
    [entry] = log.json()["items"]
    assert entry["actor_id"] == verifier.id
    assert entry["resource_id"] == doc_id
    assert entry["purpose"] == PURPOSE["purpose"]
    assert entry["action"] == "document_read"
    by_actor = await api.get(
        "/api/v1/admin/access-log", headers=admin.headers, params={"actor_id": citizen_b.id}
    )
    assert by_actor.json()["items"] == []
    not_admin = await api.get("/api/v1/admin/access-log", headers=verifier.headers)
    assert not_admin.status_code == 403

    async with runtime.db.session_scope() as session:
        export = await account_service.export_me(
            session, actor=Actor(uuid.UUID(citizen_a.id), "시민"), cipher=runtime.cipher
        )
    assert export.privacy is not None
    assert [e.purpose for e in export.privacy.access_log] == [PURPOSE["purpose"]]
    assert [str(d.id) for d in export.privacy.documents] == [doc_id]


async def test_a_document_is_encrypted_on_disk(api, make_user, settings, runtime):
    citizen = await make_user()
    created = await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(pdf()))
    doc_id = uuid.UUID(created.json()["id"])
    raw = (settings.data_dir / "vault" / f"{doc_id}.bin").read_bytes()
    assert SECRET_LINE not in raw
    assert b"%PDF" not in raw
    # Without the data key nothing opens: not with another key, not the wrapped key with
    # another key ring.
    with pytest.raises(InvalidTag):
        AESGCM(AESGCM.generate_key(bit_length=256)).decrypt(raw[4:16], raw[16:], doc_id.bytes)
    async with runtime.db.session_scope() as session:
        wrapped = (await session.get(Document, doc_id)).wrapped_key
    stranger = FieldCipher.from_spec(new_key_entry(wrapped.split(".")[1]))
    with pytest.raises(UndecryptableField):
        storage.unwrap_key(stranger, doc_id, wrapped)
    key = storage.unwrap_key(runtime.cipher, doc_id, wrapped)
    assert storage.read_decrypted(settings.data_dir, doc_id, key) == pdf()


async def test_approval_sets_claims_and_the_document_is_purged_later(
    api, make_user, settings, runtime
):
    citizen = await make_user()
    _, verifier = await make_verifier(api, make_user)
    doc_id = (await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(pdf()))).json()["id"]
    queue = await api.get("/api/v1/verification/documents", headers=verifier.headers)
    assert [d["id"] for d in queue.json()["items"]] == [doc_id]
    assert queue.json()["items"][0]["owner_id"] == citizen.id

    decision = f"/api/v1/verification/documents/{doc_id}/decision"
    approved = await api.post(
        decision,
        json={"decision": "approve", "claims": {"age_band": "14-18", "resident": "seoul"}},
        headers=verifier.headers,
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    again = await api.post(
        decision, json={"decision": "reject", "reason": "late"}, headers=verifier.headers
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "document_already_decided"
    claims = await api.get("/api/v1/users/me/claims", headers=citizen.headers)
    assert {(c["kind"], c["value"]) for c in claims.json()} == {
        ("age_band", "14-18"),
        ("resident", "seoul"),
    }

    path = settings.data_dir / "vault" / f"{doc_id}.bin"
    early = await run_purge(runtime, settings, utcnow() + timedelta(days=29))
    assert early.documents == 0
    assert path.exists()
    later = await run_purge(
        runtime, settings, utcnow() + timedelta(days=settings.document_retention_days, hours=1)
    )
    assert later.documents == 1
    assert not path.exists()
    gone = await api.get(f"{DOCUMENTS}/{doc_id}", headers=citizen.headers)
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == "document_purged"
    [meta] = (await api.get(DOCUMENTS, headers=citizen.headers)).json()
    assert meta["status"] == "purged"
    assert meta["purged_at"] is not None
    claims = await api.get("/api/v1/users/me/claims", headers=citizen.headers)
    assert len(claims.json()) == 2


async def test_uploads_are_typed_sized_and_checked(api, make_user, settings, runtime):
    citizen = await make_user()
    html = await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(b"<html>hi</html>"))
    assert html.status_code == 415
    assert html.json()["error"]["code"] == "unsupported_document_type"
    big = pdf(b"x" * (settings.document_max_bytes + 1))
    too_big = await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(big))
    assert too_big.status_code == 413
    assert too_big.json()["error"]["code"] == "payload_too_large"
    bad_kind = await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(pdf(), "passport"))
    assert bad_kind.status_code == 422
    broken = b"\x89PNG\r\n\x1a\n" + b"garbage" * 10
    corrupt = await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(broken))
    assert corrupt.status_code == 422
    assert corrupt.json()["error"]["code"] == "image_rejected"
    picture = await api.post(
        DOCUMENTS, headers=citizen.headers, **upload_form(png(), "health_insurance")
    )
    assert picture.status_code == 201, picture.text
    assert picture.json()["media_type"] == "image/png"
    doc_id = picture.json()["id"]
    assert (await api.delete(f"{DOCUMENTS}/{doc_id}", headers=citizen.headers)).status_code == 204
    assert not (settings.data_dir / "vault" / f"{doc_id}.bin").exists()
    assert (await api.get(f"{DOCUMENTS}/{doc_id}", headers=citizen.headers)).status_code == 404


async def test_verifier_permission_is_for_officials_only(api, make_user):
    admin, citizen, official = (
        await make_user("admin"),
        await make_user(),
        await make_user("official"),
    )
    refused = await api.put(f"/api/v1/admin/verifiers/{citizen.id}", headers=admin.headers)
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "verifier_not_official"
    by_official = await api.put(f"/api/v1/admin/verifiers/{official.id}", headers=official.headers)
    assert by_official.status_code == 403
    for _ in range(2):
        r = await api.put(f"/api/v1/admin/verifiers/{official.id}", headers=admin.headers)
        assert r.status_code == 200
    listed = await api.get("/api/v1/admin/verifiers", headers=admin.headers)
    assert [v["user_id"] for v in listed.json()] == [official.id]
    assert (
        await api.delete(f"/api/v1/admin/verifiers/{official.id}", headers=admin.headers)
    ).status_code == 204
    queue = await api.get("/api/v1/verification/documents", headers=official.headers)
    assert queue.status_code == 403


async def test_a_verifier_reads_the_record_and_its_reads_but_nobody_else(api, make_user):
    citizen, outsider = await make_user(), await make_user("official")
    _admin, verifier = await make_verifier(api, make_user)
    created = await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(pdf()))
    doc_id = created.json()["id"]
    record = f"/api/v1/verification/documents/{doc_id}"

    before = await api.get(f"{record}/reads", headers=verifier.headers)
    assert before.json() == []
    shown = await api.get(record, headers=verifier.headers)
    assert (shown.json()["id"], shown.json()["owner_id"]) == (doc_id, citizen.id)
    await api.get(f"{record}/file", headers=verifier.headers, params=PURPOSE)
    [read] = (await api.get(f"{record}/reads", headers=verifier.headers)).json()
    assert (read["actor_id"], read["purpose"], read["action"]) == (
        verifier.id,
        PURPOSE["purpose"],
        "document_read",
    )
    for path in (record, f"{record}/reads"):
        for caller in (citizen, outsider):
            refused = await api.get(path, headers=caller.headers)
            assert refused.status_code == 404, (path, refused.text)
