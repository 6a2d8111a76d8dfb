from backend.core.settings import Settings
from backend.main import create_app


async def test_unknown_route_and_method_use_the_error_envelope(api):
    r = await api.get("/api/v1/nowhere")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"
    r = await api.delete("/api/v1/spaces")
    assert r.status_code == 405
    assert r.json()["error"]["code"] == "method_not_allowed"


async def test_liveness_and_readiness(api):
    for path in ("/health", "/api/v1/health"):
        assert (await api.get(path)).json() == {"status": "ok"}
    r = await api.get("/ready")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "checks": {"database": True}}


async def test_openapi_and_swagger_ui(api):
    schema = (await api.get("/openapi.json")).json()
    assert "/api/v1/auth/token" in schema["paths"]
    assert schema["components"]["securitySchemes"]["OAuth2PasswordBearer"]["type"] == "oauth2"
    assert (await api.get("/docs")).status_code == 200


async def _ready(settings: Settings):
    import httpx

    app = create_app(settings)
    async with app.api.router.lifespan_context(app.api):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return await client.get("/api/v1/ready")


async def test_not_ready_when_the_database_is_unreachable(settings):
    unreachable = settings.model_copy(
        update={"database_url": "postgresql+asyncpg://nobody@127.0.0.1:9/none"}
    )
    r = await _ready(unreachable)
    assert r.status_code == 503
    assert r.json()["checks"]["database"] is False


async def test_readiness_includes_redis_when_configured(settings):
    from tests.backends import redis_url

    r = await _ready(settings.model_copy(update={"redis_url": redis_url()}))
    assert r.status_code == 200
    assert r.json()["checks"] == {"database": True, "redis": True}
    down = settings.model_copy(update={"redis_url": "redis://127.0.0.1:9/0"})
    r = await _ready(down)
    assert r.status_code == 503
    assert r.json()["checks"]["redis"] is False


async def test_a_failed_commit_is_never_acknowledged(api, make_user, monkeypatch):
    """The unit of work commits before the response is sent: when the commit fails the
    client hears so, instead of a 200 for a change that was lost."""
    from sqlalchemy.exc import IntegrityError

    import backend.core.db as db

    user = await make_user(display_name="before")

    async def refuse(session, *_):
        await session.rollback()
        raise IntegrityError("COMMIT", None, Exception("duplicate key"))

    monkeypatch.setattr(db, "_commit_then_notify", refuse)
    response = await api.patch(
        "/api/v1/users/me", json={"display_name": "after"}, headers=user.headers
    )
    monkeypatch.undo()
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    me = await api.get("/api/v1/users/me", headers=user.headers)
    assert me.json()["display_name"] == "before"
