"""The privacy routes for the access matrix (tests/api/test_access_matrix.py)."""

_ID = "00000000-0000-4000-8000-000000000000"
_DOCUMENT = "/api/v1/users/me/documents/{document_id}"

PROTECTED: list[tuple[str, str, str | None]] = [
    ("GET", "/api/v1/users/me/profile", None),
    ("PUT", "/api/v1/users/me/profile", None),
    ("GET", "/api/v1/users/me/consents", None),
    ("PUT", "/api/v1/users/me/consents/{purpose}", "/api/v1/users/me/consents/marketing"),
    ("POST", "/api/v1/users/me/documents", None),
    ("GET", "/api/v1/users/me/documents", None),
    ("GET", _DOCUMENT, f"/api/v1/users/me/documents/{_ID}"),
    ("DELETE", _DOCUMENT, f"/api/v1/users/me/documents/{_ID}"),
    ("GET", "/api/v1/verification/documents", None),
    (
        "GET",
        "/api/v1/verification/documents/{document_id}/file",
        f"/api/v1/verification/documents/{_ID}/file?purpose=identity+check",
    ),
    (
        "GET",
        "/api/v1/verification/documents/{document_id}",
        f"/api/v1/verification/documents/{_ID}",
    ),
    (
        "GET",
        "/api/v1/verification/documents/{document_id}/reads",
        f"/api/v1/verification/documents/{_ID}/reads",
    ),
    (
        "POST",
        "/api/v1/verification/documents/{document_id}/decision",
        f"/api/v1/verification/documents/{_ID}/decision",
    ),
    ("GET", "/api/v1/admin/verifiers", None),
    ("PUT", "/api/v1/admin/verifiers/{user_id}", f"/api/v1/admin/verifiers/{_ID}"),
    ("DELETE", "/api/v1/admin/verifiers/{user_id}", f"/api/v1/admin/verifiers/{_ID}"),
    (
        "GET",
        "/api/v1/admin/users/{user_id}/profile",
        f"/api/v1/admin/users/{_ID}/profile?purpose=case+1234",
    ),
    ("GET", "/api/v1/admin/access-log", None),
]
# Open to anonymous callers: the terms, and the guardian (who has no account) confirming.
PUBLIC = {
    ("GET", "/api/v1/consents/terms"),
    ("POST", "/api/v1/consents/guardian/confirm"),
}
