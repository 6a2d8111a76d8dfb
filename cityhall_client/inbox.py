"""What the realtime connection has delivered: message ids (to never deliver one twice) and,
per chat channel, the seq up to which nothing is missing (where a resync after a reconnect
starts).

Live messages can arrive out of seq order (two server processes publish independently) and
some never arrive at all (held for review, from a user you block). So the cursor only moves
over an unbroken run of seqs, and a history read, which is complete up to what it returns,
closes the gaps it passes."""

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
        # Every message of the channel up to this seq was delivered (or is not for us).
        self.cursors: dict[Channel, int] = {}
        # Seqs delivered above a gap, waiting for the gap to close.
        self._ahead: dict[Channel, set[int]] = {}

    def anchor(self, channel: Channel, newest_seq: int) -> None:
        """Start tracking a channel at its newest message, 0 when it has none (unless a live
        message already did)."""
        self.cursors.setdefault(channel, newest_seq)

    def tracks(self, channel: Channel) -> bool:
        return channel in self.cursors

    def has_gap(self, channel: Channel) -> bool:
        """Whether a message above the cursor was delivered with one missing below it."""
        return bool(self._ahead.get(channel))

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
        channel = channel_of(message)
        if channel not in self.cursors:
            # First sight of the channel: what came before is its history, not missed.
            self.cursors[channel] = message.seq
        else:
            ahead = self._ahead.setdefault(channel, set())
            ahead.add(message.seq)
            if len(ahead) > self._memory:
                # A gap nothing fills (no resync): forget the oldest; a resync would refetch.
                ahead.discard(min(ahead))
            self._advance(channel)
        return True

    def caught_up(self, channel: Channel, seq: int) -> None:
        """A history read returned everything of the channel up to `seq`."""
        if seq > self.cursors.get(channel, 0):
            self.cursors[channel] = seq
        self._advance(channel)

    def _advance(self, channel: Channel) -> None:
        ahead = self._ahead.get(channel)
        if not ahead:
            return
        cursor = self.cursors[channel]
        ahead.difference_update([s for s in ahead if s <= cursor])
        while cursor + 1 in ahead:
            cursor += 1
            ahead.discard(cursor)
        self.cursors[channel] = cursor
