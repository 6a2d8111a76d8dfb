"""What a PDF in the document vault must be: a plain document a verifier can open safely.

Starting with `%PDF-` proves nothing. An upload is parsed (pypdf) and refused
(`document_rejected`, `details.reason`) when it is:
- `unreadable`: pypdf cannot parse it, or its object graph is implausibly large;
- `encrypted`: a verifier could not read it (and we could not check it);
- `no_pages`, `too_many_pages`: more than MAX_PAGES (certificates and IDs are a few pages);
- `active_content`: JavaScript (document, page, annotation or form-field actions), embedded
  or attached files, launch / import / submit / media actions, XFA forms, rich media, 3D.
Links (URI actions) and ordinary forms stay allowed. The stored file is the upload, unchanged."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import Any, Literal

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from backend.core.errors import AppError

Reason = Literal["unreadable", "encrypted", "no_pages", "too_many_pages", "active_content"]

MAX_PAGES = 50
# Objects visited looking for active content; a 50-page scan has a few hundred.
MAX_OBJECTS = 100_000

# Keys that only ever carry scripts, files or foreign content.
_ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent"}
)
_ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/ImportData",
        "/SubmitForm",
        "/GoToE",
        "/RichMediaExecute",
        "/Rendition",
        "/Movie",
        "/Sound",
    }
)
_ACTIVE_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}
)
_ACTIVE_TYPES = frozenset({"/EmbeddedFile", "/Filespec"})
_MESSAGES: dict[str, str] = {
    "unreadable": "The file is not a readable PDF.",
    "encrypted": "Encrypted PDFs are not accepted; upload it without a password.",
    "no_pages": "The PDF has no pages.",
    "too_many_pages": f"The PDF has more than {MAX_PAGES} pages.",
    "active_content": "PDFs with scripts, attachments or embedded media are not accepted.",
}


class DocumentRejected(AppError):
    status, code, message = 422, "document_rejected", "The document was rejected."

    def __init__(self, reason: Reason) -> None:
        super().__init__(_MESSAGES[reason], details={"reason": reason})
        self.reason = reason


class _TooLarge(Exception):
    pass


# Malformed uploads make pypdf log a warning per repair; the refusal says it all.
logging.getLogger("pypdf").setLevel(logging.ERROR)


async def check_pdf(data: bytes) -> None:
    """Return if `data` is a plain PDF, or raise DocumentRejected. Parsing is CPU-bound and
    runs in a worker thread."""
    await asyncio.to_thread(_check, data)


def _check(data: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DocumentRejected("encrypted")
        pages = len(reader.pages)
        if pages == 0:
            raise DocumentRejected("no_pages")
        if pages > MAX_PAGES:
            raise DocumentRejected("too_many_pages")
        active = _has_active_content(reader.trailer["/Root"])
    except DocumentRejected:
        raise
    except Exception as exc:
        # Whatever pypdf raises on hostile bytes (PdfReadError, KeyError, ValueError,
        # RecursionError, _TooLarge, ...) means the same thing to the citizen.
        raise DocumentRejected("unreadable") from exc
    if active:
        raise DocumentRejected("active_content")


def _has_active_content(root: Any) -> bool:
    """Walk every object reachable from the catalog (dictionaries and arrays; stream data is
    never decoded) for a key, action or annotation that carries active content."""
    pending: list[Any] = [root]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while pending:
        node = pending.pop()
        if isinstance(node, IndirectObject):
            ref = (node.idnum, node.generation)
            if ref in seen:
                continue
            seen.add(ref)
            node = node.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            raise _TooLarge()
        if isinstance(node, DictionaryObject):
            if _active(node):
                return True
            pending.extend(node.values())
        elif isinstance(node, ArrayObject):
            pending.extend(node)
    return False


def _active(node: DictionaryObject) -> bool:
    if not _ACTIVE_KEYS.isdisjoint(node.keys()):
        return True
    return (
        _name(node, "/S") in _ACTIVE_ACTIONS
        or _name(node, "/Subtype") in _ACTIVE_ANNOTATIONS
        or _name(node, "/Type") in _ACTIVE_TYPES
    )


def _name(node: DictionaryObject, key: str) -> str | None:
    value = dict.get(node, key)
    if isinstance(value, IndirectObject):
        value = value.get_object()
    return None if value is None else str(value)
