"""ORM models of services.proposals."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from backend.core.db import Base, UUIDPrimaryKey, utcnow


class ProposalStatus(StrEnum):
    OPEN = "open"
    UNDER_REVIEW = "under_review"
    ANSWERED = "answered"
    # Never stored: an open proposal past its `expires_at` reads as expired.
    EXPIRED = "expired"


STORED_STATUSES = (ProposalStatus.OPEN, ProposalStatus.UNDER_REVIEW, ProposalStatus.ANSWERED)


class ProposalCategory(StrEnum):
    TRANSPORT = "transport"
    ENVIRONMENT = "environment"
    WELFARE = "welfare"
    HOUSING = "housing"
    CULTURE = "culture"
    SAFETY = "safety"
    ECONOMY = "economy"
    EDUCATION = "education"
    ADMINISTRATION = "administration"
    OTHER = "other"


class AnswerDecision(StrEnum):
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    DECLINED = "declined"


class Proposal(UUIDPrimaryKey, Base):
    """A citizen's proposal to the mayor, its endorsement count and the official answer."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(f"status IN {tuple(s.value for s in STORED_STATUSES)}", name="status"),
        CheckConstraint("endorsement_count >= 0", name="endorsement_count_not_negative"),
        Index("ix_proposals_status_created_at", "status", "created_at"),
        Index("ix_proposals_status_endorsement_count", "status", "endorsement_count"),
    )

    author_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default=ProposalStatus.OPEN.value)
    endorsement_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    under_review_at: Mapped[datetime | None]
    answer_decision: Mapped[str | None] = mapped_column(String(24))
    answer_body: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    answered_at: Mapped[datetime | None]


class Endorsement(Base):
    """One citizen's endorsement of one proposal: the primary key makes it once each."""

    __tablename__ = "proposal_endorsements"

    proposal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Greeting(UUIDPrimaryKey, Base):
    """A short message for the mayor on the public greeting wall."""

    __tablename__ = "proposal_greetings"
    __table_args__ = (Index("ix_proposal_greetings_created_at", "created_at", "id"),)

    author_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    message: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
