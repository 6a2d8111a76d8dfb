"""The moderation workflow through the public HTTP and Socket.IO interfaces."""

import uuid

import pytest

from backend.core.errors import ServiceUnavailable
from moderation.policy import REPORTS_PER_HOUR
from tests.conftest import sign_in


async def _say_in_plaza(client, text):
    await client.call("space:join", {"space": "seoul-plaza"})
    ack = await client.call(
        "chat:send", {"space": "seoul-plaza", "text": text, "client_msg_id": uuid.uuid4().hex}
    )
    assert ack["ok"], ack
    return ack["message"]


async def _report(api, reporter, target_id, target_type="message", category="insult"):
    return await api.post(
        "/api/v1/reports",
        headers=reporter.headers,
        json={"target_type": target_type, "target_id": target_id, "category": category},
    )


async def _claim_and_decide(api, moderator, case_id, actions, rule="respect"):
    claimed = await api.post(f"/api/v1/moderation/cases/{case_id}/claim", headers=moderator.headers)
    assert claimed.status_code == 200, claimed.text
    return await api.post(
        f"/api/v1/moderation/cases/{case_id}/decision",
        headers=moderator.headers,
        json={"rule": rule, "reason": "모욕적인 표현 (insulting language)", "actions": actions},
    )


async def test_report_mute_appeal_lift(api, make_user, connect):
    offender, citizen = await make_user(display_name="가해자"), await make_user()
    first_mod, second_mod = await make_user("moderator"), await make_user("moderator")
    watcher = await connect(first_mod, namespace="/moderation")
    offender_socket = await connect(offender)
    citizen_socket = await connect(citizen)
    await citizen_socket.call("space:join", {"space": "seoul-plaza"})
    message = await _say_in_plaza(offender_socket, "씨발 너 진짜 한심하다")
    # The filter masks the insult live: nobody sees the word, and it is not stored.
    assert message["text"] == "** 너 진짜 한심하다"
    assert (await citizen_socket.wait_for("chat:message"))["text"] == "** 너 진짜 한심하다"

    filed = await _report(api, citizen, message["id"])
    assert filed.status_code == 201
    case_id = filed.json()["case_id"]
    opened = await watcher.wait_for("case:opened")
    assert opened["id"] == case_id
    assert opened["subject_id"] == offender.id

    case = (await api.get(f"/api/v1/moderation/cases/{case_id}", headers=first_mod.headers)).json()
    assert case["evidence"]["message"]["text"] == "** 너 진짜 한심하다"
    assert case["evidence"]["space"] == "seoul-plaza"
    assert case["evidence"]["present_at_report"] == sorted([offender.id, citizen.id])
    decided = await _claim_and_decide(api, first_mod, case_id, [{"type": "mute", "minutes": 10}])
    assert decided.status_code == 201, decided.text

    notice = await offender_socket.wait_for("moderation:notice")
    assert notice["action"] == "mute"
    assert notice["rule"] == "respect"
    assert notice["appeal"]["how"].startswith("POST /api/v1/appeals")
    refused = await offender_socket.call(
        "chat:send", {"space": "seoul-plaza", "text": "hello?", "client_msg_id": "after-mute"}
    )
    assert refused["error"]["code"] == "muted"
    outcome = await citizen_socket.wait_for("report:resolved")
    assert outcome == {
        "report_id": filed.json()["id"],
        "case_id": case_id,
        "outcome": "action_taken",
    }
    mine = (await api.get("/api/v1/reports/mine", headers=citizen.headers)).json()
    assert mine[0]["outcome"] == "action_taken"

    [sanction] = (await api.get("/api/v1/users/me/sanctions", headers=offender.headers)).json()
    appeal = await api.post(
        "/api/v1/appeals",
        headers=offender.headers,
        json={"sanction_id": sanction["id"], "body": "농담이었습니다. 다시는 안 그러겠습니다."},
    )
    assert appeal.status_code == 201
    appeal_id = appeal.json()["id"]
    assert (await watcher.wait_for("appeal:filed"))["id"] == appeal_id
    same = await api.post(
        f"/api/v1/moderation/appeals/{appeal_id}/decision",
        headers=first_mod.headers,
        json={"outcome": "lift", "reason": "ok"},
    )
    assert same.status_code == 403
    assert same.json()["error"]["code"] == "same_moderator"
    lifted = await api.post(
        f"/api/v1/moderation/appeals/{appeal_id}/decision",
        headers=second_mod.headers,
        json={"outcome": "lift", "reason": "첫 위반이고 사과함"},
    )
    assert lifted.status_code == 200
    assert (await offender_socket.wait_for("appeal:decided"))["status"] == "lifted"
    again = await offender_socket.call(
        "chat:send", {"space": "seoul-plaza", "text": "감사합니다", "client_msg_id": "after-lift"}
    )
    assert again["ok"] is True

    log = (await api.get("/api/v1/moderation/audit", headers=second_mod.headers)).json()["items"]
    actions = [e["action"] for e in log]
    for expected in (
        "report_filed",
        "case_claimed",
        "sanction_mute",
        "case_decided",
        "appeal_filed",
        "appeal_lifted",
        "case_viewed",
    ):
        assert expected in actions
    report = (await api.get("/api/v1/moderation/transparency")).json()
    [month] = report
    assert month["cases_by_category"] == {"insult": 1}
    assert month["actions"] == {"mute": 1}
    assert month["appeals"] == {"filed": 1, "lifted": 1}
    assert month["reports"] == 1
    assert month["time_to_first_action"]["cases"] == 1


