"""The mayor's office through the HTTP API: proposals, endorsements, answers, greetings."""

import asyncio
from datetime import timedelta

import pytest

from services.proposals import greetings as greetings_module
from services.proposals import service as proposal_service

API = "/api/v1/proposals"
PROPOSAL = {
    "title": "청계천 자전거 도로 (A bike lane along Cheonggyecheon)",
    "body": "출퇴근 시간에 자전거로 안전하게 다닐 수 있도록 전용 도로를 만들어 주세요.",
    "category": "transport",
}


@pytest.fixture
def threshold(runtime, monkeypatch):
    monkeypatch.setattr(runtime.settings, "proposal_endorsement_threshold", 3)
    return 3


async def _propose(api, user, **overrides):
    response = await api.post(API, headers=user.headers, json={**PROPOSAL, **overrides})
    assert response.status_code == 201, response.text
    return response.json()


async def _endorse(api, user, proposal_id):
    return await api.post(f"{API}/{proposal_id}/endorsements", headers=user.headers)


async def test_a_proposal_reaches_the_threshold_and_gets_a_public_answer(api, make_user, threshold):
    author = await make_user(display_name="김서울")
    official = await make_user("official", display_name="시장실 주무관")
    proposal = await _propose(api, author)
    assert proposal["status"] == "open"
    assert proposal["author_name"] == "김서울"
    assert proposal["mine"] is True
    assert "author_id" not in proposal

    supporters = [await make_user() for _ in range(threshold)]
    for count, supporter in enumerate(supporters, start=1):
        endorsed = await _endorse(api, supporter, proposal["id"])
        assert endorsed.status_code == 201, endorsed.text
        assert endorsed.json()["endorsement_count"] == count
        assert endorsed.json()["endorsed_by_me"] is True
    assert endorsed.json()["status"] == "under_review"

    queue = await api.get(f"{API}/review", headers=official.headers)
    assert [p["id"] for p in queue.json()["items"]] == [proposal["id"]]
    answered = await api.post(
        f"{API}/{proposal['id']}/answer",
        headers=official.headers,
        json={"decision": "partially_accepted", "body": "2027년 예산에 시범 구간을 반영합니다."},
    )
    assert answered.status_code == 200, answered.text

    public = (await api.get(f"{API}/{proposal['id']}")).json()
    assert public["status"] == "answered"
    assert public["endorsement_count"] == threshold
    assert public["answer"]["decision"] == "partially_accepted"
    assert public["answer"]["official_name"] == "시장실 주무관"
    assert public["endorsed_by_me"] is None
    listed = (await api.get(API, params={"status": "answered"})).json()["items"]
    assert [p["id"] for p in listed] == [proposal["id"]]
    assert (await api.get(f"{API}/review", headers=official.headers)).json()["items"] == []


