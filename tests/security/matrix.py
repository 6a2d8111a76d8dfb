"""The role-by-route table: for every operation of the OpenAPI schema, a concrete request and
the answer each caller must get (tests/security/expect.py). Rows run in order (later rows
change state: cancellations, deletions, and last the callers' own sign-out and account
deletion)."""

from __future__ import annotations

from tests.conftest import PASSWORD
from tests.privacy.helpers import pdf, png, upload_form
from tests.security.expect import (
    NOBODY,
    Row,
    body_auth,
    owned,
    public,
    row,
    signed_in,
    staff,
)
from tests.security.matrix_services import SERVICE_ROWS

_T = "{citizen}"
_ADMIN_ONLY = staff("admin")
_OFFICIAL = staff("official")
_MODERATION = staff("moderator", "admin")

PLATFORM_ROWS: list[Row] = [
    # accounts and auth
    row("POST", "/auth/register", body_auth(), json={}),
    row(
        "POST",
        "/auth/token",
        body_auth(),
        data={"username": "nobody@example.com", "password": "wrong"},
    ),
    row("POST", "/auth/refresh", body_auth(), json={"refresh_token": "not-a-token"}),
    row("GET", "/users/me", signed_in()),
    row("PATCH", "/users/me", signed_in(), json={}),
    row("GET", "/users/me/export", signed_in()),
    row("GET", "/users/me/claims", signed_in()),
    row("PUT", "/users/me/avatar", signed_in(), files={"file": ("a.png", png(), "image/png")}),
    row("DELETE", "/users/me/avatar", signed_in()),
    row("GET", "/users/{user_id}/avatar", public(), f"/users/{_T}/avatar"),
    row("GET", "/users/me/blocks", signed_in()),
    row("POST", "/users/me/blocks", signed_in(), json={"user_id": NOBODY}),
    row("DELETE", "/users/me/blocks/{user_id}", signed_in(), f"/users/me/blocks/{NOBODY}"),
    # spaces, chat, calls
    row("GET", "/spaces", public()),
    row("GET", "/spaces/{slug}", public(), "/spaces/seoul-plaza"),
    row("GET", "/translation/languages", public()),
    row("GET", "/spaces/{slug}/presence", signed_in(), "/spaces/seoul-plaza/presence"),
    row("GET", "/spaces/{slug}/messages", signed_in(), "/spaces/seoul-plaza/messages"),
    row("GET", "/conversations", signed_in()),
    row(
        "GET",
        "/conversations/{conversation_id}/messages",
        signed_in(),
        f"/conversations/{NOBODY}/messages",
    ),
    row("GET", "/calls/ice-servers", signed_in()),
    # reports and moderation
    row(
        "POST",
        "/reports",
        signed_in(),
        json={"target_type": "user", "target_id": NOBODY, "category": "spam"},
    ),
    row("GET", "/reports/mine", signed_in()),
    row("GET", "/users/me/sanctions", signed_in()),
    row("POST", "/appeals", body_auth(), json={"sanction_id": NOBODY, "body": "부당합니다"}),
    row("GET", "/moderation/transparency", public()),
    row("GET", "/moderation/cases", _MODERATION),
    row("GET", "/moderation/queue", _MODERATION),
    row("GET", "/moderation/queue/counts", _MODERATION),
    row(
        "GET",
        "/moderation/cases/{case_id}/history",
        _MODERATION,
        f"/moderation/cases/{NOBODY}/history",
    ),
    row(
        "POST",
        "/moderation/cases/{case_id}/release",
        _MODERATION,
        f"/moderation/cases/{NOBODY}/release",
    ),
    row("GET", "/moderation/cases/{case_id}", _MODERATION, f"/moderation/cases/{NOBODY}"),
    row(
        "POST",
        "/moderation/cases/{case_id}/claim",
        _MODERATION,
        f"/moderation/cases/{NOBODY}/claim",
    ),
    row(
        "POST",
        "/moderation/cases/{case_id}/notes",
        _MODERATION,
        f"/moderation/cases/{NOBODY}/notes",
        json={"body": "확인 중"},
    ),
    row(
        "POST",
        "/moderation/cases/{case_id}/decision",
        _MODERATION,
        f"/moderation/cases/{NOBODY}/decision",
        json={},
    ),
    row("GET", "/moderation/appeals", _MODERATION),
    row(
        "POST",
        "/moderation/appeals/{appeal_id}/decision",
        _MODERATION,
        f"/moderation/appeals/{NOBODY}/decision",
        json={"outcome": "uphold", "reason": "규정 위반"},
    ),
    row("GET", "/moderation/audit", _MODERATION),
    row(
        "POST",
        "/moderation/cases/{case_id}/reveal-requests",
        _MODERATION,
        f"/moderation/cases/{NOBODY}/reveal-requests",
        json={"reason": "안전 확인이 필요한 위협 발언이 있었습니다 (a threat)"},
    ),
    row("GET", "/moderation/reveal-requests", _MODERATION),
    row(
        "POST",
        "/moderation/reveal-requests/{request_id}/approve",
        _MODERATION,
        f"/moderation/reveal-requests/{NOBODY}/approve",
    ),
    row(
        "POST",
        "/moderation/reveal-requests/{request_id}/reject",
        _MODERATION,
        f"/moderation/reveal-requests/{NOBODY}/reject",
    ),
    # administration
    row("GET", "/admin/users", _ADMIN_ONLY),
    row(
        "PUT",
        "/admin/users/{user_id}/roles/{role}",
        _ADMIN_ONLY,
        f"/admin/users/{NOBODY}/roles/official",
    ),
    row(
        "DELETE",
        "/admin/users/{user_id}/roles/{role}",
        _ADMIN_ONLY,
        f"/admin/users/{NOBODY}/roles/official",
    ),
    row("GET", "/admin/role-changes", _ADMIN_ONLY),
    row("GET", "/admin/claim-changes", _ADMIN_ONLY),
    row(
        "GET",
        "/admin/users/{user_id}/claims",
        staff("admin", "official"),
        f"/admin/users/{_T}/claims",
    ),
    row(
        "PUT",
        "/admin/users/{user_id}/claims/{kind}",
        staff("admin", "official"),
        f"/admin/users/{NOBODY}/claims/resident",
        json={"value": "seoul"},
    ),
    row(
        "DELETE",
        "/admin/users/{user_id}/claims/{kind}",
        staff("admin", "official"),
        f"/admin/users/{NOBODY}/claims/resident",
    ),
    row("GET", "/health", public()),
    row("GET", "/ready", public()),
    # privacy: profile, consents, documents
    row("GET", "/users/me/profile", signed_in()),
    row("PUT", "/users/me/profile", signed_in(), json={}),
    row("GET", "/consents/terms", public()),
    row("GET", "/users/me/consents", signed_in()),
    row(
        "PUT",
        "/users/me/consents/{purpose}",
        signed_in(),
        "/users/me/consents/marketing",
        json={"granted": False, "version": "1"},
    ),
    row("POST", "/consents/guardian/confirm", body_auth(), json={"token": "not-a-token"}),
    row("POST", "/users/me/documents", signed_in(), **upload_form(pdf())),
    row("GET", "/users/me/documents", signed_in()),
    row("GET", "/users/me/documents/{document_id}", owned(), "/users/me/documents/{document}"),
    # Only a verifier (an official an admin appointed) reads someone's document.
    row("GET", "/verification/documents", staff("official")),
    row(
        "GET",
        "/verification/documents/{document_id}/file",
        staff("official", others="404"),
        "/verification/documents/{document}/file?purpose=identity+check",
    ),
    row(
        "GET",
        "/verification/documents/{document_id}",
        staff("official", others="404"),
        "/verification/documents/{document}",
    ),
    row(
        "GET",
        "/verification/documents/{document_id}/reads",
        staff("official", others="404"),
        "/verification/documents/{document}/reads",
    ),
    row(
        "GET",
        "/admin/users/{user_id}/profile",
        staff("admin", "official"),
        f"/admin/users/{_T}/profile?purpose=case+1234",
    ),
    row("GET", "/admin/access-log", _ADMIN_ONLY),
    row("GET", "/admin/verifiers", _ADMIN_ONLY),
    row("PUT", "/admin/verifiers/{user_id}", _ADMIN_ONLY, "/admin/verifiers/{other}"),
    row("DELETE", "/admin/verifiers/{user_id}", _ADMIN_ONLY, "/admin/verifiers/{other}"),
    row(
        "POST",
        "/verification/documents/{document_id}/decision",
        staff("official", others="404"),
        "/verification/documents/{document}/decision",
        json={"decision": "reject", "reason": "흐릿함"},
    ),
    row("DELETE", "/users/me/documents/{document_id}", owned(), "/users/me/documents/{document}"),
]

ROWS: list[Row] = [
    *PLATFORM_ROWS,
    *SERVICE_ROWS,
    # Last: each caller ends their own session, then (signed in again) their own account.
    row("POST", "/auth/logout", signed_in()),
    row(
        "DELETE",
        "/users/me",
        signed_in(),
        json={"current_password": PASSWORD},
        fresh_sessions=True,
    ),
]
