"""The role matrix's rows for the municipal services (see tests/security/matrix.py)."""

from __future__ import annotations

from tests.privacy.helpers import png
from tests.security.expect import (
    NOBODY,
    Row,
    gated,
    owned,
    public,
    row,
    signed_in,
    staff,
)

_ADMIN_ONLY = staff("admin")
_OFFICIAL = staff("official")
_CASE = "/counseling/cases/{case}"
_SECOND_PAIR_OF_EYES = staff("counselor", "admin") | {"counselor": "403"}
_NOTE = {"body": "학교 생활 상담 내용"}
_CIVIL = "/civil/requests/{civil_request}"
_MEMBER = "/civil/departments/{code}/members/{user_id}"
_LOAN = {"title": "작별하지 않는다", "author": "한강", "language": "ko", "licensed_copies": 1}
_EVENT = "/events/{event}"
_ORGANIZER = staff("official", "admin")
_B = "/business"
_CONSULTATION = _B + "/consultations/{consultation}"
# The booth's owner only: an admin assigns owners but does not edit a business's booth.
_BOOTH_OWNER = staff("business", "admin") | {"admin": "403"}
# Experts only: being one is a record an admin makes, not a role.
_EXPERT_SLOT = {"starts_at": "2030-01-07T10:00:00+09:00", "ends_at": "2030-01-07T11:00:00+09:00"}

