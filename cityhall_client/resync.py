"""Fetching what a connection missed while it was away, over REST: every chat channel it was
following, from the last message it saw, and conversations that started meanwhile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from cityhall_client.inbox import Channel, Inbox
from cityhall_client.models import Message, Page

if TYPE_CHECKING:
    from cityhall_client.client import CityHallClient

PAGE = 100
# A reconnect that missed more than this many pages per channel shows the newest ones only.
MAX_PAGES = 20
# Clock slack between this machine and the server when judging "new since the drop".
SLACK = timedelta(seconds=5)


async def missed_messages(
    client: CityHallClient, inbox: Inbox, dropped_at: datetime
) -> list[Message]:
    """Messages not yet delivered, oldest first."""
    found: list[Message] = []
    for channel, cursor in list(inbox.cursors.items()):
        found += await _channel_since(client, channel, cursor)
    since = dropped_at - SLACK
    for conversation in await client.conversations():
        channel = ("dm", conversation.id)
        if inbox.tracks(channel) or conversation.last_message_at < since:
            continue
        page = await client.conversation_history(conversation.id, limit=PAGE)
        found += [m for m in reversed(page.items) if m.created_at >= since]
    fresh = [m for m in found if not inbox.seen(m.id)]
    return sorted(fresh, key=lambda m: m.created_at)


async def _channel_since(
    client: CityHallClient, channel: Channel, cursor: str | None
) -> list[Message]:
    """Pages forward from `cursor` (each page is newest first); with no cursor the channel
    was empty when we started following it, so its newest page is all new."""
    out: list[Message] = []
    for _ in range(MAX_PAGES):
        page = await _page(client, channel, cursor)
        out += reversed(page.items)
        if cursor is None or page.next_cursor is None:
            break
        cursor = page.next_cursor
    return out


async def _page(client: CityHallClient, channel: Channel, after: str | None) -> Page[Message]:
    if channel[0] == "dm":
        return await client.conversation_history(channel[1], after=after, limit=PAGE)
    _, slug, instance = channel
    return await client.history(slug, instance=int(instance), after=after, limit=PAGE)


def utcnow() -> datetime:
    return datetime.now(UTC)
