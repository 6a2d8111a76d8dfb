"""The routes of services.business for the access matrix (tests/api/test_access_matrix.py): each
(method, template, concrete path or None) in PROTECTED needs a signed-in caller."""

_ID = "00000000-0000-4000-8000-000000000000"
_B = "/api/v1/business"

PROTECTED: list[tuple[str, str, str | None]] = [
    ("POST", f"{_B}/booths", None),
    ("PATCH", f"{_B}/booths/{{booth_id}}", f"{_B}/booths/{_ID}"),
    ("PUT", f"{_B}/booths/{{booth_id}}/owner", f"{_B}/booths/{_ID}/owner"),
    ("PUT", f"{_B}/booths/{{booth_id}}/banner", f"{_B}/booths/{_ID}/banner"),
    ("POST", f"{_B}/booths/{{booth_id}}/inquiries", f"{_B}/booths/{_ID}/inquiries"),
    ("GET", f"{_B}/booths/{{booth_id}}/inquiries", f"{_B}/booths/{_ID}/inquiries"),
    ("GET", f"{_B}/inquiries/mine", None),
    ("GET", f"{_B}/inquiries/{{inquiry_id}}", f"{_B}/inquiries/{_ID}"),
    ("POST", f"{_B}/inquiries/{{inquiry_id}}/reply", f"{_B}/inquiries/{_ID}/reply"),
    ("POST", f"{_B}/experts/me/slots", None),
    ("DELETE", f"{_B}/experts/me/slots/{{slot_id}}", f"{_B}/experts/me/slots/{_ID}"),
    ("PUT", f"{_B}/experts/{{user_id}}", f"{_B}/experts/{_ID}"),
    ("DELETE", f"{_B}/experts/{{user_id}}", f"{_B}/experts/{_ID}"),
    ("POST", f"{_B}/consultations", None),
    ("GET", f"{_B}/consultations/mine", None),
    ("GET", f"{_B}/consultations/{{consultation_id}}", f"{_B}/consultations/{_ID}"),
    (
        "POST",
        f"{_B}/consultations/{{consultation_id}}/cancel",
        f"{_B}/consultations/{_ID}/cancel",
    ),
]
# Open to anonymous callers.
PUBLIC: set[tuple[str, str]] = {
    ("GET", f"{_B}/booths"),
    ("GET", f"{_B}/booths/{{booth_id}}"),
    ("GET", f"{_B}/booths/{{booth_id}}/banner"),
    ("GET", f"{_B}/experts"),
    ("GET", f"{_B}/experts/{{user_id}}"),
    ("GET", f"{_B}/experts/{{user_id}}/slots"),
}
