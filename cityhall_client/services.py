"""Typed wrappers of the municipal services and of the moderators' queue. Each group is an
attribute of CityHallClient: `client.civil`, `client.proposals`, `client.library`,
`client.events`, `client.moderation`.

Creates (`file`, `submit`, `borrow`, `hold`, `rsvp`) send an `Idempotency-Key` (a fresh one,
or `key=` yours), so the transport may retry them after a lost answer without creating
twice."""

from __future__ import annotations

from typing import Any

from cityhall_client.models import Case, CaseDetail, Decision, Page
from cityhall_client.service_models import (
    Book,
    CivilRequest,
    CivilService,
    CivilServiceSummary,
    Event,
    Hold,
    Loan,
    Proposal,
    Rsvp,
)
from cityhall_client.transport import Transport, idempotency_key, parse


class _Group:
    def __init__(self, transport: Transport) -> None:
        self._t = transport


class Civil(_Group):
    async def services(
        self, *, category: str | None = None, cursor: str | None = None, limit: int = 50
    ) -> Page[CivilServiceSummary]:
        params = {"category": category, "cursor": cursor, "limit": limit}
        body = await self._t.request("GET", "/civil/services", auth=None, params=params)
        return parse(Page[CivilServiceSummary], body)

    async def service(self, slug: str) -> CivilService:
        """One catalog entry with its form: the fields a request must fill in."""
        return parse(
            CivilService, await self._t.request("GET", f"/civil/services/{slug}", auth=None)
        )

    async def file(
        self, service: str, form: dict[str, Any], *, key: str | None = None
    ) -> CivilRequest:
        """File a request. Retried safely under an idempotency key (a fresh one unless you
        give yours, e.g. to retry after your own process restarts)."""
        body = await self._t.request(
            "POST",
            "/civil/requests",
            json={"service": service, "form": form},
            idempotency_key=key or idempotency_key(),
        )
        return parse(CivilRequest, body)

    async def mine(self, *, status: str | None = None, limit: int = 50) -> Page[CivilRequest]:
        params = {"status": status, "limit": limit}
        return parse(
            Page[CivilRequest], await self._t.request("GET", "/civil/requests/mine", params=params)
        )


class Proposals(_Group):
    async def list(
        self, *, status: str | None = None, sort: str = "newest", limit: int = 50
    ) -> Page[Proposal]:
        params = {"status": status, "sort": sort, "limit": limit}
        return parse(
            Page[Proposal], await self._t.request("GET", "/proposals", auth=None, params=params)
        )

    async def submit(
        self, title: str, body: str, category: str = "other", *, key: str | None = None
    ) -> Proposal:
        payload = {"title": title, "body": body, "category": category}
        answer = await self._t.request(
            "POST", "/proposals", json=payload, idempotency_key=key or idempotency_key()
        )
        return parse(Proposal, answer)

    async def endorse(self, proposal_id: str) -> Proposal:
        path = f"/proposals/{proposal_id}/endorsements"
        return parse(Proposal, await self._t.request("POST", path))


class Library(_Group):
    async def books(
        self, *, q: str | None = None, language: str | None = None, limit: int = 50
    ) -> Page[Book]:
        params = {"q": q, "language": language, "limit": limit}
        return parse(
            Page[Book], await self._t.request("GET", "/library/books", auth=None, params=params)
        )

    async def borrow(self, book_id: str, *, key: str | None = None) -> Loan:
        """A 14-day loan; `no_copy_available` (409) when every copy is lent: place a hold."""
        path = f"/library/books/{book_id}/loans"
        return parse(
            Loan, await self._t.request("POST", path, idempotency_key=key or idempotency_key())
        )

    async def hold(self, book_id: str, *, key: str | None = None) -> Hold:
        path = f"/library/books/{book_id}/holds"
        return parse(
            Hold, await self._t.request("POST", path, idempotency_key=key or idempotency_key())
        )

    async def return_loan(self, loan_id: str) -> Loan:
        return parse(Loan, await self._t.request("POST", f"/library/loans/{loan_id}/return"))

    async def loans(self, *, active: bool | None = None, limit: int = 50) -> Page[Loan]:
        params = {"active": active, "limit": limit}
        return parse(Page[Loan], await self._t.request("GET", "/library/loans/mine", params=params))


class Events(_Group):
    async def list(self, *, space: str | None = None, limit: int = 50) -> Page[Event]:
        params = {"space": space, "limit": limit}
        return parse(Page[Event], await self._t.request("GET", "/events", auth=None, params=params))

    async def rsvp(self, event_id: str, *, key: str | None = None) -> Rsvp:
        """A seat (`confirmed`) or a place in line (`waitlisted`, with `position`)."""
        path = f"/events/{event_id}/rsvp"
        return parse(
            Rsvp, await self._t.request("POST", path, idempotency_key=key or idempotency_key())
        )

    async def cancel_rsvp(self, event_id: str) -> None:
        await self._t.request("DELETE", f"/events/{event_id}/rsvp")


class Moderation(_Group):
    """The review queue, for moderators and admins."""

    async def cases(
        self, *, status: str | None = None, mine: bool = False, limit: int = 50
    ) -> list[Case]:
        params = {"status": status, "mine": mine or None, "limit": limit}
        return parse(list[Case], await self._t.request("GET", "/moderation/cases", params=params))

    async def case(self, case_id: str) -> CaseDetail:
        return parse(CaseDetail, await self._t.request("GET", f"/moderation/cases/{case_id}"))

    async def claim(self, case_id: str) -> Case:
        """Take a case; `case_claimed` (409) when another moderator was faster."""
        return parse(Case, await self._t.request("POST", f"/moderation/cases/{case_id}/claim"))

    async def decide(
        self, case_id: str, *, rule: str, reason: str, actions: list[dict[str, Any]]
    ) -> Decision:
        """Decide a claimed case, e.g. `actions=[{"type": "warn"}]` or
        `[{"type": "mute", "minutes": 10}]`."""
        payload = {"rule": rule, "reason": reason, "actions": actions}
        path = f"/moderation/cases/{case_id}/decision"
        return parse(Decision, await self._t.request("POST", path, json=payload))
