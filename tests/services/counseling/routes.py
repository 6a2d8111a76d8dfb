"""The routes of services.counseling for the access matrix (tests/api/test_access_matrix.py): each
(method, template, concrete path or None) in PROTECTED needs a signed-in caller."""

_ID = "00000000-0000-4000-8000-000000000000"
_C = "/api/v1/counseling"

PROTECTED: list[tuple[str, str, str | None]] = [
    ("POST", f"{_C}/slots", None),
    ("GET", f"{_C}/slots/mine", None),
    ("DELETE", f"{_C}/slots/{{slot_id}}", f"{_C}/slots/{_ID}"),
    ("GET", f"{_C}/slots", None),
    ("POST", f"{_C}/bookings", None),
    ("GET", f"{_C}/cases/mine", None),
    ("GET", f"{_C}/cases", None),
    ("GET", f"{_C}/cases/{{case_id}}", f"{_C}/cases/{_ID}"),
    ("POST", f"{_C}/cases/{{case_id}}/cancel", f"{_C}/cases/{_ID}/cancel"),
    ("POST", f"{_C}/cases/{{case_id}}/start", f"{_C}/cases/{_ID}/start"),
    ("POST", f"{_C}/cases/{{case_id}}/close", f"{_C}/cases/{_ID}/close"),
    ("POST", f"{_C}/cases/{{case_id}}/notes", f"{_C}/cases/{_ID}/notes"),
    ("GET", f"{_C}/cases/{{case_id}}/notes", f"{_C}/cases/{_ID}/notes"),
    ("POST", f"{_C}/cases/{{case_id}}/reveal-requests", f"{_C}/cases/{_ID}/reveal-requests"),
    ("GET", f"{_C}/cases/{{case_id}}/identity", f"{_C}/cases/{_ID}/identity"),
    ("GET", f"{_C}/reveal-requests", None),
    ("POST", f"{_C}/reveal-requests/{{request_id}}/approve", f"{_C}/reveal-requests/{_ID}/approve"),
    ("POST", f"{_C}/reveal-requests/{{request_id}}/reject", f"{_C}/reveal-requests/{_ID}/reject"),
    ("GET", f"{_C}/audit", None),
]
# Open to anonymous callers.
PUBLIC: set[tuple[str, str]] = set()
