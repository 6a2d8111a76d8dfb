"""Shared set-up for the privacy tests."""

from __future__ import annotations

import io

from PIL import Image

DOCUMENTS = "/api/v1/users/me/documents"
SECRET_LINE = b"HONG GILDONG 1987-03-14 SECRET-MEDICAL-NOTE"


def pdf(body: bytes = SECRET_LINE) -> bytes:
    """A tiny PDF whose text is easy to look for in raw bytes."""
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% " + body + b"\n%%EOF\n"


def png() -> bytes:
    out = io.BytesIO()
    Image.linear_gradient("L").resize((64, 48)).convert("RGB").save(out, "PNG")
    return out.getvalue()


def upload_form(data: bytes, kind: str = "id_card", name: str = "scan.pdf") -> dict:
    return {"data": {"kind": kind}, "files": {"file": (name, data, "application/octet-stream")}}


async def make_verifier(api, make_user):
    """An official an admin made a document verifier."""
    admin, official = await make_user("admin"), await make_user("official")
    r = await api.put(f"/api/v1/admin/verifiers/{official.id}", headers=admin.headers)
    assert r.status_code == 200, r.text
    return admin, official
