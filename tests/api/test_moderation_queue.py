"""The moderators' console through the API: the queue paged and filtered on the server with
its pending counts, held lines first, live updates of every change, claim and release, the
evidence typed with its people named, the subject's history, appeals never offered to the
moderator who decided, and the audit log's filters."""

from __future__ import annotations

import uuid

MOD = "/api/v1/moderation"


def _say(text: str, space: str = "seoul-plaza") -> dict[str, str]:
    return {"space": space, "text": text, "client_msg_id": uuid.uuid4().hex}


async def _report(api, reporter, target_id, target_type="user", category="spam"):
    response = await api.post(
        "/api/v1/reports",
        headers=reporter.headers,
        json={"target_type": target_type, "target_id": target_id, "category": category},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _decide(api, moderator, case_id, actions, reason="모욕적인 표현 (insult)"):
    claimed = await api.post(f"{MOD}/cases/{case_id}/claim", headers=moderator.headers)
    assert claimed.status_code == 200, claimed.text
    decided = await api.post(
        f"{MOD}/cases/{case_id}/decision",
        headers=moderator.headers,
        json={"rule": "respect", "reason": reason, "actions": actions},
    )
    assert decided.status_code == 201, decided.text


async def test_the_queue_pages_on_the_server_with_filters_and_counts(api, make_user):
    moderator, reporter = await make_user("moderator"), await make_user()
    categories = ["spam", "insult", "threat", "spam", "harassment", "spam", "insult"]
    subjects = [await make_user() for _ in categories]
    for subject, category in zip(subjects, categories, strict=True):
        await _report(api, reporter, subject.id, category=category)

    everything = (await api.get(f"{MOD}/cases?limit=100", headers=moderator.headers)).json()
    pages, cursor = [], None
    while True:
        query = f"limit=2&cursor={cursor}" if cursor else "limit=2"
        page = (await api.get(f"{MOD}/queue?{query}", headers=moderator.headers)).json()
        pages.append(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [len(p) for p in pages] == [2, 2, 2, 1]
    assert [c["id"] for p in pages for c in p] == [c["id"] for c in everything]
    assert everything[0]["category"] == "threat"

    spam = (await api.get(f"{MOD}/queue?category=spam", headers=moderator.headers)).json()
    assert [c["category"] for c in spam["items"]] == ["spam"] * 3
    await api.post(f"{MOD}/cases/{spam['items'][0]['id']}/claim", headers=moderator.headers)
    mine = (await api.get(f"{MOD}/queue?mine=true", headers=moderator.headers)).json()
    assert [c["id"] for c in mine["items"]] == [spam["items"][0]["id"]]
    claimed = (await api.get(f"{MOD}/queue?status=claimed", headers=moderator.headers)).json()
    assert [c["status"] for c in claimed["items"]] == ["claimed"]

    counts = (await api.get(f"{MOD}/queue/counts", headers=moderator.headers)).json()
    assert (counts["open"], counts["claimed"], counts["mine"]) == (6, 1, 1)
    assert counts["by_category"] == {"spam": 3, "insult": 2, "threat": 1, "harassment": 1}
    bad = await api.get(f"{MOD}/queue?cursor=not-a-cursor", headers=moderator.headers)
    assert (bad.status_code, bad.json()["error"]["code"]) == (422, "invalid_cursor")
    citizen = await api.get(f"{MOD}/queue/counts", headers=reporter.headers)
    assert citizen.status_code == 403


async def test_held_lines_come_first_and_every_change_is_live(api, make_user, connect):
    moderator, other = await make_user("moderator"), await make_user("moderator")
    kim, lee = await make_user(), await make_user()
    watcher = await connect(moderator, namespace="/moderation")
    # A severe, much-reported case first: the held line still goes before it.
    for _ in range(3):
        await _report(api, await make_user(), kim.id, category="threat")
    socket = await connect(kim)
    await socket.call("space:join", {"space": "seoul-plaza"})
    held = await socket.call("chat:send", _say("just kys already"))
    assert held["held"] is True
    opened = await watcher.wait_for("case:opened", lambda c: c["held"])
    assert (opened["space"], opened["category"]) == ("seoul-plaza", "self_harm")

    queue = (await api.get(f"{MOD}/queue", headers=moderator.headers)).json()["items"]
    assert [c["held"] for c in queue] == [True, False]
    in_plaza = (await api.get(f"{MOD}/queue?space=seoul-plaza", headers=moderator.headers)).json()
    assert [c["id"] for c in in_plaza["items"]] == [opened["id"]]
    assert (await api.get(f"{MOD}/queue/counts", headers=moderator.headers)).json()["held"] == 1

    case = f"{MOD}/cases/{opened['id']}"
    await api.post(f"{case}/claim", headers=moderator.headers)
    mine = await watcher.wait_for("case:updated", lambda c: c["id"] == opened["id"])
    assert (mine["status"], mine["assigned_to_id"]) == ("claimed", moderator.id)
    theirs = await api.post(f"{case}/release", headers=other.headers)
    assert (theirs.status_code, theirs.json()["error"]["code"]) == (409, "case_claimed")
    released = await api.post(f"{case}/release", headers=moderator.headers)
    assert (released.json()["status"], released.json()["assigned_to_id"]) == ("open", None)
    back = await watcher.wait_for(
        "case:updated", lambda c: c["id"] == opened["id"] and c["status"] == "open"
    )
    assert back["assigned_to_id"] is None
    await _decide(api, other, opened["id"], [{"type": "dismiss"}], reason="게임 이야기")
    update = await watcher.wait_for(
        "case:updated", lambda c: c["id"] == opened["id"] and c["status"] == "resolved"
    )
    assert update["outcome"] == "no_action"
    log = await api.get(
        f"{MOD}/audit?action=case_released&actor_id={moderator.id}", headers=other.headers
    )
    assert [(e["action"], e["subject_id"]) for e in log.json()["items"]] == [
        ("case_released", opened["id"])
    ]
    _ = lee


async def test_the_evidence_names_its_people_and_highlights_the_line(api, make_user, connect):
    kim, lee = await make_user(display_name="김소란"), await make_user(display_name="이신고")
    official = await make_user("official", display_name="박주무관")
    moderator = await make_user("moderator")
    sockets = [await connect(u) for u in (kim, lee, official)]
    for s in sockets:
        await s.call("space:join", {"space": "seoul-plaza"})
    await sockets[2].call("chat:send", _say("안녕하세요, 시청 안내입니다"))
    line = (await sockets[0].call("chat:send", _say("너 정말 한심하다")))["message"]
    await sockets[1].call("chat:send", _say("그만하세요"))
    filed = await _report(api, lee, line["id"], target_type="message", category="insult")

    case = (await api.get(f"{MOD}/cases/{filed['case_id']}", headers=moderator.headers)).json()
    evidence = case["evidence"]
    assert (evidence["kind"], evidence["space"], evidence["sealed"]) == (
        "message",
        "seoul-plaza",
        False,
    )
    assert [m["text"] for m in evidence["context"]] == [
        "안녕하세요, 시청 안내입니다",
        "너 정말 한심하다",
        "그만하세요",
    ]
    assert [m["reported"] for m in evidence["context"]] == [False, True, False]
    named = {p["id"]: (p["display_name"], p["badge"]) for p in evidence["people"]}
    assert named[kim.id] == ("김소란", None)
    assert named[official.id] == ("박주무관", "official")
    assert (case["subject"]["id"], case["subject"]["display_name"]) == (kim.id, "김소란")
    [report] = case["reports"]
    assert (report["reporter"]["display_name"], report["weight"]) == ("이신고", 1.0)


async def test_history_and_appeals_not_offered_to_the_deciding_moderator(api, make_user, connect):
    first, second = await make_user("moderator"), await make_user("moderator")
    kim, lee = await make_user(), await make_user()
    earlier = await _report(api, lee, kim.id, category="insult")
    await _decide(api, first, earlier["case_id"], [{"type": "mute", "minutes": 10}])
    [sanction] = (await api.get("/api/v1/users/me/sanctions", headers=kim.headers)).json()
    appeal = await api.post(
        "/api/v1/appeals",
        headers=kim.headers,
        json={"sanction_id": sanction["id"], "body": "오해가 있었습니다"},
    )
    assert appeal.status_code == 201, appeal.text

    offered = (await api.get(f"{MOD}/appeals", headers=first.headers)).json()
    assert offered == []
    assert (await api.get(f"{MOD}/queue/counts", headers=first.headers)).json()["appeals"] == 0
    [item] = (await api.get(f"{MOD}/appeals", headers=second.headers)).json()
    assert (item["id"], item["sanction"]["kind"]) == (appeal.json()["id"], "mute")
    assert item["sanction"]["case_id"] == earlier["case_id"]
    assert (await api.get(f"{MOD}/queue/counts", headers=second.headers)).json()["appeals"] == 1

    later = await _report(api, await make_user(), kim.id, category="spam")
    history = await api.get(f"{MOD}/cases/{later['case_id']}/history", headers=second.headers)
    body = history.json()
    assert body["subject"]["id"] == kim.id
    assert [s["kind"] for s in body["sanctions"]] == ["mute"]
    assert [(c["id"], c["outcome"]) for c in body["cases"]] == [
        (earlier["case_id"], "action_taken")
    ]
    missing = await api.get(f"{MOD}/cases/{uuid.uuid4()}/history", headers=second.headers)
    assert missing.status_code == 404
    _ = connect
