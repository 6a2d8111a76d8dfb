from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.core.db import Base, UUIDPrimaryKey, utcnow
from backend.translation.models import MessageTranslation


class MessageStatus(StrEnum):
    VISIBLE = "visible"
    HELD = "held"
    REMOVED = "removed"


class Conversation(UUIDPrimaryKey, Base):
    """A direct conversation between two users, stored once per unordered pair."""

    __tablename__ = "chat_conversations"
    __table_args__ = (
        UniqueConstraint("user_low_id", "user_high_id"),
        CheckConstraint("user_low_id < user_high_id", name="ordered_pair"),
    )

    user_low_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    user_high_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The conversation's sequence counter (see Message.seq): the row is locked by the update
    # that takes the next number, until the message commits.
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    def other(self, user_id: uuid.UUID) -> uuid.UUID:
        return self.user_high_id if user_id == self.user_low_id else self.user_low_id


class Message(UUIDPrimaryKey, Base):
    """A chat line, in a space instance or in a conversation (exactly one of the two)."""

    __tablename__ = "chat_messages"
    __table_args__ = (
        UniqueConstraint("sender_id", "client_msg_id"),
        CheckConstraint(
            "(space_id IS NULL) <> (conversation_id IS NULL)", name="space_xor_conversation"
        ),
        UniqueConstraint("space_id", "instance", "seq"),
        UniqueConstraint("conversation_id", "seq"),
    )

    space_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("spaces.id", ondelete="CASCADE"))
    instance: Mapped[int | None]
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("chat_conversations.id", ondelete="CASCADE")
    )
    sender_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Chosen by the client so that a resend after a lost ack is recognised, not duplicated.
    client_msg_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=MessageStatus.VISIBLE.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Position in its timeline (the space instance or the conversation), taken from a counter
    # row locked until the commit: within a timeline, seq order is commit order, so a reader
    # that has seen seq N will never later find a new message below N (created_at, set
    # before the commit, gives no such promise).
    seq: Mapped[int] = mapped_column(BigInteger)
    # Detected from the text as delivered (backend.translation.detect); "und" when unsure.
    lang: Mapped[str] = mapped_column(String(8), default="und", server_default="und")
    # Deleted with the message, by the database (ON DELETE CASCADE) or by the ORM.
    translations: Mapped[list[MessageTranslation]] = relationship(
        lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )


class InstanceTimeline(Base):
    """The sequence counter of one space instance's chat (see Message.seq)."""

    __tablename__ = "chat_instance_timelines"

    space_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("spaces.id", ondelete="CASCADE"), primary_key=True
    )
    instance: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(BigInteger)


class Block(Base):
    """A personal block: the blocker no longer receives the blocked user's messages."""

    __tablename__ = "chat_blocks"
    __table_args__ = (CheckConstraint("blocker_id <> blocked_id", name="not_self"),)

    blocker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    blocked_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AliasBlock(Base):
    """A block of an anonymous participant of a private room, by the alias the room shows:
    it hides them in that room only and says nothing about their account."""

    __tablename__ = "chat_alias_blocks"

    blocker_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # PrivateRoomMember.alias_id; aliases are random and never reused.
    alias_id: Mapped[uuid.UUID] = mapped_column(primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
