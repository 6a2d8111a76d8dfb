"""Reports from a private room with an anonymous participant are sealed: moderators see the
alias, never the account behind it nor the session's transcript, and can still act on the
subject. Only a reveal approved by a second moderator opens the full record, to the requester
alone."""

from __future__ import annotations

import json

from tests.gateway.anonymous import anonymous_session

MOD = "/api/v1/moderation"
REASON = "상담실 안의 위협 발언, 경찰 신고 여부 판단 필요 (a threat; police may need to act)"


async def _report(api, reporter, target_id, target_type="message", category="insult"):
    response = await api.post(
        "/api/v1/reports",
        headers=reporter.headers,
        json={"target_type": target_type, "target_id": target_id, "category": category},
    )
    assert response.status_code == 201, response.text
    return response.json()


def _leaks(payload, *secrets: str) -> list[str]:
    text = json.dumps(payload, ensure_ascii=False)
    return [secret for secret in secrets if secret in text]


async def test_a_report_on_an_alias_is_sealed_until_a_second_moderator_approves(
    api, make_user, connect
):
    s = await anonymous_session(api, make_user, connect, youth_name="김지우")
    first, second = await make_user("moderator"), await make_user("moderator")
    watcher = await connect(first, namespace="/moderation")
    asked = await s.counselor_says("오늘은 어떤 이야기를 하고 싶어요?")
    line = await s.youth_says("숙제 같은 건 하기 싫어요")
    secrets = (s.youth.id, s.youth.email, "김지우", asked["text"])

    report = await _report(api, s.counselor, line["id"])
    opened = await watcher.wait_for("case:opened")
    queue = (await api.get(f"{MOD}/cases", headers=first.headers)).json()
    detail = await api.get(f"{MOD}/cases/{report['case_id']}", headers=first.headers)
    case = detail.json()
    assert _leaks([opened, queue, case], *secrets) == []
    assert opened["subject_id"] == s.alias["user_id"]
    assert [c["subject_id"] for c in queue] == [s.alias["user_id"]]
    assert case["subject_id"] == s.alias["user_id"]
    assert case["evidence"]["message"]["text"] == "숙제 같은 건 하기 싫어요"
    assert case["evidence"]["message"]["sender_id"] == s.alias["user_id"]
    assert case["evidence"]["context"] == []
    assert sorted(case["evidence"]["present_at_report"]) == sorted(
        [s.alias["user_id"], s.counselor.id]
    )
    assert (opened["sealed"], case["sealed"], case["revealed"]) == (True, True, False)

    # The moderator mutes the subject without learning who it is.
    claimed = await api.post(f"{MOD}/cases/{report['case_id']}/claim", headers=first.headers)
    assert claimed.status_code == 200, claimed.text
    decided = await api.post(
        f"{MOD}/cases/{report['case_id']}/decision",
        headers=first.headers,
        json={
            "rule": "respect",
            "reason": "상담사 모욕",
            "actions": [{"type": "mute", "minutes": 10}],
        },
    )
    assert decided.status_code == 201, decided.text
    notice = await s.youth_socket.wait_for("moderation:notice")
    muted = await s.youth_socket.call(
        "chat:send", {"space": "youth-counseling", "text": "...", "client_msg_id": "m-2"}
    )
    assert muted["error"]["code"] == "muted"
    appeal = await api.post(
        "/api/v1/appeals",
        headers=s.youth.headers,
        json={"sanction_id": notice["sanction_id"], "body": "오해였어요"},
    )
    assert appeal.status_code == 201, appeal.text
    # The subject's history follows the alias, and names no account.
    history = await api.get(f"{MOD}/cases/{report['case_id']}/history", headers=second.headers)
    assert history.json()["subject"]["id"] == s.alias["user_id"]
    assert history.json()["subject"]["anonymous"] is True
    assert [x["kind"] for x in history.json()["sanctions"]] == ["mute"]
    people = {p["id"]: p for p in case["evidence"]["people"]}
    assert people[s.alias["user_id"]]["display_name"] == s.case["pseudonym"]
    assert _leaks(history.json(), *secrets) == []
    filed = await watcher.wait_for("appeal:filed")
    appeals = (await api.get(f"{MOD}/appeals", headers=second.headers)).json()
    audit = (await api.get(f"{MOD}/audit?limit=100", headers=first.headers)).json()
    assert [a["appellant_id"] for a in appeals] == [s.alias["user_id"]]
    assert _leaks([filed, appeals, audit], *secrets) == []

    asked_reveal = await api.post(
        f"{MOD}/cases/{report['case_id']}/reveal-requests",
        headers=first.headers,
        json={"reason": REASON},
    )
    assert asked_reveal.status_code == 201, asked_reveal.text
    request = asked_reveal.json()
    assert request["status"] == "pending"
    again = await api.post(
        f"{MOD}/cases/{report['case_id']}/reveal-requests",
        headers=first.headers,
        json={"reason": REASON},
    )
    assert again.json()["error"]["code"] == "reveal_pending"
    approve = f"{MOD}/reveal-requests/{request['id']}/approve"
    own = await api.post(approve, headers=first.headers)
    assert (own.status_code, own.json()["error"]["code"]) == (403, "second_approver_required")
    still = (await api.get(f"{MOD}/cases/{report['case_id']}", headers=first.headers)).json()
    assert _leaks(still, *secrets) == []
    pending = await api.get(f"{MOD}/reveal-requests?status=pending", headers=second.headers)
    assert [r["id"] for r in pending.json()] == [request["id"]]
    approved = await api.post(approve, headers=second.headers)
    assert approved.json()["status"] == "approved"

    opened_case = (await api.get(f"{MOD}/cases/{report['case_id']}", headers=first.headers)).json()
    assert (opened_case["subject_id"], opened_case["revealed"]) == (s.youth.id, True)
    assert [m["text"] for m in opened_case["evidence"]["context"]] == [
        asked["text"],
        line["text"],
    ]
    # The approver does not read it: only the moderator who asked, and the read is logged.
    for_approver = await api.get(f"{MOD}/cases/{report['case_id']}", headers=second.headers)
    assert _leaks(for_approver.json(), *secrets) == []
    log = await api.get(f"{MOD}/audit?subject_id={report['case_id']}", headers=first.headers)
    assert "sealed_evidence_read" in [e["action"] for e in log.json()["items"]]


