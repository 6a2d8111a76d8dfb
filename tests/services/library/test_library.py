"""The e-book library through the HTTP API: the catalog, loans limited by licensed copies,
due dates with automatic return, and the holds queue that hands over freed copies."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from services.library import circulation, clock

API = "/api/v1/library"


@pytest.fixture
def later(monkeypatch):
    """Move the library's clock forward by a number of days (real time keeps running)."""

    def move(days: float) -> None:
        monkeypatch.setattr(clock, "now", lambda: datetime.now(UTC) + timedelta(days=days))

    return move


async def _book(api, official, *, copies=1, title="채식주의자", author="한강", language="ko"):
    response = await api.post(
        f"{API}/books",
        headers=official.headers,
        json={"title": title, "author": author, "language": language, "licensed_copies": copies},
    )
    assert response.status_code == 201, response.text
    return response.json()


async def _borrow(api, user, book_id):
    return await api.post(f"{API}/books/{book_id}/loans", headers=user.headers)


async def _hold(api, user, book_id):
    return await api.post(f"{API}/books/{book_id}/holds", headers=user.headers)


async def _active_loans(api, user):
    response = await api.get(f"{API}/loans/mine", params={"active": True}, headers=user.headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_one_copy_two_simultaneous_borrowers(api, make_user):
    official = await make_user("official")
    book = await _book(api, official, copies=1)
    kim, lee = await make_user(), await make_user()
    responses = await asyncio.gather(_borrow(api, kim, book["id"]), _borrow(api, lee, book["id"]))
    assert sorted(r.status_code for r in responses) == [201, 409]
    refused = next(r for r in responses if r.status_code == 409).json()["error"]
    assert refused["code"] == "no_copy_available"
    assert refused["details"]["holds_count"] == 0
    detail = (await api.get(f"{API}/books/{book['id']}")).json()
    assert (detail["available_copies"], detail["holds_count"]) == (0, 0)


async def test_a_loan_is_due_in_14_days_and_cannot_be_doubled(api, make_user):
    official = await make_user("official")
    book = await _book(api, official, copies=3)
    reader = await make_user()
    response = await _borrow(api, reader, book["id"])
    assert response.status_code == 201, response.text
    loan = response.json()
    borrowed = datetime.fromisoformat(loan["borrowed_at"])
    assert datetime.fromisoformat(loan["due_at"]) - borrowed == timedelta(days=14)
    assert (loan["status"], loan["from_hold"], loan["book"]["id"]) == ("active", False, book["id"])
    again = await _borrow(api, reader, book["id"])
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_borrowed"
    assert (await _hold(api, reader, book["id"])).json()["error"]["code"] == "already_borrowed"
    assert (await api.get(f"{API}/books/{book['id']}")).json()["available_copies"] == 2


async def test_return_hands_the_copy_to_the_first_hold(api, make_user, connect):
    official = await make_user("official")
    book = await _book(api, official, copies=1)
    first, second, third = await make_user(), await make_user(), await make_user()
    loan = (await _borrow(api, first, book["id"])).json()
    second_socket = await connect(second)
    assert (await _hold(api, second, book["id"])).json()["position"] == 1
    assert (await _hold(api, third, book["id"])).json()["position"] == 2
    duplicate = await _hold(api, third, book["id"])
    assert duplicate.json()["error"]["code"] == "already_on_hold"
    assert (await api.get(f"{API}/books/{book['id']}")).json()["holds_count"] == 2

    returned = await api.post(f"{API}/loans/{loan['id']}/return", headers=first.headers)
    assert returned.status_code == 200, returned.text
    assert returned.json()["status"] == "returned"
    handed = await _active_loans(api, second)
    assert [(x["book"]["id"], x["from_hold"]) for x in handed] == [(book["id"], True)]
    assert (await api.get(f"{API}/holds/mine", headers=second.headers)).json()["items"] == []
    queue = (await api.get(f"{API}/holds/mine", headers=third.headers)).json()["items"]
    assert [(h["book"]["id"], h["position"]) for h in queue] == [(book["id"], 1)]
    ready = await second_socket.wait_for("library:hold_ready")
    assert ready["loan_id"] == handed[0]["id"]
    assert ready["book"]["title"] == "채식주의자"
    # Returning twice changes nothing.
    again = await api.post(f"{API}/loans/{loan['id']}/return", headers=first.headers)
    assert again.status_code == 200
    assert again.json()["status"] == "returned"


async def test_expiry_returns_the_loan_and_hands_it_to_the_hold(api, make_user, later):
    official = await make_user("official")
    book = await _book(api, official, copies=1)
    reader, waiting = await make_user(), await make_user()
    loan = (await _borrow(api, reader, book["id"])).json()
    assert (await _hold(api, waiting, book["id"])).status_code == 201

    later(13.9)
    assert (await api.get(f"{API}/books/{book['id']}")).json()["holds_count"] == 1
    later(14.1)
    detail = (await api.get(f"{API}/books/{book['id']}")).json()
    assert (detail["available_copies"], detail["holds_count"]) == (0, 0)
    mine = (await api.get(f"{API}/loans/mine", headers=reader.headers)).json()["items"]
    assert [(x["id"], x["status"]) for x in mine] == [(loan["id"], "expired")]
    handed = await _active_loans(api, waiting)
    assert [x["book"]["id"] for x in handed] == [book["id"]]
    # A late return of the expired loan is accepted and changes nothing.
    late = await api.post(f"{API}/loans/{loan['id']}/return", headers=reader.headers)
    assert late.json()["status"] == "expired"


async def test_the_sweep_returns_overdue_loans(api, make_user, runtime):
    official = await make_user("official")
    book = await _book(api, official, copies=1)
    reader, waiting = await make_user(), await make_user()
    await _borrow(api, reader, book["id"])
    await _hold(api, waiting, book["id"])
    async with runtime.db.session_scope() as session:
        assert await circulation.return_overdue(session, datetime.now(UTC)) == 0
    async with runtime.db.session_scope() as session:
        swept = await circulation.return_overdue(session, datetime.now(UTC) + timedelta(days=15))
        assert swept == 1
    assert [x["book"]["id"] for x in await _active_loans(api, waiting)] == [book["id"]]
    assert await _active_loans(api, reader) == []


async def test_return_by_someone_else_is_not_found(api, make_user):
    official = await make_user("official")
    book = await _book(api, official)
    owner, other = await make_user(), await make_user()
    loan = (await _borrow(api, owner, book["id"])).json()
    response = await api.post(f"{API}/loans/{loan['id']}/return", headers=other.headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "loan_not_found"
    assert len(await _active_loans(api, owner)) == 1


async def test_citizens_cannot_manage_the_catalog(api, make_user):
    citizen = await make_user()
    body = {"title": "Pachinko", "author": "Min Jin Lee", "language": "en", "licensed_copies": 2}
    response = await api.post(f"{API}/books", headers=citizen.headers, json=body)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    book = await _book(api, await make_user("official"))
    patched = await api.patch(
        f"{API}/books/{book['id']}", headers=citizen.headers, json={"licensed_copies": 9}
    )
    assert patched.status_code == 403


async def test_raising_copies_fills_holds(api, make_user):
    official = await make_user("official")
    book = await _book(api, official, copies=1)
    readers = [await make_user() for _ in range(3)]
    await _borrow(api, readers[0], book["id"])
    for reader in readers[1:]:
        assert (await _hold(api, reader, book["id"])).status_code == 201
    response = await api.patch(
        f"{API}/books/{book['id']}", headers=official.headers, json={"licensed_copies": 2}
    )
    assert response.status_code == 200, response.text
    assert (response.json()["available_copies"], response.json()["holds_count"]) == (0, 1)
    assert len(await _active_loans(api, readers[1])) == 1
    assert await _active_loans(api, readers[2]) == []


async def test_holds_only_when_every_copy_is_lent_and_cancelling(api, make_user):
    official = await make_user("official")
    book = await _book(api, official, copies=1)
    reader, waiting, stranger = await make_user(), await make_user(), await make_user()
    early = await _hold(api, waiting, book["id"])
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "copy_available"
    await _borrow(api, reader, book["id"])
    hold = (await _hold(api, waiting, book["id"])).json()
    gone = await api.delete(f"{API}/holds/{hold['id']}", headers=stranger.headers)
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == "hold_not_found"
    assert (
        await api.delete(f"{API}/holds/{hold['id']}", headers=waiting.headers)
    ).status_code == 204
    assert (await api.get(f"{API}/holds/mine", headers=waiting.headers)).json()["items"] == []


async def test_per_citizen_loan_limit(api, make_user):
    official = await make_user("official")
    reader = await make_user()
    books = [await _book(api, official, title=f"Book {i}", author="Author") for i in range(6)]
    for book in books[:5]:
        assert (await _borrow(api, reader, book["id"])).status_code == 201
    refused = await _borrow(api, reader, books[5]["id"])
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "loan_limit_reached"


async def test_catalog_search_filter_and_pages(api, make_user):
    official = await make_user("official")
    await _book(api, official, title="소년이 온다", author="한강")
    await _book(api, official, title="Pachinko", author="Min Jin Lee", language="en")
    await _book(api, official, title="Kim Jiyoung, Born 1982", author="Cho Nam-joo", language="en")
    english = (await api.get(f"{API}/books", params={"language": "en"})).json()["items"]
    assert [b["title"] for b in english] == ["Kim Jiyoung, Born 1982", "Pachinko"]
    by_author = (await api.get(f"{API}/books", params={"q": "한강"})).json()["items"]
    assert [b["title"] for b in by_author] == ["소년이 온다"]
    assert (await api.get(f"{API}/books", params={"q": "50%_"})).json()["items"] == []
    first = (await api.get(f"{API}/books", params={"limit": 2})).json()
    rest = (await api.get(f"{API}/books", params={"cursor": first["next_cursor"]})).json()
    assert len(first["items"]) == 2
    assert len(rest["items"]) == 1
    assert rest["next_cursor"] is None
    assert (await api.get(f"{API}/books", params={"cursor": "garbage"})).status_code == 422
    missing = await api.get(f"{API}/books/00000000-0000-4000-8000-000000000000")
    assert missing.json()["error"]["code"] == "book_not_found"
