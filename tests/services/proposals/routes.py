"""The routes of services.proposals for the access matrix (tests/api/test_access_matrix.py): each
(method, template, concrete path or None) in PROTECTED needs a signed-in caller."""

_ID = "00000000-0000-4000-8000-000000000000"

PROTECTED: list[tuple[str, str, str | None]] = [
    ("POST", "/api/v1/proposals", None),
    ("GET", "/api/v1/proposals/mine", None),
    ("GET", "/api/v1/proposals/review", None),
    ("POST", "/api/v1/proposals/greetings", None),
    (
        "POST",
        "/api/v1/proposals/{proposal_id}/endorsements",
        f"/api/v1/proposals/{_ID}/endorsements",
    ),
    (
        "DELETE",
        "/api/v1/proposals/{proposal_id}/endorsements",
        f"/api/v1/proposals/{_ID}/endorsements",
    ),
    ("POST", "/api/v1/proposals/{proposal_id}/answer", f"/api/v1/proposals/{_ID}/answer"),
]
# Open to anonymous callers.
PUBLIC: set[tuple[str, str]] = {
    ("GET", "/api/v1/proposals"),
    ("GET", "/api/v1/proposals/{proposal_id}"),
    ("GET", "/api/v1/proposals/greetings"),
}
