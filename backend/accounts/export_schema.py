"""The citizen's export (PIPA right of access): everything the platform keeps about them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field

from backend.accounts.schemas import (
    ClaimChangeRead,
    ClaimRead,
    RoleChangeRead,
    SessionRead,
    UserRead,
)
from backend.core.schemas import Schema
from backend.privacy.schemas import PrivacyExport


class UserExport(Schema):
    """Everything the platform keeps about the citizen (PIPA right of access)."""

    exported_at: datetime
    user: UserRead
    role_changes: list[RoleChangeRead]
    sessions: list[SessionRead]
    claims: list[ClaimRead]
    claim_changes: list[ClaimChangeRead]
    activity: dict[str, list[dict[str, Any]]] = Field(
        description="Rows the citizen owns across the services (messages, requests, loans, ...)."
    )
    privacy: PrivacyExport

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "exported_at": "2026-11-24T08:00:00Z",
                    "user": {
                        "id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                        "email": "minsu.kim@example.com",
                        "display_name": "김민수",
                        "locale": "ko",
                        "translate_chat": True,
                        "status": "active",
                        "roles": ["citizen"],
                        "badge": None,
                        "created_at": "2026-03-02T00:15:00Z",
                    },
                    "role_changes": [],
                    "sessions": [
                        {
                            "id": "ea6a9cc0-6987-4b02-8303-dc4182dff5cb",
                            "created_at": "2026-11-24T07:55:00Z",
                            "refreshed_at": "2026-11-24T07:58:00Z",
                            "revoked_at": None,
                        }
                    ],
                    "claims": [
                        {
                            "kind": "insured",
                            "value": "national_health_insurance",
                            "verified_at": "2026-11-18T07:40:00Z",
                        }
                    ],
                    "claim_changes": [
                        {
                            "id": "b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                            "user_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                            "kind": "insured",
                            "action": "set",
                            "value": "national_health_insurance",
                            "changed_by_id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                            "changed_at": "2026-11-18T07:40:00Z",
                        }
                    ],
                    "activity": {
                        "chat_messages": [
                            {
                                "id": "5b0e7f3a-1c2d-4e8f-9a6b-7c3d2e1f0a94",
                                "sender_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                                "text": "안녕하세요, 서울광장이네요!",
                                "created_at": "2026-11-20T10:00:00Z",
                            }
                        ],
                        "library_loans": [
                            {
                                "id": "0c9d2f7a-3b58-4f8a-b6e1-7a2e9c145d3b",
                                "user_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                                "status": "active",
                                "due_at": "2026-12-04T09:00:00Z",
                            }
                        ],
                    },
                    "privacy": {
                        "profile": {
                            "legal_name": "김민수",
                            "birth_date": "1994-05-17",
                            "phone": "010-2345-6789",
                            "updated_at": "2026-11-18T05:10:00Z",
                        },
                        "consents": [
                            {
                                "purpose": "location",
                                "required": False,
                                "current_version": "2026-11",
                                "status": "granted",
                                "version": "2026-11",
                                "decided_at": "2026-11-20T01:30:00Z",
                                "guardian": None,
                            }
                        ],
                        "documents": [
                            {
                                "id": "2577a126-c903-4787-a620-af76edd964b7",
                                "kind": "health_insurance",
                                "media_type": "application/pdf",
                                "size_bytes": 184320,
                                "status": "approved",
                                "created_at": "2026-11-18T05:12:00Z",
                                "decided_at": "2026-11-18T07:40:00Z",
                                "decision_reason": None,
                                "granted_claims": {"insured": "national_health_insurance"},
                                "purge_after": "2026-12-18T07:40:00Z",
                                "purged_at": None,
                            }
                        ],
                        "access_log": [
                            {
                                "id": "875bf27e-3769-4b5e-86eb-feb37057cb9c",
                                "actor_id": "7a2e9c14-5d3b-4f8a-b6e1-0c9d2f7a3b58",
                                "subject_id": "3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                                "action": "document_read",
                                "resource_type": "document",
                                "resource_id": "2577a126-c903-4787-a620-af76edd964b7",
                                "purpose": "건강보험 자격 확인 (health insurance check)",
                                "at": "2026-11-18T07:38:00Z",
                            }
                        ],
                    },
                }
            ]
        }
    )