async def test_the_anonymous_reporter_and_the_session_stay_sealed(api, make_user, connect):
    s = await anonymous_session(api, make_user, connect, youth_name="이서연")
    moderator, citizen = await make_user("moderator"), await make_user()
    told = await s.counselor_says("상담 내용은 비밀이에요")
    await s.youth_says("저 요즘 학교에서 힘들어요")
    secrets = (s.youth.id, s.youth.email, "이서연", "학교에서 힘들어요")

    # The youth reports the counselor's line: the reporter shows as the alias.
    report = await _report(api, s.youth, told["id"])
    case = (await api.get(f"{MOD}/cases/{report['case_id']}", headers=moderator.headers)).json()
    audit = (await api.get(f"{MOD}/audit", headers=moderator.headers)).json()
    assert _leaks([case, audit], *secrets) == []
    assert [r["reporter_id"] for r in case["reports"]] == [s.alias["user_id"]]
    assert (case["subject_id"], case["sealed"]) == (s.counselor.id, True)

    # A report on the counselor's account carries none of the session's lines.
    on_counselor = await _report(api, citizen, s.counselor.id, target_type="user")
    case = (
        await api.get(f"{MOD}/cases/{on_counselor['case_id']}", headers=moderator.headers)
    ).json()
    assert case["evidence"]["recent_messages"] == []

    # The alias can be reported as a user by those who see it, and nobody else.
    on_alias = await _report(api, s.counselor, s.alias["user_id"], target_type="user")
    case = (await api.get(f"{MOD}/cases/{on_alias['case_id']}", headers=moderator.headers)).json()
    assert (case["subject_id"], case["sealed"]) == (s.alias["user_id"], True)
    user = case["evidence"]["user"]
    assert (user["id"], user["display_name"], user["anonymous"]) == (
        s.alias["user_id"],
        s.case["pseudonym"],
        True,
    )
    assert _leaks(case, *secrets) == []
    stranger = await api.post(
        "/api/v1/reports",
        headers=citizen.headers,
        json={"target_type": "user", "target_id": s.alias["user_id"], "category": "insult"},
    )
    assert stranger.json()["error"]["code"] == "report_target_not_found"
