"""The data export carries what the citizen did across the platform, and nothing that would
reveal other people's actions about them."""

import uuid


async def test_the_export_lists_the_citizens_own_activity(api, make_user, connect):
    kim, lee, official = await make_user(), await make_user(), await make_user("official")
    socket = await connect(kim)
    await socket.call("space:join", {"space": "seoul-plaza"})
    said = await socket.call(
        "chat:send", {"space": "seoul-plaza", "text": "안녕하세요 서울", "client_msg_id": "e1"}
    )
    assert said["ok"], said
    book = await api.post(
        "/api/v1/library/books",
        headers=official.headers,
        json={"title": "채식주의자", "author": "한강", "language": "ko", "licensed_copies": 1},
    )
    assert book.status_code == 201, book.text
    loan = await api.post(f"/api/v1/library/books/{book.json()['id']}/loans", headers=kim.headers)
    assert loan.status_code == 201, loan.text
    blocked = await api.post(
        "/api/v1/users/me/blocks", json={"user_id": kim.id}, headers=lee.headers
    )
    assert blocked.status_code in (200, 201), blocked.text

    mine = (await api.get("/api/v1/users/me/export", headers=kim.headers)).json()["activity"]
    assert [m["text"] for m in mine["chat_messages"]] == ["안녕하세요 서울"]
    assert [str(loan_row["id"]) for loan_row in mine["library_loans"]] == [loan.json()["id"]]
    # Lee blocked Kim: that is Lee's data, not Kim's.
    assert mine["chat_blocks"] == []
    theirs = (await api.get("/api/v1/users/me/export", headers=lee.headers)).json()["activity"]
    assert [uuid.UUID(b["blocked_id"]) for b in theirs["chat_blocks"]] == [uuid.UUID(kim.id)]
    assert theirs["chat_messages"] == []
