"""Storing a message in its timeline (a space instance or a conversation) with the next seq.

On PostgreSQL one statement: a CTE upserts the timeline's counter row (the conversation's is
created by the same upsert on its first message) and the insert takes the seq from it; the
counter row stays locked until the commit, so seq order is commit order. SQLite has no writing
CTEs but runs one writer at a time: the counter's upsert, then the insert. Either way the insert
is ON CONFLICT (sender_id, client_msg_id) DO NOTHING, so the second of two racing copies of a
message is told, not failed. The statements are built once per dialect and reused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Insert, Uuid, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from backend.chat.models import Conversation, InstanceTimeline, Message


async def insert(session: AsyncSession, row: dict[str, Any], *, direct: bool) -> Message | None:
    """Store the message `row` holds (its columns but the seq and conversation; for a direct
    message `low`/`high`, the ordered pair, and `new_conversation_id` in case it is the
    first); the new message, or None when a twin with the same client_msg_id was stored
    first."""
    connection = await session.connection()
    statements = _for_dialect(connection.dialect.name)
    *counters, last = statements.direct if direct else statements.space
    for counter in counters:
        taken = (await connection.execute(counter, row)).one()._mapping
        row = {**row, **taken}
    stored = (await connection.execute(last, row)).first()
    if stored is None:
        return None
    row = {**row, **stored._mapping}
    return Message(
        id=row["id"],
        space_id=row["space_id"],
        instance=row["instance"],
        conversation_id=row["conversation_id"],
        sender_id=row["sender_id"],
        client_msg_id=row["client_msg_id"],
        text=row["text"],
        status=row["status"],
        created_at=row["created_at"],
        seq=row["seq"],
        lang=row["lang"],
    )


@dataclass(frozen=True, slots=True)
class _Statements:
    # Each a list of statements run in order; the last inserts the message.
    space: list[Insert]
    direct: list[Insert]


_messages = Message.__table__
_timelines = InstanceTimeline.__table__
_conversations = Conversation.__table__
_MESSAGE_COLUMNS = (
    "id",
    "space_id",
    "instance",
    "sender_id",
    "client_msg_id",
    "text",
    "status",
    "created_at",
    "lang",
)


@cache
def _for_dialect(name: str) -> _Statements:
    dialect_insert: Callable[..., Any] = (
        postgresql.insert if name == "postgresql" else sqlite.insert
    )
    c = _timelines.c
    timeline = (
        dialect_insert(_timelines)
        .values(space_id=bindparam("space_id"), instance=bindparam("instance"), last_seq=1)
        .on_conflict_do_update(
            index_elements=[c.space_id, c.instance], set_={"last_seq": c.last_seq + 1}
        )
        .returning(c.last_seq.label("seq"))
    )
    v = _conversations.c
    upsert = dialect_insert(_conversations).values(
        id=bindparam("new_conversation_id", type_=Uuid()),
        user_low_id=bindparam("low", type_=Uuid()),
        user_high_id=bindparam("high", type_=Uuid()),
        created_at=bindparam("created_at"),
        last_message_at=bindparam("created_at"),
        last_seq=1,
    )
    conversation = upsert.on_conflict_do_update(
        index_elements=[v.user_low_id, v.user_high_id],
        set_={"last_seq": v.last_seq + 1, "last_message_at": upsert.excluded.last_message_at},
    ).returning(v.id.label("conversation_id"), v.last_seq.label("seq"))
    m = _messages.c
    if name != "postgresql":
        columns = (*_MESSAGE_COLUMNS, "conversation_id", "seq")
        insert = (
            dialect_insert(_messages)
            .values({column: bindparam(column) for column in columns})
            .on_conflict_do_nothing(index_elements=[m.sender_id, m.client_msg_id])
            .returning(m.seq)
        )
        return _Statements(space=[timeline, insert], direct=[conversation, insert])

    def with_counter(counter: Any, taken: list[str]) -> Insert:
        """The insert, taking the seq (and conversation) from the counter's upsert in a
        CTE: one round trip, and the counter row stays locked until the commit."""
        bumped = counter.cte("counter")
        values = [bindparam(name, type_=m[name].type) for name in _MESSAGE_COLUMNS]
        source = select(*values, *(bumped.c[name] for name in taken))
        return (
            postgresql.insert(_messages)
            .from_select([*_MESSAGE_COLUMNS, *taken], source)
            .on_conflict_do_nothing(index_elements=[m.sender_id, m.client_msg_id])
            .returning(*(m[name] for name in taken))
        )

    return _Statements(
        space=[with_counter(timeline, ["seq"])],
        direct=[with_counter(conversation, ["conversation_id", "seq"])],
    )