async def test_endorse_twice_own_and_withdraw(api, make_user, threshold):
    author, citizen = await make_user(), await make_user()
    proposal = await _propose(api, author)
    own = await _endorse(api, author, proposal["id"])
    assert own.status_code == 403
    assert own.json()["error"]["code"] == "cannot_endorse_own"
    assert (await _endorse(api, citizen, proposal["id"])).status_code == 201
    again = await _endorse(api, citizen, proposal["id"])
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_endorsed"

    withdrawn = await api.delete(f"{API}/{proposal['id']}/endorsements", headers=citizen.headers)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["endorsement_count"] == 0
    gone = await api.delete(f"{API}/{proposal['id']}/endorsements", headers=citizen.headers)
    assert gone.json()["error"]["code"] == "endorsement_not_found"
    missing = await _endorse(api, citizen, "00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "proposal_not_found"


async def test_only_officials_answer_and_only_under_review(api, make_user, threshold):
    author, citizen = await make_user(), await make_user()
    official = await make_user("official")
    proposal = await _propose(api, author)
    answer = {"decision": "accepted", "body": "좋은 제안입니다."}
    refused = await api.post(f"{API}/{proposal['id']}/answer", headers=citizen.headers, json=answer)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    assert (await api.get(f"{API}/review", headers=citizen.headers)).status_code == 403
    early = await api.post(f"{API}/{proposal['id']}/answer", headers=official.headers, json=answer)
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "invalid_transition"

    for _ in range(threshold):
        await _endorse(api, await make_user(), proposal["id"])
    first = await api.post(f"{API}/{proposal['id']}/answer", headers=official.headers, json=answer)
    assert first.status_code == 200
    second = await api.post(f"{API}/{proposal['id']}/answer", headers=official.headers, json=answer)
    assert second.json()["error"]["code"] == "invalid_transition"
    late = await _endorse(api, await make_user(), proposal["id"])
    assert late.json()["error"]["code"] == "endorsements_closed"


async def test_abusive_text_is_refused_or_masked(api, make_user):
    citizen = await make_user()
    threat = await api.post(
        API, headers=citizen.headers, json={**PROPOSAL, "body": "시장 너를 죽여버리겠다 각오해라"}
    )
    assert threat.status_code == 422
    assert threat.json()["error"]["code"] == "text_rejected"
    assert threat.json()["error"]["details"]["category"] == "threat"
    masked = await _propose(
        api, citizen, body="씨발 지하철 배차 간격 좀 줄여주세요. 연락처 010-1234-5678"
    )
    assert masked["body"] == "** 지하철 배차 간격 좀 줄여주세요. 연락처 *************"

    refused = await api.post(
        f"{API}/greetings", headers=citizen.headers, json={"message": "I will kill you"}
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "text_rejected"
    care = await api.post(
        f"{API}/greetings", headers=citizen.headers, json={"message": "kill yourself"}
    )
    assert care.json()["error"]["code"] == "text_needs_care"
    greeted = await api.post(
        f"{API}/greetings", headers=citizen.headers, json={"message": "병신 같은 날씨네요 시장님"}
    )
    assert greeted.status_code == 201
    assert greeted.json()["message"] == "** 같은 날씨네요 시장님"
    too_long = await api.post(
        f"{API}/greetings", headers=citizen.headers, json={"message": "가" * 201}
    )
    assert too_long.status_code == 422


async def test_greeting_wall_is_public_and_throttled(api, make_user):
    citizen = await make_user(display_name="이한강")
    for n in range(greetings_module.GREETINGS_PER_HOUR):
        posted = await api.post(
            f"{API}/greetings", headers=citizen.headers, json={"message": f"안녕하세요 시장님 {n}"}
        )
        assert posted.status_code == 201
    throttled = await api.post(
        f"{API}/greetings", headers=citizen.headers, json={"message": "또 왔어요"}
    )
    assert throttled.status_code == 429
    wall = (await api.get(f"{API}/greetings", params={"limit": 2})).json()
    assert [g["message"] for g in wall["items"]] == ["안녕하세요 시장님 4", "안녕하세요 시장님 3"]
    assert wall["items"][0]["author_name"] == "이한강"
    assert wall["next_cursor"] is not None


async def test_newest_first_pages_follow_the_cursor(api, make_user):
    citizen = await make_user()
    for n in range(3):
        await api.post(f"{API}/greetings", headers=citizen.headers, json={"message": f"인사 {n}"})
    first = (await api.get(f"{API}/greetings", params={"limit": 2})).json()
    rest = await api.get(f"{API}/greetings", params={"cursor": first["next_cursor"]})
    assert [g["message"] for g in rest.json()["items"]] == ["인사 0"]


async def test_open_proposals_expire(api, make_user, monkeypatch):
    author, citizen = await make_user(), await make_user()
    proposal = await _propose(api, author)
    later = proposal_service.clock() + proposal_service.OPEN_FOR + timedelta(minutes=1)
    monkeypatch.setattr(proposal_service, "clock", lambda: later)
    assert (await api.get(f"{API}/{proposal['id']}")).json()["status"] == "expired"
    expired = (await api.get(API, params={"status": "expired"})).json()["items"]
    assert [p["id"] for p in expired] == [proposal["id"]]
    assert (await api.get(API, params={"status": "open"})).json()["items"] == []
    refused = await _endorse(api, citizen, proposal["id"])
    assert refused.json()["error"]["code"] == "endorsements_closed"


async def test_list_sorts_and_filters(api, make_user, threshold):
    author = await make_user()
    quiet = await _propose(api, author, category="culture")
    popular = await _propose(api, author, title="한강 공원 야간 조명")
    await _endorse(api, await make_user(), popular["id"])
    newest = (await api.get(API)).json()["items"]
    assert [p["id"] for p in newest] == [popular["id"], quiet["id"]]
    endorsed = (await api.get(API, params={"sort": "most_endorsed", "limit": 1})).json()
    assert endorsed["items"][0]["id"] == popular["id"]
    following = await api.get(
        API, params={"sort": "most_endorsed", "limit": 1, "cursor": endorsed["next_cursor"]}
    )
    assert following.json()["items"][0]["id"] == quiet["id"]
    culture = (await api.get(API, params={"category": "culture"})).json()["items"]
    assert [p["id"] for p in culture] == [quiet["id"]]
    assert (await api.get(API, params={"cursor": "garbage"})).status_code == 422
    mine = (await api.get(f"{API}/mine", headers=author.headers)).json()["items"]
    assert len(mine) == 2


async def test_simultaneous_endorsements_cross_the_threshold_once(
    api, make_user, runtime, threshold
):
    author = await make_user()
    proposal = await _propose(api, author)
    await _endorse(api, await make_user(), proposal["id"])
    crowd = [await make_user() for _ in range(4)]
    responses = await asyncio.gather(*(_endorse(api, u, proposal["id"]) for u in crowd))
    codes = sorted(r.status_code for r in responses)
    # Two endorsements reach the threshold of 3; the rest find the proposal already in review.
    assert codes == [201, 201, 409, 409]
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "endorsements_closed"
    }
    crossing = [r.json() for r in responses if r.status_code == 201]
    assert sorted(p["endorsement_count"] for p in crossing) == [2, 3]
    final = (await api.get(f"{API}/{proposal['id']}")).json()
    assert final["status"] == "under_review"
    assert final["endorsement_count"] == threshold
