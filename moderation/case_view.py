"""A case's frozen evidence as moderators read it: typed lines, and every person in it named
(display name, staff badge), an anonymous participant by alias unless the reader's reveal
was approved. Only what the stored record already shows this reader is named: a sealed case's
aliases are never looked up as accounts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat import service as chat_service
from moderation.case_schemas import CaseEvidence, EvidenceLine, EvidencePerson, FilterFinding
from moderation.models import Case
from moderation.schemas import CaseSummary


class People:
    """Names for ids: accounts from the database, aliases from the case's own record."""

    def __init__(self, case: Case, *, revealed: bool) -> None:
        self.revealed = revealed
        # Alias id -> pseudonym, as the room showed them.
        self.pseudonyms: dict[str, str] = {
            str(a.get("id")): str(a.get("display_name", ""))
            for a in case.evidence.get("anonymous", [])
            if isinstance(a, dict)
        }
        # Account id -> alias id (kept with the sealed record).
        self.aliases = case.aliases
        self.known: dict[uuid.UUID, EvidencePerson] = {}

    async def load(self, session: AsyncSession, ids: Iterable[uuid.UUID]) -> None:
        wanted = {i for i in ids if str(i) not in self.pseudonyms and i not in self.known}
        found = await chat_service.senders(session, wanted) if wanted else {}
        for i in wanted:
            sender = found.get(i)
            alias_id = self.aliases.get(str(i)) if self.revealed else None
            self.known[i] = EvidencePerson(
                id=i,
                display_name=sender.display_name if sender else "",
                badge=sender.badge if sender else None,
                anonymous=alias_id is not None,
                alias=self.pseudonyms.get(alias_id) if alias_id else None,
            )

    def person(self, person_id: uuid.UUID) -> EvidencePerson:
        pseudonym = self.pseudonyms.get(str(person_id))
        if pseudonym is not None:
            return EvidencePerson(
                id=person_id, display_name=pseudonym, anonymous=True, alias=pseudonym
            )
        return self.known.get(person_id) or EvidencePerson(id=person_id, display_name="")


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _uuids(values: Any) -> list[uuid.UUID]:
    return [u for u in (_uuid(v) for v in values or []) if u is not None]


def _line(raw: Any, reported_id: str | None) -> EvidenceLine | None:
    if not isinstance(raw, dict):
        return None
    line_id, sender = _uuid(raw.get("id")), _uuid(raw.get("sender_id"))
    if line_id is None or sender is None:
        return None
    return EvidenceLine(
        id=line_id,
        sender_id=sender,
        text=str(raw.get("text", "")),
        status=str(raw.get("status", "visible")),
        created_at=datetime.fromisoformat(str(raw.get("created_at"))),
        reported=reported_id is not None and str(raw.get("id")) == reported_id,
    )


def _lines(raws: Any, reported_id: str | None) -> list[EvidenceLine]:
    return [line for line in (_line(r, reported_id) for r in raws or []) if line is not None]


def _finding(raw: dict[str, Any]) -> FilterFinding | None:
    found = raw.get("filter") if isinstance(raw.get("filter"), dict) else raw
    if "blocked_messages" not in found and "filter_category" not in found:
        return None
    return FilterFinding.model_validate(found)


async def evidence(
    session: AsyncSession, case: Case, people: People, raw: dict[str, Any]
) -> CaseEvidence:
    """The typed evidence of `raw` (what this reader may see of the case)."""
    reported = raw.get("message", {}).get("id") if isinstance(raw.get("message"), dict) else None
    message = _line(raw.get("message"), reported)
    context = _lines(raw.get("context"), reported)
    recent = _lines(raw.get("recent_messages"), None)
    user_id = _uuid(raw.get("user", {}).get("id")) if isinstance(raw.get("user"), dict) else None
    present = raw.get("present_at_report")
    named = [
        *(line.sender_id for line in [*([message] if message else []), *context, *recent]),
        *([user_id] if user_id else []),
        *_uuids(raw.get("participants")),
        *_uuids(present),
    ]
    await people.load(session, named)
    kind = "message" if message else "user" if user_id else "filter"
    return CaseEvidence(
        kind=kind,
        sealed=case.sealed_evidence is not None,
        space=raw.get("space") if isinstance(raw.get("space"), str) else None,
        instance=raw.get("instance") if isinstance(raw.get("instance"), int) else None,
        youth=bool(raw.get("youth")),
        conversation=_uuid(raw.get("conversation")) if raw.get("conversation") else None,
        message=message,
        context=context,
        recent_messages=recent,
        user=people.person(user_id) if user_id else None,
        participants=_uuids(raw.get("participants")),
        senders_in_context=_uuids(raw.get("senders_in_context")),
        present_at_report=None if present is None else _uuids(present),
        people=[people.person(i) for i in dict.fromkeys(named)],
        filter=_finding(raw),
    )


async def summaries(session: AsyncSession, cases: Sequence[Case]) -> list[CaseSummary]:
    """Summaries with their subjects named, in one read: a sealed case's anonymous subject by
    the pseudonym the room showed, anyone else by display name."""
    accounts = {c.subject_id for c in cases if c.subject_alias_id is None}
    found = await chat_service.senders(session, accounts) if accounts else {}
    named = []
    for case in cases:
        if case.subject_alias_id is not None:
            name = People(case, revealed=False).pseudonyms.get(str(case.subject_alias_id), "")
        else:
            sender = found.get(case.subject_id)
            name = sender.display_name if sender else ""
        summary = CaseSummary.model_validate(case)
        named.append(summary.model_copy(update={"subject_name": name}))
    return named


async def summary(session: AsyncSession, case: Case) -> CaseSummary:
    return (await summaries(session, [case]))[0]
