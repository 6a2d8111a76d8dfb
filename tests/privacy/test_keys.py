"""Key rotation: after a new key joins the ring, rewrap moves every document key and
encrypted field to it and everything stays readable."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from backend.core.crypto import FieldCipher, new_key_entry
from backend.privacy.keys import rewrap_keys
from backend.privacy.models import Consent, Document, Profile
from tests.privacy.helpers import DOCUMENTS, pdf, upload_form

ME = {"legal_name": "김서울", "birth_date": "2015-05-05", "phone": "02-120-0120"}


async def test_rewrap_moves_everything_to_the_new_key(api, make_user, runtime, settings):
    citizen = await make_user()
    await api.put("/api/v1/users/me/profile", json=ME, headers=citizen.headers)
    await api.put(
        "/api/v1/users/me/consents/location",
        json={
            "granted": True,
            "version": "2026-11",
            "guardian": {"name": "김부모", "contact": "010-1111-2222"},
        },
        headers=citizen.headers,
    )
    doc_id = (await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(pdf()))).json()["id"]

    old_cipher = runtime.cipher
    old_spec = settings.encryption_keys.get_secret_value()
    runtime.cipher = FieldCipher.from_spec(f"{new_key_entry('rot2')},{old_spec}")
    try:
        async with runtime.db.session_scope() as session:
            assert await rewrap_keys(session, runtime.cipher) == 6
        async with runtime.db.session_scope() as session:
            assert await rewrap_keys(session, runtime.cipher) == 0
            document = await session.get(Document, uuid.UUID(doc_id))
            profile = await session.get(Profile, uuid.UUID(citizen.id))
            consent = await session.scalar(select(Consent))
        tokens = [
            document.wrapped_key,
            profile.legal_name_enc,
            profile.birth_date_enc,
            profile.phone_enc,
            consent.guardian_name_enc,
            consent.guardian_contact_enc,
        ]
        assert all(token.startswith("v1.rot2.") for token in tokens)

        own = await api.get(f"{DOCUMENTS}/{doc_id}", headers=citizen.headers)
        assert own.content == pdf()
        profile_read = await api.get("/api/v1/users/me/profile", headers=citizen.headers)
        assert profile_read.json()["legal_name"] == "김서울"
        consents = (await api.get("/api/v1/users/me/consents", headers=citizen.headers)).json()
        assert [c["guardian"]["name"] for c in consents if c["guardian"]] == ["김부모"]
    finally:
        runtime.cipher = old_cipher
