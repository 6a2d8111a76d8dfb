"""The routes of services.library for the access matrix (tests/api/test_access_matrix.py): each
(method, template, concrete path or None) in PROTECTED needs a signed-in caller."""

_ID = "00000000-0000-4000-8000-000000000000"

PROTECTED: list[tuple[str, str, str | None]] = [
    ("POST", "/api/v1/library/books", None),
    ("PATCH", "/api/v1/library/books/{book_id}", f"/api/v1/library/books/{_ID}"),
    ("POST", "/api/v1/library/books/{book_id}/loans", f"/api/v1/library/books/{_ID}/loans"),
    ("POST", "/api/v1/library/loans/{loan_id}/return", f"/api/v1/library/loans/{_ID}/return"),
    ("GET", "/api/v1/library/loans/mine", None),
    ("POST", "/api/v1/library/books/{book_id}/holds", f"/api/v1/library/books/{_ID}/holds"),
    ("DELETE", "/api/v1/library/holds/{hold_id}", f"/api/v1/library/holds/{_ID}"),
    ("GET", "/api/v1/library/holds/mine", None),
]
# Open to anonymous callers.
PUBLIC: set[tuple[str, str]] = {
    ("GET", "/api/v1/library/books"),
    ("GET", "/api/v1/library/books/{book_id}"),
}