async def test_reports_on_one_target_merge_into_one_case(api, make_user, connect):
    offender = await make_user()
    reporters = [await make_user() for _ in range(3)]
    message = await _say_in_plaza(await connect(offender), "spam spam spam")
    case_ids = {
        (await _report(api, r, message["id"], category="spam")).json()["case_id"] for r in reporters
    }
    assert len(case_ids) == 1
    again = await _report(api, reporters[0], message["id"])
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_reported"
    moderator = await make_user("moderator")
    [case] = (await api.get("/api/v1/moderation/cases", headers=moderator.headers)).json()
    assert case["report_count"] == 3


async def test_severe_and_youth_cases_come_first(api, make_user):
    spammer, threatener, teen_target = (
        await make_user(),
        await make_user(),
        await make_user("youth"),
    )
    reporter, moderator = await make_user(), await make_user("moderator")
    await _report(api, reporter, spammer.id, target_type="user", category="spam")
    await _report(api, reporter, threatener.id, target_type="user", category="threat")
    await _report(api, reporter, teen_target.id, target_type="user", category="spam")
    queue = (await api.get("/api/v1/moderation/cases", headers=moderator.headers)).json()
    assert [c["subject_id"] for c in queue] == [threatener.id, teen_target.id, spammer.id]
    assert queue[1]["involves_minor"] is True


async def test_dismissed_reporters_weigh_less(api, make_user):
    serial, moderator = await make_user(), await make_user("moderator")
    for _ in range(2):
        target = await make_user()
        case_id = (await _report(api, serial, target.id, target_type="user")).json()["case_id"]
        r = await _claim_and_decide(api, moderator, case_id, [{"type": "dismiss"}])
        assert r.status_code == 201
    fresh_target = await make_user()
    case_id = (await _report(api, serial, fresh_target.id, target_type="user")).json()["case_id"]
    case = (await api.get(f"/api/v1/moderation/cases/{case_id}", headers=moderator.headers)).json()
    assert case["report_weight"] == pytest.approx(1 / 3)
    mine = (await api.get("/api/v1/reports/mine", headers=serial.headers)).json()
    assert [m["outcome"] for m in mine] == [None, "no_action", "no_action"]


