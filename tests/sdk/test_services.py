"""Reports and municipal services through the SDK."""

from __future__ import annotations

import pytest

from backend.core.runtime import Runtime
from cityhall_client import CityHallError
from services.civil.catalog import seed_catalog
from tests.sdk.conftest import MakeClient


async def test_a_citizen_reports_a_message_and_a_moderator_decides(citizen: MakeClient) -> None:
    (kim, kim_user), (lee, _) = await citizen(), await citizen()
    moderator, _ = await citizen("moderator")
    kim_live, lee_live = await kim.connect(), await lee.connect()
    await kim_live.join("seoul-plaza")
    await lee_live.join("seoul-plaza")
    sent = await kim_live.say("씨발 진짜")

    report = await lee.report("message", sent.message.id, "profanity", "욕설")

    assert report.status == "open"
    with pytest.raises(CityHallError) as caught:
        await lee.report("message", sent.message.id, "profanity")
    assert caught.value.code == "already_reported"
    queue = await moderator.moderation.cases()
    case = next(c for c in queue if c.id == report.case_id)
    assert case.subject_id == kim_user.id
    await moderator.moderation.claim(case.id)
    decision = await moderator.moderation.decide(
        case.id, rule="respect", reason="욕설 (profanity)", actions=[{"type": "warn"}]
    )
    assert decision.actions[0]["type"] == "warn"


async def test_civil_request_with_the_catalog_form(citizen: MakeClient, runtime: Runtime) -> None:
    async with runtime.db.session_scope() as session:
        await seed_catalog(session)
    kim, _ = await citizen()

    catalog = await kim.civil.services(category="administrative")
    service = await kim.civil.service("family-relation-certificate")
    request = await kim.civil.file(
        service.slug, {"certificate_type": "general", "copies": 1, "delivery": "online"}
    )

    assert "family-relation-certificate" in {s.slug for s in catalog.items}
    assert {f.name for f in service.form} >= {"certificate_type", "copies", "delivery"}
    assert request.status == "received"
    assert [r.id for r in (await kim.civil.mine()).items] == [request.id]
    with pytest.raises(CityHallError) as caught:
        await kim.civil.file(service.slug, {"copies": "two"})
    assert caught.value.status == 422
    assert "copies" in caught.value.details["fields"]


async def test_proposal_and_endorsement(citizen: MakeClient) -> None:
    (kim, _), (lee, _) = await citizen(display_name="김"), await citizen()

    proposal = await kim.proposals.submit(
        "따릉이 대여소를 늘려 주세요",
        "시청 앞 광장 주변에 자전거 대여소가 부족합니다.",
        "transport",
    )
    endorsed = await lee.proposals.endorse(proposal.id)

    assert proposal.author_name == "김"
    assert endorsed.endorsement_count == 1
    assert endorsed.endorsed_by_me is True
    listed = await lee.proposals.list(status="open")
    assert proposal.id in {p.id for p in listed.items}
    with pytest.raises(CityHallError) as caught:
        await kim.proposals.endorse(proposal.id)
    assert caught.value.code == "cannot_endorse_own"
