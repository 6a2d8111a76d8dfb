"""Fetching what a connection missed while it was away, over REST: every chat channel it was
following, from the highest seq it had without a gap, and conversations that started
meanwhile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from cityhall_client.inbox import Channel, Inbox
from cityhall_client.models import Message, Page

if TYPE_CHECKING:
    from cityhall_client.client import CityHallClient

PAGE = 100
# A reconnect that missed more than this many pages per channel delivers the oldest of them
# only; the cursor still moves on, so the next resync starts where this one stopped.
MAX_PAGES = 20
# Clock slack between this machine and the server when judging "new since the drop".
SLACK = timedelta(seconds=5)


async def missed_messages(
    client: CityHallClient, inbox: Inbox, dropped_at: datetime
) -> list[Message]:
    """Messages not yet delivered: per channel in seq order (commit order)."""
    found: list[Message] = []
    for channel in list(inbox.cursors):
        found += await channel_since(client, inbox, channel)
    since = dropped_at - SLACK
    for conversation in await client.conversations():
        channel = ("dm", conversation.id)
        if inbox.tracks(channel) or conversation.last_message_at < since:
            continue
        page = await client.conversation_history(conversation.id, limit=PAGE)
        found += [m for m in reversed(page.items) if m.created_at >= since]
    return [m for m in found if not inbox.seen(m.id)]


async def channel_since(client: CityHallClient, inbox: Inbox, channel: Channel) -> list[Message]:
    """The channel's messages after its cursor, oldest first; the cursor is then moved past
    them, gaps included (a history read is complete up to what it returns)."""
    cursor = inbox.cursors[channel]
    out: list[Message] = []
    for _ in range(MAX_PAGES):
        page = await _page(client, channel, cursor)
        out += reversed(page.items)
        if page.next_cursor is None:
            break
        cursor = int(page.next_cursor)
    if out:
        inbox.caught_up(channel, out[-1].seq)
    return out


async def _page(client: CityHallClient, channel: Channel, after_seq: int) -> Page[Message]:
    if channel[0] == "dm":
        return await client.conversation_history(channel[1], after_seq=after_seq, limit=PAGE)
    _, slug, instance = channel
    return await client.history(slug, instance=int(instance), after_seq=after_seq, limit=PAGE)


def utcnow() -> datetime:
    return datetime.now(UTC)