async def test_suspension_closes_sockets_and_bars_sign_in(api, make_user, connect):
    offender, reporter, moderator = (
        await make_user(),
        await make_user(),
        await make_user("moderator"),
    )
    socket = await connect(offender)
    case_id = (
        await _report(api, reporter, offender.id, target_type="user", category="threat")
    ).json()["case_id"]
    decided = await _claim_and_decide(
        api, moderator, case_id, [{"type": "suspend", "minutes": 60 * 24}], rule="no-threats"
    )
    assert decided.status_code == 201
    notice = await socket.wait_for("moderation:notice")
    assert notice["action"] == "suspend"
    assert await socket.wait_for("session:closed") == {"reason": "suspend"}
    assert (await api.get("/api/v1/users/me", headers=offender.headers)).status_code == 401
    relogin = await api.post(
        "/api/v1/auth/token", data={"username": offender.email, "password": offender.password}
    )
    assert relogin.status_code == 403
    assert relogin.json()["error"]["code"] == "account_disabled"

    # Unable to sign in, the user still appeals with the token from the notice.
    body = {"sanction_id": notice["sanction_id"], "body": "오해입니다"}
    anonymous = await api.post("/api/v1/appeals", json=body)
    assert anonymous.status_code == 401
    forged = await api.post(
        "/api/v1/appeals",
        json=body | {"sanction_id": str(uuid.uuid4()), "appeal_token": notice["appeal"]["token"]},
    )
    assert forged.json()["error"]["code"] == "invalid_token"
    appeal = await api.post(
        "/api/v1/appeals", json=body | {"appeal_token": notice["appeal"]["token"]}
    )
    assert appeal.status_code == 201
    assert appeal.json()["appellant_id"] == offender.id


async def test_removed_messages_leave_history_but_stay_in_evidence(api, make_user, connect):
    offender, reporter, moderator = (
        await make_user(),
        await make_user(),
        await make_user("moderator"),
    )
    message = await _say_in_plaza(await connect(offender), "개인정보 010-1234-5678 뿌림")
    case_id = (await _report(api, reporter, message["id"], category="privacy")).json()["case_id"]
    r = await _claim_and_decide(
        api, moderator, case_id, [{"type": "remove_message"}, {"type": "warn"}], rule="privacy"
    )
    assert r.status_code == 201
    history = (
        await api.get("/api/v1/spaces/seoul-plaza/messages", headers=reporter.headers)
    ).json()
    assert history["items"] == []
    case = (await api.get(f"/api/v1/moderation/cases/{case_id}", headers=moderator.headers)).json()
    # The phone number never reached the database: the filter masked it before storing.
    assert case["evidence"]["message"]["text"] == "개인정보 ************* 뿌림"
    assert message["text"] == case["evidence"]["message"]["text"]
    assert case["decision"]["actions"] == [
        {"type": "remove_message", "minutes": None},
        {"type": "warn", "minutes": None},
    ]


@pytest.mark.parametrize(
    "actions",
    [
        [],
        [{"type": "mute"}],
        [{"type": "dismiss"}, {"type": "warn"}],
        [{"type": "warn", "minutes": 5}],
        [{"type": "mute", "minutes": 5}, {"type": "mute", "minutes": 6}],
        [{"type": "explode"}],
    ],
)
async def test_malformed_decisions(api, make_user, actions):
    reporter, target, moderator = await make_user(), await make_user(), await make_user("moderator")
    case_id = (await _report(api, reporter, target.id, target_type="user")).json()["case_id"]
    r = await _claim_and_decide(api, moderator, case_id, actions)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request"


async def test_case_workflow_guards(api, make_user):
    reporter, target = await make_user(), await make_user()
    first, second = await make_user("moderator"), await make_user("moderator")
    case_id = (await _report(api, reporter, target.id, target_type="user")).json()["case_id"]
    assert (
        await api.post(f"/api/v1/moderation/cases/{case_id}/claim", headers=first.headers)
    ).status_code == 200
    taken = await api.post(f"/api/v1/moderation/cases/{case_id}/claim", headers=second.headers)
    assert taken.json()["error"]["code"] == "case_claimed"
    body = {"rule": "respect", "reason": "x", "actions": [{"type": "remove_message"}]}
    wrong = await api.post(
        f"/api/v1/moderation/cases/{case_id}/decision", headers=first.headers, json=body
    )
    assert wrong.json()["error"]["code"] == "invalid_decision"
    note = await api.post(
        f"/api/v1/moderation/cases/{case_id}/notes",
        headers=second.headers,
        json={"body": "본 적 있는 사용자"},
    )
    assert note.status_code == 201
    body["actions"] = [{"type": "dismiss"}]
    assert (
        await api.post(
            f"/api/v1/moderation/cases/{case_id}/decision", headers=first.headers, json=body
        )
    ).status_code == 201
    twice = await api.post(
        f"/api/v1/moderation/cases/{case_id}/decision", headers=first.headers, json=body
    )
    assert twice.json()["error"]["code"] == "case_resolved"
    unknown = await api.get(f"/api/v1/moderation/cases/{uuid.uuid4()}", headers=first.headers)
    assert unknown.json()["error"]["code"] == "case_not_found"


