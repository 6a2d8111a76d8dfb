"""Password policy (NIST SP 800-63B / OWASP ASVS): length and a blocklist of common
passwords, no composition rules."""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files

from backend.accounts.exceptions import WeakPassword


@cache
def _common_passwords() -> frozenset[str]:
    text = files("backend.accounts").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line and not line.startswith("#")
    )


def check_password_policy(password: str, *, email: str, display_name: str) -> None:
    """Refuse passwords that are common or made of the account's own identifiers."""
    candidate = unicodedata.normalize("NFKC", password).lower()
    local_part = email.split("@", 1)[0]
    own = {email, local_part, display_name.lower()}
    if candidate in _common_passwords() or candidate in own or len(set(candidate)) < 3:
        raise WeakPassword()
