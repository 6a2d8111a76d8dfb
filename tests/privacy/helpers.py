"""Shared set-up for the privacy tests."""

from __future__ import annotations

import io

from PIL import Image

DOCUMENTS = "/api/v1/users/me/documents"
SECRET_LINE = b"HONG GILDONG 1987-03-14 SECRET-MEDICAL-NOTE"


def pdf(body: bytes = SECRET_LINE) -> bytes:
    """A one-page PDF whose text is easy to look for in raw bytes (an uncompressed content
    stream)."""
    content = b"% " + body + b"\nBT /F1 12 Tf 72 720 Td (hello) Tj ET\n"
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        ]
    )


def build_pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1, the first is the catalog) with a correct
    cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


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
