"""Every route that needs a signed-in caller refuses a missing, garbage, expired or revoked
token with 401, and the list of such routes is checked against the OpenAPI schema, so a new
route cannot slip by untested."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest

from tests.privacy import routes as privacy_routes
from tests.services import SERVICE_PROTECTED, SERVICE_PUBLIC

USER_ID = "00000000-0000-4000-8000-000000000000"
# (method, path template, a concrete path)
PROTECTED = [
    ("POST", "/api/v1/auth/logout", None),
    ("GET", "/api/v1/users/me", None),
    ("PATCH", "/api/v1/users/me", None),
    ("DELETE", "/api/v1/users/me", None),
    ("GET", "/api/v1/users/me/export", None),
    ("PUT", "/api/v1/users/me/avatar", None),
    ("DELETE", "/api/v1/users/me/avatar", None),
    ("GET", "/api/v1/users/me/blocks", None),
    ("POST", "/api/v1/users/me/blocks", None),
    ("DELETE", "/api/v1/users/me/blocks/{user_id}", f"/api/v1/users/me/blocks/{USER_ID}"),
    ("GET", "/api/v1/spaces/{slug}/presence", "/api/v1/spaces/seoul-plaza/presence"),
    ("GET", "/api/v1/spaces/{slug}/messages", "/api/v1/spaces/seoul-plaza/messages"),
    ("GET", "/api/v1/conversations", None),
    (
        "GET",
        "/api/v1/conversations/{conversation_id}/messages",
        f"/api/v1/conversations/{USER_ID}/messages",
    ),
    ("GET", "/api/v1/calls/ice-servers", None),
    ("POST", "/api/v1/reports", None),
    ("GET", "/api/v1/reports/mine", None),
    ("GET", "/api/v1/users/me/sanctions", None),
    ("GET", "/api/v1/moderation/cases", None),
    ("GET", "/api/v1/moderation/queue", None),
    ("GET", "/api/v1/moderation/queue/counts", None),
    (
        "GET",
        "/api/v1/moderation/cases/{case_id}/history",
        f"/api/v1/moderation/cases/{USER_ID}/history",
    ),
    (
        "POST",
        "/api/v1/moderation/cases/{case_id}/release",
        f"/api/v1/moderation/cases/{USER_ID}/release",
    ),
    ("GET", "/api/v1/moderation/cases/{case_id}", f"/api/v1/moderation/cases/{USER_ID}"),
    (
        "POST",
        "/api/v1/moderation/cases/{case_id}/claim",
        f"/api/v1/moderation/cases/{USER_ID}/claim",
    ),
    (
        "POST",
        "/api/v1/moderation/cases/{case_id}/notes",
        f"/api/v1/moderation/cases/{USER_ID}/notes",
    ),
    (
        "POST",
        "/api/v1/moderation/cases/{case_id}/decision",
        f"/api/v1/moderation/cases/{USER_ID}/decision",
    ),
    ("GET", "/api/v1/moderation/appeals", None),
    (
        "POST",
        "/api/v1/moderation/appeals/{appeal_id}/decision",
        f"/api/v1/moderation/appeals/{USER_ID}/decision",
    ),
    ("GET", "/api/v1/moderation/audit", None),
    (
        "POST",
        "/api/v1/moderation/cases/{case_id}/reveal-requests",
        f"/api/v1/moderation/cases/{USER_ID}/reveal-requests",
    ),
    ("GET", "/api/v1/moderation/reveal-requests", None),
    (
        "POST",
        "/api/v1/moderation/reveal-requests/{request_id}/approve",
        f"/api/v1/moderation/reveal-requests/{USER_ID}/approve",
    ),
    (
        "POST",
        "/api/v1/moderation/reveal-requests/{request_id}/reject",
        f"/api/v1/moderation/reveal-requests/{USER_ID}/reject",
    ),
    ("GET", "/api/v1/admin/users", None),
    (
        "PUT",
        "/api/v1/admin/users/{user_id}/roles/{role}",
        f"/api/v1/admin/users/{USER_ID}/roles/official",
    ),
    (
        "DELETE",
        "/api/v1/admin/users/{user_id}/roles/{role}",
        f"/api/v1/admin/users/{USER_ID}/roles/official",
    ),
    ("GET", "/api/v1/admin/role-changes", None),
    ("GET", "/api/v1/admin/claim-changes", None),
    ("GET", "/api/v1/users/me/claims", None),
    ("GET", "/api/v1/admin/users/{user_id}/claims", f"/api/v1/admin/users/{USER_ID}/claims"),
    (
        "PUT",
        "/api/v1/admin/users/{user_id}/claims/{kind}",
        f"/api/v1/admin/users/{USER_ID}/claims/age_band",
    ),
    (
        "DELETE",
        "/api/v1/admin/users/{user_id}/claims/{kind}",
        f"/api/v1/admin/users/{USER_ID}/claims/age_band",
    ),
    *privacy_routes.PROTECTED,
    *SERVICE_PROTECTED,
]
# Open to anonymous callers; a token, when sent, must still be valid.
PUBLIC = {
    ("POST", "/api/v1/auth/register"),
    ("POST", "/api/v1/auth/token"),
    ("POST", "/api/v1/auth/refresh"),
    ("GET", "/api/v1/spaces"),
    ("GET", "/api/v1/spaces/{slug}"),
    ("GET", "/api/v1/translation/languages"),
    ("GET", "/api/v1/moderation/transparency"),
    # Suspended and banned users appeal with the token from their notice.
    ("POST", "/api/v1/appeals"),
    ("GET", "/api/v1/users/{user_id}/avatar"),
    ("GET", "/api/v1/health"),
    ("GET", "/api/v1/ready"),
    *privacy_routes.PUBLIC,
    *SERVICE_PUBLIC,
}


async def test_the_matrix_covers_every_route(api):
    schema = (await api.get("/openapi.json")).json()
    routes = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
    }
    assert routes == {(m, template) for m, template, _ in PROTECTED} | PUBLIC


def _expired(token: str, secret: str) -> str:
    claims = jwt.decode(token, options={"verify_signature": False})
    return jwt.encode(
        {**claims, "exp": datetime.now(UTC) - timedelta(seconds=1)}, secret, algorithm="HS256"
    )


@pytest.mark.parametrize(("method", "template", "concrete"), PROTECTED)
async def test_protected_routes_refuse_bad_tokens(
    api, make_user, settings, method, template, concrete
):
    path = concrete or template
    user = await make_user()
    secret = settings.secret_key.get_secret_value()
    missing = await api.request(method, path)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthorized"
    for token in ("garbage", _expired(user.access_token, secret), user.access_token + "x"):
        r = await api.request(method, path, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "invalid_token"
    await api.post("/api/v1/auth/logout", headers=user.headers)
    revoked = await api.request(method, path, headers=user.headers)
    assert revoked.status_code == 401