SERVICE_ROWS: list[Row] = [
    # civil services
    row("GET", "/civil/departments", public()),
    row("GET", "/civil/departments/{code}/members", _ADMIN_ONLY, "/civil/departments/tax/members"),
    row("PUT", _MEMBER, _ADMIN_ONLY, f"/civil/departments/tax/members/{NOBODY}"),
    row("DELETE", _MEMBER, _ADMIN_ONLY, f"/civil/departments/tax/members/{NOBODY}"),
    row("GET", "/civil/services", public()),
    row("GET", "/civil/services/{slug}", public(), "/civil/services/local-tax-payment-inquiry"),
    row("POST", "/civil/requests", signed_in(), json={}),
    row("GET", "/civil/requests/mine", signed_in()),
    row("GET", "/civil/requests/{request_id}", owned(), _CIVIL),
    row("GET", "/civil/queue", _OFFICIAL),
    # An official outside the request's department does not see it.
    row(
        "POST",
        "/civil/requests/{request_id}/transitions",
        gated(("official",)),
        _CIVIL + "/transitions",
        json={"to": "in_progress"},
    ),
    row("POST", "/civil/requests/{request_id}/withdraw", owned(), _CIVIL + "/withdraw"),
    # proposals
    row("GET", "/proposals", public()),
    row("POST", "/proposals", signed_in(), json={}),
    row("GET", "/proposals/mine", signed_in()),
    row("GET", "/proposals/review", _OFFICIAL),
    row("GET", "/proposals/greetings", public()),
    row("POST", "/proposals/greetings", signed_in(), json={}),
    row("GET", "/proposals/{proposal_id}", public(), "/proposals/{proposal}"),
    # Endorsing one's own proposal is refused.
    row(
        "POST",
        "/proposals/{proposal_id}/endorsements",
        signed_in() | {"citizen": "403"},
        "/proposals/{proposal}/endorsements",
    ),
    row(
        "DELETE",
        "/proposals/{proposal_id}/endorsements",
        signed_in(),
        "/proposals/{proposal}/endorsements",
    ),
    row(
        "POST",
        "/proposals/{proposal_id}/answer",
        _OFFICIAL,
        "/proposals/{proposal}/answer",
        json={"decision": "declined", "body": "예산 부족으로 어렵습니다."},
    ),
    # youth counseling: the case is the citizen's (a verified youth) and its counselor's
    row("POST", "/counseling/slots", staff("counselor"), json={}),
    row("GET", "/counseling/slots/mine", staff("counselor")),
    row("GET", "/counseling/slots", signed_in()),
    row("POST", "/counseling/bookings", signed_in(), json={}),
    row("GET", "/counseling/cases/mine", signed_in()),
    row("GET", "/counseling/cases", staff("counselor")),
    row("GET", "/counseling/cases/{case_id}", owned("counselor"), _CASE),
    row(
        "POST",
        "/counseling/cases/{case_id}/start",
        gated(("counselor",), "counselor"),
        _CASE + "/start",
    ),
    row(
        "POST",
        "/counseling/cases/{case_id}/notes",
        gated(("counselor",), "counselor"),
        _CASE + "/notes",
        json=_NOTE,
    ),
    row(
        "GET",
        "/counseling/cases/{case_id}/notes",
        gated(("counselor",), "counselor"),
        _CASE + "/notes",
    ),
    row(
        "POST",
        "/counseling/cases/{case_id}/reveal-requests",
        gated(("counselor",), "counselor"),
        _CASE + "/reveal-requests",
        json={"reason": "보호자 연락이 필요합니다."},
    ),
    row("GET", "/counseling/reveal-requests", staff("counselor", "admin")),
    # Four eyes: the counselor who asked may not decide, and without approval the identity
    # stays sealed (403).
    row(
        "POST",
        "/counseling/reveal-requests/{request_id}/reject",
        _SECOND_PAIR_OF_EYES,
        "/counseling/reveal-requests/{reveal}/reject",
    ),
    row(
        "POST",
        "/counseling/reveal-requests/{request_id}/approve",
        _SECOND_PAIR_OF_EYES,
        "/counseling/reveal-requests/{reveal}/approve",
    ),
    row(
        "GET",
        "/counseling/cases/{case_id}/identity",
        gated(("counselor",)) | {"counselor": "403"},
        _CASE + "/identity",
    ),
    row("GET", "/counseling/audit", _ADMIN_ONLY),
    row(
        "POST",
        "/counseling/cases/{case_id}/close",
        gated(("counselor",), "counselor"),
        _CASE + "/close",
    ),
    row("POST", "/counseling/cases/{case_id}/cancel", owned("counselor"), _CASE + "/cancel"),
    row(
        "DELETE",
        "/counseling/slots/{slot_id}",
        gated(("counselor",), "counselor"),
        "/counseling/slots/{counseling_slot}",
    ),
    # library
    row("GET", "/library/books", public()),
    row("POST", "/library/books", staff("official", "admin"), json=_LOAN),
    row("GET", "/library/books/{book_id}", public(), "/library/books/{book}"),
    row(
        "PATCH",
        "/library/books/{book_id}",
        staff("official", "admin"),
        "/library/books/{book}",
        json={},
    ),
    row("GET", "/library/loans/mine", signed_in()),
    row("GET", "/library/holds/mine", signed_in()),
    row("POST", "/library/books/{book_id}/loans", signed_in(), "/library/books/{book}/loans"),
    row("POST", "/library/books/{book_id}/holds", signed_in(), "/library/books/{book}/holds"),
    row("DELETE", "/library/holds/{hold_id}", owned(), "/library/holds/{hold}"),
    row("POST", "/library/loans/{loan_id}/return", owned(), "/library/loans/{loan}/return"),
    # events
    row("GET", "/events", public()),
    row("POST", "/events", _ORGANIZER, json={}),
    row("GET", "/events/mine", signed_in()),
    row("GET", "/events/{event_id}", public(), _EVENT),
    row("PATCH", "/events/{event_id}", _ORGANIZER, _EVENT, json={}),
    row("POST", "/events/{event_id}/rsvp", signed_in(), _EVENT + "/rsvp"),
    row("GET", "/events/{event_id}/attendees", _OFFICIAL, _EVENT + "/attendees"),
    row("DELETE", "/events/{event_id}/rsvp", signed_in(), _EVENT + "/rsvp"),
    row("POST", "/events/{event_id}/cancel", _ORGANIZER, _EVENT + "/cancel"),
    # business: the booth is the business user's, who is also the citizen's expert
    row("GET", _B + "/booths", public()),
    row("POST", _B + "/booths", staff("business", "admin"), json={}),
    row("GET", _B + "/booths/{booth_id}", public(), _B + "/booths/{booth}"),
    row("PATCH", _B + "/booths/{booth_id}", _BOOTH_OWNER, _B + "/booths/{booth}", json={}),
    row(
        "PUT",
        _B + "/booths/{booth_id}/owner",
        _ADMIN_ONLY,
        _B + "/booths/{booth}/owner",
        json={"owner_id": "{expert}"},
    ),
    row(
        "PUT",
        _B + "/booths/{booth_id}/banner",
        _BOOTH_OWNER,
        _B + "/booths/{booth}/banner",
        files={"file": ("b.png", png(), "image/png")},
    ),
    row("GET", _B + "/booths/{booth_id}/banner", public(), _B + "/booths/{booth}/banner"),
    row(
        "POST",
        _B + "/booths/{booth_id}/inquiries",
        signed_in(),
        _B + "/booths/{booth}/inquiries",
        json={"subject": "문의", "body": "영업 시간이 궁금합니다."},
    ),
    row("GET", _B + "/booths/{booth_id}/inquiries", _BOOTH_OWNER, _B + "/booths/{booth}/inquiries"),
    row("GET", _B + "/inquiries/mine", signed_in()),
    row("GET", _B + "/inquiries/{inquiry_id}", owned("business"), _B + "/inquiries/{inquiry}"),
    row(
        "POST",
        _B + "/inquiries/{inquiry_id}/reply",
        owned("business"),
        _B + "/inquiries/{inquiry}/reply",
        json={"body": "평일 9시부터 6시까지입니다."},
    ),
    row("GET", _B + "/experts", public()),
    row("GET", _B + "/experts/{user_id}", public(), _B + "/experts/{expert}"),
    row("GET", _B + "/experts/{user_id}/slots", public(), _B + "/experts/{expert}/slots"),
    row("POST", _B + "/experts/me/slots", staff("business"), json=_EXPERT_SLOT),
    row(
        "PUT",
        _B + "/experts/{user_id}",
        _ADMIN_ONLY,
        f"{_B}/experts/{NOBODY}",
        json={"field": "legal"},
    ),
    row("POST", _B + "/consultations", signed_in(), json={}),
    row("GET", _B + "/consultations/mine", signed_in()),
    row("GET", _B + "/consultations/{consultation_id}", owned("business"), _CONSULTATION),
    row(
        "POST",
        _B + "/consultations/{consultation_id}/cancel",
        owned("business"),
        _CONSULTATION + "/cancel",
    ),
    row(
        "DELETE",
        _B + "/experts/me/slots/{slot_id}",
        staff("business", others="404"),
        _B + "/experts/me/slots/{expert_slot}",
    ),
    row("DELETE", _B + "/experts/{user_id}", _ADMIN_ONLY, f"{_B}/experts/{NOBODY}"),
]
