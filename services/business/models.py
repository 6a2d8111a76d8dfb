"""ORM models of services.business."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, Timestamps, UUIDPrimaryKey, utcnow


class ExpertField(StrEnum):
    LEGAL = "legal"
    HR = "hr"
    STARTUP = "startup"
    MANAGEMENT = "management"


class InquiryStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


class ConsultationStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"


class Booth(UUIDPrimaryKey, Timestamps, Base):
    """A company's booth in the Fintech Lab; one per business account. A booth without an
    owner (a showcase, or one whose owner's account was erased) is run by admins until they
    assign one."""

    __tablename__ = "business_booths"
    __table_args__ = (Index("ix_business_booths_name_id", "name", "id"),)

    owner_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    name: Mapped[str] = mapped_column(String(120))
    tagline: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    # The stored banner's media type; NULL while the booth has none.
    banner_type: Mapped[str | None] = mapped_column(String(16))


class Inquiry(UUIDPrimaryKey, Base):
    """A citizen's question to a company: seen only by its author and the booth's owner."""

    __tablename__ = "business_inquiries"
    __table_args__ = (
        Index("ix_business_inquiries_booth_id_created_at", "booth_id", "created_at"),
        Index("ix_business_inquiries_author_id_created_at", "author_id", "created_at"),
    )

    booth_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("business_booths.id", ondelete="CASCADE")
    )
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=InquiryStatus.OPEN.value)
    reply: Mapped[str | None] = mapped_column(Text)
    replied_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Expert(Timestamps, Base):
    """A Business Support Center expert; admins appoint and remove them."""

    __tablename__ = "business_experts"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    field: Mapped[str] = mapped_column(String(16), index=True)
    bio: Mapped[str] = mapped_column(Text, default="")


class Slot(UUIDPrimaryKey, Base):
    """A time an expert offers for one consultation."""

    __tablename__ = "business_slots"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="window_ordered"),
        Index("ix_business_slots_expert_id_starts_at", "expert_id", "starts_at"),
    )

    expert_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # Set and cleared by conditional UPDATEs: a slot is booked by exactly one consultation.
    booked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Consultation(UUIDPrimaryKey, Base):
    """A citizen's booking of an expert's slot, with the DM conversation and the private
    room where the call takes place."""

    __tablename__ = "business_consultations"
    __table_args__ = (
        # Belt and braces behind the slot's conditional UPDATE.
        Index(
            "uq_business_consultations_booked_slot",
            "slot_id",
            unique=True,
            postgresql_where=text("status = 'booked'"),
            sqlite_where=text("status = 'booked'"),
        ),
        Index("ix_business_consultations_citizen_id_starts_at", "citizen_id", "starts_at"),
        Index("ix_business_consultations_expert_id_starts_at", "expert_id", "starts_at"),
    )

    slot_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("business_slots.id", ondelete="CASCADE"))
    expert_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    citizen_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default=ConsultationStatus.BOOKED.value)
    # Copied from the slot (slots never move) so lists sort without a join.
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    conversation_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("chat_conversations.id", ondelete="SET NULL")
    )
    room_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("space_private_rooms.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]
    cancelled_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
