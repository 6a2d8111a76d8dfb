"""The routes of services.events for the access matrix (tests/api/test_access_matrix.py): each
(method, template, concrete path or None) in PROTECTED needs a signed-in caller."""

_ID = "00000000-0000-4000-8000-000000000000"

PROTECTED: list[tuple[str, str, str | None]] = [
    ("POST", "/api/v1/events", None),
    ("GET", "/api/v1/events/mine", None),
    ("PATCH", "/api/v1/events/{event_id}", f"/api/v1/events/{_ID}"),
    ("POST", "/api/v1/events/{event_id}/cancel", f"/api/v1/events/{_ID}/cancel"),
    ("POST", "/api/v1/events/{event_id}/rsvp", f"/api/v1/events/{_ID}/rsvp"),
    ("DELETE", "/api/v1/events/{event_id}/rsvp", f"/api/v1/events/{_ID}/rsvp"),
    ("GET", "/api/v1/events/{event_id}/attendees", f"/api/v1/events/{_ID}/attendees"),
]
# Open to anonymous callers.
PUBLIC: set[tuple[str, str]] = {
    ("GET", "/api/v1/events"),
    ("GET", "/api/v1/events/{event_id}"),
}
