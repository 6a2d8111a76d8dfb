"""A document that says it is a PDF is parsed before it is stored: what is not a plain,
readable PDF never reaches a verifier."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from backend.privacy.pdfcheck import MAX_PAGES
from tests.privacy.helpers import DOCUMENTS, build_pdf, pdf, upload_form


def written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pages(count: int) -> PdfWriter:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(595, 842)
    return writer


def with_javascript() -> bytes:
    writer = pages(1)
    writer.add_open_action(JavaScript("app.alert('hello');"))
    return written(writer)


def with_attachment() -> bytes:
    writer = pages(1)
    writer.add_attachment("invoice.exe", b"MZ\x90\x00")
    return written(writer)


def with_launch_action() -> bytes:
    writer = pages(1)
    launch = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(launch)
    return written(writer)


def encrypted() -> bytes:
    writer = pages(1)
    writer.encrypt("secret", algorithm="AES-128")
    return written(writer)


def page_action_javascript() -> bytes:
    """JavaScript hidden in a page's additional actions, in an indirect object."""
    return build_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O 4 0 R >> >>",
            b"<< /S /JavaScript /JS (app.launchURL('https://evil.example')) >>",
        ]
    )


def no_pages() -> bytes:
    return build_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    )


REFUSED = {
    "header only": (b"%PDF-1.7\n", "unreadable"),
    "header then junk": (b"%PDF-1.4\n" + b"\x00garbage" * 100, "unreadable"),
    "encrypted": (encrypted(), "encrypted"),
    "no pages": (no_pages(), "no_pages"),
    "too many pages": (written(pages(MAX_PAGES + 1)), "too_many_pages"),
    "document javascript": (with_javascript(), "active_content"),
    "page action javascript": (page_action_javascript(), "active_content"),
    "embedded file": (with_attachment(), "active_content"),
    "launch action": (with_launch_action(), "active_content"),
}


@pytest.mark.parametrize("case", REFUSED, ids=str)
async def test_what_is_not_a_plain_pdf_is_refused(api, make_user, case):
    data, reason = REFUSED[case]
    citizen = await make_user()
    r = await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(data))
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "document_rejected"
    assert r.json()["error"]["details"]["reason"] == reason
    # Nothing was stored.
    assert (await api.get(DOCUMENTS, headers=citizen.headers)).json() == []


@pytest.mark.parametrize(
    "data", [pdf(), written(pages(MAX_PAGES))], ids=["hand-made", "at the page limit"]
)
async def test_a_plain_pdf_is_stored_unchanged(api, make_user, data):
    citizen = await make_user()
    r = await api.post(DOCUMENTS, headers=citizen.headers, **upload_form(data))
    assert r.status_code == 201, r.text
    assert r.json()["media_type"] == "application/pdf"
    own = await api.get(f"{DOCUMENTS}/{r.json()['id']}", headers=citizen.headers)
    assert own.content == data
