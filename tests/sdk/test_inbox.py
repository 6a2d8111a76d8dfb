"""The SDK's inbox: the cursor a resync starts from moves only over an unbroken run of seqs,
whatever order live messages arrive in; a history read closes the gaps it passes."""

from __future__ import annotations

from datetime import UTC, datetime

from cityhall_client.inbox import Inbox, space_channel
from cityhall_client.models import Message

PLAZA = space_channel("seoul-plaza", 1)


def _message(seq: int) -> Message:
    return Message.model_validate(
        {
            "id": f"m{seq}",
            "space": "seoul-plaza",
            "instance": 1,
            "sender": {"id": "u", "display_name": "김", "badge": None},
            "text": str(seq),
            "created_at": datetime.now(UTC),
            "client_msg_id": f"c{seq}",
            "seq": seq,
        }
    )


def test_the_cursor_waits_for_a_gap_to_close() -> None:
    inbox = Inbox()
    inbox.anchor(PLAZA, 2)
    for seq in (4, 5):
        assert inbox.accept(_message(seq))
    assert (inbox.cursors[PLAZA], inbox.has_gap(PLAZA)) == (2, True)
    assert inbox.accept(_message(3))
    assert (inbox.cursors[PLAZA], inbox.has_gap(PLAZA)) == (5, False)
    assert not inbox.accept(_message(4))


def test_a_history_read_closes_the_gaps_it_passes() -> None:
    inbox = Inbox()
    inbox.anchor(PLAZA, 0)
    inbox.accept(_message(1))
    inbox.accept(_message(3))
    inbox.accept(_message(6))
    # History up to 4: seq 2 was not for us (held, or from someone we block).
    inbox.caught_up(PLAZA, 4)
    assert (inbox.cursors[PLAZA], inbox.has_gap(PLAZA)) == (4, True)
    inbox.accept(_message(5))
    assert (inbox.cursors[PLAZA], inbox.has_gap(PLAZA)) == (6, False)


def test_a_channel_first_seen_live_starts_at_that_message() -> None:
    inbox = Inbox()
    inbox.accept(_message(40))
    assert (inbox.cursors[PLAZA], inbox.has_gap(PLAZA)) == (40, False)
