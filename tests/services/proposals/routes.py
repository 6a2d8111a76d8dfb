"""The routes of services.proposals for the access matrix (tests/api/test_access_matrix.py): each
(method, template, concrete path or None) in PROTECTED needs a signed-in caller."""

PROTECTED: list[tuple[str, str, str | None]] = []
# Open to anonymous callers.
PUBLIC: set[tuple[str, str]] = set()
