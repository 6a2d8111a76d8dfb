"""Request and response bodies of the mayor's office."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints

from backend.core.schemas import SafeLine, SafeText, Schema
from services.proposals.models import AnswerDecision, ProposalCategory, ProposalStatus

Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=4, max_length=120), SafeLine
]
Body = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=10, max_length=5000), SafeText
]
GreetingText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), SafeText
]
AnswerBody = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000), SafeText
]
ProposalSort = Literal["newest", "most_endorsed"]


class ProposalCreate(Schema):
    title: Title
    body: Body
    category: ProposalCategory

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "title": "한강공원 야간 따릉이 대여소 확대",
                    "body": (
                        "밤 10시 이후에는 한강공원 따릉이 대여소 대부분이 비어 있습니다. "
                        "여의도·반포·뚝섬 공원에 야간 전용 대여소를 늘려 주세요. Night-time bike "
                        "stations are empty after 10 pm."
                    ),
                    "category": "transport",
                }
            ]
        }
    )


class AnswerCreate(Schema):
    decision: AnswerDecision
    body: AnswerBody

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "decision": "partially_accepted",
                    "body": (
                        "2027년 상반기부터 여의도·반포 한강공원에 야간 대여소 12곳을 시범 "
                        "운영하겠습니다."
                    ),
                }
            ]
        }
    )


class AnswerRead(Schema):
    decision: AnswerDecision
    body: str
    official_name: str | None = Field(description="The answering official's display name.")
    answered_at: datetime


class ProposalRead(Schema):
    id: uuid.UUID
    title: str
    body: str
    category: ProposalCategory
    status: ProposalStatus
    author_name: str = Field(description="The author's display name (authors are shown by name).")
    endorsement_count: int
    endorsement_threshold: int
    created_at: datetime
    expires_at: datetime = Field(description="Endorsements are collected until then.")
    under_review_at: datetime | None
    answer: AnswerRead | None
    endorsed_by_me: bool | None = Field(
        default=None, description="Whether the signed-in caller endorsed it; null when anonymous."
    )
    mine: bool | None = Field(
        default=None, description="Whether the signed-in caller wrote it; null when anonymous."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "0c0e00b4-1701-4b9a-ad00-d553f429c352",
                    "title": "한강공원 야간 따릉이 대여소 확대",
                    "body": (
                        "밤 10시 이후에는 한강공원 따릉이 대여소 대부분이 비어 있습니다. "
                        "여의도·반포·뚝섬 공원에 야간 전용 대여소를 늘려 주세요. Night-time bike "
                        "stations are empty after 10 pm."
                    ),
                    "category": "transport",
                    "status": "answered",
                    "author_name": "김민수",
                    "endorsement_count": 73,
                    "endorsement_threshold": 50,
                    "created_at": "2026-10-02T03:00:00Z",
                    "expires_at": "2026-11-01T03:00:00Z",
                    "under_review_at": "2026-10-19T08:21:00Z",
                    "answer": {
                        "decision": "partially_accepted",
                        "body": (
                            "2027년 상반기부터 여의도·반포 한강공원에 야간 대여소 12곳을 시범 "
                            "운영하겠습니다."
                        ),
                        "official_name": "이서연 주무관",
                        "answered_at": "2026-11-10T06:00:00Z",
                    },
                    "endorsed_by_me": True,
                    "mine": False,
                },
                {
                    "id": "1af4f221-33eb-47e1-b794-5ae6d9c6bb8d",
                    "title": "More English signs at Gyeongbokgung",
                    "body": (
                        "Visitors get lost between the palace gates; bilingual maps at every gate "
                        "would help."
                    ),
                    "category": "culture",
                    "status": "open",
                    "author_name": "Emma Wilson",
                    "endorsement_count": 12,
                    "endorsement_threshold": 50,
                    "created_at": "2026-11-20T05:00:00Z",
                    "expires_at": "2026-12-20T05:00:00Z",
                    "under_review_at": None,
                    "answer": None,
                    "endorsed_by_me": None,
                    "mine": None,
                },
            ]
        }
    )


class GreetingCreate(Schema):
    message: GreetingText

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"message": "시장님, 서울광장 스케이트장 올해도 꼭 열어 주세요! ⛸️"}]
        }
    )


class GreetingRead(Schema):
    id: uuid.UUID
    author_name: str
    message: str
    created_at: datetime

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "ea6a9cc0-6987-4b02-8303-dc4182dff5cb",
                    "author_name": "김민수",
                    "message": "시장님, 서울광장 스케이트장 올해도 꼭 열어 주세요! ⛸️",
                    "created_at": "2026-11-24T10:30:00Z",
                }
            ]
        }
    )