async def test_reporting_guards(api, make_user, runtime):
    citizen = await make_user()
    assert (await _report(api, citizen, citizen.id, target_type="user")).json()["error"][
        "code"
    ] == "cannot_report_self"
    missing = await _report(api, citizen, str(uuid.uuid4()))
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "report_target_not_found"
    bad = await api.post(
        "/api/v1/reports",
        headers=citizen.headers,
        json={"target_type": "space", "target_id": "x", "category": "insult"},
    )
    assert bad.json()["error"]["code"] == "invalid_request"
    others = [await make_user() for _ in range(3)]
    for other in others:
        assert (await _report(api, citizen, other.id, target_type="user")).status_code == 201
    # Fill the rest of the hourly allowance (the limiter is what POST /reports counts on).
    for _ in range(REPORTS_PER_HOUR - len(others)):
        await runtime.limiter.hit(f"reports:{citizen.id}", 3600)
    limited = await _report(api, citizen, (await make_user()).id, target_type="user")
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"


async def test_moderation_routes_are_for_moderators(api, make_user, live):
    citizen, official = await make_user(), await make_user("official")
    for user in (citizen, official):
        for path in (
            "/api/v1/moderation/cases",
            "/api/v1/moderation/appeals",
            "/api/v1/moderation/audit",
        ):
            r = await api.get(path, headers=user.headers)
            assert r.status_code == 403
            assert r.json()["error"]["code"] == "forbidden"
    from tests.sockets import Client

    client = Client()
    with pytest.raises(Exception):  # noqa: B017, PT011 - the client raises a generic ConnectionError
        await client.connect(live.url, citizen.access_token, "/moderation")
    assert client.received["connect_error"][0]["data"]["code"] == "forbidden"


async def test_appeals_only_own_sanctions_once(api, make_user):
    offender, reporter, moderator, other = (
        await make_user(),
        await make_user(),
        await make_user("moderator"),
        await make_user(),
    )
    case_id = (await _report(api, reporter, offender.id, target_type="user")).json()["case_id"]
    await _claim_and_decide(api, moderator, case_id, [{"type": "warn"}])
    [sanction] = (await api.get("/api/v1/users/me/sanctions", headers=offender.headers)).json()
    body = {"sanction_id": sanction["id"], "body": "please"}
    stranger = await api.post("/api/v1/appeals", headers=other.headers, json=body)
    assert stranger.json()["error"]["code"] == "sanction_not_found"
    assert (
        await api.post("/api/v1/appeals", headers=offender.headers, json=body)
    ).status_code == 201
    twice = await api.post("/api/v1/appeals", headers=offender.headers, json=body)
    assert twice.json()["error"]["code"] == "appeal_closed"
    await sign_in(api, offender.email, offender.password)


async def test_revoking_the_role_closes_the_moderation_feed(api, make_user, connect):
    admin, moderator = await make_user("admin"), await make_user("moderator")
    feed = await connect(moderator, namespace="/moderation")
    r = await api.delete(
        f"/api/v1/admin/users/{moderator.id}/roles/moderator", headers=admin.headers
    )
    assert r.status_code == 200
    assert await feed.wait_for("session:closed") == {"reason": "roles_changed"}


async def test_a_report_is_taken_while_presence_is_unavailable(
    api, live, make_user, connect, monkeypatch
):
    offender, citizen, moderator = (
        await make_user(),
        await make_user(),
        await make_user("moderator"),
    )
    message = await _say_in_plaza(await connect(offender), "너 진짜 멍청하구나")

    async def presence_down(*_args, **_kwargs):
        raise ServiceUnavailable()

    monkeypatch.setattr(live.app.gateway.presence, "occupants", presence_down)
    filed = await _report(api, citizen, message["id"])
    assert filed.status_code == 201, filed.text
    monkeypatch.undo()
    case = await api.get(
        f"/api/v1/moderation/cases/{filed.json()['case_id']}", headers=moderator.headers
    )
    assert case.json()["evidence"]["present_at_report"] is None
    assert case.json()["evidence"]["message"]["id"] == message["id"]
