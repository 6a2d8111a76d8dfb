"""What the realtime connection has delivered: message ids (to never deliver one twice) and
the newest id per chat channel (where a resync after a reconnect starts)."""

from __future__ import annotations

from collections import deque

from cityhall_client.models import Message

# ("space", slug, instance) or ("dm", conversation id)
Channel = tuple[str, ...]
# Ids remembered for de-duplication; a resync never reaches further back than this.
MEMORY = 20_000


def channel_of(message: Message) -> Channel:
    if message.conversation is not None:
        return ("dm", message.conversation)
    return ("space", message.space or "", str(message.instance or 1))


def space_channel(slug: str, instance: int) -> Channel:
    return ("space", slug, str(instance))


class Inbox:
    def __init__(self, memory: int = MEMORY) -> None:
        self._seen: set[str] = set()
        self._order: deque[str] = deque()
        self._memory = memory
        # None: the channel had no message when we arrived, so all of its history is new.
        self.cursors: dict[Channel, str | None] = {}

    def anchor(self, channel: Channel, newest_id: str | None) -> None:
        """Start tracking a channel at its newest message (unless a live message already
        did)."""
        self.cursors.setdefault(channel, newest_id)

    def tracks(self, channel: Channel) -> bool:
        return channel in self.cursors

    def seen(self, message_id: str) -> bool:
        return message_id in self._seen

    def accept(self, message: Message) -> bool:
        """Record a message; False if it was already delivered."""
        if message.id in self._seen:
            return False
        self._seen.add(message.id)
        self._order.append(message.id)
        if len(self._order) > self._memory:
            self._seen.discard(self._order.popleft())
        self.cursors[channel_of(message)] = message.id
        return True
