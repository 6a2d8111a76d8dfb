"""GET /metrics: hidden without a token, refused with a wrong one, and with the right one the
figures of what the server just did (HTTP by route template, socket events, the live side,
moderation, rate limits, the process)."""

from __future__ import annotations

import uuid

import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

TOKEN = "a-scraper-token-" + uuid.uuid4().hex
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


@pytest.fixture
def metrics_token(runtime, monkeypatch):
    monkeypatch.setattr(runtime.settings, "metrics_token", SecretStr(TOKEN))


async def scrape(api) -> tuple[str, Samples]:
    response = await api.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    samples = {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }
    return response.text, samples


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_without_a_configured_token_there_is_no_metrics_path(api):
    response = await api.get("/metrics", headers={"Authorization": "Bearer anything"})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.usefixtures("metrics_token")
async def test_a_missing_or_wrong_token_is_refused(api):
    missing = await api.get("/metrics")
    basic = await api.get("/metrics", headers={"Authorization": f"Basic {TOKEN}"})
    wrong = await api.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}x"})

    assert missing.status_code == basic.status_code == 401
    assert missing.json()["error"]["code"] == "unauthorized"
    assert wrong.status_code == 403
    assert wrong.json()["error"]["code"] == "forbidden"
    assert "cityhall_" not in wrong.text


@pytest.mark.usefixtures("metrics_token")
async def test_http_requests_are_counted_by_route_template(api):
    spaces = "cityhall_http_request_duration_seconds_count"
    plaza = {"method": "GET", "route": "/api/v1/spaces/{slug}", "status": "200"}
    stray = {"method": "GET", "route": "unmatched", "status": "404"}
    _, before = await scrape(api)

    for _ in range(3):
        assert (await api.get("/api/v1/spaces/seoul-plaza")).status_code == 200
    probe = f"/wp-admin/{uuid.uuid4().hex}.php"
    assert (await api.get(f"/api{probe}")).status_code == 404
    text, after = await scrape(api)

    assert value(after, spaces, **plaza) - value(before, spaces, **plaza) == 3
    assert value(after, spaces, **stray) - value(before, spaces, **stray) >= 1
    assert probe not in text
    assert "seoul-plaza" not in text
    assert value(after, "process_cpu_seconds_total") > 0
    assert "cityhall_event_loop_lag_seconds_bucket" in text
    assert "cityhall_db_pool_checked_out" in text


@pytest.mark.usefixtures("metrics_token")
async def test_socket_events_and_the_live_side_are_measured(
    api, runtime, make_user, connect, monkeypatch
):
    joins = "cityhall_socket_event_duration_seconds_count"
    kim, lee = await make_user(), await make_user()
    _, before = await scrape(api)

    a, b = await connect(kim), await connect(lee)
    for client in (a, b):
        assert (await client.call("space:join", {"space": "seoul-plaza"}))["ok"]
    said = {"space": "seoul-plaza", "text": "I will kill you", "client_msg_id": uuid.uuid4().hex}
    assert (await a.call("chat:send", said))["ok"] is False
    fine = {**said, "text": "안녕하세요", "client_msg_id": uuid.uuid4().hex}
    assert (await a.call("chat:send", fine))["ok"] is True
    await b.wait_for("chat:message")
    monkeypatch.setattr(runtime.settings, "registrations_per_address_per_hour", 0)
    refused = await api.post(
        "/api/v1/auth/register",
        json={"email": "late@example.com", "password": "a-long-passphrase", "display_name": "늦"},
    )
    assert refused.status_code == 429
    _, during = await scrape(api)

    ok_joins = value(during, joins, event="space:join", outcome="ok")
    assert ok_joins - value(before, joins, event="space:join", outcome="ok") == 2
    assert value(during, joins, event="chat:send", outcome="refused") > value(
        before, joins, event="chat:send", outcome="refused"
    )
    assert value(during, "cityhall_sockets") >= 2
    assert value(during, "cityhall_occupants") >= 2
    assert value(during, "cityhall_rooms") >= 1
    assert value(during, "cityhall_deliveries_total") > value(before, "cityhall_deliveries_total")
    blocked = value(during, "cityhall_moderation_verdicts_total", verdict="block")
    assert blocked > value(before, "cityhall_moderation_verdicts_total", verdict="block")
    register = value(during, "cityhall_rate_limit_refusals_total", scope="register")
    assert register - value(before, "cityhall_rate_limit_refusals_total", scope="register") == 1
