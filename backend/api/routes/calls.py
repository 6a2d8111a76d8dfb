from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from backend.api.deps import CurrentActor, RuntimeDep
from backend.chat.ice import ice_servers

router = APIRouter(prefix="/calls", tags=["calls"])


@router.get(
    "/ice-servers",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {
                        "ice_servers": [
                            {"urls": "stun:stun.cityhall.example:3478"},
                            {
                                "urls": ["turn:turn.cityhall.example:3478?transport=udp"],
                                "username": "1795664000:3f6c1a2e-8b4d-4e1f-9a7c-2d5b8e0f4a61",
                                "credential": "q8Xf2kLmN0pRt5vWz7yB3cD9gH1=",
                            },
                        ]
                    }
                }
            }
        }
    },
)
async def get_ice_servers(runtime: RuntimeDep, actor: CurrentActor) -> dict[str, Any]:
    """RTCIceServer entries for `new RTCPeerConnection({iceServers})`; TURN credentials are
    the caller's own and short-lived."""
    return {"ice_servers": ice_servers(runtime.settings, actor)}
