"""The routes of services.civil for the access matrix (tests/api/test_access_matrix.py): each
(method, template, concrete path or None) in PROTECTED needs a signed-in caller."""

_ID = "00000000-0000-4000-8000-000000000000"
_MEMBER = "/api/v1/civil/departments/{code}/members/{user_id}"

PROTECTED: list[tuple[str, str, str | None]] = [
    (
        "GET",
        "/api/v1/civil/departments/{code}/members",
        "/api/v1/civil/departments/tax/members",
    ),
    ("PUT", _MEMBER, f"/api/v1/civil/departments/tax/members/{_ID}"),
    ("DELETE", _MEMBER, f"/api/v1/civil/departments/tax/members/{_ID}"),
    ("POST", "/api/v1/civil/requests", None),
    ("GET", "/api/v1/civil/requests/mine", None),
    ("GET", "/api/v1/civil/requests/{request_id}", f"/api/v1/civil/requests/{_ID}"),
    (
        "POST",
        "/api/v1/civil/requests/{request_id}/withdraw",
        f"/api/v1/civil/requests/{_ID}/withdraw",
    ),
    (
        "POST",
        "/api/v1/civil/requests/{request_id}/transitions",
        f"/api/v1/civil/requests/{_ID}/transitions",
    ),
    ("GET", "/api/v1/civil/queue", None),
]
# Open to anonymous callers.
PUBLIC: set[tuple[str, str]] = {
    ("GET", "/api/v1/civil/departments"),
    ("GET", "/api/v1/civil/services"),
    ("GET", "/api/v1/civil/services/{slug}"),
}
